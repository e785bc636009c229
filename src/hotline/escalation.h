// An escalation as its projection holds it (the `escalations` table): the typed form that
// apply() builds and changes, the engine climbs and pages from, and the service renders.
// Converted to and from its stored JSON document only here (to_doc / escalation_from_doc),
// so a damaged document is one error naming its member, never an exception on the engine's
// thread. The document's members and their order are those the hotline has always stored.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "hotline/escalation_ladder.h"

namespace liaison::hotline {

// Who acknowledged or resolved it: a party, and its user ("" when the engine did).
struct PartyUser {
  std::string party, user;
};

// A ladder step that fired: the rule and round of the ladder, the tier it climbed to.
struct FiredStep {
  int64_t rule = 0, round = 0, tier = 0;
  std::string due_at, fired_at;
};

struct Escalation {
  std::string id, owner, counterpart;
  std::string request_id;  // "" when it names a priority case or is manual without one
  std::string case_id;     // "" unless a priority case's clock opened it
  std::string trigger;     // manual, ack_missed, deadline_breached
  std::string clock;       // the missed deadline's clock (deadline_breached)
  std::string reason;
  int64_t start_tier = 1, tier = 1;
  std::string state = "open";  // open, acknowledged, resolved
  std::string opened_at, opened_by;
  std::string acknowledged_at;
  std::optional<PartyUser> acknowledged_by;
  std::string resolved_at;
  std::optional<PartyUser> resolved_by;
  std::string resolution;
  std::vector<FiredStep> steps;
  Ladder ladder;
  bool drill = false;

  bool resolved() const { return state == "resolved"; }
  // The state its acknowledgement and resolution make.
  std::string derived_state() const;
  // Whether the step (rule, round) fired already.
  bool fired(int64_t rule, int64_t round) const;
  // The party on the other side from `me`.
  const std::string& other_side(const std::string& me) const {
    return owner == me ? counterpart : owner;
  }
};

// The stored document (members in the order the hotline has always written them).
boost::json::object to_doc(const Escalation& e);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<Escalation> escalation_from_doc(const boost::json::object& doc);
Result<Escalation> escalation_from_text(std::string_view text);

}  // namespace liaison::hotline
