// A small blocking HTTP(S) client for tests (Beast). Certificate checks are off: tests talk
// to nodes with fresh self-signed certificates on loopback.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace liaison::testing {

struct HttpResult {
  int status = 0;  // 0 when the connection failed
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;
};

// `base` is "https://127.0.0.1:PORT" or "http://…".
HttpResult http_call(const std::string& base, const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {});

// One connection that sends bytes exactly as given, for framing tests: a request with a bare
// LF or two Content-Lengths cannot be written through an HTTP library. Not thread-safe.
class RawConnection {
 public:
  // Connects to `base` ("https://127.0.0.1:PORT" or "http://…") from the local address
  // `source` ("" for any) and, for https, completes the TLS handshake. Null on failure.
  static std::unique_ptr<RawConnection> open(const std::string& base,
                                             const std::string& source = "");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all of `bytes`; false when the server closed or reset first.
  bool send(std::string_view bytes);
  // Reads one response (status 0 and `error` when none came within `timeout`).
  HttpResult read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closes the connection (end of stream or reset) within `timeout`
  // without sending anything more.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  explicit RawConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Sends `bytes` on a new connection and reads one response.
HttpResult raw_call(const std::string& base, std::string_view bytes);

}  // namespace liaison::testing
