// Requests for assistance: the register, the builder's validation, events, the thread,
// attachments and the ledger history of a request.
#include "requests/routes.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/service.h"
#include "http/api_internal.h"
#include "ledger/record.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/transfers.h"
#include "requests/service.h"
#include "store/records.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

// The earliest receipt by one of `receivers` that covers (origin, seq). Receipts cover a whole
// chain, redacted records included, so only a recipient's receipt says it got the content.
json::value receipt_for(store::Db& db, const std::string& origin, int64_t seq,
                        const std::vector<std::string>& receivers) {
  std::string in;
  for (size_t i = 0; i < receivers.size(); ++i) in += i ? ",?" : "?";
  if (in.empty()) return nullptr;
  // Prepared once per connection and number of receivers (one per register row otherwise).
  auto q = db.cached("SELECT doc FROM receipts WHERE origin=? AND up_to_seq>=? AND receiver IN (" +
                     in + ") ORDER BY up_to_seq, json_extract(doc, '$.received_at') LIMIT 1");
  if (!q.is_ok()) return nullptr;
  store::StmtReset reset(**q);
  (*q)->bind(1, origin).bind(2, seq);
  for (size_t i = 0; i < receivers.size(); ++i) (*q)->bind(static_cast<int>(i + 3), receivers[i]);
  auto row = (*q)->step();
  if (!row.is_ok() || !*row) return nullptr;
  json::object r = parse_doc((*q)->text(0));
  return json::object{{"by", r["receiver"]}, {"at", r["received_at"]}, {"record", r["id"]}};
}

// Delivery of a request's submission: local (draft), queued (no receipt yet), delivered
// (the requested party's signed receipt), acknowledged.
json::object delivery_in(store::Db& db, const json::object& doc) {
  std::string state = str_of(doc, "state");
  if (state == "draft") return json::object{{"state", "local"}};
  std::string id = str_of(doc, "id");
  std::string requesting = str_of(doc, "requesting_party");
  json::object out{{"state", "queued"}};
  const auto fill = [&]() -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt * q,
                             db.cached("SELECT seq, created_at FROM records WHERE object_id=? AND "
                                       "origin=? AND kind='request.event' AND "
                                       "json_extract(body, '$.content.payload.event')='submit'"));
    store::StmtReset reset(*q);
    q->bind(1, id).bind(2, requesting);
    LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
    if (!row) return Status::ok();
    out["submit_record"] = requesting + ":" + std::to_string(q->int64(0));
    out["submitted_at"] = q->text(1);
    json::value receipt =
        receipt_for(db, requesting, q->int64(0), {str_of(doc, "requested_party")});
    if (!receipt.is_null()) {
      out["state"] = "delivered";
      out["receipt"] = std::move(receipt);
    }
    return Status::ok();
  };
  (void)fill();  // (a failed read leaves it "queued")
  if (!str_of(doc, "acknowledged_at").empty()) out["state"] = "acknowledged";
  return out;
}

// A request document as the API shows it to this user, inside the caller's read: plus
// direction and delivery; with `with_events` the events this user may cause and every
// deadline clock, else the most urgent clock. (`policies`: one per read, so a page of the
// register loads each party's policy once.)
json::object render_request_in(Context& ctx, store::Db& db, const std::string& doc,
                               bool with_events, node::PolicyCache& policies) {
  json::object o = parse_doc(doc);
  o["delivery"] = delivery_in(db, o);
  bool outgoing = str_of(o, "requesting_party") == ctx.node.party();
  o["direction"] = outgoing ? "outgoing" : "incoming";
  if (with_events) {
    json::array events;
    auto state = model::parse_state(str_of(o, "state"));
    auto resume = model::parse_state(str_of(o, "resume_state"));
    if (state && resume && node::kRequestWriters.allows(ctx.actor.role)) {
      model::RequestStatus st{*state, *resume};
      for (auto e : model::allowed_events(
               st, outgoing ? model::Side::kRequester : model::Side::kRequested)) {
        events.emplace_back(model::to_string(e));
      }
    }
    o["allowed_events"] = std::move(events);
    auto deadlines = node::request_deadlines_in(db, ctx.node, o, policies);
    o["deadlines"] = deadlines.is_ok() ? std::move(*deadlines) : json::value(nullptr);
  } else {
    auto deadline = node::deadline_summary_in(db, ctx.node, o, policies);
    o["deadline"] = deadline.is_ok() ? std::move(*deadline) : json::value(nullptr);
  }
  return o;
}

// The request as the API shows it. A failed read or a stored document that is not an object
// is an error (500), never an empty object under a success code.
Result<json::object> render_request(Context& ctx, const std::string& doc, bool with_events) {
  LIAISON_RETURN_IF_ERROR(parse_json_object(doc, "the stored request").status());
  json::object o;
  LIAISON_RETURN_IF_ERROR(ctx.node.pool().read([&](store::Db& db) -> Status {
    node::PolicyCache policies;
    o = render_request_in(ctx, db, doc, with_events, policies);
    return Status::ok();
  }));
  return o;
}

// `status` with the rendered request, or the error that kept it from being rendered.
Response rendered(Context& ctx, int status, const std::string& doc) {
  auto o = render_request(ctx, doc, true);
  if (!o.is_ok()) return error_response(internal_error(o.status().message()));
  return json_response(status, std::move(*o));
}

Response list_page(const node::DocPage& page, int p, int per_page,
                   const std::function<json::value(const std::string&)>& render) {
  json::array items;
  for (const auto& d : page.docs) items.push_back(render(d));
  return json_response(
      200,
      json::object{
          {"items", std::move(items)}, {"total", page.total}, {"page", p}, {"per_page", per_page}});
}

// What the register derives from each row's document (its delivery and clocks), from the
// row's members those are computed from, kept per request until the request changes (its
// `last_record`): a page then neither parses nor re-serialises its documents, which made
// three quarters of its cost (issue 13: the default page at 64 connections).
class RowFacts {
 public:
  std::shared_ptr<const json::object> get(const node::Node& node, const std::string& doc,
                                          const std::string& version) {
    // The record that last changed the row ("ORIGIN:SEQ"), the node (a test process runs
    // several) and the document's length and hash: a key no other document has.
    std::string key = version;
    key += '\n' + std::to_string(reinterpret_cast<uintptr_t>(&node)) + '\n' +
           std::to_string(doc.size()) + '\n' + std::to_string(std::hash<std::string>{}(doc));
    {
      std::lock_guard lock(mu_);
      auto it = facts_.find(key);
      if (it != facts_.end()) return it->second;
    }
    json::object full = parse_doc(doc);
    auto facts = std::make_shared<json::object>();
    for (const char* k : {"id", "state", "acknowledged_at"}) copy(full, *facts, k);
    for (const char* k : node::kDeadlineMembers) copy(full, *facts, k);
    std::lock_guard lock(mu_);
    if (facts_.size() >= kMaxRows) facts_.clear();
    facts_.emplace(std::move(key), facts);
    return facts;
  }

 private:
  static void copy(const json::object& from, json::object& to, const char* k) {
    if (auto* v = from.if_contains(k)) to[k] = *v;
  }
  static constexpr size_t kMaxRows = 8192;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const json::object>> facts_;
};

// A row of the register: its stored document as written, with `delivery`, `direction` and
// the most urgent `deadline` appended (the same members render_request_in adds).
void append_row(Context& ctx, store::Db& db, const std::string& doc, const json::object& facts,
                node::PolicyCache& policies, std::string& out) {
  size_t end = doc.find_last_of('}');
  size_t last = doc.find_last_not_of(" \t\r\n", end == std::string::npos ? 0 : end - 1);
  if (end == std::string::npos || last == std::string::npos) {
    out += "{}";
    return;
  }
  out.append(doc, 0, end);
  if (doc[last] != '{') out += ',';
  out += "\"delivery\":";
  out += json::serialize(delivery_in(db, facts));
  out += str_of(facts, "requesting_party") == ctx.node.party()
             ? ",\"direction\":\"outgoing\",\"deadline\":"
             : ",\"direction\":\"incoming\",\"deadline\":";
  auto deadline = node::deadline_summary_in(db, ctx.node, facts, policies);
  out += deadline.is_ok() ? json::serialize(*deadline) : "null";
  out += '}';
}

#ifndef NDEBUG
// Debug builds (the tests) check each row of the register against the document rendered
// in full, as GET /requests/{id} would render it without its events.
void check_row(Context& ctx, store::Db& db, const std::string& doc, std::string_view row) {
  node::PolicyCache fresh;
  json::value full = render_request_in(ctx, db, doc, false, fresh);
  json::value fast = json::parse(row);
  for (json::value* v : {&full, &fast}) {  // (a second may pass between the two)
    json::value& d = v->as_object()["deadline"];
    if (d.is_object()) d.as_object().erase("remaining_seconds");
  }
  if (full == fast) return;
  spdlog::critical("register row differs from the full rendering: {} != {}", json::serialize(fast),
                   json::serialize(full));
  std::abort();
}
#endif

Response list(Context& ctx) {
  static RowFacts row_facts;
  std::vector<std::pair<std::string, std::string>> params(ctx.req.query.begin(),
                                                          ctx.req.query.end());
  auto q = node::parse_request_query(params);
  if (!q.is_ok()) return error_response(q.status());
  // The page's rows and their deadline clocks in the read that found them, each party's
  // policy loaded once.
  std::string out = "{\"items\":[";
  auto render = [&](store::Db& db, const node::DocPage& page) -> Status {
    size_t bytes = 0;
    for (const auto& d : page.docs) bytes += d.size() + 256;
    out.reserve(bytes + 128);
    node::PolicyCache policies;
    for (size_t i = 0; i < page.docs.size(); ++i) {
      if (i) out += ',';
      auto facts = row_facts.get(ctx.node, page.docs[i], page.versions.at(i));
      [[maybe_unused]] const size_t at = out.size();
      append_row(ctx, db, page.docs[i], *facts, policies, out);
#ifndef NDEBUG
      check_row(ctx, db, page.docs[i], std::string_view(out).substr(at));
#endif
    }
    return Status::ok();
  };
  auto page = node::list_requests(ctx.node, *q, render);
  if (!page.is_ok()) {
    // Searches are admitted a few at a time (node::list_requests); the rest are turned away
    // at once, not queued on a server thread (`liaison serve` queues them before: is_search).
    if (page.status().code() == StatusCode::kResourceExhausted) return search_busy_response();
    return error_response(page.status());
  }
  out += "],\"total\":" + std::to_string(page->total) +
         ",\"total_exact\":" + (page->total_exact ? "true" : "false") +
         ",\"page\":" + std::to_string(q->page) + ",\"per_page\":" + std::to_string(q->per_page) +
         "}";
  return json_response(200, std::move(out));
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

Response records(Context& ctx) {
  auto recs = node::request_records(ctx.node, ctx.params["id"]);
  if (!recs.is_ok()) return error_response(recs.status());
  if (recs->empty()) return error_response(not_found("no request " + ctx.params["id"], "id"));
  auto keys = ctx.node.party_keys();
  if (!keys.is_ok()) return error_response(keys.status());
  json::array items;
  Status st = ctx.node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt f,
                             db.prepare("SELECT flag FROM records WHERE origin=? AND seq=?"));
    for (const auto& r : *recs) {
      std::string key;
      for (const auto& [code, k] : *keys) {
        if (code == r.origin) key = k;
      }
      bool valid = !key.empty() && ledger::verify_record(r, key).is_ok();
      f.reset();
      f.bind(1, r.origin).bind(2, r.seq);
      LIAISON_ASSIGN_OR_RETURN(bool row, f.step());
      items.push_back(json::object{{"receipt", receipt_for(db, r.origin, r.seq, r.recipients)},
                                   {"flag", row ? f.text(0) : std::string()},
                                   {"origin", r.origin},
                                   {"seq", r.seq},
                                   {"kind", r.kind},
                                   {"object_id", r.object_id},
                                   {"created_at", r.created_at},
                                   {"hash", r.hash},
                                   {"prev_hash", r.prev_hash},
                                   {"signature", r.signature},
                                   {"signer_key", to_base64(key)},
                                   {"signature_valid", valid},
                                   {"recipients", json::value_from(r.recipients)},
                                   {"payload", parse_doc(r.payload)}});
    }
    return Status::ok();
  });
  if (!st.is_ok()) return error_response(st);
  return json_response(200, json::object{{"items", std::move(items)}});
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
  Status st = node::retry_transfer(ctx.node, ctx.actor, ctx.params["id"], ctx.params["sha256"]);
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
