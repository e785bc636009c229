// Reading the records a report counts into typed facts (figures_internal.h, Inputs): each
// payload is read once, what the sections need is copied out of it, and the payload is
// dropped. The previous period's facts are read from the same parsed payload.
#include <algorithm>
#include <cstring>

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

void take_sharing(Inputs& in, const Head& h, const RecordFacts& f) {
  if (h.kind == sharing::kIndicatorSet) {
    auto it = in.sets.find(h.object_id);
    const bool fresh = it == in.sets.end();
    if (fresh)
      it = in.sets.emplace(std::string(h.object_id), SharedSet{std::string(h.origin), h.at, 0})
               .first;
    SharedSet& set = it->second;
    if (set.publisher != h.origin) return;  // only the publisher's records shape its set
    if (!fresh && h.at < set.first) set.first = h.at;
    set.added += f.number.value_or(0);
    return;
  }
  auto it = in.sightings.find(h.object_id);
  if (it == in.sightings.end())
    it = in.sightings.emplace(std::string(h.object_id), SightingFacts{}).first;
  SightingFacts& s = it->second;
  if (h.kind == sharing::kSighting) {
    s.reporter = h.origin;
    s.set_id = f.name;
    if (!s.first || h.at < *s.first) s.first = h.at;
  } else if (h.seq > s.feedback_seq) {  // sighting.feedback: the latest says what it was
    if (!s.feedback_at || h.at < *s.feedback_at) s.feedback_at = h.at;
    s.feedback_seq = h.seq;
    s.false_positive = f.flag;
  }
}

RequestRecords& request_of(Inputs& in, std::string_view id) { return in.requests[id]; }

// A request.event: its content when it is a submission, and the event typed once (an event
// the state machine does not know, or with arguments it refuses, is skipped, as apply()
// refused it).
void take_event(Inputs& in, const Head& h, const RecordFacts& f) {
  RequestRecords& req = request_of(in, h.object_id);
  if (f.submission) {
    req.requesting = f.requesting;
    req.requested = f.requested;
    req.type = f.type;
    req.priority = f.priority;
    req.area = f.area;
    if (!req.submitted_at) {
      req.submitted_at = h.at;
      req.submit_seq = h.seq;
    }
  }
  auto e = model::parse_event(f.event);
  if (!e) return;
  model::EventArgs args;
  if (!f.args.empty()) {
    json::error_code ec;
    json::value a = json::parse(f.args, ec);
    if (ec || !a.is_object()) return;
    auto parsed = model::event_args_from_json(a.get_object());
    if (!parsed.is_ok()) return;
    args = std::move(*parsed);
  }
  req.events.push_back({h.at, std::string(h.origin), h.seq, *e, std::move(args)});
}

void take_assessment(Inputs& in, const Head& h, const RecordFacts& f) {
  std::vector<Assessment>& all = request_of(in, f.request_id).assessments;
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
  a.scores.assign(f.scores.begin(), f.scores.end());
}

void take_drill_mark(HotlineRecords& h, const Head& r, const RecordFacts& f) {
  auto& drill = h.drills[std::string(f.name)];
  auto& marks = r.kind == hotline::kDrillAck ? drill.acks : drill.pages;
  const std::string key = std::string(r.origin) + ":" + std::to_string(f.number.value_or(0));
  if (!marks.count(key) || r.at < marks[key]) marks[key] = r.at;
}

void take_drill_start(HotlineRecords& h, const Head& r, const RecordFacts& f) {
  auto& d = h.drills[std::string(r.object_id)];
  auto when = parse_rfc3339(f.time);
  d.scheduled = when ? *when : r.at;
  d.within = f.number.value_or(0);
  d.parties = {std::string(r.origin)};
  for (const auto& p : r.recipients) d.parties.push_back(p);
  std::string_view csv = r.recipients_csv;
  while (!csv.empty()) {
    const size_t comma = csv.find(',');
    d.parties.emplace_back(csv.substr(0, comma));
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  d.tiers.assign(f.tiers.begin(), f.tiers.end());
}

void take_hotline(HotlineRecords& h, const Head& r, const RecordFacts& f) {
  if (r.kind == hotline::kEscalationOpen) {
    auto& e = h.escalations[std::string(r.object_id)];
    e.owner = r.origin;
    e.trigger = f.name;
    e.opened = r.at;
  } else if (r.kind == hotline::kEscalationAck) {
    h.escalations[std::string(r.object_id)].acknowledged = true;
  } else if (r.kind == hotline::kEscalationResolve) {
    h.escalations[std::string(r.object_id)].resolved = true;
  } else if (r.kind == hotline::kHotlineContact) {
    auto started = parse_rfc3339(f.time);
    if (started && !f.flag) h.contacts.emplace_back(*started, f.number.value_or(0));
  } else if (r.kind == hotline::kDrillStart) {
    take_drill_start(h, r, f);
  } else if (r.kind == hotline::kDrillPage || r.kind == hotline::kDrillAck) {
    take_drill_mark(h, r, f);
  }
}

void take_receipt(Inputs& in, const Head& h, const RecordFacts& f) {
  auto received = parse_rfc3339(f.time);
  if (f.number && received) {
    in.receipts[{std::string(h.origin), std::string(f.name)}].emplace_back(*f.number, *received);
  }
}

// A policy's or a priority case's payload, read whole (rare records); null when it is not a
// JSON object (a damaged row: `verify` names it).
std::optional<json::object> whole_of(const RecordFacts& f) {
  json::error_code ec;
  json::value v = json::parse(f.whole, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
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

void take_record(Inputs& in, const Head& h, const RecordFacts& f) {
  if (h.kind == requests::kRequestEvent) {
    take_event(in, h, f);
  } else if (h.kind == requests::kMessagePost) {
    request_of(in, f.request_id).messages.emplace_back(h.origin, h.at);
  } else if (h.kind == ledger::kReceipt) {
    take_receipt(in, h, f);
  } else if (h.kind == hotline::kPolicyPublish) {
    auto& slot = in.policies[std::string(h.origin)];
    if (slot.second.empty() || h.at >= slot.first) {
      if (auto payload = whole_of(f)) slot = {h.at, std::move(*payload)};
    }
  } else if (h.kind == kAssessResponse || h.kind == kAssessRequest) {
    take_assessment(in, h, f);
  } else if (h.kind == sharing::kIndicatorSet || h.kind == sharing::kSighting ||
             h.kind == sharing::kSightingFeedback) {
    take_sharing(in, h, f);
  } else if (h.kind == kLeadOutcome) {
    auto& slot = in.leads[{std::string(f.request_id), std::string(h.origin)}];
    if (h.seq >= slot.first) slot = {h.seq, std::string(f.name)};
  } else if (h.kind == kCasePropose || h.kind == kCaseAccept || h.kind == kCaseStatus) {
    if (auto payload = whole_of(f)) {
      in.cases[std::string(h.object_id)].push_back(
          {h.at, std::string(h.origin), std::string(h.kind), h.seq, std::move(*payload)});
    }
  } else {
    take_hotline(in.hotline, h, f);
  }
}

}  // namespace liaison::reports::detail
