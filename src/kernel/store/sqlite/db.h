// A small RAII wrapper over the SQLite C API: one connection (Db) and prepared statements
// (Stmt). A Db is used by one thread at a time; Pool (store/pool.h) hands them out.
// Errors are values: every call returns Status / Result.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace liaison::store {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  // Binding is 1-based like SQLite. Strings are copied (SQLITE_TRANSIENT).
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind_null(int i);
  Stmt& bind_blob(int i, std::string_view v);

  // Returns true when a row is ready, false when done; an error Status on failure.
  Result<bool> step();
  // Steps to completion (for statements with no rows of interest).
  Status run();
  // Steps to completion, the first column of every row as text.
  Result<std::vector<std::string>> texts();
  void reset();

  std::string text(int col) const;
  // The column's text without a copy, valid until the next step() or reset().
  std::string_view text_view(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  bool is_null(int col) const;
  int column_count() const;
  std::string blob(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

// Resets a cached statement when the scope ends, so no statement stays active: an active
// SELECT would pin the connection's read snapshot after its transaction ends.
class StmtReset {
 public:
  explicit StmtReset(Stmt& s) : s_(s) {}
  ~StmtReset() { s_.reset(); }
  StmtReset(const StmtReset&) = delete;
  StmtReset& operator=(const StmtReset&) = delete;

 private:
  Stmt& s_;
};

class Db {
 public:
  // Opens (creating if needed) with WAL, foreign keys, busy timeout and synchronous=FULL.
  static Result<std::unique_ptr<Db>> open(const std::string& path, bool read_only = false);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status exec(std::string_view sql);
  Result<Stmt> prepare(std::string_view sql);
  // A prepared statement kept for the connection's lifetime, reset and unbound, for hot
  // paths (the ledger's per-record statements). The reference is valid until the next
  // cached() call with the same SQL; do not hold two uses of one SQL text at once.
  Result<Stmt*> cached(const std::string& sql);
  // Runs a cached statement that returns no rows (BEGIN, COMMIT: parsed once, not per read).
  Status step_cached(const std::string& sql);
  int64_t changes() const;
  int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::map<std::string, Stmt, std::less<>> cache_;
};

// Runs `fn` in BEGIN IMMEDIATE … COMMIT on `db`; rolls back when fn returns an error.
template <typename Fn>
Status in_transaction(Db& db, Fn&& fn) {
  LIAISON_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  Status st;
  try {
    st = fn();
  } catch (...) {
    (void)db.exec("ROLLBACK");  // never leave the writer inside a transaction
    throw;
  }
  if (!st.is_ok()) {
    (void)db.exec("ROLLBACK");
    return st;
  }
  Status c = db.exec("COMMIT");
  if (!c.is_ok()) (void)db.exec("ROLLBACK");
  return c;
}

}  // namespace liaison::store
