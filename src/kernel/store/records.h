// SQL for the ledger tables (records, outbox, quarantine) and the projection tables, on one
// connection inside the caller's transaction. Used by ledger::Ledger and `verify`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ledger/projections.h"
#include "ledger/record.h"
#include "ledger/record_log.h"
#include "store/db.h"

namespace liaison::store {

using ChainHead = ledger::ChainHead;

Result<ChainHead> chain_head(Db& db, const std::string& origin);
Status insert_record(Db& db, const ledger::Record& r, const std::string& received_at);
Status queue_outbox(Db& db, const ledger::Record& r, const std::string& queued_at);
// A record refused from a peer, as `quarantine` and GET /api/v1/quarantine show it.
struct Quarantined {
  int64_t id = 0;
  std::string origin;
  int64_t seq = 0;
  std::string reason;
  std::string record;  // the record as it came (JSON)
  std::string received_at;
};
// How many records are quarantined, and the newest `limit` of them (newest first).
Result<int64_t> count_quarantine(Db& db);
Result<std::vector<Quarantined>> newest_quarantined(Db& db, int64_t limit);

Status insert_quarantine(Db& db, const ledger::Record& r, const std::string& reason,
                         const std::string& body_json, const std::string& received_at);

// Loads a record row. The body is parsed back into fields; hash and signature as stored.
Result<std::optional<ledger::Record>> get_record(Db& db, const std::string& origin, int64_t seq);
Result<std::vector<ledger::Record>> records_for_object_prefix(Db& db, const std::string& prefix);
// Every record in (origin, seq) order; stops at the first error `fn` returns.
// A row whose body cannot be parsed is reported through `fn_bad(origin, seq, reason)`.
Status for_each_record(
    Db& db, const std::function<Status(const ledger::Record&)>& fn,
    const std::function<Status(const std::string&, int64_t, const std::string&)>& fn_bad);
// The records of `origin` after `after` in seq order, at most `limit`, each as stored (body,
// hash, signature) to `fn`, which answers whether to go on.
Status scan_chain(Db& db, const std::string& origin, int64_t after, int limit,
                  const std::function<Result<bool>(const std::string& body, const std::string& hash,
                                                   const std::string& signature)>& fn);
// The local order of the newest stored record (0 when none): it grows with every record
// stored, so what was derived from the records can tell whether it is current.
Result<int64_t> newest_local_order(Db& db);
// The records stored after local order `after`, in local order, at most `limit`, each with its
// local order (what a reader of new records keeps as its position; the inbox's collector).
Result<std::vector<std::pair<int64_t, ledger::Record>>> records_after(Db& db, int64_t after,
                                                                      int limit);
// Whether a record of `kind` was stored after local order `after`.
Result<bool> kind_stored_after(Db& db, int64_t after, const std::string& kind);
// Flags a stored record (e.g. a created_at implausibly ahead of our clock).
Status flag_record(Db& db, const std::string& origin, int64_t seq, const std::string& flag);
// The earliest receipt by `receiver` covering `origin`'s record `seq`: its record ("ORIGIN:SEQ")
// and how far it covers.
struct ReceiptCover {
  std::string ref;
  int64_t up_to_seq = 0;
};
Result<std::optional<ReceiptCover>> receipt_covering(Db& db, const std::string& origin,
                                                     const std::string& receiver, int64_t seq);
// A number that changes whenever a receipt is added, changed or removed (migration 11's
// triggers, in the same transaction): what is derived from receipts may be kept while it
// stays the same. Read it in the read that derives from the receipts.
Result<int64_t> receipts_generation(Db& db);
// The receipts projection's documents for receipts signed by `origin`, oldest first.
Result<std::vector<std::string>> receipt_docs(Db& db, const std::string& origin);
// Every row of a projection table: (id, doc, last_record).
Status for_each_projection(
    Db& db, const std::string& table,
    const std::function<void(const std::string&, const std::string&, const std::string&)>& fn);

// Projections on a SQLite connection (inside the caller's write transaction).
class SqliteProjections final : public ledger::Projections {
 public:
  explicit SqliteProjections(Db& db) : db_(db) {}
  Result<std::optional<std::string>> get(std::string_view table, std::string_view id) override;
  Status put(std::string_view table, std::string_view id, const std::string& doc,
             const std::string& last_record) override;

 private:
  Db& db_;
};

// The ledger's record log (ledger/record_log.h) on a SQLite connection, inside the caller's
// transaction: the functions above, and SqliteProjections.
class SqliteRecordLog final : public ledger::RecordLog {
 public:
  explicit SqliteRecordLog(Db& db) : db_(db), projections_(db) {}
  Result<ChainHead> chain_head(const std::string& origin) override;
  Result<std::optional<ledger::Record>> get_record(const std::string& origin, int64_t seq) override;
  Status insert_record(const ledger::Record& r, const std::string& received_at) override;
  Status queue_outbox(const ledger::Record& r, const std::string& queued_at) override;
  Status insert_quarantine(const ledger::Record& r, const std::string& reason,
                           const std::string& body_json, const std::string& received_at) override;
  ledger::Projections& projections() override { return projections_; }
  Status undo_on_failure(const std::function<Status()>& fn, Status& outcome) override;
  Status for_each_record(const std::function<Status(const ledger::Record&)>& fn,
                         const std::function<Status(const std::string&, int64_t,
                                                    const std::string&)>& fn_bad) override;
  Status for_each_projection(const std::string& table,
                             const std::function<void(const std::string&, const std::string&,
                                                      const std::string&)>& fn) override;

 private:
  Db& db_;
  SqliteProjections projections_;
};

// What the node hands its ledger (ledger::Ledger::OpenLog).
std::unique_ptr<ledger::RecordLog> open_record_log(Db& db);

}  // namespace liaison::store
