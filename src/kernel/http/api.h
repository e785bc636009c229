// The node's HTTP front: routing, authentication (session cookie + CSRF, or bearer token),
// role checks, JSON errors, static files for the console. The kernel's handler files
// (node_api.cc, users_api.cc, federation_api.cc) register its own routes; each capability's
// routes.cc registers the capability's, and src/app/ hands them to the Api.
// Thread-safe: handle() may run on every server thread at once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/message.h"
#include "node/node.h"

namespace liaison::http {

struct Context {
  const Request& req;
  node::Node& node;
  node::Actor actor;
  std::map<std::string, std::string> params;  // path parameters ({id} → value)
  std::string session_token;
  std::string peer_party;  // federation routes: the authenticated peer
};

using RouteFn = std::function<Response(Context&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/requests/{id}"
  node::RoleSet roles;  // empty = public (no authentication)
  RouteFn fn;
  bool federation = false;  // authenticated by the peer's pinned client certificate
};

// Every role: a route any signed-in user may call.
inline constexpr node::RoleSet all_role_set() { return node::RoleSet::all(); }

class Api {
 public:
  // `routes`: the capabilities' routes (app::routes()), beside the kernel's own (node,
  // authentication, users, federation, peers).
  Api(node::Node& node, std::string web_root, std::vector<Route> routes);
  Response handle(const Request& req);
  // The server's header-stage check (ServerOptions::admit), before any body is read:
  // federation paths need the client certificate of a registered peer; attachment uploads
  // need a valid session or token. Returns the refusal, or "" to admit.
  Status admit(const Request& header_only);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // Who is calling: an API token, or a session cookie (then with its CSRF token).
  struct Caller {
    node::Actor actor;
    std::string session_token;  // empty for bearer tokens
    std::string csrf;
  };
  Result<Caller> authenticate(const Request& req);

  node::Node& node_;
  std::string web_root_;
  std::vector<Route> routes_;
  Response serve_static(const Request& req);
};

// The kernel's own routes; each capability declares its own in its routes.h.
void add_node_routes(std::vector<Route>& routes);
void add_auth_routes(std::vector<Route>& routes);
void add_user_routes(std::vector<Route>& routes);
void add_federation_routes(std::vector<Route>& routes);
void add_peer_routes(std::vector<Route>& routes);

// Rendering helpers shared by the handler files.
Response json_response(int status, const std::string& json_text);
Response json_response(int status, std::string&& json_text);
Response error_response(const Status& st);
// 204 No Content when `st` is ok, else the error: what a DELETE or an action without a body
// answers.
Response no_content_or_error(const Status& st);
// A query parameter as a strict whole number in [lo, hi] (common/integer_text.h), or
// `fallback` when absent; an error names the parameter.
Result<int64_t> query_integer(const Request& req, const char* name, int64_t lo, int64_t hi,
                              int64_t fallback);
// A query parameter "true" or "false", or nullopt when absent; anything else is an error
// naming the parameter.
Result<std::optional<bool>> query_bool(const Request& req, const char* name);
// The OpenAPI document served at /api/v1/openapi.json (src/kernel/http/openapi.json, embedded).
const std::string& openapi_document();

}  // namespace liaison::http
