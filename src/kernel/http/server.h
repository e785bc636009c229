// The HTTPS (or loopback-only plain HTTP) server: Boost.Beast with C++20 coroutines on a
// small thread pool. Handlers run on the pool's threads and must be thread-safe.
// Usage: Server s(opts, handler); s.start(); … s.run() blocks until stop() or a signal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
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

  // Connection limits. A connection over either limit is closed as soon as it is accepted,
  // before any TLS work. An established TLS connection costs about 50-100 KiB (Asio's two
  // 17 KiB record buffers, OpenSSL's state and read buffer, the parser's buffer, the
  // coroutine), so 1024 bound the worst case near 100 MiB and stay under a default soft limit
  // of open files once start() has raised it; 64 from one address let one host hold no more
  // than a sixteenth of them while a NAT'd office (browsers open about 6 each), the peers'
  // syncers and the CLI stay well under it.
  int max_connections = 1024;
  int max_connections_per_address = 64;
  // From accept to the end of the TLS handshake. A half-open connection holds only its
  // socket until its first byte arrives (no TLS state is allocated before that).
  std::chrono::milliseconds handshake_timeout{10'000};
  // For the whole header of a request, from its first byte (from the handshake for the first
  // request of a connection): bounds slowloris.
  std::chrono::milliseconds header_timeout{15'000};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // For reading a request's body and for writing its response, each.
  std::chrono::milliseconds transfer_timeout{60'000};
  // Called once the request header is read, before the body (the Request has no body yet).
  // An error is sent as its JSON error (status from its code: 401 unauthenticated, 403
  // permission denied, …) and the connection is closed: an unknown peer is refused before
  // any record is read, an unauthenticated upload before its bytes are buffered.
  std::function<Status(const Request&)> admit;
  // Requests that `offload` picks (the register's text searches) are handled on threads of
  // their own, `offload_threads` at once, in the order they arrived: a connection waiting for
  // its turn holds no I/O thread, so every other request goes on being served. At most
  // `offload_queue` wait beyond those running; one more, or one that waited longer than
  // `offload_wait` without starting, is answered `offload_busy()` (the API's 429 with
  // Retry-After) instead of being handled.
  std::function<bool(const Request&)> offload;
  std::function<Response()> offload_busy;
  int offload_threads = 1;
  int offload_queue = 64;
  std::chrono::milliseconds offload_wait{2'000};
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

  struct Counts {
    int open = 0;          // connections admitted and not yet closed
    uint64_t refused = 0;  // connections closed at accept for a connection limit
    uint64_t trims = 0;    // times memory was handed back to the system after a burst
    int offloaded = 0;     // requests waiting for or running on the offload threads
  };
  // Any thread.
  Counts counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" / "[v6]:port". Fails on a malformed address or port.
Status parse_listen(const std::string& listen, std::string& host, unsigned short& port);
// True for 127.0.0.0/8 and ::1 (and "localhost").
bool is_loopback_host(const std::string& host);

}  // namespace liaison::http
