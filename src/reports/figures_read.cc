// Reading the records a report counts into typed facts (figures_internal.h, Inputs): each
// payload is read once, what the sections need is copied out of it, and the payload is
// dropped. The previous period's facts are read from the same parsed payload.
#include <algorithm>
#include <cstring>

#include "common/json_fields.h"
#include "hotline/kinds.h"
#include "ledger/record.h"
#include "model/request_json.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::reports::detail {

namespace {

bool addressed(const Head& h, std::string_view party) {
  for (const auto& p : h.recipients) {
    if (p == party) return true;
  }
  std::string_view csv = h.recipients_csv;
  while (!csv.empty()) {
    const size_t comma = csv.find(',');
    if (csv.substr(0, comma) == party) return true;
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view sv_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

void take_sharing(Inputs& in, const Head& h, const json::object& payload) {
  if (h.kind == sharing::kIndicatorSet) {
    auto it = in.sets.find(h.object_id);
    const bool fresh = it == in.sets.end();
    if (fresh)
      it = in.sets.emplace(std::string(h.object_id), SharedSet{std::string(h.origin), h.at, 0})
               .first;
    SharedSet& set = it->second;
    if (set.publisher != h.origin) return;  // only the publisher's records shape its set
    if (!fresh && h.at < set.first) set.first = h.at;
    if (auto* added = payload.if_contains("added_count"); added && added->is_int64()) {
      set.added += added->get_int64();
    }
    return;
  }
  auto it = in.sightings.find(h.object_id);
  if (it == in.sightings.end())
    it = in.sightings.emplace(std::string(h.object_id), SightingFacts{}).first;
  SightingFacts& s = it->second;
  if (h.kind == sharing::kSighting) {
    s.reporter = h.origin;
    s.set_id = sv_of(payload, "set_id");
    if (!s.first || h.at < *s.first) s.first = h.at;
  } else if (h.seq > s.feedback_seq) {  // sighting.feedback: the latest says what it was
    if (!s.feedback_at || h.at < *s.feedback_at) s.feedback_at = h.at;
    s.feedback_seq = h.seq;
    auto* fp = payload.if_contains("false_positive");
    s.false_positive = fp && fp->is_bool() && fp->get_bool();
  }
}

RequestRecords& request_of(Inputs& in, std::string_view id) { return in.requests[id]; }

// A request.event: its content when it is a submission, and the event typed once (an event
// the state machine does not know, or with arguments it refuses, is skipped, as apply()
// refused it).
void take_event(Inputs& in, const Head& h, const json::object& payload) {
  RequestRecords& req = request_of(in, h.object_id);
  const std::string_view name = sv_of(payload, "event");
  if (name == "submit") {
    auto* c = payload.if_contains("content");
    if (c && c->is_object()) {
      const auto& content = c->get_object();
      req.requesting = sv_of(content, "requesting_party");
      req.requested = sv_of(content, "requested_party");
      req.type = sv_of(content, "type");
      req.priority = sv_of(content, "priority");
      req.area = sv_of(content, "priority_area");
      if (!req.submitted_at) {
        req.submitted_at = h.at;
        req.submit_seq = h.seq;
      }
    }
  }
  auto e = model::parse_event(name);
  if (!e) return;
  model::EventArgs args;
  if (auto* a = payload.if_contains("args"); a && a->is_object()) {
    auto parsed = model::event_args_from_json(a->get_object());
    if (!parsed.is_ok()) return;
    args = std::move(*parsed);
  }
  req.events.push_back({h.at, std::string(h.origin), h.seq, *e, std::move(args)});
}

void take_assessment(Inputs& in, const Head& h, const json::object& payload) {
  std::vector<Assessment>& all = request_of(in, sv_of(payload, "request_id")).assessments;
  auto it = std::find_if(all.begin(), all.end(), [&](const Assessment& a) {
    return a.kind == h.kind && a.author == h.origin;
  });
  if (it == all.end()) {
    all.push_back({std::string(h.kind), std::string(h.origin)});
    it = all.end() - 1;
  }
  Assessment& a = *it;
  if (h.seq < a.seq) return;  // superseded only by a later record of the same author
  a.seq = h.seq;
  a.scores.clear();
  for (const auto& kv : payload) {
    if (kv.value().is_int64()) a.scores.emplace_back(kv.key(), kv.value().get_int64());
  }
}

void take_drill_mark(HotlineRecords& h, const Head& r, const json::object& payload) {
  auto& drill = h.drills[str_of(payload, "drill_id")];
  auto& marks = r.kind == hotline::kDrillAck ? drill.acks : drill.pages;
  const std::string key = std::string(r.origin) + ":" + std::to_string(int_or(payload, "tier", 0));
  if (!marks.count(key) || r.at < marks[key]) marks[key] = r.at;
}

void take_drill_start(HotlineRecords& h, const Head& r, const json::object& payload) {
  auto& d = h.drills[std::string(r.object_id)];
  auto when = parse_rfc3339(sv_of(payload, "scheduled_for"));
  d.scheduled = when ? *when : r.at;
  d.within = int_or(payload, "ack_within_seconds", 0);
  d.parties = {std::string(r.origin)};
  for (const auto& p : r.recipients) d.parties.push_back(p);
  std::string_view csv = r.recipients_csv;
  while (!csv.empty()) {
    const size_t comma = csv.find(',');
    d.parties.emplace_back(csv.substr(0, comma));
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  if (auto* t = payload.if_contains("tiers"); t && t->is_array()) {
    for (const auto& x : t->get_array()) {
      if (x.is_int64()) d.tiers.push_back(x.get_int64());
    }
  }
}

void take_hotline(HotlineRecords& h, const Head& r, const json::object& payload) {
  if (r.kind == hotline::kEscalationOpen) {
    auto& e = h.escalations[std::string(r.object_id)];
    e.owner = r.origin;
    e.trigger = sv_of(payload, "trigger");
    e.opened = r.at;
  } else if (r.kind == hotline::kEscalationAck) {
    h.escalations[std::string(r.object_id)].acknowledged = true;
  } else if (r.kind == hotline::kEscalationResolve) {
    h.escalations[std::string(r.object_id)].resolved = true;
  } else if (r.kind == hotline::kHotlineContact) {
    auto* drill = payload.if_contains("drill");
    auto started = parse_rfc3339(sv_of(payload, "started_at"));
    if (started && !(drill && drill->is_bool() && drill->get_bool())) {
      h.contacts.emplace_back(*started, int_or(payload, "tier", 0));
    }
  } else if (r.kind == hotline::kDrillStart) {
    take_drill_start(h, r, payload);
  } else if (r.kind == hotline::kDrillPage || r.kind == hotline::kDrillAck) {
    take_drill_mark(h, r, payload);
  }
}

void take_receipt(Inputs& in, const Head& h, const json::object& payload) {
  auto up_to = payload.if_contains("up_to_seq");
  auto received = parse_rfc3339(sv_of(payload, "received_at"));
  if (up_to && up_to->is_int64() && received) {
    in.receipts[{std::string(h.origin), str_of(payload, "origin")}].emplace_back(up_to->get_int64(),
                                                                                 *received);
  }
}

}  // namespace

RequestRecords& RequestTable::operator[](std::string_view id) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();  // at most half full
  const uint64_t h = StringHash()(id);
  const uint64_t tag = h & 0xFFFFFFFF00000000ull;
  const size_t mask = slots_.size() - 1;
  for (size_t pos = h & mask;; pos = (pos + 1) & mask) {
    const uint64_t slot = slots_[pos];
    if (slot == 0) {
      Entry& e = entries_.emplace_back();
      e.length = static_cast<uint32_t>(id.size());
      if (id.size() <= sizeof e.inline_id) {
        std::memcpy(e.inline_id, id.data(), id.size());
      } else {
        e.long_id = id;
      }
      slots_[pos] = tag | entries_.size();
      return e.records;
    }
    if ((slot & 0xFFFFFFFF00000000ull) == tag) {
      Entry& e = entries_[(slot & 0xFFFFFFFFull) - 1];
      if (e.id() == id) return e.records;
    }
  }
}

void RequestTable::grow() {
  std::vector<uint64_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
  const size_t mask = slots.size() - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const uint64_t h = StringHash()(entries_[i].id());
    size_t pos = h & mask;
    while (slots[pos] != 0) pos = (pos + 1) & mask;
    slots[pos] = (h & 0xFFFFFFFF00000000ull) | (i + 1);
  }
  slots_ = std::move(slots);
}

bool counts(const Scope& s, const Head& h) {
  auto pos = s.upto.find(std::string(h.origin));
  if (pos == s.upto.end() || h.seq > pos->second) return false;
  if (!addressed(h, s.other(h.origin))) return false;
  return h.at <= s.to;
}

void take_record(Inputs& in, const Head& h, const json::object& payload) {
  if (h.kind == requests::kRequestEvent) {
    take_event(in, h, payload);
  } else if (h.kind == requests::kMessagePost) {
    request_of(in, sv_of(payload, "request_id")).messages.emplace_back(h.origin, h.at);
  } else if (h.kind == ledger::kReceipt) {
    take_receipt(in, h, payload);
  } else if (h.kind == hotline::kPolicyPublish) {
    auto& slot = in.policies[std::string(h.origin)];
    if (slot.second.empty() || h.at >= slot.first) {
      slot = {h.at, json::object(payload, json::storage_ptr())};
    }
  } else if (h.kind == kAssessResponse || h.kind == kAssessRequest) {
    take_assessment(in, h, payload);
  } else if (h.kind == sharing::kIndicatorSet || h.kind == sharing::kSighting ||
             h.kind == sharing::kSightingFeedback) {
    take_sharing(in, h, payload);
  } else if (h.kind == kLeadOutcome) {
    auto& slot = in.leads[{str_of(payload, "request_id"), std::string(h.origin)}];
    if (h.seq >= slot.first) slot = {h.seq, str_of(payload, "outcome")};
  } else if (h.kind == kCasePropose || h.kind == kCaseAccept || h.kind == kCaseStatus) {
    in.cases[std::string(h.object_id)].push_back({h.at, std::string(h.origin), std::string(h.kind),
                                                  h.seq,
                                                  json::object(payload, json::storage_ptr())});
  } else {
    take_hotline(in.hotline, h, payload);
  }
}

}  // namespace liaison::reports::detail
