// The tables of requests (its projections, its reference counters and the register's text
// search), as schema steps (ledger::SchemaStep). Step 1 is what the kernel's shipped
// migrations 1–10 left (store/migrations.cc): it runs on a data directory made since, and is
// recorded without running on one made by those migrations. A change is a new step.
#include "requests/kinds.h"
#include "requests/repository.h"

namespace liaison::requests {

namespace {

constexpr ledger::SchemaStep kSteps[] = {
    {.name = "requests/1",
     .sql = R"sql(
CREATE TABLE requests(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL,
  type TEXT GENERATED ALWAYS AS (json_extract(doc, '$.type')) VIRTUAL,
  priority TEXT GENERATED ALWAYS AS (json_extract(doc, '$.priority')) VIRTUAL,
  requesting_party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.requesting_party')) VIRTUAL,
  requested_party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.requested_party')) VIRTUAL,
  created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.created_at')) VIRTUAL,
  updated_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.updated_at')) VIRTUAL,
  respond_by TEXT GENERATED ALWAYS AS (json_extract(doc, '$.respond_by')) VIRTUAL);
CREATE INDEX requests_state ON requests(state, updated_at);
-- The register's default order (newest change first, ties by id) read from an index.
CREATE INDEX requests_updated ON requests(updated_at DESC, id);
CREATE INDEX requests_created ON requests(created_at);
CREATE TABLE messages(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL);
CREATE INDEX messages_request ON messages(request_id);
CREATE TABLE attachments(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL,
  request_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.request_id')) VIRTUAL);
CREATE INDEX attachments_request ON attachments(request_id);
-- Local state: the counters behind each party's reference numbers.
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);

-- Full-text search over the register: an FTS5 index with the trigram tokenizer (any
-- substring of 3 characters or more, Chinese included; 2 characters through the index's
-- vocabulary; see store/text_search.h). The tables below are local derived state, not
-- projections (ledger::kProjectionTables): triggers keep them in step with `requests` and
-- `messages`, which only apply() writes, and `verify` does not compare them.
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
)sql",
     .made_by_migrations_1_to_10 = true},
    // Identifiers stored before one normaliser served requests and indicator sets (ident/):
    // each stored request's in today's canonical text, as apply() now derives it from the
    // same signed records; the register's search text follows through its triggers.
    {.name = "requests/2", .sql = "SELECT 1;", .after = renormalise_stored_identifiers},
};

}  // namespace

std::span<const ledger::SchemaStep> schema_steps() { return kSteps; }

}  // namespace liaison::requests
