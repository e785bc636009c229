// The node-to-node HTTPS client: mutual TLS with this node's certificate, and the peer's
// certificate pinned by its SHA-256 fingerprint (no CA). Blocking; one call per connection;
// safe to use from several threads (no shared state).
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"

namespace liaison::federation {

struct ClientIdentity {
  std::string cert_file, key_file;  // PEM
};

struct PeerResponse {
  int status = 0;
  std::string body;
  int64_t rtt_ms = 0;
};

// "HTTP 400: <the error's message>" (the message when the body is liaison's JSON error).
std::string error_text(const PeerResponse& r);

// Calls `url` + `target`. Fails (unavailable) on connection errors and when the server's
// certificate does not match `fingerprint` (the message says so).
Result<PeerResponse> peer_call(const ClientIdentity& id, const std::string& url,
                               const std::string& fingerprint, const std::string& method,
                               const std::string& target, const std::string& body,
                               std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace liaison::federation
