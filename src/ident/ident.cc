// Canonical identifier text shared by requests (model/) and indicator sets (sweep/).
#include "ident/ident.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/utf8.h"

namespace liaison::ident {

namespace {

constexpr std::size_t kMaxDomainBytes = 253;
constexpr std::size_t kMaxLabelBytes = 63;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
int hex_value(char c) { return is_digit(c) ? c - '0' : to_lower(c) - 'a' + 10; }

// What a byte is in a host name: 0 not allowed, else one of these.
enum : uint8_t { kNameDot = 1, kNameOther = 2, kNameLetter = 3 };
constexpr std::array<uint8_t, 256> kNameClass = [] {
  std::array<uint8_t, 256> t{};
  t['.'] = kNameDot;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = kNameOther;
  t['-'] = t['_'] = kNameOther;
  for (int c = 'a'; c <= 'z'; ++c) {
    t[static_cast<size_t>(c)] = kNameLetter;
    t[static_cast<size_t>(c - 'a' + 'A')] = kNameLetter;
  }
  return t;
}();

const char* default_port(std::string_view scheme) {
  if (scheme == "http") return "80";
  if (scheme == "https") return "443";
  if (scheme == "ftp") return "21";
  return nullptr;
}

// Path, query and fragment: unreserved characters (RFC 3986 2.3) decoded, other escapes with
// upper-case hex, and "/" in front when the path is empty.
std::string normalise_rest(std::string_view rest) {
  std::string out;
  out.reserve(rest.size() + 1);
  if (rest.empty() || rest.front() != '/') out += '/';
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c != '%' || i + 2 >= rest.size() || !is_hex(rest[i + 1]) || !is_hex(rest[i + 2])) {
      out += c;
      continue;
    }
    const char d = static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
    if (is_alnum(d) || d == '-' || d == '.' || d == '_' || d == '~') {
      out += d;
    } else {
      out += '%';
      out += to_upper(rest[i + 1]);
      out += to_upper(rest[i + 2]);
    }
    i += 2;
  }
  return out;
}

// The port as decimal without leading zeros, or nullopt when not 1..5 digits up to 65535.
std::optional<std::string> canonical_port(std::string_view p) {
  if (p.empty() || p.size() > 5 || !std::all_of(p.begin(), p.end(), is_digit)) return std::nullopt;
  int v = 0;
  for (char c : p) v = v * 10 + (c - '0');
  if (v > 65535) return std::nullopt;
  return std::to_string(v);
}

// Splits and normalises; `strict` refuses what canonical_url() keeps as written.
Status split_url(std::string_view s, const std::string& field, bool strict, Url& u) {
  const std::size_t sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return invalid_argument(field + " must start with a scheme and ://", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
  }
  u.scheme = std::string(s.substr(0, sep));
  lower_ascii(u.scheme);
  for (char c : u.scheme) {
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') {
      return invalid_argument(field + " has an invalid scheme", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
    }
  }
  const std::string_view after = s.substr(sep + 3);
  const std::size_t auth_end = std::min(after.find_first_of("/?#"), after.size());
  std::string_view hostport = after.substr(0, auth_end);
  if (const std::size_t at = hostport.rfind('@'); at != std::string_view::npos) {
    hostport.remove_prefix(at + 1);
  }
  std::string_view port;
  bool has_port = false;
  if (!hostport.empty() && hostport.front() == '[') {
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) {
      if (strict)
        return invalid_argument(field + " has an unclosed [", field)
            .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
      u.host = std::string(hostport);
    } else {
      const auto v6 = canonical_ipv6(hostport.substr(1, close - 1));
      if (!v6 && strict)
        return invalid_argument(field + " has an invalid IPv6 host", field)
            .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
      u.host = v6 ? "[" + *v6 + "]" : std::string(hostport.substr(0, close + 1));
      const std::string_view after_host = hostport.substr(close + 1);
      if (!after_host.empty()) {
        if (after_host.front() != ':') {
          if (strict)
            return invalid_argument(field + " has junk after the host", field)
                .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
        } else {
          port = after_host.substr(1);
          has_port = true;
        }
      }
    }
  } else {
    const std::size_t colon = hostport.rfind(':');
    u.host = std::string(hostport.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = hostport.substr(colon + 1);
      has_port = true;
    }
    if (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  }
  lower_ascii(u.host);
  if (u.host.empty())
    return invalid_argument(field + " has no host", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
  u.port.clear();
  if (has_port) {
    const auto p = canonical_port(port);
    if (!p && strict)
      return invalid_argument(field + " has an invalid port", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("url")}});
    u.port = p ? *p : std::string(port);
    lower_ascii(u.port);
    const char* def = default_port(u.scheme);
    if (def && u.port == def) u.port.clear();
  }
  u.rest = normalise_rest(after.substr(auth_end));
  return Status::ok();
}

}  // namespace

void lower_ascii(std::string& s) {
  for (char& c : s) c = to_lower(c);
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i])) {
      value = value * 10 + (s[i] - '0');
      ++i;
      if (i - start > 3) return false;
    }
    const std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

std::optional<std::string> canonical_ipv6(std::string_view s) {
  if (s.size() < 2 || s.size() >= INET6_ADDRSTRLEN || s.find(':') == std::string_view::npos) {
    return std::nullopt;
  }
  char text[INET6_ADDRSTRLEN];  // inet_pton needs a NUL-terminated string
  std::copy(s.begin(), s.end(), text);
  text[s.size()] = '\0';
  if (std::find(s.begin(), s.end(), '\0') != s.end()) return std::nullopt;
  unsigned char addr[16];
  if (inet_pton(AF_INET6, text, addr) != 1) return std::nullopt;
  char out[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, addr, out, sizeof(out)) == nullptr) return std::nullopt;
  return std::string(out);
}

std::optional<std::string> canonical_host_name(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > kMaxDomainBytes) return std::nullopt;
  // One pass with a class table, written in place (appending a byte at a time was most of
  // loading a list of domains).
  std::string out(s.size(), '\0');
  std::size_t label = 0;
  bool has_alpha = false, has_dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (kNameClass[c]) {
      case kNameDot:
        if (label == 0 || label > kMaxLabelBytes) return std::nullopt;
        label = 0;
        has_dot = true;
        out[i] = '.';
        continue;
      case kNameLetter:
        has_alpha = true;
        out[i] = static_cast<char>(c | 0x20);
        break;
      case kNameOther:
        out[i] = static_cast<char>(c);
        break;
      default:
        return std::nullopt;
    }
    ++label;
  }
  if (!has_dot || label == 0 || label > kMaxLabelBytes || !has_alpha) return std::nullopt;
  return out;
}

Status normalise_domain(std::string& d, const std::string& field) {
  if (!d.empty() && d.back() == '.') d.pop_back();
  if (d.empty()) return invalid_argument(field + " is empty", field).with_reason(Reason::kRequired);
  if (d.size() > kMaxDomainBytes) {
    return invalid_argument(field + " is longer than 253 characters", field)
        .with_reason(Reason::kTooLong, {{"max", int64_t{253}}});
  }
  for (char c : d) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return invalid_argument(
                 field + ": internationalised domain names must be given in punycode (xn--...)",
                 field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
    }
  }
  lower_ascii(d);
  std::size_t labels = 0;
  std::size_t start = 0;
  std::string_view last;
  const std::string_view view(d);
  while (true) {
    std::size_t end = view.find('.', start);
    if (end == std::string_view::npos) end = view.size();
    const std::string_view label = view.substr(start, end - start);
    if (label.empty())
      return invalid_argument(field + " has an empty label", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
    if (label.size() > kMaxLabelBytes) {
      return invalid_argument(field + " has a label longer than 63 characters", field)
          .with_reason(Reason::kTooLong, {{"max", int64_t{63}}});
    }
    for (char c : label) {
      if (!is_alnum(c) && c != '-') {
        return invalid_argument(field + " may contain only letters, digits, '-' and '.'", field)
            .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return invalid_argument(field + " has a label starting or ending with '-'", field)
          .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
    }
    ++labels;
    last = label;
    if (end == view.size()) break;
    start = end + 1;
  }
  if (labels < 2)
    return invalid_argument(field + " needs at least two labels", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
  // An all-numeric top-level label would make "1.2.3.4" a domain.
  if (std::all_of(last.begin(), last.end(), is_digit)) {
    return invalid_argument(field + " has a numeric top-level label", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("domain")}});
  }
  return Status::ok();
}

Result<Url> parse_url(std::string_view s, const std::string& field) {
  Url u;
  LIAISON_RETURN_IF_ERROR(split_url(s, field, true, u));
  return u;
}

std::optional<std::string> canonical_url(std::string_view s) {
  Url u;
  if (!split_url(s, std::string(), false, u).is_ok()) return std::nullopt;
  return u.text();
}

std::optional<std::string> canonical_email(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos) return std::nullopt;
  const auto domain = canonical_host_name(s.substr(at + 1));
  if (!domain) return std::nullopt;
  std::string out(s.substr(0, at + 1));
  lower_ascii(out);
  return out + *domain;
}

namespace {

bool is_email_local_char(char ch) {
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-.";
  // Bytes >= 0x80 are the UTF-8 local parts of RFC 6531 addresses; validity is checked whole.
  return is_alnum(ch) || kSpecials.find(ch) != std::string_view::npos ||
         static_cast<unsigned char>(ch) >= 0x80;
}

}  // namespace

Status normalise_email(std::string& e, const std::string& field) {
  if (e.size() > 254)
    return invalid_argument(field + " is longer than 254 characters", field)
        .with_reason(Reason::kTooLong, {{"max", int64_t{254}}});
  const std::size_t at = e.rfind('@');
  if (at == std::string::npos)
    return invalid_argument(field + " has no '@'", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("email")}});
  std::string local = e.substr(0, at);
  std::string domain = e.substr(at + 1);
  if (local.empty() || local.size() > 64) {
    return invalid_argument(field + " has an empty or too long local part", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("email")}});
  }
  if (!valid_utf8(local) || !std::all_of(local.begin(), local.end(), is_email_local_char) ||
      local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
    return invalid_argument(field + " has an invalid local part", field)
        .with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("email")}});
  }
  if (Status st = normalise_domain(domain, field); !st.is_ok()) {
    // The domain's own check names a domain; the field holds an e-mail address.
    if (st.reason() == Reason::kInvalidIdentifier) {
      st.with_reason(Reason::kInvalidIdentifier, {{"kind", std::string("email")}});
    }
    return st;
  }
  lower_ascii(local);
  e = local + "@" + domain;
  return Status::ok();
}

std::optional<std::string> canonical_hash(std::string_view s) {
  if (s.size() != 32 && s.size() != 40 && s.size() != 64 && s.size() != 128) return std::nullopt;
  if (!std::all_of(s.begin(), s.end(), is_hex)) return std::nullopt;
  std::string out(s);
  lower_ascii(out);
  return out;
}

}  // namespace liaison::ident
