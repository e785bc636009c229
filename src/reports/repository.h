// The SQL of reports (its projections `report_assessments` and `reports`) and the reading of
// the two chains a report is computed from, on one connection inside the caller's
// transaction. The only place the capability's SQL is written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ledger/record.h"
#include "reports/assessment.h"
#include "reports/figures.h"
#include "reports/lead_outcome.h"
#include "reports/priority_case.h"
#include "reports/published_report.h"
#include "store/db.h"

namespace liaison::reports {

// The assessments of one request, by kind and party; a damaged one is logged and left out.
Result<std::vector<Assessment>> assessments(store::Db& db, const std::string& request_id);
// One assessment; a damaged one is an internal error naming it.
Result<std::optional<Assessment>> assessment(store::Db& db, const std::string& id);
// Whether `party` has assessed `request_id` (any version).
Result<bool> assessed_by(store::Db& db, const std::string& request_id, const std::string& party);
// The lead outcome `party` recorded for `request_id`, or none; a damaged one is an internal
// error naming it.
Result<std::optional<LeadOutcome>> lead_outcome_of(store::Db& db, const std::string& request_id,
                                                   const std::string& party);
// Priority cases: every one newest proposal first (state "" = any; a damaged one is logged and
// left out), or one (a damaged one is an internal error naming it).
Result<std::vector<PriorityCase>> priority_cases(store::Db& db, const std::string& state = "");
Result<std::optional<PriorityCase>> priority_case(store::Db& db, const std::string& id);
// The cases whose status-report clocks run (accepted, not concluded), oldest first.
Result<std::vector<PriorityCase>> running_cases(store::Db& db);
// Every report, newest first (a damaged one is logged and left out), or one (a damaged one is
// an internal error naming it).
Result<std::vector<PublishedReport>> published_reports(store::Db& db);
Result<std::optional<PublishedReport>> published_report(store::Db& db, const std::string& id);
// Reports addressed to `party` that it has not yet countersigned or dissented from.
Result<std::vector<std::string>> unattested_report_ids(store::Db& db, const std::string& party);

// The head of `origin`'s chain as this node holds it (seq 0 and the genesis hash when none).
Result<Position> head_of(store::Db& db, const std::string& origin);
// The hash this node holds for (origin, seq); none when it holds no such record.
Result<std::optional<std::string>> hash_at(store::Db& db, const std::string& origin, int64_t seq);
// Hands `b` the figures' facts (report_facts, kinds.h) of each position's origin up to its
// seq, in chain order.
Status read_for_figures(store::Db& db, const std::vector<Position>& positions, FiguresBuilder& b);

}  // namespace liaison::reports
