// Requests for assistance: the register, the builder's validation, events, the thread,
// attachments and the ledger history of a request.
#include "requests/routes.h"

#include <cctype>
#include <map>
#include <vector>

#include "common/json_fields.h"
#include "http/api_internal.h"
#include "http/export.h"
#include "http/list.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/transfers.h"
#include "requests/printout.h"
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

// A member of a member ("delivery", "state") as text, "" when absent.
std::string nested(const json::object& o, const char* outer, const char* inner) {
  auto* v = o.if_contains(outer);
  return v && v->is_object() ? str_of(v->get_object(), inner) : std::string();
}

// The register's columns, as the console's register shows them.
outputs::Table register_table(const json::array& items) {
  using outputs::ColumnKind;
  outputs::Table t{
      {{"requester_ref", "Requester's reference", "请求方编号"},
       {"requested_ref", "Requested party's reference", "被请求方编号"},
       {"title", "Title", "标题"},
       {"title_translation", "Title (translation)", "标题（译文）"},
       {"type", "Type", "类型"},
       {"priority", "Priority", "优先级"},
       {"state", "State", "状态"},
       {"direction", "Direction", "方向"},
       {"requesting_party", "Requesting party", "请求方"},
       {"requested_party", "Requested party", "被请求方"},
       {"delivery", "Delivery", "送达"},
       {"deadline_clock", "Next deadline", "最近时限"},
       {"deadline_due_at", "Next deadline due (UTC)", "最近时限到期 (UTC)", ColumnKind::kTime},
       {"respond_by", "Respond by (UTC)", "答复期限 (UTC)", ColumnKind::kTime},
       {"updated_at", "Updated (UTC)", "更新时间 (UTC)", ColumnKind::kTime},
       {"created_at", "Created (UTC)", "创建时间 (UTC)", ColumnKind::kTime},
       {"id", "Id", "标识"}},
      {}};
  for (const auto& v : items) {
    if (!v.is_object()) continue;
    const json::object& r = v.get_object();
    t.rows.push_back(
        {str_of(r, "requester_ref"), str_of(r, "requested_ref"), nested(r, "title", "original"),
         nested(r, "title", "translation"), str_of(r, "type"), str_of(r, "priority"),
         str_of(r, "state"), str_of(r, "direction"), str_of(r, "requesting_party"),
         str_of(r, "requested_party"), nested(r, "delivery", "state"),
         nested(r, "deadline", "clock"), nested(r, "deadline", "due_at"), str_of(r, "respond_by"),
         str_of(r, "updated_at"), str_of(r, "created_at"), str_of(r, "id")});
  }
  return t;
}

// The whole filtered register as a file: the register's rows, every page of them.
Response register_file(Context& ctx, node::RequestQuery q, const Export& e) {
  q.page = 1;
  q.per_page = kMaxExportRows + 1;
  auto page = requests::register_view(ctx.node, q);
  if (!page.is_ok()) {
    if (page.status().code() == StatusCode::kResourceExhausted) return search_busy_response();
    return error_response(page.status());
  }
  json::object o = parse_doc(*page);
  auto items = array_field(o, "items");
  if (!items.is_ok()) return error_response(internal_error("the register has no items"));
  if (Status st = check_export_rows((*items)->size()); !st.is_ok()) return error_response(st);
  return export_response(ctx, register_table(**items), e, "register");
}

Response list(Context& ctx) {
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  auto q = node::parse_request_query(filter_params(ctx.req));
  if (!q.is_ok()) return error_response(q.status());
  if (q->assignee == "me") q->assignee = ctx.actor.username;
  if (e->is_file()) return register_file(ctx, *q, *e);
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

// Every problem of a draft at once (issue 17, item 12): the parse stops at the first bad field,
// so that field (or that item of a list) is set aside and the rest parsed again, until the
// rest is well formed — its checklist is then the completeness shown. `kept` maps the items
// left in a list to their places in the builder's list, so each error names the item the
// user sees ("identifiers[2].value" stays 2 after item 0 was set aside).
class ContentProblems {
 public:
  explicit ContentProblems(json::object o) : o_(std::move(o)) {}

  json::object run() {
    json::array errors;
    json::value completeness = nullptr;
    for (int round = 0; round < kMaxProblems; ++round) {
      auto content = model::content_from_json(o_);
      if (content.is_ok()) {
        completeness = model::to_json(model::assess(*content));
        break;
      }
      const Status& st = content.status();
      std::string field = st.field();
      const bool dropped = set_aside(field);
      json::object problem = error_json(st);
      problem["field"] = field;
      errors.push_back(std::move(problem));
      if (!dropped) break;
    }
    return json::object{{"completeness", std::move(completeness)}, {"errors", std::move(errors)}};
  }

 private:
  static constexpr int kMaxProblems = 64;

  // Removes what `field` names ("priority", "title.lang", "identifiers[2].value") and rewrites
  // a list index to the builder's; false when there is nothing to remove.
  bool set_aside(std::string& field) {
    const size_t cut = field.find_first_of("[.");
    const std::string top = field.substr(0, cut);
    auto it = o_.find(top);
    if (top.empty() || it == o_.end() || top == "type" || top == "requested_party") return false;
    if (cut == std::string::npos || field[cut] != '[' || !it->value().is_array()) {
      o_.erase(it);
      return true;
    }
    json::array& items = it->value().as_array();
    size_t i = 0;
    const size_t close = field.find(']', cut);
    for (size_t k = cut + 1; k < close && k < field.size(); ++k) {
      if (!std::isdigit(static_cast<unsigned char>(field[k]))) return false;
      i = i * 10 + static_cast<size_t>(field[k] - '0');
    }
    if (close == std::string::npos || i >= items.size()) return false;
    auto& kept = kept_[top];
    if (kept.empty()) {
      for (size_t k = 0; k < items.size(); ++k) kept.push_back(k);
    }
    field = top + "[" + std::to_string(kept[i]) + field.substr(close);
    kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }

  json::object o_;
  std::map<std::string, std::vector<size_t>> kept_;
};

Response validate(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  json::object o = body->get_object();
  o["requesting_party"] = ctx.node.party();
  return json_response(200, ContentProblems(std::move(o)).run());
}

// GET /requests/{id}.pdf or ?format=pdf: the printed form (requests/printout.h), by id or
// reference; who printed which request is in the audit trail like a read.
Response print(Context& ctx, const std::string& id) {
  auto p = requests::print_request(ctx.node, id);
  if (!p.is_ok()) return error_response(p.status());
  if (Status st = node::audit(ctx.node, ctx.actor, "request.print", "request/" + p->id);
      !st.is_ok()) {
    return error_response(st);
  }
  std::string name;
  for (char c : p->reference.empty() ? p->id : p->reference) {
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  }
  Response r;
  r.content_type = "application/pdf";
  r.body = std::move(p->pdf);
  r.set_header("Content-Disposition", "attachment; filename=\"request-" + name + ".pdf\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response get(Context& ctx) {
  std::string id = ctx.params["id"];
  const std::string format = ctx.req.query_param("format");
  const bool pdf_suffix = id.size() > 4 && id.ends_with(".pdf");
  if (pdf_suffix) id.resize(id.size() - 4);
  if (!format.empty() && format != "json" && format != "pdf") {
    return error_response(invalid_argument("format must be json or pdf", "format")
                              .with_reason(Reason::kNotOneOf,
                                           {{"allowed", std::vector<std::string>{"json", "pdf"}}}));
  }
  if (format == "pdf" || (pdf_suffix && format.empty())) return print(ctx, id);
  if (pdf_suffix)
    return error_response(
        invalid_argument("format must be pdf for .pdf", "format")
            .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"pdf"}}}));
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
    return error_response(invalid_argument("content type too long", "Content-Type")
                              .with_reason(Reason::kTooLong, {{"max", int64_t{200}}}));
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
  return error_response(no_such("attachment", ctx.params["sha256"], "sha256"));
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

namespace {

// A uuid as new_uuid() writes it: 36 characters, dashes at 8, 13, 18 and 23, hex elsewhere.
bool looks_like_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

RouteFn by_request_ref(RouteFn fn) {
  return [fn = std::move(fn)](Context& ctx) -> Response {
    std::string& id = ctx.params["id"];
    // A suffix such as ".pdf" (GET /requests/{id}.pdf) stays; ids and references hold no dot.
    const size_t dot = id.find('.');
    const std::string stem = id.substr(0, dot);
    if (!looks_like_uuid(stem)) {
      auto resolved = node::resolve_request_id(ctx.node, stem);
      if (!resolved.is_ok()) return error_response(resolved.status());
      id = *resolved + (dot == std::string::npos ? std::string() : id.substr(dot));
    }
    return fn(ctx);
  };
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
