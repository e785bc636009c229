// The HTTPS (or loopback-only plain HTTP) server: Boost.Beast with C++20 coroutines on a
// small thread pool. Handlers run on the pool's threads and must be thread-safe.
// Usage: Server s(opts, handler); s.start(); … s.run() blocks until stop() or a signal.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace liaison::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8443";  // "ADDR:PORT", "[::1]:PORT"; port 0 picks one
  bool tls = true;
  std::string cert_file;  // PEM
  std::string key_file;   // PEM
  int threads = 2;
  size_t max_body_bytes = 1 << 20;
  // Larger body limit for POSTs to paths ending with one of these (uploads, list imports).
  std::vector<std::string> large_body_suffixes = {"/attachments", "/import"};
  size_t max_large_body_bytes = 64u << 20;
  bool handle_signals = true;  // SIGTERM/SIGINT start a graceful shutdown
  // Called once the request header is read, before the body (the Request has no body yet).
  // A non-empty result is sent as a 403 error message and the connection is closed: an
  // unknown peer is refused before any record is read, an unauthenticated upload before its
  // bytes are buffered.
  std::function<std::string(const Request&)> admit;
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions opts, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. Returns the bound "addr:port".
  Result<std::string> start();
  // Runs the pool; returns after stop() or a signal, once in-flight requests are done.
  void run();
  // Graceful: stops accepting, lets requests in flight finish, then stops the pool.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" / "[v6]:port". Fails on a malformed address or port.
Status parse_listen(const std::string& listen, std::string& host, unsigned short& port);
// True for 127.0.0.0/8 and ::1 (and "localhost").
bool is_loopback_host(const std::string& host);

}  // namespace liaison::http
