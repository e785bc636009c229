// File bytes between parties, the node's half (issue 14): serving byte ranges of our blobs to
// a peer that a record of ours addressed, and the bookkeeping of the transfers we take from
// peers (table blob_transfers: local state, not a projection). Which records name a file and
// what is signed once it moved belong to the capabilities that own those records (their
// node::BlobOwner, node/blob_owner.h: requests' attachments and their custody records). The
// thread that fetches is federation/blob_fetch.h. Thread-safe through the node's pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "store/blob_transfers.h"
#include "store/db.h"

namespace liaison::node {

// The most a peer may ask for in one range.
inline constexpr int64_t kMaxServeBytes = 16 << 20;

struct BlobRange {
  std::string data;
  int64_t size = 0;  // the whole blob's
};
// `length` bytes of our blob `sha256` from `offset`, for `peer`: only when a record of ours
// addressed to it names the hash (a BlobOwner's offered_to); to anyone else not_found, as for
// a blob we do not have (a third party learns nothing). Counts what was served (blob_serves);
// the range that ends the file tells the owners (BlobMoved::kSent), once per peer.
Result<BlobRange> serve_blob(Node& node, const std::string& peer, const std::string& sha256,
                             int64_t offset, int64_t length);

// The files other parties' records name (every BlobOwner's), each (sha256, origin) once,
// whose transfer has not ended.
Result<std::vector<WantedBlob>> wanted_blobs(Node& node);

using Transfer = store::BlobTransfer;  // state: arriving | received | quarantined | refused
Result<std::optional<Transfer>> transfer_of(Node& node, const std::string& sha256,
                                            const std::string& origin);

// The fetcher's bookkeeping. An attempt starts at `resumed_from` (the bytes a partial file
// already held); progress adds what was taken off the network.
Status note_transfer_start(Node& node, const WantedBlob& b, int64_t resumed_from);
Status note_transfer_progress(Node& node, const WantedBlob& b, int64_t received_bytes,
                              int64_t fetched, const std::string& error);
// The bytes are verified and in place: state received, and the owners sign their receipt of
// the file (BlobMoved::kReceived; requests: a "received" custody record per request).
Status note_transfer_received(Node& node, const WantedBlob& b);
// Ended without the file: "quarantined" (the bytes did not match the signed hash: code
// hash_mismatch) or "refused" (code too_large or quota_exceeded). The owners tell the sender
// why (BlobMoved::kRefused; requests: a "refused" custody record).
Status note_transfer_failed(Node& node, const WantedBlob& b, const std::string& state,
                            const std::string& code, const std::string& reason);
// The bytes of `origin`'s files this node holds or is fetching, other than `except`.
Result<int64_t> bytes_from(Node& node, const std::string& origin, const std::string& except);
// Forgets a quarantined or refused transfer of `origin`'s file so the fetcher tries again
// (after a limit was raised, or the sender fixed its copy), audited against `object` (e.g.
// "request/<id>"). failed_precondition naming sha256 when there is none to retry.
Status retry_transfer(Node& node, const Actor& actor, const std::string& origin,
                      const std::string& sha256, const std::string& object);

}  // namespace liaison::node
