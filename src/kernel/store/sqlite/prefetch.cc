// The b-tree walk of prefetch.h, on SQLite's file format (https://sqlite.org/fileformat2.html,
// "B-tree Pages"): a page's header is at its start (after the 100-byte file header on page 1);
// byte 0 is its type (2 interior index, 5 interior table, 10 leaf index, 13 leaf table),
// bytes 3-4 its cell count and, on interior pages, bytes 8-11 the right-most child; the cell
// pointer array follows the header (12 bytes on interior pages), each cell starting with its
// left child's page number. Every b-tree's leaves are at one depth.
#include "store/sqlite/prefetch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <vector>

namespace liaison::store {

namespace {

uint32_t be16(const unsigned char* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

bool interior(unsigned char type) { return type == 2 || type == 5; }
bool leaf(unsigned char type) { return type == 10 || type == 13; }

// The database file's descriptor, opened once per path and never closed: closing any
// descriptor of a file drops every POSIX lock this process holds on it (fcntl semantics),
// SQLite's own included, which would let another process checkpoint under a reader.
int kept_descriptor(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, int>* kept = new std::map<std::string, int>();  // never freed
  std::lock_guard lock(mutex);
  auto it = kept->find(path);
  if (it != kept->end()) return it->second;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) kept->emplace(path, fd);
  return fd;
}

class File {
 public:
  explicit File(const std::string& path) : fd_(kept_descriptor(path)) {}

  // The page size and page count from the file's header and size; false when it is not a
  // database file this walk can read.
  bool open() {
    unsigned char header[100];
    struct stat st;
    if (fd_ < 0 || ::pread(fd_, header, sizeof header, 0) != sizeof header || ::fstat(fd_, &st))
      return false;
    page_size_ = be16(header + 16) == 1 ? 65536 : be16(header + 16);
    if (page_size_ < 512 || (page_size_ & (page_size_ - 1)) != 0) return false;
    pages_ = static_cast<uint64_t>(st.st_size) / page_size_;
    page_.resize(page_size_);
    return true;
  }
  // Page `n`'s b-tree header (null when `n` is not a page of the file or cannot be read).
  const unsigned char* read(uint32_t n) {
    if (n < 1 || n > pages_) return nullptr;
    const off_t at = static_cast<off_t>(n - 1) * page_size_;
    if (::pread(fd_, page_.data(), page_size_, at) != static_cast<ssize_t>(page_size_))
      return nullptr;
    return page_.data() + (n == 1 ? 100 : 0);
  }
  // The children of the interior page last read (its header `h`), appended to `out`.
  void children(const unsigned char* h, std::vector<uint32_t>& out) const {
    const size_t cells = be16(h + 3);
    const size_t array = static_cast<size_t>(h - page_.data()) + 12;
    if (array + 2 * cells > page_size_) return;
    for (size_t i = 0; i < cells; ++i) {
      const size_t cell = be16(page_.data() + array + 2 * i);
      if (cell + 4 <= page_size_) out.push_back(be32(page_.data() + cell));
    }
    out.push_back(be32(h + 8));
  }
  // Asks the kernel to read pages [first, first + count) ahead.
  void will_need(uint32_t first, uint32_t count) const {
    ::posix_fadvise(fd_, static_cast<off_t>(first - 1) * page_size_,
                    static_cast<off_t>(count) * page_size_, POSIX_FADV_WILLNEED);
  }
  uint64_t pages() const { return pages_; }

 private:
  int fd_;
  uint32_t page_size_ = 0;
  uint64_t pages_ = 0;
  std::vector<unsigned char> page_;
};

}  // namespace

int64_t prefetch_btree(const std::string& path, uint32_t root) {
  File file(path);
  if (!file.open()) return 0;
  std::vector<uint32_t> level{root}, leaves;
  // Level by level: the interior pages are read (a few hundred for a table of 100 MB); when
  // the first page below a level is a leaf, that whole level below is the leaves.
  for (int depth = 0; depth < 32 && leaves.empty() && !level.empty(); ++depth) {
    std::vector<uint32_t> below;
    for (uint32_t n : level) {
      const unsigned char* h = file.read(n);
      if (h && interior(h[0])) file.children(h, below);
      if (below.size() > file.pages()) return 0;  // not a b-tree: a cycle or garbage
    }
    if (below.empty()) break;
    const unsigned char* first = file.read(below.front());
    if (!first) break;
    if (leaf(first[0])) leaves = std::move(below);
    level = std::move(below);  // (empty once moved to leaves)
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  for (size_t i = 0; i < leaves.size();) {
    size_t j = i + 1;
    while (j < leaves.size() && leaves[j] == leaves[j - 1] + 1) ++j;
    file.will_need(leaves[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  return static_cast<int64_t>(leaves.size());
}

}  // namespace liaison::store
