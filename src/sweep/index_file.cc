// The saved form of an Index, so that a sweep does not rebuild a million-indicator index
// (0.3–0.5 s) every time it starts. The file holds the built tables as they lie in memory;
// loading maps it, checks it whole (the header, one XXH3 digest of the payload, every section's
// bounds, then the tables' structure) and uses the tables where they lie: about 40 MB for
// 1.1M IPv4 indicators, ready in a few milliseconds.
//
// Layout (little-endian, as the machine that wrote it; the version names the layout):
//   header, 64 bytes: magic "LSWEEPIX", u32 version, u32 header size (64), u64 indicator
//     count, u64 payload bytes, u64 payload digest, u64 source digest, u64 0, u64 digest of
//     the 56 bytes before it (digests: XXH3-64);
//   payload: sections in a fixed order, each a 32-byte head (u32 tag, u32 element size,
//     u64 element count, 16 zero bytes) and its elements, zero-padded to 32 bytes, so every
//     table starts 32-byte aligned in the (page-aligned) mapping.
// A file is used only when all of that holds and the tables pass check_loaded(): a file cut
// short, flipped, of another version or crafted is refused with failed_precondition, never
// half used, and the caller builds the index afresh. The digest is not a signature: a crafted
// file can carry a right one, so nothing a lookup relies on (offsets, counts, ids, sizes) is
// taken from the file unchecked.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "sweep/index.h"

// Header-only, inlined here (the library's SSE2 path: as fast as AVX2 on a file read from
// memory, about 20 GB/s here, which bounds both).
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace liaison::sweep {

namespace {

constexpr char kMagic[8] = {'L', 'S', 'W', 'E', 'E', 'P', 'I', 'X'};
constexpr uint32_t kVersion = 2;  // 1: read into fresh tables, a digest of our own
constexpr size_t kHeaderBytes = 64;
constexpr size_t kAlign = 32;

struct SectionHead {
  uint32_t tag;
  uint32_t elem;
  uint64_t count;
  uint64_t zero[2];
};
static_assert(sizeof(SectionHead) == kAlign);

size_t padded(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class Vec>
  void section(uint32_t tag, const Vec& v) {
    using T = typename Vec::value_type;
    raw(tag, sizeof(T), v.size(), reinterpret_cast<const char*>(v.data()));
  }
  void raw(uint32_t tag, uint32_t elem, uint64_t count, const char* data) {
    const SectionHead head{tag, elem, count, {0, 0}};
    out_.append(reinterpret_cast<const char*>(&head), sizeof head);
    const size_t n = static_cast<size_t>(count) * elem;
    out_.append(data, n);
    out_.append(padded(n) - n, '\0');
  }

 private:
  std::string& out_;
};

// The sections of a mapped file, in order: each table is pointed at where it lies, the few
// small ones are copied out. Every count and offset is checked against the file's end.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}
  template <class T>
  Status section(uint32_t tag, Table<T>& t) {
    const char* p = nullptr;
    size_t n = 0;
    LIAISON_RETURN_IF_ERROR(next(tag, sizeof(T), p, n));
    t.view(reinterpret_cast<const T*>(p), n);  // 32-byte aligned: see the layout
    return Status::ok();
  }
  template <class T>
  Status section(uint32_t tag, std::vector<T>& v) {
    const char* p = nullptr;
    size_t n = 0;
    LIAISON_RETURN_IF_ERROR(next(tag, sizeof(T), p, n));
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), p, n * sizeof(T));
    return Status::ok();
  }
  Status section(uint32_t tag, std::string& s) {
    const char* p = nullptr;
    size_t n = 0;
    LIAISON_RETURN_IF_ERROR(next(tag, 1, p, n));
    s.assign(p, n);
    return Status::ok();
  }
  size_t offset() const { return offset_; }

 private:
  Status next(uint32_t tag, uint32_t elem, const char*& p, size_t& count) {
    SectionHead head{};
    if (file_.size() - offset_ < sizeof head) {
      return failed_precondition("index file is cut short", "index");
    }
    std::memcpy(&head, file_.data() + offset_, sizeof head);
    offset_ += sizeof head;
    if (head.tag != tag || head.elem != elem || head.zero[0] != 0 || head.zero[1] != 0) {
      return failed_precondition("index file: section " + std::to_string(tag) + " is malformed",
                                 "index");
    }
    const size_t left = file_.size() - offset_;  // a multiple of 32 (checked by the caller)
    if (head.count > left / elem) {
      return failed_precondition(
          "index file: section " + std::to_string(tag) + " runs past its end", "index");
    }
    count = static_cast<size_t>(head.count);
    p = file_.data() + offset_;
    offset_ += padded(count * elem);
    return Status::ok();
  }
  std::string_view file_;
  size_t offset_ = kHeaderBytes;
};

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_bytes;
  uint64_t indicators;
  uint64_t payload_bytes;
  uint64_t payload_digest;
  uint64_t source_digest;
  uint64_t zero;
  uint64_t header_digest;
};
static_assert(sizeof(Header) == kHeaderBytes);

uint64_t header_digest(const Header& h) { return XXH3_64bits(&h, offsetof(Header, header_digest)); }

enum Tag : uint32_t {
  kKinds = 1,
  kTextEnd,
  kText,
  kV4Bits,
  kShortLengths,
  kLongLengths,
  kV6Lengths,
  kByLen0 = 8,  // … kByLen0 + 32
  kV6Slots = 41,
  kV6Filter,
  kStrSlots,
  kStrFilter,
  kExtra
};

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

uint64_t digest(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

Status Index::save(const std::string& path, const FileMeta& meta) const {
  std::string payload;
  size_t total = meta.extra.size() + 64 * kAlign;
  for (const auto& t : by_len_) total += t.slots.size() * sizeof(U32Table::Slot);
  total += memory_bytes();
  payload.reserve(total);
  Writer w(payload);
  w.section(kKinds, kinds_);
  w.section(kTextEnd, text_end_);
  w.section(kText, text_);
  w.section(kV4Bits, v4_bits_);
  w.section(kShortLengths, short_lengths_);
  w.section(kLongLengths, long_lengths_);
  w.section(kV6Lengths, v6_lengths_);
  for (uint32_t len = 0; len <= 32; ++len) w.section(kByLen0 + len, by_len_[len].slots);
  w.section(kV6Slots, v6_.slots);
  w.section(kV6Filter, v6_.filter);
  w.section(kStrSlots, strings_.slots);
  w.section(kStrFilter, strings_.filter);
  w.raw(kExtra, 1, meta.extra.size(), meta.extra.data());
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.header_bytes = kHeaderBytes;
  h.indicators = size();
  h.payload_bytes = payload.size();
  h.payload_digest = digest(payload);
  h.source_digest = meta.source_digest;
  h.header_digest = header_digest(h);
  // A temporary file renamed over the old one: a sweep starting meanwhile maps either the
  // old index or the new one, never a half-written file. Not fsynced: a file left cut short
  // or garbled by a crash fails its checksum and is rebuilt.
  static std::atomic<uint64_t> serial{0};
  const std::string tmp =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(serial.fetch_add(1));
  Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
  if (out.fd < 0) {
    return unavailable("cannot write index file " + tmp + ": " + std::strerror(errno));
  }
  for (std::string_view part :
       {std::string_view(reinterpret_cast<const char*>(&h), sizeof h), std::string_view(payload)}) {
    while (!part.empty()) {
      const ssize_t n = ::write(out.fd, part.data(), part.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return unavailable("cannot write index file " + tmp + ": " + why);
      }
      part.remove_prefix(static_cast<size_t>(n));
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return unavailable("cannot replace index file " + path + ": " + why);
  }
  return Status::ok();
}

namespace {

Status malformed(const std::string& what) {
  return failed_precondition("index file: " + what, "index");
}

// An open-addressing table as loaded: a power of two of slots (none, or at least 16) with
// every id a valid one and at least one slot empty (a full table would never end a probe).
// Branch-free, so that it runs at the speed memory delivers the table.
template <class Slot>
Status check_slots(const Table<Slot>& slots, size_t ids, const char* name) {
  if (slots.empty()) return Status::ok();
  if (slots.size() < 16 || !std::has_single_bit(slots.size())) {
    return malformed(std::string(name) + " has a size that is not a power of two");
  }
  const auto limit = static_cast<uint32_t>(ids);  // ids <= INT32_MAX (checked before)
  uint64_t empty = 0;
  uint32_t bad = 0;
  for (const Slot& s : slots) {
    const auto id = static_cast<uint32_t>(s.id);  // -1 (empty) is 0xffffffff
    empty += id == 0xffffffffu;
    bad |= static_cast<uint32_t>(id + 1u > limit);  // -1 → 0; a valid id → 1..limit
  }
  if (bad != 0) return malformed(std::string(name) + " names an indicator that is not there");
  if (empty == 0) return malformed(std::string(name) + " has no empty slot");
  return Status::ok();
}

}  // namespace

// What load() read is checked as thoroughly as lookups need (sizes, ids, lengths): a
// lookup then never reads out of its tables. The masks, shifts and the set of types are
// derived from what was read, not read themselves.
Status Index::check_loaded() {
  const size_t n = kinds_.size();
  if (text_end_.size() != n) return malformed("the texts and the types disagree in number");
  if (n > INT32_MAX || text_.size() > UINT32_MAX) return malformed("too many indicators");
  uint8_t top = 0;
  for (uint8_t k : kinds_) top = std::max(top, k);
  if (top > static_cast<uint8_t>(IndicatorType::kHash)) return malformed("unknown type");
  types_ = 0;
  for (int t = 0; t <= static_cast<int>(IndicatorType::kHash); ++t) {
    if (n > 0 && std::memchr(kinds_.data(), t, n) != nullptr) types_ |= 1u << t;
  }
  uint32_t back = 0;
  for (size_t i = 1; i < n; ++i) back |= static_cast<uint32_t>(text_end_[i] < text_end_[i - 1]);
  if (back != 0) return malformed("text offsets go backwards");
  if ((n == 0 ? 0 : text_end_[n - 1]) != text_.size()) {
    return malformed("text offsets and text disagree");
  }
  const size_t v4_words = (size_t{1} << 24) / 64 * 2;
  if (v4_bits_.size() != (has_type(IndicatorType::kIpv4) ? v4_words : 0)) {
    return malformed("the IPv4 bitmap has the wrong size");
  }
  for (auto& t : by_len_) {
    LIAISON_RETURN_IF_ERROR(check_slots(t.slots, n, "an IPv4 table"));
    t.mask = t.slots.empty() ? 0 : static_cast<uint32_t>(t.slots.size() - 1);
    t.shift = t.slots.empty() ? 63 : 64 - std::countr_zero(t.slots.size());
  }
  // Longest first, each once (as build() leaves them): a lookup tries each, so a crafted
  // list of a million would make every lookup a million probes.
  const auto lengths_ok = [&](const std::vector<int>& lengths, int lo, int hi) {
    int prev = hi + 1;
    for (int len : lengths) {
      if (len < lo || len >= prev) return false;
      if (hi <= 32 && by_len_[static_cast<size_t>(len)].slots.empty()) return false;
      prev = len;
    }
    return true;
  };
  if (!lengths_ok(short_lengths_, 0, 24) || !lengths_ok(long_lengths_, 25, 32) ||
      !lengths_ok(v6_lengths_, 0, 128)) {
    return malformed("a prefix length is out of range, repeated or has no table");
  }
  for (StrTable* t : {&v6_, &strings_}) {
    LIAISON_RETURN_IF_ERROR(check_slots(t->slots, n, "a hash table"));
    if (t->slots.empty() != t->filter.empty() ||
        (!t->filter.empty() &&
         (t->filter.size() < 1024 || !std::has_single_bit(t->filter.size())))) {
      return malformed("a filter has the wrong size");
    }
    t->mask = t->slots.empty() ? 0 : t->slots.size() - 1;
    t->filter_mask = t->filter.empty() ? 0 : t->filter.size() * 64 - 1;
  }
  return Status::ok();
}

Status Index::load(const std::string& path, FileMeta& meta) {
  Result<MappedFile> mapped = MappedFile::open(path);
  if (!mapped.is_ok()) {
    const StatusCode code = mapped.status().code();
    if (code == StatusCode::kNotFound) return no_such("index file", path, "index");
    if (code == StatusCode::kFailedPrecondition) {
      return failed_precondition("index file " + path + " is not a regular file", "index");
    }
    return mapped.status();
  }
  MappedFile file = std::move(mapped).value();
  const std::string_view bytes = file.bytes();
  Header h{};
  if (bytes.size() < sizeof h) return failed_precondition("index file is cut short", "index");
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) {
    return failed_precondition("not a liaison index file", "index");
  }
  if (h.version != kVersion || h.header_bytes != kHeaderBytes) {
    return failed_precondition("index file of version " + std::to_string(h.version) +
                                   ", this liaison reads version " + std::to_string(kVersion),
                               "index");
  }
  if (header_digest(h) != h.header_digest) {
    return failed_precondition("index file header checksum does not match", "index");
  }
  if (h.payload_bytes != bytes.size() - kHeaderBytes || h.payload_bytes % kAlign != 0) {
    return failed_precondition("index file is cut short or has bytes past its end", "index");
  }
  if (digest(bytes.substr(kHeaderBytes)) != h.payload_digest) {
    return failed_precondition("index file checksum does not match", "index");
  }
  Index fresh;  // filled completely before it replaces this one
  Reader r(bytes);
  LIAISON_RETURN_IF_ERROR(r.section(kKinds, fresh.kinds_));
  LIAISON_RETURN_IF_ERROR(r.section(kTextEnd, fresh.text_end_));
  LIAISON_RETURN_IF_ERROR(r.section(kText, fresh.text_));
  LIAISON_RETURN_IF_ERROR(r.section(kV4Bits, fresh.v4_bits_));
  LIAISON_RETURN_IF_ERROR(r.section(kShortLengths, fresh.short_lengths_));
  LIAISON_RETURN_IF_ERROR(r.section(kLongLengths, fresh.long_lengths_));
  LIAISON_RETURN_IF_ERROR(r.section(kV6Lengths, fresh.v6_lengths_));
  for (uint32_t len = 0; len <= 32; ++len) {
    LIAISON_RETURN_IF_ERROR(r.section(kByLen0 + len, fresh.by_len_[len].slots));
  }
  LIAISON_RETURN_IF_ERROR(r.section(kV6Slots, fresh.v6_.slots));
  LIAISON_RETURN_IF_ERROR(r.section(kV6Filter, fresh.v6_.filter));
  LIAISON_RETURN_IF_ERROR(r.section(kStrSlots, fresh.strings_.slots));
  LIAISON_RETURN_IF_ERROR(r.section(kStrFilter, fresh.strings_.filter));
  std::string extra;
  LIAISON_RETURN_IF_ERROR(r.section(kExtra, extra));
  if (r.offset() != bytes.size()) {
    return failed_precondition("index file has bytes past its end", "index");
  }
  if (fresh.size() != h.indicators) {
    return failed_precondition("index file indicator count does not match", "index");
  }
  LIAISON_RETURN_IF_ERROR(fresh.check_loaded());
  fresh.file_ = std::move(file);  // (the mapping does not move: the tables still point into it)
  *this = std::move(fresh);
  meta.source_digest = h.source_digest;
  meta.extra = std::move(extra);
  return Status::ok();
}

}  // namespace liaison::sweep
