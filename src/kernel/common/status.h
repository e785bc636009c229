// Status and Result<T>: expected failures as values (see STYLE.md habit 3).
// Plain value types; safe to copy between threads. Map to HTTP codes with http_status().
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace liaison {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // 400: the input is malformed or fails validation
  kIncomplete,          // 422: well-formed, but items its checklist requires are missing
                        //      (details() names them)
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kAlreadyExists,       // 409
  kFailedPrecondition,  // 409: the state does not allow this (e.g. state machine)
  kTooLarge,            // 413
  kResourceExhausted,   // 429: rate limited
  kUnavailable,         // 503
  kInternal,            // 500
};

const char* status_code_name(StatusCode code);
int http_status(StatusCode code);

// Why an input was refused, in words a console translates with its params ("errors.<reason>"
// in each locale file) — the English message stays for the CLI and logs. The one table of
// reasons, their wire names and their params is kReasons in status.cc; the OpenAPI document's
// ErrorReason enum and the console's locale files are checked against it by tests.
enum class Reason : uint8_t {
  kNone = 0,
  kRequired,           // missing or empty
  kTooLong,            // {max}: characters (or bytes) at most
  kOutOfRange,         // {min, max}
  kNotOneOf,           // {allowed: [...]}
  kNotInteger,         // not a whole number
  kWrongType,          // {type}: string, boolean, array, object, number
  kInvalidFormat,      // {expected}: a short English description of the form
  kInvalidTime,        // not an RFC 3339 UTC time
  kInvalidIp,          // {version}: 4 or 6
  kInvalidIdentifier,  // {kind}: not a valid identifier of that kind
  kInvalidUtf8,        // not valid UTF-8
  kControlCharacters,  // contains control characters
  kInvalidLanguage,    // not a language tag like zh-CN
  kTranslationOnly,    // a translation without an original
  kInvalidPartyCode,   // not 2 to 8 upper-case letters or digits
  kSelfRequest,        // a request to one's own party
  kDuplicate,          // {value}: repeats an item
  kTooMany,            // {max}: more items than allowed
  kUnknownField,       // a member the route does not take
  kUnknownPeer,        // {party}: no such peer
  kMalformedJson,      // the body is not JSON
  kWrongCredentials,   // wrong username or password
  kWrongCode,          // wrong one-time or recovery code
  kCodeRequired,       // a one-time code is needed to log in
  kWrongPassword,      // the current password is wrong
  kPasswordTooShort,   // {min}
  kAlreadyExists,      // {value}: the name is taken
  // The refusals that are not about one input's form; the Status constructor gives a 401,
  // 403, 404, 409, 413 or 429 the first that fits its code unless a site names a better one.
  kNoSuch,         // {what, id}: nothing of that kind by that id ("no request X")
  kWrongState,     // {state}: the object's state does not allow this now
  kNotPermitted,   // this role or party may not do this
  kNotSignedIn,    // no session or token, or an expired one
  kTooLarge,       // {max}: the body or file is larger than allowed
  kRateLimited,    // too many attempts or too much at once; try again later
  kNobodyPaged,    // {tier}: nobody was paged for this tier yet
  kEmailDisabled,  // this node sends no e-mail (no SMTP url)
  kNotYourself,    // an action on one's own account that is not allowed (disable oneself)
  kReadOnly,       // the field cannot be changed (here, or at all)
  kInFuture,       // a time that cannot be in the future
  kAtLeast,        // {min}: a number below its least value (a negative amount, a zero timeout)
  kUnknownValue,   // {value}: not a value this field knows (an event, a ground, a ladder's name)
  kMismatch,       // the body names another object than the path
  kNotThisParty,   // {party}: must be this node's own party
  kNotAPeer,       // {party}: must be a registered peer party (or the request's other party)
  kAmbiguous,      // {value}: names more than one object
  kWrongRole,      // {role}: a user of this role cannot be given this
  kPastTheEnd,     // {max}: an offset or a range past the end of a file of max bytes
  kTooOld,         // a time too far in the past
  kTooShort,       // {min}: fewer characters than needed
  kUserDisabled,   // {value}: the user named is disabled
  kLastReason = kUserDisabled,
};

// A reason's parameter: a number, a text or a list of texts.
struct ReasonParam {
  std::string name;
  std::variant<int64_t, std::string, std::vector<std::string>> value;
};

struct ReasonInfo {
  Reason reason;
  const char* name;    // on the wire: "required", "out_of_range", …
  const char* params;  // its parameter names, space-separated ("min max"), for the docs and tests
};
// Every reason but kNone, in the table's order.
std::span<const ReasonInfo> all_reasons();
const char* reason_name(Reason r);

// A form an invalid_format refusal names (its `expected` param in English, its `form` param
// this code, "errors.forms.<form>" in each console locale file): the one table is kForms in
// status.cc, and the OpenAPI document's ErrorForm enum is checked against it.
enum class Form : uint8_t {
  kEmail,          // an e-mail address
  kPublicUrl,      // an http:// or https:// URL of a public host
  kSmtpUrl,        // smtp:// or smtps:// URL
  kTimeZone,       // an IANA time zone such as Asia/Shanghai
  kLocalDateTime,  // YYYY-MM-DDTHH:MM
  kDate,           // YYYY-MM-DD
  kUsername,       // 2-64 of a-z 0-9 . _ - starting with a letter
  kFileName,       // a name of 1-255 characters without slashes
  kMimeType,       // a MIME type such as application/pdf
  kHttpsHostPort,  // https://HOST:PORT
  kSha256Hex,      // 64 lower-case hex digits
  kKeyBase64,      // 32 bytes of base64
  kTotpSecret,     // a base32 TOTP secret
  kListen,         // ADDR:PORT or [V6]:PORT
  kTimeWindow,     // HH:MM to HH:MM, from before to
  kShortText,      // a short text
  kScheduleId,     // PARTY:name of the schedule's party
  kAsciiId,        // printable ASCII without spaces
  kPem,            // a readable PEM file
  kLastForm = kPem,
};
struct FormInfo {
  Form form;
  const char* name;     // on the wire: "email", "time_zone", …
  const char* english;  // the `expected` param: "an e-mail address"
};
std::span<const FormInfo> all_forms();
// An invalid_format refusal's params: {expected: the form in English, form: its code}.
std::vector<ReasonParam> expected_form(Form f);

// The reason a refusal of `code` carries when its site names none (kNone for 400, 422, 5xx:
// an input's refusal names its own reason).
Reason default_reason(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code),
        message_(std::move(message)),
        field_(std::move(field)),
        reason_(default_reason(code)) {}

  static Status ok() { return Status(); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about (JSON path like "identifiers[2].value"), or empty.
  const std::string& field() const { return field_; }
  // Extra machine-readable details, e.g. the missing checklist items.
  const std::vector<std::string>& details() const { return details_; }
  Status& with_details(std::vector<std::string> d) {
    details_ = std::move(d);
    return *this;
  }
  // Why, for a console to translate (Reason::kNone when the message is all there is).
  Reason reason() const { return reason_; }
  const std::vector<ReasonParam>& params() const { return params_; }
  Status& with_reason(Reason r, std::vector<ReasonParam> params = {}) {
    reason_ = r;
    params_ = std::move(params);
    return *this;
  }
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::vector<std::string> details_;
  Reason reason_ = Reason::kNone;
  std::vector<ReasonParam> params_;
};

inline Status invalid_argument(std::string msg, std::string field = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(field));
}
inline Status not_found(std::string msg, std::string field = {}) {
  return Status(StatusCode::kNotFound, std::move(msg), std::move(field));
}
// "no WHAT ID", 404, reason no_such {what, id}: `what` is a word the console names in its
// language (request, escalation, user, …; errors.things in the locale files).
Status no_such(std::string what, std::string id, std::string field = "id");
// The object's state does not allow this (409), reason wrong_state {state}.
Status wrong_state(std::string msg, std::string state, std::string field = "state");
inline Status failed_precondition(std::string msg, std::string field = {}) {
  return Status(StatusCode::kFailedPrecondition, std::move(msg), std::move(field));
}
inline Status permission_denied(std::string msg) {
  return Status(StatusCode::kPermissionDenied, std::move(msg));
}
inline Status already_exists(std::string msg, std::string field = {}) {
  return Status(StatusCode::kAlreadyExists, std::move(msg), std::move(field));
}
// Content that is valid but lacks what its checklist requires: 422 "incomplete", with the
// missing items as details.
inline Status incomplete(std::string msg, std::vector<std::string> missing,
                         std::string field = "checklist") {
  Status st(StatusCode::kIncomplete, std::move(msg), std::move(field));
  st.with_details(std::move(missing));
  return st;
}
// The common refusals of an input field, each with its English message and its reason.
Status field_required(std::string field);                                // "x is required"
Status field_too_long(std::string field, int64_t max);                   // "x is longer than…"
Status field_out_of_range(std::string field, int64_t min, int64_t max);  // "x must be between…"
Status field_not_one_of(std::string field,
                        std::vector<std::string> allowed);     // "x must be one of…"
Status field_wrong_type(std::string field, const char* type);  // "x must be a string"
Status field_invalid_format(std::string field, Form form);     // "x must be <the form>"

inline Status internal_error(std::string msg) {
  return Status(StatusCode::kInternal, std::move(msg));
}
inline Status unavailable(std::string msg) {
  return Status(StatusCode::kUnavailable, std::move(msg));
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return is_ok() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace liaison

// Propagate a failed Status from an expression returning Status.
#define LIAISON_RETURN_IF_ERROR(expr) \
  do {                                \
    ::liaison::Status _st = (expr);   \
    if (!_st.is_ok()) return _st;     \
  } while (0)

#define LIAISON_CONCAT_INNER(a, b) a##b
#define LIAISON_CONCAT(a, b) LIAISON_CONCAT_INNER(a, b)
// Assign the value of a Result<T> expression to `lhs`, or return its Status.
#define LIAISON_ASSIGN_OR_RETURN(lhs, expr) \
  LIAISON_ASSIGN_OR_RETURN_IMPL(LIAISON_CONCAT(_res_, __LINE__), lhs, expr)
#define LIAISON_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.is_ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
