#include "cli/sweep_index.h"

#include <ostream>

#include "sweep/index.h"
#include "sweep/scanner.h"

namespace liaison::cli {

namespace {

// What a saved index was built from: the lists' bytes, in order (a list edited, added,
// dropped or moved makes another digest).
uint64_t lists_digest(const std::vector<std::string>& texts) {
  std::string each;
  for (const auto& t : texts) {
    const uint64_t d = sweep::digest(t);
    each.append(reinterpret_cast<const char*>(&d), sizeof d);
  }
  return sweep::digest(each);
}

}  // namespace

Status load_sweep_index(const SweepIndexSource& src, sweep::Index& index, uint64_t& added,
                        std::ostream& err) {
  sweep::Index::FileMeta meta;
  if (src.lists.empty()) {
    if (src.index_file.empty()) return invalid_argument("give --indicators FILE", "indicators");
    LIAISON_RETURN_IF_ERROR(index.load(src.index_file, meta));
    added = index.size();
    return Status::ok();
  }
  std::vector<std::string> texts;
  for (const auto& f : src.lists) {
    LIAISON_ASSIGN_OR_RETURN(std::string t, sweep::read_list_file(f));
    texts.push_back(std::move(t));
  }
  const uint64_t source = lists_digest(texts);
  if (!src.index_file.empty()) {
    const Status st = index.load(src.index_file, meta);
    if (st.is_ok() && meta.source_digest == source) {
      added = index.size();
      return Status::ok();
    }
    err << "liaison: "
        << (st.is_ok() ? "index file " + src.index_file + " was built from other lists"
                       : st.message())
        << "; building it from the lists\n";
    index = sweep::Index{};
  }
  std::vector<sweep::ListError> errors;
  for (const auto& t : texts) sweep::parse_list(index, t, errors, added);
  for (const auto& e : errors) {
    err << "liaison: indicator list line " << e.line << ": " << e.message << "\n";
  }
  index.build();
  const std::string& save = src.save_file.empty() ? src.index_file : src.save_file;
  if (!save.empty()) LIAISON_RETURN_IF_ERROR(index.save(save, {source, ""}));
  return Status::ok();
}

}  // namespace liaison::cli
