// Delivery of hotline notifications: one e-mail over SMTP, one signed webhook POST (libcurl).
// Every call is independent (its own curl handle) and may run on any thread; nothing is
// retried here: the caller keeps the delivery key and retries with backoff (docs/HOTLINE.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::hotline {

struct SmtpConfig {
  std::string url;   // "smtp://127.0.0.1:2525" or "smtps://host:465"; empty = e-mail disabled
  std::string from;  // "liaison@cn.example"
  std::string username, password;  // optional AUTH (then smtp:// requires STARTTLS)
  bool insecure_tls = false;       // skip certificate check (tests only)
  long timeout_ms = 10000;
};

struct Email {
  std::string to, subject, body_text;
  std::string message_id;   // e.g. "<key@liaison>"; deterministic, set by the caller
  std::string delivery_id;  // goes into header X-Liaison-Delivery
};

// Sends one message: subject as RFC 2047 UTF-8 words when it is not plain ASCII, body UTF-8
// quoted-printable with CRLF lines, a Date header. Errors: invalid_argument with field
// "email" (recipient), "from", "subject", "message_id", "delivery_id" or "smtp.url";
// failed_precondition when e-mail is disabled (empty url); unavailable on any network or SMTP
// failure, with curl's message and the SMTP response code.
Status send_email(const SmtpConfig& cfg, const Email& email);

// The checks send_email and post_webhook make, for callers that store an address or URL to
// use later (the hotline's notification channels): invalid_argument naming `field`.
Status validate_address(std::string_view addr, const char* field);
Status validate_webhook_url(std::string_view url);  // field "webhook_url"

// Where a webhook may post (issue 13: a webhook could be pointed at the cloud metadata
// service or at the node's own API). The URL's host is resolved and every address checked:
// loopback, link-local, private (RFC 1918, unique-local), shared (100.64/10), unspecified,
// multicast and reserved addresses are refused unless the host name or the address is on
// `allow` ([notify] webhook_allow in config.toml). Returns the address to connect to, so the
// request goes where the check looked (no second lookup to rebind). invalid_argument naming
// "webhook_url"; unavailable when the name does not resolve.
struct WebhookTarget {
  std::string host;     // as in the URL (brackets removed)
  std::string port;     // explicit or the scheme's
  std::string address;  // the checked address, textual
};
Result<WebhookTarget> webhook_target(std::string_view url, const std::vector<std::string>& allow);
// True for an address a webhook may not reach unless allowed (see webhook_target).
bool is_internal_address(std::string_view ip);

struct Webhook {
  std::string url;                 // http:// or https://
  std::vector<std::string> allow;  // hosts and addresses allowed although internal
  std::string secret;              // HMAC key
  std::string body;                // JSON text
  std::string delivery_id;
  int64_t timestamp = 0;  // unix seconds
  long timeout_ms = 10000;
  bool insecure_tls = false;
};

// POSTs the body with Content-Type: application/json, X-Liaison-Delivery,
// X-Liaison-Timestamp and X-Liaison-Signature. 2xx -> ok; any other status ->
// unavailable("webhook answered 500"); no connection -> unavailable(curl's message).
// Redirects are not followed. Bad url -> invalid_argument(.., "webhook_url").
Status post_webhook(const Webhook& hook);

// The X-Liaison-Signature header value: "sha256=" + lower-case hex
// HMAC-SHA256(secret, decimal timestamp + "." + body).
std::string webhook_signature(const std::string& secret, int64_t timestamp,
                              const std::string& body);

}  // namespace liaison::hotline
