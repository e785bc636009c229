// A priority case as its projection holds it (the `priority_cases` table, reports/cases.h):
// proposed by one party, accepted by the other, then each party's status updates, the latest of
// each and when each party's next one is due. apply() builds and changes it, the repository
// returns it, the service and the hotline's clock feed read it. Converted to and from its
// stored JSON document only here, so a damaged document is one error naming its member.
// to_doc writes the members the reports capability has always stored, in canonical (sorted)
// order, so the stored bytes and the API's answers are unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reports/assessment.h"

namespace liaison::reports {

// A party's lead officer: a name, and any of title, e-mail and phone as given.
struct LeadOfficer {
  std::string name;
  std::optional<std::string> title, email, phone;
};
Result<LeadOfficer> lead_officer_from_json(const boost::json::value& v, const std::string& field);

// One status update of a party (in `reports`, and its latest in `latest`, which holds neither
// the party, nor due_at, nor on_time).
struct CaseUpdate {
  std::string party, at, due_at;
  bool on_time = false;
  std::string phase;  // active, suspended, concluded
  BilingualText state, actions, next_steps;
  std::optional<BilingualText> blockers;
  std::string by, record;
};

struct PriorityCase {
  std::string id, proposer;
  std::string party;  // the other party, who accepts it
  BilingualText title;
  std::string area;
  std::vector<std::string> requests;                 // linked requests
  std::map<std::string, LeadOfficer> lead_officers;  // by party
  int64_t interval_days = 0;
  std::string state;  // proposed, accepted, concluded
  std::string proposed_at, proposed_by, accepted_at, accepted_by;
  std::vector<CaseUpdate> reports;              // every update, in order
  std::map<std::string, CaseUpdate> latest;     // by party
  std::map<std::string, std::string> next_due;  // by party: when its next update is due
  std::string record;                           // the last record that changed it

  // The next update `p` owes ("" when none is due yet), and how many it has posted.
  std::string due_of(const std::string& p) const;
  int64_t updates_of(const std::string& p) const;
};

boost::json::object to_doc(const PriorityCase& c);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<PriorityCase> priority_case_from_doc(const boost::json::object& doc);
Result<PriorityCase> priority_case_from_text(std::string_view text);

}  // namespace liaison::reports
