// GET /notifications (?unread=1, per_page), GET /notifications/count, POST /notifications/read,
// GET and PUT /notifications/preferences.
#include "inbox/routes.h"

#include <tuple>

#include "common/integer_text.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "inbox/service.h"

namespace liaison::http {

namespace json = boost::json;

namespace {

json::object notice_json(const inbox::NoticeRow& n) {
  boost::system::error_code ec;
  json::value params = json::parse(n.params, ec);
  if (ec || !params.is_object()) params = json::object();
  return json::object{{"id", n.id},
                      {"event", n.event},
                      {"severity", n.severity},
                      {"subject_id", n.subject_id},
                      {"text", n.text},
                      {"params", std::move(params)},
                      {"link", n.link},
                      {"created_at", n.created_at},
                      {"read", !n.read_at.empty()},
                      {"read_at", n.read_at}};
}

Response list(Context& ctx) {
  bool unread_only = false;
  for (const auto& [k, v] : ctx.req.query) {
    if (k == "unread") {
      if (v != "1" && v != "0" && v != "true" && v != "false") {
        return error_response(
            invalid_argument("unread must be 1 or 0", "unread")
                .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "0"}}}));
      }
      unread_only = v == "1" || v == "true";
    } else if (k != "per_page" && k != "page") {
      return error_response(invalid_argument("unknown query parameter '" + k + "'", k)
                                .with_reason(Reason::kUnknownField));
    }
  }
  auto p = paging(ctx.req, inbox::kDefaultPerPage, inbox::kMaxPerPage);
  if (!p.is_ok()) return error_response(p.status());
  if (p->page != 1)
    return error_response(
        invalid_argument("the inbox has one page", "page")
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{1}}}));
  auto page = inbox::list_notices(ctx.node, ctx.actor, unread_only, p->per_page);
  if (!page.is_ok()) return error_response(page.status());
  json::array items;
  for (const auto& n : page->items) items.push_back(notice_json(n));
  json::object o = list_envelope(std::move(items), page->total, *p);
  o["unread"] = page->unread;
  return json_response(200, o);
}

Response count(Context& ctx) {
  auto n = inbox::unread_count(ctx.node, ctx.actor);
  if (!n.is_ok()) return error_response(n.status());
  return json_response(200, json::object{{"unread", *n}});
}

Response mark_read(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  std::vector<int64_t> ids;
  bool all = false;
  for (const auto& kv : body->get_object()) {
    if (kv.key() == "all") {
      if (!kv.value().is_bool())
        return error_response(
            invalid_argument("all is true or false", "all")
                .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}}));
      all = kv.value().get_bool();
    } else if (kv.key() == "ids") {
      if (!kv.value().is_array() || kv.value().get_array().size() > 1000) {
        return error_response(invalid_argument("ids is a list of at most 1000 ids", "ids")
                                  .with_reason(Reason::kTooMany, {{"max", int64_t{1000}}}));
      }
      for (const auto& id : kv.value().get_array()) {
        if (!id.is_int64() || id.get_int64() <= 0) {
          return error_response(invalid_argument("every id is a positive integer", "ids")
                                    .with_reason(Reason::kNotInteger));
        }
        ids.push_back(id.get_int64());
      }
    } else {
      return error_response(
          invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
              .with_reason(Reason::kUnknownField));
    }
  }
  auto changed = inbox::mark_notices_read(ctx.node, ctx.actor, ids, all);
  if (!changed.is_ok()) return error_response(changed.status());
  auto unread = inbox::unread_count(ctx.node, ctx.actor);
  if (!unread.is_ok()) return error_response(unread.status());
  return json_response(200, json::object{{"marked", *changed}, {"unread", *unread}});
}

json::object prefs_json(const std::vector<inbox::PrefRow>& prefs) {
  json::array items;
  for (const auto& p : prefs) {
    items.push_back(json::object{{"event", p.event},
                                 {"inbox", p.inbox},
                                 {"email", p.email},
                                 {"webhook", p.webhook},
                                 {"inbox_fixed", inbox::always_in_inbox(p.event)}});
  }
  return list_envelope(std::move(items));
}

Response get_prefs(Context& ctx) {
  auto prefs = inbox::preferences(ctx.node, ctx.actor);
  if (!prefs.is_ok()) return error_response(prefs.status());
  return json_response(200, prefs_json(*prefs));
}

Response put_prefs(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  const json::value* items = body->is_object() ? body->get_object().if_contains("items") : nullptr;
  if (!items || !items->is_array() || items->get_array().size() > 50) {
    return error_response(
        invalid_argument("items is a list of {event, inbox, email, webhook}", "items")
            .with_reason(Reason::kInvalidFormat,
                         {{"expected", std::string("[{event, inbox, email, webhook}]")}}));
  }
  std::vector<inbox::PrefRow> prefs;
  for (const auto& v : items->get_array()) {
    const json::object* o = v.if_object();
    if (!o)
      return error_response(
          invalid_argument("each item is an object", "items")
              .with_reason(Reason::kWrongType, {{"type", std::string("object")}}));
    inbox::PrefRow p;
    const json::value* event = o->if_contains("event");
    if (!event || !event->is_string()) {
      return error_response(
          invalid_argument("event is an event type", "event")
              .with_reason(Reason::kWrongType, {{"type", std::string("string")}}));
    }
    p.event = std::string(event->get_string());
    for (const auto& kv : *o) {
      if (kv.key() != "event" && kv.key() != "inbox" && kv.key() != "email" &&
          kv.key() != "webhook" && kv.key() != "inbox_fixed") {
        return error_response(
            invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
                .with_reason(Reason::kUnknownField));
      }
    }
    // A switch left out: email and webhook off, inbox on (the defaults).
    for (auto [k, out, absent] : {std::tuple{"email", &p.email, false},
                                  {"webhook", &p.webhook, false},
                                  {"inbox", &p.inbox, true}}) {
      const json::value* b = o->if_contains(k);
      if (b && !b->is_bool())
        return error_response(
            invalid_argument(std::string(k) + " is true or false", k)
                .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}}));
      *out = b ? b->get_bool() : absent;
    }
    prefs.push_back(p);
  }
  if (Status st = inbox::set_preferences(ctx.node, ctx.actor, prefs); !st.is_ok()) {
    return error_response(st);
  }
  return get_prefs(ctx);
}

}  // namespace

void add_inbox_routes(std::vector<Route>& routes) {
  const auto all = all_role_set();
  routes.push_back({"GET", "/api/v1/notifications", all, list});
  routes.push_back({"GET", "/api/v1/notifications/count", all, count});
  routes.push_back({"POST", "/api/v1/notifications/read", all, mark_read});
  routes.push_back({"GET", "/api/v1/notifications/preferences", all, get_prefs});
  routes.push_back({"PUT", "/api/v1/notifications/preferences", all, put_prefs});
}

}  // namespace liaison::http
