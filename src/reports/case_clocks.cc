#include "reports/case_clocks.h"

#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "common/json_fields.h"
#include "hotline/deadline_policy.h"
#include "hotline/service.h"
#include "reports/kinds.h"
#include "reports/repository.h"
#include "requests/service.h"
#include "requests/stored.h"

namespace liaison::reports {

namespace json = boost::json;

namespace {

constexpr std::string_view kStatusClock = "status_report#";

Result<std::vector<hotline::WatchedClock>> overdue_reports(node::Node& node,
                                                           const std::string& party,
                                                           TimePoint now) {
  std::vector<PriorityCase> cases;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(cases, running_cases(db));
    return Status::ok();
  }));
  std::vector<hotline::WatchedClock> out;
  for (const auto& c : cases) {
    if (party != c.proposer && party != c.party) continue;
    const std::string& owes = party == c.proposer ? c.party : c.proposer;
    auto due = parse_rfc3339(c.due_of(owes));
    if (!due || *due >= now) continue;
    out.push_back({.case_id = c.id,
                   .clock = std::string(kStatusClock) + std::to_string(c.updates_of(owes) + 1),
                   .owed_by = owes,
                   .priority = "P1",
                   .due_at = *due});
  }
  return out;
}

Result<std::string> report_cleared(node::Node& node, const hotline::WatchedClock& c) {
  std::optional<PriorityCase> pc;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(pc, priority_case(db, c.case_id));
    return Status::ok();
  }));
  if (!pc) return std::string("the case is not held");
  if (pc->state == "concluded") return std::string("the case is concluded");
  int64_t n = 0;
  const std::string_view digits = std::string_view(c.clock).substr(kStatusClock.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n < 1) {
    return std::string("not a status-report clock");
  }
  if (pc->updates_of(c.owed_by) >= n) {
    return "status report " + std::to_string(n) + " of " + c.owed_by + " posted";
  }
  return std::string();
}

Result<std::vector<hotline::WatchedClock>> overdue_leads(node::Node& node, const std::string& party,
                                                         TimePoint now) {
  node::RequestQuery q;
  q.types = {"lead_sharing"};
  q.direction = "outgoing";
  q.sort = "updated_at";
  q.per_page = 200;
  std::vector<hotline::WatchedClock> out;
  for (q.page = 1;; ++q.page) {
    LIAISON_ASSIGN_OR_RETURN(node::DocPage page, node::list_requests(node, q));
    for (const auto& text : page.docs) {
      LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest d, requests::request_from_text(text));
      if (d.is_draft() || d.state() == model::State::kWithdrawn ||
          d.content.requesting_party != party) {
        continue;
      }
      auto submitted = parse_rfc3339(d.submitted_at);
      if (!submitted) continue;
      const std::string &id = d.id, &receiver = d.content.requested_party;
      std::optional<LeadOutcome> outcome;
      TimePoint due;
      LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
        // The receiver's published policy says how long it has (as for the request's clocks).
        LIAISON_ASSIGN_OR_RETURN(hotline::DeadlinePolicy policy, node::policy_of(db, receiver));
        due = policy.lead_outcome_due(*submitted);
        if (due >= now) return Status::ok();
        LIAISON_ASSIGN_OR_RETURN(outcome, lead_outcome_of(db, id, receiver));
        return Status::ok();
      }));
      if (due >= now || outcome) continue;
      out.push_back({.request_id = id,
                     .clock = "lead_outcome",
                     .owed_by = receiver,
                     .priority = model::to_string(d.content.priority),
                     .due_at = due});
    }
    if (static_cast<int64_t>(q.page) * q.per_page >= page.total) break;
  }
  return out;
}

Result<std::string> lead_cleared(node::Node& node, const hotline::WatchedClock& c) {
  auto text = node::get_request(node, c.request_id);
  if (!text.is_ok()) return std::string("the lead is not held");
  LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest d, requests::request_from_text(*text));
  if (d.state() == model::State::kWithdrawn) return std::string("the lead was withdrawn");
  std::optional<LeadOutcome> outcome;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(outcome, lead_outcome_of(db, c.request_id, c.owed_by));
    return Status::ok();
  }));
  if (!outcome) return std::string();
  return "outcome recorded: " + outcome->outcome;
}

}  // namespace

hotline::ClockFeed case_clock_feed() {
  return {.overdue = overdue_reports,
          .keeps = [](const std::string& clock) { return clock.starts_with(kStatusClock); },
          .cleared = report_cleared};
}

hotline::ClockFeed lead_clock_feed() {
  return {.overdue = overdue_leads,
          .keeps = [](const std::string& clock) { return clock == "lead_outcome"; },
          .cleared = lead_cleared};
}

}  // namespace liaison::reports
