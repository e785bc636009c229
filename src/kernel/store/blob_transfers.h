// The node's bookkeeping of file bytes between parties (local state, not projections): what
// it served to each peer (blob_serves) and the transfers it takes from peers
// (blob_transfers), on one connection inside the caller's transaction. The SQL behind
// node/transfers.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

struct BlobTransfer {
  std::string sha256, origin, state;  // arriving | received | quarantined | refused
  int64_t size = 0, received_bytes = 0, fetched_bytes = 0, resumed_from = 0, attempts = 0;
  std::string code, reason, last_error, started_at, updated_at, completed_at;
};

// ---- what we served
// Whether the whole file already went out to `peer`.
Result<bool> blob_sent_before(Db& db, const std::string& sha256, const std::string& peer);
// Counts a served range; `completed_at` is set (once) when the range ended the file.
Status note_blob_served(Db& db, const std::string& sha256, const std::string& peer, int64_t bytes,
                        const std::string& completed_at, const std::string& now);

// ---- what we take
// (sha256, origin) of every transfer that ended (received, quarantined or refused).
Result<std::vector<std::pair<std::string, std::string>>> ended_transfers(Db& db);
Result<std::optional<BlobTransfer>> blob_transfer(Db& db, const std::string& sha256,
                                                  const std::string& origin);
// An attempt starts (or starts again) from `resumed_from` bytes.
Status transfer_started(Db& db, const BlobTransfer& t, int64_t resumed_from,
                        const std::string& now);
Status transfer_progress(Db& db, const BlobTransfer& t, int64_t received_bytes, int64_t fetched,
                         const std::string& error, const std::string& now);
Status transfer_received(Db& db, const BlobTransfer& t, const std::string& now);
// Ended without the file: `state` quarantined or refused, with a code and reason.
Status transfer_failed(Db& db, const BlobTransfer& t, const std::string& state,
                       const std::string& code, const std::string& reason, const std::string& now);
// The bytes of `origin`'s files held or arriving, other than `except`.
Result<int64_t> transfer_bytes_from(Db& db, const std::string& origin, const std::string& except);
// Forgets a quarantined or refused transfer; false when there was none.
Result<bool> forget_ended_transfer(Db& db, const std::string& sha256, const std::string& origin);

}  // namespace liaison::store
