#include "cli/sweep_index.h"

#include <optional>
#include <ostream>

#include "sweep/index.h"
#include "sweep/mapped_file.h"
#include "sweep/scanner.h"

namespace liaison::cli {

namespace {

// A list's bytes: a regular file mapped (digested, and parsed when the index is built, where
// it lies: reading 15 MB into fresh memory cost ten times the digest), anything else read.
struct ListBytes {
  std::optional<sweep::MappedFile> mapped;
  std::string read;
  std::string_view view() const { return mapped ? mapped->bytes() : std::string_view(read); }
};

Result<ListBytes> open_list(const std::string& path) {
  ListBytes b;
  if (Result<sweep::MappedFile> m = sweep::MappedFile::open(path); m.is_ok()) {
    b.mapped = std::move(m).value();
    return b;
  }
  LIAISON_ASSIGN_OR_RETURN(b.read, sweep::read_list_file(path));  // names the error
  return b;
}

// What a saved index was built from: the lists' bytes, in order (a list edited, added,
// dropped or moved makes another digest). All of them, every time: about 1 ms for 15 MB.
uint64_t lists_digest(const std::vector<ListBytes>& texts) {
  std::string each;
  for (const auto& t : texts) {
    const uint64_t d = sweep::digest(t.view());
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
  std::vector<ListBytes> texts;
  for (const auto& f : src.lists) {
    LIAISON_ASSIGN_OR_RETURN(ListBytes t, open_list(f));
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
  for (const auto& t : texts) sweep::parse_list(index, t.view(), errors, added);
  for (const auto& e : errors) {
    err << "liaison: indicator list line " << e.line << ": " << e.message << "\n";
  }
  index.build();
  const std::string& save = src.save_file.empty() ? src.index_file : src.save_file;
  if (!save.empty()) LIAISON_RETURN_IF_ERROR(index.save(save, {source, ""}));
  return Status::ok();
}

}  // namespace liaison::cli
