// Indicator sets, their import, sightings and feedback, and the matcher for single values.
#include "sharing/routes.h"

#include <boost/json.hpp>

#include "common/integer_text.h"
#include "common/json_fields.h"
#include "http/api_internal.h"
#include "http/export.h"
#include "http/list.h"
#include "sharing/service.h"
#include "sweep/scanner.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

using outputs::ColumnKind;

// The rows of a file export from typed projections, one row each.
template <typename T, typename RowOf>
Response rows_file(Context& ctx, const std::vector<T>& items, outputs::Table t, const Export& e,
                   const std::string& name, RowOf row_of) {
  if (Status st = check_export_rows(items.size()); !st.is_ok()) return error_response(st);
  for (const auto& x : items) t.rows.push_back(row_of(x));
  return export_response(ctx, t, e, name);
}

// The list envelope's items: each projection as its document.
template <typename T>
json::array items_of(const std::vector<T>& v) {
  json::array items;
  for (const auto& x : v) items.push_back(sharing::to_doc(x));
  return items;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : " ") + x;
  return out;
}

Response sets_file(Context& ctx, const std::vector<sharing::IndicatorSet>& sets, const Export& e) {
  outputs::Table t{{{"name", "Name", "名称"},
                    {"publisher", "Publisher", "发布方"},
                    {"tlp", "TLP", "TLP"},
                    {"indicator_count", "Indicators", "指标数", ColumnKind::kNumber},
                    {"version", "Version", "版本", ColumnKind::kNumber},
                    {"recipients", "Recipients", "接收方"},
                    {"description", "Description", "说明"},
                    {"created_at", "Created (UTC)", "创建时间 (UTC)", ColumnKind::kTime},
                    {"updated_at", "Updated (UTC)", "更新时间 (UTC)", ColumnKind::kTime},
                    {"id", "Id", "标识"}},
                   {}};
  return rows_file(ctx, sets, std::move(t), e, "indicator-sets",
                   [](const sharing::IndicatorSet& o) {
                     return std::vector<outputs::Cell>{o.name,        o.publisher,
                                                       o.tlp,         o.indicator_count,
                                                       o.version,     joined(o.recipients),
                                                       o.description, o.created_at,
                                                       o.updated_at,  o.id};
                   });
}

Response list_sets(Context& ctx) {
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  auto sets = node::list_indicator_sets(ctx.node);
  if (!sets.is_ok()) return error_response(sets.status());
  if (e->is_file()) return sets_file(ctx, *sets, *e);
  return list_response(items_of(*sets));
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

Response indicators_file(Context& ctx, const Export& e) {
  int64_t total = 0;
  auto inds = node::list_indicators(ctx.node, ctx.params["id"], 1, kMaxExportRows + 1, total);
  if (!inds.is_ok()) return error_response(inds.status());
  outputs::Table t{{{"value", "Indicator", "指标"},
                    {"type", "Type", "类型"},
                    {"confidence", "Confidence", "置信度", ColumnKind::kNumber},
                    {"first_seen", "First seen (UTC)", "首次发现 (UTC)", ColumnKind::kTime},
                    {"last_seen", "Last seen (UTC)", "最近发现 (UTC)", ColumnKind::kTime},
                    {"valid_until", "Valid until (UTC)", "有效期至 (UTC)", ColumnKind::kTime},
                    {"tags", "Tags", "标签"},
                    {"added_at", "Added (UTC)", "添加时间 (UTC)", ColumnKind::kTime},
                    {"removed_at", "Removed (UTC)", "移除时间 (UTC)", ColumnKind::kTime},
                    {"set_id", "Set", "指标集"}},
                   {}};
  return rows_file(ctx, *inds, std::move(t), e, "indicators", [](const sharing::Indicator& o) {
    return std::vector<outputs::Cell>{o.value,      o.type,        o.confidence,   o.first_seen,
                                      o.last_seen,  o.valid_until, joined(o.tags), o.added_at,
                                      o.removed_at, o.set_id};
  });
}

Response indicators(Context& ctx) {
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  if (e->is_file()) return indicators_file(ctx, *e);
  auto p = paging(ctx.req, 100, 1000);
  if (!p.is_ok()) return error_response(p.status());
  int64_t total = 0;
  auto inds = node::list_indicators(ctx.node, ctx.params["id"], p->page, p->per_page, total);
  if (!inds.is_ok()) return error_response(inds.status());
  return list_response(items_of(*inds), total, *p);
}

Response sightings_file(Context& ctx, const std::vector<sharing::Sighting>& sightings,
                        const Export& e) {
  outputs::Table t{{{"indicator", "Indicator", "指标"},
                    {"count", "Count", "次数", ColumnKind::kNumber},
                    {"first_seen", "First seen (UTC)", "首次发现 (UTC)", ColumnKind::kTime},
                    {"last_seen", "Last seen (UTC)", "最近发现 (UTC)", ColumnKind::kTime},
                    {"reporter", "Reporter", "报告方"},
                    {"where", "Where", "来源"},
                    {"reported_at", "Reported (UTC)", "报告时间 (UTC)", ColumnKind::kTime},
                    {"feedback_action", "Feedback: action", "反馈：处置"},
                    {"feedback_false_positive", "Feedback: false positive", "反馈：误报"},
                    {"feedback_note", "Feedback: note", "反馈：备注"},
                    {"set_id", "Set", "指标集"},
                    {"id", "Id", "标识"}},
                   {}};
  return rows_file(ctx, sightings, std::move(t), e, "sightings", [](const sharing::Sighting& o) {
    const sharing::SightingFeedback fb = o.feedback.value_or(sharing::SightingFeedback{});
    std::string fp = o.feedback ? (fb.false_positive ? "yes" : "no") : "";
    return std::vector<outputs::Cell>{o.indicator, o.count, o.first_seen,  o.last_seen,
                                      o.reporter,  o.where, o.reported_at, fb.action,
                                      fp,          fb.note, o.set_id,      o.id};
  });
}

Response sightings(Context& ctx) {
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  auto list = node::list_sightings(ctx.node, ctx.req.query_param("set"));
  if (!list.is_ok()) return error_response(list.status());
  if (e->is_file()) return sightings_file(ctx, *list, *e);
  return list_response(items_of(*list));
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
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  auto* values = body->get_object().if_contains("values");
  if (!values || !values->is_array()) {
    return error_response(invalid_argument("values must be an array of strings", "values")
                              .with_reason(Reason::kWrongType, {{"type", std::string("array")}}));
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
    if (!v.is_string())
      return error_response(
          invalid_argument("values are strings", f)
              .with_reason(Reason::kWrongType, {{"type", std::string("string")}}));
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
