// The 24/7 point-of-contact directory: this party's entries (signed records, sent to every
// peer) and the other parties' (read-only here).
#include "directory/routes.h"

#include "directory/service.h"
#include "http/api_internal.h"
#include "http/list.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

Response list(Context& ctx) {
  std::string party = ctx.req.query_param("party");
  std::string tier_text = ctx.req.query_param("tier");
  int tier = 0;
  if (!tier_text.empty()) {
    if (tier_text != "1" && tier_text != "2" && tier_text != "3") {
      return error_response(
          invalid_argument("tier must be 1, 2 or 3", "tier")
              .with_reason(Reason::kNotOneOf,
                           {{"allowed", std::vector<std::string>{"1", "2", "3"}}}));
    }
    tier = tier_text[0] - '0';
  }
  auto stale = query_bool(ctx.req, "stale");
  if (!stale.is_ok()) return error_response(stale.status());
  auto retired = query_bool(ctx.req, "include_retired");
  if (!retired.is_ok()) return error_response(retired.status());
  auto docs = node::list_contacts(ctx.node, party, tier, *stale, retired->value_or(false));
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items));
}

Response get_one(Context& ctx) {
  auto doc = node::get_contact(ctx.node, ctx.params["id"]);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, parse_doc(*doc));
}

Response history(Context& ctx) {
  auto docs = node::contact_history(ctx.node, ctx.params["id"]);
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items));
}

Response create(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::create_contact(ctx.node, ctx.actor, *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(201, parse_doc(*doc));
}

Response update(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::update_contact(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, parse_doc(*doc));
}

Response verify(Context& ctx) {
  auto doc = node::verify_contact(ctx.node, ctx.actor, ctx.params["id"]);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, parse_doc(*doc));
}

Response remove(Context& ctx) {
  Status st =
      node::retire_contact(ctx.node, ctx.actor, ctx.params["id"], ctx.req.query_param("reason"));
  return no_content_or_error(st);
}

}  // namespace

void add_contact_routes(std::vector<Route>& routes) {
  const auto editors = node::kDirectoryMaintainers;
  routes.push_back({"GET", "/api/v1/contacts", all_role_set(), list});
  routes.push_back({"GET", "/api/v1/contacts/{id}", all_role_set(), get_one});
  routes.push_back({"GET", "/api/v1/contacts/{id}/history", all_role_set(), history});
  routes.push_back({"POST", "/api/v1/contacts", editors, create});
  routes.push_back({"PATCH", "/api/v1/contacts/{id}", editors, update});
  routes.push_back({"POST", "/api/v1/contacts/{id}/verify", editors, verify});
  routes.push_back({"DELETE", "/api/v1/contacts/{id}", editors, remove});
}

}  // namespace liaison::http
