// A second implementation of the store interface, for tests: PortableDb wraps another Db (the
// SQLite one) and looks at every SQL text given to exec / prepare / cached. A text with a
// construct outside the portable subset (store/portable_sql.h) is refused — failed_precondition
// naming the construct and the text — unless the allow-list (allowed_constructs(), listed in
// docs/ARCHITECTURE.md) names it. Schema scripts (exec_schema) pass unchecked: they are each
// store's own dialect. Every non-portable text met, allowed or refused, is recorded for the
// process, so a test can run whole nodes on this store (config [store] kind =
// "sqlite-portable-check", or LIAISON_STORE) and compare what it met with the allow-list; with
// LIAISON_TEST_PORTABLE_SQL_LOG=FILE set, each is also appended to FILE (for nodes run as
// processes). A PortableDb is used by one thread at a time, like the Db it wraps.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace liaison::store {

// A non-portable construct that may be met, in SQL text containing `fragment`, and where
// that text lives.
struct AllowedConstruct {
  std::string_view construct, fragment, where;
};
const std::vector<AllowedConstruct>& allowed_constructs();

// A text met with a construct outside the subset.
struct PortableFinding {
  std::string construct, sql;
  bool allowed = false;
  bool operator<(const PortableFinding& o) const {
    return construct != o.construct ? construct < o.construct : sql < o.sql;
  }
};
// Every finding of this process since the last clear, once each (thread-safe).
std::vector<PortableFinding> portable_findings();
void clear_portable_findings();

class PortableDb final : public Db {
 public:
  explicit PortableDb(std::unique_ptr<Db> inner) : inner_(std::move(inner)) {}

  std::string_view dialect() const override { return inner_->dialect(); }
  Status exec(std::string_view sql) override;
  Status exec_schema(std::string_view sql) override { return inner_->exec_schema(sql); }
  Result<Stmt> prepare(std::string_view sql) override;
  Result<Stmt*> cached(const std::string& sql) override;
  int64_t changes() const override { return inner_->changes(); }
  const std::string& path() const override { return inner_->path(); }
  Status begin_write() override { return inner_->begin_write(); }
  Status begin_read() override { return inner_->begin_read(); }
  Status commit() override { return inner_->commit(); }
  Status rollback() override { return inner_->rollback(); }
  Status widen_cache() override { return inner_->widen_cache(); }
  ScanScope large_scan(std::string_view table) override { return inner_->large_scan(table); }
  Result<bool> has_table(std::string_view name) override { return inner_->has_table(name); }

 private:
  // ok when `sql` keeps to the subset or is allowed; remembers the texts it passed.
  Status check(std::string_view sql);
  std::unique_ptr<Db> inner_;
  std::set<std::string, std::less<>> passed_;
};

}  // namespace liaison::store
