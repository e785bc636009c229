// The transport-independent half of federation: which of our records a peer gets (full
// when addressed to it, redacted otherwise), and taking a peer's batch into our ledger in
// one transaction with a signed receipt. Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ledger/limits.h"
#include "ledger/record.h"
#include "node/node.h"
#include "store/records.h"

namespace liaison::federation {

// Batches are bounded in count and bytes; the byte budgets come from the ledger's limits
// (ledger/limits.h), which also size the receiver's reader, so any record fits.
inline constexpr int kMaxBatchRecords = 5000;
inline constexpr size_t kMaxBatchBytes = ledger::kPullBudgetBytes;  // a pull answer
inline constexpr size_t kMaxPushBytes = ledger::kPushBudgetBytes;   // a push body
// A record whose created_at is further than this from our clock (after the measured skew)
// is flagged on arrival.
inline constexpr int64_t kPlausibleClockMs = 5 * 60 * 1000;

boost::json::object to_wire(const ledger::Record& r);
Result<ledger::Record> from_wire(const boost::json::value& v);

struct Batch {
  std::vector<ledger::Record> records;
  int64_t head = 0;  // our own chain head
};
// Our records after `after` for `peer`, bounded in count and bytes.
Result<Batch> outgoing_batch(node::Node& node, const std::string& peer, int64_t after,
                             int limit = kMaxBatchRecords, size_t max_bytes = kMaxBatchBytes);

struct IngestResult {
  int64_t accepted = 0;   // records newly applied or stored
  int64_t up_to_seq = 0;  // our head of the origin's chain after the batch
  std::string head_hash;
  bool gap = false;  // the batch started after a missing record
  std::vector<std::pair<int64_t, std::string>> quarantined;  // seq, reason
  std::optional<ledger::Record> receipt;  // our signed receipt, when anything was accepted
};
// Takes records of `origin` (all must be of that origin) in seq order; stops at the first
// record that fails; appends a receipt addressed to the origin when anything was accepted.
// `skew_ms` is the origin's measured clock offset (their clock − ours).
Result<IngestResult> ingest_batch(node::Node& node, const std::string& origin,
                                  const std::vector<ledger::Record>& records, int64_t skew_ms);

// Our head of `origin`'s chain.
Result<int64_t> held_seq(node::Node& node, const std::string& origin);

// The receipts `origin` signed for our records (the receipts projection's documents, oldest
// first): what GET /federation/v1/receipts gives that peer back.
Result<std::vector<std::string>> receipts_from(node::Node& node, const std::string& origin);

// Records refused from peers: how many, and the newest `limit` (newest first).
struct QuarantinePage {
  int64_t total = 0;
  std::vector<store::Quarantined> items;
};
Result<QuarantinePage> quarantine_page(node::Node& node, int64_t limit);

}  // namespace liaison::federation
