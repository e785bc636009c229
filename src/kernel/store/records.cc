#include "store/records.h"

#include <string_view>

namespace liaison::store {

namespace {

std::string join_recipients(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

// Projection tables are named by the capabilities that register them (ledger/kinds.h); a
// name is spliced into SQL, so it must be a plain identifier (an unknown one then fails to
// prepare).
bool is_projection_table(std::string_view t) {
  return !t.empty() && t.size() <= 64 &&
         t.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
}

Result<ledger::Record> row_to_record(Stmt& q) {
  // columns: origin, seq, body, hash, signature
  auto r = ledger::record_from_body(q.text(2));
  if (!r.is_ok()) return r.status();
  r->hash = q.text(3);
  r->signature = q.text(4);
  return r;
}

}  // namespace

Result<ChainHead> chain_head(Db& db, const std::string& origin) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * qp,
      db.cached("SELECT seq, hash FROM records WHERE origin=? ORDER BY seq DESC LIMIT 1"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  q.bind(1, origin);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  ChainHead h;
  if (row) {
    h.seq = q.int64(0);
    h.hash = q.text(1);
  } else {
    h.hash = ledger::kGenesisHash;
  }
  return h;
}

Status insert_record(Db& db, const ledger::Record& r, const std::string& received_at) {
  LIAISON_ASSIGN_OR_RETURN(std::string body, r.body());
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * qp, db.cached("INSERT INTO records(origin, seq, hash, prev_hash, kind, object_id, "
                           "created_at, recipients, body, signature, received_at, local_order) "
                           "VALUES(?,?,?,?,?,?,?,?,?,?,?,"
                           "(SELECT coalesce(max(local_order), 0) + 1 FROM records))"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  q.bind(1, r.origin).bind(2, r.seq).bind(3, r.hash).bind(4, r.prev_hash).bind(5, r.kind);
  q.bind(6, r.object_id).bind(7, r.created_at).bind(8, join_recipients(r.recipients));
  q.bind(9, body).bind(10, r.signature).bind(11, received_at);
  return q.run();
}

Status queue_outbox(Db& db, const ledger::Record& r, const std::string& queued_at) {
  LIAISON_ASSIGN_OR_RETURN(Stmt * qp,
                           db.cached("INSERT INTO outbox(recipient, origin, seq, queued_at) "
                                     "VALUES(?,?,?,?) ON CONFLICT DO NOTHING"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  for (const auto& to : r.recipients) {
    if (to == r.origin) continue;
    q.reset();
    q.bind(1, to).bind(2, r.origin).bind(3, r.seq).bind(4, queued_at);
    LIAISON_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

Status insert_quarantine(Db& db, const ledger::Record& r, const std::string& reason,
                         const std::string& body_json, const std::string& received_at) {
  // A peer retrying the same refused record adds nothing new.
  LIAISON_ASSIGN_OR_RETURN(
      Stmt dup, db.prepare("SELECT 1 FROM quarantine WHERE origin=? AND seq=? AND reason=? AND "
                           "record=? LIMIT 1"));
  dup.bind(1, r.origin).bind(2, r.seq).bind(3, reason).bind(4, body_json);
  LIAISON_ASSIGN_OR_RETURN(bool seen, dup.step());
  if (seen) return Status::ok();
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("INSERT INTO quarantine(origin, seq, reason, record, received_at) "
                         "VALUES(?,?,?,?,?)"));
  q.bind(1, r.origin).bind(2, r.seq).bind(3, reason).bind(4, body_json).bind(5, received_at);
  return q.run();
}

Result<std::optional<ledger::Record>> get_record(Db& db, const std::string& origin, int64_t seq) {
  LIAISON_ASSIGN_OR_RETURN(Stmt * qp,
                           db.cached("SELECT origin, seq, body, hash, signature FROM records "
                                     "WHERE origin=? AND seq=?"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  q.bind(1, origin).bind(2, seq);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<ledger::Record>();
  LIAISON_ASSIGN_OR_RETURN(ledger::Record r, row_to_record(q));
  return std::optional<ledger::Record>(std::move(r));
}

Result<std::vector<ledger::Record>> records_for_object_prefix(Db& db, const std::string& prefix) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT origin, seq, body, hash, signature FROM records "
                                      "WHERE object_id=? OR substr(object_id, 1, ?)=? "
                                      "ORDER BY created_at, origin, seq"));
  q.bind(1, prefix).bind(2, static_cast<int64_t>(prefix.size() + 1)).bind(3, prefix + ":");
  std::vector<ledger::Record> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    LIAISON_ASSIGN_OR_RETURN(ledger::Record r, row_to_record(q));
    out.push_back(std::move(r));
  }
  return out;
}

Status for_each_record(
    Db& db, const std::function<Status(const ledger::Record&)>& fn,
    const std::function<Status(const std::string&, int64_t, const std::string&)>& fn_bad) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT origin, seq, body, hash, signature FROM records "
                                      "ORDER BY local_order"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    auto r = row_to_record(q);
    if (!r.is_ok()) {
      LIAISON_RETURN_IF_ERROR(fn_bad(q.text(0), q.int64(1), r.status().message()));
      continue;
    }
    // The row's key columns must agree with the signed body.
    if (r->origin != q.text(0) || r->seq != q.int64(1)) {
      LIAISON_RETURN_IF_ERROR(
          fn_bad(q.text(0), q.int64(1), "row key does not match the record body"));
      continue;
    }
    LIAISON_RETURN_IF_ERROR(fn(*r));
  }
  return Status::ok();
}

Status scan_chain(Db& db, const std::string& origin, int64_t after, int limit,
                  const std::function<Result<bool>(const std::string& body, const std::string& hash,
                                                   const std::string& signature)>& fn) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT body, hash, signature FROM records "
                                              "WHERE origin=? AND seq>? ORDER BY seq LIMIT ?"));
  q.bind(1, origin).bind(2, after).bind(3, limit);
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    LIAISON_ASSIGN_OR_RETURN(bool more, fn(q.text(0), q.text(1), q.text(2)));
    if (!more) break;
  }
  return Status::ok();
}

Result<int64_t> newest_local_order(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT coalesce(max(local_order), 0) FROM records"));
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row ? q.int64(0) : 0;
}

Result<std::vector<std::pair<int64_t, ledger::Record>>> records_after(Db& db, int64_t after,
                                                                      int limit) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT origin, seq, body, hash, signature, local_order FROM records "
                         "WHERE local_order > ? ORDER BY local_order LIMIT ?"));
  q.bind(1, after).bind(2, static_cast<int64_t>(limit));
  std::vector<std::pair<int64_t, ledger::Record>> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    LIAISON_ASSIGN_OR_RETURN(ledger::Record r, row_to_record(q));
    out.emplace_back(q.int64(5), std::move(r));
  }
  return out;
}

Result<bool> kind_stored_after(Db& db, int64_t after, const std::string& kind) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q,
      db.prepare("SELECT EXISTS(SELECT 1 FROM records WHERE local_order > ? AND kind = ?)"));
  q.bind(1, after).bind(2, kind);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row && q.int64(0) != 0;
}

Status flag_record(Db& db, const std::string& origin, int64_t seq, const std::string& flag) {
  LIAISON_ASSIGN_OR_RETURN(Stmt f,
                           db.prepare("UPDATE records SET flag=? WHERE origin=? AND seq=?"));
  f.bind(1, flag).bind(2, origin).bind(3, seq);
  return f.run();
}

Result<std::optional<ReceiptCover>> receipt_covering(Db& db, const std::string& origin,
                                                     const std::string& receiver, int64_t seq) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT json_extract(doc, '$.id'), up_to_seq FROM receipts "
                                      "WHERE origin=? AND receiver=? AND up_to_seq>=? "
                                      "ORDER BY up_to_seq LIMIT 1"));
  q.bind(1, origin).bind(2, receiver).bind(3, seq);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<ReceiptCover>();
  return std::optional<ReceiptCover>(ReceiptCover{q.text(0), q.int64(1)});
}

Result<int64_t> receipts_generation(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt * q,
                           db.cached("SELECT value FROM generations WHERE name='receipts'"));
  StmtReset reset(*q);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row) return internal_error("no receipts generation (migration 11)");
  return q->int64(0);
}

Result<std::vector<std::string>> receipt_docs(Db& db, const std::string& origin) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT doc FROM receipts WHERE origin=? ORDER BY up_to_seq"));
  q.bind(1, origin);
  return q.texts();
}

Status for_each_projection(
    Db& db, const std::string& table,
    const std::function<void(const std::string&, const std::string&, const std::string&)>& fn) {
  if (!is_projection_table(table)) return invalid_argument("unknown projection " + table);
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT id, doc, last_record FROM " + table + " ORDER BY id"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    fn(q.text(0), q.text(1), q.text(2));
  }
  return Status::ok();
}

Result<std::optional<std::string>> SqliteProjections::get(std::string_view table,
                                                          std::string_view id) {
  if (!is_projection_table(table)) return invalid_argument("unknown projection");
  LIAISON_ASSIGN_OR_RETURN(Stmt * qp,
                           db_.cached("SELECT doc FROM " + std::string(table) + " WHERE id=?"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  q.bind(1, id);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q.text(0));
}

Status SqliteProjections::put(std::string_view table, std::string_view id, const std::string& doc,
                              const std::string& last_record) {
  if (!is_projection_table(table)) return invalid_argument("unknown projection");
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * qp, db_.cached("INSERT INTO " + std::string(table) +
                            "(id, doc, last_record) VALUES(?,?,?) ON CONFLICT(id) DO UPDATE "
                            "SET doc=excluded.doc, last_record=excluded.last_record"));
  Stmt& q = *qp;
  StmtReset q_reset(q);
  q.bind(1, id).bind(2, doc).bind(3, last_record);
  return q.run();
}

Result<int64_t> count_quarantine(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt c, db.prepare("SELECT count(*) FROM quarantine"));
  LIAISON_ASSIGN_OR_RETURN(bool row, c.step());
  return row ? c.int64(0) : 0;
}

Result<std::vector<Quarantined>> newest_quarantined(Db& db, int64_t limit) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT id, origin, seq, reason, record, received_at FROM quarantine "
                         "ORDER BY id DESC LIMIT ?"));
  q.bind(1, limit);
  std::vector<Quarantined> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.int64(0), q.text(1), q.int64(2), q.text(3), q.text(4), q.text(5)});
  }
  return out;
}

// ---- the ledger's record log

Result<ChainHead> SqliteRecordLog::chain_head(const std::string& origin) {
  return store::chain_head(db_, origin);
}
Result<std::optional<ledger::Record>> SqliteRecordLog::get_record(const std::string& origin,
                                                                  int64_t seq) {
  return store::get_record(db_, origin, seq);
}
Status SqliteRecordLog::insert_record(const ledger::Record& r, const std::string& received_at) {
  return store::insert_record(db_, r, received_at);
}
Status SqliteRecordLog::queue_outbox(const ledger::Record& r, const std::string& queued_at) {
  return store::queue_outbox(db_, r, queued_at);
}
Status SqliteRecordLog::insert_quarantine(const ledger::Record& r, const std::string& reason,
                                          const std::string& body_json,
                                          const std::string& received_at) {
  return store::insert_quarantine(db_, r, reason, body_json, received_at);
}
Status SqliteRecordLog::undo_on_failure(const std::function<Status()>& fn, Status& outcome) {
  LIAISON_RETURN_IF_ERROR(db_.exec("SAVEPOINT undo_on_failure"));
  outcome = fn();
  if (!outcome.is_ok()) LIAISON_RETURN_IF_ERROR(db_.exec("ROLLBACK TO undo_on_failure"));
  return db_.exec("RELEASE undo_on_failure");
}
Status SqliteRecordLog::for_each_record(
    const std::function<Status(const ledger::Record&)>& fn,
    const std::function<Status(const std::string&, int64_t, const std::string&)>& fn_bad) {
  return store::for_each_record(db_, fn, fn_bad);
}
Status SqliteRecordLog::for_each_projection(
    const std::string& table,
    const std::function<void(const std::string&, const std::string&, const std::string&)>& fn) {
  return store::for_each_projection(db_, table, fn);
}

std::unique_ptr<ledger::RecordLog> open_record_log(Db& db) {
  return std::make_unique<SqliteRecordLog>(db);
}

}  // namespace liaison::store
