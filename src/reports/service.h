// Reports (brief §3.5, issue 16): each party's assessment of the requests it took part in,
// and bilateral reports whose figures both parties attest. An assessment, a report and its
// countersign or dissent are each their party's signed record (reports/kinds.h), addressed
// to the other party; the projections `report_assessments` and `reports` are written by
// apply() only. Figures are computed by reports::figures from the records both parties hold
// (never from projections), so the other party can recompute them exactly. Thread-safe
// through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "reports/figures.h"

namespace liaison::reports {

// Who records assessments, generates reports and attests them (routes and service alike).
inline constexpr node::RoleSet kReportWriters{node::Role::kAdministrator,
                                              node::Role::kLiaisonOfficer, node::Role::kSupervisor,
                                              node::Role::kPrincipal};

// Records this party's assessment of an ended request: the response's when this party
// requested it ({completeness, usability, responsiveness}), the request's when it was
// requested of it ({completeness_clarity, legal_basis, identifiers}); each 1-5, with an
// optional bilingual `comment` and an optional `kind` ("response" | "request") that must be
// this party's. A later call supersedes the earlier one. Errors name the field: an unknown
// member or a score outside 1-5 (invalid_argument), the wrong party's kind (permission_denied,
// `kind`), a request that has not ended (failed_precondition, `state`), none (not_found).
// Returns the assessment's document.
Result<std::string> assess(node::Node& node, const node::Actor& actor,
                           const std::string& request_id, const boost::json::value& body);
// A request's assessments by both parties ({"items": [...]}).
Result<std::string> request_assessments(node::Node& node, const std::string& request_id);
// The ended requests this party took part in and has not assessed ({"items": [{id,
// requester_ref, title, state, direction, kind}]}), oldest first.
Result<std::string> unassessed(node::Node& node);

// Records what came of a lead (a lead_sharing request this party received): {outcome:
// opened_case | merged_priority_case | passed_to_authority | no_action, reason (required for
// no_action), reference?}. A later call supersedes. Errors name the field: not a lead
// (failed_precondition, `type`), this party sent it (permission_denied, `party`), an unknown
// outcome or member (invalid_argument). Returns the outcome's document.
Result<std::string> record_lead_outcome(node::Node& node, const node::Actor& actor,
                                        const std::string& request_id,
                                        const boost::json::value& body);
// The receiver's recorded outcome of a lead; not_found (`outcome`) while there is none.
Result<std::string> lead_outcome(node::Node& node, const std::string& request_id);

// One page of the leads (lead_sharing requests) of `direction` ("incoming",
// "outgoing" or "" for both), newest change first: each request's document with its
// `direction`, `outcome_due` (RFC 3339: when its receiver's outcome is due under the receiver's
// published deadline policy, the time the sender's hotline escalates; null for a draft) and
// `outcome_due_source` (that policy's source for the number of days).
struct LeadPage {
  std::vector<std::string> docs;  // JSON documents
  int64_t total = 0;
};
Result<LeadPage> list_leads(node::Node& node, const std::string& direction, int page, int per_page);

// The other party a report or a priority case of this node is about: `wanted`, or the only
// other party (errors name `party`).
Result<std::string> counterparty(node::Node& node, const std::string& wanted);

// What a report is about: a period and the other party ("" = the only other party).
struct ReportSpec {
  Period period;
  std::string party;
};
// Parses {from, to, party?} (errors name the field; unknown members refused).
Result<ReportSpec> report_spec_from_json(const boost::json::value& body);

// The figures of `spec` as this node holds the records now, with the positions used; no
// record is written (`liaison report generate`).
struct ComputedReport {
  std::vector<Position> positions;
  std::string figures;  // canonical JSON
};
Result<ComputedReport> compute_report(node::Node& node, const ReportSpec& spec);

// Computes and publishes a report (a report.publish record addressed to the other party);
// returns its document as get_report shows it.
Result<std::string> publish_report(node::Node& node, const node::Actor& actor,
                                   const ReportSpec& spec);
// Every report ({"items": [...]}, without figures), newest first.
Result<std::string> list_reports(node::Node& node);
// One report with its figures, attestations and both parties' key fingerprints; `jointly
// attested` when the other party countersigned. not_found naming `id`.
Result<std::string> get_report(node::Node& node, const std::string& id);

// What recomputing a report from this node's records says.
struct Recomputation {
  bool ready = true;  // false: this node does not yet hold the records up to the positions
  std::string figures;
  std::vector<FigureDifference> differences;  // empty: byte-identical
};
// Recomputes report `id` from this node's copy of the records up to its positions; a
// position whose hash differs from the one held is a difference (`positions.<origin>`).
Result<Recomputation> recompute_report(node::Node& node, const std::string& id);

// The other party's answer: recomputes report `id` and appends a countersign (figures
// byte-identical) or a dissent (each differing figure with both values). Errors: not_found
// (`id`), a report of this party or already attested (failed_precondition, `id`), records
// not yet held (unavailable). Returns the report as get_report shows it.
Result<std::string> attest_report(node::Node& node, const node::Actor& actor,
                                  const std::string& id);
// Attests every report addressed to this party that it has not attested and whose records
// it holds (the background job); returns how many it attested.
Result<int> attest_pending(node::Node& node);

}  // namespace liaison::reports
