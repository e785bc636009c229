#include "store/peers.h"

namespace liaison::store {

namespace {

constexpr const char* kPeerSelect =
    "SELECT p.party, p.url, p.tls_fingerprint, p.added_at, p.pushed_seq, p.remote_head, "
    "p.last_contact, p.last_error, p.skew_ms, p.rtt_ms, p.refused_seq, p.refused_reason, "
    "p.refused_at, "
    "(SELECT coalesce(max(seq), 0) FROM records WHERE origin = p.party), "
    "(SELECT coalesce(max(seq), 0) FROM records WHERE origin = ?1) FROM peers p";

PeerRow row_to_peer(Stmt& q) {
  PeerRow p;
  p.party = q.text(0);
  p.url = q.text(1);
  p.tls_fingerprint = q.text(2);
  p.added_at = q.text(3);
  p.pushed_seq = q.int64(4);
  p.remote_head = q.int64(5);
  p.last_contact = q.text(6);
  p.last_error = q.text(7);
  p.skew_ms = q.int64(8);
  p.rtt_ms = q.int64(9);
  p.refused_seq = q.int64(10);
  p.refused_reason = q.text(11);
  p.refused_at = q.text(12);
  p.held_seq = q.int64(13);
  p.local_head = q.int64(14);
  return p;
}

void bind_optional(Stmt& q, int i, std::optional<int64_t> v) {
  if (v) {
    q.bind(i, *v);
  } else {
    q.bind_null(i);
  }
}

}  // namespace

Status upsert_peer(Db& db, const std::string& party, const std::string& url,
                   const std::string& fingerprint, const std::string& added_at) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("INSERT INTO peers(party, url, tls_fingerprint, added_at) "
                         "VALUES(?,?,?,?) ON CONFLICT(party) DO UPDATE SET "
                         "url=excluded.url, tls_fingerprint=excluded.tls_fingerprint"));
  q.bind(1, party).bind(2, url).bind(3, fingerprint).bind(4, added_at);
  return q.run();
}

Result<bool> delete_peer(Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("DELETE FROM peers WHERE party=?"));
  q.bind(1, party);
  LIAISON_RETURN_IF_ERROR(q.run());
  return db.changes() > 0;
}

Result<std::vector<PeerRow>> peer_rows(Db& db, const std::string& local_party) {
  std::vector<PeerRow> out;
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare(std::string(kPeerSelect) + " ORDER BY p.party"));
  q.bind(1, local_party);
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back(row_to_peer(q));
  }
  return out;
}

Result<std::optional<PeerRow>> peer_row(Db& db, const std::string& local_party, PeerKey key,
                                        const std::string& value) {
  const char* column = key == PeerKey::kParty ? "party" : "tls_fingerprint";
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare(std::string(kPeerSelect) + " WHERE p." + column + " = ?2"));
  q.bind(1, local_party).bind(2, value);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  std::optional<PeerRow> out;
  if (row) out = row_to_peer(q);
  return out;
}

Status update_peer_contact(Db& db, const std::string& party, const std::string& error,
                           const std::string& now, std::optional<int64_t> skew_ms,
                           std::optional<int64_t> rtt_ms, std::optional<int64_t> remote_head) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("UPDATE peers SET last_error=?2, "
                         "last_contact = CASE WHEN ?2 = '' THEN ?3 ELSE last_contact END, "
                         "skew_ms = coalesce(?4, skew_ms), rtt_ms = coalesce(?5, rtt_ms), "
                         "remote_head = CASE WHEN ?6 > remote_head THEN ?6 ELSE remote_head END "
                         "WHERE party=?1"));
  q.bind(1, party).bind(2, error).bind(3, now);
  bind_optional(q, 4, skew_ms);
  bind_optional(q, 5, rtt_ms);
  bind_optional(q, 6, remote_head);
  return q.run();
}

Status set_peer_pushed(Db& db, const std::string& party, int64_t up_to_seq, bool raise_only,
                       const std::string& now, const std::string& local_party) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare(raise_only ? "UPDATE peers SET pushed_seq=?2 WHERE party=?1 "
                                      "AND pushed_seq < ?2"
                                    : "UPDATE peers SET pushed_seq=?2 WHERE party=?1"));
  q.bind(1, party).bind(2, up_to_seq);
  LIAISON_RETURN_IF_ERROR(q.run());
  if (db.changes() == 0) return Status::ok();
  // The peer took the record it once refused (it was upgraded, or its limits raised).
  LIAISON_ASSIGN_OR_RETURN(Stmt c, db.prepare("UPDATE peers SET refused_seq=0, refused_reason='', "
                                              "refused_at='' WHERE party=?1 AND refused_seq > 0 "
                                              "AND refused_seq <= ?2"));
  c.bind(1, party).bind(2, up_to_seq);
  LIAISON_RETURN_IF_ERROR(c.run());
  LIAISON_ASSIGN_OR_RETURN(Stmt o,
                           db.prepare("UPDATE outbox SET delivered_at=?3 WHERE recipient=?1 AND "
                                      "origin=?4 AND seq<=?2 AND delivered_at IS NULL"));
  o.bind(1, party).bind(2, up_to_seq).bind(3, now).bind(4, local_party);
  return o.run();
}

Status set_peer_refused(Db& db, const std::string& party, int64_t seq, const std::string& reason,
                        const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("UPDATE peers SET refused_seq=?2, refused_reason=?3, "
                         "refused_at = CASE WHEN refused_seq=?2 THEN refused_at ELSE ?4 END "
                         "WHERE party=?1"));
  q.bind(1, party).bind(2, seq).bind(3, reason).bind(4, now);
  return q.run();
}

}  // namespace liaison::store
