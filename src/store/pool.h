// A pool of SQLite connections to one database file: one writer at a time (SQLite allows
// only one), several readers beside it (WAL). Thread-safe. Migrations run in open().
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sqlite/db.h"

namespace liaison::store {

class Pool {
 public:
  // Opens `path`, applies pending migrations (store/migrations.cc) and prepares `readers`
  // reader connections.
  static Result<std::unique_ptr<Pool>> open(const std::string& path, int readers = 4);

  // Runs fn inside BEGIN IMMEDIATE … COMMIT on the writer connection; rolls back on error.
  // The commit is durable (synchronous=FULL) when write() returns ok.
  Status write(const std::function<Status(Db&)>& fn);
  // Runs fn on a reader connection inside a read transaction (a consistent snapshot).
  Status read(const std::function<Status(Db&)>& fn);

  const std::string& path() const { return path_; }
  // Called (outside the write lock) after every successful write transaction; set once
  // before concurrent use. `liaison serve` uses it to push new records at once.
  void set_after_commit(std::function<void()> fn) { after_commit_ = std::move(fn); }

 private:
  std::function<void()> after_commit_;
  explicit Pool(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<Db> writer_;
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<Db>> readers_;
};

// Applies the numbered migrations that `db` has not seen yet. Idempotent.
Status migrate(Db& db);
// The highest migration number this build knows.
int latest_migration();

}  // namespace liaison::store
