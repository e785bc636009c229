// The tables of indicator sharing (the projections of indicator_set.* and sighting.*
// records), as schema steps (ledger::SchemaStep). Step 1 is what the kernel's shipped
// migrations 1–10 left (store/migrations.cc): it runs on a data directory made since, and is
// recorded without running on one made by those migrations. A change is a new step.
#include "sharing/kinds.h"
#include "sharing/repository.h"

namespace liaison::sharing {

namespace {

constexpr ledger::SchemaStep kSteps[] = {
    {.name = "sharing/1",
     .sql = R"sql(
CREATE TABLE indicator_sets(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  publisher TEXT GENERATED ALWAYS AS (json_extract(doc, '$.publisher')) VIRTUAL);
CREATE TABLE indicators(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  set_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.set_id')) VIRTUAL,
  value TEXT GENERATED ALWAYS AS (json_extract(doc, '$.value')) VIRTUAL,
  removed INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.removed')) VIRTUAL);
CREATE INDEX indicators_set ON indicators(set_id, removed);
CREATE TABLE sightings(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  set_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.set_id')) VIRTUAL,
  reporter TEXT GENERATED ALWAYS AS (json_extract(doc, '$.reporter')) VIRTUAL);
CREATE INDEX sightings_set ON sightings(set_id);
)sql",
     .made_by_migrations_1_to_10 = true},
    // Indicators in today's text (ident/: IPv6 in RFC 5952 form): an older node kept an
    // IPv6 indicator as written; its indicators and sightings move to the ids today's apply()
    // derives from the same signed records.
    {.name = "sharing/2", .sql = "SELECT 1;", .after = renormalise_stored_indicators},
};

}  // namespace

std::span<const ledger::SchemaStep> schema_steps() { return kSteps; }

}  // namespace liaison::sharing
