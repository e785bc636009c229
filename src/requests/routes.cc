// Requests for assistance: the register, the builder's validation, events, the thread,
// attachments and the ledger history of a request.
#include "requests/routes.h"

#include "common/json_fields.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/transfers.h"
#include "requests/service.h"
#include "requests/views.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

// `status` with the rendered request, or the error that kept it from being rendered.
Response rendered(Context& ctx, int status, const std::string& doc) {
  auto o = requests::request_view(ctx.node, ctx.actor.role, doc);
  if (!o.is_ok()) return error_response(internal_error(o.status().message()));
  return json_response(status, std::move(*o));
}

Response list_page(const node::DocPage& page, int p, int per_page,
                   const std::function<json::value(const std::string&)>& render) {
  json::array items;
  for (const auto& d : page.docs) items.push_back(render(d));
  return list_response(std::move(items), page.total, Paging{p, per_page});
}

Response list(Context& ctx) {
  std::vector<std::pair<std::string, std::string>> params(ctx.req.query.begin(),
                                                          ctx.req.query.end());
  auto q = node::parse_request_query(params);
  if (!q.is_ok()) return error_response(q.status());
  if (q->assignee == "me") q->assignee = ctx.actor.username;
  auto page = requests::register_view(ctx.node, *q);
  if (!page.is_ok()) {
    // Searches are admitted a few at a time (node::list_requests); the rest are turned away
    // at once, not queued on a server thread (`liaison serve` queues them before: is_search).
    if (page.status().code() == StatusCode::kResourceExhausted) return search_busy_response();
    return error_response(page.status());
  }
  return json_response(200, std::move(*page));
}

Response create(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::create_request(ctx.node, ctx.actor, *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return rendered(ctx, 201, *doc);
}

Response validate(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(invalid_argument("body must be an object", "body"));
  json::object o = body->get_object();
  o["requesting_party"] = ctx.node.party();
  json::array errors;
  json::value completeness = nullptr;
  auto content = model::content_from_json(o);
  if (content.is_ok()) {
    completeness = model::to_json(model::assess(*content));
  } else {
    const Status& st = content.status();
    errors.push_back(json::object{
        {"code", status_code_name(st.code())}, {"message", st.message()}, {"field", st.field()}});
  }
  return json_response(
      200, json::object{{"completeness", std::move(completeness)}, {"errors", std::move(errors)}});
}

Response get(Context& ctx) {
  auto doc = node::get_request(ctx.node, ctx.params["id"]);
  if (!doc.is_ok()) return error_response(doc.status());
  // Who read which request is part of the audit trail (brief §4, Security).
  if (Status st = node::audit(ctx.node, ctx.actor, "request.read", "request/" + ctx.params["id"]);
      !st.is_ok()) {
    return error_response(st);
  }
  return rendered(ctx, 200, *doc);
}

Response patch(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::update_request(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return rendered(ctx, 200, *doc);
}

Response event(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::request_event(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return rendered(ctx, 200, *doc);
}

Response assign(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::assign_request(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return rendered(ctx, 200, *doc);
}

Response assignees(Context& ctx) {
  auto users = node::assignable_users(ctx.node);
  if (!users.is_ok()) return error_response(users.status());
  json::array items;
  for (const auto& u : *users) {
    items.push_back(json::object{
        {"username", u.username}, {"name", u.display_name}, {"role", node::to_string(u.role)}});
  }
  return list_response(std::move(items));
}

Response records(Context& ctx) {
  auto items = requests::records_view(ctx.node, ctx.params["id"]);
  if (!items.is_ok()) return error_response(items.status());
  return json_response(200, std::move(*items));
}

Response messages(Context& ctx) {
  auto page = node::list_messages(ctx.node, ctx.params["id"]);
  if (!page.is_ok()) return error_response(page.status());
  return list_page(*page, 1, static_cast<int>(page->total),
                   [](const std::string& d) { return json::value(parse_doc(d)); });
}

Response post_message(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::post_message(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(201, parse_doc(*doc));
}

Response attachments(Context& ctx) {
  auto page = node::list_attachments(ctx.node, ctx.params["id"]);
  if (!page.is_ok()) return error_response(page.status());
  return list_page(*page, 1, static_cast<int>(page->total),
                   [](const std::string& d) { return json::value(parse_doc(d)); });
}

Response upload(Context& ctx) {
  std::string filename = ctx.req.query_param("filename");
  std::string type = ctx.req.header("content-type");
  if (type.size() > 200)
    return error_response(invalid_argument("content type too long", "Content-Type"));
  auto doc =
      node::add_attachment(ctx.node, ctx.actor, ctx.params["id"], filename, type, ctx.req.body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(201, parse_doc(*doc));
}

Response download(Context& ctx) {
  auto file = node::read_attachment(ctx.node, ctx.actor, ctx.params["id"], ctx.params["sha256"]);
  if (!file.is_ok()) return error_response(file.status());
  Response r;
  // Only inert types are served as what they claim to be: an uploaded text/html or
  // image/svg+xml would otherwise run script in the console's origin.
  static constexpr std::string_view kInert[] = {
      "text/plain",       "text/csv",  "application/pdf", "application/json", "application/zip",
      "application/gzip", "image/png", "image/jpeg",      "image/gif",        "image/webp"};
  std::string_view base =
      std::string_view(file->content_type).substr(0, file->content_type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  bool inert = false;
  for (auto t : kInert) inert = inert || t == base;
  r.content_type = inert ? file->content_type : "application/octet-stream";
  std::string safe;
  for (char c : file->filename) safe += (c == '"' || c == '\\' || c < 0x20) ? '_' : c;
  r.set_header("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  r.set_header("Cache-Control", "no-store");
  r.body = std::move(file->data);
  return r;
}

// Forgets a quarantined or refused transfer so that the fetcher tries again.
Response retry(Context& ctx) {
  Status st = node::retry_attachment(ctx.node, ctx.actor, ctx.params["id"], ctx.params["sha256"]);
  if (!st.is_ok()) return error_response(st);
  auto page = node::list_attachments(ctx.node, ctx.params["id"]);
  if (!page.is_ok()) return error_response(page.status());
  for (const auto& d : page->docs) {
    json::object doc = parse_doc(d);
    if (doc["sha256"] == ctx.params["sha256"].c_str()) return json_response(202, doc);
  }
  return error_response(not_found("no attachment " + ctx.params["sha256"], "sha256"));
}

template <typename T>
json::array names(const std::vector<T>& vals) {
  json::array a;
  for (auto v : vals) a.emplace_back(model::to_string(v));
  return a;
}

// The vocabularies of a request (types with their required items, priorities, areas,
// identifier kinds, states, events …), for the builder and for scripts.
Response request_types(Context&) {
  json::array items;
  for (auto t : model::all_request_types()) {
    json::array req;
    for (const auto& i : model::required_items(t)) req.emplace_back(i);
    items.push_back(json::object{{"type", model::to_string(t)}, {"required", std::move(req)}});
  }
  json::object o;
  o["items"] = std::move(items);
  o["priorities"] = names(std::vector<model::Priority>{model::Priority::kP0, model::Priority::kP1,
                                                       model::Priority::kP2, model::Priority::kP3});
  using PA = model::PriorityArea;
  o["priority_areas"] =
      names(std::vector<PA>{PA::kHacking, PA::kFraud, PA::kCsam, PA::kTerrorism, PA::kIpTheft,
                            PA::kDarknetTrade, PA::kCriticalInfrastructure, PA::kOther});
  using DC = model::DataCategory;
  o["data_categories"] = names(std::vector<DC>{DC::kSubscriber, DC::kTraffic, DC::kContent,
                                               DC::kLocation, DC::kFinancial, DC::kDevice});
  using IK = model::IdentifierKind;
  o["identifier_kinds"] =
      names(std::vector<IK>{IK::kIpv4, IK::kIpv6, IK::kDomain, IK::kUrl, IK::kEmail, IK::kAccount,
                            IK::kPhone, IK::kWallet, IK::kHash});
  using RG = model::RefusalGround;
  o["refusal_grounds"] = names(std::vector<RG>{RG::kDualCriminality, RG::kPoliticalOffence,
                                               RG::kSovereigntySecurity, RG::kInsufficientInfo,
                                               RG::kDataUnavailable, RG::kOutOfScope, RG::kOther});
  o["states"] = names(model::all_states());
  o["events"] = names(model::all_events());
  using C = model::Confidentiality;
  o["confidentiality"] = names(std::vector<C>{C::kStandard, C::kConfidential, C::kDoNotNotify});
  return json_response(200, o);
}

// Oral first, written later (docs/HOTLINE.md): the hotline log's entry and the request opened
// on the requested side; the requester's written confirmation.
Response log_oral_request(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::log_oral_request(ctx.node, ctx.actor, *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(201, json::parse(*doc));
}

Response confirm_in_writing(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  auto doc = node::confirm_in_writing(ctx.node, ctx.actor, ctx.params["id"], *body);
  if (!doc.is_ok()) return error_response(doc.status());
  return json_response(200, json::parse(*doc));
}

}  // namespace

bool is_search(const Request& req) {
  if (req.method != "GET" || req.path != "/api/v1/requests") return false;
  auto q = req.query.find("q");
  return q != req.query.end() && q->second.find_first_not_of(' ') != std::string::npos;
}

Response search_busy_response() {
  Response busy = error_response(
      Status(StatusCode::kResourceExhausted, "too many searches at once; retry in a moment", "q"));
  busy.set_header("Retry-After", "1");
  return busy;
}

void add_request_routes(std::vector<Route>& routes) {
  const auto all = all_role_set();
  const auto writers = node::kRequestWriters;
  routes.push_back({"GET", "/api/v1/requests", all, list});
  routes.push_back({"POST", "/api/v1/requests", writers, create});
  routes.push_back({"POST", "/api/v1/requests/validate", writers, validate});
  routes.push_back({"GET", "/api/v1/request-types", all, request_types});
  routes.push_back({"GET", "/api/v1/requests/{id}", all, get});
  routes.push_back({"PATCH", "/api/v1/requests/{id}", writers, patch});
  routes.push_back({"POST", "/api/v1/requests/{id}/events", writers, event});
  routes.push_back({"POST", "/api/v1/requests/{id}/assignee", node::kRequestAssigners, assign});
  routes.push_back({"GET", "/api/v1/assignees", all, assignees});
  routes.push_back({"GET", "/api/v1/requests/{id}/records", all, records});
  routes.push_back({"GET", "/api/v1/requests/{id}/messages", all, messages});
  routes.push_back({"POST", "/api/v1/requests/{id}/messages", writers, post_message});
  routes.push_back({"GET", "/api/v1/requests/{id}/attachments", all, attachments});
  routes.push_back({"POST", "/api/v1/requests/{id}/attachments", writers, upload});
  routes.push_back({"GET", "/api/v1/requests/{id}/attachments/{sha256}", all, download});
  routes.push_back({"POST",
                    "/api/v1/requests/{id}/attachments/{sha256}/retry",
                    {node::Role::kAdministrator},
                    retry});
  routes.push_back({"POST", "/api/v1/hotline/oral-requests", writers, log_oral_request});
  routes.push_back(
      {"POST", "/api/v1/requests/{id}/written-confirmation", writers, confirm_in_writing});
}

}  // namespace liaison::http
