// The node's ledger writer and reader of foreign records. Every method runs on a connection
// inside the caller's write transaction (store::Pool::write), so a record, its projection
// and its outbox entries commit together or not at all. Thread-compatible: callers
// serialise through the pool's single writer.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "ledger/kinds.h"
#include "ledger/record.h"
#include "ledger/record_log.h"

namespace liaison::store {
class Db;
}

namespace liaison::ledger {

class Ledger {
 public:
  // How the ledger reaches the store inside a transaction the caller holds (`store::Db` is
  // that transaction's handle, opaque here): the node passes store::open_record_log.
  using OpenLog = std::unique_ptr<RecordLog> (*)(store::Db&);
  // `kinds`: every record kind there is (src/app/ composes it); it outlives the ledger.
  Ledger(std::string party, SigningKey key, const Clock& clock, const KindRegistry& kinds,
         OpenLog open_log)
      : party_(std::move(party)),
        key_(std::move(key)),
        clock_(clock),
        kinds_(kinds),
        open_log_(open_log) {}

  const std::string& party() const { return party_; }
  const SigningKey& key() const { return key_; }
  const KindRegistry& kinds() const { return kinds_; }

  // Writes a new record of this node: next seq, chained, signed, applied, stored, and queued
  // for each recipient. Fails (and writes nothing) when apply() rejects it.
  Result<Record> append(store::Db& db, std::string kind, std::string object_id,
                        std::string payload_json, std::vector<std::string> recipients);

  // Takes a record of another origin (`public_key`: its raw 32-byte key). Returns ok when
  // applied, or when it is already held with the same hash (idempotent by origin+seq);
  // failed_precondition "gap" when earlier records are missing (hold it and retry).
  // A record that fails verification, the chain, ownership or the state machine is kept in
  // quarantine with the reason and the error is returned; nothing of it is applied.
  // `verified`: the caller already ran verify_record(r, public_key) successfully (batches
  // verify signatures in parallel before taking the writer).
  Status ingest(store::Db& db, const Record& r, std::string_view public_key, bool verified = false);

  // How many records append() and ingest() have stored since start (re-ingesting a record
  // already held does not count; a rolled-back transaction may). After a commit, a change
  // of this number is what should wake the syncer and the hotline engine: other writes
  // (audit rows, sessions, contact notes) must not, or two peers wake each other forever.
  uint64_t records_written() const { return written_.load(std::memory_order_relaxed); }

 private:
  std::string party_;
  SigningKey key_;
  const Clock& clock_;
  const KindRegistry& kinds_;
  OpenLog open_log_;
  std::atomic<uint64_t> written_{0};
};

// Result of `liaison verify`.
struct VerifyProblem {
  std::string where;  // "record CN:17", "requests/<id>", "audit 12"
  std::string what;
};
struct VerifyReport {
  int64_t records = 0;
  int64_t documents = 0;
  int64_t audit_entries = 0;
  int64_t blobs = -1;                // blobs checked (-1: not checked, `verify --quick`)
  std::vector<std::string> removed;  // orphan blobs removed (`verify --remove-orphans`)
  std::vector<VerifyProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Checks every record's hash, signature (keys: party code → raw public key) and chain link,
// replays apply() into memory and compares the result with the projection tables.
// The tables compared are those the registry's capabilities declared.
Result<VerifyReport> verify_ledger(RecordLog& log, const KindRegistry& kinds,
                                   const std::vector<std::pair<std::string, std::string>>& keys);

}  // namespace liaison::ledger
