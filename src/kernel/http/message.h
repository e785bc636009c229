// Plain HTTP request/response values passed between the Beast server (http/server.cc, the
// only file that includes Beast) and the handlers. Copyable; no thread affinity.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace liaison::http {

struct Request {
  std::string method;                          // "GET", "POST", …
  std::string target;                          // raw target with query
  std::string path;                            // percent-decoded path without query
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote;  // peer address "ip:port"
  bool tls = false;
  std::string peer_fingerprint;  // SHA-256 of the client's TLS certificate, if it sent one

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string query_param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string file_path;  // when set, the server streams this file as the body

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace liaison::http
