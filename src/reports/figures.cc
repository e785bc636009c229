// The figures of a report, computed from signed records only (figures.h). The request's
// facts are rebuilt from its request.event and message.post records by the same state machine
// apply() runs (model/request.h), its clocks by the hotline's pure deadline arithmetic
// (hotline/deadline_policy.h) evaluated at the period's end, so they agree with what both
// consoles showed at that instant. Numbers are integers; ratios and means are fixed-point
// strings (the canonical JSON carries no doubles: ledger::has_double).
#include "reports/figures.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>

#include "common/clock.h"
#include "common/json_fields.h"
#include "hotline/deadline_policy.h"
#include "hotline/kinds.h"
#include "ledger/canonical_json.h"
#include "model/request.h"
#include "model/request_json.h"
#include "reports/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::reports {

namespace json = boost::json;

namespace {

constexpr const char* kClocks[] = {"acknowledge", "preserve", "first_reply", "fulfil"};
constexpr int64_t kDay = 86400;

// ---- fixed point -------------------------------------------------------------------------

// num/den with `places` decimals, rounded half up; null when den is 0.
json::value fixed(int64_t num, int64_t den, int places) {
  if (den <= 0) return nullptr;
  int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const int64_t v = (num * scale * 2 + den) / (den * 2);
  std::string frac = std::to_string(v % scale);
  frac.insert(0, static_cast<size_t>(places) - frac.size(), '0');
  return json::value(std::to_string(v / scale) + "." + frac);
}

// count, mean (floored), median and p90 (nearest rank) of whole seconds.
json::object durations(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  const int64_t n = static_cast<int64_t>(v.size());
  auto rank = [&](int64_t pct) -> json::value {
    if (n == 0) return nullptr;
    return v[static_cast<size_t>((pct * n + 99) / 100 - 1)];
  };
  int64_t sum = 0;
  for (int64_t x : v) sum += x;
  return {{"count", n},
          {"mean_seconds", n ? json::value(sum / n) : json::value(nullptr)},
          {"median_seconds", rank(50)},
          {"p90_seconds", rank(90)}};
}

// count, mean, median and p90 (nearest rank), in whole seconds; the share met in time.
struct Sample {
  std::vector<int64_t> seconds;
  int64_t within = 0;
  void add(int64_t s, bool in_time) {
    seconds.push_back(s);
    within += in_time ? 1 : 0;
  }
};

json::object stats(const Sample& s) {
  const int64_t n = static_cast<int64_t>(s.seconds.size());
  json::object o = durations(s.seconds);
  o["within_deadline"] = s.within;
  o["share_within_deadline"] = fixed(s.within, n, 4);
  return o;
}

// ---- the record set ----------------------------------------------------------------------

struct Scope {
  std::string a, b;  // the two parties, sorted
  std::map<std::string, int64_t> upto;
  TimePoint from, to;
  std::string other(const std::string& p) const { return p == a ? b : a; }
};

bool counts(const Scope& s, const ledger::Record& r) {
  auto pos = s.upto.find(r.origin);
  if (pos == s.upto.end() || r.seq > pos->second || r.redacted) return false;
  if (!r.addressed_to(s.other(r.origin))) return false;
  auto at = parse_rfc3339(r.created_at);
  return at && *at <= s.to;
}

struct Event {
  TimePoint at;
  const ledger::Record* r;
  json::object payload;
};

// What one request's records say, at the period's end.
struct RequestRecords {
  std::string requesting, requested, type, priority, area;
  std::optional<TimePoint> submitted_at;
  int64_t submit_seq = 0;
  std::vector<Event> events;                                // request.event, by signed time
  std::vector<std::pair<std::string, TimePoint>> messages;  // (origin, signed time)
};

struct Assessment {
  int64_t seq = 0;
  std::map<std::string, int64_t> scores;
};

// An indicator set as its publisher's records say: first signed time, indicators added.
struct SharedSet {
  std::string publisher;
  TimePoint first;
  int64_t added = 0;
};
// A sighting (object "<set>:<indicator>:<reporter>") and the reporter's feedback on it.
struct SightingFacts {
  std::string reporter, set_id;
  std::optional<TimePoint> first, feedback_at;
  int64_t feedback_seq = 0;
  bool false_positive = false;
};

// What the hotline's signed records say (escalations, the hotline log, drills). Pages,
// notifications and deliveries are each node's local state, so they never count.
struct HotlineRecords {
  struct Escalation {
    std::string owner, trigger;
    TimePoint opened;
    bool acknowledged = false, resolved = false;
  };
  std::map<std::string, Escalation> escalations;
  std::vector<std::pair<TimePoint, int64_t>> contacts;  // (started, tier), drills excluded
  struct Drill {
    TimePoint scheduled;
    int64_t within = 0;
    std::vector<std::string> parties;
    std::vector<int64_t> tiers;
    std::map<std::string, TimePoint> pages, acks;  // "PARTY:TIER" → signed time
  };
  std::map<std::string, Drill> drills;
};

struct Inputs {
  std::map<std::string, RequestRecords> requests;
  // (receiver, origin) → (up_to_seq, received_at) of each receipt
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<int64_t, TimePoint>>>
      receipts;
  std::map<std::string, std::pair<TimePoint, json::object>> policies;  // latest, by party
  // (request, kind, author) → the latest assessment
  std::map<std::tuple<std::string, std::string, std::string>, Assessment> assessments;
  // (request, author) → (seq, outcome) of the latest lead outcome
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, std::string>> leads;
  std::map<std::string, SharedSet> sets;
  std::map<std::string, SightingFacts> sightings;
  std::map<std::string, std::vector<Event>> cases;  // a priority case's records
  HotlineRecords hotline;
};

void take_sharing(Inputs& in, const ledger::Record& r, TimePoint at, const json::object& payload) {
  if (r.kind == sharing::kIndicatorSet) {
    auto [it, fresh] = in.sets.try_emplace(r.object_id, SharedSet{r.origin, at, 0});
    SharedSet& set = it->second;
    if (set.publisher != r.origin) return;  // only the publisher's records shape its set
    if (!fresh && at < set.first) set.first = at;
    if (auto* added = payload.if_contains("added"); added && added->is_array()) {
      set.added += static_cast<int64_t>(added->get_array().size());
    }
    return;
  }
  SightingFacts& s = in.sightings[r.object_id];
  if (r.kind == sharing::kSighting) {
    s.reporter = r.origin;
    s.set_id = str_of(payload, "set_id");
    if (!s.first || at < *s.first) s.first = at;
  } else if (r.seq > s.feedback_seq) {  // sighting.feedback: the latest says what it was
    if (!s.feedback_at || at < *s.feedback_at) s.feedback_at = at;
    s.feedback_seq = r.seq;
    auto* fp = payload.if_contains("false_positive");
    s.false_positive = fp && fp->is_bool() && fp->get_bool();
  }
}

void take_event(Inputs& in, const ledger::Record& r, TimePoint at, json::object payload) {
  RequestRecords& req = in.requests[r.object_id];
  if (str_of(payload, "event") == "submit") {
    auto* c = payload.if_contains("content");
    if (c && c->is_object()) {
      const auto& content = c->get_object();
      req.requesting = str_of(content, "requesting_party");
      req.requested = str_of(content, "requested_party");
      req.type = str_of(content, "type");
      req.priority = str_of(content, "priority");
      req.area = str_of(content, "priority_area");
      if (!req.submitted_at) {
        req.submitted_at = at;
        req.submit_seq = r.seq;
      }
    }
  }
  req.events.push_back({at, &r, std::move(payload)});
}

void take_assessment(Inputs& in, const ledger::Record& r, const json::object& payload) {
  auto key = std::make_tuple(str_of(payload, "request_id"), r.kind, r.origin);
  Assessment& a = in.assessments[key];
  if (r.seq < a.seq) return;  // superseded only by a later record of the same author
  a.seq = r.seq;
  a.scores.clear();
  for (const auto& kv : payload) {
    if (kv.value().is_int64()) a.scores[std::string(kv.key())] = kv.value().get_int64();
  }
}

int64_t int_or(const json::object& o, const char* key, int64_t fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : fallback;
}

void take_drill_mark(HotlineRecords& h, const ledger::Record& r, TimePoint at,
                     const json::object& payload) {
  auto& marks = r.kind == hotline::kDrillAck ? h.drills[str_of(payload, "drill_id")].acks
                                             : h.drills[str_of(payload, "drill_id")].pages;
  const std::string key = r.origin + ":" + std::to_string(int_or(payload, "tier", 0));
  if (!marks.count(key) || at < marks[key]) marks[key] = at;
}

void take_hotline(HotlineRecords& h, const ledger::Record& r, TimePoint at,
                  const json::object& payload) {
  if (r.kind == hotline::kEscalationOpen) {
    auto& e = h.escalations[r.object_id];
    e.owner = r.origin;
    e.trigger = str_of(payload, "trigger");
    e.opened = at;
  } else if (r.kind == hotline::kEscalationAck) {
    h.escalations[r.object_id].acknowledged = true;
  } else if (r.kind == hotline::kEscalationResolve) {
    h.escalations[r.object_id].resolved = true;
  } else if (r.kind == hotline::kHotlineContact) {
    auto* drill = payload.if_contains("drill");
    auto started = parse_rfc3339(str_of(payload, "started_at"));
    if (started && !(drill && drill->is_bool() && drill->get_bool())) {
      h.contacts.emplace_back(*started, int_or(payload, "tier", 0));
    }
  } else if (r.kind == hotline::kDrillStart) {
    auto& d = h.drills[r.object_id];
    auto when = parse_rfc3339(str_of(payload, "scheduled_for"));
    d.scheduled = when ? *when : at;
    d.within = int_or(payload, "ack_within_seconds", 0);
    d.parties = {r.origin};
    for (const auto& p : r.recipients) d.parties.push_back(p);
    if (auto* t = payload.if_contains("tiers"); t && t->is_array()) {
      for (const auto& x : t->get_array()) {
        if (x.is_int64()) d.tiers.push_back(x.get_int64());
      }
    }
  } else if (r.kind == hotline::kDrillPage || r.kind == hotline::kDrillAck) {
    take_drill_mark(h, r, at, payload);
  }
}

void take_record(Inputs& in, const ledger::Record& r, TimePoint at, json::object& payload) {
  if (r.kind == requests::kRequestEvent) {
    take_event(in, r, at, std::move(payload));
  } else if (r.kind == requests::kMessagePost) {
    in.requests[str_of(payload, "request_id")].messages.emplace_back(r.origin, at);
  } else if (r.kind == ledger::kReceipt) {
    auto up_to = payload.if_contains("up_to_seq");
    auto received = parse_rfc3339(str_of(payload, "received_at"));
    if (up_to && up_to->is_int64() && received) {
      in.receipts[{r.origin, str_of(payload, "origin")}].emplace_back(up_to->get_int64(),
                                                                      *received);
    }
  } else if (r.kind == hotline::kPolicyPublish) {
    auto& slot = in.policies[r.origin];
    if (slot.second.empty() || at >= slot.first) slot = {at, std::move(payload)};
  } else if (r.kind == kAssessResponse || r.kind == kAssessRequest) {
    take_assessment(in, r, payload);
  } else if (r.kind == sharing::kIndicatorSet || r.kind == sharing::kSighting ||
             r.kind == sharing::kSightingFeedback) {
    take_sharing(in, r, at, payload);
  } else if (r.kind == kLeadOutcome) {
    auto& slot = in.leads[{str_of(payload, "request_id"), r.origin}];
    if (r.seq >= slot.first) slot = {r.seq, str_of(payload, "outcome")};
  } else if (r.kind == kCasePropose || r.kind == kCaseAccept || r.kind == kCaseStatus) {
    in.cases[r.object_id].push_back({at, &r, std::move(payload)});
  } else {
    take_hotline(in.hotline, r, at, payload);
  }
}

// ---- one request's facts -----------------------------------------------------------------

struct Facts {
  hotline::RequestFacts clocks;
  model::State state = model::State::kDraft;
  bool sent_back = false;  // the requested party asked for more information
  std::string refusal_ground;
};

bool is_answer(model::Event e) {
  using model::Event;
  return e == Event::kConfirmPreserved || e == Event::kRequestInfo ||
         e == Event::kFulfilPartially || e == Event::kFulfil || e == Event::kRefuse;
}

void note_event(Facts& f, model::Event e, const model::EventArgs& args, TimePoint at) {
  using model::Event;
  auto first = [&](std::optional<TimePoint>& slot) {
    if (!slot) slot = at;
  };
  if (e == Event::kAcknowledge) first(f.clocks.acknowledged_at);
  if (e == Event::kConfirmPreserved) first(f.clocks.preserved_at);
  if (e == Event::kFulfil) f.clocks.finished_at = at;
  if (e == Event::kRefuse) {
    f.clocks.finished_at = at;
    f.refusal_ground = args.ground ? model::to_string(*args.ground) : "";
  }
  if (e == Event::kRequestInfo) {
    f.sent_back = true;
    f.clocks.pauses.push_back({at, std::nullopt});
  }
  if (is_answer(e)) first(f.clocks.first_reply_at);
}

// Replays the request's events in signed-time order through the state machine (an event
// the machine refuses there is skipped, as apply() refused it).
Facts facts_of(RequestRecords& req) {
  std::stable_sort(req.events.begin(), req.events.end(), [](const Event& x, const Event& y) {
    if (x.at != y.at) return x.at < y.at;
    if (x.r->origin != y.r->origin) return x.r->origin < y.r->origin;
    return x.r->seq < y.r->seq;
  });
  Facts f;
  model::RequestStatus status;
  for (const Event& ev : req.events) {
    auto e = model::parse_event(str_of(ev.payload, "event"));
    if (!e) continue;
    model::EventArgs args;
    if (auto* a = ev.payload.if_contains("args"); a && a->is_object()) {
      auto parsed = model::event_args_from_json(a->get_object());
      if (!parsed.is_ok()) continue;
      args = *parsed;
    }
    const model::Side side =
        ev.r->origin == req.requesting ? model::Side::kRequester : model::Side::kRequested;
    auto next = model::transition(status, *e, side, args);
    if (!next.is_ok()) continue;
    if (status.state == model::State::kNeedsInfo && next->state != model::State::kNeedsInfo &&
        !f.clocks.pauses.empty()) {
      f.clocks.pauses.back().to = ev.at;
    }
    note_event(f, *e, args, ev.at);
    status = *next;
  }
  // The requested party's first message is its first substantive reply too (as in apply()).
  for (const auto& [origin, m] : req.messages) {
    if (origin == req.requested && req.submitted_at && m >= *req.submitted_at &&
        (!f.clocks.first_reply_at || m < *f.clocks.first_reply_at)) {
      f.clocks.first_reply_at = m;
    }
  }
  f.state = status.state;
  f.clocks.type = req.type;
  f.clocks.priority = req.priority;
  f.clocks.state = model::to_string(status.state);
  return f;
}

bool ended(model::State s) {
  using model::State;
  return s == State::kFulfilled || s == State::kPartiallyFulfilled || s == State::kRefused ||
         s == State::kWithdrawn || s == State::kClosed;
}

// The requested party's earliest signed receipt covering the submission.
std::optional<TimePoint> received_at(const Inputs& in, const RequestRecords& req) {
  auto it = in.receipts.find({req.requested, req.requesting});
  if (it == in.receipts.end()) return std::nullopt;
  std::optional<TimePoint> best;
  for (const auto& [up_to, at] : it->second) {
    if (up_to >= req.submit_seq && (!best || at < *best)) best = at;
  }
  return best;
}

Result<hotline::DeadlinePolicy> policy_for(const Inputs& in, const std::string& party) {
  auto it = in.policies.find(party);
  if (it == in.policies.end()) return hotline::default_policy(party, "UTC");
  return hotline::policy_from_json(it->second.second);
}

// ---- one direction -----------------------------------------------------------------------

struct Direction {
  int64_t submitted = 0, answered = 0, ended = 0, open = 0, sent_back = 0;
  std::map<std::string, Sample> clocks;  // clock → sample
  std::map<std::string, std::map<std::string, Sample>> by_type, by_priority, by_area;
  std::map<std::string, int64_t> overdue_open;  // clock → open requests overdue on it
  int64_t open_overdue_requests = 0;            // open and overdue on any clock
  int64_t over30 = 0, over60 = 0, over90 = 0;
  std::map<std::string, int64_t> outcomes, grounds;
  std::map<std::string, std::pair<int64_t, int64_t>> response_scores, request_scores;
  int64_t response_count = 0, request_count = 0;
  int64_t leads = 0, leads_with_outcome = 0;
  std::map<std::string, int64_t> lead_outcomes;
};

int64_t seconds_between(TimePoint a, TimePoint b) {
  return std::chrono::duration_cast<std::chrono::seconds>(b - a).count();
}

// One item overdue at the period's end, for the leaders' summary: listed by due time.
struct OverdueItem {
  TimePoint due;
  std::string key;
  json::object item;
};

void add_clocks(Direction& d, const std::string& id, const std::string& direction,
                const RequestRecords& req, const Facts& f, const hotline::Deadlines& dl,
                TimePoint end, std::vector<OverdueItem>& items) {
  bool overdue = false;
  for (const auto& c : dl.clocks) {
    if (c.state == "overdue") {
      overdue = true;
      if (!ended(f.state)) {
        ++d.overdue_open[c.clock];
        if (c.due_at) {
          items.push_back({*c.due_at,
                           id + ":" + c.clock,
                           {{"kind", "request_clock"},
                            {"request_id", id},
                            {"direction", direction},
                            {"clock", c.clock},
                            {"due_at", format_rfc3339(*c.due_at)}}});
        }
      }
    }
    if ((c.state != "met" && c.state != "met_late") || !c.met_at || !dl.started_at) continue;
    const int64_t s = std::max<int64_t>(0, seconds_between(*dl.started_at, *c.met_at));
    const bool in_time = c.state == "met";
    d.clocks[c.clock].add(s, in_time);
    d.by_type[c.clock][req.type].add(s, in_time);
    d.by_priority[c.clock][req.priority].add(s, in_time);
    if (!req.area.empty()) d.by_area[c.clock][req.area].add(s, in_time);
  }
  d.open_overdue_requests += overdue && !ended(f.state) ? 1 : 0;
  if (overdue && !ended(f.state) && dl.started_at) {
    const int64_t age = seconds_between(*dl.started_at, end);
    d.over30 += age > 30 * kDay;
    d.over60 += age > 60 * kDay;
    d.over90 += age > 90 * kDay;
  }
}

void add_assessments(Direction& d, const Inputs& in, const std::string& id,
                     const RequestRecords& req) {
  auto take = [&](const char* kind, const std::string& author, int64_t& count,
                  std::map<std::string, std::pair<int64_t, int64_t>>& sums) {
    auto it = in.assessments.find(std::make_tuple(id, std::string(kind), author));
    if (it == in.assessments.end()) return;
    ++count;
    for (const auto& [k, v] : it->second.scores) {
      sums[k].first += v;
      sums[k].second += 1;
    }
  };
  take(kAssessResponse, req.requesting, d.response_count, d.response_scores);
  take(kAssessRequest, req.requested, d.request_count, d.request_scores);
}

void add_lead(Direction& d, const Inputs& in, const std::string& id, const RequestRecords& req,
              const std::string& direction, TimePoint end, std::vector<OverdueItem>& items) {
  if (req.type != "lead_sharing") return;
  ++d.leads;
  auto it = in.leads.find({id, req.requested});  // the receiver's record only
  if (it == in.leads.end()) {
    // Its outcome is due kLeadOutcomeDays after the submission (reports/case_clocks.h).
    const TimePoint due = *req.submitted_at + std::chrono::days(kLeadOutcomeDays);
    if (due < end) {
      items.push_back({due,
                       id + ":lead_outcome",
                       {{"kind", "lead_outcome"},
                        {"request_id", id},
                        {"direction", direction},
                        {"owed_by", req.requested},
                        {"due_at", format_rfc3339(due)}}});
    }
    return;
  }
  ++d.leads_with_outcome;
  ++d.lead_outcomes[it->second.second];
}

json::object map_object(const std::map<std::string, int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

json::object scores_object(int64_t count, std::span<const char* const> keys,
                           const std::map<std::string, std::pair<int64_t, int64_t>>& sums) {
  json::object o{{"count", count}};
  for (const char* k : keys) {
    auto it = sums.find(k);
    o[k] = it == sums.end() ? json::value(nullptr) : fixed(it->second.first, it->second.second, 2);
  }
  return o;
}

json::object timeliness_object(const Direction& d) {
  json::object t;
  for (const char* clock : kClocks) {
    auto it = d.clocks.find(clock);
    json::object c = stats(it == d.clocks.end() ? Sample{} : it->second);
    auto od = d.overdue_open.find(clock);
    c["overdue_open"] = od == d.overdue_open.end() ? 0 : od->second;
    for (auto [name, split] : {std::pair{"by_type", &d.by_type},
                               {"by_priority", &d.by_priority},
                               {"by_priority_area", &d.by_area}}) {
      json::object by;
      auto s = split->find(clock);
      if (s != split->end()) {
        for (const auto& [k, sample] : s->second) by[k] = stats(sample);
      }
      c[name] = std::move(by);
    }
    t[clock] = std::move(c);
  }
  return t;
}

json::object direction_object(const Direction& d) {
  json::object quality{
      {"sent_back_for_information", d.sent_back},
      {"share_sent_back", fixed(d.sent_back, d.submitted, 4)},
      {"outcomes", map_object(d.outcomes)},
      {"refusal_grounds", map_object(d.grounds)},
      {"response_assessments", scores_object(d.response_count, kResponseRubric, d.response_scores)},
      {"request_assessments", scores_object(d.request_count, kRequestRubric, d.request_scores)}};
  return json::object{{"requests", json::object{{"submitted", d.submitted},
                                                {"answered", d.answered},
                                                {"ended", d.ended},
                                                {"open", d.open}}},
                      {"timeliness", timeliness_object(d)},
                      {"open_overdue", json::object{{"over_30_days", d.over30},
                                                    {"over_60_days", d.over60},
                                                    {"over_90_days", d.over90}}},
                      {"quality", std::move(quality)},
                      {"leads", json::object{{"sent", d.leads},
                                             {"with_outcome", d.leads_with_outcome},
                                             {"without_outcome", d.leads - d.leads_with_outcome},
                                             {"outcomes", map_object(d.lead_outcomes)}}}};
}

// Indicator sets `from` shared with `to` first published within the period, and what `to`
// reported of them by the period's end.
json::object sharing_object(const Inputs& in, const Scope& scope, const std::string& from,
                            const std::string& to) {
  int64_t sets = 0, added = 0, sighted = 0, sightings = 0, with_feedback = 0, false_positives = 0;
  std::vector<int64_t> latency;
  std::set<std::string> sighted_sets;
  for (const auto& [id, s] : in.sightings) {
    auto set = in.sets.find(s.set_id);
    if (!s.first || s.reporter != to || set == in.sets.end() || set->second.publisher != from ||
        set->second.first < scope.from) {
      continue;
    }
    ++sightings;
    sighted_sets.insert(s.set_id);
    if (s.feedback_at) {
      ++with_feedback;
      false_positives += s.false_positive ? 1 : 0;
      latency.push_back(std::max<int64_t>(0, seconds_between(*s.first, *s.feedback_at)));
    }
  }
  for (const auto& [id, set] : in.sets) {
    if (set.publisher != from || set.first < scope.from) continue;
    ++sets;
    added += set.added;
    sighted += sighted_sets.count(id);
  }
  return {{"indicator_sets", sets},
          {"indicators_added", added},
          {"sets_sighted", sighted},
          {"share_sighted", fixed(sighted, sets, 4)},
          {"sightings", sightings},
          {"with_feedback", with_feedback},
          {"false_positives", false_positives},
          {"false_positive_rate", fixed(false_positives, with_feedback, 4)},
          {"feedback_latency", durations(std::move(latency))}};
}

// ---- priority cases ----------------------------------------------------------------------

// Each party's status reports on one case, replayed in signed-time order as apply() keeps
// them: a report is on time when signed no later than its due time (acceptance, then the
// party's previous report, plus the case's interval).
struct CaseParty {
  int64_t posted = 0, on_time = 0, late = 0;
  std::optional<TimePoint> next_due, latest_at;
  std::string latest_phase;
};
struct CaseFacts {
  std::string proposer, party, area, title, state;
  int64_t interval = kDefaultStatusIntervalDays;
  std::optional<TimePoint> proposed_at, accepted_at;
  std::map<std::string, CaseParty> parties;
};

void case_status(CaseFacts& c, const Event& ev, const Scope& scope) {
  CaseParty& p = c.parties[ev.r->origin];
  const bool on_time = p.next_due && ev.at <= *p.next_due;
  if (ev.at >= scope.from) {
    ++p.posted;
    (on_time ? p.on_time : p.late) += 1;
  }
  p.next_due = ev.at + std::chrono::days(c.interval);
  p.latest_at = ev.at;
  p.latest_phase = str_of(ev.payload, "phase");
  c.state = p.latest_phase == "concluded" ? "concluded" : "accepted";
}

std::optional<CaseFacts> case_facts(std::vector<Event>& events, const Scope& scope) {
  std::stable_sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
    if (x.at != y.at) return x.at < y.at;
    if (x.r->origin != y.r->origin) return x.r->origin < y.r->origin;
    return x.r->seq < y.r->seq;
  });
  CaseFacts c;
  for (const Event& ev : events) {
    const std::string& kind = ev.r->kind;
    if (kind == kCasePropose && !c.proposed_at) {
      c.proposer = ev.r->origin;
      c.party = str_of(ev.payload, "party");
      c.area = str_of(ev.payload, "area");
      if (auto* t = ev.payload.if_contains("title"); t && t->is_object()) {
        c.title = str_of(t->get_object(), "original");
      }
      c.interval = int_or(ev.payload, "interval_days", kDefaultStatusIntervalDays);
      c.proposed_at = ev.at;
      c.state = "proposed";
      c.parties[c.proposer];
      c.parties[c.party];
    } else if (kind == kCaseAccept && c.state == "proposed" && ev.r->origin == c.party) {
      c.accepted_at = ev.at;
      c.state = "accepted";
      for (auto& [_, p] : c.parties) p.next_due = ev.at + std::chrono::days(c.interval);
    } else if (kind == kCaseStatus && c.accepted_at && c.parties.count(ev.r->origin)) {
      case_status(c, ev, scope);
    }
  }
  if (!c.proposed_at) return std::nullopt;
  return c;
}

json::value time_or_null(const std::optional<TimePoint>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

struct CaseTotals {
  int64_t cases = 0, proposed = 0, active = 0, awaiting = 0, concluded = 0;
  int64_t posted = 0, on_time = 0, late = 0, overdue = 0;
};

struct AreaTotals {
  int64_t cases = 0, active = 0, posted = 0, on_time = 0;
};

json::object case_object(const CaseFacts& c, const Scope& scope, CaseTotals& t,
                         std::vector<OverdueItem>& items, const std::string& id) {
  json::object reports;
  for (const auto& [party, p] : c.parties) {
    const bool overdue = c.state == "accepted" && p.next_due && *p.next_due < scope.to;
    t.posted += p.posted;
    t.on_time += p.on_time;
    t.late += p.late;
    t.overdue += overdue ? 1 : 0;
    if (overdue) {
      items.push_back({*p.next_due,
                       id + ":status_report:" + party,
                       {{"kind", "status_report"},
                        {"case_id", id},
                        {"owed_by", party},
                        {"due_at", format_rfc3339(*p.next_due)}}});
    }
    reports[party] = json::object{
        {"posted", p.posted},
        {"on_time", p.on_time},
        {"late", p.late},
        {"overdue", overdue},
        {"next_due", c.state == "accepted" ? time_or_null(p.next_due) : json::value(nullptr)},
        {"latest_phase",
         p.latest_phase.empty() ? json::value(nullptr) : json::value(p.latest_phase)},
        {"latest_at", time_or_null(p.latest_at)}};
  }
  return {{"title", c.title},
          {"area", c.area},
          {"proposer", c.proposer},
          {"party", c.party},
          {"state", c.state},
          {"interval_days", c.interval},
          {"proposed_at", time_or_null(c.proposed_at)},
          {"accepted_at", time_or_null(c.accepted_at)},
          {"status_reports", std::move(reports)}};
}

// The `priority_cases` and `priority_areas` sections: every case proposed by the period's
// end, with its status reports posted within the period and its state at the end.
std::pair<json::object, json::object> case_sections(Inputs& in, const Scope& scope, CaseTotals& t,
                                                    std::vector<OverdueItem>& items) {
  json::object cases;
  std::map<std::string, AreaTotals> areas;
  for (const char* a : kPriorityAreas) areas[a];
  for (auto& [id, events] : in.cases) {
    auto c = case_facts(events, scope);
    if (!c || (c->party != scope.other(c->proposer))) continue;
    const CaseTotals before = t;
    cases[id] = case_object(*c, scope, t, items, id);
    ++t.cases;
    t.proposed += *c->proposed_at >= scope.from ? 1 : 0;
    t.active += c->state == "accepted" ? 1 : 0;
    t.awaiting += c->state == "proposed" ? 1 : 0;
    t.concluded += c->state == "concluded" ? 1 : 0;
    AreaTotals& a = areas[c->area];
    ++a.cases;
    a.active += c->state == "accepted" ? 1 : 0;
    a.posted += t.posted - before.posted;
    a.on_time += t.on_time - before.on_time;
  }
  json::object by_area;
  for (const auto& [name, a] : areas) {
    by_area[name] = json::object{{"cases", a.cases},
                                 {"active", a.active},
                                 {"status_reports_posted", a.posted},
                                 {"status_reports_on_time", a.on_time},
                                 {"share_on_time", fixed(a.on_time, a.posted, 4)}};
  }
  json::object section{
      {"cases", t.cases},
      {"proposed_in_period", t.proposed},
      {"active", t.active},
      {"awaiting_acceptance", t.awaiting},
      {"concluded", t.concluded},
      {"status_reports", json::object{{"posted", t.posted},
                                      {"on_time", t.on_time},
                                      {"late", t.late},
                                      {"share_on_time", fixed(t.on_time, t.posted, 4)},
                                      {"overdue_at_end", t.overdue}}},
      {"by_case", std::move(cases)}};
  return {std::move(section), std::move(by_area)};
}

// ---- the hotline ---------------------------------------------------------------------------

// Escalations opened, hotline contacts started and drills scheduled within the period, from
// the signed records both parties hold; a drill tier passes when its party's acknowledgement
// is signed within ack_within_seconds of its page, fails when it is not (or nobody was paged)
// by the period's end, as the hotline's own review judges it.
json::object hotline_section(const HotlineRecords& h, const Scope& scope) {
  int64_t opened = 0, acknowledged = 0, resolved = 0;
  std::map<std::string, int64_t> by_owner{{scope.a, 0}, {scope.b, 0}}, by_trigger;
  for (const auto& [_, e] : h.escalations) {
    if (e.owner.empty() || e.opened < scope.from) continue;
    ++opened;
    ++by_owner[e.owner];
    ++by_trigger[e.trigger];
    acknowledged += e.acknowledged ? 1 : 0;
    resolved += e.resolved ? 1 : 0;
  }
  std::map<std::string, int64_t> by_tier{{"1", 0}, {"2", 0}, {"3", 0}};
  int64_t contacts = 0;
  for (const auto& [at, tier] : h.contacts) {
    if (at < scope.from || at > scope.to) continue;
    ++contacts;
    ++by_tier[std::to_string(tier)];
  }
  int64_t drills = 0, passed = 0, failed = 0, pending = 0;
  for (const auto& [_, d] : h.drills) {
    if (d.parties.empty() || d.scheduled < scope.from || d.scheduled > scope.to) continue;
    ++drills;
    const auto within = std::chrono::seconds(d.within);
    for (const auto& party : d.parties) {
      for (int64_t tier : d.tiers) {
        const std::string key = party + ":" + std::to_string(tier);
        auto page = d.pages.find(key);
        auto ack = d.acks.find(key);
        if (page != d.pages.end() && ack != d.acks.end()) {
          (ack->second - page->second <= within ? passed : failed) += 1;
        } else if (scope.to > (page != d.pages.end() ? page->second : d.scheduled) + within) {
          ++failed;
        } else {
          ++pending;
        }
      }
    }
  }
  return {{"escalations", json::object{{"opened", opened},
                                       {"by_owner", map_object(by_owner)},
                                       {"by_trigger", map_object(by_trigger)},
                                       {"acknowledged", acknowledged},
                                       {"resolved", resolved}}},
          {"contacts", json::object{{"logged", contacts}, {"by_tier", map_object(by_tier)}}},
          {"drills", json::object{{"held", drills},
                                  {"tiers_passed", passed},
                                  {"tiers_failed", failed},
                                  {"tiers_pending", pending},
                                  {"share_passed", fixed(passed, passed + failed, 4)}}}};
}

Result<Scope> scope_of(const Period& period, const std::vector<Position>& positions) {
  LIAISON_RETURN_IF_ERROR(check_period(period));
  std::set<std::string> origins;
  Scope s;
  for (const auto& p : positions) {
    origins.insert(p.origin);
    s.upto[p.origin] = p.seq;
  }
  if (origins.size() != 2 || positions.size() != 2) {
    return invalid_argument("a report's positions name exactly two parties", "positions");
  }
  s.a = *origins.begin();
  s.b = *origins.rbegin();
  s.from = *parse_rfc3339(period.from);
  s.to = *parse_rfc3339(period.to);
  return s;
}

}  // namespace

Status check_period(const Period& period) {
  auto from = parse_rfc3339(period.from);
  auto to = parse_rfc3339(period.to);
  if (!from) return invalid_argument("from must be an RFC 3339 time", "from");
  if (!to) return invalid_argument("to must be an RFC 3339 time", "to");
  if (*from > *to) return invalid_argument("from is later than to", "from");
  return Status::ok();
}

namespace {

// The raw numbers of the leaders' summary, for one period.
struct Headlines {
  int64_t submitted = 0, answered = 0, ack_within = 0, ack_count = 0, fulfil_within = 0,
          fulfil_count = 0, open_overdue = 0, leads_sent = 0, leads_without_outcome = 0,
          cases_active = 0, reports_on_time = 0, reports_posted = 0, sets_shared = 0;
};

struct Computed {
  json::object sections;
  Headlines h;
  std::vector<OverdueItem> overdue;
};

// A record that counts, with its signed time and its payload parsed once for both periods.
struct Parsed {
  const ledger::Record* r;
  TimePoint at;
  json::object payload;
};

std::vector<Parsed> parse_counted(std::span<const ledger::Record> records, const Scope& scope) {
  std::vector<Parsed> out;
  for (const auto& r : records) {
    if (!counts(scope, r)) continue;
    json::error_code ec;
    json::value v = json::parse(r.payload, ec);
    if (ec || !v.is_object()) continue;
    out.push_back({&r, *parse_rfc3339(r.created_at), std::move(v.get_object())});
  }
  return out;
}

// The sections of `scope` from the records signed by its end. `consume`: the payloads may be
// moved from (the last computation over `parsed`).
Result<Computed> compute(std::vector<Parsed>& parsed, const Scope& scope, bool consume) {
  Inputs in;
  for (auto& p : parsed) {
    if (p.at > scope.to) continue;
    if (consume) {
      take_record(in, *p.r, p.at, p.payload);
    } else {
      json::object copy = p.payload;
      take_record(in, *p.r, p.at, copy);
    }
  }
  Computed out;
  std::map<std::string, Direction> dirs;
  for (const auto& [from, to] : {std::pair{scope.a, scope.b}, {scope.b, scope.a}}) {
    dirs[from + "->" + to];
  }
  for (auto& [id, req] : in.requests) {
    if (!req.submitted_at || *req.submitted_at < scope.from) continue;
    const std::string name = req.requesting + "->" + req.requested;
    auto dir = dirs.find(name);
    if (dir == dirs.end()) continue;
    Direction& d = dir->second;
    Facts f = facts_of(req);
    f.clocks.received_at = received_at(in, req);
    LIAISON_ASSIGN_OR_RETURN(hotline::DeadlinePolicy policy, policy_for(in, req.requested));
    LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines dl,
                             hotline::compute_deadlines(f.clocks, policy, scope.to));
    ++d.submitted;
    d.answered += f.clocks.first_reply_at ? 1 : 0;
    d.ended += ended(f.state) ? 1 : 0;
    d.open += ended(f.state) ? 0 : 1;
    d.sent_back += f.sent_back ? 1 : 0;
    ++d.outcomes[model::to_string(f.state)];
    if (!f.refusal_ground.empty()) ++d.grounds[f.refusal_ground];
    add_clocks(d, id, name, req, f, dl, scope.to, out.overdue);
    add_assessments(d, in, id, req);
    add_lead(d, in, id, req, name, scope.to, out.overdue);
  }
  json::object directions, reciprocity;
  Headlines& h = out.h;
  for (const auto& [name, d] : dirs) {
    directions[name] = direction_object(d);
    const std::string from = name.substr(0, name.find("->")), to = name.substr(name.find("->") + 2);
    json::object sharing = sharing_object(in, scope, from, to);
    h.sets_shared += sharing.at("indicator_sets").to_number<int64_t>();
    directions[name].as_object()["sharing"] = std::move(sharing);
    reciprocity[name] = json::object{{"sent", d.submitted}, {"answered", d.answered}};
    h.submitted += d.submitted;
    h.answered += d.answered;
    for (auto [clock, within, count] : {std::tuple{"acknowledge", &h.ack_within, &h.ack_count},
                                        {"fulfil", &h.fulfil_within, &h.fulfil_count}}) {
      auto it = d.clocks.find(clock);
      if (it == d.clocks.end()) continue;
      *within += it->second.within;
      *count += static_cast<int64_t>(it->second.seconds.size());
    }
    h.open_overdue += d.open_overdue_requests;
    h.leads_sent += d.leads;
    h.leads_without_outcome += d.leads - d.leads_with_outcome;
  }
  CaseTotals cases;
  auto [case_section, areas] = case_sections(in, scope, cases, out.overdue);
  h.cases_active = cases.active;
  h.reports_on_time = cases.on_time;
  h.reports_posted = cases.posted;
  out.sections = {{"directions", std::move(directions)},
                  {"reciprocity", std::move(reciprocity)},
                  {"priority_cases", std::move(case_section)},
                  {"priority_areas", std::move(areas)},
                  {"hotline", hotline_section(in.hotline, scope)}};
  return out;
}

// A fixed-point share's change ("+0.1250", "-0.0500", "0.0000"), null when either is null.
json::value share_change(const json::value& now, const json::value& before) {
  if (!now.is_string() || !before.is_string()) return nullptr;
  auto scaled = [](std::string_view s) {
    int64_t v = 0;
    for (char ch : s) {
      if (ch >= '0' && ch <= '9') v = v * 10 + (ch - '0');
    }
    return v;  // "0.1234" → 1234 (4 decimals)
  };
  const int64_t d = scaled(now.get_string()) - scaled(before.get_string());
  const int64_t a = d < 0 ? -d : d;
  std::string frac = std::to_string(a % 10000);
  frac.insert(0, 4 - frac.size(), '0');
  return json::value((d > 0 ? "+" : d < 0 ? "-" : "") + std::to_string(a / 10000) + "." + frac);
}

json::object headline(int64_t now, int64_t before) {
  return {{"value", now}, {"previous", before}, {"change", now - before}};
}
json::object headline(json::value now, json::value before) {
  json::value change = share_change(now, before);
  return {
      {"value", std::move(now)}, {"previous", std::move(before)}, {"change", std::move(change)}};
}

// At most this many overdue items are listed (the earliest due first); `total` counts all.
constexpr size_t kOverdueListed = 50;

// The leaders' summary: ten headline figures, each beside the previous period of the same
// length (the one that ends the second before this one starts), and the items overdue at the
// period's end.
json::object leaders_summary(const Computed& now, const Headlines& b, const Scope& before) {
  const Headlines& a = now.h;
  json::object headlines{
      {"requests_submitted", headline(a.submitted, b.submitted)},
      {"requests_answered", headline(a.answered, b.answered)},
      {"share_acknowledged_within_deadline",
       headline(fixed(a.ack_within, a.ack_count, 4), fixed(b.ack_within, b.ack_count, 4))},
      {"share_fulfilled_within_deadline", headline(fixed(a.fulfil_within, a.fulfil_count, 4),
                                                   fixed(b.fulfil_within, b.fulfil_count, 4))},
      {"open_requests_overdue", headline(a.open_overdue, b.open_overdue)},
      {"leads_sent", headline(a.leads_sent, b.leads_sent)},
      {"leads_without_outcome", headline(a.leads_without_outcome, b.leads_without_outcome)},
      {"priority_cases_active", headline(a.cases_active, b.cases_active)},
      {"share_status_reports_on_time", headline(fixed(a.reports_on_time, a.reports_posted, 4),
                                                fixed(b.reports_on_time, b.reports_posted, 4))},
      {"indicator_sets_shared", headline(a.sets_shared, b.sets_shared)}};
  std::vector<OverdueItem> items = now.overdue;
  std::sort(items.begin(), items.end(), [](const OverdueItem& x, const OverdueItem& y) {
    return x.due != y.due ? x.due < y.due : x.key < y.key;
  });
  json::object listed;
  for (size_t i = 0; i < items.size() && i < kOverdueListed; ++i)
    listed[items[i].key] = items[i].item;
  return {{"previous_period",
           json::object{{"from", format_rfc3339(before.from)}, {"to", format_rfc3339(before.to)}}},
          {"headlines", std::move(headlines)},
          {"overdue", json::object{{"total", static_cast<int64_t>(items.size())},
                                   {"listed", std::move(listed)}}}};
}

}  // namespace

Result<std::string> figures(std::span<const ledger::Record> records, const Period& period,
                            const std::vector<Position>& positions) {
  LIAISON_ASSIGN_OR_RETURN(Scope scope, scope_of(period, positions));
  Scope before = scope;
  before.to = scope.from - std::chrono::seconds(1);
  before.from = before.to - (scope.to - scope.from);
  // The previous period's records are a prefix in time of this one's: parse each once.
  std::vector<Parsed> parsed = parse_counted(records, scope);
  LIAISON_ASSIGN_OR_RETURN(Computed prev, compute(parsed, before, false));
  LIAISON_ASSIGN_OR_RETURN(Computed now, compute(parsed, scope, true));
  json::object out{{"format", kFiguresFormat},
                   {"period", json::object{{"from", format_rfc3339(scope.from)},
                                           {"to", format_rfc3339(scope.to)}}},
                   {"parties", json::array{json::value(scope.a), json::value(scope.b)}}};
  for (auto& kv : now.sections) out[kv.key()] = std::move(kv.value());
  out["leaders_summary"] = leaders_summary(now, prev.h, before);
  return ledger::canonicalize(json::serialize(out));
}

namespace {

void flatten(const json::value& v, const std::string& path,
             std::map<std::string, std::string>& out) {
  if (v.is_object() && !v.get_object().empty()) {
    for (const auto& kv : v.get_object()) {
      flatten(kv.value(), path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key()),
              out);
    }
    return;
  }
  out[path] = json::serialize(v);
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> figure_rows(const std::string& figures) {
  json::error_code ec;
  json::value v = json::parse(figures, ec);
  if (ec) return invalid_argument("the figures are not JSON", "figures");
  std::map<std::string, std::string> flat;
  flatten(v, "", flat);
  return std::vector<std::pair<std::string, std::string>>(flat.begin(), flat.end());
}

Result<std::vector<FigureDifference>> compare_figures(const std::string& published,
                                                      const std::string& recomputed) {
  auto a = figure_rows(published);
  if (!a.is_ok()) return invalid_argument("the published figures are not JSON", "figures");
  LIAISON_ASSIGN_OR_RETURN(auto b, figure_rows(recomputed));
  std::map<std::string, std::string> fa(a->begin(), a->end()), fb(b.begin(), b.end());
  std::set<std::string> paths;
  for (const auto& kv : fa) paths.insert(kv.first);
  for (const auto& kv : fb) paths.insert(kv.first);
  std::vector<FigureDifference> out;
  for (const auto& p : paths) {
    std::string x = fa.count(p) ? fa[p] : "", y = fb.count(p) ? fb[p] : "";
    if (x != y) out.push_back({p, x, y});
  }
  return out;
}

}  // namespace liaison::reports
