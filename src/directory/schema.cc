// The table of the 24/7 directory (the projection of directory.contact records), as schema
// steps (ledger::SchemaStep). Step 1 is what the kernel's shipped migrations 1–10 left
// (store/migrations.cc): it runs on a data directory made since, and is recorded without
// running on one made by those migrations. (Those migrations also left contacts_legacy, the
// local table of before, which node::carry_over_legacy_contacts() empties; a directory made
// since never had one.) A change is a new step.
#include "directory/kinds.h"

namespace liaison::directory {

namespace {

constexpr ledger::SchemaStep kSteps[] = {
    {.name = "directory/1",
     .sql = R"sql(
CREATE TABLE contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL,
  tier INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.tier')) VIRTUAL,
  retired INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.retired')) VIRTUAL);
)sql",
     .made_by_migrations_1_to_10 = true},
};

}  // namespace

std::span<const ledger::SchemaStep> schema_steps() { return kSteps; }

}  // namespace liaison::directory
