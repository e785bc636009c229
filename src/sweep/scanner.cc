#include "sweep/scanner.h"

#include <fcntl.h>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <iostream>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "sweep/blocks.h"
#include "sweep/ipv4.h"

namespace liaison::sweep {

namespace {

// Character classes, OR-ed over a field while it is cut out, so the field is classified
// without a second pass.
enum : uint16_t {
  kDelim = 1,
  kDigit = 2,
  kDot = 4,
  kHexAlpha = 8,  // a-f, A-F
  kAlpha = 16,    // other letters
  kColon = 32,
  kAt = 64,
  kEquals = 128,
  kOther = 256,
  kSimple = 512,  // set by the walker: only [A-Za-z0-9._:-], nothing else to check
};

struct ClassTable {
  uint16_t t[256];
  constexpr ClassTable() : t() {
    for (int i = 0; i < 256; ++i) {
      unsigned char c = static_cast<unsigned char>(i);
      uint16_t v = kOther;
      if (blocks::is_delim(c)) v = kDelim;
      else if (c >= '0' && c <= '9') v = kDigit;
      else if (c == '.') v = kDot;
      else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v = kHexAlpha;
      else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) v = kAlpha;
      else if (c == ':') v = kColon;
      else if (c == '@') v = kAt;
      else if (c == '=') v = kEquals;
      t[i] = v;
    }
  }
};
constexpr ClassTable kClass;

bool ascii_lower_into(std::string_view s, char* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out[i] = c;
  }
  return true;
}

// Matches one field; returns the indicator id or -1. One pass classifies the field so
// that most fields (timestamps, ports, ids, protocol names) are dismissed without any
// lookup.
// `readable_end`: the end of the buffer the field lies in (lets the IPv4 parser load 16
// bytes at once).
int32_t match_field(const Index& index, std::string_view f, uint16_t cls, const char* readable_end) {
  if (f.size() < 3 || f.size() > 2048) return -1;
  const bool simple = (cls & kSimple) != 0;
  cls = static_cast<uint16_t>(cls & ~kSimple);
  const bool digit_dot_only = (cls & ~(kDigit | kDot)) == 0;
  const bool has_alpha = (cls & (kHexAlpha | kAlpha)) != 0;
  const bool has_dot = (cls & kDot) != 0;
  const bool has_colon = (cls & kColon) != 0;
  const bool has_at = (cls & kAt) != 0;
  const bool all_hex = (cls & ~(kDigit | kHexAlpha)) == 0;
  // IPv4: digits and dots only, or with a :port.
  if (digit_dot_only) {
    if (!has_dot || f.size() < 7 || f.size() > 15 || !index.has_type(IndicatorType::kIpv4)) return -1;
    uint32_t v4;
    return parse_ipv4(f, v4, readable_end) ? index.match_ipv4(v4) : -1;
  }
  if (has_colon && !has_alpha && has_dot && f.find("://") == std::string_view::npos) {
    auto colon = f.find(':');
    if (colon >= 7 && colon <= 15 && f.find(':', colon + 1) == std::string_view::npos) {
      uint32_t v4;
      if (parse_ipv4(f.substr(0, colon), v4, readable_end)) return index.match_ipv4(v4);
    }
  }
  if (has_colon && f.find("://") != std::string_view::npos) {
    auto u = normalise_url(f);
    if (!u) return -1;
    int32_t id = index.match_exact(IndicatorType::kUrl, *u);
    if (id >= 0) return id;
    // The URL's host is a field of its own.
    std::string_view rest = std::string_view(*u).substr(u->find("://") + 3);
    if (!rest.empty() && rest[0] == '[') {
      auto close = rest.find(']');
      auto v6 = close == std::string_view::npos ? std::nullopt : parse_ipv6(rest.substr(1, close - 1));
      return v6 ? index.match_ipv6(*v6) : -1;
    }
    std::string_view host = rest.substr(0, rest.find_first_of("/:"));
    if (auto v4 = parse_ipv4(host)) return index.match_ipv4(*v4);
    return index.match_domain(host);
  }
  if (has_colon) {
    std::string_view a = f;
    // IPv6 text has at least two colons ("::1", "2001:db8::1"); JSON's "key":value does not.
    size_t first = a.find(':');
    if (a.find(':', first + 1) == std::string_view::npos) return -1;
    if (a[0] == '[') {
      auto close = a.find(']');
      if (close == std::string_view::npos) return -1;
      a = a.substr(1, close - 1);
    }
    auto v6 = parse_ipv6(a);
    if (!v6) return -1;
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6->data(), kMapped, 12) == 0) {
      uint32_t v4 = (uint32_t((*v6)[12]) << 24) | (uint32_t((*v6)[13]) << 16) |
                    (uint32_t((*v6)[14]) << 8) | (*v6)[15];
      int32_t id = index.match_ipv4(v4);
      if (id >= 0) return id;
    }
    return index.match_ipv6(*v6);
  }
  if (!has_alpha || f.size() > 253) return -1;
  if (has_at || (all_hex && (f.size() == 32 || f.size() == 40 || f.size() == 64))) {
    char low[256];
    ascii_lower_into(f, low);
    std::string_view lf(low, f.size());
    if (!has_at) return index.match_exact(IndicatorType::kHash, lf);
    int32_t id = index.match_exact(IndicatorType::kEmail, lf);
    if (id >= 0) return id;
    std::string_view dom = lf.substr(lf.find('@') + 1);
    if (!dom.empty() && dom.back() == '.') dom.remove_suffix(1);
    return dom.find('.') != std::string_view::npos ? index.match_domain(dom) : -1;
  }
  if (!has_dot) return -1;
  if (f.back() == '.') f.remove_suffix(1);
  // Only plausible host names go to the domain table (the walker's simple fields are).
  if (!simple) {
    for (char c : f) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_')) {
        return -1;
      }
    }
  }
  return index.match_domain(f);  // case-folded as it hashes
}

}  // namespace

namespace {

bool parse_v4_portable(std::string_view s, uint32_t& addr, const char*) {
  return ipv4::parse_portable(s, addr);
}

// Stage two: walks the masks of stage one (blocks.h). A field is a run of non-delimiters;
// per block, two carried additions mark the delimiter after every run that holds a "bad"
// byte (anything outside [A-Za-z0-9._:-]) and after every run that holds '.' or ':'. Only
// those runs can be an address, a host name, a URL or an e-mail, so only they are cut out
// and matched; with hashes indexed, the remaining runs are length-checked too. Everything
// else (timestamps without dots, ports, counts, uids, protocol names) is never visited.
class Walker {
 public:
  Walker(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
         ScanResult& out)
      : index_(index),
        begin_(data.data()),
        end_(data.data() + data.size()),
        first_line_(first_line),
        count_only_(count_only),
        want_hashes_(index.has_type(IndicatorType::kHash)),
        want_one_dot_(index.has_type(IndicatorType::kDomain)),
        want_two_dots_(index.has_type(IndicatorType::kIpv4)),
        want_colon_(index.has_type(IndicatorType::kIpv6)),
        parse_v4_(ipv4::have_ssse3() ? ipv4::parse_ssse3 : parse_v4_portable),
        out_(out) {}

  void run() {
    blocks::ClassifyFn classify = blocks::best();
    constexpr size_t kChunk = 64;  // blocks per stage-one call: 4 KiB of text, 4.5 KiB of masks
    // masks[0] is the block before the chunk (the previous chunk's last), for fields that
    // straddle the boundary.
    blocks::Block masks[kChunk + 1] = {};
    const char* p = begin_;
    size_t whole = static_cast<size_t>(end_ - begin_) / 64;
    size_t last = 0;
    while (whole > 0) {
      size_t n = std::min(whole, kChunk);
      masks[0] = masks[last];
      uint64_t lines = classify(p, n, masks + 1);
      for (size_t i = 0; i < n; ++i) walk(p + 64 * i, masks[i + 1], masks[i]);
      resolve();
      line_base_ += lines;
      p += 64 * n;
      whole -= n;
      last = n;
    }
    // The last partial block, padded with tabs (delimiters, not newlines); when the text
    // fills its last block, an all-tab block still ends a last field without a newline.
    if (begin_ < end_) {
      char pad[64];
      std::memset(pad, '\t', sizeof pad);
      std::memcpy(pad, p, static_cast<size_t>(end_ - p));
      masks[0] = masks[last];
      uint64_t lines = classify(pad, 1, masks + 1);
      walk(p, masks[1], masks[0]);
      resolve();
      line_base_ += lines;
    }
    out_.lines += line_base_ + (begin_ < end_ && end_[-1] != '\n' ? 1 : 0);
    out_.bytes += static_cast<uint64_t>(end_ - begin_);
  }

 private:
  void walk(const char* base, const blocks::Block& b, const blocks::Block& prev) {
    const uint64_t d = b.delim, m = ~d;
    uint64_t bad_ends = carried_fill(m, b.bad, carry_bad_) & d;
    // Which fields are worth cutting out depends on what the index holds: host names need
    // a dot, IPv4 addresses (also ip:port and ::ffff:a.b.c.d) two, IPv6 a colon. Adding the
    // dots to the run mask leaves every dot after a run's first one set: the second dots.
    uint64_t wanted = 0;
    uint64_t second_dots = carried_fill(m, b.dot, carry_dot_) & b.dot;
    if (want_one_dot_) wanted |= carried_fill(m, b.dot, carry_one_dot_);
    if (want_two_dots_) wanted |= carried_fill(m, second_dots, carry_two_dots_);
    if (want_colon_) wanted |= carried_fill(m, b.colon, carry_colon_);
    uint64_t ends = d & ((m << 1) | prev_m_top_);
    prev_m_top_ = m >> 63;
    uint64_t cand = ends & (want_hashes_ ? ~uint64_t{0} : (bad_ends | (wanted & d)));
    // Lines starting with '#' (Zeek headers, comments) are skipped.
    uint64_t comment_starts = b.hash & ((b.newline << 1) | prev_nl_top_);
    prev_nl_top_ = b.newline >> 63;
    if (comment_until_ > base) cand &= below(static_cast<size_t>(comment_until_ - base), true);
    while (comment_starts) {
      int pos = __builtin_ctzll(comment_starts);
      const char* at = base + pos;
      const void* nl = std::memchr(at, '\n', static_cast<size_t>(end_ - at));
      comment_until_ = nl ? static_cast<const char*>(nl) + 1 : end_;
      uint64_t span = ~below(static_cast<size_t>(pos), false) &
                      below(static_cast<size_t>(comment_until_ - base), false);
      cand &= ~span;
      comment_starts &= ~span;
    }
    while (cand) {
      int e = __builtin_ctzll(cand);
      cand &= cand - 1;
      const char* fe = base + e;
      uint64_t earlier = d & below(static_cast<size_t>(e), false);
      const char* fs;
      if (earlier) {
        fs = base + (64 - __builtin_clzll(earlier));
      } else if (base - 64 >= begin_ && prev.delim != 0) {
        fs = base - 64 + (64 - __builtin_clzll(prev.delim));
      } else {
        fs = base;
        while (fs > begin_ && !blocks::is_delim(static_cast<unsigned char>(fs[-1]))) --fs;
      }
      if (fe - fs < 3) continue;
      std::string_view field(fs, static_cast<size_t>(fe - fs));
      Pending c{fs, static_cast<uint32_t>(field.size()), kBad, 0, 0, 0,
                first_line_ + line_base_ + b.lines_before +
                    static_cast<uint64_t>(__builtin_popcountll(b.newline & below(static_cast<size_t>(e), false)))};
      if (!((bad_ends >> e) & 1)) {
        if (field.size() > 253) continue;
        // Most candidates are plain IPv4 addresses: tried first, without classifying.
        if (want_two_dots_ && field.size() <= 15 && parse_v4_(field, c.v4, end_)) {
          c.kind = kIpv4;
        } else {
          c.cls = simple_class(field, base, b, prev, e);
          c.kind = kOtherSimple;
          const uint16_t cls = c.cls & ~kSimple;
          if ((cls & ~(kDigit | kDot)) == 0) continue;  // digits and dots, but no address
          if ((cls & (kAlpha | kHexAlpha)) && (cls & kDot) && !(cls & kColon) && want_one_dot_) {
            // A host name: its suffixes are hashed and their slots fetched now, looked up
            // when the chunk is resolved.
            std::string_view name = field.back() == '.' ? field.substr(0, field.size() - 1) : field;
            uint64_t hashes[kProbes];
            uint8_t starts[kProbes];
            int n = index_.prepare_domain(name, hashes, starts, kProbes);
            if (n > 0) {
              c.kind = kDomain;
              c.probes = static_cast<uint8_t>(n);
              c.first_probe = static_cast<uint32_t>(probes_.size());
              for (int k = 0; k < n; ++k) probes_.push_back({hashes[k], starts[k]});
            }
          }
        }
      }
      pending_.push_back(c);
    }
  }

  // Candidates are matched a chunk at a time, in order, after every one of them has had its
  // table slots prefetched: many cache misses in flight instead of one after another.
  enum Kind : uint8_t { kBad, kIpv4, kDomain, kOtherSimple };
  static constexpr int kProbes = 16;
  struct Pending {
    const char* f;
    uint32_t len;
    Kind kind;
    uint8_t probes;
    uint16_t cls;
    uint32_t v4;
    uint64_t line;
    uint32_t first_probe = 0;
  };

  void resolve() {
    for (const Pending& c : pending_) {
      if (count_only_ && c.line == hit_line_) continue;  // this line is counted already
      std::string_view field(c.f, c.len);
      int32_t id = -1;
      switch (c.kind) {
        case kBad:
          split_at_equals(field, c.line);
          continue;
        case kIpv4:
          id = index_.match_ipv4(c.v4);
          break;
        case kDomain: {
          uint64_t hashes[kProbes];
          uint8_t starts[kProbes];
          for (int k = 0; k < c.probes; ++k) {
            hashes[k] = probes_[c.first_probe + static_cast<uint32_t>(k)].first;
            starts[k] = probes_[c.first_probe + static_cast<uint32_t>(k)].second;
          }
          std::string_view name = field.back() == '.' ? field.substr(0, field.size() - 1) : field;
          id = index_.resolve_domain(name, hashes, starts, c.probes);
          break;
        }
        case kOtherSimple:
          id = match_field(index_, field, c.cls, end_);
          break;
      }
      if (id >= 0) record(field, id, c.line);
    }
    pending_.clear();
    probes_.clear();
  }

  // The class bits of a field of simple characters, from the masks (no byte loop) when it
  // starts in this block or the one before. Letters count as kAlpha, which is all
  // match_field needs, except for a hash candidate: that one gets the exact classes.
  uint16_t simple_class(std::string_view field, const char* base, const blocks::Block& b,
                        const blocks::Block& prev, int e) {
    const char* fs = field.data();
    uint64_t dot, colon, alpha, dash;
    uint64_t here = below(static_cast<size_t>(e), false);
    if (fs >= base) {
      here &= ~below(static_cast<size_t>(fs - base), false);
      dot = b.dot & here, colon = b.colon & here, alpha = b.alpha & here, dash = b.dash & here;
    } else if (fs >= base - 64 && base - 64 >= begin_) {
      uint64_t before = ~below(static_cast<size_t>(fs - (base - 64)), false);
      dot = (b.dot & here) | (prev.dot & before);
      colon = (b.colon & here) | (prev.colon & before);
      alpha = (b.alpha & here) | (prev.alpha & before);
      dash = (b.dash & here) | (prev.dash & before);
    } else {
      uint16_t cls = 0;
      for (char c : field) cls |= kClass.t[static_cast<unsigned char>(c)];
      return cls;
    }
    if (alpha && !dot && !colon && !dash && want_hashes_ &&
        (field.size() == 32 || field.size() == 40 || field.size() == 64)) {
      uint16_t cls = 0;
      for (char c : field) cls |= kClass.t[static_cast<unsigned char>(c)];
      return cls;
    }
    return static_cast<uint16_t>(kSimple | kDigit | (dot ? kDot : 0) | (colon ? kColon : 0) |
                                 (alpha ? kAlpha : 0) | (dash ? kOther : 0));
  }

  // A field with '=' in it is key=value pairs unless it is a URL: each part is matched.
  void split_at_equals(std::string_view field, uint64_t line) {
    const char* f = field.data();
    const char* end = f + field.size();
    while (f < end) {
      const char* g = f;
      bool url = false;
      uint16_t cls = 0;
      while (g < end) {
        uint16_t c = kClass.t[static_cast<unsigned char>(*g)];
        if (c & (kColon | kEquals)) {
          if (c == kColon && g + 2 < end && g[1] == '/' && g[2] == '/') url = true;
          if (c == kEquals && !url) break;
        }
        cls |= c;
        ++g;
      }
      if (g - f >= 3) {
        std::string_view part(f, static_cast<size_t>(g - f));
        int32_t id = match_field(index_, part, cls, end_);
        if (id >= 0) {
          record(part, id, line);
          if (count_only_) return;
        }
      }
      f = g + 1;
    }
  }

  void record(std::string_view value, int32_t id, uint64_t line) {
    if (line != hit_line_) {
      hit_line_ = line;
      ++out_.lines_with_hits;
    }
    if (!count_only_) out_.hits.push_back(Hit{line, id, std::string(value)});
  }

  // The bits below position n (all 64 when n >= 64); `invert` gives the bits at or above.
  static uint64_t below(size_t n, bool invert) {
    uint64_t m = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    return invert ? ~m : m;
  }

  // Adds `seeds` (a subset of the run mask `m`) to `m`, carrying across blocks: the carry
  // out of each run that holds a seed lands on the delimiter right after it.
  static uint64_t carried_fill(uint64_t m, uint64_t seeds, uint64_t& carry) {
    uint64_t s1, s2;
    bool o1 = __builtin_add_overflow(m, seeds, &s1);
    bool o2 = __builtin_add_overflow(s1, carry, &s2);
    carry = (o1 || o2) ? 1 : 0;
    return s2;
  }

  const Index& index_;
  const char* begin_;
  const char* end_;
  uint64_t first_line_;
  bool count_only_;
  bool want_hashes_, want_one_dot_, want_two_dots_, want_colon_;
  bool (*parse_v4_)(std::string_view, uint32_t&, const char*);
  ScanResult& out_;
  uint64_t line_base_ = 0;
  uint64_t carry_bad_ = 0, carry_dot_ = 0, carry_one_dot_ = 0, carry_two_dots_ = 0,
           carry_colon_ = 0;
  uint64_t prev_m_top_ = 0;   // the byte before the block was in a field
  uint64_t prev_nl_top_ = 1;  // the byte before the block ended a line (the start does too)
  const char* comment_until_ = nullptr;
  uint64_t hit_line_ = 0;
  std::vector<Pending> pending_;
  std::vector<std::pair<uint64_t, uint8_t>> probes_;
};

}  // namespace

void scan_buffer(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
                 ScanResult& out) {
  Walker(index, data, first_line, count_only, out).run();
}

namespace {

// ---- Sources: where the bytes come from. Plain files are read with pread in chunks into a
// buffer that stays in cache (no page-table work for a memory map, and each thread reads
// its own range); standard input with read; gzip and zstd decompress another source.
class Source {
 public:
  virtual ~Source() = default;
  // Up to n bytes into buf; 0 at the end.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
};

class FdSource : public Source {
 public:
  // [offset, end) of a regular file with pread, or (end == kStream) a pipe with read.
  static constexpr uint64_t kStream = ~uint64_t{0};
  FdSource(int fd, uint64_t offset, uint64_t end) : fd_(fd), offset_(offset), end_(end) {}
  Result<size_t> read(char* buf, size_t n) override {
    if (end_ != kStream) n = static_cast<size_t>(std::min<uint64_t>(n, end_ - offset_));
    if (n == 0) return size_t{0};
    for (;;) {
      ssize_t got = end_ == kStream ? ::read(fd_, buf, n)
                                    : ::pread(fd_, buf, n, static_cast<off_t>(offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return internal_error(std::string("read failed: ") + std::strerror(errno));
      offset_ += static_cast<uint64_t>(got);
      return static_cast<size_t>(got);
    }
  }

 private:
  int fd_;
  uint64_t offset_, end_;
};

// Serves bytes already read (to look at the magic number) before the rest of its source.
class PeekedSource : public Source {
 public:
  PeekedSource(std::string head, Source& rest) : head_(std::move(head)), rest_(rest) {}
  Result<size_t> read(char* buf, size_t n) override {
    if (pos_ < head_.size()) {
      size_t k = std::min(n, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return rest_.read(buf, n);
  }

 private:
  std::string head_;
  size_t pos_ = 0;
  Source& rest_;
};

constexpr size_t kInputChunk = 1 << 18;

class GzipSource : public Source {
 public:
  explicit GzipSource(Source& in) : in_(in), buf_(kInputChunk) {}
  ~GzipSource() override {
    if (init_) inflateEnd(&zs_);
  }
  Result<size_t> read(char* out, size_t n) override {
    if (!init_) {
      if (inflateInit2(&zs_, 15 + 32) != Z_OK) return internal_error("zlib init");
      init_ = true;
    }
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = static_cast<uInt>(n);
    while (zs_.avail_out == n && !done_) {
      if (zs_.avail_in == 0) {
        LIAISON_ASSIGN_OR_RETURN(size_t got, in_.read(buf_.data(), buf_.size()));
        if (got == 0) {
          if (!at_member_start_) return invalid_argument("truncated gzip data", "file");
          done_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(buf_.data());
        zs_.avail_in = static_cast<uInt>(got);
      }
      at_member_start_ = false;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {  // concatenated members go on
        inflateReset(&zs_);
        at_member_start_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return invalid_argument("corrupt gzip data", "file");
      }
    }
    return n - zs_.avail_out;
  }

 private:
  Source& in_;
  std::vector<char> buf_;
  z_stream zs_{};
  bool init_ = false, done_ = false, at_member_start_ = true;
};

class ZstdSource : public Source {
 public:
  explicit ZstdSource(Source& in) : in_(in), buf_(kInputChunk), ds_(ZSTD_createDStream()) {
    ZSTD_initDStream(ds_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(ds_); }
  Result<size_t> read(char* out, size_t n) override {
    ZSTD_outBuffer ob{out, n, 0};
    while (ob.pos == 0) {
      if (ib_.pos == ib_.size) {
        LIAISON_ASSIGN_OR_RETURN(size_t got, in_.read(buf_.data(), buf_.size()));
        if (got == 0) {
          if (last_rc_ != 0) return invalid_argument("truncated zstd data", "file");
          break;
        }
        ib_ = ZSTD_inBuffer{buf_.data(), got, 0};
      }
      size_t rc = ZSTD_decompressStream(ds_, &ob, &ib_);
      if (ZSTD_isError(rc)) return invalid_argument("corrupt zstd data", "file");
      last_rc_ = rc;
    }
    return ob.pos;
  }

 private:
  Source& in_;
  std::vector<char> buf_;
  ZSTD_DStream* ds_;
  ZSTD_inBuffer ib_{nullptr, 0, 0};
  size_t last_rc_ = 0;
};

using Clock = std::chrono::steady_clock;

// Reads the source in chunks of whole lines (a line longer than the buffer grows it) and
// hands each to `fn`; `read_seconds` adds the time spent reading and decompressing.
template <class Fn>
Status for_each_chunk(Source& src, size_t chunk, double& read_seconds, Fn&& fn) {
  std::vector<char> buf(chunk);
  size_t have = 0;
  for (;;) {
    if (have == buf.size()) buf.resize(buf.size() * 2);  // no newline in a whole buffer
    auto t0 = Clock::now();
    auto got = src.read(buf.data() + have, buf.size() - have);
    read_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    if (!got.is_ok()) return got.status();
    if (*got == 0) break;
    have += *got;
    const void* nl = memrchr(buf.data(), '\n', have);
    if (!nl) continue;
    size_t whole = static_cast<size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
    fn(std::string_view(buf.data(), whole));
    std::memmove(buf.data(), buf.data() + whole, have - whole);
    have -= whole;
  }
  if (have > 0) fn(std::string_view(buf.data(), have));  // a last line without a newline
  return Status::ok();
}

// Scans a source on this thread, or (pipelined) reads and decompresses on a second thread
// while this one matches.
Status scan_source(const Index& index, Source& src, bool pipelined, const ScanOptions& opts,
                   ScanResult& out) {
  uint64_t next_line = 1;
  auto scan = [&](std::string_view lines) {
    auto t0 = Clock::now();
    uint64_t before = out.lines;
    scan_buffer(index, lines, next_line, opts.count_only, out);
    next_line += out.lines - before;
    out.match_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  };
  if (!pipelined) return for_each_chunk(src, kInputChunk, out.read_seconds, scan);
  // A bounded hand-over of chunks: at most four in flight.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> queue;
  bool finished = false;
  Status status = Status::ok();
  double read_seconds = 0;
  std::thread reader([&] {
    Status st = for_each_chunk(src, kInputChunk * 4, read_seconds, [&](std::string_view lines) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return queue.size() < 4; });
      queue.emplace_back(lines);
      cv.notify_all();
    });
    std::lock_guard lock(mu);
    status = st;
    finished = true;
    cv.notify_all();
  });
  for (;;) {
    std::string chunk;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !queue.empty() || finished; });
      if (queue.empty()) break;
      chunk = std::move(queue.front());
      queue.pop_front();
      cv.notify_all();
    }
    scan(chunk);
  }
  reader.join();
  out.read_seconds += read_seconds;
  return status;
}

// A plain file split into `threads` ranges at line boundaries, each read and scanned by
// its own thread; line numbers are fixed up afterwards.
Status scan_plain_parallel(const Index& index, int fd, uint64_t size, const ScanOptions& opts,
                           ScanResult& out) {
  std::vector<uint64_t> cuts{0};
  std::vector<char> probe(1 << 16);
  for (int t = 1; t < opts.threads; ++t) {
    uint64_t at = std::max(cuts.back(), size / static_cast<uint64_t>(opts.threads) * static_cast<uint64_t>(t));
    for (;;) {  // the byte after the next newline
      if (at >= size) break;
      ssize_t got = ::pread(fd, probe.data(), probe.size(), static_cast<off_t>(at));
      if (got <= 0) {
        at = size;
        break;
      }
      const void* nl = std::memchr(probe.data(), '\n', static_cast<size_t>(got));
      if (nl) {
        at += static_cast<uint64_t>(static_cast<const char*>(nl) - probe.data()) + 1;
        break;
      }
      at += static_cast<uint64_t>(got);
    }
    cuts.push_back(std::min(at, size));
  }
  cuts.push_back(size);
  size_t parts = cuts.size() - 1;
  std::vector<ScanResult> results(parts);
  std::vector<Status> statuses(parts, Status::ok());
  std::vector<std::thread> pool;
  for (size_t i = 0; i < parts; ++i) {
    pool.emplace_back([&, i] {
      FdSource src(fd, cuts[i], cuts[i + 1]);
      statuses[i] = scan_source(index, src, false, opts, results[i]);
    });
  }
  for (auto& t : pool) t.join();
  uint64_t offset = 0;
  for (size_t i = 0; i < parts; ++i) {
    if (!statuses[i].is_ok()) return statuses[i];
    ScanResult& r = results[i];
    for (auto& h : r.hits) {
      h.line += offset;
      if (out.hits.size() < opts.max_hits) out.hits.push_back(std::move(h));
    }
    out.lines += r.lines;
    out.lines_with_hits += r.lines_with_hits;
    out.bytes += r.bytes;
    out.read_seconds += r.read_seconds;
    out.match_seconds += r.match_seconds;
    offset += r.lines;
  }
  return Status::ok();
}

}  // namespace

Result<ScanResult> scan_file(const Index& index, const std::string& path, const ScanOptions& opts) {
  ScanResult out;
  int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return not_found("cannot open " + path, "file");
  struct Closer {
    int fd;
    ~Closer() {
      if (fd > 0) ::close(fd);
    }
  } closer{path == "-" ? -1 : fd};
  struct stat st {};
  fstat(fd, &st);
  const bool regular = S_ISREG(st.st_mode);
  const uint64_t size = regular ? static_cast<uint64_t>(st.st_size) : 0;
  FdSource raw(fd, 0, regular ? size : FdSource::kStream);
  // The magic number decides: gzip 1f 8b, zstd 28 b5 2f fd, anything else is plain text.
  std::string head(4, '\0');
  size_t got = 0;
  while (got < head.size()) {
    LIAISON_ASSIGN_OR_RETURN(size_t n, raw.read(head.data() + got, head.size() - got));
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  const bool gzip = got >= 2 && byte(0) == 0x1f && byte(1) == 0x8b;
  const bool zstd = got >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd;
  if (!gzip && !zstd && regular && opts.threads > 1 && size >= (4u << 20)) {
    LIAISON_RETURN_IF_ERROR(scan_plain_parallel(index, fd, size, opts, out));
    return out;
  }
  PeekedSource peeked(std::move(head), raw);
  std::unique_ptr<Source> decoder;
  if (gzip) decoder = std::make_unique<GzipSource>(peeked);
  if (zstd) decoder = std::make_unique<ZstdSource>(peeked);
  Source& src = decoder ? *decoder : static_cast<Source&>(peeked);
  LIAISON_RETURN_IF_ERROR(scan_source(index, src, decoder != nullptr && opts.threads > 1, opts, out));
  if (out.hits.size() > opts.max_hits) out.hits.resize(opts.max_hits);
  return out;
}

Status load_list(Index& index, const std::string& path, std::vector<ListError>& errors,
                 uint64_t& added) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return not_found("cannot read indicator list " + path, "indicators");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  parse_list(index, text, errors, added);
  return Status::ok();
}

void parse_list(Index& index, std::string_view text, std::vector<ListError>& errors, uint64_t& added) {
  uint64_t n = 0;
  while (!text.empty()) {
    ++n;
    size_t nl = text.find('\n');
    std::string_view s = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto c = s.find_first_of("#;"); c != std::string_view::npos) s = s.substr(0, c);
    if (auto tab = s.find('\t'); tab != std::string_view::npos) s = s.substr(0, tab);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    if (s.empty()) continue;
    auto r = index.add(s);
    if (!r.is_ok()) {
      errors.push_back({n, std::string(s), r.status().message()});
    } else {
      ++added;
    }
  }
}

}  // namespace liaison::sweep
