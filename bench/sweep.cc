// bench/sweep: what a user meets running `liaison sweep` on a freshly written log. It
// generates deterministic Zeek-like conn logs (TSV and JSON lines) with known planted hits,
// an indicator list of 1M IPv4 addresses + 100k CIDR ranges, DNS logs and 1M listed domains,
// and rewrites each log by 8 KiB appends (`dd bs=8k`, as zeek or syslog write), so that the
// page cache holds it in the small folios a logger leaves. Then, in the same run on the
// same files, it times whole commands (start-up, loading the indicators, the sweep):
//   liaison sweep -c --index SAVED -i LIST (the saved index, as a node or a cron job uses),
//   liaison sweep -c -i LIST (the lists parsed and the index built each time),
//   grepcidr -c -f LIST, rg -c -F -f (on a slice: rg with a million patterns is slow),
//   grep -c -F -f, wc -l,
// and, for the saved index, whole commands on a one-line log (the time to be ready to scan),
// first on the files as written (never dropped or read back before), then once more after
// dropping each file from the cache and reading it back (large folios: the favourable
// case, printed second). liaison: the median of five runs (the best beside it); the peers:
// the best of two. It checks that liaison finds exactly the planted lines and exactly the
// lines grepcidr finds, and that "notevil.com" never hits "evil.com". Last, the same log
// gzip- and zstd-compressed against `gzip -dc` / `zstd -dc`.
//
// Usage: sweep [--bin PATH] [--size-mb N] [--dir DIR] [--keep]
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct RunResult {
  double seconds = 0;
  long peak_kb = 0;
  std::string out, err;
  int status = -1;
};

RunResult run(const std::vector<std::string>& args) {
  std::string out_path = (fs::temp_directory_path() / "liaison-bench-sweep.out").string();
  std::string err_path = out_path + ".err";
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen(out_path.c_str(), "w");
    FILE* e = std::fopen(err_path.c_str(), "w");
    dup2(fileno(f), 1);
    dup2(fileno(e), 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  RunResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_kb = ru.ru_maxrss;
  r.status = status;
  std::ifstream in(out_path);
  std::ostringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  std::ifstream ein(err_path);
  std::ostringstream es;
  es << ein.rdbuf();
  r.err = es.str();
  return r;
}

std::string ip(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

// From `liaison sweep --stats`: "... = X GB/s (thread time: reading/decompressing R s,
// matching M s)". Returns {scan GB/s, R, M}; zeros when absent.
struct Stats {
  double gbs = 0, read_s = 0, match_s = 0;
};
Stats parse_stats(const std::string& err) {
  Stats st;
  auto num_before = [&](const std::string& key) {
    auto at = err.find(key);
    if (at == std::string::npos) return 0.0;
    auto start = err.rfind(' ', at - 2);
    return std::stod(err.substr(start + 1, at - start - 1));
  };
  auto num_after = [&](const std::string& key) {
    auto at = err.find(key);
    return at == std::string::npos ? 0.0 : std::stod(err.substr(at + key.size()));
  };
  st.gbs = num_before(" GB/s");
  st.read_s = num_after("reading/decompressing ");
  st.match_s = num_after("matching ");
  return st;
}

// n runs of a command: the median (or, for a peer, the best) run and the best wall time.
struct Timed {
  RunResult median;  // the run of median wall time (its output, its --stats); for a peer the best
  double best = 0;
  int runs = 0;
};
Timed timed(const std::vector<std::string>& args, int n, bool take_best = false) {
  std::vector<RunResult> all;
  for (int i = 0; i < n; ++i) all.push_back(run(args));
  std::sort(all.begin(), all.end(),
            [](const RunResult& a, const RunResult& b) { return a.seconds < b.seconds; });
  Timed t;
  t.best = all.front().seconds;
  t.runs = n;
  t.median = std::move(all[take_best ? 0 : all.size() / 2]);
  return t;
}

// "built in X s" from --stats: loading or building the index.
double index_seconds(const std::string& err) {
  auto at = err.find("built in ");
  return at == std::string::npos ? 0 : std::stod(err.substr(at + 9));
}

// Puts a file in the page cache the way a cache gets warm: by reading it. Its pages are
// written back and dropped first, so what the cache holds no longer depends on how the
// generator wrote it. (On this kernel a sequential read fills the cache with large folios,
// up to 2 MiB, which a memory map then maps a 2 MiB page at a time; the generator's small
// writes leave 4–8 KiB folios, and mapping those costs a page fault per 64 KiB.)
void warm_by_reading(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  std::vector<char> buf(1 << 20);
  while (::read(fd, buf.data(), buf.size()) > 0) {
  }
  ::close(fd);
}

// The share of a cached file that the kernel maps with 2 MiB pages (FilePmdMapped), from a
// mapping of it whose every page is touched. (Placed as liaison's are: the kernel lines a
// file mapping up with its 2 MiB pages by itself.)
double huge_mapped_share(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  const size_t n = fs::file_size(path);
  void* map = ::mmap(nullptr, n, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return 0;
  const auto* p = static_cast<const volatile char*>(map);
  for (size_t i = 0; i < n; i += 4096) (void)p[i];
  std::ifstream smaps("/proc/self/smaps_rollup");
  std::string key;
  double kb = 0;
  while (smaps >> key) {
    if (key == "FilePmdMapped:") smaps >> kb;
  }
  ::munmap(map, n);
  return kb * 1024 / static_cast<double>(n);
}

uint64_t first_number(const std::string& s) {
  return s.empty() ? 0 : std::stoull(s.substr(0, s.find_first_of(" \t\n")));
}

// Rewrites `from` into `to` by 8 KiB appends, as a logger writes, and drops `from`.
void write_as_logger(const std::string& from, const std::string& to) {
  run({"dd", "if=" + from, "of=" + to, "bs=8k", "status=none"});
  fs::remove(from);
}

struct Generated {
  uint64_t planted = 0, lines = 0;                          // conn.log / conn.json
  uint64_t dns_planted = 0, dns_decoys = 0, dns_lines = 0;  // dns.log
};

std::vector<uint32_t> write_ipv4_lists(std::mt19937_64& rng, const std::string& dir) {
  // Indicators live in 1.0.0.0–99.255.255.255; background traffic in 100.64.0.0/10, never listed.
  std::vector<uint32_t> exact;
  exact.reserve(1000000);
  std::ofstream ind(dir + "/indicators.txt"), ips(dir + "/ips.txt");
  for (int i = 0; i < 1000000; ++i) {
    uint32_t a = static_cast<uint32_t>(0x01000000u + rng() % (0x64000000u - 0x01000000u));
    exact.push_back(a);
    ind << ip(a) << "\n";
    ips << ip(a) << "\n";
  }
  for (int i = 0; i < 100000; ++i) {
    int len = 20 + static_cast<int>(rng() % 9);  // /20…/28
    uint32_t a = static_cast<uint32_t>(0x01000000u + rng() % (0x64000000u - 0x01000000u));
    uint32_t mask = ~uint32_t{0} << (32 - len);
    ind << ip(a & mask) << "/" << len << "\n";
  }
  return exact;
}

void write_conn_logs(std::mt19937_64& rng, const std::string& dir, uint64_t size_mb,
                     const std::vector<uint32_t>& exact, Generated& g) {
  auto background = [&] { return 0x64400000u + static_cast<uint32_t>(rng() % 0x400000u); };
  std::ofstream tsv(dir + "/conn.gen"), jsn(dir + "/json.gen");
  tsv << "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto"
         "\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\n";
  uint64_t target = size_mb << 20;
  uint64_t written = 0;
  char buf[512];
  while (written < target) {
    bool hit = rng() % 1000 == 0;
    uint32_t orig = background();
    uint32_t resp = hit ? exact[rng() % exact.size()] : background();
    g.planted += hit;
    ++g.lines;
    double ts = 1700000000.0 + static_cast<double>(g.lines) * 0.001;
    int n = std::snprintf(
        buf, sizeof buf, "%.6f\tC%016llx\t%s\t%u\t%s\t%u\ttcp\tssl\t%.3f\t%u\t%u\tSF\n", ts,
        static_cast<unsigned long long>(rng()), ip(orig).c_str(),
        static_cast<unsigned>(1024 + rng() % 60000), ip(resp).c_str(), 443u,
        static_cast<double>(rng() % 100000) / 1000.0, static_cast<unsigned>(rng() % 100000),
        static_cast<unsigned>(rng() % 1000000));
    tsv.write(buf, n);
    written += static_cast<uint64_t>(n);
    n = std::snprintf(buf, sizeof buf,
                      "{\"ts\":%.6f,\"uid\":\"C%016llx\",\"id.orig_h\":\"%s\",\"id.orig_p\":%u,"
                      "\"id.resp_h\":\"%s\",\"id.resp_p\":443,\"proto\":\"tcp\",\"service\":"
                      "\"ssl\",\"conn_state\":\"SF\"}\n",
                      ts, static_cast<unsigned long long>(rng()), ip(orig).c_str(),
                      static_cast<unsigned>(1024 + rng() % 60000), ip(resp).c_str());
    jsn.write(buf, n);
  }
}

// The first `mb` MiB of whole lines of `from`.
void write_slice(const std::string& from, const std::string& to, uint64_t mb) {
  std::ifstream in(from);
  std::ofstream slice(to);
  std::string l;
  uint64_t b = 0;
  while (b < (mb << 20) && std::getline(in, l)) {
    slice << l << "\n";
    b += l.size() + 1;
  }
}

// DNS query logs against 1M listed domains (a listed domain matches itself and its
// subdomains, never a substring: "notevil.com" must not hit "evil.com").
void write_dns(std::mt19937_64& rng, const std::string& dir, uint64_t size_mb, Generated& g) {
  auto label = [&](int n) {
    std::string l;
    for (int i = 0; i < n; ++i) l += static_cast<char>('a' + rng() % 26);
    return l;
  };
  auto background = [&] { return 0x64400000u + static_cast<uint32_t>(rng() % 0x400000u); };
  const char* tlds[] = {"com", "net", "org", "cn", "ru", "info", "xyz", "top"};
  std::vector<std::string> listed;
  listed.reserve(1000000);
  {
    std::ofstream d(dir + "/domains.txt");
    for (int i = 0; i < 1000000; ++i) {
      listed.push_back(label(6 + static_cast<int>(rng() % 8)) + "." + tlds[rng() % 8]);
      d << listed.back() << "\n";
    }
  }
  std::ofstream dns(dir + "/dns.gen");
  dns << "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name"
         "\trcode_name\n";
  uint64_t target = (size_mb / 2) << 20, written = 0;
  char buf[512];
  while (written < target) {
    ++g.dns_lines;
    std::string q;
    uint64_t roll = rng() % 1000;
    if (roll == 0) {
      q = "www." + listed[rng() % listed.size()];
      ++g.dns_planted;
    } else if (roll == 1) {
      q = "not" + listed[rng() % listed.size()];  // a substring decoy: must not hit
      ++g.dns_decoys;
    } else {
      // Background names use a label alphabet listed names never have ('0'-'9' first).
      q = std::to_string(rng() % 1000) + label(8) + ".example." + tlds[rng() % 8];
    }
    int n = std::snprintf(buf, sizeof buf, "%.6f\tC%016llx\t%s\t%u\t%s\t53\tudp\t%s\tA\tNOERROR\n",
                          1700000000.0 + static_cast<double>(g.dns_lines) * 0.001,
                          static_cast<unsigned long long>(rng()), ip(background()).c_str(),
                          static_cast<unsigned>(1024 + rng() % 60000), ip(background()).c_str(),
                          q.c_str());
    dns.write(buf, n);
    written += static_cast<uint64_t>(n);
  }
}

struct Row {
  std::string tool, file;
  Timed t;
  double bytes;
};

// A table of whole-command times; `peer` is the row each ratio is taken against (the
// ratio of wall times: how many times faster than the peer on the same file).
void print_rows(const std::vector<Row>& rows, size_t peer) {
  std::printf("%-40s %-14s %8s %8s %8s %9s %9s %10s %8s %9s\n", "whole command", "file", "median s",
              "best s", "GB/s", "index s", "scan GB/s", "result", "peak MB",
              ("x " + rows[peer].tool.substr(0, rows[peer].tool.find(' '))).c_str());
  for (const auto& row : rows) {
    const RunResult& r = row.t.median;
    const Stats st = parse_stats(r.err);
    const double ix = index_seconds(r.err);
    char ix_text[16] = "-", scan_text[16] = "-", ratio[16] = "-";
    if (ix > 0) std::snprintf(ix_text, sizeof ix_text, "%.3f", ix);
    if (st.gbs > 0) std::snprintf(scan_text, sizeof scan_text, "%.2f", st.gbs);
    if (rows[peer].file == row.file) {
      std::snprintf(ratio, sizeof ratio, "%.1f", rows[peer].t.median.seconds / r.seconds);
    }
    std::printf("%-40s %-14s %8.3f %8.3f %8.2f %9s %9s %10llu %8.0f %9s\n", row.tool.c_str(),
                row.file.c_str(), r.seconds, row.t.best, row.bytes / 1e9 / r.seconds, ix_text,
                scan_text, static_cast<unsigned long long>(first_number(r.out)),
                static_cast<double>(r.peak_kb) / 1024, ratio);
  }
}

}  // namespace

namespace {

struct Bench {
  std::string bin, dir;
  Generated g;
  std::string f(const char* name) const { return dir + "/" + name; }
  double size(const char* name) const { return static_cast<double>(fs::file_size(f(name))); }
  std::vector<std::string> sweep(const char* threads, const char* list, const char* log,
                                 bool saved) const {
    std::vector<std::string> a = {bin, "sweep", "-c", "--stats", "-t", threads};
    if (saved) a.insert(a.end(), {"--index", f(list) + ".idx"});
    a.insert(a.end(), {"-i", f(list), f(log)});
    return a;
  }
  Row liaison(const char* threads, const char* list, const char* log, bool saved, int n = 5) const {
    std::string tool =
        std::string("liaison sweep -c -t") + threads + (saved ? " --index -i" : " -i (builds)");
    return {tool, log, timed(sweep(threads, list, log, saved), n), size(log)};
  }
  Row peer(std::string tool, const char* log, std::vector<std::string> args, int n = 2) const {
    return {std::move(tool), log, timed(args, n, true), size(log)};
  }
};

bool all_equal(const std::vector<Row>& rows, std::initializer_list<size_t> which, uint64_t want) {
  bool ok = true;
  for (size_t i : which) ok = ok && first_number(rows[i].t.median.out) == want;
  return ok;
}

// conn.log and conn.json against 1M IPv4 + 100k CIDR; returns whether every count was right.
bool ipv4_block(const Bench& b) {
  const std::string ind = b.f("indicators.txt");
  std::vector<Row> tsv = {
      b.liaison("1", "indicators.txt", "conn.log", true),
      b.liaison("2", "indicators.txt", "conn.log", true),
      b.liaison("1", "indicators.txt", "conn.log", false),
      b.peer("grepcidr -c -f", "conn.log", {"grepcidr", "-c", "-f", ind, b.f("conn.log")}),
      b.peer("wc -l", "conn.log", {"wc", "-l", b.f("conn.log")}),
  };
  std::printf(
      "\nconn.log, Zeek TSV: %.0f MB, %llu lines, 1,000,000 IPv4 + 100,000 CIDR, %llu "
      "planted hits\n",
      tsv[0].bytes / 1e6, static_cast<unsigned long long>(b.g.lines),
      static_cast<unsigned long long>(b.g.planted));
  print_rows(tsv, 3);
  std::vector<Row> jsn = {
      b.liaison("1", "indicators.txt", "conn.json", true),
      b.liaison("2", "indicators.txt", "conn.json", true),
      b.peer("grepcidr -c -f", "conn.json", {"grepcidr", "-c", "-f", ind, b.f("conn.json")}),
  };
  std::printf("conn.json, Zeek JSON lines: %.0f MB\n", jsn[0].bytes / 1e6);
  print_rows(jsn, 2);
  std::vector<Row> slice = {
      b.peer("rg -c -F -f (the 1M exact IPs)", "slice.log",
             {"rg", "-c", "-F", "-f", b.f("ips.txt"), b.f("slice.log")}, 1),
      b.liaison("1", "indicators.txt", "slice.log", true),
  };
  std::printf("slice.log, the first 32 MiB of conn.log\n");
  print_rows(slice, 0);
  const bool ok =
      all_equal(tsv, {0, 1, 2, 3}, b.g.planted) && all_equal(jsn, {0, 1, 2}, b.g.planted);
  std::printf("check: planted %llu; liaison (every row) and grepcidr found exactly them: %s\n",
              static_cast<unsigned long long>(b.g.planted), ok ? "OK" : "MISMATCH");
  const double x = tsv[3].t.median.seconds / tsv[0].t.median.seconds;
  std::printf(
      "targets: -t1 whole command >= 15x grepcidr: %.1fx; scan >= 3 GB/s on one core: "
      "%.2f, >= 5 on two: %.2f; saved index ready <= 20 ms: %.0f ms\n",
      x, parse_stats(tsv[0].t.median.err).gbs, parse_stats(tsv[1].t.median.err).gbs,
      1000 * index_seconds(tsv[0].t.median.err));
  return ok;
}

// dns.log against 1M domains; rg and grep on a slice of it.
bool domain_block(const Bench& b) {
  const std::string dom = b.f("domains.txt");
  std::vector<Row> rows = {
      b.liaison("1", "domains.txt", "dns.log", true),
      b.liaison("2", "domains.txt", "dns.log", true),
      b.liaison("1", "domains.txt", "dns.log", false),
      b.peer("wc -l", "dns.log", {"wc", "-l", b.f("dns.log")}),
  };
  std::printf(
      "\ndns.log: %.0f MB, %llu lines, 1,000,000 listed domains, %llu planted subdomain "
      "hits, %llu substring decoys\n",
      rows[0].bytes / 1e6, static_cast<unsigned long long>(b.g.dns_lines),
      static_cast<unsigned long long>(b.g.dns_planted),
      static_cast<unsigned long long>(b.g.dns_decoys));
  print_rows(rows, 3);
  std::vector<Row> slice = {
      b.peer("rg -c -F -f", "dns-slice.log", {"rg", "-c", "-F", "-f", dom, b.f("dns-slice.log")},
             1),
      b.peer("grep -c -F -f", "dns-slice.log",
             {"grep", "-c", "-F", "-f", dom, b.f("dns-slice.log")}, 1),
      b.liaison("1", "domains.txt", "dns-slice.log", true),
      b.liaison("1", "domains.txt", "dns-slice.log", false, 3),
  };
  std::printf("dns-slice.log, the first 8 MiB of dns.log\n");
  print_rows(slice, 0);
  const bool ok = all_equal(rows, {0, 1, 2}, b.g.dns_planted);
  std::printf(
      "check: planted %llu, liaison found exactly them (every row): %s; on the slice rg "
      "counts %llu lines, liaison %llu (rg's extra are substring false hits)\n",
      static_cast<unsigned long long>(b.g.dns_planted), ok ? "OK" : "MISMATCH",
      static_cast<unsigned long long>(first_number(slice[0].t.median.out)),
      static_cast<unsigned long long>(first_number(slice[2].t.median.out)));
  const double slice_x = slice[0].t.median.seconds / slice[2].t.median.seconds;
  const double rate_x =
      (rows[0].bytes / rows[0].t.median.seconds) / (slice[0].bytes / slice[0].t.median.seconds);
  std::printf(
      "targets: >= 100x rg -F -f: %.0fx on the slice (whole commands), %.0fx by bytes a "
      "second (liaison on dns.log); saved index ready <= 20 ms: %.0f ms\n",
      slice_x, rate_x, 1000 * index_seconds(rows[0].t.median.err));
  return ok;
}

// The saved index as a user meets it: whole commands on a log of one line (start-up, mapping
// and checking the index, the sweep of nothing, exit), with --index FILE alone and with
// --index FILE -i LIST (which also digests the lists to check the index was built from them),
// beside `liaison --version` (start-up alone). "ready" is --stats' "built in": from the
// command's start to the index ready to scan. Median of 9 runs (the best beside it).
void ready_block(const Bench& b) {
  std::printf("\nthe saved index, ready: whole commands on a one-line log\n");
  std::printf("%-62s %10s %10s %10s %10s\n", "whole command", "median ms", "best ms", "ready ms",
              "peak MB");
  const auto row = [&](const std::string& name, const std::vector<std::string>& args) {
    const Timed t = timed(args, 9);
    const double ready = index_seconds(t.median.err);
    char ready_text[16] = "-";
    if (ready > 0) std::snprintf(ready_text, sizeof ready_text, "%.1f", 1000 * ready);
    std::printf("%-62s %10.1f %10.1f %10s %10.0f\n", name.c_str(), 1000 * t.median.seconds,
                1000 * t.best, ready_text, static_cast<double>(t.median.peak_kb) / 1024);
    return ready;
  };
  row("liaison --version", {b.bin, "--version"});
  double worst = 0;
  for (const char* list : {"indicators.txt", "domains.txt"}) {
    const std::string idx = b.f(list) + ".idx", tiny = b.f("tiny.log");
    std::vector<std::string> alone = {b.bin, "sweep", "-c", "--stats", "-t", "1", "--index", idx};
    std::vector<std::string> with = alone;
    with.insert(with.end(), {"-i", b.f(list), tiny});
    alone.push_back(tiny);
    worst = std::max(worst, row(std::string("liaison sweep -c --index ") + list + ".idx", alone));
    worst = std::max(
        worst, row(std::string("liaison sweep -c --index ") + list + ".idx -i " + list, with));
  }
  std::printf(
      "target: saved index ready <= 20 ms (1.1M IPv4, 1M domains): worst of the four %.1f ms\n",
      1000 * worst);
}

// The compressed conn.log: matching should cost at most a quarter of decompressing.
bool compressed_block(const Bench& b) {
  run({"sh", "-c", "gzip -1 -c '" + b.f("conn.log") + "' > '" + b.f("conn.log.gz") + "'"});
  run({"zstd", "-q", "-f", "-3", b.f("conn.log"), "-o", b.f("conn.log.zst")});
  std::printf("\ncompressed conn.log: liaison -t1 splits its own thread time\n");
  std::printf("%-8s %14s %16s %16s %14s %16s %10s\n", "format", "peer -d (s)", "liaison -t1 (s)",
              "decompress (s)", "matching (s)", "match/decompress", "-t2 (s)");
  bool ok = true;
  for (const char* p : {"gz", "zst"}) {
    const std::string name = std::string("conn.log.") + p;
    const std::string peer = std::string(p) == "gz" ? "gzip -dc" : "zstd -dc";
    Timed d = timed({"sh", "-c", peer + " '" + b.f(name.c_str()) + "' > /dev/null"}, 2);
    Timed one = timed(b.sweep("1", "indicators.txt", name.c_str(), true), 3);
    Timed two = timed(b.sweep("2", "indicators.txt", name.c_str(), true), 3);
    const Stats st = parse_stats(one.median.err);
    ok = ok && first_number(one.median.out) == b.g.planted &&
         first_number(two.median.out) == b.g.planted;
    std::printf("%-8s %14.2f %16.2f %16.2f %14.2f %15.0f%% %10.2f\n", p, d.median.seconds,
                one.median.seconds, st.read_s, st.match_s, 100.0 * st.match_s / st.read_s,
                two.median.seconds);
  }
  std::printf("check: compressed sweeps find the %llu planted hits: %s\n",
              static_cast<unsigned long long>(b.g.planted), ok ? "OK" : "MISMATCH");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  Bench b;
  b.bin = (fs::path(argv[0]).parent_path().parent_path() / "liaison").string();
  uint64_t size_mb = 512;
  b.dir = (fs::temp_directory_path() / "liaison-bench-sweep").string();
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--keep") {
      keep = true;
    } else if (a == "--bin" && has_value) {
      b.bin = argv[++i];
    } else if (a == "--size-mb" && has_value) {
      size_mb = std::stoull(argv[++i]);
    } else if (a == "--dir" && has_value) {
      b.dir = argv[++i];
    } else {
      std::fprintf(
          a == "--help" || a == "-h" ? stdout : stderr,
          "Usage: sweep [--bin PATH] [--size-mb N] [--dir DIR] [--keep]\n"
          "Benchmarks whole `liaison sweep` commands against grepcidr, rg, grep, wc, gzip and\n"
          "zstd on generated Zeek-like logs of N MB (default 512; DNS logs N/2) with planted\n"
          "hits, first as the logs were written (8 KiB appends), then read back.\n"
          "  --bin PATH    the liaison binary (default: ../liaison next to this program)\n"
          "  --dir DIR     where the logs are written (default: a temporary directory)\n"
          "  --keep        keep the generated logs afterwards\n");
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  fs::create_directories(b.dir);
  std::mt19937_64 rng(20261121);
  const auto exact = write_ipv4_lists(rng, b.dir);
  write_conn_logs(rng, b.dir, size_mb, exact, b.g);
  write_dns(rng, b.dir, size_mb, b.g);
  write_slice(b.f("conn.gen"), b.f("slice.gen"), 32);
  write_slice(b.f("dns.gen"), b.f("dns-slice.gen"), 8);
  for (const char* n : {"conn", "json", "slice", "dns", "dns-slice"}) {
    const std::string to = std::string(n) == "json" ? "conn.json" : std::string(n) + ".log";
    write_as_logger(b.f((std::string(n) + ".gen").c_str()), b.f(to.c_str()));
  }
  std::ofstream(b.f("tiny.log")) << "1700000000.0\tC0\t100.64.0.1\t1\t100.64.0.2\t443\n";
  ::sync();  // (the runs must not compete with the kernel writing the files back)
  for (const char* list : {"indicators.txt", "domains.txt"}) {
    Timed t = timed({b.bin, "sweep", "--save-index", b.f(list) + ".idx", "-i", b.f(list)}, 1);
    std::printf("saving the index of %s: %.2f s, %.0f MB\n", list, t.median.seconds,
                static_cast<double>(fs::file_size(b.f(list) + ".idx")) / 1e6);
  }
  bool ok = true;
  for (bool reread : {false, true}) {
    if (reread) {
      for (const char* n :
           {"conn.log", "conn.json", "slice.log", "dns.log", "dns-slice.log", "indicators.txt",
            "domains.txt", "indicators.txt.idx", "domains.txt.idx"}) {
        warm_by_reading(b.f(n));
      }
    }
    std::printf("\n==== %s: %.0f%% of conn.log mapped in 2 MiB pages ====\n",
                reread ? "RE-READ (each file dropped from the page cache and read back: large "
                         "folios, the favourable case)"
                       : "AS WRITTEN (8 KiB appends, never read back: what a user meets)",
                100 * huge_mapped_share(b.f("conn.log")));
    ok = ipv4_block(b) && ok;
    ok = domain_block(b) && ok;
    ready_block(b);
  }
  ok = compressed_block(b) && ok;
  std::printf(
      "\nliaison: the median of 5 runs (best beside it); grepcidr, wc: the best of two; rg "
      "and grep with a million patterns: one run. \"index s\" is loading (--index) or "
      "building the index, \"scan GB/s\" the sweep alone (both from --stats).\n");
  if (!keep) fs::remove_all(b.dir);
  return ok ? 0 : 1;
}
