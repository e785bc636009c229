// bench/sweep: generates deterministic Zeek-like conn logs (TSV and JSON lines) with known
// planted hits and an indicator list of 1M IPv4 addresses + 100k CIDR ranges, then runs, in
// the same run on the same files, `liaison sweep --count`, `grepcidr -c -f`, `rg -c -F -f`
// and `wc -l`, printing seconds, GB/s, lines/s, peak memory and each ratio to liaison. It
// checks that liaison finds exactly the planted lines and exactly the lines grepcidr finds.
// (rg with a million fixed patterns is slow and memory-hungry: it runs on a 32 MiB slice.)
//
// Usage: sweep [--bin PATH] [--size-mb N] [--dir DIR] [--keep]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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
  std::string out;
  int status = -1;
};

RunResult run(const std::vector<std::string>& args) {
  std::string out_path = (fs::temp_directory_path() / "liaison-bench-sweep.out").string();
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen(out_path.c_str(), "w");
    dup2(fileno(f), 1);
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
  return r;
}

std::string ip(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
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
    if (std::string(argv[i]) == "--keep") keep = true;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--keep") {
      --i;
      continue;
    }
    if (a == "--bin") bin = argv[i + 1];
    else if (a == "--size-mb") size_mb = std::stoull(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
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
  // Warm the page cache.
  for (const char* f : {"conn.log", "conn.json", "indicators.txt"}) run({"cat", dir + "/" + f});

  struct Row {
    std::string tool, file;
    RunResult r;
    double bytes;
  };
  std::vector<Row> rows;
  auto size_of = [&](const std::string& f) { return static_cast<double>(fs::file_size(dir + "/" + f)); };
  auto add = [&](std::string tool, std::string file, std::vector<std::string> args) {
    rows.push_back({std::move(tool), file, run(args), size_of(file)});
  };
  std::string ind = dir + "/indicators.txt";
  add("liaison sweep -t1", "conn.log", {bin, "sweep", "--count", "-t", "1", "-i", ind, dir + "/conn.log"});
  add("liaison sweep -t2", "conn.log", {bin, "sweep", "--count", "-t", "2", "-i", ind, dir + "/conn.log"});
  add("liaison sweep -t2", "conn.json", {bin, "sweep", "--count", "-t", "2", "-i", ind, dir + "/conn.json"});
  add("grepcidr -c -f", "conn.log", {"grepcidr", "-c", "-f", ind, dir + "/conn.log"});
  add("wc -l", "conn.log", {"wc", "-l", dir + "/conn.log"});
  add("rg -c -F -f (exact IPs)", "slice.log", {"rg", "-c", "-F", "-f", dir + "/ips.txt", dir + "/slice.log"});
  add("liaison sweep -t1", "slice.log", {bin, "sweep", "--count", "-t", "1", "-i", ind, dir + "/slice.log"});

  double liaison_gbs = rows[0].bytes / 1e9 / rows[0].r.seconds;
  std::printf("\nliaison sweep vs peers: %llu lines, %.0f MB conn.log, 1,000,000 IPv4 + 100,000 "
              "CIDR indicators, %llu planted hits\n",
              static_cast<unsigned long long>(lines), rows[0].bytes / 1e6,
              static_cast<unsigned long long>(planted));
  std::printf("%-26s %-10s %8s %8s %12s %9s %10s %8s\n", "tool", "file", "seconds", "GB/s",
              "lines/s", "peak MB", "result", "vs -t1");
  for (const auto& row : rows) {
    double gbs = row.bytes / 1e9 / row.r.seconds;
    double lps = static_cast<double>(lines) * row.bytes / rows[0].bytes / row.r.seconds;
    std::printf("%-26s %-10s %8.2f %8.3f %12.0f %9.0f %10llu %8.2f\n", row.tool.c_str(),
                row.file.c_str(), row.r.seconds, gbs, lps, static_cast<double>(row.r.peak_kb) / 1024,
                static_cast<unsigned long long>(first_number(row.r.out)), gbs / liaison_gbs);
  }
  uint64_t ours = first_number(rows[0].r.out), ours2 = first_number(rows[1].r.out);
  uint64_t ours_json = first_number(rows[2].r.out), grepcidr = first_number(rows[3].r.out);
  bool ok = ours == planted && ours2 == planted && ours_json == planted && grepcidr == ours;
  std::printf("check: planted %llu, liaison %llu/%llu/%llu (tsv -t1/-t2/json), grepcidr %llu: %s\n",
              static_cast<unsigned long long>(planted), static_cast<unsigned long long>(ours),
              static_cast<unsigned long long>(ours2), static_cast<unsigned long long>(ours_json),
              static_cast<unsigned long long>(grepcidr), ok ? "OK" : "MISMATCH");
  std::printf("targets (brief §7): >= 3 GB/s on one core, >= 6 GB/s on two; times include loading "
              "and indexing the 1.1M indicators\n");
  if (!keep) fs::remove_all(dir);
  return ok ? 0 : 1;
}
