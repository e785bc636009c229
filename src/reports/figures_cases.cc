// The priority cases' sections of the figures: each case's state at the period's end and its
// status reports' timeliness, by case and by priority area, from the case records kept by
// figures_read.cc.
#include <algorithm>

#include "common/json_fields.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"

namespace liaison::reports::detail {

namespace {

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

void case_status(CaseFacts& c, const CaseEvent& ev, const Scope& scope) {
  CaseParty& p = c.parties[ev.origin];
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

std::optional<CaseFacts> case_facts(std::vector<CaseEvent>& events, const Scope& scope) {
  std::stable_sort(events.begin(), events.end(), [](const CaseEvent& x, const CaseEvent& y) {
    if (x.at != y.at) return x.at < y.at;
    if (x.origin != y.origin) return x.origin < y.origin;
    return x.seq < y.seq;
  });
  CaseFacts c;
  for (const CaseEvent& ev : events) {
    const std::string& kind = ev.kind;
    if (kind == kCasePropose && !c.proposed_at) {
      c.proposer = ev.origin;
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
    } else if (kind == kCaseAccept && c.state == "proposed" && ev.origin == c.party) {
      c.accepted_at = ev.at;
      c.state = "accepted";
      for (auto& [_, p] : c.parties) p.next_due = ev.at + std::chrono::days(c.interval);
    } else if (kind == kCaseStatus && c.accepted_at && c.parties.count(ev.origin)) {
      case_status(c, ev, scope);
    }
  }
  if (!c.proposed_at) return std::nullopt;
  return c;
}

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

}  // namespace

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

}  // namespace liaison::reports::detail
