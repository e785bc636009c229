// What the receiver of a lead did with it, as its projection holds it (the `lead_outcomes`
// table): opened a case, merged it into a priority case, passed it on, or took no action (with
// a reason). apply() builds and changes it, the repository returns it, the service and the
// hotline's clock feed read it. Converted to and from its stored JSON document only here, so a
// damaged document is one error naming its member. to_doc writes the members reports have
// always stored, in canonical (sorted) order, so the stored bytes and the API's answers are
// unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison::reports {

struct LeadOutcome {
  std::string id;  // request id ":lead.outcome:" party
  std::string request_id;
  std::string party;  // the lead's receiver, who records it
  std::string by;
  std::string outcome;    // one of kLeadOutcomes (reports/kinds.h)
  std::string reason;     // "" when none was given
  std::string reference;  // "" when none was given
  std::string created_at, updated_at, record;
  int64_t version = 1;
};

boost::json::object to_doc(const LeadOutcome& o);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<LeadOutcome> lead_outcome_from_doc(const boost::json::object& doc);
Result<LeadOutcome> lead_outcome_from_text(std::string_view text);

}  // namespace liaison::reports
