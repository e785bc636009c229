// The canonical text of every identifier kind that both a request and an indicator set hold
// (IPv4, IPv6, domain, URL, e-mail, hash), so that the same subject written two ways is one
// string wherever it is stored or compared. Pure functions; thread-safe.
//
// Two entry points per kind where input differs: a strict one for what a person types into a
// request (errors name `field`), and a lenient one for what indicator feeds and logs carry
// (host names with '_', any scheme). Whatever both accept, they write the same text; the tests
// in test/ident check that on real feeds and logs.
//
// The canonical URL is RFC 3986 section 6 normalisation plus two choices made for matching:
//   scheme and host lower case, host without its trailing dot, an IPv6 host in RFC 5952 form,
//   the scheme's default port (http 80, https 443, ftp 21) dropped, an empty path written "/",
//   percent-escapes of unreserved characters decoded and the hex of the others upper case;
//   the user part ("user:pass@") is dropped: it does not say where the resource is, proxies
//   and feeds drop or vary it, phishing uses it to dress a host as another ("https://bank@evil/"),
//   and a password must not travel in a shared record. Path, query and fragment keep their case.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison::ident {

void lower_ascii(std::string& s);

// Strict dotted quad: four decimal parts 0..255 without leading zeros ("010" is octal to some
// tools and decimal to others; an identifier must mean one address). The text is canonical.
bool is_ipv4(std::string_view s);

// RFC 5952 text (lower case, longest zero run compressed), or nullopt when not IPv6.
std::optional<std::string> canonical_ipv6(std::string_view s);

// Lenient host name (feeds, logs): letters, digits, '-', '_' and dots, at least one dot and one
// letter, labels of 1..63 bytes, at most 253 bytes. Lower case, one trailing dot dropped.
std::optional<std::string> canonical_host_name(std::string_view s);

// Strict domain (requests): LDH labels not starting or ending with '-', at least two labels, a
// non-numeric top-level label, punycode for IDN. Written in place in canonical_host_name form.
Status normalise_domain(std::string& d, const std::string& field);

struct Url {
  std::string scheme;  // lower case
  std::string host;    // canonical, "[…]" for IPv6
  std::string port;    // decimal without leading zeros; empty for the scheme's default
  std::string rest;    // path (at least "/"), query and fragment, escapes normalised
  std::string text() const {
    return scheme + "://" + host + (port.empty() ? "" : ":" + port) + rest;
  }
};

// "scheme://[user@]host[:port][/path][?query][#fragment]" split and normalised. Fails (naming
// `field`) on no scheme, no host, an unclosed or invalid IPv6 host, a port that is not 0..65535.
// The host is not checked beyond that: callers check it as their kind requires.
Result<Url> parse_url(std::string_view s, const std::string& field);

// The canonical text of a URL from a feed or a log: as parse_url(), but a bracketed host or a
// port that parse_url() refuses is kept as written (lower case), so every URL an indicator
// record ever held keeps a canonical text. nullopt without "scheme://" or a host.
std::optional<std::string> canonical_url(std::string_view s);

// Lenient e-mail address (feeds, logs): a non-empty local part before the first '@', a
// canonical_host_name() after it; all ASCII letters lower case (mail systems fold the local
// part in practice, and the sweep compares addresses found in logs in any case).
std::optional<std::string> canonical_email(std::string_view s);

// Strict e-mail address (requests): RFC 5322 dot-atom local part (UTF-8 allowed, RFC 6531) of
// at most 64 bytes, a strict domain; written in canonical_email() form.
Status normalise_email(std::string& e, const std::string& field);

// An MD5, SHA-1, SHA-256 or SHA-512 hex digest in lower case; nullopt otherwise.
std::optional<std::string> canonical_hash(std::string_view s);

}  // namespace liaison::ident
