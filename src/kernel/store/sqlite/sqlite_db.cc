#include "store/sqlite/sqlite_db.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <optional>
#include <string>

#include "store/sqlite/prefetch.h"

namespace liaison::store {

namespace {
Status sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) {
    return Status(StatusCode::kAlreadyExists, msg);
  }
  if ((rc & 0xff) == SQLITE_BUSY) return Status(StatusCode::kUnavailable, msg);
  return Status(StatusCode::kInternal, msg);
}

// A prepared statement on a SQLite connection.
class SqliteStmt final : public StmtImpl {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  ~SqliteStmt() override { sqlite3_finalize(s_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  void bind_text(int i, std::string_view v) override {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind_int64(int i, int64_t v) override { sqlite3_bind_int64(s_, i, v); }
  void bind_real(int i, double v) override { sqlite3_bind_double(s_, i, v); }
  void bind_null(int i) override { sqlite3_bind_null(s_, i); }
  void bind_blob(int i, std::string_view v) override {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  Result<bool> step() override {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "step");
  }
  void reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string_view text_view(int col) const override {
    const unsigned char* p = sqlite3_column_text(s_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s_, col))};
  }
  std::string_view blob_view(int col) const override {
    const void* p = sqlite3_column_blob(s_, col);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s_, col))};
  }
  int64_t int64(int col) const override { return sqlite3_column_int64(s_, col); }
  double real(int col) const override { return sqlite3_column_double(s_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  int column_count() const override { return sqlite3_column_count(s_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

}  // namespace

Result<std::unique_ptr<Db>> SqliteDb::open(const std::string& path, bool read_only) {
  // Once, before SQLite initialises (its first connection): no memory statistics. Keeping
  // them takes a global mutex for every allocation of every connection, which the server's
  // threads then contend for; nothing here reads them (sqlite3_memory_used, soft heap limits).
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  sqlite3* raw = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = sqlite_error(raw, rc, "open " + path);
    sqlite3_close(raw);
    return st;
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  sqlite3_busy_timeout(raw, 10000);
  sqlite3_extended_result_codes(raw, 1);
  // WAL lets readers run beside the single writer; synchronous=FULL makes every commit durable
  // before it returns, so nothing acknowledged is lost under kill -9 or power loss.
  LIAISON_RETURN_IF_ERROR(db->exec("PRAGMA foreign_keys=ON"));
  if (!read_only) {
    LIAISON_RETURN_IF_ERROR(db->exec("PRAGMA journal_mode=WAL"));
  }
  LIAISON_RETURN_IF_ERROR(db->exec("PRAGMA synchronous=FULL"));
  return std::unique_ptr<Db>(std::move(db));
}

SqliteDb::~SqliteDb() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close_v2(db_);
}

Status SqliteDb::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return sqlite_error(nullptr, rc, msg);
  }
  return Status::ok();
}

Result<Stmt> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
  return Stmt(std::make_unique<SqliteStmt>(db_, s));
}

Result<Stmt*> SqliteDb::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    LIAISON_ASSIGN_OR_RETURN(Stmt st, prepare(sql));
    it = cache_.emplace(sql, std::move(st)).first;
  }
  it->second.reset();
  return &it->second;
}

Status SqliteDb::widen_cache() { return exec("PRAGMA cache_size = -65536"); }

ScanScope SqliteDb::large_scan(std::string_view table) {
  // Mapping the file spares a copy of every page the scan reads (SQLite falls back to reads
  // where it cannot map, and caps the size at the SQLITE_MAX_MMAP_SIZE it was built with).
  // The connection is the pool's and lives on, so its own setting comes back when the scope
  // ends, whatever the scan's outcome.
  ScanScope scope;
  std::optional<int64_t> before;
  if (auto was = prepare("PRAGMA mmap_size"); was.is_ok()) {
    if (auto row = was->step(); row.is_ok()) before = *row ? was->int64(0) : 0;
  }
  if (before && exec("PRAGMA mmap_size = 17179869184").is_ok()) {
    scope = ScanScope(
        [this, size = *before] { (void)exec("PRAGMA mmap_size = " + std::to_string(size)); });
  }
  // The rows are read whole, so their pages are asked for at once first: on a file as ingest
  // left it they lie scattered over it, and a cold scan would wait on each in turn.
  auto q = prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!q.is_ok()) return scope;
  q->bind(1, table);
  auto row = q->step();
  if (!row.is_ok() || !*row || q->int64(0) <= 0) return scope;
  const auto root = static_cast<uint32_t>(q->int64(0));
  const int64_t leaves = prefetch_btree(path_, root);
  spdlog::debug("prefetch of {}: {} leaf pages asked for", table, leaves);
  return scope;
}

Result<bool> SqliteDb::has_table(std::string_view name) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"));
  q.bind(1, name);
  return q.step();
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }

}  // namespace liaison::store
