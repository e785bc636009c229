#include "store/portable_db.h"

#include <cstdlib>
#include <fstream>
#include <mutex>

#include "store/portable_sql.h"

namespace liaison::store {

namespace {

struct Findings {
  std::mutex mu;
  std::set<PortableFinding> seen;
};

Findings& findings() {
  static Findings* f = new Findings;  // never destroyed: nodes may close after main returns
  return *f;
}

void record(const PortableFinding& f) {
  Findings& all = findings();
  std::lock_guard lock(all.mu);
  if (!all.seen.insert(f).second) return;
  if (const char* log = std::getenv("LIAISON_TEST_PORTABLE_SQL_LOG"); log != nullptr && *log) {
    std::ofstream out(log, std::ios::app);
    out << (f.allowed ? "allowed " : "REFUSED ") << f.construct << "\t" << f.sql << "\n";
  }
}

bool allowed(std::string_view construct, std::string_view sql) {
  for (const AllowedConstruct& a : allowed_constructs()) {
    if (a.construct == construct && sql.find(a.fragment) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

const std::vector<AllowedConstruct>& allowed_constructs() {
  // What a PostgreSQL store would do instead is in docs/ARCHITECTURE.md ("The store seam").
  static const std::vector<AllowedConstruct> kAllowed = {
      // Text search on SQLite's FTS5 trigram index (search_text, made by requests' schema step):
      // the index's sample and text_candidates_sql(), which the register's search prepares.
      {"MATCH/GLOB/REGEXP", "search_text MATCH ?", "store/text_search.cc"},
      {"rowid", "search_text", "store/text_search.cc"},
  };
  return kAllowed;
}

std::vector<PortableFinding> portable_findings() {
  Findings& all = findings();
  std::lock_guard lock(all.mu);
  return {all.seen.begin(), all.seen.end()};
}

void clear_portable_findings() {
  Findings& all = findings();
  std::lock_guard lock(all.mu);
  all.seen.clear();
}

Status PortableDb::check(std::string_view sql) {
  if (passed_.find(sql) != passed_.end()) return Status::ok();
  std::string refused;
  for (const std::string& c : non_portable_constructs(sql)) {
    const bool ok = allowed(c, sql);
    record({c, std::string(sql), ok});
    if (!ok) refused += (refused.empty() ? "" : ", ") + c;
  }
  if (!refused.empty()) {
    return failed_precondition("SQL outside the portable subset (" + refused +
                               "): " + std::string(sql));
  }
  passed_.emplace(sql);
  return Status::ok();
}

Status PortableDb::exec(std::string_view sql) {
  LIAISON_RETURN_IF_ERROR(check(sql));
  return inner_->exec(sql);
}

Result<Stmt> PortableDb::prepare(std::string_view sql) {
  LIAISON_RETURN_IF_ERROR(check(sql));
  return inner_->prepare(sql);
}

Result<Stmt*> PortableDb::cached(const std::string& sql) {
  LIAISON_RETURN_IF_ERROR(check(sql));
  return inner_->cached(sql);
}

}  // namespace liaison::store
