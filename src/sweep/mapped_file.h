// A regular file mapped read-only, whole, for as long as the object lives: the saved sweep
// index is used in place, and indicator lists are digested and parsed where they lie, instead
// of being copied into fresh memory first (which cost more than reading them). Move-only;
// bytes() may be read from any thread.
//
// The mapping is private and read-only. A file replaced by rename (as Index::save and the
// node replace theirs) leaves the mapping on the old file; a file truncated in place under a
// reader would make a read past its new end fault (SIGBUS), which is why the index's writers
// never write in place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison::sweep {

class MappedFile {
 public:
  // not_found without the file; failed_precondition when it is not a regular file (a pipe:
  // the caller reads it instead); unavailable when it cannot be mapped.
  static Result<MappedFile> open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
  void release();
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace liaison::sweep
