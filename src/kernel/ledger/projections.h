// Where ledger::apply writes: a table of JSON documents keyed by id. The SQLite store
// implements it inside a write transaction; MemoryProjections lets `verify` rebuild every
// projection from the records alone and compare. Not thread-safe: one apply at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace liaison::ledger {

class Projections {
 public:
  virtual ~Projections() = default;
  virtual Result<std::optional<std::string>> get(std::string_view table, std::string_view id) = 0;
  // `last_record` is "ORIGIN:SEQ" of the record that produced this version of the document.
  virtual Status put(std::string_view table, std::string_view id, const std::string& doc,
                     const std::string& last_record) = 0;
};

struct ProjectedDoc {
  std::string doc;
  std::string last_record;
};

class MemoryProjections final : public Projections {
 public:
  using Key = std::pair<std::string, std::string>;  // table, id
  Result<std::optional<std::string>> get(std::string_view table, std::string_view id) override;
  Status put(std::string_view table, std::string_view id, const std::string& doc,
             const std::string& last_record) override;
  const std::map<Key, ProjectedDoc>& docs() const { return docs_; }

 private:
  std::map<Key, ProjectedDoc> docs_;
};

}  // namespace liaison::ledger
