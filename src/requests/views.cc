#include "requests/views.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/service.h"
#include "http/list.h"
#include "model/request.h"
#include "requests/repository.h"
#include "store/db.h"
#include "store/records.h"

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

// The earliest receipt by one of `receivers` that covers (origin, seq), or null. Receipts
// cover a whole chain, redacted records included, so only a recipient's receipt says it got
// the content.
Result<json::value> receipt_of(store::Db& db, const std::string& origin, int64_t seq,
                               const std::vector<std::string>& receivers) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, first_receipt_doc(db, origin, seq, receivers));
  if (!doc) return json::value(nullptr);
  json::object r = parse_doc(*doc);
  return json::value(
      json::object{{"by", r["receiver"]}, {"at", r["received_at"]}, {"record", r["id"]}});
}

// As receipt_of, with a failed read shown as no receipt.
json::value receipt_for(store::Db& db, const std::string& origin, int64_t seq,
                        const std::vector<std::string>& receivers) {
  auto r = receipt_of(db, origin, seq, receivers);
  return r.is_ok() ? std::move(*r) : json::value(nullptr);
}

// Delivery of a request's submission: local (draft), queued (no receipt yet), delivered
// (the requested party's signed receipt), acknowledged. `read_ok` is cleared when a read
// failed (the delivery then says less than the store does: "queued").
json::object delivery_in(store::Db& db, const StoredRequest& req, bool& read_ok) {
  if (req.is_draft()) return json::object{{"state", "local"}};
  const std::string& requesting = req.content.requesting_party;
  json::object out{{"state", "queued"}};
  auto submit = submit_record(db, req.id, requesting);
  read_ok = read_ok && submit.is_ok();
  if (submit.is_ok() && *submit) {
    out["submit_record"] = requesting + ":" + std::to_string((*submit)->seq);
    out["submitted_at"] = (*submit)->created_at;
    auto receipt = receipt_of(db, requesting, (*submit)->seq, {req.content.requested_party});
    read_ok = read_ok && receipt.is_ok();
    if (receipt.is_ok() && !receipt->is_null()) {
      out["state"] = "delivered";
      out["receipt"] = std::move(*receipt);
    }
  }
  if (!req.acknowledged_at.empty()) out["state"] = "acknowledged";
  return out;
}

// A request document as the API shows it to a user of `role`, inside the caller's read: plus
// direction and delivery; with `with_events` the events this user may cause and every
// deadline clock, else the most urgent clock. (`policies`: one per read, so a page of the
// register loads each party's policy once.) A document that is not a request is an error.
Result<json::object> render_request_in(node::Node& node, node::Role role, store::Db& db,
                                       const std::string& doc, bool with_events,
                                       node::PolicyCache& policies) {
  json::object o = parse_doc(doc);
  auto typed = request_from_doc(o);
  if (!typed.is_ok()) {
    return internal_error("the stored request is damaged: " + typed.status().to_string());
  }
  const StoredRequest& req = *typed;
  bool read_ok = true;
  o["delivery"] = delivery_in(db, req, read_ok);
  const bool outgoing = req.content.requesting_party == node.party();
  o["direction"] = outgoing ? "outgoing" : "incoming";
  if (with_events) {
    json::array events;
    if (node::kRequestWriters.allows(role)) {
      for (auto e : model::allowed_events(
               req.status, outgoing ? model::Side::kRequester : model::Side::kRequested)) {
        events.emplace_back(model::to_string(e));
      }
    }
    o["allowed_events"] = std::move(events);
    auto deadlines = node::request_deadlines_in(db, node, req, policies);
    o["deadlines"] = deadlines.is_ok() ? std::move(*deadlines) : json::value(nullptr);
  } else {
    auto deadline = node::deadline_summary_in(db, node, req, policies);
    o["deadline"] = deadline.is_ok() ? std::move(*deadline) : json::value(nullptr);
  }
  return o;
}

// What a row of the register shows besides its document (its delivery, direction and most
// urgent clock) comes from the document, the ledger's submission record, the receipts, the
// requested party's policy and the time. Reading the first three took three queries a row,
// and parsing the document, most of a page's cost (issue 13: the default page at 64
// connections). A row's facts keep what they give: the delivery as shown and the inputs of
// its clocks.
struct RowFacts {
  std::string delivery;  // the delivery member, serialised
  bool outgoing = false;
  std::optional<node::ClockInputs> clocks;  // none: not readable (the deadline is null)
};

// The part of a row's clocks that does not depend on the time (the rules, due and met times:
// the calendar's work) under one version of the requested party's policy. Only the running
// clocks' state and seconds left are computed for each page, at its time.
struct RowPlan {
  std::string policy;  // PolicyCache's version of the policy it was made under
  hotline::DeadlinePlan plan;
  std::vector<std::string> due_at;  // each clock's due time as shown ("" when none)
};

// The row's most urgent running clock at `now` as node::deadline_summary shows it, serialised,
// from the plan alone: only running clocks and the preservation expiry have a time-dependent
// state (debug builds check the rows against the full rendering).
std::string summary_at(const RowPlan& p, TimePoint now) {
  const hotline::Deadlines& fixed = p.plan.fixed;
  struct Candidate {
    size_t clock;
    int64_t left;
    bool overdue, warn;
  };
  std::optional<Candidate> best;
  auto consider = [&](const Candidate& c) {
    if (!best || c.left < best->left) best = c;
  };
  for (const auto& r : p.plan.running) {
    const auto& due = fixed.clocks[r.clock].due_at;
    if (!due) continue;
    const int64_t left = std::chrono::duration_cast<std::chrono::seconds>(*due - now).count();
    consider({r.clock, left, *due <= now, *due <= now || left <= r.warn_before_seconds});
  }
  if (const auto& e = p.plan.expiry) {
    const auto& due = fixed.clocks[e->clock].due_at;
    const int64_t left = std::chrono::duration_cast<std::chrono::seconds>(*due - now).count();
    // An expiry is shown only once it warns, and not when the request stopped otherwise.
    if (left <= e->first_warning && (left < 0 || !e->stopped)) {
      consider({e->clock, left, left < 0, true});
    }
  }
  if (!best) return "null";
  std::string out = "{\"clock\":\"";
  out += fixed.clocks[best->clock].clock;
  out += "\",\"due_at\":\"";
  out += p.due_at[best->clock];
  out += "\",\"remaining_seconds\":";
  out += std::to_string(best->left);
  out += ",\"state\":\"";
  out += best->overdue ? "overdue" : best->warn ? "soon" : "ok";
  out += "\"}";
  return out;
}

// Each request's RowFacts for the whole process, kept until the request changes (its version:
// DocPage::versions) or any receipt does (the receipts generation, read in the same
// transaction as the row: an entry is used only by a read that sees the same receipts), with
// the RowPlan last made from them. Facts whose reads failed are not kept. Thread-safe.
class RowFactsCache {
 public:
  struct Row {
    std::string key;
    std::shared_ptr<const RowFacts> facts;
    std::shared_ptr<const RowPlan> plan;  // may be of another policy, or none
  };

  Result<Row> get(node::Node& node, store::Db& db, const std::string& doc,
                  const std::string& version, int64_t receipts) {
    // The version (the request and the record that last wrote it), with the document's
    // length as a check.
    Row row;
    row.key = std::to_string(node.serial());
    row.key += '\n' + version + '\n' + std::to_string(doc.size());
    {
      std::lock_guard lock(mu_);
      auto it = rows_.find(row.key);
      if (it != rows_.end() && it->second.receipts == receipts) {
        row.facts = it->second.facts;
        row.plan = it->second.plan;
        return row;
      }
    }
    LIAISON_ASSIGN_OR_RETURN(StoredRequest full, request_from_text(doc));
    auto facts = std::make_shared<RowFacts>();
    bool read_ok = true;
    facts->delivery = json::serialize(delivery_in(db, full, read_ok));
    facts->outgoing = full.content.requesting_party == node.party();
    auto clocks = node::clock_inputs_in(db, full);
    read_ok = read_ok && clocks.is_ok();
    if (clocks.is_ok()) facts->clocks = std::move(*clocks);
    row.facts = facts;
    if (!read_ok) return row;
    std::lock_guard lock(mu_);
    if (rows_.size() >= kMaxRows) rows_.clear();
    rows_[row.key] = Entry{receipts, std::move(facts), nullptr};
    return row;
  }

  // Keeps `plan` with `row`'s facts (unless they were replaced meanwhile).
  void keep_plan(const Row& row, std::shared_ptr<const RowPlan> plan) {
    std::lock_guard lock(mu_);
    auto it = rows_.find(row.key);
    if (it != rows_.end() && it->second.facts == row.facts) it->second.plan = std::move(plan);
  }

 private:
  struct Entry {
    int64_t receipts;
    std::shared_ptr<const RowFacts> facts;
    std::shared_ptr<const RowPlan> plan;
  };
  static constexpr size_t kMaxRows = 8192;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> rows_;
};

RowFactsCache& row_facts() {
  static RowFactsCache cache;
  return cache;
}

// The row's most urgent running clock at `now`, serialised ("null" when none or unreadable).
std::string row_deadline(store::Db& db, const RowFactsCache::Row& row, node::PolicyCache& policies,
                         TimePoint now) {
  const RowFacts& facts = *row.facts;
  if (!facts.clocks) return "null";
  std::string version;
  auto policy = policies.get(db, facts.clocks->requested_party, &version);
  if (!policy.is_ok()) return "null";
  std::shared_ptr<const RowPlan> plan = row.plan;
  if (!plan || plan->policy != version) {
    auto made = node::deadline_plan(*facts.clocks, **policy);
    if (!made.is_ok()) return "null";
    RowPlan p{std::move(version), std::move(*made), {}};
    for (const auto& c : p.plan.fixed.clocks) {
      p.due_at.push_back(c.due_at ? format_rfc3339(*c.due_at) : "");
    }
    plan = std::make_shared<const RowPlan>(std::move(p));
    row_facts().keep_plan(row, plan);
  }
  return summary_at(*plan, now);
}

// A row of the register: its stored document as written, with `delivery`, `direction` and
// the most urgent `deadline` appended (the same members render_request_in adds), the clocks
// at `now`.
void append_row(store::Db& db, const std::string& doc, const RowFactsCache::Row& row,
                node::PolicyCache& policies, TimePoint now, std::string& out) {
  size_t end = doc.find_last_of('}');
  size_t last = doc.find_last_not_of(" \t\r\n", end == std::string::npos ? 0 : end - 1);
  if (end == std::string::npos || last == std::string::npos) {
    out += "{}";
    return;
  }
  out.append(doc, 0, end);
  if (doc[last] != '{') out += ',';
  out += "\"delivery\":";
  out += row.facts->delivery;
  out += row.facts->outgoing ? ",\"direction\":\"outgoing\",\"deadline\":"
                             : ",\"direction\":\"incoming\",\"deadline\":";
  out += row_deadline(db, row, policies, now);
  out += '}';
}

#ifndef NDEBUG
// Debug builds (the tests) check each row of the register against the document rendered
// in full, as GET /requests/{id} would render it without its events.
void check_row(node::Node& node, store::Db& db, const std::string& doc, std::string_view row) {
  node::PolicyCache fresh;
  // Without its events, so the role does not matter.
  auto rendered = render_request_in(node, node::Role::kAuditor, db, doc, false, fresh);
  if (!rendered.is_ok()) {
    spdlog::critical("register row cannot be rendered in full: {}", rendered.status().to_string());
    std::abort();
  }
  json::value full = std::move(*rendered);
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
    LIAISON_ASSIGN_OR_RETURN(o, render_request_in(node, role, db, doc, true, policies));
    return Status::ok();
  }));
  return json::serialize(o);
}

Result<std::string> register_view(node::Node& node, const node::RequestQuery& q) {
  // The page's rows and their deadline clocks in the read that found them, each party's
  // policy loaded once.
  std::string out = "{\"items\":[";
  auto render = [&](store::Db& db, const node::DocPage& page) -> Status {
    size_t bytes = 0;
    for (const auto& d : page.docs) bytes += d.size() + 256;
    out.reserve(bytes + 128);
    LIAISON_ASSIGN_OR_RETURN(int64_t receipts, store::receipts_generation(db));
    node::PolicyCache policies;
    const TimePoint now = node.clock().now();
    for (size_t i = 0; i < page.docs.size(); ++i) {
      if (i) out += ',';
      LIAISON_ASSIGN_OR_RETURN(
          auto row, row_facts().get(node, db, page.docs[i], page.versions.at(i), receipts));
      [[maybe_unused]] const size_t at = out.size();
      append_row(db, page.docs[i], row, policies, now, out);
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
  if (recs.empty()) return no_such("request", request_id);
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
