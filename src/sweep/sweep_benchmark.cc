// Micro benchmarks of the sweep's inner pieces: IPv4 parsing, range lookup against 1M
// addresses + 100k ranges, domain suffix lookup against 1M domains, and whole-buffer scans of
// in-memory Zeek conn and DNS lines (no I/O: the walk itself, in bytes per second).
#include <benchmark/benchmark.h>

#include <random>

#include "sweep/index.h"
#include "sweep/ipv4.h"
#include "sweep/scanner.h"
#include "sweep/simd.h"

namespace {

using liaison::sweep::Index;

std::string ip(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

const Index& ip_index() {
  static Index* idx = [] {
    auto* i = new Index;
    std::mt19937 rng(1);
    for (int k = 0; k < 1000000; ++k) (void)i->add(ip(0x01000000u + rng() % 0x63000000u));
    for (int k = 0; k < 100000; ++k) {
      int len = 20 + static_cast<int>(rng() % 9);
      (void)i->add(ip((0x01000000u + rng() % 0x63000000u) & (~0u << (32 - len))) + "/" +
                   std::to_string(len));
    }
    i->build();
    return i;
  }();
  return *idx;
}

const Index& domain_index();

void BM_ParseIpv4(benchmark::State& state) {
  std::vector<std::string> addrs;
  std::mt19937 rng(2);
  for (int i = 0; i < 4096; ++i) addrs.push_back(ip(static_cast<uint32_t>(rng())));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(liaison::sweep::parse_ipv4(addrs[i++ & 4095]));
  }
}
BENCHMARK(BM_ParseIpv4);

// The walk's parser: a field of digits and dots in the log buffer, 16 bytes readable.
void BM_ParseQuadInBuffer(benchmark::State& state) {
  if (!liaison::sweep::ipv4::have_ssse3()) {
    state.SkipWithError("this CPU has no SSSE3");
    return;
  }
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> fields;
  std::mt19937 rng(2);
  for (int i = 0; i < 4096; ++i) {
    std::string a = ip(static_cast<uint32_t>(rng()));
    fields.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(a.size())});
    text += a + "\t0123456789abcdef";
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto [at, len] = fields[i++ & 4095];
    uint32_t v4;
    benchmark::DoNotOptimize(liaison::sweep::simd::parse_quad_ssse3<liaison::sweep::simd::kOctets>(
        text.data() + at, len, v4));
    benchmark::DoNotOptimize(v4);
  }
}
BENCHMARK(BM_ParseQuadInBuffer);

void BM_MatchIpv4Miss(benchmark::State& state) {
  const Index& idx = ip_index();
  std::mt19937 rng(3);
  std::vector<uint32_t> q(4096);
  for (auto& a : q) a = 0x64400000u + rng() % 0x400000u;  // never listed
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(idx.match_ipv4(q[i++ & 4095]));
}
BENCHMARK(BM_MatchIpv4Miss);

void BM_MatchIpv4ListedSpace(benchmark::State& state) {
  const Index& idx = ip_index();
  std::mt19937 rng(4);
  std::vector<uint32_t> q(4096);
  for (auto& a : q) a = 0x01000000u + rng() % 0x63000000u;  // mostly near listed /24s
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(idx.match_ipv4(q[i++ & 4095]));
}
BENCHMARK(BM_MatchIpv4ListedSpace);

void BM_MatchDomain(benchmark::State& state) {
  const Index* idx = &domain_index();
  std::vector<std::string> q;
  std::mt19937 rng(6);
  for (int k = 0; k < 4096; ++k) {
    std::string l;
    for (int c = 0; c < 10; ++c) l += static_cast<char>('a' + rng() % 26);
    q.push_back("www.cdn." + l + ".net");
  }
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(idx->match_domain(q[i++ & 4095]));
}
BENCHMARK(BM_MatchDomain);

const Index& domain_index() {
  static Index* idx = [] {
    auto* i = new Index;
    std::mt19937 rng(5);
    for (int k = 0; k < 1000000; ++k) {
      std::string l;
      for (int c = 0; c < 10; ++c) l += static_cast<char>('a' + rng() % 26);
      (void)i->add_domain(l + ".com");
    }
    i->build();
    return i;
  }();
  return *idx;
}

// 32 MiB of Zeek conn lines: background addresses in 100.64.0.0/10 (never listed), one line
// in a thousand with a listed address.
const std::string& conn_text() {
  static const std::string text = [] {
    std::string s;
    std::mt19937_64 rng(7);
    char buf[512];
    for (uint64_t n = 0; s.size() < (32u << 20); ++n) {
      uint32_t resp = rng() % 1000 == 0 ? 0x01000000u + static_cast<uint32_t>(rng() % 0x63000000u)
                                        : 0x64400000u + static_cast<uint32_t>(rng() % 0x400000u);
      int len = std::snprintf(
          buf, sizeof buf, "%.6f\tC%016llx\t%s\t%u\t%s\t443\ttcp\tssl\t%.3f\t%u\t%u\tSF\n",
          1700000000.0 + static_cast<double>(n) * 0.001, static_cast<unsigned long long>(rng()),
          ip(0x64400000u + static_cast<uint32_t>(rng() % 0x400000u)).c_str(),
          static_cast<unsigned>(1024 + rng() % 60000), ip(resp).c_str(),
          static_cast<double>(rng() % 100000) / 1000.0, static_cast<unsigned>(rng() % 100000),
          static_cast<unsigned>(rng() % 1000000));
      s.append(buf, static_cast<size_t>(len));
    }
    return s;
  }();
  return text;
}

const std::string& dns_text() {
  static const std::string text = [] {
    std::string s;
    std::mt19937_64 rng(8);
    char buf[512];
    for (uint64_t n = 0; s.size() < (32u << 20); ++n) {
      std::string q = std::to_string(rng() % 1000);
      for (int c = 0; c < 8; ++c) q += static_cast<char>('a' + rng() % 26);
      q += ".example.com";
      int len = std::snprintf(
          buf, sizeof buf, "%.6f\tC%016llx\t%s\t%u\t%s\t53\tudp\t%s\tA\tNOERROR\n",
          1700000000.0 + static_cast<double>(n) * 0.001, static_cast<unsigned long long>(rng()),
          ip(0x64400000u + static_cast<uint32_t>(rng() % 0x400000u)).c_str(),
          static_cast<unsigned>(1024 + rng() % 60000),
          ip(0x64400000u + static_cast<uint32_t>(rng() % 0x400000u)).c_str(), q.c_str());
      s.append(buf, static_cast<size_t>(len));
    }
    return s;
  }();
  return text;
}

void scan_bench(benchmark::State& state, const Index& idx, const std::string& text) {
  for (auto _ : state) {
    liaison::sweep::ScanResult r;
    liaison::sweep::scan_buffer(idx, text, 1, true, r);
    benchmark::DoNotOptimize(r.lines_with_hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_ScanConnAgainstIpv4(benchmark::State& state) { scan_bench(state, ip_index(), conn_text()); }
BENCHMARK(BM_ScanConnAgainstIpv4)->Unit(benchmark::kMillisecond);

void BM_ScanDnsAgainstDomains(benchmark::State& state) {
  scan_bench(state, domain_index(), dns_text());
}
BENCHMARK(BM_ScanDnsAgainstDomains)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
