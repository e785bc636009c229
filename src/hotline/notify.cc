#include "hotline/notify.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <string_view>

#include "common/crypto.h"

namespace liaison::hotline {
namespace {

// RFC 2047: an encoded word is at most 75 characters; "=?UTF-8?B?" + "?=" leave 63 for
// base64, i.e. 45 bytes of text.
constexpr size_t kEncodedWordBytes = 45;
// RFC 2045: quoted-printable lines are at most 76 characters, the soft break '=' included.
constexpr size_t kQpLineChars = 76;
constexpr size_t kMaxAddress = 254;
constexpr size_t kMaxPlainSubject = 900;

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init is not safe to race with itself or with curl_easy_init.
Status ensure_curl() {
  static std::once_flag once;
  static CURLcode init_rc = CURLE_OK;
  std::call_once(once, [] { init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_rc != CURLE_OK) {
    return internal_error(std::string("curl_global_init: ") + curl_easy_strerror(init_rc));
  }
  return Status::ok();
}

bool append(Slist& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) return false;
  list.release();
  list.reset(next);
  return true;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Printable ASCII without space: nothing that could end a header line or an SMTP command.
bool is_token(std::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace

Status validate_address(std::string_view addr, const char* field) {
  if (addr.empty())
    return invalid_argument("address is empty", field).with_reason(Reason::kRequired);
  if (addr.size() > kMaxAddress)
    return invalid_argument("address is too long", field)
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kEmail));
  if (!is_token(addr)) {
    return invalid_argument("address contains spaces, control or non-ASCII characters", field)
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kEmail));
  }
  if (addr.find_first_of("<>()[],;:\"\\") != std::string_view::npos) {
    return invalid_argument("address contains a character not allowed here", field)
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kEmail));
  }
  size_t at = addr.find('@');
  if (at == std::string_view::npos || addr.find('@', at + 1) != std::string_view::npos) {
    return invalid_argument("address must contain exactly one @", field)
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kEmail));
  }
  if (at == 0 || at + 1 == addr.size()) {
    return invalid_argument("address needs a local part and a domain", field)
        .with_reason(Reason::kRequired);
  }
  return Status::ok();
}

namespace {

Status validate_smtp_url(std::string_view url) {
  if (!starts_with_nocase(url, "smtp://") && !starts_with_nocase(url, "smtps://")) {
    return invalid_argument("SMTP url must start with smtp:// or smtps://", "smtp.url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kSmtpUrl));
  }
  if (!is_token(url))
    return invalid_argument("SMTP url contains spaces", "smtp.url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kSmtpUrl));
  return Status::ok();
}

// Plain ASCII subjects go as they are; anything else (non-ASCII, control characters, a
// literal "=?" that a reader would take for an encoded word, an over-long line) as RFC 2047
// base64 words, split on UTF-8 character boundaries and folded one word per line.
std::string encode_subject(std::string_view subject) {
  bool plain = subject.size() <= kMaxPlainSubject && subject.find("=?") == std::string_view::npos;
  for (unsigned char c : subject) {
    if (c < 0x20 || c >= 0x7f) plain = false;
  }
  if (plain) return std::string(subject);
  std::string out;
  size_t pos = 0;
  while (pos < subject.size()) {
    size_t end = std::min(subject.size(), pos + kEncodedWordBytes);
    // Do not cut a multi-byte character (continuation bytes are 10xxxxxx).
    while (end < subject.size() && end > pos + 1 &&
           (static_cast<unsigned char>(subject[end]) & 0xc0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + to_base64(subject.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

// The body as quoted-printable with CRLF hard line breaks; "\n", "\r\n" and a lone "\r" all
// count as a line end. Ends with CRLF. A line starting with '.' stays as it is: libcurl
// dot-stuffs the DATA.
std::string quoted_printable(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2 + 2);
  size_t line_len = 0;
  auto emit = [&](std::string_view token) {
    if (line_len + token.size() > kQpLineChars - 1) {
      out += "=\r\n";
      line_len = 0;
    }
    out += token;
    line_len += token.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      line_len = 0;
      continue;
    }
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      char ch = static_cast<char>(c);
      emit(std::string_view(&ch, 1));
    } else {
      char enc[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      emit(std::string_view(enc, 3));
    }
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

// RFC 5322 date in UTC, with English names whatever the locale.
std::string rfc5322_date(std::time_t t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string build_message(const SmtpConfig& cfg, const Email& email) {
  std::string m;
  m += "Date: " + rfc5322_date(std::time(nullptr)) + "\r\n";
  m += "From: " + cfg.from + "\r\n";
  m += "To: " + email.to + "\r\n";
  m += "Subject: " + encode_subject(email.subject) + "\r\n";
  if (!email.message_id.empty()) m += "Message-ID: " + email.message_id + "\r\n";
  if (!email.delivery_id.empty()) m += "X-Liaison-Delivery: " + email.delivery_id + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  m += "\r\n";
  m += quoted_printable(email.body_text);
  return m;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t read_upload(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  size_t n = std::min(size * nitems, up->data->size() - up->pos);
  std::memcpy(buffer, up->data->data() + up->pos, n);
  up->pos += n;
  return n;
}

size_t discard(char*, size_t size, size_t nmemb, void*) { return size * nmemb; }

std::string curl_failure(CURLcode rc, const char* errbuf) {
  std::string msg = curl_easy_strerror(rc);
  if (errbuf[0] != '\0') msg += std::string(": ") + errbuf;
  return msg;
}

}  // namespace

// Sets one curl option or returns internal_error (only an out-of-memory or a libcurl built
// without the option can fail here).
#define LIAISON_CURL_SET(handle, option, value)                              \
  do {                                                                       \
    CURLcode _rc = curl_easy_setopt(handle, option, value);                  \
    if (_rc != CURLE_OK) {                                                   \
      return internal_error(std::string("curl_easy_setopt(" #option "): ") + \
                            curl_easy_strerror(_rc));                        \
    }                                                                        \
  } while (0)

namespace {

// What every transfer shares: no signals (threads), no proxy from the environment, no
// redirects, bounded time, only the protocols asked for.
Status common_options(CURL* h, const char* protocols, long timeout_ms, bool insecure_tls,
                      char* errbuf) {
  LIAISON_CURL_SET(h, CURLOPT_NOSIGNAL, 1L);
  LIAISON_CURL_SET(h, CURLOPT_PROXY, "");
  LIAISON_CURL_SET(h, CURLOPT_FOLLOWLOCATION, 0L);
  LIAISON_CURL_SET(h, CURLOPT_PROTOCOLS_STR, protocols);
  LIAISON_CURL_SET(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  LIAISON_CURL_SET(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  LIAISON_CURL_SET(h, CURLOPT_ERRORBUFFER, errbuf);
  if (insecure_tls) {
    LIAISON_CURL_SET(h, CURLOPT_SSL_VERIFYPEER, 0L);
    LIAISON_CURL_SET(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  return Status::ok();
}

}  // namespace

Status send_email(const SmtpConfig& cfg, const Email& email) {
  if (cfg.url.empty())
    return failed_precondition("e-mail is disabled: no SMTP url", "smtp.url")
        .with_reason(Reason::kEmailDisabled);
  LIAISON_RETURN_IF_ERROR(validate_smtp_url(cfg.url));
  LIAISON_RETURN_IF_ERROR(validate_address(cfg.from, "from"));
  LIAISON_RETURN_IF_ERROR(validate_address(email.to, "email"));
  if (!is_token(email.message_id)) {
    return invalid_argument("Message-ID must be printable ASCII without spaces", "message_id")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kAsciiId));
  }
  if (!is_token(email.delivery_id)) {
    return invalid_argument("delivery id must be printable ASCII without spaces", "delivery_id")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kAsciiId));
  }
  if (cfg.timeout_ms <= 0)
    return invalid_argument("timeout must be positive", "timeout_ms")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{1}}});
  LIAISON_RETURN_IF_ERROR(ensure_curl());

  const std::string message = build_message(cfg, email);
  CurlHandle h(curl_easy_init());
  if (!h) return internal_error("curl_easy_init failed");
  char errbuf[CURL_ERROR_SIZE] = {0};
  LIAISON_RETURN_IF_ERROR(
      common_options(h.get(), "smtp,smtps", cfg.timeout_ms, cfg.insecure_tls, errbuf));

  Slist rcpt;
  if (!append(rcpt, "<" + email.to + ">")) return internal_error("out of memory");
  const std::string mail_from = "<" + cfg.from + ">";
  Upload upload{&message};
  LIAISON_CURL_SET(h.get(), CURLOPT_URL, cfg.url.c_str());
  LIAISON_CURL_SET(h.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  LIAISON_CURL_SET(h.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  LIAISON_CURL_SET(h.get(), CURLOPT_UPLOAD, 1L);
  LIAISON_CURL_SET(h.get(), CURLOPT_READFUNCTION, read_upload);
  LIAISON_CURL_SET(h.get(), CURLOPT_READDATA, &upload);
  LIAISON_CURL_SET(h.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  if (!cfg.username.empty()) {
    LIAISON_CURL_SET(h.get(), CURLOPT_USERNAME, cfg.username.c_str());
    LIAISON_CURL_SET(h.get(), CURLOPT_PASSWORD, cfg.password.c_str());
    // Never send a password in clear: smtp:// with AUTH must upgrade with STARTTLS.
    LIAISON_CURL_SET(h.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  } else {
    LIAISON_CURL_SET(h.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  }

  CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) {
    long smtp_code = 0;
    curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &smtp_code);
    std::string msg = "smtp: " + curl_failure(rc, errbuf);
    if (smtp_code != 0) msg += " (SMTP " + std::to_string(smtp_code) + ")";
    return unavailable(std::move(msg));
  }
  return Status::ok();
}

Status validate_webhook_url(std::string_view url) {
  if (url.size() > 2000)
    return invalid_argument("webhook url is too long", "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  std::string_view rest;
  if (starts_with_nocase(url, "http://")) {
    rest = url.substr(7);
  } else if (starts_with_nocase(url, "https://")) {
    rest = url.substr(8);
  } else {
    return invalid_argument("webhook url must start with http:// or https://", "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') {
    return invalid_argument("webhook url has no host", "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  }
  if (!is_token(url)) {
    return invalid_argument("webhook url contains spaces, control or non-ASCII characters",
                            "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  }
  return Status::ok();
}

std::string webhook_signature(const std::string& secret, int64_t timestamp,
                              const std::string& body) {
  return "sha256=" + to_hex(hmac_sha256(secret, std::to_string(timestamp) + "." + body));
}

bool is_internal_address(std::string_view ip) {
  std::string text(ip);
  unsigned char b[16];
  if (inet_pton(AF_INET, text.c_str(), b) == 1) {
    const uint32_t a =
        (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    auto in = [a](uint32_t net, int len) { return (a >> (32 - len)) == (net >> (32 - len)); };
    return in(0x00000000, 8) || in(0x0a000000, 8) || in(0x64400000, 10) || in(0x7f000000, 8) ||
           in(0xa9fe0000, 16) || in(0xac100000, 12) || in(0xc0000000, 24) || in(0xc0a80000, 16) ||
           in(0xc6120000, 15) || in(0xe0000000, 4) || in(0xf0000000, 4);
  }
  if (inet_pton(AF_INET6, text.c_str(), b) != 1) return true;  // not an address: refuse
  bool zero10 = std::all_of(b, b + 10, [](unsigned char c) { return c == 0; });
  if (zero10 && b[10] == 0xff && b[11] == 0xff) {  // IPv4-mapped
    char v4[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, b + 12, v4, sizeof v4);
    return is_internal_address(v4);
  }
  bool all_zero = std::all_of(b, b + 16, [](unsigned char c) { return c == 0; });
  bool loopback = std::all_of(b, b + 15, [](unsigned char c) { return c == 0; }) && b[15] == 1;
  return all_zero || loopback || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||  // link-local
         (b[0] & 0xfe) == 0xfc ||                                            // unique-local
         b[0] == 0xff ||                                                     // multicast
         (zero10 && b[10] == 0 && b[11] == 0);  // IPv4-compatible (deprecated)
}

Result<WebhookTarget> webhook_target(std::string_view url, const std::vector<std::string>& allow) {
  LIAISON_RETURN_IF_ERROR(validate_webhook_url(url));
  const bool https = starts_with_nocase(url, "https://");
  std::string_view rest = url.substr(https ? 8 : 7);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return invalid_argument("webhook url must not carry a user name or password", "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  }
  WebhookTarget t;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return invalid_argument("bad IPv6 host", "webhook_url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
    t.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return invalid_argument("bad port", "webhook_url")
            .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
      port = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (t.host.empty())
    return invalid_argument("webhook url has no host", "webhook_url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
  for (auto& c : t.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (port.empty()) {
    t.port = https ? "443" : "80";
  } else {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) {
      return invalid_argument("webhook url has a bad port", "webhook_url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
    }
    t.port = std::string(port);
  }
  auto allowed = [&](const std::string& x) {
    return std::find(allow.begin(), allow.end(), x) != allow.end();
  };
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res);
  if (rc != 0 || res == nullptr) {
    return unavailable("webhook host " + t.host + " does not resolve: " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(res, freeaddrinfo);
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {0};
    const void* where =
        ai->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if (!inet_ntop(ai->ai_family, where, text, sizeof text)) continue;
    // Every address the name has is checked: curl could otherwise fall back to a private one.
    if (is_internal_address(text) && !allowed(t.host) && !allowed(text)) {
      return invalid_argument("webhook url points to " + std::string(text) +
                                  ", a loopback, link-local, private or reserved address (an "
                                  "administrator may allow it in config.toml ([notify] "
                                  "webhook_allow))",
                              "webhook_url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl))
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPublicUrl));
    }
    if (t.address.empty()) t.address = text;
  }
  if (t.address.empty()) return unavailable("webhook host " + t.host + " has no address");
  return t;
}

Status post_webhook(const Webhook& hook) {
  LIAISON_ASSIGN_OR_RETURN(WebhookTarget target, webhook_target(hook.url, hook.allow));
  if (!is_token(hook.delivery_id)) {
    return invalid_argument("delivery id must be printable ASCII without spaces", "delivery_id")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kAsciiId));
  }
  if (hook.timeout_ms <= 0)
    return invalid_argument("timeout must be positive", "timeout_ms")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{1}}});
  LIAISON_RETURN_IF_ERROR(ensure_curl());

  CurlHandle h(curl_easy_init());
  if (!h) return internal_error("curl_easy_init failed");
  char errbuf[CURL_ERROR_SIZE] = {0};
  LIAISON_RETURN_IF_ERROR(
      common_options(h.get(), "http,https", hook.timeout_ms, hook.insecure_tls, errbuf));

  Slist headers;
  bool ok =
      append(headers, "Content-Type: application/json") &&
      append(headers, "X-Liaison-Timestamp: " + std::to_string(hook.timestamp)) &&
      append(headers,
             "X-Liaison-Signature: " + webhook_signature(hook.secret, hook.timestamp, hook.body)) &&
      // No "Expect: 100-continue" round trip for large bodies.
      append(headers, "Expect:") &&
      (hook.delivery_id.empty() || append(headers, "X-Liaison-Delivery: " + hook.delivery_id));
  if (!ok) return internal_error("out of memory");

  LIAISON_CURL_SET(h.get(), CURLOPT_URL, hook.url.c_str());
  // Connect to the address that was checked, not to whatever a second lookup answers.
  Slist resolve;
  const bool v6 = target.address.find(':') != std::string::npos;
  if (!append(resolve, target.host + ":" + target.port + ":" +
                           (v6 ? "[" + target.address + "]" : target.address))) {
    return internal_error("out of memory");
  }
  LIAISON_CURL_SET(h.get(), CURLOPT_RESOLVE, resolve.get());
  LIAISON_CURL_SET(h.get(), CURLOPT_POST, 1L);
  LIAISON_CURL_SET(h.get(), CURLOPT_POSTFIELDS, hook.body.data());
  LIAISON_CURL_SET(h.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(hook.body.size()));
  LIAISON_CURL_SET(h.get(), CURLOPT_HTTPHEADER, headers.get());
  LIAISON_CURL_SET(h.get(), CURLOPT_USERAGENT, "liaison-notify");
  LIAISON_CURL_SET(h.get(), CURLOPT_WRITEFUNCTION, discard);

  CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) return unavailable("webhook: " + curl_failure(rc, errbuf));
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return unavailable("webhook answered " + std::to_string(status));
  }
  return Status::ok();
}

#undef LIAISON_CURL_SET

}  // namespace liaison::hotline
