// bench/sweep: generates deterministic Zeek-like conn logs (TSV and JSON lines) with known
// planted hits and an indicator list of 1M IPv4 addresses + 100k CIDR ranges, then runs, in
// the same run on the same files, `liaison sweep --count`, `grepcidr -c -f`, `rg -c -F -f`
// and `wc -l` (liaison: the best of five runs, with the median and worst printed too; wc
// and the decompressors: the best of three), printing
// seconds, GB/s, lines/s, peak memory and each ratio to liaison; then
// the same log gzip- and zstd-compressed against `gzip -dc` / `zstd -dc`; then DNS logs
// against 1M domains with `rg -F -f` and `grep -F -f`. It
// checks that liaison finds exactly the planted lines and exactly the lines grepcidr finds.
// (rg with a million fixed patterns is slow and memory-hungry: it runs on a 32 MiB slice.)
// The page cache is warm: each file is dropped from it and read back once (warm_by_reading);
// two extra rows show liaison on conn.log as the generator's writes left it in the cache.
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
  std::vector<double> scans;  // best_of: every run's scan GB/s (--stats), sorted
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

// The best of n runs, for the quick tools, so one run disturbed by the page cache or the
// VM's neighbours does not stand for the tool: the fastest sweep by its own --stats when it
// prints them (the wall time also holds loading the index, which varies more), else the
// shortest wall time.
RunResult best_of(const std::vector<std::string>& args, int n) {
  RunResult best = run(args);
  double best_gbs = parse_stats(best.err).gbs;
  std::vector<double> scans{best_gbs};
  for (int i = 1; i < n; ++i) {
    RunResult r = run(args);
    const double gbs = parse_stats(r.err).gbs;
    scans.push_back(gbs);
    if (gbs > 0 ? gbs > best_gbs : r.seconds < best.seconds) {
      best = std::move(r);
      best_gbs = gbs;
    }
  }
  std::sort(scans.begin(), scans.end());
  best.scans = std::move(scans);
  return best;
}

// "worst / median / best" of a best_of's scan figures.
std::string spread(const RunResult& r) {
  if (r.scans.empty() || r.scans.back() <= 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f / %.2f / %.2f", r.scans.front(), r.scans[r.scans.size() / 2],
                r.scans.back());
  return buf;
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

}  // namespace

int main(int argc, char** argv) {
  std::string bin = (fs::path(argv[0]).parent_path().parent_path() / "liaison").string();
  uint64_t size_mb = 512;
  std::string dir = (fs::temp_directory_path() / "liaison-bench-sweep").string();
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--keep") {
      keep = true;
    } else if (a == "--bin" && has_value) {
      bin = argv[++i];
    } else if (a == "--size-mb" && has_value) {
      size_mb = std::stoull(argv[++i]);
    } else if (a == "--dir" && has_value) {
      dir = argv[++i];
    } else {
      std::fprintf(
          a == "--help" || a == "-h" ? stdout : stderr,
          "Usage: sweep [--bin PATH] [--size-mb N] [--dir DIR] [--keep]\n"
          "Benchmarks `liaison sweep` against grepcidr, rg, grep, wc, gzip and zstd on generated\n"
          "Zeek-like logs of N MB (default 512) with planted hits, and prints the table.\n"
          "  --bin PATH    the liaison binary (default: ../liaison next to this program)\n"
          "  --dir DIR     where the logs are written (default: a temporary directory)\n"
          "  --keep        keep the generated logs afterwards\n"
          "The page cache is warmed by reading each file back once (it is written back and\n"
          "dropped first); two rows show conn.log as the generator's writes left it.\n");
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  fs::create_directories(dir);
  std::mt19937_64 rng(20261121);
  // Indicators live in 1.0.0.0–99.255.255.255; background traffic in 100.64.0.0/10, never listed.
  std::vector<uint32_t> exact;
  exact.reserve(1000000);
  {
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
  }
  auto background = [&] { return 0x64400000u + static_cast<uint32_t>(rng() % 0x400000u); };
  uint64_t planted = 0, lines = 0;
  {
    std::ofstream tsv(dir + "/conn.log"), jsn(dir + "/conn.json");
    tsv << "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto"
           "\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\n";
    uint64_t target = size_mb << 20;
    uint64_t written = 0;
    char buf[512];
    while (written < target) {
      bool hit = rng() % 1000 == 0;
      uint32_t orig = background();
      uint32_t resp = hit ? exact[rng() % exact.size()] : background();
      planted += hit;
      ++lines;
      double ts = 1700000000.0 + static_cast<double>(lines) * 0.001;
      int n = std::snprintf(buf, sizeof buf,
                            "%.6f\tC%016llx\t%s\t%u\t%s\t%u\ttcp\tssl\t%.3f\t%u\t%u\tSF\n", ts,
                            static_cast<unsigned long long>(rng()), ip(orig).c_str(),
                            static_cast<unsigned>(1024 + rng() % 60000), ip(resp).c_str(), 443u,
                            static_cast<double>(rng() % 100000) / 1000.0,
                            static_cast<unsigned>(rng() % 100000),
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
  {
    std::ifstream in(dir + "/conn.log");
    std::ofstream slice(dir + "/slice.log");
    std::string l;
    uint64_t b = 0;
    while (b < (32u << 20) && std::getline(in, l)) {
      slice << l << "\n";
      b += l.size() + 1;
    }
  }
  // The page cache as the generator's writes left it, then as a read leaves it (the table).
  const std::string conn = dir + "/conn.log", ind = dir + "/indicators.txt";
  ::sync();  // (the as-written runs must not compete with the kernel writing the files back)
  const double written_share = huge_mapped_share(conn);
  RunResult written_t1 = best_of({bin, "sweep", "--count", "--stats", "-t", "1", "-i", ind, conn}, 5);
  RunResult written_t2 = best_of({bin, "sweep", "--count", "--stats", "-t", "2", "-i", ind, conn}, 5);
  for (const char* f : {"conn.log", "conn.json", "indicators.txt", "slice.log", "ips.txt"}) {
    warm_by_reading(dir + "/" + f);
  }
  const double read_share = huge_mapped_share(conn);

  struct Row {
    std::string tool, file;
    RunResult r;
    double bytes;
  };
  std::vector<Row> rows;
  auto size_of = [&](const std::string& f) { return static_cast<double>(fs::file_size(dir + "/" + f)); };
  auto add = [&](std::string tool, std::string file, std::vector<std::string> args, int runs = 1) {
    rows.push_back({std::move(tool), file, best_of(args, runs), size_of(file)});
  };
  add("liaison sweep -t1", "conn.log", {bin, "sweep", "--count", "--stats", "-t", "1", "-i", ind, dir + "/conn.log"}, 5);
  add("liaison sweep -t2", "conn.log", {bin, "sweep", "--count", "--stats", "-t", "2", "-i", ind, dir + "/conn.log"}, 5);
  add("liaison sweep -t2", "conn.json", {bin, "sweep", "--count", "--stats", "-t", "2", "-i", ind, dir + "/conn.json"}, 5);
  add("grepcidr -c -f", "conn.log", {"grepcidr", "-c", "-f", ind, dir + "/conn.log"});
  add("wc -l", "conn.log", {"wc", "-l", dir + "/conn.log"}, 3);
  add("rg -c -F -f (exact IPs)", "slice.log", {"rg", "-c", "-F", "-f", dir + "/ips.txt", dir + "/slice.log"});
  add("liaison sweep -t1", "slice.log", {bin, "sweep", "--count", "-t", "1", "-i", ind, dir + "/slice.log"});

  rows.push_back({"liaison -t1, as written", "conn.log", written_t1, size_of("conn.log")});
  rows.push_back({"liaison -t2, as written", "conn.log", written_t2, size_of("conn.log")});
  double liaison_gbs = rows[0].bytes / 1e9 / rows[0].r.seconds;
  std::printf("\nliaison sweep vs peers: %llu lines, %.0f MB conn.log, 1,000,000 IPv4 + 100,000 "
              "CIDR indicators, %llu planted hits\n",
              static_cast<unsigned long long>(lines), rows[0].bytes / 1e6,
              static_cast<unsigned long long>(planted));
  std::printf("%-26s %-10s %8s %8s %10s %12s %9s %10s %8s\n", "tool", "file", "seconds", "GB/s",
              "scan GB/s", "lines/s", "peak MB", "result", "vs -t1");
  for (const auto& row : rows) {
    double gbs = row.bytes / 1e9 / row.r.seconds;
    double lps = static_cast<double>(lines) * row.bytes / rows[0].bytes / row.r.seconds;
    Stats st = parse_stats(row.r.err);
    std::printf("%-26s %-10s %8.2f %8.3f %10s %12.0f %9.0f %10llu %8.2f\n", row.tool.c_str(),
                row.file.c_str(), row.r.seconds, gbs,
                st.gbs > 0 ? std::to_string(st.gbs).substr(0, 5).c_str() : "-", lps,
                static_cast<double>(row.r.peak_kb) / 1024,
                static_cast<unsigned long long>(first_number(row.r.out)), gbs / liaison_gbs);
  }
  uint64_t ours = first_number(rows[0].r.out), ours2 = first_number(rows[1].r.out);
  uint64_t ours_json = first_number(rows[2].r.out), grepcidr = first_number(rows[3].r.out);
  bool ok = ours == planted && ours2 == planted && ours_json == planted && grepcidr == ours &&
            first_number(written_t1.out) == planted && first_number(written_t2.out) == planted;
  std::printf("check: planted %llu, liaison %llu/%llu/%llu (tsv -t1/-t2/json, and as written), grepcidr %llu: %s\n",
              static_cast<unsigned long long>(planted), static_cast<unsigned long long>(ours),
              static_cast<unsigned long long>(ours2), static_cast<unsigned long long>(ours_json),
              static_cast<unsigned long long>(grepcidr), ok ? "OK" : "MISMATCH");
  std::printf("page cache: %.0f%% of conn.log mapped in 2 MiB pages as the generator wrote it "
              "(the \"as written\" rows), %.0f%% once dropped and read back (every other row)\n",
              100 * written_share, 100 * read_share);
  std::printf("targets (brief §7): >= 3 GB/s on one core, >= 6 GB/s on two. \"seconds\" and "
              "\"GB/s\" include loading and indexing the 1.1M indicators; \"scan GB/s\" is the "
              "sweep itself, from --stats; liaison: the run of five with the best scan, wc: the "
              "fastest of three\n");
  std::printf("liaison scan GB/s over its five runs (worst / median / best): -t1 %s; -t2 %s; "
              "json -t2 %s; as written -t1 %s, -t2 %s\n",
              spread(rows[0].r).c_str(), spread(rows[1].r).c_str(), spread(rows[2].r).c_str(),
              spread(written_t1).c_str(), spread(written_t2).c_str());
  // The brief's targets came with peer figures from its own machine; the same peers here
  // say how this host compares (a VM whose neighbours vary from run to run).
  const double grepcidr_gbs = rows[3].bytes / 1e9 / rows[3].r.seconds;
  const double wc_gbs = rows[4].bytes / 1e9 / rows[4].r.seconds;
  std::printf("this host against the brief's: grepcidr %.3f GB/s (brief 0.18, %.2fx), wc -l %.1f "
              "GB/s (brief 14, %.2fx)\n",
              grepcidr_gbs, grepcidr_gbs / 0.18, wc_gbs, wc_gbs / 14);
  // ---- Compressed logs: matching must cost <= 25% of the decompression time. liaison
  // -t1 reports its own decompressing and matching time; the peers decompress only.
  run({"sh", "-c", "gzip -1 -c '" + dir + "/conn.log' > '" + dir + "/conn.log.gz'"});
  run({"zstd", "-q", "-f", "-3", dir + "/conn.log", "-o", dir + "/conn.log.zst"});
  for (const char* f : {"conn.log.gz", "conn.log.zst"}) warm_by_reading(dir + "/" + f);
  struct Packed {
    const char* name;
    const char* peer;
  };
  std::printf("\ncompressed conn.log (%.0f MB plain): liaison -t1 splits its own time\n",
              rows[0].bytes / 1e6);
  std::printf("%-8s %14s %16s %16s %14s %16s %10s\n", "format", "peer -d (s)", "liaison -t1 (s)",
              "decompress (s)", "matching (s)", "match/decompress", "-t2 (s)");
  bool packed_ok = true;
  for (Packed p : {Packed{"gz", "gzip -dc"}, Packed{"zst", "zstd -dc"}}) {
    std::string file = dir + "/conn.log." + p.name;
    RunResult peer = best_of({"sh", "-c", std::string(p.peer) + " '" + file + "' > /dev/null"}, 3);
    RunResult one = best_of({bin, "sweep", "--count", "--stats", "-t", "1", "-i", ind, file}, 3);
    RunResult two = best_of({bin, "sweep", "--count", "--stats", "-t", "2", "-i", ind, file}, 3);
    Stats st = parse_stats(one.err);
    packed_ok = packed_ok && first_number(one.out) == planted && first_number(two.out) == planted;
    std::printf("%-8s %14.2f %16.2f %16.2f %14.2f %15.0f%% %10.2f\n", p.name, peer.seconds,
                one.seconds, st.read_s, st.match_s, 100.0 * st.match_s / st.read_s, two.seconds);
  }
  std::printf("check: compressed sweeps find the %llu planted hits: %s; target: matching <= 25%% "
              "of decompression\n",
              static_cast<unsigned long long>(planted), packed_ok ? "OK" : "MISMATCH");
  // ---- Domains: DNS query logs against 1M listed domains (a listed domain matches itself and
  // its subdomains, never a substring: "notevil.com" must not hit "evil.com").
  auto label = [&](int n) {
    std::string l;
    for (int i = 0; i < n; ++i) l += static_cast<char>('a' + rng() % 26);
    return l;
  };
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
  uint64_t dns_planted = 0, dns_decoys = 0, dns_lines = 0;
  {
    std::ofstream dns(dir + "/dns.log");
    dns << "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name"
           "\trcode_name\n";
    uint64_t target = (size_mb / 2) << 20, written = 0;
    char buf[512];
    while (written < target) {
      ++dns_lines;
      std::string q;
      uint64_t roll = rng() % 1000;
      if (roll == 0) {
        q = "www." + listed[rng() % listed.size()];
        ++dns_planted;
      } else if (roll == 1) {
        q = "not" + listed[rng() % listed.size()];  // a substring decoy: must not hit
        ++dns_decoys;
      } else {
        // Background names use a label alphabet listed names never have ('0'-'9' first).
        q = std::to_string(rng() % 1000) + label(8) + ".example." + tlds[rng() % 8];
      }
      int n = std::snprintf(buf, sizeof buf, "%.6f\tC%016llx\t%s\t%u\t%s\t53\tudp\t%s\tA\tNOERROR\n",
                            1700000000.0 + static_cast<double>(dns_lines) * 0.001,
                            static_cast<unsigned long long>(rng()), ip(background()).c_str(),
                            static_cast<unsigned>(1024 + rng() % 60000), ip(background()).c_str(),
                            q.c_str());
      dns.write(buf, n);
      written += static_cast<uint64_t>(n);
    }
  }
  {
    std::ifstream in(dir + "/dns.log");
    std::ofstream slice(dir + "/dns-slice.log");
    std::string l;
    uint64_t b = 0;
    while (b < (8u << 20) && std::getline(in, l)) {
      slice << l << "\n";
      b += l.size() + 1;
    }
  }
  for (const char* f : {"dns.log", "dns-slice.log", "domains.txt"}) warm_by_reading(dir + "/" + f);
  std::vector<Row> drows;
  auto dadd = [&](std::string tool, std::string file, std::vector<std::string> args, int runs = 1) {
    drows.push_back({std::move(tool), file, best_of(args, runs), size_of(file)});
  };
  std::string dom = dir + "/domains.txt";
  dadd("liaison sweep -t1", "dns.log", {bin, "sweep", "--count", "--stats", "-t", "1", "-i", dom, dir + "/dns.log"}, 5);
  dadd("liaison sweep -t2", "dns.log", {bin, "sweep", "--count", "--stats", "-t", "2", "-i", dom, dir + "/dns.log"}, 5);
  dadd("wc -l", "dns.log", {"wc", "-l", dir + "/dns.log"}, 3);
  dadd("rg -c -F -f", "dns-slice.log", {"rg", "-c", "-F", "-f", dom, dir + "/dns-slice.log"});
  dadd("grep -c -F -f", "dns-slice.log", {"grep", "-c", "-F", "-f", dom, dir + "/dns-slice.log"});
  dadd("liaison sweep -t1", "dns-slice.log", {bin, "sweep", "--count", "-t", "1", "-i", dom, dir + "/dns-slice.log"});
  double dl_gbs = drows[0].bytes / 1e9 / drows[0].r.seconds;
  std::printf("\nliaison sweep of DNS logs: %llu lines, %.0f MB, 1,000,000 listed domains, %llu planted "
              "subdomain hits, %llu substring decoys\n",
              static_cast<unsigned long long>(dns_lines), drows[0].bytes / 1e6,
              static_cast<unsigned long long>(dns_planted), static_cast<unsigned long long>(dns_decoys));
  std::printf("%-26s %-10s %8s %8s %10s %9s %10s %8s\n", "tool", "file", "seconds", "GB/s",
              "scan GB/s", "peak MB", "result", "vs -t1");
  for (const auto& row : drows) {
    double gbs = row.bytes / 1e9 / row.r.seconds;
    Stats st = parse_stats(row.r.err);
    std::printf("%-26s %-10s %8.2f %8.3f %10s %9.0f %10llu %8.2f\n", row.tool.c_str(),
                row.file.c_str(), row.r.seconds, gbs,
                st.gbs > 0 ? std::to_string(st.gbs).substr(0, 5).c_str() : "-",
                static_cast<double>(row.r.peak_kb) / 1024,
                static_cast<unsigned long long>(first_number(row.r.out)), gbs / dl_gbs);
  }
  std::printf("liaison index: %s", drows[0].r.err.c_str());
  uint64_t d_ours = first_number(drows[0].r.out), d_ours2 = first_number(drows[1].r.out);
  uint64_t rg_hits = first_number(drows[3].r.out), our_slice = first_number(drows[5].r.out);
  bool dok = d_ours == dns_planted && d_ours2 == dns_planted;
  std::printf("check: planted %llu, liaison %llu/%llu: %s; on the slice rg counts %llu lines, "
              "liaison %llu (rg's extra are substring false hits)\n",
              static_cast<unsigned long long>(dns_planted), static_cast<unsigned long long>(d_ours),
              static_cast<unsigned long long>(d_ours2), dok ? "OK" : "MISMATCH",
              static_cast<unsigned long long>(rg_hits), static_cast<unsigned long long>(our_slice));
  std::printf("liaison scan GB/s over its five runs (worst / median / best): -t1 %s; -t2 %s\n",
              spread(drows[0].r).c_str(), spread(drows[1].r).c_str());
  std::printf("targets (brief §7): >= 1 GB/s on one core; index <= 100 MB built in < 1 s\n");
  if (!keep) fs::remove_all(dir);
  return ok && dok && packed_ok ? 0 : 1;
}
