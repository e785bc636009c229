// A small blocking HTTP(S) client for tests (Beast). Certificate checks are off: tests talk
// to nodes with fresh self-signed certificates on loopback.
#pragma once

#include <map>
#include <string>

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

}  // namespace liaison::testing
