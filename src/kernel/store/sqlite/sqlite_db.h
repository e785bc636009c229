// The store interface (store/db.h) on SQLite: one connection (SqliteDb) and its prepared
// statements. Only this folder includes <sqlite3.h>. A SqliteDb is used by one thread at a time.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/db.h"

struct sqlite3;

namespace liaison::store {

class SqliteDb final : public Db {
 public:
  // Opens (creating if needed) with WAL, foreign keys, busy timeout and synchronous=FULL.
  static Result<std::unique_ptr<Db>> open(const std::string& path, bool read_only = false);
  ~SqliteDb() override;

  std::string_view dialect() const override { return "sqlite"; }
  Status exec(std::string_view sql) override;
  Status exec_schema(std::string_view sql) override { return exec(sql); }
  Result<Stmt> prepare(std::string_view sql) override;
  Result<Stmt*> cached(const std::string& sql) override;
  int64_t changes() const override;
  const std::string& path() const override { return path_; }
  // BEGIN IMMEDIATE (the write lock at once), BEGIN, COMMIT, ROLLBACK: parsed once.
  Status begin_write() override { return step_cached("BEGIN IMMEDIATE"); }
  Status begin_read() override { return step_cached("BEGIN"); }
  Status commit() override { return step_cached("COMMIT"); }
  Status rollback() override { return step_cached("ROLLBACK"); }
  // 64 MiB of page cache instead of the default 2 MiB.
  Status widen_cache() override;
  // Maps up to 16 GiB of the file (memory-mapped I/O) until the scope ends, and reads the
  // table's leaf pages ahead from the file (store/sqlite/prefetch.h).
  ScanScope large_scan(std::string_view table) override;
  Result<bool> has_table(std::string_view name) override;

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::map<std::string, Stmt, std::less<>> cache_;
};

}  // namespace liaison::store
