#include "http/api.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "common/integer_text.h"
#include "federation/peers.h"
#include "http/api_internal.h"
#include "node/users.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

Result<json::value> parse_body(const Request& req, int max_depth) {
  if (req.body.empty()) {
    return invalid_argument("request body is empty: JSON expected", "body")
        .with_reason(Reason::kMalformedJson);
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = static_cast<std::size_t>(max_depth);
  json::value v = json::parse(req.body, ec, {}, opts);
  if (ec == json::error::too_deep) {
    return invalid_argument("the body nests deeper than " + std::to_string(max_depth) + " levels",
                            "body")
        .with_reason(Reason::kMalformedJson);
  }
  if (ec) {
    return invalid_argument("malformed JSON: " + ec.message(), "body")
        .with_reason(Reason::kMalformedJson);
  }
  return v;
}

std::string json_text(const json::value& v) { return json::serialize(v); }

json::object parse_doc(const std::string& doc) {
  boost::system::error_code ec;
  json::value v = json::parse(doc, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.get_object());
}

Response json_response(int status, const std::string& json_text) {
  Response r;
  r.status = status;
  r.body = json_text;
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response json_response(int status, std::string&& json_text) {
  Response r;
  r.status = status;
  r.body = std::move(json_text);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response no_content_or_error(const Status& st) {
  if (!st.is_ok()) return error_response(st);
  Response r;
  r.status = 204;
  return r;
}

Response json_response(int status, const json::value& v) {
  return json_response(status, json::serialize(v));
}

Result<int64_t> query_integer(const Request& req, const char* name, int64_t lo, int64_t hi,
                              int64_t fallback) {
  const std::string v = req.query_param(name);
  if (v.empty()) return fallback;
  return parse_integer(v, lo, hi, name);
}

Result<std::optional<bool>> query_bool(const Request& req, const char* name) {
  const std::string v = req.query_param(name);
  if (v.empty()) return std::optional<bool>();
  if (v != "true" && v != "false") {
    return invalid_argument(std::string(name) + " must be true or false", name)
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"true", "false"}}});
  }
  return std::optional<bool>(v == "true");
}

namespace {

json::value param_json(const ReasonParam& p) {
  if (const auto* n = std::get_if<int64_t>(&p.value)) return *n;
  if (const auto* s = std::get_if<std::string>(&p.value)) return json::string(*s);
  json::array a;
  for (const auto& s : std::get<std::vector<std::string>>(p.value)) a.emplace_back(s);
  return a;
}

}  // namespace

json::object error_json(const Status& st) {
  json::object e;
  e["code"] = status_code_name(st.code());
  e["message"] = st.message();
  e["field"] = st.field();
  if (!st.details().empty()) {
    json::array missing;
    for (const auto& d : st.details()) missing.emplace_back(d);
    e["missing"] = std::move(missing);
  }
  if (st.reason() != Reason::kNone) {
    e["reason"] = reason_name(st.reason());
    json::object params;
    for (const ReasonParam& p : st.params()) params[p.name] = param_json(p);
    e["params"] = std::move(params);
  }
  return e;
}

Response error_response(const Status& st) {
  const int status = http_status(st.code());
  if (status >= 500) spdlog::error("{}", st.to_string());
  return json_response(status, json::value{{"error", error_json(st)}});
}

Api::Api(node::Node& node, std::string web_root, std::vector<Route> routes)
    : node_(node), web_root_(std::move(web_root)) {
  add_node_routes(routes_);
  add_auth_routes(routes_);
  add_user_routes(routes_);
  add_federation_routes(routes_);
  add_peer_routes(routes_);
  for (Route& r : routes) routes_.push_back(std::move(r));
}

namespace {

bool match(const std::string& pattern, const std::string& path,
           std::map<std::string, std::string>& params) {
  size_t pi = 0, si = 0;
  while (pi < pattern.size() && si <= path.size()) {
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      std::string name = pattern.substr(pi + 1, close - pi - 1);
      size_t end = path.find('/', si);
      if (end == std::string::npos) end = path.size();
      if (end == si) return false;
      params[name] = path.substr(si, end - si);
      pi = close + 1;
      si = end;
    } else {
      if (si >= path.size() || pattern[pi] != path[si]) return false;
      ++pi;
      ++si;
    }
  }
  return pi == pattern.size() && si == path.size();
}

std::string cookie_value(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    size_t eq = header.find('=', pos);
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    if (eq != std::string::npos && eq < end && header.substr(pos, eq - pos) == name) {
      return header.substr(eq + 1, end - eq - 1);
    }
    pos = end + 1;
  }
  return {};
}

const char* content_type_for(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  return "application/octet-stream";
}

}  // namespace

Result<Api::Caller> Api::authenticate(const Request& req) {
  Caller c;
  std::string auth = req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    LIAISON_ASSIGN_OR_RETURN(node::User u, node::token_user(node_, auth.substr(7)));
    c.actor = {u.username, u.role, req.remote};
    return c;
  }
  c.session_token = cookie_value(req.header("cookie"), "liaison_session");
  LIAISON_ASSIGN_OR_RETURN(node::Session s, node::session_user(node_, c.session_token));
  c.actor = {s.user.username, s.user.role, req.remote};
  c.csrf = s.csrf;
  return c;
}

Status Api::admit(const Request& req) {
  if (req.path.rfind("/federation/", 0) == 0) {
    if (req.peer_fingerprint.empty()) {
      return permission_denied("federation requires a client certificate");
    }
    auto peer = federation::peer_by_fingerprint(node_, req.peer_fingerprint);
    if (!peer.is_ok()) return permission_denied("cannot check the peer");
    if (!*peer) return permission_denied("unknown client certificate " + req.peer_fingerprint);
    return Status::ok();
  }
  auto ends_with = [&](std::string_view sfx) {
    return req.path.size() > sfx.size() &&
           req.path.compare(req.path.size() - sfx.size(), sfx.size(), sfx) == 0;
  };
  if (req.method == "POST" && (ends_with("/attachments") || ends_with("/import")) &&
      !authenticate(req).is_ok()) {
    return Status(StatusCode::kUnauthenticated, "log in before uploading");
  }
  return Status::ok();
}

Response Api::serve_static(const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    return error_response(not_found("no such endpoint: " + req.method + " " + req.path));
  }
  if (web_root_.empty() || req.path.empty() || req.path[0] != '/' ||
      req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos) {
    return error_response(not_found("no console is installed on this node"));
  }
  std::string rel = req.path == "/" ? "/index.html" : req.path;
  std::string file = web_root_ + rel;
  std::error_code ec;
  bool spa_fallback = false;
  if (!std::filesystem::is_regular_file(file, ec)) {
    file = web_root_ + "/index.html";  // history-mode routes of the single-page app
    spa_fallback = true;
    if (!std::filesystem::is_regular_file(file, ec)) {
      return error_response(not_found("no console is installed on this node"));
    }
  }
  Response r;
  r.content_type = content_type_for(file);
  r.file_path = file;
  bool hashed_asset = !spa_fallback && rel.rfind("/assets/", 0) == 0;
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("Content-Security-Policy",
               "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self' data:; frame-ancestors 'none'");
  return r;
}

Response Api::handle(const Request& req) {
  const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz" ||
                   req.path == "/readyz" || req.path.rfind("/federation/", 0) == 0;
  if (!api) return serve_static(req);
  std::map<std::string, std::string> params;
  const Route* route = nullptr;
  bool path_matched = false;
  for (const auto& r : routes_) {
    params.clear();
    if (match(r.pattern, req.path, params)) {
      path_matched = true;
      if (r.method == req.method) {
        route = &r;
        break;
      }
    }
  }
  if (!route) {
    if (path_matched) {
      Response resp = error_response(
          Status(StatusCode::kFailedPrecondition, "method " + req.method + " not allowed"));
      resp.status = 405;
      return resp;
    }
    return error_response(not_found("no such endpoint: " + req.method + " " + req.path));
  }
  Context ctx{req, node_, node::Actor{"", Role::kAuditor, req.remote}, params, "", ""};
  if (route->federation) {
    auto peer = federation::peer_by_fingerprint(node_, req.peer_fingerprint);
    if (!peer.is_ok()) return error_response(peer.status());
    if (!*peer) return error_response(permission_denied("unknown client certificate"));
    ctx.peer_party = (*peer)->party;
    ctx.actor = node::Actor{"peer:" + ctx.peer_party, Role::kAuditor, req.remote};
  } else if (!route->roles.empty()) {
    auto caller = authenticate(req);
    if (!caller.is_ok()) return error_response(caller.status());
    bool cookie = !caller->session_token.empty();
    if (cookie && req.method != "GET" && req.method != "HEAD") {
      std::string csrf = req.header("x-csrf-token");
      if (csrf.empty() || !secure_equal(csrf, caller->csrf)) {
        return error_response(
            Status(StatusCode::kPermissionDenied, "missing or wrong CSRF token", "X-CSRF-Token"));
      }
    }
    ctx.actor = caller->actor;
    ctx.session_token = caller->session_token;
    if (!route->roles.allows(ctx.actor.role)) {
      return error_response(permission_denied(std::string("role ") +
                                              node::to_string(ctx.actor.role) + " may not " +
                                              req.method + " " + route->pattern));
    }
  }
  return route->fn(ctx);
}

}  // namespace liaison::http
