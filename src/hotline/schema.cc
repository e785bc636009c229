// The tables of the hotline (the projections of policy.*, roster.*, escalation.*, hotline.*
// and drill.* records) and this node's notification deliveries (local, never replicated), as
// schema steps (ledger::SchemaStep). Step 1 is what the kernel's shipped migrations 1–10 left
// (store/migrations.cc): it runs on a data directory made since, and is recorded without
// running on one made by those migrations. A change is a new step.
#include "hotline/kinds.h"

namespace liaison::hotline {

namespace {

constexpr ledger::SchemaStep kSteps[] = {
    {.name = "hotline/1",
     .sql = R"sql(
CREATE TABLE policies(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL);
CREATE TABLE rosters(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL);
CREATE TABLE escalations(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL,
  request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL,
  opened_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.opened_at')) VIRTUAL);
CREATE INDEX escalations_state ON escalations(state, opened_at);
CREATE INDEX escalations_request ON escalations(request_id);
CREATE TABLE hotline_contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  started_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.started_at')) VIRTUAL);
CREATE TABLE drills(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL);
CREATE TABLE notification_channels(
  username TEXT PRIMARY KEY REFERENCES users(username),
  email TEXT NOT NULL DEFAULT '', webhook_url TEXT NOT NULL DEFAULT '');
-- A step or drill page this node has turned into notifications (so it never pages twice).
CREATE TABLE hotline_paged(key TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE notifications(
  key TEXT PRIMARY KEY,           -- escalation:rule:round:user:channel (or drill:…)
  subject_id TEXT NOT NULL,       -- escalation or drill id
  username TEXT NOT NULL, channel TEXT NOT NULL, address TEXT NOT NULL,
  subject TEXT NOT NULL, body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, sent_at TEXT NOT NULL DEFAULT '');
CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
CREATE TABLE notification_attempts(
  id INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL, ok INTEGER NOT NULL,
  error TEXT NOT NULL);
CREATE INDEX notification_attempts_key ON notification_attempts(key);
)sql",
     .made_by_migrations_1_to_10 = true},
    // The order notifications were queued in, as a column of its own rather than SQLite's
    // rowid, so the delivery queue reads the same on any store (the rows of before keep the
    // order their rowid gave them).
    {.name = "hotline/2", .sql = R"sql(
ALTER TABLE notifications ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
UPDATE notifications SET queued = rowid;
CREATE INDEX notifications_queued ON notifications(queued);
)sql"},
};

}  // namespace

std::span<const ledger::SchemaStep> schema_steps() { return kSteps; }

}  // namespace liaison::hotline
