// The record-kind registry (brief §6): how the ledger learns the kinds of records there are.
// Each capability declares its kinds (a declared payload and an apply function each) and the
// projection tables its apply functions write, and the composition (src/app/) adds them to
// one registry before any node opens. The ledger dispatches through it and includes no
// capability header. Immutable after composition; then thread-safe to read.
//
//   constexpr ledger::KindSpec kKinds[] = {{"thing.publish", &kThingShape, apply_thing}};
//   constexpr std::string_view kTables[] = {"things"};
//   registry.add({.owner = "things", .kinds = kKinds, .tables = kTables});
#pragma once

#include <boost/json/fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/payload_schema.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::store {
class Db;
}

namespace liaison::ledger {

// The ledger's own kinds, registered by every registry.
inline constexpr const char* kReceipt = "receipt";  // a recipient confirms an origin's chain
// The head of this node's audit log, signed into its chain (which its peers hold as headers),
// so a removed tail of the audit log is detected (node/audit.h).
inline constexpr const char* kAuditAnchor = "audit.anchor";

// Applies a record of one kind: `payload` has passed the ledger's limits and the kind's
// declared shape. Writes only through `p`; on error the caller rolls back what it wrote.
using ApplyFn = Status (*)(const Record& r, const boost::json::object& payload, Projections& p);

// A record kind: its declared payload (nullptr: the whole payload is checked by the kind's
// typed parser, which must accept it unchanged) and the function that applies it.
struct KindSpec {
  std::string_view kind;
  const schema::Shape* shape;
  ApplyFn apply;
};

// A capability that counts another's records (the reports' figures read requests, receipts,
// sharing and hotline records) keeps its own projection of them: an observer of a kind runs
// after that kind's apply function, in the same transaction, with the same checked payload,
// and writes only its own capability's tables. A kind need not be registered before its
// observer; observers of a kind run in registration order.
struct ObserverSpec {
  std::string_view kind;
  ApplyFn apply;
};

// One step of a capability's own schema (its tables and indexes): run once per data
// directory, in a transaction, after the kernel's numbered migrations, and recorded by `name`
// ("reports/1", "reports/2", …) in table schema_steps. Steps are never edited once shipped:
// a change is a new step.
struct SchemaStep {
  std::string_view name;
  std::string_view sql;
  // The tables of the capabilities of before issue 15, which the kernel's numbered
  // migrations 1–10 made on the data directories of then: on such a directory the step is
  // recorded as run and never runs; on a directory made since, it runs like any other
  // (store::migrate, "the bridge").
  bool made_by_migrations_1_to_10 = false;
  // After the step's SQL, in its transaction: every stored record is passed again through
  // the owner's observers (in the order apply() first saw them), so a table a new observer
  // keeps covers the records stored before the step.
  bool replays_observers = false;
  // After the step's SQL (and the observers' replay), in its transaction: the owner's own
  // re-derivation of what its projections keep, for a rule that changed how a stored record
  // reads (requests/2: identifiers in today's canonical text). Writes only the owner's tables.
  Status (*after)(store::Db& db) = nullptr;
};

// What one capability registers: its kinds, the projection tables they write (which `verify`
// rebuilds and compares) and the schema steps that create its tables. Spans of static
// tables: they must outlive the registry.
struct KindSet {
  std::string_view owner;  // the capability's name, for messages
  std::span<const KindSpec> kinds;
  std::span<const std::string_view> tables;
  std::span<const SchemaStep> schema = {};
  std::span<const ObserverSpec> observers = {};
};

class RecordLog;

class KindRegistry {
 public:
  KindRegistry();  // holds the ledger's own kinds (receipt, audit.anchor) and table (receipts)

  // Adds a capability's kinds; refuses (already_exists, naming it) a kind or a table that
  // another capability registered.
  Status add(const KindSet& set);

  const KindSpec* find(std::string_view kind) const;
  bool known(std::string_view kind) const { return find(kind) != nullptr; }
  // Every projection table, in registration order.
  const std::vector<std::string_view>& tables() const { return tables_; }
  // Every capability's schema steps, in registration order.
  const std::vector<SchemaStep>& schema() const { return schema_; }
  // Who registered `table` ("" when nobody did).
  std::string_view owner_of_table(std::string_view table) const;
  // Who registered the schema step called `name` ("" when nobody did).
  std::string_view owner_of_step(std::string_view name) const;

  // Applies `r` (already verified: signature, chain) to `p`: the ledger's limits, the kind's
  // declared payload (ledger/payload_schema.h), then the kind's apply function, which
  // enforces "one writer per fact" and the kind's own rules. Unknown kinds are refused
  // naming `kind` (a peer's record is then quarantined). On error nothing has been written to
  // `p` that the caller keeps (callers roll back).
  Status apply(const Record& r, Projections& p) const;

  // Passes every record stored in `log` through the observers `owner` registered (a schema
  // step's replays_observers), writing to `log`'s projections. Records an observer does not
  // watch are skipped unread; a redacted record has nothing to observe.
  Status replay_observers(std::string_view owner, RecordLog& log) const;

 private:
  struct Entry {
    std::string_view owner;
    const KindSpec* spec;
  };
  std::vector<Entry> kinds_;
  std::vector<std::string_view> tables_;
  std::vector<std::string_view> table_owners_;
  std::vector<SchemaStep> schema_;
  std::vector<std::string_view> schema_owners_;
  struct Observer {
    std::string_view owner;
    const ObserverSpec* spec;
  };
  std::vector<Observer> observers_;
};

}  // namespace liaison::ledger
