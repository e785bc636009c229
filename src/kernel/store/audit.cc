#include "store/audit.h"

namespace liaison::store {

Result<std::optional<AuditHead>> audit_head(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<AuditHead>();
  return std::optional<AuditHead>(AuditHead{q.int64(0), q.text(1)});
}

Status insert_audit_row(Db& db, const AuditRow& r) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt ins, db.prepare("INSERT INTO audit_log(seq, at, actor, action, object, remote, detail, "
                           "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?)"));
  ins.bind(1, r.seq).bind(2, r.at).bind(3, r.actor).bind(4, r.action).bind(5, r.object);
  ins.bind(6, r.remote).bind(7, r.detail).bind(8, r.prev_hash).bind(9, r.hash);
  return ins.run();
}

Status for_each_audit_row(Db& db, const std::function<void(const AuditRow&)>& fn) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT seq, at, actor, action, object, remote, "
                                              "detail, prev_hash, hash FROM audit_log ORDER BY "
                                              "seq"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    fn(AuditRow{q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                q.text(7), q.text(8)});
  }
  return Status::ok();
}

Result<std::optional<std::string>> audit_hash_at(Db& db, int64_t seq) {
  LIAISON_ASSIGN_OR_RETURN(Stmt a, db.prepare("SELECT hash FROM audit_log WHERE seq=?"));
  a.bind(1, seq);
  LIAISON_ASSIGN_OR_RETURN(bool held, a.step());
  if (!held) return std::optional<std::string>();
  return std::optional<std::string>(a.text(0));
}

namespace {

constexpr const char* kAuditWhere =
    " FROM audit_log WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR substr(action, 1, "
    "length(?2)) = ?2) AND (?3 = '' OR instr(object, ?3) > 0) AND (?4 = '' OR at >= ?4) AND "
    "(?5 = '' OR at < ?5)";

void bind_filter(Stmt& q, const AuditQuery& f) {
  q.bind(1, f.actor).bind(2, f.action).bind(3, f.object).bind(4, f.from).bind(5, f.to);
}

}  // namespace

Result<int64_t> audit_count(Db& db, const AuditQuery& f) {
  LIAISON_ASSIGN_OR_RETURN(Stmt c, db.prepare(std::string("SELECT count(*)") + kAuditWhere));
  bind_filter(c, f);
  LIAISON_ASSIGN_OR_RETURN(bool row, c.step());
  return row ? c.int64(0) : 0;
}

Result<std::vector<AuditRow>> audit_rows(Db& db, const AuditQuery& f, int limit, int64_t offset) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare(std::string("SELECT seq, at, actor, action, object, "
                                                  "remote, hash") +
                                      kAuditWhere + " ORDER BY seq DESC LIMIT ?6 OFFSET ?7"));
  bind_filter(q, f);
  q.bind(6, limit).bind(7, offset);
  std::vector<AuditRow> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool r, q.step());
    if (!r) break;
    AuditRow a;
    a.seq = q.int64(0);
    a.at = q.text(1);
    a.actor = q.text(2);
    a.action = q.text(3);
    a.object = q.text(4);
    a.remote = q.text(5);
    a.hash = q.text(6);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<RecordBody>> latest_record_of_kind(Db& db, const std::string& origin,
                                                        const std::string& kind) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT seq, body FROM records WHERE origin=? AND "
                                              "kind=? ORDER BY seq DESC LIMIT 1"));
  q.bind(1, origin).bind(2, kind);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<RecordBody>();
  return std::optional<RecordBody>(RecordBody{q.int64(0), q.text(1)});
}

Result<std::vector<std::string>> held_blob_hashes(Db& db, const std::string& party) {
  // Our own attachments, and a peer's once its bytes were received and verified (one still
  // arriving is not missing: blobs/partial/ holds it).
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT DISTINCT json_extract(doc, '$.sha256') FROM attachments "
                         "WHERE json_extract(doc, '$.party') = ?1 UNION "
                         "SELECT sha256 FROM blob_transfers WHERE state = 'received'"));
  q.bind(1, party);
  return q.texts();
}

}  // namespace liaison::store
