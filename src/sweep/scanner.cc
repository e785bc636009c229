#include "sweep/scanner.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

namespace liaison::sweep {

namespace {

// Field delimiters of the formats we read: Zeek TSV, JSON lines, CSV, syslog-ish text.
// '=' separates key=value pairs outside URLs.
constexpr bool is_delim(unsigned char c) {
  return c == '\t' || c == ' ' || c == ',' || c == '"' || c == '\'' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '(' || c == ')' || c == '<' || c == '>' || c == '|' ||
         c == ';' || c == '\r' || c == '\\';
}

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
};

struct ClassTable {
  uint16_t t[256];
  constexpr ClassTable() : t() {
    for (int i = 0; i < 256; ++i) {
      unsigned char c = static_cast<unsigned char>(i);
      uint16_t v = kOther;
      if (is_delim(c)) v = kDelim;
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
int32_t match_field(const Index& index, std::string_view f, uint16_t cls) {
  if (f.size() < 3 || f.size() > 2048) return -1;
  const bool digit_dot_only = (cls & ~(kDigit | kDot)) == 0;
  const bool has_alpha = (cls & (kHexAlpha | kAlpha)) != 0;
  const bool has_dot = (cls & kDot) != 0;
  const bool has_colon = (cls & kColon) != 0;
  const bool has_at = (cls & kAt) != 0;
  const bool all_hex = (cls & ~(kDigit | kHexAlpha)) == 0;
  // IPv4: digits and dots only, or with a :port.
  if (digit_dot_only) {
    if (!has_dot || f.size() < 7 || f.size() > 15) return -1;
    auto v4 = parse_ipv4(f);
    return v4 ? index.match_ipv4(*v4) : -1;
  }
  if (has_colon && !has_alpha && has_dot && f.find("://") == std::string_view::npos) {
    auto colon = f.find(':');
    if (colon >= 7 && colon <= 15 && f.find(':', colon + 1) == std::string_view::npos) {
      auto v4 = parse_ipv4(f.substr(0, colon));
      if (v4) return index.match_ipv4(*v4);
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
  char low[256];
  ascii_lower_into(f, low);
  std::string_view lf(low, f.size());
  if (has_at) {
    int32_t id = index.match_exact(IndicatorType::kEmail, lf);
    if (id >= 0) return id;
    std::string_view dom = lf.substr(lf.find('@') + 1);
    if (!dom.empty() && dom.back() == '.') dom.remove_suffix(1);
    return dom.find('.') != std::string_view::npos ? index.match_domain(dom) : -1;
  }
  if (all_hex && (f.size() == 32 || f.size() == 40 || f.size() == 64)) {
    return index.match_exact(IndicatorType::kHash, lf);
  }
  if (!has_dot) return -1;
  if (lf.back() == '.') lf.remove_suffix(1);
  // Only plausible host names go to the domain table.
  for (char c : lf) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
      return -1;
    }
  }
  return index.match_domain(lf);
}

}  // namespace

void scan_buffer(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
                 ScanResult& out) {
  const char* p = data.data();
  const char* end = p + data.size();
  uint64_t line_no = first_line;
  out.bytes += data.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    bool hit = false;
    if (!(p < line_end && *p == '#')) {  // Zeek header and comment lines
      const char* f = p;
      while (f < line_end) {
        while (f < line_end && (kClass.t[static_cast<unsigned char>(*f)] & kDelim)) ++f;
        const char* g = f;
        // A URL runs to the next delimiter; other fields also stop at '='.
        bool url = false;
        uint16_t cls = 0;
        while (g < line_end) {
          uint16_t c = kClass.t[static_cast<unsigned char>(*g)];
          if (c & kDelim) break;
          if (c & (kColon | kEquals)) {
            if (c == kColon && g + 2 < line_end && g[1] == '/' && g[2] == '/') url = true;
            if (c == kEquals && !url) break;
          }
          cls |= c;
          ++g;
        }
        if (g - f >= 3) {
          std::string_view field(f, static_cast<size_t>(g - f));
          int32_t id = match_field(index, field, cls);
          if (id >= 0) {
            hit = true;
            if (count_only) break;
            out.hits.push_back(Hit{line_no, id, std::string(field)});
          }
        }
        f = g + (g < line_end ? 1 : 0);
      }
    }
    ++out.lines;
    if (hit) ++out.lines_with_hits;
    ++line_no;
    p = nl ? nl + 1 : end;
  }
}

namespace {

Result<std::string> read_all_stdin() {
  std::string s;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) s.append(buf, n);
  return s;
}

Result<std::string> gunzip(std::string_view in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return internal_error("zlib init");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return invalid_argument("corrupt gzip data");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END && zs.avail_in > 0) inflateReset(&zs);  // concatenated members
  } while (rc != Z_STREAM_END || zs.avail_in > 0);
  inflateEnd(&zs);
  return out;
}

Result<std::string> unzstd(std::string_view in) {
  ZSTD_DStream* ds = ZSTD_createDStream();
  ZSTD_initDStream(ds);
  std::string out;
  ZSTD_inBuffer ib{in.data(), in.size(), 0};
  std::vector<char> buf(ZSTD_DStreamOutSize());
  while (ib.pos < ib.size) {
    ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
    size_t rc = ZSTD_decompressStream(ds, &ob, &ib);
    if (ZSTD_isError(rc)) {
      ZSTD_freeDStream(ds);
      return invalid_argument("corrupt zstd data");
    }
    out.append(buf.data(), ob.pos);
  }
  ZSTD_freeDStream(ds);
  return out;
}

void scan_parallel(const Index& index, std::string_view data, const ScanOptions& opts,
                   ScanResult& out) {
  int threads = std::max(1, opts.threads);
  if (threads == 1 || data.size() < (1u << 20)) {
    scan_buffer(index, data, 1, opts.count_only, out);
    return;
  }
  // Split at line boundaries; number lines after the fact.
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (int t = 0; t < threads; ++t) {
    size_t end = t == threads - 1 ? data.size() : data.size() / static_cast<size_t>(threads) * (t + 1);
    if (end < start) end = start;
    if (end < data.size()) {
      const void* nl = std::memchr(data.data() + end, '\n', data.size() - end);
      end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data.data()) + 1 : data.size();
    }
    parts.push_back(data.substr(start, end - start));
    start = end;
  }
  std::vector<ScanResult> results(parts.size());
  std::vector<std::thread> pool;
  for (size_t i = 0; i < parts.size(); ++i) {
    pool.emplace_back([&, i] { scan_buffer(index, parts[i], 1, opts.count_only, results[i]); });
  }
  for (auto& t : pool) t.join();
  uint64_t offset = 0;
  for (auto& r : results) {
    for (auto& h : r.hits) {
      h.line += offset;
      if (out.hits.size() < opts.max_hits) out.hits.push_back(std::move(h));
    }
    out.lines += r.lines;
    out.lines_with_hits += r.lines_with_hits;
    out.bytes += r.bytes;
    offset += r.lines;
  }
}

}  // namespace

Result<ScanResult> scan_file(const Index& index, const std::string& path, const ScanOptions& opts) {
  ScanResult out;
  std::string owned;
  std::string_view data;
  void* map = nullptr;
  size_t map_len = 0;
  if (path == "-") {
    LIAISON_ASSIGN_OR_RETURN(owned, read_all_stdin());
    data = owned;
  } else {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return not_found("cannot open " + path, "file");
    struct stat st {};
    fstat(fd, &st);
    map_len = static_cast<size_t>(st.st_size);
    if (map_len > 0) {
      map = mmap(nullptr, map_len, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map == MAP_FAILED) {
        ::close(fd);
        return internal_error("cannot map " + path);
      }
      madvise(map, map_len, MADV_SEQUENTIAL);
      data = std::string_view(static_cast<const char*>(map), map_len);
    }
    ::close(fd);
  }
  auto unmap = [&] {
    if (map) munmap(map, map_len);
  };
  if (data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
      static_cast<unsigned char>(data[1]) == 0x8b) {
    auto plain = gunzip(data);
    unmap();
    if (!plain.is_ok()) return plain.status();
    owned = std::move(*plain);
    map = nullptr;
    data = owned;
  } else if (data.size() >= 4 && static_cast<unsigned char>(data[0]) == 0x28 &&
             static_cast<unsigned char>(data[1]) == 0xb5 &&
             static_cast<unsigned char>(data[2]) == 0x2f &&
             static_cast<unsigned char>(data[3]) == 0xfd) {
    auto plain = unzstd(data);
    unmap();
    if (!plain.is_ok()) return plain.status();
    owned = std::move(*plain);
    map = nullptr;
    data = owned;
  }
  scan_parallel(index, data, opts, out);
  unmap();
  return out;
}

Status load_list(Index& index, const std::string& path, std::vector<ListError>& errors,
                 uint64_t& added) {
  std::ifstream f(path);
  if (!f) return not_found("cannot read indicator list " + path, "indicators");
  std::string line;
  uint64_t n = 0;
  while (std::getline(f, line)) {
    ++n;
    std::string_view s = line;
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
  return Status::ok();
}

}  // namespace liaison::sweep
