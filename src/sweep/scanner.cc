#include "sweep/scanner.h"

#include <emmintrin.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "sweep/fields.h"
#include "sweep/walk.h"

namespace liaison::sweep {

void scan_buffer(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
                 ScanResult& out, FieldNames* names) {
  static const auto scan = walk::have_avx2() ? walk::avx2::scan : walk::generic::scan;
  scan(index, data, first_line, count_only, out, names);
}

std::optional<LogFormat> log_format_from(std::string_view name) {
  if (name == "auto") return LogFormat::kAuto;
  if (name == "zeek-tsv") return LogFormat::kZeekTsv;
  if (name == "zeek-json" || name == "jsonl") return LogFormat::kJsonLines;
  if (name == "csv") return LogFormat::kCsv;
  if (name == "text") return LogFormat::kText;
  return std::nullopt;
}

namespace {

void merge_seen(std::unordered_map<int32_t, ScanResult::Seen>& into,
                const std::unordered_map<int32_t, ScanResult::Seen>& from) {
  for (const auto& [id, s] : from) {
    auto [it, fresh] = into.try_emplace(id, s);
    if (fresh) continue;
    it->second.first_us = std::min(it->second.first_us, s.first_us);
    it->second.last_us = std::max(it->second.last_us, s.last_us);
  }
}

// ---- Sources: where the bytes come from: standard input with read, a plain file with
// pread (scan_range below), gzip and zstd
// decompressing another source; each read in chunks into a buffer that stays in cache.
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
  FdSource(int fd, uint64_t offset, uint64_t end, std::atomic<uint64_t>* progress)
      : fd_(fd), offset_(offset), end_(end), progress_(progress) {}
  Result<size_t> read(char* buf, size_t n) override {
    if (end_ != kStream) n = static_cast<size_t>(std::min<uint64_t>(n, end_ - offset_));
    if (n == 0) return size_t{0};
    for (;;) {
      ssize_t got =
          end_ == kStream ? ::read(fd_, buf, n) : ::pread(fd_, buf, n, static_cast<off_t>(offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return internal_error(std::string("read failed: ") + std::strerror(errno));
      if (got == 0 && end_ != kStream) {
        return unavailable("the file shrank while it was being read (rotated with copytruncate?)");
      }
      offset_ += static_cast<uint64_t>(got);
      if (progress_) progress_->fetch_add(static_cast<uint64_t>(got), std::memory_order_relaxed);
      return static_cast<size_t>(got);
    }
  }

 private:
  int fd_;
  uint64_t offset_, end_;
  std::atomic<uint64_t>* progress_;
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
// What a plain file is read in: of 64 KiB to 2 MiB, 1 MiB was the best on one thread and
// on two (bench/sweep's conn.log, as written).
constexpr size_t kFileChunk = size_t{1} << 20;

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

// The field names an input's first lines give: the first line, then the '#' lines after it
// (a Zeek header).
void learn_head(std::string_view head, FieldNames& names) {
  bool first = true;
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    if (nl == std::string_view::npos) break;  // (a cut-off line teaches nothing)
    const std::string_view line = head.substr(0, nl);
    if (first) {
      fields::learn_from_first_line(line, names);
    } else if (line.starts_with('#')) {
      fields::learn_zeek_fields(line, names);
    } else {
      break;
    }
    first = false;
    head.remove_prefix(nl + 1);
  }
}

// Scans a source on this thread, or (pipelined) reads and decompresses on a second thread
// while this one matches.
// `names`: what is known of the field names at the start (it learns as it goes).
Status scan_source(const Index& index, Source& src, bool pipelined, const ScanOptions& opts,
                   FieldNames names, ScanResult& out, size_t chunk = kInputChunk) {
  uint64_t next_line = 1;
  auto scan = [&](std::string_view lines) {
    auto t0 = Clock::now();
    uint64_t before = out.lines;
    scan_buffer(index, lines, next_line, opts.count_only, out, &names);
    if (out.hits.size() > opts.max_hits) out.hits.resize(opts.max_hits);
    next_line += out.lines - before;
    out.match_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  };
  if (!pipelined) return for_each_chunk(src, chunk, out.read_seconds, scan);
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

// [from, to) of a regular file (whole lines) read with pread into a buffer that stays in
// the cache (kFileChunk) and scanned there. A memory map of the file, which this was before,
// is cheap only when the page cache holds the file in large folios (after a re-read): a
// log as its writer left it, in 4–8 KiB folios, cost a page fault per 16 pages and a TLB
// miss per 4 KiB, and ran at 0.7–1.0 GB/s on one core against 2.2–3.4 GB/s with pread,
// and 1.9 GB/s on two against 5.4–6.2 (bench/sweep; the figures of each size tried are in
// docs/ARCHITECTURE.md). A log truncated under the sweep (copytruncate rotation) is an
// error: FdSource reports a file that ends before `to`.
Status scan_range(const Index& index, int fd, uint64_t from, uint64_t to, const ScanOptions& opts,
                  FieldNames names, ScanResult& out) {
  if (from >= to) return Status::ok();
  FdSource src(fd, from, to, opts.progress);
  return scan_source(index, src, false, opts, std::move(names), out, kFileChunk);
}

// A plain file cut at line boundaries into pieces of about 16 MiB (piece_bytes), each
// read and scanned by whichever thread takes it next from a shared counter, so that a
// thread slowed by its neighbours (on a VM, by the host) takes fewer and the threads end
// together (with one fixed range per thread, one often finished a third earlier than the
// other). Line numbers are fixed up in piece order afterwards. The field names are learnt
// from the file's head first, for the pieces further on.
Status scan_plain_parallel(const Index& index, int fd, uint64_t size, const ScanOptions& opts,
                           FieldNames names, ScanResult& out) {
  const uint64_t piece = std::max<uint64_t>(opts.piece_bytes, 1);
  std::vector<uint64_t> cuts{0};
  std::vector<char> probe(1 << 16);
  const int threads = opts.threads;
  for (uint64_t at = piece; threads > 1 && at < size; at = cuts.back() + piece) {
    uint64_t cut = at;
    for (;;) {  // the byte after the next newline
      ssize_t got = ::pread(fd, probe.data(), probe.size(), static_cast<off_t>(cut));
      if (got <= 0) {
        cut = size;
        break;
      }
      const void* nl = std::memchr(probe.data(), '\n', static_cast<size_t>(got));
      if (nl) {
        cut += static_cast<uint64_t>(static_cast<const char*>(nl) - probe.data()) + 1;
        break;
      }
      cut += static_cast<uint64_t>(got);
    }
    if (cut >= size) break;
    cuts.push_back(cut);
  }
  cuts.push_back(size);
  const size_t parts = cuts.size() - 1;
  // (One piece learns the names itself, from its first lines.)
  if (parts == 1) return scan_range(index, fd, 0, size, opts, std::move(names), out);
  {
    std::string head(std::min<uint64_t>(size, 1 << 16), '\0');
    ssize_t got = ::pread(fd, head.data(), head.size(), 0);
    head.resize(got > 0 ? static_cast<size_t>(got) : 0);
    learn_head(head, names);
  }
  std::vector<ScanResult> results(parts);
  std::vector<Status> statuses(parts, Status::ok());
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads && static_cast<size_t>(t) < parts; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next.fetch_add(1); i < parts; i = next.fetch_add(1)) {
        statuses[i] = scan_range(index, fd, cuts[i], cuts[i + 1], opts, names, results[i]);
        if (!statuses[i].is_ok()) next.store(parts);  // the others stop at their next piece
      }
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
    for (const auto& [id, n] : r.hits_by_indicator) out.hits_by_indicator[id] += n;
    merge_seen(out.seen_by_indicator, r.seen_by_indicator);
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
  FieldNames names{opts.format, {}};
  if (names.format == LogFormat::kAuto) {  // "x.csv", "x.csv.gz", "x.csv.zst"
    std::string_view base(path);
    for (std::string_view ext : {".gz", ".zst"}) {
      if (base.ends_with(ext)) base.remove_suffix(ext.size());
    }
    if (base.ends_with(".csv")) names.format = LogFormat::kCsv;
  }
  const uint64_t size = regular ? static_cast<uint64_t>(st.st_size) : 0;
  FdSource raw(fd, 0, regular ? size : FdSource::kStream, opts.progress);
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
  const bool zstd =
      got >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd;
  if (!gzip && !zstd && regular) {
    if (opts.progress) opts.progress->fetch_sub(got, std::memory_order_relaxed);  // re-read
    LIAISON_RETURN_IF_ERROR(scan_plain_parallel(index, fd, size, opts, std::move(names), out));
    return out;
  }
  PeekedSource peeked(std::move(head), raw);
  std::unique_ptr<Source> decoder;
  if (gzip) decoder = std::make_unique<GzipSource>(peeked);
  if (zstd) decoder = std::make_unique<ZstdSource>(peeked);
  Source& src = decoder ? *decoder : static_cast<Source&>(peeked);
  LIAISON_RETURN_IF_ERROR(
      scan_source(index, src, decoder != nullptr && opts.threads > 1, opts, std::move(names), out));
  return out;
}

Status load_list(Index& index, const std::string& path, std::vector<ListError>& errors,
                 uint64_t& added) {
  LIAISON_ASSIGN_OR_RETURN(std::string text, read_list_file(path));
  parse_list(index, text, errors, added);
  return Status::ok();
}

Result<std::string> read_list_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return not_found("cannot read indicator list " + path, "indicators");
  // In large reads (a character at a time through a stream iterator took a tenth of the
  // load); a pipe has no size, so the buffer grows as it fills.
  std::string text;
  size_t have = 0;
  const std::streamoff size = f.rdbuf()->pubseekoff(0, std::ios::end, std::ios::in);
  f.rdbuf()->pubseekpos(0, std::ios::in);
  text.resize(size > 0 ? static_cast<size_t>(size) + 1 : size_t{1} << 16);
  for (;;) {
    f.read(text.data() + have, static_cast<std::streamsize>(text.size() - have));
    have += static_cast<size_t>(f.gcount());
    if (!f) break;
    text.resize(text.size() * 2);
  }
  if (f.bad()) return unavailable("cannot read indicator list " + path);
  text.resize(have);
  return text;
}

namespace {

// The first '\n', '#', ';' or tab at or after p (end when there is none): 16 bytes at a
// time (a byte at a time, this loop was most of parsing a list).
const char* first_stop(const char* p, const char* end) {
  const __m128i nl = _mm_set1_epi8('\n'), hash = _mm_set1_epi8('#'), semi = _mm_set1_epi8(';'),
                tab = _mm_set1_epi8('\t');
  for (; p + 16 <= end; p += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, nl), _mm_cmpeq_epi8(c, hash)),
                                     _mm_or_si128(_mm_cmpeq_epi8(c, semi), _mm_cmpeq_epi8(c, tab)));
    if (const int m = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(m));
  }
  for (; p < end; ++p) {
    if (*p == '\n' || *p == '#' || *p == ';' || *p == '\t') return p;
  }
  return end;
}

}  // namespace

void parse_list(Index& index, std::string_view text, std::vector<ListError>& errors,
                uint64_t& added) {
  uint64_t n = 0;
  index.reserve(index.size() + static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1,
                index.text_bytes() + text.size());
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    ++n;
    // A comment ('#', ';') or a second column (IPsum's count) ends the indicator.
    const char* stop = first_stop(p, end);
    const char* line_end = stop;
    if (stop < end && *stop != '\n') {
      const void* nl = std::memchr(stop, '\n', static_cast<size_t>(end - stop));
      line_end = nl ? static_cast<const char*>(nl) : end;
    }
    std::string_view s(p, static_cast<size_t>(stop - p));
    p = line_end < end ? line_end + 1 : end;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t'))
      s.remove_suffix(1);
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
