// The peers table (the other parties' nodes this node exchanges records with), on one
// connection inside the caller's transaction: the SQL behind federation/peers.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

struct PeerRow {
  std::string party, url, tls_fingerprint, added_at;
  int64_t pushed_seq = 0;   // our records the peer confirmed (its receipt)
  int64_t remote_head = 0;  // the peer's own chain head as last seen
  int64_t held_seq = 0;     // the peer's records we hold (our head of its chain)
  int64_t local_head = 0;   // our own head
  std::string last_contact, last_error;
  int64_t skew_ms = 0, rtt_ms = 0;
  // A record of ours the peer refused (0: none): replication to it is held at that record
  // until the peer takes it; the engine alerts the administrators.
  int64_t refused_seq = 0;
  std::string refused_reason, refused_at;

  int64_t backlog_out() const { return local_head - pushed_seq; }
  int64_t backlog_in() const { return remote_head > held_seq ? remote_head - held_seq : 0; }
};

// Adds a peer, or changes the URL and fingerprint of one that exists.
Status upsert_peer(Db& db, const std::string& party, const std::string& url,
                   const std::string& fingerprint, const std::string& added_at);
// False when there was no such peer.
Result<bool> delete_peer(Db& db, const std::string& party);
// Every peer by party code; `local_party` is this node's (for its own chain head).
Result<std::vector<PeerRow>> peer_rows(Db& db, const std::string& local_party);
enum class PeerKey { kParty, kFingerprint };
Result<std::optional<PeerRow>> peer_row(Db& db, const std::string& local_party, PeerKey key,
                                        const std::string& value);
// The syncer's note of a contact: an empty `error` is a success (and sets last_contact).
Status update_peer_contact(Db& db, const std::string& party, const std::string& error,
                           const std::string& now, std::optional<int64_t> skew_ms,
                           std::optional<int64_t> rtt_ms, std::optional<int64_t> remote_head);
// Sets pushed_seq (only upwards when `raise_only`); when it moved, clears a refusal at or
// below it and marks `local_party`'s outbox rows for the peer delivered up to it.
Status set_peer_pushed(Db& db, const std::string& party, int64_t up_to_seq, bool raise_only,
                       const std::string& now, const std::string& local_party);
// Notes the record of ours the peer refuses, and why (since when: kept while it is the same).
Status set_peer_refused(Db& db, const std::string& party, int64_t seq, const std::string& reason,
                        const std::string& now);

}  // namespace liaison::store
