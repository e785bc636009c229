// apply() of the priority-case kinds (reports/kinds.h: case.propose, case.accept,
// case.status) and their declared payloads, for reports/apply.cc's KindSet. Internal to the
// reports capability; include only from its .cc files.
#pragma once

#include <boost/json/fwd.hpp>

#include "common/status.h"
#include "ledger/payload_schema.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::reports {

inline constexpr const char* kCasesTable = "priority_cases";

// Bilingual text: {original, lang, translation?, translation_lang?} (a comment, a case's
// title, each part of a status update).
extern const ledger::schema::Shape kBilingualText;
extern const ledger::schema::Shape kCaseProposeShape;
extern const ledger::schema::Shape kCaseAcceptShape;
extern const ledger::schema::Shape kCaseStatusShape;

Status apply_case_propose(const ledger::Record& r, const boost::json::object& payload,
                          ledger::Projections& p);
Status apply_case_accept(const ledger::Record& r, const boost::json::object& payload,
                         ledger::Projections& p);
Status apply_case_status(const ledger::Record& r, const boost::json::object& payload,
                         ledger::Projections& p);

// When a party's next status report is due after `from` (a record's signed time).
std::string status_due_after(const std::string& from, int64_t interval_days);

}  // namespace liaison::reports
