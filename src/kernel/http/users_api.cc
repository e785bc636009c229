// Log-in, log-out, the current user, and user administration.
#include <chrono>
#include <map>

#include "common/clock.h"
#include "common/crypto.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "node/users.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

json::object user_json(const node::User& u) {
  return json::object{{"username", u.username},          {"display_name", u.display_name},
                      {"role", node::to_string(u.role)}, {"disabled", u.disabled},
                      {"totp_enabled", u.totp_enabled},  {"created_at", u.created_at}};
}

// Reads an optional string member; errors name the field.
Status opt_string(const json::object& o, const char* key, std::optional<std::string>& out) {
  auto* v = o.if_contains(key);
  if (!v) return Status::ok();
  if (!v->is_string()) return field_wrong_type(key, "string");
  out = std::string(v->get_string());
  return Status::ok();
}

Status unknown_role(const std::string& role) {
  std::vector<std::string> allowed;
  for (node::Role r : node::all_roles()) allowed.emplace_back(node::to_string(r));
  return invalid_argument("unknown role '" + role + "'", "role")
      .with_reason(Reason::kNotOneOf, {{"allowed", std::move(allowed)}});
}

Status only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : keys) known = known || kv.key() == k;
    if (!known) {
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
    }
  }
  return Status::ok();
}

std::string session_cookie(const std::string& token, bool tls, int max_age) {
  std::string c = "liaison_session=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  // Secure everywhere but plain loopback development, where browsers would drop it.
  if (tls) c += "; Secure";
  return c;
}

Response login(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  const auto& o = body->get_object();
  if (Status st = only_keys(o, {"username", "password", "totp"}); !st.is_ok()) {
    return error_response(st);
  }
  std::optional<std::string> user, pass, totp;
  for (auto [k, out] : {std::pair{"username", &user}, {"password", &pass}, {"totp", &totp}}) {
    if (Status st = opt_string(o, k, *out); !st.is_ok()) return error_response(st);
  }
  if (!user || user->empty()) return error_response(field_required("username"));
  if (!pass || pass->empty()) return error_response(field_required("password"));
  auto s = node::login(ctx.node, *user, *pass, totp.value_or(""), ctx.req.remote);
  if (!s.is_ok()) return error_response(s.status());
  Response r =
      json_response(200, json::object{{"user", user_json(s->user)}, {"csrf_token", s->csrf}});
  r.set_header("Set-Cookie", session_cookie(s->token, ctx.req.tls, node::kSessionSeconds));
  return r;
}

Response logout(Context& ctx) {
  // A log-out with an API token ends that token (it used to answer 204 and keep working).
  if (std::string auth = ctx.req.header("authorization"); auth.rfind("Bearer ", 0) == 0) {
    if (Status st = node::revoke_token(ctx.node, ctx.actor, auth.substr(7)); !st.is_ok()) {
      return error_response(st);
    }
  } else if (!ctx.session_token.empty()) {
    if (Status st = node::logout(ctx.node, ctx.session_token); !st.is_ok()) {
      return error_response(st);
    }
  }
  Response r;
  r.status = 204;
  r.set_header("Set-Cookie", session_cookie("", ctx.req.tls, 0));
  return r;
}

Response me(Context& ctx) {
  auto u = node::get_user(ctx.node, ctx.actor.username);
  if (!u.is_ok()) return error_response(u.status());
  std::string csrf;
  if (!ctx.session_token.empty()) {
    auto s = node::session_user(ctx.node, ctx.session_token);
    if (s.is_ok()) csrf = s->csrf;
  }
  return json_response(200, json::object{{"user", user_json(*u)}, {"csrf_token", csrf}});
}

// Reads a JSON object body holding only `keys`, each a string; errors name the field.
Result<std::map<std::string, std::string>> string_body(const Request& req,
                                                       std::initializer_list<const char*> keys) {
  auto body = parse_body(req);
  if (!body.is_ok()) return body.status();
  if (!body->is_object()) return field_wrong_type("body", "object");
  const auto& o = body->get_object();
  LIAISON_RETURN_IF_ERROR(only_keys(o, keys));
  std::map<std::string, std::string> out;
  for (const char* k : keys) {
    std::optional<std::string> v;
    LIAISON_RETURN_IF_ERROR(opt_string(o, k, v));
    if (!v || v->empty()) return field_required(k);
    out[k] = std::move(*v);
  }
  return out;
}

Response change_password(Context& ctx) {
  auto b = string_body(ctx.req, {"current_password", "new_password"});
  if (!b.is_ok()) return error_response(b.status());
  Status st =
      node::change_password(ctx.node, ctx.actor, (*b)["current_password"], (*b)["new_password"]);
  return no_content_or_error(st);
}

Response totp_setup(Context& ctx) {
  auto e = node::new_totp_enrolment("liaison " + ctx.node.party(), ctx.actor.username);
  return json_response(200, json::object{{"secret", e.secret}, {"otpauth_uri", e.uri}});
}

Response totp_confirm(Context& ctx) {
  auto b = string_body(ctx.req, {"secret", "code"});
  if (!b.is_ok()) return error_response(b.status());
  auto codes = node::confirm_totp(ctx.node, ctx.actor, (*b)["secret"], (*b)["code"]);
  if (!codes.is_ok()) return error_response(codes.status());
  auto u = node::get_user(ctx.node, ctx.actor.username);
  if (!u.is_ok()) return error_response(u.status());
  json::object o = user_json(*u);
  o["recovery_codes"] = json::array(codes->begin(), codes->end());  // shown this once
  return json_response(200, o);
}

// New recovery codes (the old ones void) for the password and a one-time code again, or how
// many are left.
Response recovery_codes_new(Context& ctx) {
  auto b = string_body(ctx.req, {"password", "totp"});
  if (!b.is_ok()) return error_response(b.status());
  auto codes = node::new_recovery_codes(ctx.node, ctx.actor, (*b)["password"], (*b)["totp"]);
  if (!codes.is_ok()) return error_response(codes.status());
  return json_response(200,
                       json::object{{"recovery_codes", json::array(codes->begin(), codes->end())},
                                    {"remaining", codes->size()}});
}

Response recovery_codes_left(Context& ctx) {
  auto n = node::recovery_codes_left(ctx.node, ctx.actor);
  if (!n.is_ok()) return error_response(n.status());
  return json_response(200, json::object{{"remaining", *n}});
}

Response list(Context& ctx) {
  auto users = node::list_users(ctx.node);
  if (!users.is_ok()) return error_response(users.status());
  json::array items;
  for (const auto& u : *users) items.push_back(user_json(u));
  return list_response(std::move(items));
}

Response create(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  const auto& o = body->get_object();
  if (Status st = only_keys(o, {"username", "display_name", "role", "password"}); !st.is_ok()) {
    return error_response(st);
  }
  std::optional<std::string> username, display, role, password;
  for (auto [k, out] : {std::pair{"username", &username},
                        {"display_name", &display},
                        {"role", &role},
                        {"password", &password}}) {
    if (Status st = opt_string(o, k, *out); !st.is_ok()) return error_response(st);
  }
  if (!username) return error_response(field_required("username"));
  if (!role) return error_response(field_required("role"));
  auto r = node::parse_role(*role);
  if (!r) return error_response(unknown_role(*role));
  if (!password) return error_response(field_required("password"));
  auto u = node::add_user(ctx.node, ctx.actor, *username, display.value_or(""), *r, *password);
  if (!u.is_ok()) return error_response(u.status());
  return json_response(201, user_json(*u));
}

Response update(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  const auto& o = body->get_object();
  if (Status st = only_keys(o, {"display_name", "role", "disabled", "password"}); !st.is_ok()) {
    return error_response(st);
  }
  node::UserPatch patch;
  std::optional<std::string> role;
  if (Status st = opt_string(o, "display_name", patch.display_name); !st.is_ok())
    return error_response(st);
  if (Status st = opt_string(o, "password", patch.password); !st.is_ok()) return error_response(st);
  if (Status st = opt_string(o, "role", role); !st.is_ok()) return error_response(st);
  if (role) {
    patch.role = node::parse_role(*role);
    if (!patch.role) return error_response(unknown_role(*role));
  }
  if (auto* d = o.if_contains("disabled")) {
    if (!d->is_bool()) return error_response(field_wrong_type("disabled", "boolean"));
    patch.disabled = d->get_bool();
  }
  if (ctx.params["username"] == ctx.actor.username && patch.disabled.value_or(false)) {
    return error_response(failed_precondition("you cannot disable yourself", "disabled")
                              .with_reason(Reason::kNotYourself));
  }
  auto u = node::update_user(ctx.node, ctx.actor, ctx.params["username"], patch);
  if (!u.is_ok()) return error_response(u.status());
  return json_response(200, user_json(*u));
}

json::object token_json(const node::TokenInfo& t) {
  return json::object{{"id", t.id},
                      {"username", t.username},
                      {"name", t.name},
                      {"created_at", t.created_at},
                      {"expires_at", t.expires_at}};
}

// GET /tokens: my tokens; an administrator's ?username= (or ?all=true) reads others'.
Response list_tokens(Context& ctx) {
  std::string who = ctx.actor.username;
  if (ctx.actor.role == Role::kAdministrator) {
    auto all = query_bool(ctx.req, "all");
    if (!all.is_ok()) return error_response(all.status());
    if (all->value_or(false)) who.clear();
    if (std::string u = ctx.req.query_param("username"); !u.empty()) who = u;
  }
  auto tokens = node::list_tokens(ctx.node, who);
  if (!tokens.is_ok()) return error_response(tokens.status());
  json::array items;
  for (const auto& t : *tokens) items.push_back(token_json(t));
  return list_response(std::move(items));
}

// POST /tokens {name, expires_in_days?}: a token for me, its text shown in this answer only.
Response create_token(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  const auto& o = body->get_object();
  if (Status st = only_keys(o, {"name", "expires_in_days"}); !st.is_ok()) return error_response(st);
  std::optional<std::string> name;
  if (Status st = opt_string(o, "name", name); !st.is_ok()) return error_response(st);
  if (!name || name->empty()) return error_response(field_required("name"));
  if (name->size() > node::kMaxTokenNameLength) {
    return error_response(
        invalid_argument(
            "name is longer than " + std::to_string(node::kMaxTokenNameLength) + " bytes", "name")
            .with_reason(Reason::kTooLong,
                         {{"max", static_cast<int64_t>(node::kMaxTokenNameLength)}}));
  }
  std::string expires_at;
  if (const auto* d = o.if_contains("expires_in_days"); d && !d->is_null()) {
    if (!d->is_int64() || d->get_int64() < 1 || d->get_int64() > node::kMaxTokenDays) {
      return error_response(invalid_argument("expires_in_days must be a whole number from 1 to " +
                                                 std::to_string(node::kMaxTokenDays),
                                             "expires_in_days")
                                .with_reason(Reason::kOutOfRange,
                                             {{"min", int64_t{1}},
                                              {"max", static_cast<int64_t>(node::kMaxTokenDays)}}));
    }
    expires_at = format_rfc3339(ctx.node.clock().now() + std::chrono::hours(24 * d->get_int64()));
  }
  auto token = node::create_token(ctx.node, ctx.actor, ctx.actor.username, *name, expires_at);
  if (!token.is_ok()) return error_response(token.status());
  auto mine = node::list_tokens(ctx.node, ctx.actor.username);
  if (!mine.is_ok()) return error_response(mine.status());
  json::object out{{"token", *token}};
  const std::string id = sha256_hex(*token);
  for (const auto& t : *mine) {
    if (t.id == id) out["info"] = token_json(t);
  }
  return json_response(201, out);
}

Response revoke_token(Context& ctx) {
  return no_content_or_error(node::revoke_token_id(ctx.node, ctx.actor, ctx.params["id"]));
}

}  // namespace

void add_auth_routes(std::vector<Route>& routes) {
  routes.push_back({"POST", "/api/v1/auth/login", {}, login});
  routes.push_back({"POST", "/api/v1/auth/logout", all_role_set(), logout});
  routes.push_back({"GET", "/api/v1/auth/me", all_role_set(), me});
  routes.push_back({"POST", "/api/v1/auth/password", all_role_set(), change_password});
  routes.push_back({"POST", "/api/v1/auth/totp/setup", all_role_set(), totp_setup});
  routes.push_back({"POST", "/api/v1/auth/totp/confirm", all_role_set(), totp_confirm});
  routes.push_back(
      {"GET", "/api/v1/auth/totp/recovery-codes", all_role_set(), recovery_codes_left});
  routes.push_back(
      {"POST", "/api/v1/auth/totp/recovery-codes", all_role_set(), recovery_codes_new});
}

void add_user_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/users", node::kUserReaders, list});
  routes.push_back({"POST", "/api/v1/users", node::kUserAdministrators, create});
  routes.push_back({"PATCH", "/api/v1/users/{username}", node::kUserAdministrators, update});
  routes.push_back({"GET", "/api/v1/tokens", all_role_set(), list_tokens});
  routes.push_back({"POST", "/api/v1/tokens", all_role_set(), create_token});
  routes.push_back({"DELETE", "/api/v1/tokens/{id}", all_role_set(), revoke_token});
}

}  // namespace liaison::http
