// What the ledger needs of a store, inside the caller's write (or read) transaction: the
// record log (each origin's chain, the outbox, quarantine) and the projections apply()
// writes. The ledger includes no store header: the SQLite store implements this interface
// (store/records.h, SqliteRecordLog) and the node hands the ledger the way to open one on a
// transaction (Ledger's `open_log`). A second store (PostgreSQL) is another implementation
// of this interface; the ledger does not change.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::ledger {

// The head of one origin's chain.
struct ChainHead {
  int64_t seq = 0;   // 0 when the origin has no records yet
  std::string hash;  // kGenesisHash when seq == 0
};

class RecordLog {
 public:
  virtual ~RecordLog() = default;

  virtual Result<ChainHead> chain_head(const std::string& origin) = 0;
  // A stored record (body parsed back into fields; hash and signature as stored).
  virtual Result<std::optional<Record>> get_record(const std::string& origin, int64_t seq) = 0;
  virtual Status insert_record(const Record& r, const std::string& received_at) = 0;
  // Queues a record of this node for each of its recipients.
  virtual Status queue_outbox(const Record& r, const std::string& queued_at) = 0;
  // Keeps a refused record as it came (`body_json`), with the reason.
  virtual Status insert_quarantine(const Record& r, const std::string& reason,
                                   const std::string& body_json,
                                   const std::string& received_at) = 0;
  // Where apply() writes, in this transaction.
  virtual Projections& projections() = 0;
  // Runs fn so that everything it wrote is undone when it fails, while the caller's
  // transaction goes on (a savepoint); fn's status goes to `outcome`. The returned status
  // fails only when the store could not undo, and then the caller's transaction must fail.
  virtual Status undo_on_failure(const std::function<Status()>& fn, Status& outcome) = 0;

  // Every record in (origin, seq) order; a row whose body cannot be read goes to fn_bad.
  virtual Status for_each_record(const std::function<Status(const Record&)>& fn,
                                 const std::function<Status(const std::string& origin, int64_t seq,
                                                            const std::string& why)>& fn_bad) = 0;
  // Every row of a projection table: (id, doc, last_record).
  virtual Status for_each_projection(
      const std::string& table,
      const std::function<void(const std::string& id, const std::string& doc,
                               const std::string& last_record)>& fn) = 0;
};

}  // namespace liaison::ledger
