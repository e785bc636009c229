// The figures' facts of each record (issue 16's speed): of every record of a kind the figures
// count, apply() keeps the few members they read in projection table report_facts, one row a
// record, keyed by its chain position. A report then reads ~150 bytes a record instead of
// the whole signed body (and its overflow pages), and `verify` rebuilds the table from the
// records and compares it like every other projection. figures() over records reduces each
// payload with the same function, so both paths see the same facts.
#include <boost/json.hpp>
#include <cstdio>
#include <initializer_list>

#include "hotline/kinds.h"
#include "ledger/kinds.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::reports {

namespace json = boost::json;

namespace detail {

namespace {

void copy(const json::object& from, json::object& to,
          std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (const json::value* v = from.if_contains(k)) to[k] = *v;
  }
}

json::object event_facts(const json::object& p) {
  json::object out;
  copy(p, out, {"event", "args"});
  const json::value* event = p.if_contains("event");
  const json::value* content = p.if_contains("content");
  if (event && event->is_string() && event->get_string() == "submit" && content &&
      content->is_object()) {
    json::object c;
    copy(content->get_object(), c,
         {"requesting_party", "requested_party", "type", "priority", "priority_area"});
    out["content"] = std::move(c);
  }
  return out;
}

json::object assessment_facts(const json::object& p) {
  json::object out;
  copy(p, out, {"request_id"});
  for (const auto& kv : p) {
    if (kv.value().is_int64()) out[kv.key()] = kv.value();
  }
  return out;
}

json::object set_facts(const json::object& p) {
  json::object out;
  if (const json::value* added = p.if_contains("added"); added && added->is_array()) {
    out["added_count"] = static_cast<int64_t>(added->get_array().size());
  }
  return out;
}

}  // namespace

json::object figure_payload(std::string_view kind, const json::object& p) {
  json::object out;
  if (kind == requests::kRequestEvent) return event_facts(p);
  if (kind == kAssessResponse || kind == kAssessRequest) return assessment_facts(p);
  if (kind == sharing::kIndicatorSet) return set_facts(p);
  // Rare kinds the figures read whole: policies and priority cases.
  if (kind == hotline::kPolicyPublish || kind == kCasePropose || kind == kCaseAccept ||
      kind == kCaseStatus) {
    return p;
  }
  if (kind == requests::kMessagePost) {
    copy(p, out, {"request_id"});
  } else if (kind == ledger::kReceipt) {
    copy(p, out, {"origin", "up_to_seq", "received_at"});
  } else if (kind == sharing::kSighting) {
    copy(p, out, {"set_id"});
  } else if (kind == sharing::kSightingFeedback) {
    copy(p, out, {"false_positive"});
  } else if (kind == kLeadOutcome) {
    copy(p, out, {"request_id", "outcome"});
  } else if (kind == hotline::kEscalationOpen) {
    copy(p, out, {"trigger"});
  } else if (kind == hotline::kHotlineContact) {
    copy(p, out, {"drill", "started_at", "tier"});
  } else if (kind == hotline::kDrillStart) {
    copy(p, out, {"scheduled_for", "ack_within_seconds", "tiers"});
  } else if (kind == hotline::kDrillPage || kind == hotline::kDrillAck) {
    copy(p, out, {"drill_id", "tier"});
  }
  return out;  // escalation.ack and .resolve: the head says it all
}

}  // namespace detail

std::string facts_id(std::string_view origin, int64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%016lld", static_cast<long long>(seq));
  return std::string(origin) + ":" + digits;
}

namespace {

std::string join(const std::vector<std::string>& parties) {
  std::string out;
  for (const auto& p : parties) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

Status apply_facts(const ledger::Record& r, const json::object& payload, ledger::Projections& p) {
  json::object doc{{"kind", r.kind},
                   {"object_id", r.object_id},
                   {"created_at", r.created_at},
                   {"recipients", join(r.recipients)},
                   {"payload", detail::figure_payload(r.kind, payload)}};
  return p.put(kFactsTable, facts_id(r.origin, r.seq), json::serialize(doc),
               r.origin + ":" + std::to_string(r.seq));
}

constexpr ledger::ObserverSpec kObservers[] = {{requests::kRequestEvent, apply_facts},
                                               {requests::kMessagePost, apply_facts},
                                               {ledger::kReceipt, apply_facts},
                                               {hotline::kPolicyPublish, apply_facts},
                                               {kAssessResponse, apply_facts},
                                               {kAssessRequest, apply_facts},
                                               {sharing::kIndicatorSet, apply_facts},
                                               {sharing::kSighting, apply_facts},
                                               {sharing::kSightingFeedback, apply_facts},
                                               {kLeadOutcome, apply_facts},
                                               {kCasePropose, apply_facts},
                                               {kCaseAccept, apply_facts},
                                               {kCaseStatus, apply_facts},
                                               {hotline::kEscalationOpen, apply_facts},
                                               {hotline::kEscalationAck, apply_facts},
                                               {hotline::kEscalationResolve, apply_facts},
                                               {hotline::kHotlineContact, apply_facts},
                                               {hotline::kDrillStart, apply_facts},
                                               {hotline::kDrillPage, apply_facts},
                                               {hotline::kDrillAck, apply_facts}};

}  // namespace

std::span<const ledger::ObserverSpec> facts_observers() { return kObservers; }

}  // namespace liaison::reports
