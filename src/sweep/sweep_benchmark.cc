// Micro benchmarks of the sweep's inner pieces: IPv4 parsing, range lookup against 1M
// addresses + 100k ranges, domain suffix lookup against 1M domains.
#include <benchmark/benchmark.h>

#include <random>

#include "sweep/index.h"

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

}  // namespace

BENCHMARK_MAIN();
