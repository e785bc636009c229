// A pool of connections to the node's store (store/db.h; SQLite by default, store/open.h): one
// writer at a time (SQLite allows only one), several readers beside it (WAL), and a few
// connections set apart for expensive reads such as text search. Thread-safe. Migrations run
// in open().
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

// One capability schema step as the store runs it (ledger::SchemaStep).
struct SchemaStepSql {
  std::string_view name, sql;
  bool made_by_migrations_1_to_10 = false;
  // Runs after the step's SQL, in its transaction (a step that fills a new table from the
  // records already stored); empty for most steps.
  std::function<Status(Db&)> after = {};
};

class Pool {
 public:
  // A capability's schema steps; see apply_schema_steps below.
  using SchemaSteps = std::vector<SchemaStepSql>;
  // Opens `path`, applies pending migrations (store/migrations.cc), then the capabilities'
  // schema steps it has not run, and prepares `readers` reader connections.
  static Result<std::unique_ptr<Pool>> open(const std::string& path, const SchemaSteps& schema = {},
                                            int readers = 4);
  // The same on the store `open_db` opens (store::opener(kind)).
  static Result<std::unique_ptr<Pool>> open(Opener open_db, const std::string& path,
                                            const SchemaSteps& schema, int readers = 4);

  // Runs fn inside BEGIN IMMEDIATE … COMMIT on the writer connection; rolls back on error.
  // The commit is durable (SQLite: synchronous=FULL) when write() returns ok.
  Status write(const std::function<Status(Db&)>& fn);
  // Runs fn on a reader connection inside a read transaction (a consistent snapshot).
  Status read(const std::function<Status(Db&)>& fn);
  // Runs fn like read(), but on one of the connections set apart for expensive reads (text
  // search), never on a reader, and never waits: when all `apart_slots` are busy it returns
  // resource_exhausted at once. So a flood of such reads can neither take the readers that
  // other requests need nor park more than `apart_slots` of the server's threads (a handler
  // that waited here would hold its I/O thread while it waited). Connections open on first use.
  Status try_read_apart(const std::function<Status(Db&)>& fn);
  // How many apart reads may run at once (default 1; `liaison serve` sets as many as the
  // threads it runs searches on, besides its I/O threads). Set before concurrent use.
  void set_apart_slots(int n) { apart_slots_ = n < 1 ? 1 : n; }

  const std::string& path() const { return path_; }
  int reader_count() const { return reader_count_; }
  // Called (outside the write lock) after every successful write transaction; set once
  // before concurrent use. `liaison serve` uses it to push new records at once.
  void set_after_commit(std::function<void()> fn) { after_commit_ = std::move(fn); }

 private:
  std::function<void()> after_commit_;
  Pool(Opener open_db, std::string path) : open_db_(std::move(open_db)), path_(std::move(path)) {}
  Opener open_db_;
  std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<Db> writer_;
  int reader_count_ = 0;
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<Db>> readers_;
  std::mutex apart_mu_;
  std::vector<std::unique_ptr<Db>> apart_idle_;
  int apart_busy_ = 0;
  int apart_slots_ = 1;
};

// Applies the kernel's numbered migrations that `db` has not seen yet. Idempotent.
// An empty database gets the kernel's own tables as migrations 1–10 left them (the baseline,
// marked in `meta` as schema_base = 10) and then the migrations after 10; the capabilities'
// tables come from their schema steps. A database made before (by migrations 1–10, which
// also made the tables of requests, sharing, the hotline and the directory) is brought to 10
// by those migrations, kept as they shipped, and then the same way.
Status migrate(Db& db);
// The highest migration number this build knows.
int latest_migration();
// Runs one migration (and records it) whatever was applied before: for tests that undo one.
// Migrations 1–10 are the ones that shipped (capability tables included).
Status apply_migration(Db& db, int version);
// A capability's schema steps (ledger::KindRegistry::schema()): runs each step that `db` has
// not run yet, each in its own transaction with its record in table schema_steps, in the
// order given. On a database made by migrations 1–10 (no schema_base in `meta`), a step
// marked made_by_migrations_1_to_10 is recorded without running: its tables are there.
// Idempotent.
Status apply_schema_steps(Db& db, const std::vector<SchemaStepSql>& steps);

}  // namespace liaison::store
