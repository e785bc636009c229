#include "requests/views.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/service.h"
#include "http/list.h"
#include "model/request.h"
#include "requests/repository.h"
#include "store/sqlite/db.h"

namespace liaison::requests {

namespace json = boost::json;

namespace {

// A stored document (written by apply(), so trusted); {} when it is not an object.
json::object parse_doc(const std::string& doc) {
  boost::system::error_code ec;
  json::value v = json::parse(doc, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.get_object());
}

// The earliest receipt by one of `receivers` that covers (origin, seq). Receipts cover a whole
// chain, redacted records included, so only a recipient's receipt says it got the content.
json::value receipt_for(store::Db& db, const std::string& origin, int64_t seq,
                        const std::vector<std::string>& receivers) {
  auto doc = first_receipt_doc(db, origin, seq, receivers);
  if (!doc.is_ok() || !*doc) return nullptr;
  json::object r = parse_doc(**doc);
  return json::object{{"by", r["receiver"]}, {"at", r["received_at"]}, {"record", r["id"]}};
}

// Delivery of a request's submission: local (draft), queued (no receipt yet), delivered
// (the requested party's signed receipt), acknowledged.
json::object delivery_in(store::Db& db, const json::object& doc) {
  std::string state = str_of(doc, "state");
  if (state == "draft") return json::object{{"state", "local"}};
  std::string requesting = str_of(doc, "requesting_party");
  json::object out{{"state", "queued"}};
  auto submit = submit_record(db, str_of(doc, "id"), requesting);
  if (submit.is_ok() && *submit) {  // (a failed read leaves it "queued")
    out["submit_record"] = requesting + ":" + std::to_string((*submit)->seq);
    out["submitted_at"] = (*submit)->created_at;
    json::value receipt =
        receipt_for(db, requesting, (*submit)->seq, {str_of(doc, "requested_party")});
    if (!receipt.is_null()) {
      out["state"] = "delivered";
      out["receipt"] = std::move(receipt);
    }
  }
  if (!str_of(doc, "acknowledged_at").empty()) out["state"] = "acknowledged";
  return out;
}

// A request document as the API shows it to a user of `role`, inside the caller's read: plus
// direction and delivery; with `with_events` the events this user may cause and every
// deadline clock, else the most urgent clock. (`policies`: one per read, so a page of the
// register loads each party's policy once.)
json::object render_request_in(node::Node& node, node::Role role, store::Db& db,
                               const std::string& doc, bool with_events,
                               node::PolicyCache& policies) {
  json::object o = parse_doc(doc);
  o["delivery"] = delivery_in(db, o);
  bool outgoing = str_of(o, "requesting_party") == node.party();
  o["direction"] = outgoing ? "outgoing" : "incoming";
  if (with_events) {
    json::array events;
    auto state = model::parse_state(str_of(o, "state"));
    auto resume = model::parse_state(str_of(o, "resume_state"));
    if (state && resume && node::kRequestWriters.allows(role)) {
      model::RequestStatus st{*state, *resume};
      for (auto e : model::allowed_events(
               st, outgoing ? model::Side::kRequester : model::Side::kRequested)) {
        events.emplace_back(model::to_string(e));
      }
    }
    o["allowed_events"] = std::move(events);
    auto deadlines = node::request_deadlines_in(db, node, o, policies);
    o["deadlines"] = deadlines.is_ok() ? std::move(*deadlines) : json::value(nullptr);
  } else {
    auto deadline = node::deadline_summary_in(db, node, o, policies);
    o["deadline"] = deadline.is_ok() ? std::move(*deadline) : json::value(nullptr);
  }
  return o;
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
void append_row(node::Node& node, store::Db& db, const std::string& doc, const json::object& facts,
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
  out += str_of(facts, "requesting_party") == node.party()
             ? ",\"direction\":\"outgoing\",\"deadline\":"
             : ",\"direction\":\"incoming\",\"deadline\":";
  auto deadline = node::deadline_summary_in(db, node, facts, policies);
  out += deadline.is_ok() ? json::serialize(*deadline) : "null";
  out += '}';
}

#ifndef NDEBUG
// Debug builds (the tests) check each row of the register against the document rendered
// in full, as GET /requests/{id} would render it without its events.
void check_row(node::Node& node, store::Db& db, const std::string& doc, std::string_view row) {
  node::PolicyCache fresh;
  // Without its events, so the role does not matter.
  json::value full = render_request_in(node, node::Role::kAuditor, db, doc, false, fresh);
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

}  // namespace

Result<std::string> request_view(node::Node& node, node::Role role, const std::string& doc) {
  boost::system::error_code ec;
  json::value parsed = json::parse(doc, ec);
  if (ec || !parsed.is_object()) return internal_error("the stored request is not a JSON object");
  json::object o;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    node::PolicyCache policies;
    o = render_request_in(node, role, db, doc, true, policies);
    return Status::ok();
  }));
  return json::serialize(o);
}

Result<std::string> register_view(node::Node& node, const node::RequestQuery& q) {
  static RowFacts row_facts;
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
      auto facts = row_facts.get(node, page.docs[i], page.versions.at(i));
      [[maybe_unused]] const size_t at = out.size();
      append_row(node, db, page.docs[i], *facts, policies, out);
#ifndef NDEBUG
      check_row(node, db, page.docs[i], std::string_view(out).substr(at));
#endif
    }
    return Status::ok();
  };
  LIAISON_ASSIGN_OR_RETURN(node::DocPage page, node::list_requests(node, q, render));
  out += "],\"total\":" + std::to_string(page.total) +
         ",\"total_exact\":" + (page.total_exact ? "true" : "false") +
         ",\"page\":" + std::to_string(q.page) + ",\"per_page\":" + std::to_string(q.per_page) +
         "}";
  return out;
}

Result<std::string> records_view(node::Node& node, const std::string& request_id) {
  LIAISON_ASSIGN_OR_RETURN(auto recs, node::request_records(node, request_id));
  if (recs.empty()) return not_found("no request " + request_id, "id");
  LIAISON_ASSIGN_OR_RETURN(auto keys, node.party_keys());
  json::array items;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    for (const auto& r : recs) {
      std::string key;
      for (const auto& [code, k] : keys) {
        if (code == r.origin) key = k;
      }
      bool valid = !key.empty() && ledger::verify_record(r, key).is_ok();
      LIAISON_ASSIGN_OR_RETURN(std::string flag, record_flag(db, r.origin, r.seq));
      items.push_back(json::object{{"receipt", receipt_for(db, r.origin, r.seq, r.recipients)},
                                   {"flag", flag},
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
  }));
  return json::serialize(http::list_envelope(std::move(items)));
}

}  // namespace liaison::requests
