// The store's connection interface: a Db is one connection to the node's database, a Stmt one
// prepared statement on it. SQLite implements them (store/sqlite/sqlite_db.h); a PostgreSQL
// store would be a sibling (store/postgres/) behind the same two types, so the repositories and
// services that take `store::Db&` do not change. A Db is used by one thread at a time (Pool,
// store/pool.h, hands them out). Errors are values: every call returns Status / Result.
// The SQL written through exec/prepare/cached keeps to the portable subset (store/portable_sql.h);
// schema scripts go through exec_schema in the implementation's own dialect.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace liaison::store {

// What a store implementation provides for one prepared statement. Binding is 1-based,
// columns 0-based (as in SQLite and libpq's positional parameters $1…).
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_int64(int i, int64_t v) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_null(int i) = 0;
  virtual void bind_blob(int i, std::string_view v) = 0;
  // True when a row is ready, false when done; an error Status on failure.
  virtual Result<bool> step() = 0;
  // Back to before the first step, bindings cleared.
  virtual void reset() = 0;
  // A column's text or bytes, valid until the next step() or reset().
  virtual std::string_view text_view(int col) const = 0;
  virtual std::string_view blob_view(int col) const = 0;
  virtual int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual int column_count() const = 0;
};

// A prepared statement: a value (movable, not copyable) over its implementation, so
// `Result<Stmt>` and moves work whichever store made it.
class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(std::unique_ptr<StmtImpl> impl) : impl_(std::move(impl)) {}

  // Strings and bytes are copied when bound.
  Stmt& bind(int i, std::string_view v) {
    impl_->bind_text(i, v);
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, int64_t v) {
    impl_->bind_int64(i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) {
    impl_->bind_real(i, v);
    return *this;
  }
  Stmt& bind_null(int i) {
    impl_->bind_null(i);
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view v) {
    impl_->bind_blob(i, v);
    return *this;
  }

  // Returns true when a row is ready, false when done; an error Status on failure.
  Result<bool> step() { return impl_->step(); }
  // Steps to completion (for statements with no rows of interest).
  Status run();
  // Steps to completion, the first column of every row as text.
  Result<std::vector<std::string>> texts();
  void reset() {
    if (impl_) impl_->reset();
  }

  std::string text(int col) const { return std::string(impl_->text_view(col)); }
  // The column's text without a copy, valid until the next step() or reset().
  std::string_view text_view(int col) const { return impl_->text_view(col); }
  int64_t int64(int col) const { return impl_->int64(col); }
  double real(int col) const { return impl_->real(col); }
  bool is_null(int col) const { return impl_->is_null(col); }
  int column_count() const { return impl_->column_count(); }
  std::string blob(int col) const { return std::string(impl_->blob_view(col)); }

 private:
  std::unique_ptr<StmtImpl> impl_;
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

// What Db::large_scan returns: the store keeps its settings for one large scan while this
// lives and puts its own back when it ends. Movable, not copyable.
class ScanScope {
 public:
  ScanScope() = default;
  explicit ScanScope(std::function<void()> end) : end_(std::move(end)) {}
  ScanScope(ScanScope&& o) noexcept : end_(std::exchange(o.end_, nullptr)) {}
  ScanScope& operator=(ScanScope&& o) noexcept {
    if (this != &o) {
      if (end_) end_();
      end_ = std::exchange(o.end_, nullptr);
    }
    return *this;
  }
  ScanScope(const ScanScope&) = delete;
  ScanScope& operator=(const ScanScope&) = delete;
  ~ScanScope() {
    if (end_) end_();
  }

 private:
  std::function<void()> end_;
};

class Db {
 public:
  // Opens the default store (SQLite) at `path`: what tools and tests that read a node's
  // database file use. A node opens its store through store::opener() (store/open.h).
  static Result<std::unique_ptr<Db>> open(const std::string& path, bool read_only = false);

  Db() = default;
  virtual ~Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // The implementation's name ("sqlite"): the dialect its schema scripts are written in.
  virtual std::string_view dialect() const = 0;
  // Runs SQL that returns no rows of interest (one statement of the portable subset).
  virtual Status exec(std::string_view sql) = 0;
  // Runs a schema script (migrations, a capability's schema step): several statements, in
  // this implementation's dialect.
  virtual Status exec_schema(std::string_view sql) = 0;
  virtual Result<Stmt> prepare(std::string_view sql) = 0;
  // A prepared statement kept for the connection's lifetime, reset and unbound, for hot
  // paths (the ledger's per-record statements). The reference is valid until the next
  // cached() call with the same SQL; do not hold two uses of one SQL text at once.
  virtual Result<Stmt*> cached(const std::string& sql) = 0;
  // Runs a cached statement that returns no rows.
  Status step_cached(const std::string& sql);
  // How many rows the last INSERT, UPDATE or DELETE changed.
  virtual int64_t changes() const = 0;
  virtual const std::string& path() const = 0;

  // Transactions (in_transaction and Pool use them): a write transaction takes the store's
  // write lock at once; a read transaction is a consistent snapshot.
  virtual Status begin_write() = 0;
  virtual Status begin_read() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  // A connection set apart for expensive reads (text search) may keep more in memory.
  virtual Status widen_cache() = 0;
  // A hint around one whole scan of `table` (the figures' read of their facts), for as long
  // as the scope it returns lives: the store may bring the table's pages into memory ahead
  // of it, all at once rather than one by one as the scan meets them, and read the file a
  // cheaper way while it runs. Changes nothing that can be read, and a hint that cannot be
  // followed is no error; by default it does nothing.
  [[nodiscard]] virtual ScanScope large_scan(std::string_view table) {
    (void)table;
    return {};
  }
  // Whether the database has a table named `name` (each store asks its own catalogue).
  virtual Result<bool> has_table(std::string_view name) = 0;
};

// How a store implementation opens a connection (store/open.h chooses one by name).
using Opener = std::function<Result<std::unique_ptr<Db>>(const std::string& path, bool read_only)>;

// Runs `fn` in a write transaction on `db`; rolls back when fn returns an error.
template <typename Fn>
Status in_transaction(Db& db, Fn&& fn) {
  LIAISON_RETURN_IF_ERROR(db.begin_write());
  Status st;
  try {
    st = fn();
  } catch (...) {
    (void)db.rollback();  // never leave the writer inside a transaction
    throw;
  }
  if (!st.is_ok()) {
    (void)db.rollback();
    return st;
  }
  Status c = db.commit();
  if (!c.is_ok()) (void)db.rollback();
  return c;
}

}  // namespace liaison::store
