#include "common/status.h"

namespace liaison {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kIncomplete:
      return "incomplete";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kTooLarge:
      return "too_large";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

int http_status(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kIncomplete:
      return 422;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

constexpr ReasonInfo kReasons[] = {
    {Reason::kRequired, "required", ""},
    {Reason::kTooLong, "too_long", "max"},
    {Reason::kOutOfRange, "out_of_range", "min max"},
    {Reason::kNotOneOf, "not_one_of", "allowed"},
    {Reason::kNotInteger, "not_integer", ""},
    {Reason::kWrongType, "wrong_type", "type"},
    {Reason::kInvalidFormat, "invalid_format", "expected form"},
    {Reason::kInvalidTime, "invalid_time", ""},
    {Reason::kInvalidIp, "invalid_ip", "version"},
    {Reason::kInvalidIdentifier, "invalid_identifier", "kind"},
    {Reason::kInvalidUtf8, "invalid_utf8", ""},
    {Reason::kControlCharacters, "control_characters", ""},
    {Reason::kInvalidLanguage, "invalid_language", ""},
    {Reason::kTranslationOnly, "translation_without_original", ""},
    {Reason::kInvalidPartyCode, "invalid_party_code", ""},
    {Reason::kSelfRequest, "self_request", ""},
    {Reason::kDuplicate, "duplicate", "value"},
    {Reason::kTooMany, "too_many", "max"},
    {Reason::kUnknownField, "unknown_field", ""},
    {Reason::kUnknownPeer, "unknown_peer", "party"},
    {Reason::kMalformedJson, "malformed_json", ""},
    {Reason::kWrongCredentials, "wrong_credentials", ""},
    {Reason::kWrongCode, "wrong_code", ""},
    {Reason::kCodeRequired, "code_required", ""},
    {Reason::kWrongPassword, "wrong_password", ""},
    {Reason::kPasswordTooShort, "password_too_short", "min"},
    {Reason::kAlreadyExists, "already_exists", "value"},
    {Reason::kNoSuch, "no_such", "what id"},
    {Reason::kWrongState, "wrong_state", "state"},
    {Reason::kNotPermitted, "not_permitted", ""},
    {Reason::kNotSignedIn, "not_signed_in", ""},
    {Reason::kTooLarge, "too_large", "max"},
    {Reason::kRateLimited, "rate_limited", ""},
    {Reason::kNobodyPaged, "nobody_paged", "tier"},
    {Reason::kEmailDisabled, "email_disabled", ""},
    {Reason::kNotYourself, "not_yourself", ""},
    {Reason::kReadOnly, "read_only", ""},
    {Reason::kInFuture, "in_future", ""},
    {Reason::kAtLeast, "at_least", "min"},
    {Reason::kUnknownValue, "unknown_value", "value"},
    {Reason::kMismatch, "mismatch", ""},
    {Reason::kNotThisParty, "not_this_party", "party"},
    {Reason::kNotAPeer, "not_a_peer", "party"},
    {Reason::kAmbiguous, "ambiguous", "value"},
    {Reason::kWrongRole, "wrong_role", "role"},
    {Reason::kPastTheEnd, "past_the_end", "max"},
    {Reason::kTooOld, "too_old", ""},
    {Reason::kTooShort, "too_short", "min"},
    {Reason::kUserDisabled, "user_disabled", "value"},
};

constexpr FormInfo kForms[] = {
    {Form::kEmail, "email", "an e-mail address"},
    {Form::kPublicUrl, "public_url", "an http:// or https:// URL of a public host"},
    {Form::kSmtpUrl, "smtp_url", "smtp:// or smtps:// URL"},
    {Form::kTimeZone, "time_zone", "an IANA time zone such as Asia/Shanghai"},
    {Form::kLocalDateTime, "local_date_time", "YYYY-MM-DDTHH:MM"},
    {Form::kDate, "date", "YYYY-MM-DD"},
    {Form::kUsername, "username", "2-64 of a-z 0-9 . _ - starting with a letter"},
    {Form::kFileName, "file_name", "a name of 1-255 characters without slashes"},
    {Form::kMimeType, "mime_type", "a MIME type such as application/pdf"},
    {Form::kHttpsHostPort, "https_host_port", "https://HOST:PORT"},
    {Form::kSha256Hex, "sha256_hex", "64 lower-case hex digits"},
    {Form::kKeyBase64, "key_base64", "32 bytes of base64"},
    {Form::kTotpSecret, "totp_secret", "a base32 TOTP secret"},
    {Form::kListen, "listen", "ADDR:PORT or [V6]:PORT"},
    {Form::kTimeWindow, "time_window", "HH:MM to HH:MM, from before to"},
    {Form::kShortText, "short_text", "a short text"},
    {Form::kScheduleId, "schedule_id", "PARTY:name of the schedule's party"},
    {Form::kAsciiId, "ascii_id", "printable ASCII without spaces"},
    {Form::kPem, "pem", "a readable PEM file"},
};

std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

}  // namespace

std::span<const ReasonInfo> all_reasons() { return kReasons; }

std::span<const FormInfo> all_forms() { return kForms; }

std::vector<ReasonParam> expected_form(Form f) {
  for (const FormInfo& i : kForms) {
    if (i.form == f) return {{"expected", std::string(i.english)}, {"form", std::string(i.name)}};
  }
  return {};
}

Reason default_reason(StatusCode code) {
  switch (code) {
    case StatusCode::kUnauthenticated:
      return Reason::kNotSignedIn;
    case StatusCode::kPermissionDenied:
      return Reason::kNotPermitted;
    case StatusCode::kNotFound:
      return Reason::kNoSuch;
    case StatusCode::kAlreadyExists:
      return Reason::kAlreadyExists;
    case StatusCode::kFailedPrecondition:
      return Reason::kWrongState;
    case StatusCode::kTooLarge:
      return Reason::kTooLarge;
    case StatusCode::kResourceExhausted:
      return Reason::kRateLimited;
    default:
      return Reason::kNone;
  }
}

Status no_such(std::string what, std::string id, std::string field) {
  std::string msg = "no " + what + " " + id;
  return Status(StatusCode::kNotFound, std::move(msg), std::move(field))
      .with_reason(Reason::kNoSuch, {{"what", std::move(what)}, {"id", std::move(id)}});
}

Status wrong_state(std::string msg, std::string state, std::string field) {
  return Status(StatusCode::kFailedPrecondition, std::move(msg), std::move(field))
      .with_reason(Reason::kWrongState, {{"state", std::move(state)}});
}

const char* reason_name(Reason r) {
  for (const ReasonInfo& i : kReasons) {
    if (i.reason == r) return i.name;
  }
  return "";
}

Status field_required(std::string field) {
  std::string msg = field + " is required";
  return invalid_argument(std::move(msg), std::move(field)).with_reason(Reason::kRequired);
}

Status field_too_long(std::string field, int64_t max) {
  std::string msg = field + " is longer than " + std::to_string(max) + " characters";
  return invalid_argument(std::move(msg), std::move(field))
      .with_reason(Reason::kTooLong, {{"max", max}});
}

Status field_out_of_range(std::string field, int64_t min, int64_t max) {
  std::string msg =
      field + " must be between " + std::to_string(min) + " and " + std::to_string(max);
  return invalid_argument(std::move(msg), std::move(field))
      .with_reason(Reason::kOutOfRange, {{"min", min}, {"max", max}});
}

Status field_not_one_of(std::string field, std::vector<std::string> allowed) {
  std::string msg = field + " must be one of " + joined(allowed);
  return invalid_argument(std::move(msg), std::move(field))
      .with_reason(Reason::kNotOneOf, {{"allowed", std::move(allowed)}});
}

Status field_wrong_type(std::string field, const char* type) {
  const char* article = type[0] == 'a' || type[0] == 'o' || type[0] == 'i' ? "an " : "a ";
  std::string msg = field + " must be " + article + type;
  return invalid_argument(std::move(msg), std::move(field))
      .with_reason(Reason::kWrongType, {{"type", std::string(type)}});
}

Status field_invalid_format(std::string field, Form form) {
  std::vector<ReasonParam> params = expected_form(form);
  std::string msg = field + " must be " + std::get<std::string>(params[0].value);
  return invalid_argument(std::move(msg), std::move(field))
      .with_reason(Reason::kInvalidFormat, std::move(params));
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s = status_code_name(code_);
  s += ": ";
  s += message_;
  if (!field_.empty()) s += " (field " + field_ + ")";
  return s;
}

}  // namespace liaison
