#include "federation/peers.h"

#include "common/crypto.h"
#include "node/audit.h"

namespace liaison::federation {

Status parse_peer_url(const std::string& url, std::string& host, std::string& port) {
  const std::string scheme = "https://";
  if (url.rfind(scheme, 0) != 0)
    return invalid_argument("peer URL must start with https://", "url");
  std::string rest = url.substr(scheme.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find('/') != std::string::npos)
    return invalid_argument("peer URL must have no path", "url");
  size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos) return invalid_argument("bad IPv6 host in URL", "url");
    host = rest.substr(1, close - 1);
    colon = close + 1;
    if (colon >= rest.size() || rest[colon] != ':')
      return invalid_argument("URL needs a port", "url");
  } else {
    colon = rest.rfind(':');
    if (colon == std::string::npos) return invalid_argument("URL needs a port", "url");
    host = rest.substr(0, colon);
  }
  port = rest.substr(colon + 1);
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
      std::stoi(port) > 65535) {
    return invalid_argument("peer URL must be https://HOST:PORT", "url");
  }
  return Status::ok();
}

Result<std::string> normalise_fingerprint(const std::string& fp) {
  std::string out;
  for (char c : fp) {
    if (c == ':') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.size() != 64 || !from_hex(out)) {
    return invalid_argument("TLS fingerprint must be a SHA-256 in hex", "tls_fingerprint");
  }
  return out;
}

Status add_peer(node::Node& node, const node::Actor& actor, const PeerSpec& spec) {
  if (!node::valid_party_code(spec.party)) return invalid_argument("bad party code", "party");
  if (spec.party == node.party())
    return invalid_argument("a node cannot peer with itself", "party");
  std::string host, port;
  LIAISON_RETURN_IF_ERROR(parse_peer_url(spec.url, host, port));
  LIAISON_ASSIGN_OR_RETURN(std::string fp, normalise_fingerprint(spec.tls_fingerprint));
  auto key = from_base64(spec.key_b64);
  if (!key || key->size() != 32) return invalid_argument("key must be 32 bytes of base64", "key");
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  const node::Party* existing = nullptr;
  for (const auto& p : parties) {
    if (p.code == spec.party) existing = &p;
  }
  if (existing && !existing->public_key_b64.empty() && existing->public_key_b64 != spec.key_b64) {
    return already_exists("party " + spec.party + " is registered with another key", "key");
  }
  if (!existing) {
    LIAISON_RETURN_IF_ERROR(
        node.add_party(node::Party{spec.party, spec.name.empty() ? spec.party : spec.name,
                                   spec.timezone, spec.key_b64, false}));
  } else if (existing->public_key_b64.empty()) {
    LIAISON_RETURN_IF_ERROR(node.set_party_key(spec.party, spec.key_b64));
  }
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare("INSERT INTO peers(party, url, tls_fingerprint, added_at) "
                                  "VALUES(?,?,?,?) ON CONFLICT(party) DO UPDATE SET "
                                  "url=excluded.url, tls_fingerprint=excluded.tls_fingerprint"));
    q.bind(1, spec.party).bind(2, spec.url).bind(3, fp).bind(4, node.now());
    LIAISON_RETURN_IF_ERROR(q.run());
    return node::audit(db, node.now(), actor, "peer.add", "peer/" + spec.party, spec.url);
  });
}

Status remove_peer(node::Node& node, const node::Actor& actor, const std::string& party) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("DELETE FROM peers WHERE party=?"));
    q.bind(1, party);
    LIAISON_RETURN_IF_ERROR(q.run());
    if (db.changes() == 0) return not_found("no peer " + party, "party");
    return node::audit(db, node.now(), actor, "peer.remove", "peer/" + party);
  });
}

namespace {
constexpr const char* kPeerSelect =
    "SELECT p.party, p.url, p.tls_fingerprint, p.added_at, p.pushed_seq, p.remote_head, "
    "p.last_contact, p.last_error, p.skew_ms, p.rtt_ms, p.refused_seq, p.refused_reason, "
    "p.refused_at, "
    "(SELECT coalesce(max(seq), 0) FROM records WHERE origin = p.party), "
    "(SELECT coalesce(max(seq), 0) FROM records WHERE origin = ?1) FROM peers p";

Peer row_to_peer(store::Stmt& q) {
  Peer p;
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
}  // namespace

Result<std::vector<Peer>> list_peers(node::Node& node) {
  std::vector<Peer> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                             db.prepare(std::string(kPeerSelect) + " ORDER BY p.party"));
    q.bind(1, node.party());
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      out.push_back(row_to_peer(q));
    }
    return Status::ok();
  }));
  return out;
}

namespace {
Result<std::optional<Peer>> one_peer(node::Node& node, const char* column, const std::string& v) {
  std::optional<Peer> out;
  if (v.empty()) return out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                             db.prepare(std::string(kPeerSelect) + " WHERE p." + column + " = ?2"));
    q.bind(1, node.party()).bind(2, v);
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (row) out = row_to_peer(q);
    return Status::ok();
  }));
  return out;
}
}  // namespace

Result<std::optional<Peer>> peer_by_fingerprint(node::Node& node, const std::string& fingerprint) {
  return one_peer(node, "tls_fingerprint", fingerprint);
}

Result<std::optional<Peer>> peer_by_party(node::Node& node, const std::string& party) {
  return one_peer(node, "party", party);
}

Status note_contact(node::Node& node, const std::string& party, const std::string& error,
                    std::optional<int64_t> skew_ms, std::optional<int64_t> rtt_ms,
                    std::optional<int64_t> remote_head) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("UPDATE peers SET last_error=?2, "
                   "last_contact = CASE WHEN ?2 = '' THEN ?3 ELSE last_contact END, "
                   "skew_ms = coalesce(?4, skew_ms), rtt_ms = coalesce(?5, rtt_ms), "
                   "remote_head = max(remote_head, coalesce(?6, remote_head)) WHERE party=?1"));
    q.bind(1, party).bind(2, error).bind(3, node.now());
    if (skew_ms)
      q.bind(4, *skew_ms);
    else
      q.bind_null(4);
    if (rtt_ms)
      q.bind(5, *rtt_ms);
    else
      q.bind_null(5);
    if (remote_head)
      q.bind(6, *remote_head);
    else
      q.bind_null(6);
    return q.run();
  });
}

namespace {
// Sets pushed_seq (only upwards when `raise_only`) and marks the outbox delivered up to it.
Status set_pushed(node::Node& node, const std::string& party, int64_t up_to_seq, bool raise_only) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare(raise_only ? "UPDATE peers SET pushed_seq=?2 WHERE party=?1 "
                                               "AND pushed_seq < ?2"
                                             : "UPDATE peers SET pushed_seq=?2 WHERE party=?1"));
    q.bind(1, party).bind(2, up_to_seq);
    LIAISON_RETURN_IF_ERROR(q.run());
    if (db.changes() == 0) return Status::ok();
    // The peer took the record it once refused (it was upgraded, or its limits raised).
    LIAISON_ASSIGN_OR_RETURN(store::Stmt c,
                             db.prepare("UPDATE peers SET refused_seq=0, refused_reason='', "
                                        "refused_at='' WHERE party=?1 AND refused_seq > 0 AND "
                                        "refused_seq <= ?2"));
    c.bind(1, party).bind(2, up_to_seq);
    LIAISON_RETURN_IF_ERROR(c.run());
    LIAISON_ASSIGN_OR_RETURN(store::Stmt o,
                             db.prepare("UPDATE outbox SET delivered_at=?3 WHERE recipient=?1 AND "
                                        "origin=?4 AND seq<=?2 AND delivered_at IS NULL"));
    o.bind(1, party).bind(2, up_to_seq).bind(3, node.now()).bind(4, node.party());
    return o.run();
  });
}
}  // namespace

Status note_pushed(node::Node& node, const std::string& party, int64_t up_to_seq) {
  return set_pushed(node, party, up_to_seq, false);
}

Status note_refused(node::Node& node, const std::string& party, int64_t seq,
                    const std::string& reason) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("UPDATE peers SET refused_seq=?2, refused_reason=?3, "
                   "refused_at = CASE WHEN refused_seq=?2 THEN refused_at ELSE ?4 END "
                   "WHERE party=?1"));
    q.bind(1, party).bind(2, seq).bind(3, reason.substr(0, 2000)).bind(4, node.now());
    return q.run();
  });
}

Status note_pushed_at_least(node::Node& node, const std::string& party, int64_t seq) {
  return set_pushed(node, party, seq, true);
}

}  // namespace liaison::federation
