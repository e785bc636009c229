// The hotline: policies, rosters, on-call, escalations, the hotline log, drills, the usage
// review and notification deliveries (docs/HOTLINE.md).
#include "hotline/routes.h"

#include "common/json_fields.h"
#include "hotline/service.h"
#include "http/api_internal.h"
#include "http/export.h"
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
    if (!parsed)
      return error_response(
          invalid_argument("at must be an RFC 3339 time", "at").with_reason(Reason::kInvalidTime));
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

Response get_my_channels(Context& ctx) { return one(node::my_channels(ctx.node, ctx.actor)); }

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

// "PARTY name" of a contact's caller or callee.
std::string who(const hotline::ContactPerson& p) { return p.party + " " + p.name; }

// The hotline log as a file (format=csv|xlsx): every contact, as the console's log shows it.
Response contacts_file(Context& ctx, const std::vector<hotline::HotlineContact>& contacts,
                       const Export& e) {
  using outputs::ColumnKind;
  if (Status st = check_export_rows(contacts.size()); !st.is_ok()) return error_response(st);
  outputs::Table t{{{"started_at", "Started (UTC)", "开始时间 (UTC)", ColumnKind::kTime},
                    {"answered_at", "Answered (UTC)", "接通时间 (UTC)", ColumnKind::kTime},
                    {"ended_at", "Ended (UTC)", "结束时间 (UTC)", ColumnKind::kTime},
                    {"tier", "Tier", "层级", ColumnKind::kNumber},
                    {"channel", "Channel", "渠道"},
                    {"caller", "Caller", "呼叫方"},
                    {"callee", "Callee", "接听方"},
                    {"summary", "Summary", "摘要"},
                    {"request_ids", "Requests", "相关请求"},
                    {"escalation_id", "Escalation", "升级"},
                    {"drill", "Drill", "演练"},
                    {"party", "Logged by party", "记录方"},
                    {"logged_by", "Logged by", "记录人"},
                    {"id", "Id", "标识"}},
                   {}};
  for (const auto& c : contacts) {
    std::string requests;
    for (const auto& x : c.request_ids) requests += (requests.empty() ? "" : " ") + x;
    t.rows.push_back({c.started_at, c.answered_at, c.ended_at, outputs::Cell(c.tier), c.channel,
                      who(c.caller), who(c.callee), c.summary, requests, c.escalation_id,
                      std::string(c.drill ? "yes" : ""), c.party, c.logged_by, c.id});
  }
  return export_response(ctx, t, e, "hotline-log");
}

Response list_contacts(Context& ctx) {
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  auto contacts = node::list_hotline_contacts(ctx.node);
  if (!contacts.is_ok()) return error_response(contacts.status());
  if (e->is_file()) return contacts_file(ctx, *contacts, *e);
  json::array list;
  for (const auto& c : *contacts) list.push_back(hotline::to_doc(c));
  return list_response(std::move(list));
}

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
  routes.push_back({"GET", "/api/v1/hotline/my-channels", writers, get_my_channels});
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
