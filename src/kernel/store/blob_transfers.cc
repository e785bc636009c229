#include "store/blob_transfers.h"

namespace liaison::store {

Result<bool> blob_sent_before(Db& db, const std::string& sha256, const std::string& peer) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT 1 FROM blob_serves WHERE sha256 = ? AND "
                                              "peer = ? AND completed_at != ''"));
  q.bind(1, sha256).bind(2, peer);
  return q.step();
}

Status note_blob_served(Db& db, const std::string& sha256, const std::string& peer, int64_t bytes,
                        const std::string& completed_at, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt up,
      db.prepare("INSERT INTO blob_serves(sha256, peer, bytes_served, requests, completed_at, "
                 "updated_at) VALUES(?1, ?2, ?3, 1, ?4, ?5) ON CONFLICT(sha256, peer) DO "
                 "UPDATE SET bytes_served = bytes_served + ?3, requests = requests + 1, "
                 "completed_at = CASE WHEN completed_at = '' THEN ?4 ELSE completed_at END, "
                 "updated_at = ?5"));
  up.bind(1, sha256).bind(2, peer).bind(3, bytes).bind(4, completed_at).bind(5, now);
  return up.run();
}

Result<std::vector<std::pair<std::string, std::string>>> ended_transfers(Db& db) {
  std::vector<std::pair<std::string, std::string>> out;
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT sha256, origin FROM blob_transfers WHERE state != 'arriving'"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.emplace_back(q.text(0), q.text(1));
  }
  return out;
}

Result<std::optional<BlobTransfer>> blob_transfer(Db& db, const std::string& sha256,
                                                  const std::string& origin) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT sha256, origin, state, size, received_bytes, fetched_bytes, "
                         "resumed_from, attempts, reason, last_error, started_at, updated_at, "
                         "completed_at, code FROM blob_transfers WHERE sha256 = ? AND origin = ?"));
  q.bind(1, sha256).bind(2, origin);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<BlobTransfer>();
  BlobTransfer t;
  t.sha256 = q.text(0);
  t.origin = q.text(1);
  t.state = q.text(2);
  t.size = q.int64(3);
  t.received_bytes = q.int64(4);
  t.fetched_bytes = q.int64(5);
  t.resumed_from = q.int64(6);
  t.attempts = q.int64(7);
  t.reason = q.text(8);
  t.last_error = q.text(9);
  t.started_at = q.text(10);
  t.updated_at = q.text(11);
  t.completed_at = q.text(12);
  t.code = q.text(13);
  return std::optional<BlobTransfer>(std::move(t));
}

Status transfer_started(Db& db, const BlobTransfer& t, int64_t resumed_from,
                        const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("INSERT INTO blob_transfers(sha256, origin, size, state, received_bytes, "
                         "resumed_from, attempts, started_at, updated_at) "
                         "VALUES(?1, ?2, ?3, 'arriving', ?4, ?4, 1, ?5, ?5) "
                         "ON CONFLICT(sha256, origin) DO UPDATE SET received_bytes = ?4, "
                         "resumed_from = ?4, attempts = attempts + 1, updated_at = ?5"));
  q.bind(1, t.sha256).bind(2, t.origin).bind(3, t.size).bind(4, resumed_from).bind(5, now);
  return q.run();
}

Status transfer_progress(Db& db, const BlobTransfer& t, int64_t received_bytes, int64_t fetched,
                         const std::string& error, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("UPDATE blob_transfers SET received_bytes = ?3, "
                         "fetched_bytes = fetched_bytes + ?4, last_error = ?5, updated_at = ?6 "
                         "WHERE sha256 = ?1 AND origin = ?2"));
  q.bind(1, t.sha256).bind(2, t.origin).bind(3, received_bytes).bind(4, fetched);
  q.bind(5, error).bind(6, now);
  return q.run();
}

Status transfer_received(Db& db, const BlobTransfer& t, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("INSERT INTO blob_transfers(sha256, origin, size, state, received_bytes, "
                         "started_at, updated_at, completed_at) "
                         "VALUES(?1, ?2, ?3, 'received', ?3, ?4, ?4, ?4) "
                         "ON CONFLICT(sha256, origin) DO UPDATE SET state = 'received', "
                         "received_bytes = ?3, last_error = '', updated_at = ?4, "
                         "completed_at = ?4"));
  q.bind(1, t.sha256).bind(2, t.origin).bind(3, t.size).bind(4, now);
  return q.run();
}

Status transfer_failed(Db& db, const BlobTransfer& t, const std::string& state,
                       const std::string& code, const std::string& reason, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q,
      db.prepare("INSERT INTO blob_transfers(sha256, origin, size, state, reason, code, "
                 "started_at, updated_at, completed_at) VALUES(?1, ?2, ?3, ?4, ?5, ?7, ?6, ?6, ?6) "
                 "ON CONFLICT(sha256, origin) DO UPDATE SET state = ?4, reason = ?5, code = ?7, "
                 "updated_at = ?6, completed_at = ?6"));
  q.bind(1, t.sha256).bind(2, t.origin).bind(3, t.size).bind(4, state).bind(5, reason);
  q.bind(6, now).bind(7, code);
  return q.run();
}

Result<int64_t> transfer_bytes_from(Db& db, const std::string& origin, const std::string& except) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT coalesce(sum(size), 0) FROM blob_transfers WHERE origin = ? AND "
                         "sha256 != ? AND state IN ('arriving', 'received')"));
  q.bind(1, origin).bind(2, except);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row ? q.int64(0) : int64_t{0};
}

Result<bool> forget_ended_transfer(Db& db, const std::string& sha256, const std::string& origin) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("DELETE FROM blob_transfers WHERE sha256 = ? AND origin = ? AND "
                         "state IN ('quarantined', 'refused')"));
  q.bind(1, sha256).bind(2, origin);
  LIAISON_RETURN_IF_ERROR(q.run());
  return db.changes() > 0;
}

}  // namespace liaison::store
