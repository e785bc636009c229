// The request-for-assistance domain: wire names, identifier validation, the per-type checklist
// and the state machine. Everything here is a pure function of its arguments.

#include "model/request.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "ident/ident.h"

namespace liaison::model {

namespace {

// ---- wire names ----------------------------------------------------------------------------
// Indexed by the enumerator's value, so the order must follow the enum declarations.

constexpr const char* kRequestTypeNames[] = {
    "preservation",         "expedited_traffic_data", "stored_data_production",
    "emergency_disclosure", "locate_identify",        "technical_advice",
    "lead_sharing",         "ci_incident_assistance", "takedown_mitigation",
    "formal_mla",
};
constexpr const char* kPriorityNames[] = {"P0", "P1", "P2", "P3"};
constexpr const char* kPriorityAreaNames[] = {
    "hacking", "fraud", "csam", "terrorism", "ip_theft", "darknet_trade", "critical_infrastructure",
    "other",
};
constexpr const char* kConfidentialityNames[] = {"standard", "confidential", "do_not_notify"};
constexpr const char* kDataCategoryNames[] = {"subscriber", "traffic",   "content",
                                              "location",   "financial", "device"};
constexpr const char* kIdentifierKindNames[] = {"ipv4",    "ipv6",  "domain", "url", "email",
                                                "account", "phone", "wallet", "hash"};
constexpr const char* kStateNames[] = {
    "draft",     "submitted",           "acknowledged", "in_progress", "preserved", "needs_info",
    "postponed", "partially_fulfilled", "fulfilled",    "refused",     "withdrawn", "closed",
};
constexpr const char* kEventNames[] = {
    "submit",       "acknowledge", "start",  "confirm_preserved", "request_info",
    "provide_info", "postpone",    "resume", "fulfil_partially",  "fulfil",
    "refuse",       "withdraw",    "close",
};
constexpr const char* kSideNames[] = {"requester", "requested"};
// clang-format off
constexpr const char* kRefusalGroundNames[] = {
    "dual_criminality", "political_offence", "sovereignty_security", "insufficient_information",
    "data_unavailable", "out_of_scope", "other",
};
// clang-format on

static_assert(std::size(kRequestTypeNames) == kRequestTypeCount);
static_assert(std::size(kStateNames) == kStateCount);
static_assert(std::size(kEventNames) == kEventCount);

// Out-of-range values can only come from a bad cast; name them rather than read past the end.
template <typename E, std::size_t N>
const char* name_of(E v, const char* const (&names)[N]) {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? names[i] : "unknown";
}

template <typename E, std::size_t N>
std::optional<E> parse_name(std::string_view s, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
bool in_range(E v, const char* const (&)[N]) {
  return static_cast<std::size_t>(v) < N;
}

// A reason's "allowed" param: every wire name of a table.
template <std::size_t N>
std::vector<ReasonParam> allowed(const char* const (&names)[N]) {
  return {{"allowed", std::vector<std::string>(std::begin(names), std::end(names))}};
}

// ---- limits --------------------------------------------------------------------------------

constexpr std::size_t kMaxTextChars = 20000;  // any BilingualText member, reasons
constexpr std::size_t kMaxTitleChars = 500;
constexpr std::size_t kMaxLangTag = 35;      // RFC 5646 recommends supporting 35
constexpr std::size_t kMaxRefChars = 128;    // requester_ref, requested_ref
constexpr std::size_t kMaxNoteChars = 1000;  // identifier note
constexpr std::size_t kMaxAccountChars = 256;
constexpr std::size_t kMaxUrlBytes = 8192;
constexpr std::size_t kMaxIdentifiers = 1000;

// ---- small text helpers --------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void lower_ascii(std::string& s) {
  for (char& c : s) c = to_lower(c);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_blank(std::string_view s) { return trim(s).empty(); }

bool has_prefix_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (to_lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// Counts code points of well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF);
// nullopt when malformed. Lengths in this file are in code points so that a Chinese title
// gets the same limit as an English one.
std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    i += len;
    ++count;
  }
  return count;
}

// C0 controls and DEL; `allow_newlines` lets prose keep its line breaks and tabs.
bool has_control(std::string_view s, bool allow_newlines) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

// UTF-8, no stray control characters, at most `max_chars` code points.
Status check_text(std::string_view s, std::size_t max_chars, bool multiline,
                  const std::string& field) {
  const auto len = utf8_length(s);
  if (!len) {
    return invalid_argument(field + " is not valid UTF-8", field).with_reason(Reason::kInvalidUtf8);
  }
  if (*len > max_chars) return field_too_long(field, static_cast<int64_t>(max_chars));
  if (has_control(s, multiline)) {
    return invalid_argument(field + " contains control characters", field)
        .with_reason(Reason::kControlCharacters);
  }
  return Status::ok();
}

// Shape of a BCP 47 tag ("zh-CN", "zh-Hans-CN", "en"); registry lookup is not our business.
bool is_lang_tag(std::string_view s) {
  if (s.empty()) return true;
  if (s.size() > kMaxLangTag) return false;
  std::size_t start = 0;
  bool first = true;
  while (start <= s.size()) {
    std::size_t end = s.find('-', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view sub = s.substr(start, end - start);
    if (first) {
      if (sub.size() < 2 || sub.size() > 8) return false;
      if (!std::all_of(sub.begin(), sub.end(), is_alpha)) return false;
    } else {
      if (sub.empty() || sub.size() > 8) return false;
      if (!std::all_of(sub.begin(), sub.end(), is_alnum)) return false;
    }
    first = false;
    if (end == s.size()) break;
    start = end + 1;
  }
  return true;
}

bool is_party_code(std::string_view s) {
  if (s.size() < 2 || s.size() > 8) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); });
}

bool parse_fixed_digits(std::string_view s, int& out) {
  out = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    out = out * 10 + (c - '0');
  }
  return !s.empty();
}

// ---- identifier checks ---------------------------------------------------------------------

// IPv4, IPv6, domain, URL, e-mail and hash text is canonicalised by ident/ident.h, the same
// library the indicator sets use, so that an identifier and an indicator compare as text.

// A URL of the http, https or ftp scheme whose host is a strict IPv4 address, an IPv6 address
// or a strict domain; written in ident's canonical form (see ident.h for the choices).
Status normalise_url(std::string& u, const std::string& field) {
  if (u.size() > kMaxUrlBytes)
    return invalid_argument(field + " is too long", field)
        .with_reason(Reason::kTooLong, {{"max", static_cast<int64_t>(kMaxUrlBytes)}});
  if (!utf8_length(u))
    return invalid_argument(field + " is not valid UTF-8", field).with_reason(Reason::kInvalidUtf8);
  for (char ch : u) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) {
      return invalid_argument(field + " contains spaces or control characters", field)
          .with_reason(Reason::kControlCharacters);
    }
  }
  const std::size_t sep = u.find("://");
  if (sep == std::string::npos) {
    return invalid_argument(field + " must start with http://, https:// or ftp://", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
  }
  std::string scheme = u.substr(0, sep);
  ident::lower_ascii(scheme);
  if (scheme != "http" && scheme != "https" && scheme != "ftp") {
    return invalid_argument(field + " must use the http, https or ftp scheme", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
  }
  LIAISON_ASSIGN_OR_RETURN(ident::Url url, ident::parse_url(u, field));
  if (url.host.front() != '[') {
    const bool numeric = std::all_of(url.host.begin(), url.host.end(),
                                     [](char c) { return is_digit(c) || c == '.'; });
    if (numeric) {
      if (!ident::is_ipv4(url.host)) {
        return invalid_argument(field + " has an invalid IPv4 host", field)
            .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
      }
    } else {
      LIAISON_RETURN_IF_ERROR(ident::normalise_domain(url.host, field));
    }
  }
  u = url.text();
  return Status::ok();
}

// E.164: '+', a country code not starting with 0, at most 15 digits in all. Separators people
// type (spaces, dashes, dots, brackets) are dropped, and the "00" international prefix
// becomes '+'.
Status normalise_phone(std::string& p, const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    if (c == '+' && i == 0) {
      out += c;
    } else if (is_digit(c)) {
      out += c;
    } else {
      return invalid_argument(field + " must be an E.164 number like +8613800000000", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("phone")}});
    }
  }
  if (out.rfind("00", 0) == 0) out = "+" + out.substr(2);
  if (out.size() < 2 || out[0] != '+' || out[1] == '0') {
    return invalid_argument(field + " must be an E.164 number like +8613800000000", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("phone")}});
  }
  const std::size_t digits = out.size() - 1;
  if (digits < 7 || digits > 15) {
    return invalid_argument(field + " must have 7 to 15 digits (E.164)", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("phone")}});
  }
  p = out;
  return Status::ok();
}

// BIP 173 / BIP 350 checksum (bech32 for segwit v0, bech32m for v1+). Cheap, and it catches
// the typos that a shape check lets through.
bool bech32_checksum_ok(std::string_view hrp, std::string_view data) {
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  static constexpr std::uint32_t kGen[] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
                                           0x2a1462b3};
  std::uint32_t chk = 1;
  auto step = [&](std::uint32_t v) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  };
  for (char c : hrp) step(static_cast<unsigned char>(c) >> 5);
  step(0);
  for (char c : hrp) step(static_cast<unsigned char>(c) & 31);
  for (char c : data) {
    const std::size_t v = kCharset.find(c);
    if (v == std::string_view::npos) return false;
    step(static_cast<std::uint32_t>(v));
  }
  return chk == 1 || chk == 0x2bc830a3;
}

Status normalise_wallet(std::string& w, const std::string& field) {
  if (has_prefix_ci(w, "0x")) {
    if (w.size() != 42 || !std::all_of(w.begin() + 2, w.end(), is_hex)) {
      return invalid_argument(field + ": an Ethereum address is 0x and 40 hex digits", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("wallet")}});
    }
    lower_ascii(w);  // EIP-55 mixed case is only a checksum; lower case compares reliably
    return Status::ok();
  }
  if (has_prefix_ci(w, "bc1")) {
    const bool has_lower =
        std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const bool has_upper =
        std::any_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (has_lower && has_upper) {
      return invalid_argument(field + ": a bech32 address must not mix upper and lower case", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("wallet")}});
    }
    std::string lower = w;
    lower_ascii(lower);
    if (lower.size() < 14 || lower.size() > 74 ||
        !bech32_checksum_ok("bc", std::string_view(lower).substr(3))) {
      return invalid_argument(field + ": not a valid bech32 Bitcoin address", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("wallet")}});
    }
    w = lower;
    return Status::ok();
  }
  if (!w.empty() && (w.front() == '1' || w.front() == '3')) {
    static constexpr std::string_view kBase58 =
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    if (w.size() < 26 || w.size() > 35 || !std::all_of(w.begin(), w.end(), [](char c) {
          return kBase58.find(c) != std::string_view::npos;
        })) {
      return invalid_argument(field + ": not a valid base58 Bitcoin address", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("wallet")}});
    }
    return Status::ok();
  }
  return invalid_argument(
             field + " must be a Bitcoin (1..., 3..., bc1...) or Ethereum (0x...) address", field)
      .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("wallet")}});
}

Status normalise_hash(std::string& h, const std::string& field) {
  if (!std::all_of(h.begin(), h.end(), is_hex)) {
    return invalid_argument(field + " must be hexadecimal", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("hash")}});
  }
  const auto canonical = ident::canonical_hash(h);
  if (!canonical) {
    return invalid_argument(field + " must be an MD5, SHA-1, SHA-256 or SHA-512 hex digest", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("hash")}});
  }
  h = *canonical;
  return Status::ok();
}

// ---- checklist -----------------------------------------------------------------------------

enum class Item {
  kTitle,
  kRequestingAuthority,
  kLegalBasis,
  kOffence,
  kDataSought,
  kDataLink,
  kCustodian,
  kNecessity,
  kMlaToFollow,
  kDataCategories,
  kIdentifiers,
};
constexpr const char* kItemNames[] = {
    "title",         "requesting_authority",
    "legal_basis",   "offence",
    "data_sought",   "data_link",
    "custodian",     "necessity",
    "mla_to_follow", "data_categories",
    "identifiers",
};

// In the canonical order above, so that every type lists its items in the same order.
std::vector<Item> items_of(RequestType type) {
  using I = Item;
  switch (type) {
    case RequestType::kPreservation:  // Budapest Art. 29(2) (a)-(f), plus title and a subject
      return {I::kTitle,     I::kRequestingAuthority, I::kOffence,     I::kDataSought, I::kDataLink,
              I::kCustodian, I::kNecessity,           I::kMlaToFollow, I::kIdentifiers};
    case RequestType::kExpeditedTrafficData:  // Art. 30: traffic data to trace the path
      return {I::kTitle,      I::kRequestingAuthority, I::kOffence,   I::kDataSought,
              I::kDataLink,   I::kCustodian,           I::kNecessity, I::kDataCategories,
              I::kIdentifiers};
    case RequestType::kStoredDataProduction:  // a production order needs its legal basis
      return {I::kTitle,      I::kRequestingAuthority, I::kLegalBasis,
              I::kOffence,    I::kDataSought,          I::kDataLink,
              I::kCustodian,  I::kNecessity,           I::kDataCategories,
              I::kIdentifiers};
    case RequestType::kEmergencyDisclosure:  // speed over form, but the emergency must be shown
      return {I::kTitle,     I::kRequestingAuthority, I::kOffence,    I::kDataSought,
              I::kCustodian, I::kNecessity,           I::kIdentifiers};
    case RequestType::kLocateIdentify:
      return {I::kTitle,      I::kRequestingAuthority, I::kOffence,
              I::kDataSought, I::kNecessity,           I::kIdentifiers};
    case RequestType::kTechnicalAdvice:  // a question between experts
      return {I::kTitle, I::kRequestingAuthority, I::kDataSought};
    case RequestType::kLeadSharing:  // information offered, nothing asked
      return {I::kTitle, I::kRequestingAuthority, I::kOffence};
    case RequestType::kCriticalInfrastructure:
      return {I::kTitle,      I::kRequestingAuthority, I::kOffence,
              I::kDataSought, I::kNecessity,           I::kIdentifiers};
    case RequestType::kTakedownMitigation:
      return {I::kTitle,     I::kRequestingAuthority, I::kOffence,    I::kDataSought,
              I::kCustodian, I::kNecessity,           I::kIdentifiers};
    case RequestType::kFormalMla:  // a treaty request: legal basis and the full statement
      return {I::kTitle,     I::kRequestingAuthority, I::kLegalBasis,
              I::kOffence,   I::kDataSought,          I::kDataLink,
              I::kCustodian, I::kNecessity,           I::kDataCategories};
  }
  return {I::kTitle};
}

bool satisfied(const RequestContent& c, Item item) {
  switch (item) {
    case Item::kTitle:
      return !is_blank(c.title.original);
    case Item::kRequestingAuthority:
      return !is_blank(c.requesting_authority.original);
    case Item::kLegalBasis:
      return !is_blank(c.legal_basis.original);
    case Item::kOffence:
      return !is_blank(c.offence.original);
    case Item::kDataSought:
      return !is_blank(c.data_sought.original);
    case Item::kDataLink:
      return !is_blank(c.data_link.original);
    case Item::kCustodian:
      return !is_blank(c.custodian.original);
    case Item::kNecessity:
      return !is_blank(c.necessity.original);
    case Item::kMlaToFollow:
      return c.mla_to_follow.has_value();
    case Item::kDataCategories:
      return !c.data_categories.empty();
    case Item::kIdentifiers:
      return !c.identifiers.empty();
  }
  return false;
}

Status check_bilingual(const BilingualText& t, const std::string& field, std::size_t max_chars) {
  LIAISON_RETURN_IF_ERROR(check_text(t.original, max_chars, true, field + ".original"));
  LIAISON_RETURN_IF_ERROR(check_text(t.translation, max_chars, true, field + ".translation"));
  if (!is_lang_tag(t.lang)) {
    return invalid_argument(field + ".lang is not a language tag like zh-CN", field + ".lang")
        .with_reason(Reason::kInvalidLanguage);
  }
  if (!is_lang_tag(t.translation_lang)) {
    return invalid_argument(field + ".translation_lang is not a language tag like en",
                            field + ".translation_lang")
        .with_reason(Reason::kInvalidLanguage);
  }
  if (t.original.empty() && !t.translation.empty()) {
    return invalid_argument(field + " has a translation but no original", field + ".original")
        .with_reason(Reason::kTranslationOnly);
  }
  return Status::ok();
}

// ---- state machine -------------------------------------------------------------------------

bool state_in(State s, std::initializer_list<State> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// The state `e` leads to from `st`, or nullopt when the state does not allow it. Sides and
// arguments are checked by the caller.
std::optional<State> target_of(const RequestStatus& st, Event e) {
  using S = State;
  const S s = st.state;
  switch (e) {
    case Event::kSubmit:
      if (s == S::kDraft) return S::kSubmitted;
      break;
    case Event::kAcknowledge:
      if (s == S::kSubmitted) return S::kAcknowledged;
      break;
    case Event::kStart:
      if (s == S::kAcknowledged) return S::kInProgress;
      break;
    case Event::kConfirmPreserved:  // from preserved too: extending a preservation
      if (state_in(s, {S::kAcknowledged, S::kInProgress, S::kPreserved})) return S::kPreserved;
      break;
    case Event::kRequestInfo:
      if (state_in(s, {S::kSubmitted, S::kAcknowledged, S::kInProgress, S::kPreserved,
                       S::kPartiallyFulfilled})) {
        return S::kNeedsInfo;
      }
      break;
    case Event::kProvideInfo:
      if (s == S::kNeedsInfo) return st.resume_state;
      break;
    case Event::kPostpone:
      if (state_in(s, {S::kAcknowledged, S::kInProgress, S::kPreserved, S::kPartiallyFulfilled})) {
        return S::kPostponed;
      }
      break;
    case Event::kResume:
      if (s == S::kPostponed) return st.resume_state;
      break;
    case Event::kFulfilPartially:
      if (state_in(s, {S::kAcknowledged, S::kInProgress, S::kPreserved, S::kPartiallyFulfilled})) {
        return S::kPartiallyFulfilled;
      }
      break;
    case Event::kFulfil:
      if (state_in(s, {S::kAcknowledged, S::kInProgress, S::kPreserved, S::kPartiallyFulfilled,
                       S::kPostponed})) {
        return S::kFulfilled;
      }
      break;
    case Event::kRefuse:
      if (state_in(s, {S::kSubmitted, S::kAcknowledged, S::kInProgress, S::kPreserved,
                       S::kNeedsInfo, S::kPostponed, S::kPartiallyFulfilled})) {
        return S::kRefused;
      }
      break;
    case Event::kWithdraw:
      if (in_range(s, kStateNames) && !is_final(s)) return S::kWithdrawn;
      break;
    case Event::kClose:
      if (state_in(s, {S::kFulfilled, S::kPartiallyFulfilled, S::kRefused})) return S::kClosed;
      break;
  }
  return std::nullopt;
}

// States a request can come back to from needs_info / postponed. Anything else in a stored
// resume_state means the record was damaged, which is not the caller's fault.
bool valid_resume_target(Event e, State s) {
  using S = State;
  if (e == Event::kProvideInfo && s == S::kSubmitted) return true;
  return state_in(s, {S::kAcknowledged, S::kInProgress, S::kPreserved, S::kPartiallyFulfilled});
}

Status require_reason(const EventArgs& args, const char* event) {
  if (is_blank(args.reason)) {
    return invalid_argument(std::string(event) + " needs a reason", "reason")
        .with_reason(Reason::kRequired);
  }
  return Status::ok();
}

Status require_time(const std::string& value, const char* field, const char* event) {
  if (value.empty()) {
    return invalid_argument(std::string(event) + " needs " + field, field)
        .with_reason(Reason::kRequired);
  }
  if (!is_rfc3339_utc(value)) {
    return invalid_argument(std::string(field) + " must be an RFC 3339 UTC time", field)
        .with_reason(Reason::kInvalidTime);
  }
  return Status::ok();
}

Status check_args(Event e, const EventArgs& args) {
  // A reason given to any event may be stored, so its form is always checked.
  if (!args.reason.empty()) {
    LIAISON_RETURN_IF_ERROR(check_text(args.reason, kMaxTextChars, true, "reason"));
  }
  switch (e) {
    case Event::kAcknowledge:
      if (!args.requested_ref.empty()) {
        LIAISON_RETURN_IF_ERROR(
            check_text(args.requested_ref, kMaxRefChars, false, "requested_ref"));
      }
      break;
    case Event::kConfirmPreserved:
      LIAISON_RETURN_IF_ERROR(
          require_time(args.preserved_until, "preserved_until", "confirm_preserved"));
      break;
    case Event::kRequestInfo:
      LIAISON_RETURN_IF_ERROR(require_reason(args, "request_info"));
      break;
    case Event::kPostpone:
      LIAISON_RETURN_IF_ERROR(require_time(args.until, "until", "postpone"));
      LIAISON_RETURN_IF_ERROR(require_reason(args, "postpone"));
      break;
    case Event::kRefuse:
      if (!args.ground)
        return invalid_argument("refuse needs a ground", "ground").with_reason(Reason::kRequired);
      if (!in_range(*args.ground, kRefusalGroundNames)) {
        return invalid_argument("unknown refusal ground", "ground")
            .with_reason(Reason::kUnknownValue,
                         {{"value", std::to_string(static_cast<int>(*args.ground))}});
      }
      if (*args.ground == RefusalGround::kOther) {
        LIAISON_RETURN_IF_ERROR(require_reason(args, "refuse on ground 'other'"));
      }
      break;
    case Event::kWithdraw:
      LIAISON_RETURN_IF_ERROR(require_reason(args, "withdraw"));
      break;
    case Event::kClose:
      if (!args.rating)
        return invalid_argument("close needs a rating from 1 to 5", "rating")
            .with_reason(Reason::kRequired);
      if (*args.rating < 1 || *args.rating > 5) {
        return invalid_argument("rating must be from 1 to 5", "rating")
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{5}}});
      }
      break;
    default:
      break;
  }
  return Status::ok();
}

}  // namespace

// ---- enumerations --------------------------------------------------------------------------

const char* to_string(RequestType v) { return name_of(v, kRequestTypeNames); }
const char* to_string(Priority v) { return name_of(v, kPriorityNames); }
const char* to_string(PriorityArea v) { return name_of(v, kPriorityAreaNames); }
const char* to_string(Confidentiality v) { return name_of(v, kConfidentialityNames); }
const char* to_string(DataCategory v) { return name_of(v, kDataCategoryNames); }
const char* to_string(IdentifierKind v) { return name_of(v, kIdentifierKindNames); }
const char* to_string(State v) { return name_of(v, kStateNames); }
const char* to_string(Event v) { return name_of(v, kEventNames); }
const char* to_string(Side v) { return name_of(v, kSideNames); }
const char* to_string(RefusalGround v) { return name_of(v, kRefusalGroundNames); }

std::optional<RequestType> parse_request_type(std::string_view s) {
  return parse_name<RequestType>(s, kRequestTypeNames);
}
std::optional<Priority> parse_priority(std::string_view s) {
  return parse_name<Priority>(s, kPriorityNames);
}
std::optional<PriorityArea> parse_priority_area(std::string_view s) {
  return parse_name<PriorityArea>(s, kPriorityAreaNames);
}
std::optional<Confidentiality> parse_confidentiality(std::string_view s) {
  return parse_name<Confidentiality>(s, kConfidentialityNames);
}
std::optional<DataCategory> parse_data_category(std::string_view s) {
  return parse_name<DataCategory>(s, kDataCategoryNames);
}
std::optional<IdentifierKind> parse_identifier_kind(std::string_view s) {
  return parse_name<IdentifierKind>(s, kIdentifierKindNames);
}
std::optional<State> parse_state(std::string_view s) { return parse_name<State>(s, kStateNames); }
std::optional<Event> parse_event(std::string_view s) { return parse_name<Event>(s, kEventNames); }
std::optional<RefusalGround> parse_refusal_ground(std::string_view s) {
  return parse_name<RefusalGround>(s, kRefusalGroundNames);
}

std::vector<RequestType> all_request_types() {
  std::vector<RequestType> out;
  for (int i = 0; i < kRequestTypeCount; ++i) out.push_back(static_cast<RequestType>(i));
  return out;
}
std::vector<State> all_states() {
  std::vector<State> out;
  for (int i = 0; i < kStateCount; ++i) out.push_back(static_cast<State>(i));
  return out;
}
std::vector<Event> all_events() {
  std::vector<Event> out;
  for (int i = 0; i < kEventCount; ++i) out.push_back(static_cast<Event>(i));
  return out;
}

// ---- time ----------------------------------------------------------------------------------

bool is_rfc3339_utc(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS is 19 characters, then an optional fraction, then 'Z'.
  if (s.size() < 20 || s.back() != 'Z') return false;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!parse_fixed_digits(s.substr(0, 4), year) || !parse_fixed_digits(s.substr(5, 2), month) ||
      !parse_fixed_digits(s.substr(8, 2), day) || !parse_fixed_digits(s.substr(11, 2), hour) ||
      !parse_fixed_digits(s.substr(14, 2), minute) ||
      !parse_fixed_digits(s.substr(17, 2), second)) {
    return false;
  }
  const std::string_view rest = s.substr(19, s.size() - 20);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2 || rest.size() > 10) return false;
    if (!std::all_of(rest.begin() + 1, rest.end(), is_digit)) return false;
  }
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  // Second 60 (a leap second) is RFC 3339 but no time library downstream accepts it.
  return day <= days && hour <= 23 && minute <= 59 && second <= 59;
}

// ---- identifiers ---------------------------------------------------------------------------

namespace {

// The identifier's value checked and written in its canonical form for its kind.
Status normalise_identifier_value(Identifier& id, const std::string& vf) {
  switch (id.kind) {
    case IdentifierKind::kIpv4:
      if (!ident::is_ipv4(id.value)) {
        return invalid_argument(vf + " is not an IPv4 address like 203.0.113.7", vf)
            .with_reason(Reason::kInvalidIp, {{"version", int64_t{4}}});
      }
      break;
    case IdentifierKind::kIpv6: {
      const auto canonical = ident::canonical_ipv6(id.value);
      if (!canonical)
        return invalid_argument(vf + " is not an IPv6 address", vf)
            .with_reason(Reason::kInvalidIp, {{"version", int64_t{6}}});
      id.value = *canonical;
      break;
    }
    case IdentifierKind::kDomain:
      LIAISON_RETURN_IF_ERROR(ident::normalise_domain(id.value, vf));
      break;
    case IdentifierKind::kUrl:
      LIAISON_RETURN_IF_ERROR(normalise_url(id.value, vf));
      break;
    case IdentifierKind::kEmail:
      LIAISON_RETURN_IF_ERROR(ident::normalise_email(id.value, vf));
      break;
    case IdentifierKind::kAccount:
      LIAISON_RETURN_IF_ERROR(check_text(id.value, kMaxAccountChars, false, vf));
      break;
    case IdentifierKind::kPhone:
      LIAISON_RETURN_IF_ERROR(normalise_phone(id.value, vf));
      break;
    case IdentifierKind::kWallet:
      LIAISON_RETURN_IF_ERROR(normalise_wallet(id.value, vf));
      break;
    case IdentifierKind::kHash:
      LIAISON_RETURN_IF_ERROR(normalise_hash(id.value, vf));
      break;
  }
  return Status::ok();
}

}  // namespace

Status validate_identifier(Identifier& id, const std::string& field) {
  const std::string vf = field + ".value";
  if (!in_range(id.kind, kIdentifierKindNames)) {
    return invalid_argument(field + ".kind is not a known identifier kind", field + ".kind")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>(std::begin(kIdentifierKindNames),
                                                           std::end(kIdentifierKindNames))}});
  }
  id.value = std::string(trim(id.value));
  if (id.value.empty()) {
    return invalid_argument(vf + " is empty", vf).with_reason(Reason::kRequired);
  }
  if (id.kind != IdentifierKind::kUrl && id.value.size() > 1024) {
    return invalid_argument(vf + " is too long", vf)
        .with_reason(Reason::kTooLong, {{"max", int64_t{1024}}});
  }
  const bool is_ip = id.kind == IdentifierKind::kIpv4 || id.kind == IdentifierKind::kIpv6;
  if (Status st = normalise_identifier_value(id, vf); !st.is_ok()) {
    // Each kind's own check says what is wrong in English; the console says "not a valid
    // <kind>" (an IP address: its version) unless the check gave a reason of its own.
    if (st.reason() != Reason::kNone) return st;
    if (is_ip) {
      const int64_t version = id.kind == IdentifierKind::kIpv4 ? 4 : 6;
      return st.with_reason(Reason::kInvalidIp, {{"version", version}});
    }
    return st.with_reason(Reason::kInvalidIdentifier, {{"kind", std::string(to_string(id.kind))}});
  }
  if (id.port) {
    if (!is_ip) {
      return invalid_argument(field + ".port is only for ipv4 and ipv6 identifiers",
                              field + ".port")
          .with_reason(Reason::kUnknownField);
    }
    if (*id.port < 0 || *id.port > 65535) {
      return invalid_argument(field + ".port must be from 0 to 65535", field + ".port")
          .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{65535}}});
    }
  }
  if (!id.observed_at.empty() && !is_rfc3339_utc(id.observed_at)) {
    return invalid_argument(field + ".observed_at must be an RFC 3339 UTC time",
                            field + ".observed_at")
        .with_reason(Reason::kInvalidTime);
  }
  return check_text(id.note, kMaxNoteChars, true, field + ".note");
}

// ---- checklist -----------------------------------------------------------------------------

std::vector<std::string> required_items(RequestType type) {
  std::vector<std::string> out;
  for (Item item : items_of(type)) out.emplace_back(kItemNames[static_cast<int>(item)]);
  return out;
}

Completeness assess(const RequestContent& content) {
  Completeness c;
  int done = 0;
  const std::vector<Item> items = items_of(content.type);
  for (Item item : items) {
    const bool ok = satisfied(content, item);
    const char* name = kItemNames[static_cast<int>(item)];
    c.items.push_back({name, ok});
    if (ok) {
      ++done;
    } else {
      c.missing.emplace_back(name);
    }
  }
  c.score = items.empty() ? 100 : done * 100 / static_cast<int>(items.size());
  return c;
}

Status validate_content(RequestContent& content) {
  if (!in_range(content.type, kRequestTypeNames)) {
    return invalid_argument("unknown request type", "type")
        .with_reason(Reason::kNotOneOf, allowed(kRequestTypeNames));
  }
  if (!in_range(content.priority, kPriorityNames)) {
    return invalid_argument("unknown priority", "priority")
        .with_reason(Reason::kNotOneOf, allowed(kPriorityNames));
  }
  if (!in_range(content.priority_area, kPriorityAreaNames)) {
    return invalid_argument("unknown priority area", "priority_area")
        .with_reason(Reason::kNotOneOf, allowed(kPriorityAreaNames));
  }
  if (!in_range(content.confidentiality, kConfidentialityNames)) {
    return invalid_argument("unknown confidentiality", "confidentiality")
        .with_reason(Reason::kNotOneOf, allowed(kConfidentialityNames));
  }
  // Empty parties are allowed: the server fills requesting_party, and a draft may not yet
  // know where it goes. Submission needs both, which the caller checks.
  if (!content.requesting_party.empty() && !is_party_code(content.requesting_party)) {
    return invalid_argument("requesting_party must be 2 to 8 upper-case letters or digits",
                            "requesting_party")
        .with_reason(Reason::kInvalidPartyCode);
  }
  if (!content.requested_party.empty() && !is_party_code(content.requested_party)) {
    return invalid_argument("requested_party must be 2 to 8 upper-case letters or digits",
                            "requested_party")
        .with_reason(Reason::kInvalidPartyCode);
  }
  if (!content.requested_party.empty() && content.requested_party == content.requesting_party) {
    return invalid_argument("a party cannot send a request to itself", "requested_party")
        .with_reason(Reason::kSelfRequest);
  }
  LIAISON_RETURN_IF_ERROR(check_bilingual(content.title, "title", kMaxTitleChars));
  const std::pair<const BilingualText*, const char*> texts[] = {
      {&content.requesting_authority, "requesting_authority"},
      {&content.legal_basis, "legal_basis"},
      {&content.offence, "offence"},
      {&content.data_sought, "data_sought"},
      {&content.data_link, "data_link"},
      {&content.custodian, "custodian"},
      {&content.necessity, "necessity"},
  };
  for (const auto& [text, name] : texts) {
    LIAISON_RETURN_IF_ERROR(check_bilingual(*text, name, kMaxTextChars));
  }
  for (std::size_t i = 0; i < content.data_categories.size(); ++i) {
    const std::string f = "data_categories[" + std::to_string(i) + "]";
    const DataCategory d = content.data_categories[i];
    if (!in_range(d, kDataCategoryNames)) {
      return invalid_argument("unknown data category", f)
          .with_reason(Reason::kNotOneOf, allowed(kDataCategoryNames));
    }
    if (std::find(content.data_categories.begin(), content.data_categories.begin() + i, d) !=
        content.data_categories.begin() + i) {
      return invalid_argument(f + " repeats '" + to_string(d) + "'", f)
          .with_reason(Reason::kDuplicate, {{"value", std::string(to_string(d))}});
    }
  }
  if (content.identifiers.size() > kMaxIdentifiers) {
    return invalid_argument("more than 1000 identifiers", "identifiers")
        .with_reason(Reason::kTooMany, {{"max", static_cast<int64_t>(kMaxIdentifiers)}});
  }
  for (std::size_t i = 0; i < content.identifiers.size(); ++i) {
    LIAISON_RETURN_IF_ERROR(
        validate_identifier(content.identifiers[i], "identifiers[" + std::to_string(i) + "]"));
  }
  if (!content.respond_by.empty() && !is_rfc3339_utc(content.respond_by)) {
    return invalid_argument("respond_by must be an RFC 3339 UTC time", "respond_by")
        .with_reason(Reason::kInvalidTime);
  }
  return check_text(content.requester_ref, kMaxRefChars, false, "requester_ref");
}

// ---- state machine -------------------------------------------------------------------------

bool is_final(State s) {
  return s == State::kFulfilled || s == State::kRefused || s == State::kWithdrawn ||
         s == State::kClosed;
}

bool is_terminal(State s) { return s == State::kWithdrawn || s == State::kClosed; }

bool clock_paused(State s) { return s == State::kNeedsInfo; }

Side owner_of(Event e) {
  switch (e) {
    case Event::kSubmit:
    case Event::kProvideInfo:
    case Event::kWithdraw:
    case Event::kClose:
      return Side::kRequester;
    default:
      return Side::kRequested;
  }
}

Result<RequestStatus> transition(const RequestStatus& status, Event e, Side actor,
                                 const EventArgs& args) {
  if (!in_range(e, kEventNames))
    return invalid_argument("unknown event", "event")
        .with_reason(Reason::kUnknownValue, {{"value", std::to_string(static_cast<int>(e))}});
  if (owner_of(e) != actor) {
    return permission_denied(std::string("only the ") +
                             (owner_of(e) == Side::kRequester ? "requesting" : "requested") +
                             " party may " + to_string(e) + " a request");
  }
  const std::optional<State> target = target_of(status, e);
  if (!target) {
    return wrong_state(std::string("event '") + to_string(e) + "' is not allowed in state '" +
                           to_string(status.state) + "'",
                       to_string(status.state), "event");
  }
  if ((e == Event::kProvideInfo || e == Event::kResume) &&
      !valid_resume_target(e, status.resume_state)) {
    return internal_error(std::string("stored resume_state '") + to_string(status.resume_state) +
                          "' is not one a request returns to");
  }
  LIAISON_RETURN_IF_ERROR(check_args(e, args));
  RequestStatus next = status;
  next.state = *target;
  if (e == Event::kRequestInfo || e == Event::kPostpone) next.resume_state = status.state;
  return next;
}

std::vector<Event> allowed_events(const RequestStatus& status, Side actor) {
  std::vector<Event> out;
  for (Event e : all_events()) {
    if (owner_of(e) == actor && target_of(status, e)) out.push_back(e);
  }
  return out;
}

}  // namespace liaison::model
