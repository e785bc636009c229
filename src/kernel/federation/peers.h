// Peers: the other parties' nodes this node exchanges records with, pinned by their Ed25519
// key and TLS certificate fingerprint (exchanged out of band with `liaison identity`).
// Thread-safe through the node's pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "store/peers.h"

namespace liaison::federation {

// A peer as the syncer and the API see it (the row of store/peers.h).
using Peer = store::PeerRow;

struct PeerSpec {
  std::string party, url, key_b64, tls_fingerprint;
  std::string name, timezone = "UTC";
};

// Validates and registers a peer (and its party and key). A party that already has a
// different key is refused: remove and re-add to rotate keys deliberately.
Status add_peer(node::Node& node, const node::Actor& actor, const PeerSpec& spec);
Status remove_peer(node::Node& node, const node::Actor& actor, const std::string& party);
Result<std::vector<Peer>> list_peers(node::Node& node);
Result<std::optional<Peer>> peer_by_fingerprint(node::Node& node, const std::string& fingerprint);
Result<std::optional<Peer>> peer_by_party(node::Node& node, const std::string& party);

// Bookkeeping by the syncer.
Status note_contact(node::Node& node, const std::string& party, const std::string& error,
                    std::optional<int64_t> skew_ms, std::optional<int64_t> rtt_ms,
                    std::optional<int64_t> remote_head);
Status note_pushed(node::Node& node, const std::string& party, int64_t up_to_seq);
// Records that the peer refused our record `seq` (quarantined it, or refused it alone in a
// push) and why; cleared when the peer confirms a push that holds it.
Status note_refused(node::Node& node, const std::string& party, int64_t seq,
                    const std::string& reason);
// Raises pushed_seq to `seq` if it is lower (the peer showed it holds our chain that far).
Status note_pushed_at_least(node::Node& node, const std::string& party, int64_t seq);

// Checks "https://host:port" (host may be [v6]); fills host and port.
Status parse_peer_url(const std::string& url, std::string& host, std::string& port);
// A lower-case hex SHA-256 fingerprint (colons allowed on input).
Result<std::string> normalise_fingerprint(const std::string& fp);

}  // namespace liaison::federation
