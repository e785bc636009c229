// The reports capability's tables (assessments, reports, lead outcomes, priority cases), as
// schema steps (ledger::SchemaStep), run once per data directory after the kernel's
// migrations. Never edited once shipped: a change is a new step (ledger/kinds.h).
#include "reports/kinds.h"

namespace liaison::reports {

namespace {

constexpr ledger::SchemaStep kSteps[] = {
    {"reports/1",
     "CREATE TABLE report_assessments(id TEXT PRIMARY KEY, doc TEXT NOT NULL, "
     "last_record TEXT NOT NULL, request_id TEXT GENERATED ALWAYS AS "
     "(json_extract(doc, '$.request_id')) VIRTUAL);"
     "CREATE INDEX report_assessments_request ON report_assessments(request_id);"
     "CREATE TABLE reports(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL, "
     "created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.created_at')) VIRTUAL);"
     "CREATE INDEX reports_created ON reports(created_at);"},
    {"reports/2",
     "CREATE TABLE lead_outcomes(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT "
     "NULL, request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL);"
     "CREATE INDEX lead_outcomes_request ON lead_outcomes(request_id);"},
    {"reports/3",
     "CREATE TABLE priority_cases(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT "
     "NULL, state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL, proposed_at "
     "TEXT GENERATED ALWAYS AS (json_extract(doc, '$.proposed_at')) VIRTUAL);"
     "CREATE INDEX priority_cases_proposed ON priority_cases(proposed_at);"},
    // The figures' facts (figure_facts.cc), filled from the records stored before the step.
    {.name = "reports/4",
     .sql = "CREATE TABLE report_facts(id TEXT PRIMARY KEY, doc TEXT NOT NULL, "
            "last_record TEXT NOT NULL) WITHOUT ROWID;",
     .replays_observers = true},
    // The facts rows in their own compact form instead of JSON (figure_facts.cc): a third of
    // the bytes and no JSON parse when a report reads them. Rebuilt from the stored records.
    {.name = "reports/5",
     .sql = "DROP TABLE report_facts; CREATE TABLE report_facts(id TEXT PRIMARY KEY, doc TEXT "
            "NOT NULL, last_record TEXT NOT NULL) WITHOUT ROWID;",
     .replays_observers = true}};

}  // namespace

std::span<const ledger::SchemaStep> schema_steps() { return kSteps; }

}  // namespace liaison::reports
