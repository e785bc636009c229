// The kernel's numbered schema migrations, applied in order at start (brief §4 "Store"), and
// the capabilities' schema steps. Never edit a migration that has shipped: add a new one.
//
// Migrations 1–10 shipped before the capabilities brought their own tables (issue 15), so
// they also make the tables of requests, sharing, the hotline and the directory. They stay as
// they shipped, to bring a data directory of then to 10. A new database gets instead the
// kernel's own tables as 1–10 left them (kBaseline) and the capabilities' tables from their
// schema steps (each capability's schema.cc);
// SchemaTest.ADirectoryMadeByTheShippedMigrationsHasTheSchemaOfANewOne compares the two.
#include <array>
#include <string>
#include <string_view>

#include "store/pool.h"

namespace liaison::store {

namespace {

constexpr std::string_view kShipped[] = {
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
    // 7: full-text search over the register: an FTS5 index with the trigram tokenizer (any
    // substring of 3 characters or more, Chinese included; 2 characters through the index's
    // vocabulary; see store/text_search.h). It replaces migration 1's `search` column, which
    // every search read in full for every row. The tables below are local derived state, not
    // projections (ledger::kProjectionTables): triggers keep them in step with `requests` and
    // `messages`, which only apply() writes, and `verify` does not compare them.
    R"sql(
DROP TRIGGER requests_search_insert;
DROP TRIGGER requests_search_update;
ALTER TABLE requests DROP COLUMN search;

-- What a request is found by: what people wrote in it, in both languages (not the legal
-- basis, which every request of a type shares), both parties' references and the values of
-- its identifiers. One line each and a closing newline, so that every character of a text is
-- followed by another in the trigrams (a two-character search looks trigrams up by prefix).
-- In lower case by SQLite's lower() (ASCII letters, without ICU), as a search folds its text
-- (store/text_search.cc): the index is case-sensitive, so that it and the check of each
-- candidate (instr) agree on every character.
CREATE VIEW search_request_text(id, text) AS SELECT id, lower(
  coalesce(json_extract(doc, '$.title.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.title.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.requester_ref'), '') || char(10) ||
  coalesce(json_extract(doc, '$.requested_ref'), '') || char(10) ||
  coalesce((SELECT group_concat(json_extract(value, '$.value'), char(10))
            FROM json_each(doc, '$.identifiers')), '') || char(10) ||
  coalesce(json_extract(doc, '$.offence.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.offence.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.data_sought.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.data_sought.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.data_link.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.data_link.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.custodian.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.custodian.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.necessity.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.necessity.translation'), '') || char(10) ||
  coalesce(json_extract(doc, '$.requesting_authority.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.requesting_authority.translation'), '') || char(10))
FROM requests;
CREATE VIEW search_message_text(id, request_id, text) AS SELECT id, request_id, lower(
  coalesce(json_extract(doc, '$.body.original'), '') || char(10) ||
  coalesce(json_extract(doc, '$.body.translation'), '') || char(10))
FROM messages;

-- The texts: one row per request and per message, with the register's filter and sort keys
-- of the request it belongs to, copied from the projection, so that a search checks, filters
-- and sorts its candidates from this row alone, without parsing a document. A text gets a new
-- docid whenever it is written, so docid order is the order texts were last written:
-- searches read candidates newest first.
CREATE TABLE search_docs(
  docid INTEGER PRIMARY KEY, request_id TEXT NOT NULL,
  state TEXT, type TEXT, priority TEXT, requesting_party TEXT, requested_party TEXT,
  created_at TEXT, updated_at TEXT, respond_by TEXT,
  text TEXT NOT NULL);
CREATE INDEX search_docs_request ON search_docs(request_id);
-- Which row holds each request's and each message's text.
CREATE TABLE search_requests(id TEXT PRIMARY KEY, docid INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE search_messages(id TEXT PRIMARY KEY, docid INTEGER NOT NULL) WITHOUT ROWID;
-- The index over the texts (external content: each text is stored once, in search_docs).
-- Searches ask for single trigrams and check the whole text themselves (store/text_search.h),
-- so the index keeps no positions and no sizes (detail = none, columnsize = 0): a third of
-- the size, and half the work for each text written.
CREATE VIRTUAL TABLE search_text USING fts5(
  text, content = 'search_docs', content_rowid = 'docid',
  tokenize = 'trigram case_sensitive 1', detail = none, columnsize = 0);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_text, 'row');

CREATE TRIGGER search_request_insert AFTER INSERT ON requests BEGIN
  INSERT INTO search_docs(request_id, state, type, priority, requesting_party, requested_party,
                          created_at, updated_at, respond_by, text)
    SELECT NEW.id, NEW.state, NEW.type, NEW.priority, NEW.requesting_party,
           NEW.requested_party, NEW.created_at, NEW.updated_at, NEW.respond_by, t.text
    FROM search_request_text t WHERE t.id = NEW.id;
  INSERT INTO search_requests(id, docid) VALUES(NEW.id, last_insert_rowid());
  INSERT INTO search_text(rowid, text)
    SELECT d.docid, d.text FROM search_requests k JOIN search_docs d ON d.docid = k.docid
    WHERE k.id = NEW.id;
END;
CREATE TRIGGER search_request_update AFTER UPDATE OF doc ON requests BEGIN
  INSERT INTO search_text(search_text, rowid, text)
    SELECT 'delete', d.docid, d.text FROM search_requests k JOIN search_docs d ON d.docid = k.docid
    WHERE k.id = OLD.id;
  DELETE FROM search_docs WHERE docid = (SELECT docid FROM search_requests WHERE id = OLD.id);
  INSERT INTO search_docs(request_id, state, type, priority, requesting_party, requested_party,
                          created_at, updated_at, respond_by, text)
    SELECT NEW.id, NEW.state, NEW.type, NEW.priority, NEW.requesting_party,
           NEW.requested_party, NEW.created_at, NEW.updated_at, NEW.respond_by, t.text
    FROM search_request_text t WHERE t.id = NEW.id;
  UPDATE search_requests SET id = NEW.id, docid = last_insert_rowid() WHERE id = OLD.id;
  INSERT INTO search_text(rowid, text)
    SELECT d.docid, d.text FROM search_requests k JOIN search_docs d ON d.docid = k.docid
    WHERE k.id = NEW.id;
  -- The keys of its messages' rows follow the request.
  UPDATE search_docs SET state = NEW.state, type = NEW.type, priority = NEW.priority,
    requesting_party = NEW.requesting_party, requested_party = NEW.requested_party,
    created_at = NEW.created_at, updated_at = NEW.updated_at, respond_by = NEW.respond_by
    WHERE request_id = NEW.id;
END;
CREATE TRIGGER search_request_delete AFTER DELETE ON requests BEGIN
  INSERT INTO search_text(search_text, rowid, text)
    SELECT 'delete', d.docid, d.text FROM search_docs d WHERE d.request_id = OLD.id;
  DELETE FROM search_docs WHERE request_id = OLD.id;
  DELETE FROM search_requests WHERE id = OLD.id;
  DELETE FROM search_messages WHERE id IN (SELECT id FROM messages WHERE request_id = OLD.id);
END;
-- apply() never changes or removes a message; the update and delete triggers keep the index
-- right should anything else ever do it.
CREATE TRIGGER search_message_insert AFTER INSERT ON messages
WHEN EXISTS (SELECT 1 FROM search_requests WHERE id = NEW.request_id) BEGIN
  INSERT INTO search_docs(request_id, state, type, priority, requesting_party, requested_party,
                          created_at, updated_at, respond_by, text)
    SELECT r.request_id, r.state, r.type, r.priority, r.requesting_party, r.requested_party,
           r.created_at, r.updated_at, r.respond_by, t.text
    FROM search_requests k JOIN search_docs r ON r.docid = k.docid, search_message_text t
    WHERE k.id = NEW.request_id AND t.id = NEW.id;
  INSERT INTO search_messages(id, docid) VALUES(NEW.id, last_insert_rowid());
  INSERT INTO search_text(rowid, text)
    SELECT d.docid, d.text FROM search_messages m JOIN search_docs d ON d.docid = m.docid
    WHERE m.id = NEW.id;
END;
CREATE TRIGGER search_message_delete AFTER DELETE ON messages BEGIN
  INSERT INTO search_text(search_text, rowid, text)
    SELECT 'delete', d.docid, d.text FROM search_messages m JOIN search_docs d ON d.docid = m.docid
    WHERE m.id = OLD.id;
  DELETE FROM search_docs WHERE docid = (SELECT docid FROM search_messages WHERE id = OLD.id);
  DELETE FROM search_messages WHERE id = OLD.id;
END;
CREATE TRIGGER search_message_update AFTER UPDATE OF doc ON messages BEGIN
  INSERT INTO search_text(search_text, rowid, text)
    SELECT 'delete', d.docid, d.text FROM search_messages m JOIN search_docs d ON d.docid = m.docid
    WHERE m.id = OLD.id;
  DELETE FROM search_docs WHERE docid = (SELECT docid FROM search_messages WHERE id = OLD.id);
  DELETE FROM search_messages WHERE id = OLD.id;
  INSERT INTO search_docs(request_id, state, type, priority, requesting_party, requested_party,
                          created_at, updated_at, respond_by, text)
    SELECT r.request_id, r.state, r.type, r.priority, r.requesting_party, r.requested_party,
           r.created_at, r.updated_at, r.respond_by, t.text
    FROM search_requests k JOIN search_docs r ON r.docid = k.docid, search_message_text t
    WHERE k.id = NEW.request_id AND t.id = NEW.id;
  INSERT INTO search_messages(id, docid)
    SELECT NEW.id, last_insert_rowid()
    WHERE EXISTS (SELECT 1 FROM search_requests WHERE id = NEW.request_id);
  INSERT INTO search_text(rowid, text)
    SELECT d.docid, d.text FROM search_messages m JOIN search_docs d ON d.docid = m.docid
    WHERE m.id = NEW.id;
END;

-- Back-fill: every request and message already held, numbered in the order they were last
-- written (requests by updated_at, messages by created_at), as the triggers would have.
CREATE TEMP TABLE search_backfill AS
  SELECT row_number() OVER (ORDER BY at, source) AS docid, kind, source, request_id FROM (
    SELECT 'request' AS kind, id AS source, id AS request_id, coalesce(updated_at, '') AS at
    FROM requests
    UNION ALL
    SELECT 'message', id, request_id, coalesce(json_extract(doc, '$.created_at'), '')
    FROM messages WHERE request_id IN (SELECT id FROM requests));
INSERT INTO search_docs(docid, request_id, state, type, priority, requesting_party,
                        requested_party, created_at, updated_at, respond_by, text)
  SELECT b.docid, r.id, r.state, r.type, r.priority, r.requesting_party, r.requested_party,
         r.created_at, r.updated_at, r.respond_by,
         CASE b.kind WHEN 'request' THEN (SELECT text FROM search_request_text WHERE id = b.source)
                     ELSE (SELECT text FROM search_message_text WHERE id = b.source) END
  FROM search_backfill b JOIN requests r ON r.id = b.request_id ORDER BY b.docid;
INSERT INTO search_requests(id, docid) SELECT source, docid FROM search_backfill WHERE kind = 'request';
INSERT INTO search_messages(id, docid) SELECT source, docid FROM search_backfill WHERE kind = 'message';
DROP TABLE search_backfill;
INSERT INTO search_text(search_text) VALUES('rebuild');
)sql",
    // 8: the register's default order (newest change first, ties by id: node::list_requests)
    // read from an index, no longer sorted in a temporary table for every page.
    R"sql(
DROP INDEX requests_updated;
CREATE INDEX requests_updated ON requests(updated_at DESC, id);
)sql",
    // 9: attachment bytes crossing between parties (issue 14; federation/blob_fetch.h). Local
    // state, not projections: what this node is fetching from a peer (arriving, received,
    // quarantined for a SHA-256 mismatch, refused over a limit) and what it served to each.
    R"sql(
CREATE TABLE blob_transfers(
  sha256 TEXT NOT NULL, origin TEXT NOT NULL, size INTEGER NOT NULL,
  state TEXT NOT NULL,                        -- arriving | received | quarantined | refused
  received_bytes INTEGER NOT NULL DEFAULT 0,  -- held on disk, verified as far as it goes
  fetched_bytes INTEGER NOT NULL DEFAULT 0,   -- taken off the network, every attempt
  resumed_from INTEGER NOT NULL DEFAULT 0,    -- where the latest attempt started
  attempts INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '',              -- hash_mismatch | too_large | quota_exceeded
  reason TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(sha256, origin)) WITHOUT ROWID;
CREATE TABLE blob_serves(
  sha256 TEXT NOT NULL, peer TEXT NOT NULL, bytes_served INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0, completed_at TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY(sha256, peer)) WITHOUT ROWID;
)sql",
    // 10: the 24/7 directory on the ledger (issue 14): `contacts` becomes the projection of
    // directory.contact records. The local table of before is kept as contacts_legacy until
    // node::carry_over_legacy_contacts() has signed each of this party's rows into a record
    // (rows of other parties stay there: they are theirs to publish).
    R"sql(
ALTER TABLE contacts RENAME TO contacts_legacy;
CREATE TABLE contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL,
  tier INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.tier')) VIRTUAL,
  retired INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.retired')) VIRTUAL);
)sql",
};
constexpr int kShippedCount = static_cast<int>(std::size(kShipped));

// The kernel's own tables as migrations 1–10 left them, for a new database.
constexpr std::string_view kBaseline = R"sql(
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
  flag TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(origin, seq)) WITHOUT ROWID;
CREATE INDEX records_object ON records(object_id);
CREATE TABLE outbox(
  recipient TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL,
  queued_at TEXT NOT NULL, delivered_at TEXT,
  PRIMARY KEY(recipient, origin, seq)) WITHOUT ROWID;
CREATE TABLE quarantine(
  id INTEGER PRIMARY KEY, origin TEXT NOT NULL, seq INTEGER NOT NULL, reason TEXT NOT NULL,
  record TEXT NOT NULL, received_at TEXT NOT NULL);
-- Signed receipts (records of kind "receipt"), projected by apply().
CREATE TABLE receipts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  receiver TEXT GENERATED ALWAYS AS (json_extract(doc, '$.receiver')) VIRTUAL,
  origin TEXT GENERATED ALWAYS AS (json_extract(doc, '$.origin')) VIRTUAL,
  up_to_seq INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.up_to_seq')) VIRTUAL);
CREATE INDEX receipts_origin ON receipts(origin, receiver, up_to_seq);

-- Local state (not shared, not on the ledger).
CREATE TABLE users(
  username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
  totp_last_step INTEGER NOT NULL DEFAULT 0);  -- a one-time code is accepted once
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE api_tokens(
  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
  name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE login_failures(key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX login_failures_key ON login_failures(key, at);
-- Append-only, hash-chained log of local actions.
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, remote TEXT NOT NULL, detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);

-- Federation: each peer, and the record of ours it refused, if any.
CREATE TABLE peers(
  party TEXT PRIMARY KEY REFERENCES parties(code), url TEXT NOT NULL,
  tls_fingerprint TEXT NOT NULL, added_at TEXT NOT NULL,
  pushed_seq INTEGER NOT NULL DEFAULT 0,   -- our records the peer has confirmed
  remote_head INTEGER NOT NULL DEFAULT 0,  -- the peer's own head, as last seen
  last_contact TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
  skew_ms INTEGER NOT NULL DEFAULT 0, rtt_ms INTEGER NOT NULL DEFAULT 0,
  refused_seq INTEGER NOT NULL DEFAULT 0, refused_reason TEXT NOT NULL DEFAULT '',
  refused_at TEXT NOT NULL DEFAULT '');

-- File bytes crossing between parties (federation/blob_fetch.h). Local state: what this node
-- is fetching from a peer and what it served to each.
CREATE TABLE blob_transfers(
  sha256 TEXT NOT NULL, origin TEXT NOT NULL, size INTEGER NOT NULL,
  state TEXT NOT NULL,                        -- arriving | received | quarantined | refused
  received_bytes INTEGER NOT NULL DEFAULT 0,  -- held on disk, verified as far as it goes
  fetched_bytes INTEGER NOT NULL DEFAULT 0,   -- taken off the network, every attempt
  resumed_from INTEGER NOT NULL DEFAULT 0,    -- where the latest attempt started
  attempts INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '',              -- hash_mismatch | too_large | quota_exceeded
  reason TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(sha256, origin)) WITHOUT ROWID;
CREATE TABLE blob_serves(
  sha256 TEXT NOT NULL, peer TEXT NOT NULL, bytes_served INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0, completed_at TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY(sha256, peer)) WITHOUT ROWID;

INSERT INTO meta(key, value) VALUES('schema_base', '10');
)sql";

// The kernel's migrations after 10 (kernel tables only), numbered from 11.
constexpr std::string_view kAfter[] = {
    // 11: how many times the receipts have changed, counted by triggers whoever writes them,
    // so that what is derived from receipts (a register row's delivery and clocks:
    // requests/views.cc) can be kept until they change (store::receipts_generation).
    R"sql(
CREATE TABLE generations(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO generations(name, value) VALUES('receipts', 0);
CREATE TRIGGER receipts_generation_insert AFTER INSERT ON receipts BEGIN
  UPDATE generations SET value = value + 1 WHERE name = 'receipts';
END;
CREATE TRIGGER receipts_generation_update AFTER UPDATE ON receipts BEGIN
  UPDATE generations SET value = value + 1 WHERE name = 'receipts';
END;
CREATE TRIGGER receipts_generation_delete AFTER DELETE ON receipts BEGIN
  UPDATE generations SET value = value + 1 WHERE name = 'receipts';
END;
)sql",
    // 12: API tokens may expire (RFC 3339 UTC; '' = never), set when created in the console.
    R"sql(
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
)sql",
    // 13: TOTP recovery codes (issue 17), each good for one log-in instead of a one-time code;
    // only their SHA-256 is kept (node/users.h says why a fast hash is enough).
    R"sql(
CREATE TABLE totp_recovery_codes(
  username TEXT NOT NULL, code_hash TEXT NOT NULL, created_at TEXT NOT NULL,
  used_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(username, code_hash)) WITHOUT ROWID;
)sql",
};

Status record_version(Db& db, int version) {
  LIAISON_ASSIGN_OR_RETURN(Stmt ins,
                           db.prepare("INSERT INTO schema_migrations(version) VALUES(?)"));
  ins.bind(1, version);
  return ins.run();
}

// A new database: the baseline, recorded as migrations 1–10.
Status apply_baseline(Db& db) {
  return in_transaction(db, [&]() -> Status {
    LIAISON_RETURN_IF_ERROR(db.exec_schema(kBaseline));
    for (int v = 1; v <= kShippedCount; ++v) LIAISON_RETURN_IF_ERROR(record_version(db, v));
    return Status::ok();
  });
}

// Whether the database was made by the shipped migrations 1–10 (no schema_base in meta).
Result<bool> made_by_shipped_migrations(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT 1 FROM meta WHERE key = 'schema_base'"));
  LIAISON_ASSIGN_OR_RETURN(bool base, q.step());
  return !base;
}

}  // namespace

int latest_migration() { return kShippedCount + static_cast<int>(std::size(kAfter)); }

Status migrate(Db& db) {
  LIAISON_RETURN_IF_ERROR(
      db.exec_schema("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
                     "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  int have = row ? static_cast<int>(q.int64(0)) : 0;
  q.reset();  // an active statement would forbid a migration's DROP TABLE ("table is locked")
  if (have == 0) {
    LIAISON_RETURN_IF_ERROR(apply_baseline(db));
    have = kShippedCount;
  }
  for (int v = have + 1; v <= latest_migration(); ++v)
    LIAISON_RETURN_IF_ERROR(apply_migration(db, v));
  return Status::ok();
}

Status apply_migration(Db& db, int version) {
  if (version < 1 || version > latest_migration()) {
    return invalid_argument("no migration " + std::to_string(version), "version");
  }
  const std::string_view sql = version <= kShippedCount
                                   ? kShipped[static_cast<size_t>(version - 1)]
                                   : kAfter[static_cast<size_t>(version - kShippedCount - 1)];
  return in_transaction(db, [&]() -> Status {
    LIAISON_RETURN_IF_ERROR(db.exec_schema(sql));
    return record_version(db, version);
  });
}

Status apply_schema_steps(Db& db, const std::vector<SchemaStepSql>& steps) {
  if (steps.empty()) return Status::ok();
  LIAISON_RETURN_IF_ERROR(
      db.exec_schema("CREATE TABLE IF NOT EXISTS schema_steps(name TEXT PRIMARY KEY, "
                     "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
  LIAISON_ASSIGN_OR_RETURN(const bool shipped, made_by_shipped_migrations(db));
  for (const auto& [name, sql, made_by_shipped, after] : steps) {
    // Checked inside the step's own write transaction, so two processes opening one data
    // directory at once run it once (the second finds it recorded).
    LIAISON_RETURN_IF_ERROR(in_transaction(db, [&]() -> Status {
      LIAISON_ASSIGN_OR_RETURN(Stmt have, db.prepare("SELECT 1 FROM schema_steps WHERE name=?"));
      have.bind(1, std::string(name));
      LIAISON_ASSIGN_OR_RETURN(bool done, have.step());
      have.reset();
      if (done) return Status::ok();
      // The bridge: migrations 1–10 made these tables on this database.
      Status st = shipped && made_by_shipped ? Status::ok() : db.exec_schema(sql);
      if (st.is_ok() && after) st = after(db);
      if (!st.is_ok()) {
        return Status(st.code(), "schema step " + std::string(name) + ": " + st.message(),
                      st.field());
      }
      LIAISON_ASSIGN_OR_RETURN(Stmt ins, db.prepare("INSERT INTO schema_steps(name) VALUES(?)"));
      ins.bind(1, std::string(name));
      return ins.run();
    }));
  }
  return Status::ok();
}

}  // namespace liaison::store
