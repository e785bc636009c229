#include "ledger/projections.h"

namespace liaison::ledger {

Result<std::optional<std::string>> MemoryProjections::get(std::string_view table,
                                                          std::string_view id) {
  auto it = docs_.find(Key(table, id));
  if (it == docs_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second.doc);
}

Status MemoryProjections::put(std::string_view table, std::string_view id, const std::string& doc,
                              const std::string& last_record) {
  docs_[Key(table, id)] = ProjectedDoc{doc, last_record};
  return Status::ok();
}

}  // namespace liaison::ledger
