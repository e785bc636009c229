// The requests' sections of the figures (timeliness, quality, leads), from the typed facts of
// figures_read.cc. A request's facts are rebuilt from its request.event and message.post
// records by the same state machine apply() runs (model/request.h), its clocks by the
// hotline's pure deadline arithmetic (hotline/deadline_policy.h) evaluated at the period's
// end, so they agree with what both consoles showed at that instant.
#include <algorithm>

#include "reports/figures_internal.h"
#include "reports/kinds.h"

namespace liaison::reports::detail {

namespace {

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
  // (origin, seq) names one record, so the order is total and a plain sort is stable enough.
  std::sort(req.events.begin(), req.events.end(), [](const RequestEvent& x, const RequestEvent& y) {
    if (x.at != y.at) return x.at < y.at;
    if (x.origin != y.origin) return x.origin < y.origin;
    return x.seq < y.seq;
  });
  Facts f;
  model::RequestStatus status;
  for (const RequestEvent& ev : req.events) {
    const model::Side side =
        ev.origin == req.requesting ? model::Side::kRequester : model::Side::kRequested;
    auto next = model::transition(status, ev.event, side, ev.args);
    if (!next.is_ok()) continue;
    if (status.state == model::State::kNeedsInfo && next->state != model::State::kNeedsInfo &&
        !f.clocks.pauses.empty()) {
      f.clocks.pauses.back().to = ev.at;
    }
    note_event(f, ev.event, ev.args, ev.at);
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

// Each party's deadline policy, read once per computation: its latest published one among
// the records, else the shipped defaults in UTC.
class Policies {
 public:
  explicit Policies(const Inputs& in) : in_(in) {}
  Result<const hotline::DeadlinePolicy*> of(const std::string& party) {
    auto kept = cache_.find(party);
    if (kept != cache_.end()) return &kept->second;
    auto it = in_.policies.find(party);
    hotline::DeadlinePolicy p;
    if (it == in_.policies.end()) {
      p = hotline::default_policy(party, "UTC");
    } else {
      LIAISON_ASSIGN_OR_RETURN(p, hotline::policy_from_json(it->second.second));
    }
    return &cache_.emplace(party, std::move(p)).first->second;
  }

 private:
  const Inputs& in_;
  std::map<std::string, hotline::DeadlinePolicy> cache_;
};

void add_clocks(Direction& d, std::string_view id, const std::string& direction,
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
                           std::string(id) + ":" + c.clock,
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

void add_assessments(Direction& d, const RequestRecords& req) {
  auto take = [&](const char* kind, const std::string& author, int64_t& count,
                  std::map<std::string, std::pair<int64_t, int64_t>>& sums) {
    auto it =
        std::find_if(req.assessments.begin(), req.assessments.end(),
                     [&](const Assessment& a) { return a.kind == kind && a.author == author; });
    if (it == req.assessments.end()) return;
    ++count;
    for (const auto& [k, v] : it->scores) {
      sums[k].first += v;
      sums[k].second += 1;
    }
  };
  take(kAssessResponse, req.requesting, d.response_count, d.response_scores);
  take(kAssessRequest, req.requested, d.request_count, d.request_scores);
}

// A lead's outcome is due the receiver's policy's lead_outcome_days after the submission
// (reports/case_clocks.h).
void add_lead(Direction& d, const Inputs& in, std::string_view id, const RequestRecords& req,
              const std::string& direction, int64_t lead_outcome_days, TimePoint end,
              std::vector<OverdueItem>& items) {
  if (req.type != "lead_sharing") return;
  ++d.leads;
  auto it = in.leads.find({std::string(id), req.requested});  // the receiver's record only
  if (it == in.leads.end()) {
    const TimePoint due = *req.submitted_at + std::chrono::days(lead_outcome_days);
    if (due < end) {
      items.push_back({due,
                       std::string(id) + ":lead_outcome",
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

}  // namespace

Status add_requests(Inputs& in, const Scope& scope, std::map<std::string, Direction>& dirs,
                    std::vector<OverdueItem>& overdue) {
  Policies policies(in);
  for (auto& entry : in.requests.entries()) {
    const std::string_view id = entry.id();
    RequestRecords& req = entry.records;
    if (!req.submitted_at || *req.submitted_at < scope.from) continue;
    const std::string name = req.requesting + "->" + req.requested;
    auto dir = dirs.find(name);
    if (dir == dirs.end()) continue;
    Direction& d = dir->second;
    Facts f = facts_of(req);
    f.clocks.received_at = received_at(in, req);
    LIAISON_ASSIGN_OR_RETURN(const hotline::DeadlinePolicy* policy, policies.of(req.requested));
    LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines dl,
                             hotline::compute_deadlines(f.clocks, *policy, scope.to));
    ++d.submitted;
    d.answered += f.clocks.first_reply_at ? 1 : 0;
    d.ended += ended(f.state) ? 1 : 0;
    d.open += ended(f.state) ? 0 : 1;
    d.sent_back += f.sent_back ? 1 : 0;
    ++d.outcomes[model::to_string(f.state)];
    if (!f.refusal_ground.empty()) ++d.grounds[f.refusal_ground];
    add_clocks(d, id, name, req, f, dl, scope.to, overdue);
    add_assessments(d, req);
    add_lead(d, in, id, req, name, policy->lead_outcome_days, scope.to, overdue);
  }
  return Status::ok();
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

}  // namespace liaison::reports::detail
