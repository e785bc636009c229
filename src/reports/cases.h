// Priority cases (issue 16, item 2): either party proposes a case, the other accepts it, and
// from then on each posts a status update at least every `interval_days` (default 30). Each
// step is its party's signed record (reports/kinds.h), addressed to the other party; the
// projection `priority_cases` is written by apply() only, which checks every payload against
// its declared schema — the service adds the author and the case id and lets apply name the
// field of any bad input, writing nothing. Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "common/status.h"
#include "node/node.h"

namespace liaison::reports {

// Who proposes, accepts and reports on priority cases (routes, CLI and service alike).
inline constexpr node::RoleSet kCaseWriters{node::Role::kAdministrator, node::Role::kLiaisonOfficer,
                                            node::Role::kSupervisor, node::Role::kPrincipal};

// {title: {original, lang, translation?, translation_lang?}, area, party?, requests?: [id],
// lead_officer: {name, title?, email?, phone?}, counterpart_lead_officer?, interval_days?}.
// Returns the case's document (201). Errors name the field: an unknown area or member, a
// linked request not between the two parties or still a draft (`requests[i]`).
Result<std::string> propose_case(node::Node& node, const node::Actor& actor,
                                 const boost::json::value& body);
// The other party's acceptance: {lead_officer, requests?}. Its proposer may not accept
// (permission_denied, `party`); a case accepted already is failed_precondition (`state`).
Result<std::string> accept_case(node::Node& node, const node::Actor& actor, const std::string& id,
                                const boost::json::value& body);
// A status update: {phase: active|suspended|concluded, state, actions, next_steps, blockers?}
// (each bilingual text). A case not yet accepted is failed_precondition (`state`).
Result<std::string> post_case_status(node::Node& node, const node::Actor& actor,
                                     const std::string& id, const boost::json::value& body);
// Cases, newest proposal first ("" = every state; else proposed | accepted | concluded), each
// with its status-report clocks at the node's time (see case_view).
Result<boost::json::array> list_cases(node::Node& node, const std::string& state);
// One case with its clocks: {…document, clocks: [{party, due_at, state: running | overdue |
// stopped}]}. not_found naming `id`.
Result<std::string> get_case(node::Node& node, const std::string& id);

}  // namespace liaison::reports
