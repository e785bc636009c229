// The hotline: policies, rosters, on-call, escalations, the hotline log, drills, the usage
// review and notification deliveries (docs/HOTLINE.md).
#include "hotline/routes.h"

#include "hotline/service.h"
#include "http/api_internal.h"
#include "http/list.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

Response items(const Result<std::vector<std::string>>& docs) {
  if (!docs.is_ok()) return error_response(docs.status());
  json::array out;
  for (const auto& d : *docs) out.push_back(parse_doc(d));
  return list_response(std::move(out));
}

Response one(const Result<std::string>& doc, int status = 200) {
  if (!doc.is_ok()) return error_response(doc.status());
  boost::system::error_code ec;
  json::value v = json::parse(*doc, ec);
  if (ec) return error_response(internal_error("a stored hotline document is not JSON"));
  return json_response(status, v);
}

template <typename Fn>
Response with_body(Context& ctx, int status, Fn&& fn) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return one(fn(*body), status);
}

Response get_policy(Context& ctx) {
  return one(node::get_policy(ctx.node, ctx.req.query_param("party")));
}

Response put_policy(Context& ctx) {
  return with_body(ctx, 200,
                   [&](const json::value& b) { return node::put_policy(ctx.node, ctx.actor, b); });
}

Response list_rosters(Context& ctx) { return items(node::list_rosters(ctx.node)); }

Response put_roster(Context& ctx) {
  return with_body(ctx, 200, [&](const json::value& b) {
    return node::put_roster(ctx.node, ctx.actor, ctx.params["id"], b);
  });
}

Response oncall(Context& ctx) {
  std::string at = ctx.req.query_param("at");
  TimePoint t = ctx.node.clock().now();
  if (!at.empty()) {
    auto parsed = parse_rfc3339(at);
    if (!parsed) return error_response(invalid_argument("at must be an RFC 3339 time", "at"));
    t = *parsed;
  }
  return one(node::on_call_now(ctx.node, t));
}

Response list_channels(Context& ctx) { return items(node::list_channels(ctx.node)); }

Response put_channels(Context& ctx) {
  return with_body(ctx, 200, [&](const json::value& b) {
    return node::put_channels(ctx.node, ctx.actor, ctx.params["username"], b);
  });
}

Response put_my_channels(Context& ctx) {
  return with_body(ctx, 200, [&](const json::value& b) {
    return node::put_channels(ctx.node, ctx.actor, ctx.actor.username, b);
  });
}

Response list_escalations(Context& ctx) {
  node::EscalationQuery q;
  if (std::string s = ctx.req.query_param("state"); !s.empty()) q.state = s;
  auto drill = query_bool(ctx.req, "drill");
  if (!drill.is_ok()) return error_response(drill.status());
  q.drill = *drill;
  return items(node::list_escalations(ctx.node, ctx.actor, q));
}

Response get_escalation(Context& ctx) {
  return one(node::get_escalation(ctx.node, ctx.actor, ctx.params["id"]));
}

Response open_escalation(Context& ctx) {
  return with_body(ctx, 201, [&](const json::value& b) {
    return node::open_escalation(ctx.node, ctx.actor, b);
  });
}

Response ack_escalation(Context& ctx) {
  return one(node::acknowledge_escalation(ctx.node, ctx.actor, ctx.params["id"]));
}

Response resolve_escalation(Context& ctx) {
  return with_body(ctx, 200, [&](const json::value& b) {
    return node::resolve_escalation(ctx.node, ctx.actor, ctx.params["id"], b);
  });
}

Response emergencies(Context& ctx) { return one(node::list_emergencies(ctx.node)); }

Response list_contacts(Context& ctx) { return items(node::list_hotline_contacts(ctx.node)); }

Response log_contact(Context& ctx) {
  return with_body(ctx, 201, [&](const json::value& b) {
    return node::log_hotline_contact(ctx.node, ctx.actor, b);
  });
}

Response list_drills(Context& ctx) { return items(node::list_drills(ctx.node, ctx.actor)); }

Response start_drill(Context& ctx) {
  return with_body(ctx, 201,
                   [&](const json::value& b) { return node::start_drill(ctx.node, ctx.actor, b); });
}

Response ack_drill(Context& ctx) {
  return with_body(ctx, 200, [&](const json::value& b) {
    return node::acknowledge_drill(ctx.node, ctx.actor, ctx.params["id"], b);
  });
}

Response review(Context& ctx) {
  return one(
      node::hotline_review(ctx.node, ctx.req.query_param("from"), ctx.req.query_param("to")));
}

Response escalation_pages(Context& ctx) {
  return items(node::list_escalation_pages(ctx.node, ctx.actor, ctx.params["id"]));
}

Response notifications(Context& ctx) {
  return items(node::list_notifications(ctx.node, ctx.req.query_param("subject")));
}

}  // namespace

void add_hotline_routes(std::vector<Route>& routes) {
  const auto all = all_role_set();
  const auto admin = node::kHotlineAdministrators;
  const auto writers = node::kHotlineWriters;
  routes.push_back({"GET", "/api/v1/hotline/policy", all, get_policy});
  routes.push_back({"PUT", "/api/v1/hotline/policy", admin, put_policy});
  routes.push_back({"GET", "/api/v1/hotline/rosters", all, list_rosters});
  routes.push_back({"PUT", "/api/v1/hotline/rosters/{id}", admin, put_roster});
  routes.push_back({"GET", "/api/v1/hotline/oncall", all, oncall});
  routes.push_back({"GET", "/api/v1/hotline/channels", admin, list_channels});
  routes.push_back({"PUT", "/api/v1/hotline/channels/{username}", admin, put_channels});
  routes.push_back({"PUT", "/api/v1/hotline/my-channels", writers, put_my_channels});
  routes.push_back({"GET", "/api/v1/hotline/escalations", all, list_escalations});
  routes.push_back({"POST", "/api/v1/hotline/escalations", writers, open_escalation});
  routes.push_back({"GET", "/api/v1/hotline/escalations/{id}", all, get_escalation});
  routes.push_back(
      {"POST", "/api/v1/hotline/escalations/{id}/acknowledge", writers, ack_escalation});
  routes.push_back(
      {"POST", "/api/v1/hotline/escalations/{id}/resolve", writers, resolve_escalation});
  routes.push_back({"GET", "/api/v1/hotline/emergencies", all, emergencies});
  routes.push_back({"GET", "/api/v1/hotline/contacts", all, list_contacts});
  routes.push_back({"POST", "/api/v1/hotline/contacts", writers, log_contact});
  routes.push_back({"GET", "/api/v1/hotline/drills", all, list_drills});
  routes.push_back({"POST", "/api/v1/hotline/drills", admin, start_drill});
  routes.push_back({"POST", "/api/v1/hotline/drills/{id}/acknowledge", writers, ack_drill});
  routes.push_back({"GET", "/api/v1/hotline/review", all, review});
  routes.push_back(
      {"GET", "/api/v1/hotline/notifications", node::kNotificationReaders, notifications});
  routes.push_back(
      {"GET", "/api/v1/hotline/escalations/{id}/pages", all_role_set(), escalation_pages});
}

}  // namespace liaison::http
