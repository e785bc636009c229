// The saved form of an Index, so that a sweep does not rebuild a million-indicator index
// (0.3–0.5 s) every time it starts. The file holds the built tables as they lie in memory,
// each read straight back into its table with pread in chunks that are checksummed while
// they are still in the cache: loading is a copy out of the page cache, about 40 MB for
// 1.1M IPv4 indicators.
//
// Layout (little-endian, as the machine that wrote it; the version names the layout):
//   header, 64 bytes: magic "LSWEEPIX", u32 version, u32 header size (64), u64 indicator
//     count, u64 payload bytes, u64 payload digest, u64 source digest, u64 0, u64 digest of
//     the 56 bytes before it;
//   payload: sections in a fixed order, each a 32-byte head (u32 tag, u32 element size,
//     u64 element count, 16 zero bytes) and its elements, zero-padded to 32 bytes.
// A file is used only when all of that holds and the tables pass check_loaded(): a file cut
// short, flipped, of another version or crafted is refused with failed_precondition, never
// half used, and the caller builds the index afresh.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "sweep/index.h"

namespace liaison::sweep {

namespace {

constexpr char kMagic[8] = {'L', 'S', 'W', 'E', 'E', 'P', 'I', 'X'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 64;
constexpr size_t kAlign = 32;

// Four lanes of xxHash64's round over 32-byte stripes (about 10 GB/s), fed in pieces of any
// length.
class Digest {
 public:
  void update(const char* p, size_t n) {
    total_ += n;
    if (carried_ > 0) {
      const size_t k = std::min(n, kStripe - carried_);
      std::memcpy(carry_ + carried_, p, k);
      carried_ += k;
      p += k;
      n -= k;
      if (carried_ < kStripe) return;
      stripe(carry_);
      carried_ = 0;
    }
    for (; n >= kStripe; p += kStripe, n -= kStripe) stripe(p);
    std::memcpy(carry_, p, n);
    carried_ = n;
  }
  uint64_t finish() const {
    uint64_t h =
        std::rotl(v_[0], 1) + std::rotl(v_[1], 7) + std::rotl(v_[2], 12) + std::rotl(v_[3], 18);
    for (uint64_t v : v_) h = (h ^ round(0, v)) * kP1 + kP4;
    h += total_;
    for (size_t i = 0; i < carried_; ++i) {
      h ^= static_cast<unsigned char>(carry_[i]) * kP5;
      h = std::rotl(h, 11) * kP1;
    }
    h ^= h >> 33;
    h *= kP2;
    h ^= h >> 29;
    h *= kP3;
    return h ^ (h >> 32);
  }

 private:
  static constexpr size_t kStripe = 32;
  static constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull, kP2 = 0xC2B2AE3D27D4EB4Full,
                            kP3 = 0x165667B19E3779F9ull, kP4 = 0x85EBCA77C2B2AE63ull,
                            kP5 = 0x27D4EB2F165667C5ull;
  static uint64_t round(uint64_t acc, uint64_t in) { return std::rotl(acc + in * kP2, 31) * kP1; }
  void stripe(const char* p) {
    for (int i = 0; i < 4; ++i) {
      uint64_t w;
      std::memcpy(&w, p + 8 * i, 8);
      v_[i] = round(v_[i], w);
    }
  }
  uint64_t v_[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  uint64_t total_ = 0;
  char carry_[kStripe] = {};
  size_t carried_ = 0;
};

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

class Reader {
 public:
  Reader(int fd, uint64_t end) : fd_(fd), end_(end) {}
  // Reads a section's head and its elements into v (resized, not zeroed first).
  template <class Vec>
  Status section(uint32_t tag, Vec& v) {
    using T = typename Vec::value_type;
    SectionHead head{};
    LIAISON_RETURN_IF_ERROR(read(reinterpret_cast<char*>(&head), sizeof head));
    if (head.tag != tag || head.elem != sizeof(T) || head.zero[0] != 0 || head.zero[1] != 0) {
      return failed_precondition("index file: section " + std::to_string(tag) + " is malformed",
                                 "index");
    }
    const uint64_t bytes = head.count * sizeof(T);
    if (head.count > end_ || bytes > end_ - offset_) {
      return failed_precondition(
          "index file: section " + std::to_string(tag) + " runs past its end", "index");
    }
    v.resize(static_cast<size_t>(head.count));
    LIAISON_RETURN_IF_ERROR(read(reinterpret_cast<char*>(v.data()), static_cast<size_t>(bytes)));
    char pad[kAlign];
    return read(pad, padded(static_cast<size_t>(bytes)) - static_cast<size_t>(bytes));
  }
  uint64_t offset() const { return offset_; }
  uint64_t digest() const { return digest_.finish(); }

 private:
  // In pieces small enough to be digested while the cache still holds them.
  Status read(char* dst, size_t n) {
    constexpr size_t kPiece = 256 << 10;
    while (n > 0) {
      if (offset_ >= end_) return failed_precondition("index file is cut short", "index");
      const size_t want = static_cast<size_t>(std::min<uint64_t>({n, kPiece, end_ - offset_}));
      const ssize_t got = ::pread(fd_, dst, want, static_cast<off_t>(offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0)
        return unavailable(std::string("cannot read index file: ") + std::strerror(errno));
      if (got == 0) return failed_precondition("index file is cut short", "index");
      digest_.update(dst, static_cast<size_t>(got));
      offset_ += static_cast<uint64_t>(got);
      dst += got;
      n -= static_cast<size_t>(got);
    }
    return Status::ok();
  }
  int fd_;
  uint64_t offset_ = kHeaderBytes, end_;
  Digest digest_;
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

uint64_t header_digest(const Header& h) {
  Digest d;
  d.update(reinterpret_cast<const char*>(&h), offsetof(Header, header_digest));
  return d.finish();
}

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

uint64_t digest(std::string_view bytes) {
  Digest d;
  d.update(bytes.data(), bytes.size());
  return d.finish();
}

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
template <class Slot>
Status check_slots(const HugeVector<Slot>& slots, size_t ids, const char* name) {
  if (slots.empty()) return Status::ok();
  if (slots.size() < 16 || !std::has_single_bit(slots.size())) {
    return malformed(std::string(name) + " has a size that is not a power of two");
  }
  size_t empty = 0;
  for (const Slot& s : slots) {
    empty += s.id < 0;
    if (s.id < -1 || (s.id >= 0 && static_cast<size_t>(s.id) >= ids)) {
      return malformed(std::string(name) + " names an indicator that is not there");
    }
  }
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
  uint32_t prev = 0;
  types_ = 0;
  for (size_t i = 0; i < n; ++i) {
    if (kinds_[i] > static_cast<uint8_t>(IndicatorType::kHash)) return malformed("unknown type");
    if (text_end_[i] < prev) return malformed("text offsets go backwards");
    prev = text_end_[i];
    types_ |= 1u << kinds_[i];
  }
  if (prev != text_.size()) return malformed("text offsets and text disagree");
  const size_t v4_words = (size_t{1} << 24) / 64 * 2;
  if (v4_bits_.size() != (has_type(IndicatorType::kIpv4) ? v4_words : 0)) {
    return malformed("the IPv4 bitmap has the wrong size");
  }
  for (auto& t : by_len_) {
    LIAISON_RETURN_IF_ERROR(check_slots(t.slots, n, "an IPv4 table"));
    t.mask = t.slots.empty() ? 0 : static_cast<uint32_t>(t.slots.size() - 1);
    t.shift = t.slots.empty() ? 63 : 64 - std::countr_zero(t.slots.size());
  }
  const auto lengths_ok = [&](const std::vector<int>& lengths, int lo, int hi) {
    for (int len : lengths) {
      if (len < lo || len > hi) return false;
      if (hi <= 32 && by_len_[static_cast<size_t>(len)].slots.empty()) return false;
    }
    return true;
  };
  if (!lengths_ok(short_lengths_, 0, 24) || !lengths_ok(long_lengths_, 25, 32) ||
      !lengths_ok(v6_lengths_, 0, 128)) {
    return malformed("a prefix length is out of range or has no table");
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
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return not_found("no index file " + path, "index");
  struct stat st {};
  if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return failed_precondition("index file " + path + " is not a regular file", "index");
  }
  Header h{};
  if (::pread(in.fd, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) {
    return failed_precondition("index file is cut short", "index");
  }
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
  const uint64_t end = kHeaderBytes + h.payload_bytes;
  if (h.payload_bytes > static_cast<uint64_t>(st.st_size) ||
      static_cast<uint64_t>(st.st_size) != end) {
    return failed_precondition("index file is cut short or has bytes past its end", "index");
  }
  Index fresh;  // filled completely before it replaces this one
  Reader r(in.fd, end);
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
  if (r.offset() != end) return failed_precondition("index file has bytes past its end", "index");
  if (r.digest() != h.payload_digest) {
    return failed_precondition("index file checksum does not match", "index");
  }
  if (fresh.size() != h.indicators) {
    return failed_precondition("index file indicator count does not match", "index");
  }
  LIAISON_RETURN_IF_ERROR(fresh.check_loaded());
  *this = std::move(fresh);
  meta.source_digest = h.source_digest;
  meta.extra = std::move(extra);
  return Status::ok();
}

}  // namespace liaison::sweep
