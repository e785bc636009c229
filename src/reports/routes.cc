// Assessments of ended requests and bilateral reports: parse, call reports/service.h, render.
#include "reports/routes.h"

#include "common/crypto.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "reports/cases.h"
#include "reports/outputs.h"
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

// GET /leads?direction=incoming|outgoing&page&per_page: the leads with when each outcome is due.
Response leads(Context& ctx) {
  const std::string direction = ctx.req.query_param("direction");
  if (!direction.empty() && direction != "incoming" && direction != "outgoing") {
    return error_response(
        invalid_argument("direction must be incoming or outgoing", "direction")
            .with_reason(Reason::kNotOneOf,
                         {{"allowed", std::vector<std::string>{"incoming", "outgoing"}}}));
  }
  auto p = paging(ctx.req, 100, 200);
  if (!p.is_ok()) return error_response(p.status());
  auto page = reports::list_leads(ctx.node, direction, p->page, p->per_page);
  if (!page.is_ok()) return error_response(page.status());
  json::array items;
  for (const auto& d : page->docs) items.push_back(json::parse(d));
  return list_response(std::move(items), page->total, *p);
}

Response unassessed(Context& ctx) { return text_or_error(reports::unassessed(ctx.node)); }

Response list(Context& ctx) { return text_or_error(reports::list_reports(ctx.node)); }

// The format and language of a download: `format` (else the path's suffix "{id}.pdf", else
// json) and `lang` (default both). Errors name `format` or `lang`.
struct Download {
  reports::OutputFormat format = reports::OutputFormat::kJson;
  reports::Lang lang = reports::Lang::kBoth;
};

Result<Download> download_of(const Request& req, const std::string& suffix) {
  Download d;
  std::string f = req.query_param("format");
  if (f.empty()) f = suffix.empty() ? "json" : suffix;
  LIAISON_ASSIGN_OR_RETURN(d.format, reports::parse_output_format(f));
  const std::string lang = req.query_param("lang");
  if (!lang.empty() || req.query.count("lang")) {
    LIAISON_ASSIGN_OR_RETURN(d.lang, reports::parse_lang(lang));
  }
  return d;
}

// The file of a report's figures in the download's format.
Response file_response(Context& ctx, const reports::OutputInput& in, reports::OutputFormat f,
                       const std::string& name) {
  auto bytes = reports::render(in, f, ctx.node.path("run/report-" + new_uuid() + ".xlsx"));
  if (!bytes.is_ok()) return error_response(bytes.status());
  Response r;
  r.content_type = reports::content_type(f);
  std::string safe;
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  r.set_header("Content-Disposition",
               "attachment; filename=\"" + safe + "." + reports::extension(f) + "\"");
  r.set_header("Cache-Control", "no-store");
  r.body = std::move(*bytes);
  return r;
}

// GET /reports/{id}: the document (JSON), or with format= (or "{id}.pdf") the report's file.
Response get_one(Context& ctx) {
  std::string id = ctx.params["id"], suffix;
  if (auto dot = id.rfind('.'); dot != std::string::npos) {
    suffix = id.substr(dot + 1);
    id = id.substr(0, dot);
  }
  auto dl = download_of(ctx.req, suffix);
  if (!dl.is_ok()) return error_response(dl.status());
  auto doc = reports::get_report(ctx.node, id);
  if (!doc.is_ok() || dl->format == reports::OutputFormat::kJson) return text_or_error(doc);
  auto in = reports::output_input("", dl->lang, *doc);
  if (!in.is_ok()) return error_response(in.status());
  return file_response(ctx, *in, dl->format, "report-" + id);
}

// GET /report-figures?from&to[&party][&format][&lang]: the figures of a period as this node
// holds the records now (nothing written), as JSON or a file.
Response live_figures(Context& ctx) {
  auto dl = download_of(ctx.req, "");
  if (!dl.is_ok()) return error_response(dl.status());
  json::object body;
  for (const char* k : {"from", "to", "party"}) {
    if (ctx.req.query.count(k)) body[k] = ctx.req.query_param(k);
  }
  auto spec = reports::report_spec_from_json(body);
  if (!spec.is_ok()) return error_response(spec.status());
  auto c = reports::compute_report(ctx.node, *spec);
  if (!c.is_ok()) return error_response(c.status());
  if (dl->format == reports::OutputFormat::kJson) return json_response(200, std::move(c->figures));
  auto in = reports::output_input(std::move(c->figures), dl->lang);
  if (!in.is_ok()) return error_response(in.status());
  return file_response(
      ctx, *in, dl->format,
      "figures-" + spec->period.from.substr(0, 10) + "-" + spec->period.to.substr(0, 10));
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
  routes.push_back({"GET", "/api/v1/leads", all_role_set(), leads});
  routes.push_back({"GET", "/api/v1/requests/{id}/lead-outcome", all_role_set(), outcome});
  routes.push_back({"POST", "/api/v1/requests/{id}/lead-outcome", writers, record_outcome});
  routes.push_back({"GET", "/api/v1/assessments/pending", all_role_set(), unassessed});
  routes.push_back({"GET", "/api/v1/reports", all_role_set(), list});
  routes.push_back({"POST", "/api/v1/reports", writers, publish});
  routes.push_back({"GET", "/api/v1/reports/{id}", all_role_set(), get_one});
  routes.push_back({"GET", "/api/v1/report-figures", all_role_set(), live_figures});
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
