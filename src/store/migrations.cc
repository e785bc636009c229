// Numbered schema migrations, applied in order at start (brief §4 "Store"). Never edit a
// migration that has shipped: add a new one.
#include <array>
#include <string_view>

#include "store/pool.h"

namespace liaison::store {

namespace {

constexpr std::array<std::string_view, 6> kMigrations = {
    // 1: the foundation.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parties(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, timezone TEXT NOT NULL,
  public_key TEXT NOT NULL DEFAULT '', is_local INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);

-- The ledger: the source of truth. Never updated, never deleted.
CREATE TABLE records(
  origin TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL UNIQUE,
  prev_hash TEXT NOT NULL, kind TEXT NOT NULL, object_id TEXT NOT NULL,
  created_at TEXT NOT NULL, recipients TEXT NOT NULL, body TEXT NOT NULL,
  signature TEXT NOT NULL, received_at TEXT NOT NULL,
  local_order INTEGER NOT NULL UNIQUE,  -- the order apply() saw them in; verify replays it
  PRIMARY KEY(origin, seq)) WITHOUT ROWID;
CREATE INDEX records_object ON records(object_id);
CREATE TABLE outbox(
  recipient TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL,
  queued_at TEXT NOT NULL, delivered_at TEXT,
  PRIMARY KEY(recipient, origin, seq)) WITHOUT ROWID;
CREATE TABLE quarantine(
  id INTEGER PRIMARY KEY, origin TEXT NOT NULL, seq INTEGER NOT NULL, reason TEXT NOT NULL,
  record TEXT NOT NULL, received_at TEXT NOT NULL);

-- Projections, rebuilt from records by ledger::apply.
CREATE TABLE requests(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL,
  type TEXT GENERATED ALWAYS AS (json_extract(doc, '$.type')) VIRTUAL,
  priority TEXT GENERATED ALWAYS AS (json_extract(doc, '$.priority')) VIRTUAL,
  requesting_party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.requesting_party')) VIRTUAL,
  requested_party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.requested_party')) VIRTUAL,
  created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.created_at')) VIRTUAL,
  updated_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.updated_at')) VIRTUAL,
  respond_by TEXT GENERATED ALWAYS AS (json_extract(doc, '$.respond_by')) VIRTUAL,
  search TEXT NOT NULL DEFAULT '');  -- maintained by the triggers below
-- Text search over titles, references and identifier values (generated columns may not
-- hold subqueries, triggers may).
CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN
  UPDATE requests SET search = lower(
    coalesce(json_extract(NEW.doc, '$.title.original'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.title.translation'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.requester_ref'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.requested_ref'), '') || ' ' ||
    coalesce((SELECT group_concat(json_extract(value, '$.value'), ' ')
              FROM json_each(NEW.doc, '$.identifiers')), '')) WHERE id = NEW.id;
END;
CREATE TRIGGER requests_search_update AFTER UPDATE OF doc ON requests BEGIN
  UPDATE requests SET search = lower(
    coalesce(json_extract(NEW.doc, '$.title.original'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.title.translation'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.requester_ref'), '') || ' ' ||
    coalesce(json_extract(NEW.doc, '$.requested_ref'), '') || ' ' ||
    coalesce((SELECT group_concat(json_extract(value, '$.value'), ' ')
              FROM json_each(NEW.doc, '$.identifiers')), '')) WHERE id = NEW.id;
END;
CREATE INDEX requests_state ON requests(state, updated_at);
CREATE INDEX requests_updated ON requests(updated_at);
CREATE INDEX requests_created ON requests(created_at);
CREATE TABLE messages(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL);
CREATE INDEX messages_request ON messages(request_id);
CREATE TABLE attachments(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL);
CREATE INDEX attachments_request ON attachments(request_id);

-- Local state (not shared, not on the ledger).
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE users(
  username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE api_tokens(
  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
  name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE login_failures(key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE TABLE contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL,
  tier INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.tier')) VIRTUAL);
-- Append-only, hash-chained log of local actions.
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, remote TEXT NOT NULL, detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
)sql",
    // 2: federation.
    R"sql(
CREATE TABLE peers(
  party TEXT PRIMARY KEY REFERENCES parties(code), url TEXT NOT NULL,
  tls_fingerprint TEXT NOT NULL, added_at TEXT NOT NULL,
  pushed_seq INTEGER NOT NULL DEFAULT 0,   -- our records the peer has confirmed
  remote_head INTEGER NOT NULL DEFAULT 0,  -- the peer's own head, as last seen
  last_contact TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
  skew_ms INTEGER NOT NULL DEFAULT 0, rtt_ms INTEGER NOT NULL DEFAULT 0);
ALTER TABLE records ADD COLUMN flag TEXT NOT NULL DEFAULT '';
-- Signed receipts (records of kind "receipt"), projected by apply().
CREATE TABLE receipts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  receiver TEXT GENERATED ALWAYS AS (json_extract(doc, '$.receiver')) VIRTUAL,
  origin TEXT GENERATED ALWAYS AS (json_extract(doc, '$.origin')) VIRTUAL,
  up_to_seq INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.up_to_seq')) VIRTUAL);
CREATE INDEX receipts_origin ON receipts(origin, receiver, up_to_seq);
)sql",
    // 3: a one-time code is accepted once (RFC 6238 §5.2).
    R"sql(
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4: indicator sharing (projections of indicator_set.* and sighting.* records).
    R"sql(
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
    // 5: the hotline (projections of policy.*, roster.*, escalation.*, hotline.*, drill.*
    // records) and this node's notification deliveries (local, never replicated).
    R"sql(
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
    // 6: a record of ours that a peer refused (its push answer quarantined it or refused the
    // batch that held it): shown in `peer status` and the console, and alerted.
    R"sql(
ALTER TABLE peers ADD COLUMN refused_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE peers ADD COLUMN refused_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE peers ADD COLUMN refused_at TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace

int latest_migration() { return static_cast<int>(kMigrations.size()); }

Status migrate(Db& db) {
  LIAISON_RETURN_IF_ERROR(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
      "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  int have = row ? static_cast<int>(q.int64(0)) : 0;
  for (int v = have + 1; v <= latest_migration(); ++v) {
    LIAISON_RETURN_IF_ERROR(in_transaction(db, [&]() -> Status {
      LIAISON_RETURN_IF_ERROR(db.exec(kMigrations[static_cast<size_t>(v - 1)]));
      LIAISON_ASSIGN_OR_RETURN(Stmt ins, db.prepare("INSERT INTO schema_migrations(version) VALUES(?)"));
      ins.bind(1, v);
      return ins.run();
    }));
  }
  return Status::ok();
}

}  // namespace liaison::store
