// Assessments of ended requests and bilateral reports: parse, call reports/service.h, render.
#include "reports/routes.h"

#include "http/api_internal.h"
#include "http/list.h"
#include "reports/cases.h"
#include "reports/service.h"

namespace liaison::http {

namespace json = boost::json;

namespace {

Response text_or_error(const Result<std::string>& r, int status = 200) {
  if (!r.is_ok()) return error_response(r.status());
  return json_response(status, std::string(*r));
}

Response assess(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return text_or_error(reports::assess(ctx.node, ctx.actor, ctx.params["id"], *body), 201);
}

Response assessments(Context& ctx) {
  return text_or_error(reports::request_assessments(ctx.node, ctx.params["id"]));
}

Response outcome(Context& ctx) {
  return text_or_error(reports::lead_outcome(ctx.node, ctx.params["id"]));
}

Response record_outcome(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return text_or_error(reports::record_lead_outcome(ctx.node, ctx.actor, ctx.params["id"], *body),
                       201);
}

Response unassessed(Context& ctx) { return text_or_error(reports::unassessed(ctx.node)); }

Response list(Context& ctx) { return text_or_error(reports::list_reports(ctx.node)); }

Response get_one(Context& ctx) {
  return text_or_error(reports::get_report(ctx.node, ctx.params["id"]));
}

Response publish(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto spec = reports::report_spec_from_json(*body);
  if (!spec.is_ok()) return error_response(spec.status());
  return text_or_error(reports::publish_report(ctx.node, ctx.actor, *spec), 201);
}

Response countersign(Context& ctx) {
  return text_or_error(reports::attest_report(ctx.node, ctx.actor, ctx.params["id"]));
}

// Recomputes a report from this node's records without writing anything.
Response check(Context& ctx) {
  auto rc = reports::recompute_report(ctx.node, ctx.params["id"]);
  if (!rc.is_ok()) return error_response(rc.status());
  json::array diffs;
  for (const auto& d : rc->differences) {
    diffs.push_back(json::object{
        {"figure", d.figure}, {"published", d.published}, {"recomputed", d.recomputed}});
  }
  const bool identical = rc->ready && rc->differences.empty();
  return json_response(
      200, json::object{
               {"ready", rc->ready}, {"identical", identical}, {"differences", std::move(diffs)}});
}

Response cases(Context& ctx) {
  auto items = reports::list_cases(ctx.node, ctx.req.query_param("state"));
  if (!items.is_ok()) return error_response(items.status());
  return list_response(std::move(*items));
}

Response get_case(Context& ctx) {
  return text_or_error(reports::get_case(ctx.node, ctx.params["id"]));
}

Response propose_case(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return text_or_error(reports::propose_case(ctx.node, ctx.actor, *body), 201);
}

Response accept_case(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return text_or_error(reports::accept_case(ctx.node, ctx.actor, ctx.params["id"], *body));
}

Response case_status(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  return text_or_error(reports::post_case_status(ctx.node, ctx.actor, ctx.params["id"], *body),
                       201);
}

}  // namespace

void add_report_routes(std::vector<Route>& routes) {
  const auto writers = reports::kReportWriters;
  routes.push_back({"GET", "/api/v1/requests/{id}/assessments", all_role_set(), assessments});
  routes.push_back({"POST", "/api/v1/requests/{id}/assessments", writers, assess});
  routes.push_back({"GET", "/api/v1/requests/{id}/lead-outcome", all_role_set(), outcome});
  routes.push_back({"POST", "/api/v1/requests/{id}/lead-outcome", writers, record_outcome});
  routes.push_back({"GET", "/api/v1/assessments/pending", all_role_set(), unassessed});
  routes.push_back({"GET", "/api/v1/reports", all_role_set(), list});
  routes.push_back({"POST", "/api/v1/reports", writers, publish});
  routes.push_back({"GET", "/api/v1/reports/{id}", all_role_set(), get_one});
  routes.push_back({"GET", "/api/v1/reports/{id}/check", all_role_set(), check});
  routes.push_back({"POST", "/api/v1/reports/{id}/countersign", writers, countersign});
  const auto case_writers = reports::kCaseWriters;
  routes.push_back({"GET", "/api/v1/cases", all_role_set(), cases});
  routes.push_back({"POST", "/api/v1/cases", case_writers, propose_case});
  routes.push_back({"GET", "/api/v1/cases/{id}", all_role_set(), get_case});
  routes.push_back({"POST", "/api/v1/cases/{id}/accept", case_writers, accept_case});
  routes.push_back({"POST", "/api/v1/cases/{id}/status", case_writers, case_status});
}

}  // namespace liaison::http
