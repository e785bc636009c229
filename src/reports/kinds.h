// The reports capability's record kinds (ledger/kinds.h; issue 16): each party's assessment
// of a request it took part in once the request has ended, and bilateral reports with their
// attestation by the other party. Applied by reports/apply.cc.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/kinds.h"

namespace liaison::reports {

// The requesting party's assessment of the response (completeness of the data returned,
// usability as evidence, responsiveness; 1-5 each) and the requested party's assessment of
// the request (completeness and clarity at submission, legal basis adequate, identifiers
// usable; 1-5 each). object_id "<request_id>:<kind>:<party>": a later record of the same
// author supersedes the earlier one.
inline constexpr const char* kAssessResponse = "assessment.response";
inline constexpr const char* kAssessRequest = "assessment.request";
// What came of a lead (a `lead_sharing` request): recorded by its receiver (the requested
// party) once it has arrived — opened_case, merged_priority_case, passed_to_authority or
// no_action (with a reason). object_id "<request_id>:lead.outcome:<party>"; a later record
// supersedes.
inline constexpr const char* kLeadOutcome = "lead.outcome";
inline constexpr const char* kLeadOutcomes[] = {"opened_case", "merged_priority_case",
                                                "passed_to_authority", "no_action"};
// A report of one party for a period, carrying the ledger positions it was computed from and
// the figures (reports/figures.h); addressed to the other party.
inline constexpr const char* kReportPublish = "report.publish";
// The other party's answer after recomputing: the same figures (countersign) or not (dissent,
// each differing figure with both values). object_id "<report_id>:attest:<party>".
inline constexpr const char* kReportCountersign = "report.countersign";
inline constexpr const char* kReportDissent = "report.dissent";

// Priority cases (issue 16, item 2): either party proposes a case (a bilingual title, the
// requests it links, its priority area, its lead officer and the other's if known, the
// status-report interval); the other party accepts it; from then on each party posts a status
// update at least every interval (a missed one is a clock the hotline escalates: reports/
// case_clocks.cc). Every record's object_id is the case's id; all are addressed to the other
// party. Projection `priority_cases` (schema step reports/3).
inline constexpr const char* kCasePropose = "case.propose";
inline constexpr const char* kCaseAccept = "case.accept";
inline constexpr const char* kCaseStatus = "case.status";
// The priority areas both sides named, in the order the figures show them.
inline constexpr const char* kPriorityAreas[] = {
    "hacking",       "online_fraud",           "csam", "darknet_drugs_firearms", "ip_theft",
    "terrorist_use", "critical_infrastructure"};
// A status update's phase of the investigation; `concluded` (by either party) stops the case's
// status-report clocks.
inline constexpr const char* kCasePhases[] = {"active", "suspended", "concluded"};
inline constexpr int64_t kDefaultStatusIntervalDays = 30;
inline constexpr int64_t kMaxStatusIntervalDays = 366;
// The rubric of each assessment kind, in the order the API and the figures show it.
inline constexpr const char* kResponseRubric[] = {"completeness", "usability", "responsiveness"};
inline constexpr const char* kRequestRubric[] = {"completeness_clarity", "legal_basis",
                                                 "identifiers"};

// The figures' facts (figure_facts.cc): of each record of a kind the figures count, what they
// read of it, kept by observers (ledger/kinds.h) in this table, one row a record. The row's
// id is facts_id(origin, seq) (the seq zero-padded, so one origin's rows sort by chain); its
// document the record's kind, signed time, recipients and the facts in tagged fields
// (figure_facts.cc, encode_facts).
inline constexpr const char* kFactsTable = "report_facts";
std::string facts_id(std::string_view origin, int64_t seq);
std::span<const ledger::ObserverSpec> facts_observers();

// These kinds, the tables they write (report_assessments, reports, lead_outcomes,
// priority_cases) and the schema
// steps that create them.
ledger::KindSet record_kinds();
// Its tables, as schema steps (schema.cc).
std::span<const ledger::SchemaStep> schema_steps();

}  // namespace liaison::reports
