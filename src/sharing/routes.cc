// Indicator sets, their import, sightings and feedback, and the matcher for single values.
#include "sharing/routes.h"

#include <boost/json.hpp>

#include "common/integer_text.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "sharing/service.h"
#include "sweep/scanner.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

Response list_sets(Context& ctx) {
  auto docs = node::list_indicator_sets(ctx.node);
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items));
}

Response create_set(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::create_indicator_set(ctx.node, ctx.actor, *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(201, parse_doc(*doc));
}

Response get_set(Context& ctx) {
  auto doc = node::get_indicator_set(ctx.node, ctx.params["id"]);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, *doc);
}

Response update_set(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::update_indicator_set(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, parse_doc(*doc));
}

Response import(Context& ctx) {
  std::string format = ctx.req.query_param("format");
  if (format.empty()) format = "plain";
  auto column = query_integer(ctx.req, "column", 0, 9999, 0);
  if (!column.is_ok()) return error_response(column.status());
  auto rep = node::import_indicators(ctx.node, ctx.actor, ctx.params["id"], format,
                                     static_cast<int>(*column), ctx.req.body);
  if (!rep.is_ok()) return error_response(rep.status());
  json::array errors;
  for (const auto& [line, msg] : rep->errors) {
    if (errors.size() >= 1000) break;
    errors.push_back(json::object{{"line", line}, {"message", msg}});
  }
  return json_response(200, json::object{{"added", rep->added},
                                         {"invalid", static_cast<int64_t>(rep->errors.size())},
                                         {"errors", std::move(errors)}});
}

Response indicators(Context& ctx) {
  auto p = paging(ctx.req, 100, 1000);
  if (!p.is_ok()) return error_response(p.status());
  int64_t total = 0;
  auto docs = node::list_indicators(ctx.node, ctx.params["id"], p->page, p->per_page, total);
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items), total, *p);
}

Response sightings(Context& ctx) {
  auto docs = node::list_sightings(ctx.node, ctx.req.query_param("set"));
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items));
}

Response feedback(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::sighting_feedback(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, parse_doc(*doc));
}

// {"values": ["1.2.3.4", "www.evil.com", …]} (≤ 1000) → which held indicators they hit.
Response match(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(invalid_argument("body must be an object", "body"));
  auto* values = body->get_object().if_contains("values");
  if (!values || !values->is_array()) {
    return error_response(invalid_argument("values must be an array of strings", "values"));
  }
  if (values->get_array().size() > 1000) {
    return error_response(Status(StatusCode::kTooLarge, "at most 1000 values", "values"));
  }
  auto idx = node::cached_node_index(ctx.node);
  if (!idx.is_ok()) return error_response(idx.status());
  json::array results;
  size_t i = 0;
  for (const auto& v : values->get_array()) {
    std::string f = "values[" + std::to_string(i++) + "]";
    if (!v.is_string()) return error_response(invalid_argument("values are strings", f));
    std::string text(v.get_string());
    sweep::ScanResult r;
    sweep::scan_buffer((*idx)->index, text, 1, false, r);
    json::array hits;
    for (const auto& h : r.hits) {
      const auto& ind = (*idx)->index.indicator(h.indicator);
      hits.push_back(json::object{{"indicator", ind.value},
                                  {"type", sweep::to_string(ind.type)},
                                  {"set_id", (*idx)->set_of[static_cast<size_t>(h.indicator)]}});
    }
    results.push_back(json::object{{"value", text}, {"hits", std::move(hits)}});
  }
  return list_response(std::move(results));
}

}  // namespace

void add_indicator_routes(std::vector<Route>& routes) {
  const auto all = all_role_set();
  const auto sharers = node::kIndicatorSharers;
  routes.push_back({"GET", "/api/v1/indicator-sets", all, list_sets});
  routes.push_back({"POST", "/api/v1/indicator-sets", sharers, create_set});
  routes.push_back({"GET", "/api/v1/indicator-sets/{id}", all, get_set});
  routes.push_back({"PATCH", "/api/v1/indicator-sets/{id}", sharers, update_set});
  routes.push_back({"POST", "/api/v1/indicator-sets/{id}/import", sharers, import});
  routes.push_back({"GET", "/api/v1/indicator-sets/{id}/indicators", all, indicators});
  routes.push_back({"GET", "/api/v1/sightings", all, sightings});
  routes.push_back({"POST", "/api/v1/sightings/{id}/feedback", sharers, feedback});
  routes.push_back({"POST", "/api/v1/indicators/match", all, match});
}

}  // namespace liaison::http
