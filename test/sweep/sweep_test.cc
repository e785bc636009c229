#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "sweep/blocks.h"
#include "sweep/fields.h"
#include "sweep/index.h"
#include "sweep/ipv4.h"
#include "sweep/scanner.h"
#include "sweep/simd.h"
#include "sweep/truncation_guard.h"
#include "sweep/walk.h"

namespace liaison::sweep {
namespace {

Index make(std::initializer_list<const char*> items) {
  Index idx;
  for (const char* s : items) EXPECT_TRUE(idx.add(s).is_ok()) << s;
  idx.build();
  return idx;
}

uint64_t count(const Index& idx, std::string_view text) {
  ScanResult r;
  scan_buffer(idx, text, 1, true, r);
  return r.lines_with_hits;
}

TEST(ParseIpv4, StrictDottedQuad) {
  EXPECT_EQ(*parse_ipv4("10.1.2.3"), 0x0a010203u);
  EXPECT_EQ(*parse_ipv4("255.255.255.255"), 0xffffffffu);
  EXPECT_EQ(*parse_ipv4("0.0.0.0"), 0u);
  for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 ", "a.b.c.d",
                          "1..2.3", "1.2.3.-4", "1234.1.1.1", ""}) {
    EXPECT_FALSE(parse_ipv4(bad)) << bad;
  }
}

// 512 blocks: the first 256 hold every byte value in every position, the rest random bytes.
std::string every_byte_in_every_position(unsigned seed) {
  std::mt19937 rng(seed);
  std::string text(64 * 512, '\0');
  for (size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char>(i < 64 * 256 ? (i / 64 + i) % 256 : rng() % 256);
  }
  return text;
}

// The AVX2 classifier against the scalar reference, on every byte value in every position.
TEST(Blocks, Avx2AgreesWithScalarOnEveryByteValue) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  const std::string text = every_byte_in_every_position(11);
  std::vector<blocks::Block> a(512), b(512);
  for (size_t k = 0; k < 512; ++k) {
    blocks::classify_scalar(text.data() + 64 * k, a[k]);
    simd::classify_block_avx2(text.data() + 64 * k, b[k]);
  }
  for (size_t k = 0; k < 512; ++k) {
    EXPECT_EQ(a[k].delim, b[k].delim) << k;
    EXPECT_EQ(a[k].bad, b[k].bad) << k;
    EXPECT_EQ(a[k].dot, b[k].dot) << k;
    EXPECT_EQ(a[k].colon, b[k].colon) << k;
    EXPECT_EQ(a[k].alpha, b[k].alpha) << k;
    EXPECT_EQ(a[k].dash, b[k].dash) << k;
    EXPECT_EQ(a[k].newline, b[k].newline) << k;
    EXPECT_EQ(a[k].hash, b[k].hash) << k;
    EXPECT_EQ(a[k].impure, b[k].impure) << k;
  }
}

// n blocks through the lean classifier in the walk's chunks of 64; returns the newlines.
__attribute__((target("avx2,popcnt"))) uint64_t classify_lean(const char* p, size_t n,
                                                              blocks::Block* out) {
  uint64_t lines = 0;
  for (size_t chunk = 0; chunk < n; chunk += 64) {
    __m256i newlines = _mm256_setzero_si256();
    for (size_t k = chunk; k < chunk + 64 && k < n; ++k) {
      out[k] = blocks::Block{};
      simd::classify_block_lean_avx2(p + 64 * k, out[k], newlines);
    }
    lines += simd::count_of(newlines);
  }
  return lines;
}

// The lean classifier (IPv4-only indexes) against the scalar reference on what it computes,
// its newline count included.
TEST(Blocks, LeanAvx2AgreesWithScalarOnEveryByteValue) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  std::string text = every_byte_in_every_position(14);
  text[64 * 300 + 5] = '#';  // blocks with and without a '#'
  std::vector<blocks::Block> a(512);
  uint64_t lines = 0;
  for (size_t k = 0; k < 512; ++k) {
    blocks::classify_scalar(text.data() + 64 * k, a[k]);
    lines += static_cast<uint64_t>(__builtin_popcountll(a[k].newline));
  }
  size_t with_hash = 0;
  std::vector<blocks::Block> lean(512);
  const uint64_t counted = classify_lean(text.data(), 512, lean.data());
  for (size_t k = 0; k < 512; ++k) {
    EXPECT_EQ(a[k].delim, lean[k].delim) << k;
    EXPECT_EQ(a[k].dot, lean[k].dot) << k;
    EXPECT_EQ(a[k].hash, lean[k].hash) << k;
    with_hash += a[k].hash != 0;
  }
  EXPECT_EQ(counted, lines);
  EXPECT_GT(lines, 0u);
  EXPECT_EQ(simd::newlines_in(text.data() + 5, text.data() + 64 * 512 - 3),
            static_cast<uint64_t>(std::count(text.begin() + 5, text.end() - 3, '\n')));
  EXPECT_GT(with_hash, 0u);
  EXPECT_LT(with_hash, 512u);
}

// The SSSE3 parser against the portable one: every combination of octet lengths with
// random values, leading zeros, out-of-range octets, and random strings of digits and dots
// with other bytes among them.
TEST(ParseIpv4, SimdAgreesWithPortable) {
  if (!ipv4::have_ssse3()) GTEST_SKIP() << "this CPU has no SSSE3";
  std::mt19937 rng(12);
  std::vector<std::string> cases;
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    if (i % 2 == 0 || i % 8 == 3) {
      for (int o = 0; o < 4; ++o) {
        int len = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < len; ++k) s += static_cast<char>('0' + rng() % 10);
        if (o < 3) s += '.';
      }
      // Now and then one byte of any value in it ('/' and ':' border the digits).
      if (i % 8 == 3) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    } else {
      int len = static_cast<int>(rng() % 17);
      for (int k = 0; k < len; ++k) s += "0123456789.x"[rng() % (i % 4 == 1 ? 11 : 12)];
    }
    cases.push_back(s);
  }
  int valid = 0;
  for (const auto& s : cases) {
    uint32_t want = 0, got = 0, got_direct = 0;
    bool ok = ipv4::parse_portable(s, want);
    valid += ok;
    std::string padded = s + std::string(16, 'z');
    EXPECT_EQ(ipv4::parse_ssse3(s, got, nullptr), ok) << s;
    EXPECT_EQ(ipv4::parse_ssse3(std::string_view(padded.data(), s.size()), got_direct,
                                padded.data() + padded.size()),
              ok)
        << s;
    if (ok) {
      EXPECT_EQ(got, want) << s;
      EXPECT_EQ(got_direct, want) << s;
    }
  }
  EXPECT_GT(valid, 20000);  // the generator does reach valid addresses
}

TEST(Sweep, FieldsNeverSubstrings) {
  Index idx = make({"10.1.2.3", "evil.com"});
  EXPECT_EQ(count(idx, "110.1.2.34\tnotevil.com\n"), 0u);
  EXPECT_EQ(count(idx, "10.1.2.30 x.evil.com.org\n"), 0u);
  EXPECT_EQ(count(idx, "src=10.1.2.3 dst=1.1.1.1\n"), 1u);
  EXPECT_EQ(count(idx, "{\"host\":\"WWW.Evil.COM.\"}\n"), 1u);
  EXPECT_EQ(count(idx, "a,b,10.1.2.3:443,c\n"), 1u);
  EXPECT_EQ(count(idx, "mail from bob@Mail.EVIL.com\n"), 1u);
  EXPECT_EQ(count(idx, "evil.community\n"), 0u);
}

TEST(Sweep, CidrNestingAndLongestMatch) {
  Index idx = make({"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "192.0.2.7"});
  auto id_of = [&](const char* ip) {
    int32_t id = idx.match_ipv4(*parse_ipv4(ip));
    return id < 0 ? std::string("-") : idx.indicator(id).value;
  };
  EXPECT_EQ(id_of("10.9.9.9"), "10.0.0.0/8");
  EXPECT_EQ(id_of("10.1.9.9"), "10.1.0.0/16");
  EXPECT_EQ(id_of("10.1.2.3"), "10.1.2.0/24");
  EXPECT_EQ(id_of("10.1.2.200"), "10.1.2.128/25");
  EXPECT_EQ(id_of("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(id_of("192.0.2.8"), "-");
  EXPECT_EQ(id_of("11.0.0.0"), "-");
  Index all = make({"0.0.0.0/0"});
  EXPECT_GE(all.match_ipv4(*parse_ipv4("203.0.113.9")), 0);
  Index host = make({"198.51.100.1/32"});
  EXPECT_GE(host.match_ipv4(*parse_ipv4("198.51.100.1")), 0);
  EXPECT_LT(host.match_ipv4(*parse_ipv4("198.51.100.0")), 0);
  // A range's text is its network: host bits cleared, every octet and length written out.
  Index ranges;
  for (const auto& [given, text] : std::vector<std::pair<std::string, std::string>>{
           {"255.255.255.255/1", "128.0.0.0/1"},
           {"192.168.100.203/30", "192.168.100.200/30"},
           {"10.200.3.4/0", "0.0.0.0/0"},
           {"172.16.254.99/20", "172.16.240.0/20"},
           {"9.9.9.9/31", "9.9.9.8/31"}}) {
    auto id = ranges.add(given);
    ASSERT_TRUE(id.is_ok()) << given;
    EXPECT_EQ(ranges.indicator(*id).value, text) << given;
  }
}

// Thousands of ranges of one length (their low bits all zero) and of host addresses in the
// same /24s: every one is found and the most specific wins (the range tables once started
// every /20 network in one of a few hundred slots).
TEST(Sweep, ManyRangesOfOneLengthAreAllFound) {
  Index idx;
  std::vector<uint32_t> nets;
  for (uint32_t i = 0; i < 20000; ++i) {
    const uint32_t net = (0x0a000000u + (i << 12));  // 10.0.0.0/20, 10.0.16.0/20, …
    nets.push_back(net);
    ASSERT_TRUE(idx.add_ipv4(net, 20, "r" + std::to_string(i)).is_ok());
    ASSERT_TRUE(idx.add_ipv4(net + 0x805, 32, "h" + std::to_string(i)).is_ok());  // x.x.8.5
  }
  idx.build();
  for (uint32_t i = 0; i < nets.size(); ++i) {
    ASSERT_EQ(idx.indicator(idx.match_ipv4(nets[i] + 0x101)).value, "r" + std::to_string(i));
    ASSERT_EQ(idx.indicator(idx.match_ipv4(nets[i] + 0x805)).value, "h" + std::to_string(i));
  }
  EXPECT_LT(idx.match_ipv4(0x0a000000u + (20000u << 12) + 1), 0);  // past the last range
}

TEST(Sweep, Ipv6AndMappedAddresses) {
  Index idx = make({"2001:db8::/32", "2001:db8:1::1/128", "203.0.113.0/24"});
  EXPECT_EQ(count(idx, "2001:DB8:ffff::9\n"), 1u);
  EXPECT_EQ(count(idx, "[2001:db8:1::1]:443\n"), 1u);
  EXPECT_EQ(count(idx, "2001:db9::1\n"), 0u);
  EXPECT_EQ(count(idx, "::ffff:203.0.113.9\n"), 1u);  // IPv4-mapped hits the IPv4 range
  Index mapped = make({"::ffff:198.51.100.3"});
  EXPECT_EQ(count(mapped, "198.51.100.3\n"), 1u);
}

TEST(Sweep, DomainNamesAreNormalisedOrRefused) {
  EXPECT_EQ(normalise_domain("Evil.COM."), "evil.com");
  EXPECT_EQ(normalise_domain("_dmarc.Mail-1.example.org"), "_dmarc.mail-1.example.org");
  EXPECT_EQ(normalise_domain("xn--80ak6aa92e.com"), "xn--80ak6aa92e.com");
  EXPECT_EQ(normalise_domain(std::string(63, 'a') + ".com"), std::string(63, 'a') + ".com");
  std::string longest;
  while (longest.size() < 240) longest += "abcdefghi.";
  longest += "abc.com";  // 247 bytes
  EXPECT_EQ(normalise_domain(longest), longest);
  const std::vector<std::string> refused = {"",
                                            ".",
                                            "com",
                                            "123.456",
                                            "a..b.com",
                                            ".a.com",
                                            "a.com..",
                                            "a b.com",
                                            "ex\xc3\xa4mple.com",
                                            "a.com/x",
                                            "a@b.com",
                                            std::string(64, 'a') + ".com",
                                            "a." + std::string(64, 'b'),
                                            std::string(254, 'a') + ".com"};
  for (const std::string& bad : refused) {
    EXPECT_FALSE(normalise_domain(bad).has_value()) << bad;
  }
}

TEST(Sweep, DomainSuffixRules) {
  Index idx = make({"Evil.COM.", "xn--80ak6aa92e.com"});
  EXPECT_EQ(count(idx, "evil.com\n"), 1u);
  EXPECT_EQ(count(idx, "a.b.evil.com\n"), 1u);
  EXPECT_EQ(count(idx, "EVIL.com.\n"), 1u);
  EXPECT_EQ(count(idx, "evil.co\n"), 0u);
  EXPECT_EQ(count(idx, "com\n"), 0u);
  EXPECT_EQ(count(idx, "www.xn--80ak6aa92e.com\n"), 1u);
}

// The suffix hashes the walk probes with (prepare_domain: from dot masks up to 64 bytes, by
// a general scan beyond) are the hashes the index stores (hash_domain of the lower-cased
// suffix), for every length, case and label layout.
TEST(Sweep, PreparedSuffixHashesAreTheIndexHashes) {
  Index idx = make({"evil.com"});
  std::mt19937 rng(17);
  for (int i = 0; i < 3000; ++i) {
    const size_t len = 1 + rng() % 250;
    std::string name;
    for (size_t c = 0; c < len; ++c) name += "abcXYZ019-_...."[rng() % 15];
    uint64_t hashes[128];
    uint8_t starts[128];
    const int n = idx.prepare_domain(name, hashes, starts, 128);
    const auto dots = static_cast<int>(std::count(name.begin(), name.end(), '.'));
    ASSERT_EQ(n, dots) << name;  // one per label before the last
    for (int k = 0; k < n; ++k) {
      std::string suffix = name.substr(starts[k]);
      for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ASSERT_EQ(hashes[k], hash_domain(suffix)) << name << " suffix " << suffix;
    }
  }
}

TEST(Sweep, UrlsHashesAndEmailsAreNormalised) {
  Index idx = make({"http://evil.com/a~b?x=1", "D41D8CD98F00B204E9800998ECF8427E", "Bob@Evil.org"});
  EXPECT_EQ(count(idx, "GET HTTP://EVIL.com:80/a%7Eb?x=1 200\n"), 1u);
  EXPECT_EQ(count(idx, "GET http://evil.com/a~b?x=2 200\n"), 0u);
  EXPECT_EQ(count(idx, "md5=d41d8cd98f00b204e9800998ecf8427e\n"), 1u);
  EXPECT_EQ(count(idx, "to: Bob@EVIL.ORG\n"), 1u);
  EXPECT_EQ(count(idx, "to: alice@evil.org\n"), 0u);
}

TEST(Sweep, LongLinesAndCommentsAndLastLineWithoutNewline) {
  Index idx = make({"192.0.2.1"});
  std::string long_line(2 << 20, 'x');
  long_line += " 192.0.2.1";
  EXPECT_EQ(count(idx, long_line + "\n#fields 192.0.2.1\n192.0.2.1"), 2u);
  // A last line without a newline that ends exactly at a 64-byte block (found by fuzzing).
  for (size_t len : {64, 128, 4096}) {
    std::string text = std::string(len - 9, ' ') + "192.0.2.1";
    EXPECT_EQ(count(idx, text), 1u) << len;
  }
}

// Random lines built from tokens whose verdict is known (listed addresses, addresses in a
// listed range, listed domains and their subdomains, decoys, key=value pairs, long fields
// that cross 64-byte blocks, '#' lines), joined by random delimiters. Each line's verdict
// must come out exactly, from both builds of the walk, and must not depend on where the
// text starts relative to a block. With `ipv4_only`, the index holds only the IPv4
// indicators (the walk's lean path) and the domain tokens are decoys.
struct KnownLines {
  Index index;
  std::string text;
  std::vector<bool> verdicts;
};

KnownLines known_lines(bool ipv4_only) {
  KnownLines k;
  std::vector<const char*> listed = {"192.0.2.1", "198.51.100.0/24", "10.0.0.0/8"};
  if (!ipv4_only) listed.insert(listed.end(), {"evil.com", "bad.example.org", "2001:db8::/32"});
  for (const char* s : listed) EXPECT_TRUE(k.index.add(s).is_ok()) << s;
  k.index.build();
  std::mt19937 rng(13);
  auto ip = [&](uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
  };
  auto word = [&](size_t n) {
    std::string w;
    for (size_t i = 0; i < n; ++i) w += "abcdefghijklmnopqrstuvwxyz0123456789.-_"[rng() % 39];
    return w;
  };
  std::vector<std::string> hits = {"192.0.2.1",        "198.51.100.77", "10.200.3.4",
                                   "198.51.100.9:443", "src=10.1.1.1",  "::ffff:192.0.2.1",
                                   "http://10.9.9.9/x"};
  std::vector<std::string> misses = {"192.0.2.10", "110.1.2.3", "notevil.com", "evil.com.cn",
                                     "example.org", "2001:db9::1", "1700000000.123456",
                                     "x192.0.2.1", "192.0.2.1x", "1.2.3.4.5", "evil_com", "0.0.0.0",
                                     "k=v", "198.51.10.1", "192.0.2.1-2",
                                     // read as 192.0.2.1 if octets went unchecked:
                                     "192.0.2.01", "192.0.2.257", "192.000.2.1", "192.0.2.001"};
  // (Names of over 64 bytes, and ones that start a block or more back, take the index's
  // general hashing; shorter ones are hashed from the walk's dot masks.)
  const std::vector<std::string> by_name = {
      "evil.com",
      "a.b.EVIL.com",
      "x.bad.example.org.",
      "2001:db8::9",
      "http://evil.com/x",
      "me@evil.com",
      std::string(40, 'a') + ".b.evil.com",
      std::string(50, 'q') + ".deep." + std::string(30, 'Z') + ".evil.com",
      std::string(57, 'k') + ".evil.com"};
  misses.insert(misses.end(),
                {std::string(45, 'a') + ".evil.com.cn", std::string(70, 'b') + ".notevil.com"});
  (ipv4_only ? misses : hits)
      .insert((ipv4_only ? misses : hits).end(), by_name.begin(), by_name.end());
  const std::string delims[] = {"\t", " ", ",", "\"", "|", ";", " [", "] ", "{", "}", "(", ")"};
  for (int i = 0; i < 20000; ++i) {
    bool hit = false;
    std::string line;
    if (rng() % 50 == 0) {
      line = "#fields\t192.0.2.1\tevil.com";  // a comment line never hits
    } else {
      int n = 1 + static_cast<int>(rng() % 12);
      for (int f = 0; f < n; ++f) {
        if (f) line += delims[rng() % std::size(delims)];
        uint32_t roll = rng() % 10;
        if (roll == 0) {
          line += hits[rng() % hits.size()];
          hit = true;
        } else if (roll < 4) {
          line += misses[rng() % misses.size()];
        } else if (roll < 5) {
          line += word(60 + rng() % 150);  // crosses a block boundary
        } else if (roll < 7) {
          line += ip(0xcb007100u + rng() % 256);  // 203.0.113.x: unlisted
        } else {
          line += word(1 + rng() % 12);
        }
      }
    }
    k.text += line + "\n";
    k.verdicts.push_back(hit);
  }
  return k;
}

using ScanFn = void (*)(const Index&, std::string_view, uint64_t, bool, ScanResult&, FieldNames*);

void expect_known_verdicts(const KnownLines& k, ScanFn scan, const char* walk_name) {
  for (size_t shift : {0, 1, 7, 31, 63}) {
    std::string shifted = std::string(shift, ' ') + k.text;
    ScanResult r;
    scan(k.index, shifted, 1, false, r, nullptr);
    std::vector<bool> got(k.verdicts.size(), false);
    for (const auto& h : r.hits) got[h.line - 1] = true;
    size_t wrong = 0;
    for (size_t i = 0; i < k.verdicts.size(); ++i) wrong += got[i] != k.verdicts[i];
    EXPECT_EQ(wrong, 0u) << walk_name << " shift " << shift;
    EXPECT_EQ(r.lines, k.verdicts.size());
    ScanResult counted;
    scan(k.index, shifted, 1, true, counted, nullptr);
    EXPECT_EQ(counted.lines_with_hits,
              static_cast<uint64_t>(std::count(k.verdicts.begin(), k.verdicts.end(), true)))
        << walk_name << " shift " << shift;
  }
}

TEST(Sweep, RandomLinesGiveExactlyTheKnownVerdicts) {
  KnownLines k = known_lines(false);
  expect_known_verdicts(k, walk::generic::scan, "generic");
  if (walk::have_avx2()) expect_known_verdicts(k, walk::avx2::scan, "avx2");
}

TEST(Sweep, RandomLinesAgainstAnIpv4OnlyIndexTakeTheLeanPath) {
  KnownLines k = known_lines(true);
  expect_known_verdicts(k, walk::generic::scan, "generic");
  if (!walk::have_avx2()) GTEST_SKIP() << "this CPU has no AVX2: only the generic walk ran";
  expect_known_verdicts(k, walk::avx2::scan, "avx2");
}

TEST(Sweep, LinesLongerThanTheReadBufferAndTruncatedArchives) {
  Index idx = make({"192.0.2.1"});
  std::string log = "192.0.2.1\n" + std::string(700000, 'x') + " 192.0.2.1\n" +
                    std::string(300000, 'y') + "\n192.0.2.1";
  auto dir = std::filesystem::temp_directory_path();
  std::string plain = (dir / "liaison-sweep-long.log").string();
  std::ofstream(plain, std::ios::binary) << log;
  std::string zst = (dir / "liaison-sweep-long.log.zst").string();
  std::string comp(ZSTD_compressBound(log.size()), '\0');
  comp.resize(ZSTD_compress(comp.data(), comp.size(), log.data(), log.size(), 3));
  std::ofstream(zst, std::ios::binary) << comp;
  for (const auto& path : {plain, zst}) {
    for (int threads : {1, 2}) {
      ScanOptions o;
      o.threads = threads;
      o.piece_bytes = 64 << 10;  // pieces shorter than the lines: cuts move to line ends
      auto r = scan_file(idx, path, o);
      ASSERT_TRUE(r.is_ok()) << path;
      EXPECT_EQ(r->lines, 4u) << path;
      std::vector<uint64_t> lines;
      for (const auto& h : r->hits) lines.push_back(h.line);
      EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 4})) << path << " -t" << threads;
    }
  }
  // A cut-off archive is an error naming the file, not a silent partial sweep.
  std::string cut = (dir / "liaison-sweep-cut.log.zst").string();
  std::ofstream(cut, std::ios::binary) << comp.substr(0, comp.size() / 2);
  auto r = scan_file(idx, cut, ScanOptions{});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "file");
  for (const auto& p : {plain, zst, cut}) std::filesystem::remove(p);
}

std::string generated_log(int lines, std::set<int>& planted) {
  std::mt19937 rng(7);
  std::ostringstream out;
  for (int i = 0; i < lines; ++i) {
    bool hit = rng() % 97 == 0;
    if (hit) planted.insert(i + 1);
    out << "1600000000." << i << "\tC" << i << "\t" << (hit ? "203.0.113." : "198.18.")
        << (hit ? std::to_string(rng() % 256)
                : std::to_string(rng() % 256) + "." + std::to_string(rng() % 256))
        << "\t" << rng() % 65536 << "\t10.20.30.40\t443\ttcp\n";
  }
  return out.str();
}

TEST(Sweep, ThreadsSplitAtLineBoundariesWithNoHitLostOrDoubled) {
  Index idx = make({"203.0.113.0/24"});
  std::set<int> planted;
  std::string log = generated_log(60000, planted);
  std::string path =
      (std::filesystem::temp_directory_path() / "liaison-sweep-threads.log").string();
  std::ofstream(path) << log;
  ASSERT_GT(log.size(), 1u << 20);
  for (int threads : {1, 2, 3, 7}) {
    ScanOptions o;
    o.threads = threads;
    o.piece_bytes = 64 << 10;  // many pieces, for threads to take in turn
    auto r = scan_file(idx, path, o);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->lines, 60000u);
    EXPECT_EQ(r->lines_with_hits, planted.size()) << threads;
    std::set<int> lines;
    for (const auto& h : r->hits) lines.insert(static_cast<int>(h.line));
    EXPECT_EQ(lines, planted) << threads;
  }
  std::filesystem::remove(path);
}

TEST(Sweep, GzipAndZstdInputGiveTheSameHits) {
  Index idx = make({"203.0.113.0/24"});
  std::set<int> planted;
  std::string log = generated_log(20000, planted);
  auto dir = std::filesystem::temp_directory_path();
  std::string gz = (dir / "liaison-sweep.log.gz").string();
  gzFile g = gzopen(gz.c_str(), "wb");
  gzwrite(g, log.data(), static_cast<unsigned>(log.size()));
  gzclose(g);
  std::string zst = (dir / "liaison-sweep.log.zst").string();
  std::string comp(ZSTD_compressBound(log.size()), '\0');
  comp.resize(ZSTD_compress(comp.data(), comp.size(), log.data(), log.size(), 3));
  std::ofstream(zst, std::ios::binary) << comp;
  for (const auto& path : {gz, zst}) {
    auto r = scan_file(idx, path, ScanOptions{});
    ASSERT_TRUE(r.is_ok()) << path;
    EXPECT_EQ(r->lines_with_hits, planted.size()) << path;
    std::filesystem::remove(path);
  }
}

TEST(Sweep, ListParserReportsBadLinesWithNumbers) {
  std::string path = (std::filesystem::temp_directory_path() / "liaison-list.txt").string();
  std::ofstream(path) << "# comment\n1.2.3.4\t7\n10.0.0.0/8 ; SBL1\nnot a thing\n999.1.1.1\n"
                         "10.0.0.0/33\nevil.com\n";
  Index idx;
  std::vector<ListError> errors;
  uint64_t added = 0;
  ASSERT_TRUE(load_list(idx, path, errors, added).is_ok());
  EXPECT_EQ(added, 3u);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].line, 4u);
  EXPECT_EQ(errors[1].line, 5u);
  EXPECT_EQ(errors[2].line, 6u);
  // Cuts past the first 16 bytes of a line, CRLF, blanks around, empty lines, a last line
  // without a newline.
  std::ofstream(path) << "  203.0.113.77   \r\n\na-very-long-name.example.org\t42\n"
                         "198.51.100.0/24                ; comment after many blanks\n"
                         "## only a comment, longer than sixteen bytes\n"
                         "bad because-of-a-blank.example.com\nlast.example.net";
  Index more;
  errors.clear();
  added = 0;
  ASSERT_TRUE(load_list(more, path, errors, added).is_ok());
  ASSERT_EQ(added, 4u);
  std::vector<std::string> values;
  for (size_t i = 0; i < more.size(); ++i)
    values.push_back(more.indicator(static_cast<int32_t>(i)).value);
  EXPECT_EQ(values, (std::vector<std::string>{"203.0.113.77", "a-very-long-name.example.org",
                                              "198.51.100.0/24", "last.example.net"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 6u);
  std::filesystem::remove(path);
}

// The real Zeek DNS log against the real IPsum and Spamhaus lists, checked against a
// reference computed here independently: column-aware, std::set and a linear CIDR scan.
TEST(Sweep, RealZeekDnsLogAgainstRealLists) {
  std::string data = std::string(LIAISON_SHARED_DATA);
  std::string log = data + "/logs/zeek_dns.log.gz";
  std::vector<std::string> lists = {data + "/indicators/ipsum.txt",
                                    data + "/indicators/spamhaus_drop.txt",
                                    data + "/indicators/spamhaus_edrop.txt"};
  if (!std::filesystem::exists(log) || !std::filesystem::exists(lists[0])) {
    GTEST_SKIP() << "shared data not found at " << data << " (../shared/data)";
  }
  Index idx;
  std::vector<ListError> errors;
  uint64_t added = 0;
  for (const auto& l : lists) ASSERT_TRUE(load_list(idx, l, errors, added).is_ok());
  EXPECT_TRUE(errors.empty()) << errors.size()
                              << " bad lines, first: " << (errors.empty() ? "" : errors[0].text);
  idx.build();
  auto r = scan_file(idx, log, ScanOptions{});
  ASSERT_TRUE(r.is_ok());

  // Reference: the lines with a listed address, and which column of each holds which.
  std::set<uint32_t> exact;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  for (const auto& l : lists) {
    std::ifstream f(l);
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty() || line[0] == '#' || line[0] == ';') continue;
      std::string tok = line.substr(0, line.find_first_of(" \t;"));
      auto slash = tok.find('/');
      auto a = parse_ipv4(tok.substr(0, slash));
      if (!a) continue;
      if (slash == std::string::npos) {
        exact.insert(*a);
      } else {
        int len = std::stoi(tok.substr(slash + 1));
        uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
        ranges.push_back({*a & mask, mask});
      }
    }
  }
  auto listed = [&](const std::string& s) {
    auto a = parse_ipv4(s);
    if (!a) return false;
    if (exact.count(*a)) return true;
    for (const auto& [net, mask] : ranges) {
      if ((*a & mask) == net) return true;
    }
    return false;
  };
  gzFile g = gzopen(log.c_str(), "rb");
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(g, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  gzclose(g);
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> fields;
  uint64_t expected = 0, lines = 0;
  std::set<std::tuple<uint64_t, std::string, std::string>> named;  // line, column, value
  while (std::getline(in, line)) {
    ++lines;
    if (line.rfind("#fields", 0) == 0) {
      std::istringstream h(line.substr(8));
      std::string name;
      fields.clear();
      while (std::getline(h, name, '\t')) fields.push_back(name);
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    std::istringstream cols(line);
    std::string col;
    bool hit = false;
    for (size_t i = 0; std::getline(cols, col, '\t'); ++i) {
      if (i >= fields.size()) break;
      const std::string& name = fields[i];
      if ((name == "id.orig_h" || name == "id.resp_h") && listed(col)) {
        hit = true;
        named.insert({lines, name, col});
      }
      if (name == "answers") {
        std::istringstream ans(col);
        std::string a;
        while (std::getline(ans, a, ',')) {
          if (listed(a)) {
            hit = true;
            named.insert({lines, name, a});
          }
        }
      }
    }
    if (hit) ++expected;
  }
  EXPECT_EQ(r->lines, lines);
  EXPECT_EQ(r->lines_with_hits, expected);
  EXPECT_GT(expected, 0u) << "the real log should contain listed addresses";
  // Every hit is named by its Zeek column (format auto: the #fields header).
  std::set<std::tuple<uint64_t, std::string, std::string>> got;
  for (const auto& h : r->hits) got.insert({h.line, h.field, h.value});
  EXPECT_EQ(got, named);
}

// Issue 17, item 11: a sighting's first and last seen are the times the log lines carry.
// The real Zeek DNS log against the real IPsum list: every listed indicator's first and last
// seen equal the smallest and largest `ts` of the lines it was found on, read here apart.
TEST(Sweep, RealZeekDnsLogFirstAndLastSeenAreTheLinesTs) {
  const std::string data = std::string(LIAISON_SHARED_DATA);
  const std::string log = data + "/logs/zeek_dns.log.gz", list = data + "/indicators/ipsum.txt";
  if (!std::filesystem::exists(log) || !std::filesystem::exists(list)) {
    GTEST_SKIP() << "shared data not found at " << data << " (../shared/data)";
  }
  Index idx;
  std::vector<ListError> errors;
  uint64_t added = 0;
  ASSERT_TRUE(load_list(idx, list, errors, added).is_ok());
  idx.build();
  auto r = scan_file(idx, log, ScanOptions{});
  ASSERT_TRUE(r.is_ok());
  ASSERT_FALSE(r->hits.empty()) << "the real log should contain listed addresses";
  // The lines' ts, by line number, read with the stream library (not the sweep's reader).
  gzFile g = gzopen(log.c_str(), "rb");
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(g, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  gzclose(g);
  std::vector<std::string> ts(1);  // 1-based
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) ts.push_back(line.substr(0, line.find('\t')));
  const auto micros = [](const std::string& t) {
    const size_t dot = t.find('.');
    std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
    frac.resize(6, '0');
    return std::stoll(t.substr(0, dot)) * 1000000 + std::stoll(frac);
  };
  std::map<int32_t, ScanResult::Seen> expected;
  for (const auto& h : r->hits) {
    const int64_t at = micros(ts.at(h.line));
    auto [it, fresh] = expected.try_emplace(h.indicator, ScanResult::Seen{at, at});
    if (fresh) continue;
    it->second.first_us = std::min(it->second.first_us, at);
    it->second.last_us = std::max(it->second.last_us, at);
  }
  ASSERT_EQ(r->seen_by_indicator.size(), expected.size());
  for (const auto& [id, want] : expected) {
    const auto& got = r->seen_by_indicator.at(id);
    EXPECT_EQ(got.first_us, want.first_us) << idx.indicator(id).value;
    EXPECT_EQ(got.last_us, want.last_us) << idx.indicator(id).value;
  }
  // The log is of 24 March 2018 (ts 1521911720.865716 on its first line), not of today.
  for (const auto& [id, got] : r->seen_by_indicator) {
    EXPECT_GE(got.first_us, int64_t{1521911720865716});
    EXPECT_LT(got.last_us, int64_t{1522000000} * 1000000);
  }
  // Threads cut the file differently and merge: the same times.
  ScanOptions four;
  four.threads = 4;
  four.piece_bytes = 1 << 16;
  auto plain = std::filesystem::temp_directory_path() / "liaison-zeek-dns-plain.log";
  std::ofstream(plain, std::ios::binary) << text;
  auto split = scan_file(idx, plain.string(), four);
  std::filesystem::remove(plain);
  ASSERT_TRUE(split.is_ok());
  ASSERT_EQ(split->seen_by_indicator.size(), expected.size());
  for (const auto& [id, want] : expected) {
    EXPECT_EQ(split->seen_by_indicator.at(id).first_us, want.first_us);
    EXPECT_EQ(split->seen_by_indicator.at(id).last_us, want.last_us);
  }
}

// The time of a line, in each format the sweep reads.
TEST(LineTime, ZeekTsJsonCsvAndLeadingIsoTimes) {
  using fields::line_time;
  using fields::parse_log_time;
  EXPECT_EQ(parse_log_time("1521911720.865716"), int64_t{1521911720865716});
  EXPECT_EQ(parse_log_time("1521911720"), int64_t{1521911720000000});
  EXPECT_EQ(parse_log_time("1521911720.5"), int64_t{1521911720500000});
  EXPECT_EQ(parse_log_time("2018-03-24T17:15:20.865716Z"), int64_t{1521911720865716});
  EXPECT_EQ(parse_log_time("2018-03-24 17:15:20"), int64_t{1521911720000000});
  EXPECT_EQ(parse_log_time("2018-03-25T01:15:20+08:00"), int64_t{1521911720000000});
  EXPECT_EQ(parse_log_time("2018-03-24T12:15:20-0500"), int64_t{1521911720000000});
  EXPECT_EQ(parse_log_time("-"), std::nullopt);
  EXPECT_EQ(parse_log_time("2018-13-24T17:15:20Z"), std::nullopt);
  EXPECT_EQ(parse_log_time("yesterday"), std::nullopt);

  FieldNames zeek{LogFormat::kZeekTsv, {"uid", "ts", "id.orig_h"}};
  EXPECT_EQ(line_time(&zeek, "C1\t1521911720.865716\t192.0.2.1"), int64_t{1521911720865716});
  FieldNames no_ts{LogFormat::kZeekTsv, {"uid", "id.orig_h"}};
  EXPECT_EQ(line_time(&no_ts, "C1\t192.0.2.1"), std::nullopt);
  FieldNames json{LogFormat::kJsonLines, {}};
  EXPECT_EQ(line_time(&json, R"({"ts":1521911720.865716,"id.orig_h":"192.0.2.1"})"),
            int64_t{1521911720865716});
  EXPECT_EQ(line_time(&json, R"({"@timestamp": "2018-03-24T17:15:20Z", "src": "192.0.2.1"})"),
            int64_t{1521911720000000});
  EXPECT_EQ(line_time(&json, R"({"src":"192.0.2.1"})"), std::nullopt);
  FieldNames csv{LogFormat::kCsv, {"src", "timestamp"}};
  EXPECT_EQ(line_time(&csv, R"("192.0.2.1","2018-03-24 17:15:20")"), int64_t{1521911720000000});
  EXPECT_EQ(line_time(nullptr, "2018-03-24T17:15:20Z sshd[1]: from 192.0.2.1"),
            int64_t{1521911720000000});
  EXPECT_EQ(line_time(nullptr, "Mar 24 17:15:20 sshd[1]: from 192.0.2.1"), std::nullopt);

  // Through a scan: lines without a time leave the indicator out; the rest span their lines.
  Index idx = make({"192.0.2.1", "198.51.100.7"});
  FieldNames names{LogFormat::kJsonLines, {}};
  ScanResult res;
  scan_buffer(idx,
              "{\"ts\":1521911730,\"a\":\"192.0.2.1\"}\n"
              "{\"a\":\"198.51.100.7\"}\n"
              "{\"ts\":1521911720,\"a\":\"192.0.2.1\"}\n",
              1, true, res, &names);
  ASSERT_EQ(res.seen_by_indicator.size(), 1u);
  const auto& seen = res.seen_by_indicator.begin()->second;
  EXPECT_EQ(seen.first_us, int64_t{1521911720000000});
  EXPECT_EQ(seen.last_us, int64_t{1521911730000000});
}

// A hit's field is named from the log's own header or keys, whatever the format.
TEST(FieldNames, ZeekColumnsJsonKeysCsvHeadersAndText) {
  Index idx = make({"192.0.2.1", "evil.com"});
  const auto fields_of = [&](std::string_view text, LogFormat format) {
    FieldNames names{format, {}};
    ScanResult r;
    scan_buffer(idx, text, 1, false, r, &names);
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.field + "=" + h.value);
    return out;
  };
  using V = std::vector<std::string>;
  const std::string zeek =
      "#separator \\x09\n#fields\tts\tid.orig_h\tquery\tanswers\n"
      "1.5\t192.0.2.1\tx.evil.com\t10.0.0.1,192.0.2.1\n";
  EXPECT_EQ(fields_of(zeek, LogFormat::kAuto),
            (V{"id.orig_h=192.0.2.1", "query=x.evil.com", "answers=192.0.2.1"}));
  const std::string json =
      "{\"ts\":1,\"id.orig_h\":\"192.0.2.1\",\"answers\":[\"10.0.0.1\", \"a.evil.com\"],"
      "\"q\" : \"evil.com\"}\n";
  EXPECT_EQ(fields_of(json, LogFormat::kAuto),
            (V{"id.orig_h=192.0.2.1", "answers=a.evil.com", "q=evil.com"}));
  const std::string csv = "time,\"source, ip\",host\n7,192.0.2.1,\"evil.com\"\n";
  EXPECT_EQ(fields_of(csv, LogFormat::kCsv), (V{"source, ip=192.0.2.1", "host=evil.com"}));
  EXPECT_EQ(fields_of(csv, LogFormat::kAuto), (V{"=192.0.2.1", "=evil.com"}));  // text
  EXPECT_EQ(fields_of("a 192.0.2.1 b\n", LogFormat::kText), (V{"=192.0.2.1"}));
  // Zeek columns given (as for a thread that starts mid-file) name hits without a header.
  FieldNames given{LogFormat::kZeekTsv, {"ts", "src"}};
  ScanResult r;
  scan_buffer(idx, "1\t192.0.2.1\n", 5, false, r, &given);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].field, "src");
  EXPECT_EQ(log_format_from("zeek-json"), LogFormat::kJsonLines);
  EXPECT_FALSE(log_format_from("xml"));
}

// One thread or three, plain or gzip: the same hits, named the same (threads after the
// first learn the columns from the file's head).
TEST(FieldNames, TheSameFromEveryThreadAndFromCompressedInput) {
  Index idx = make({"198.51.100.7"});
  std::string log = "#separator \\x09\n#fields\tts\tsrc\tdst\tnote\n";
  for (int i = 0; i < 120000; ++i) {
    log += std::to_string(i) + ".25\t10.0.0." + std::to_string(i % 250) + "\t" +
           (i % 9999 == 0 ? "198.51.100.7" : "10.9.9.9") + "\tlorem-ipsum-dolor-sit\n";
    if (i % 25000 == 0 && i) log += "1.0\t198.51.100.7\t10.1.1.1\t-\n";
  }
  ASSERT_GT(log.size(), 4u << 20);  // four pieces and more (below)
  auto dir = std::filesystem::temp_directory_path();
  std::string plain = (dir / "liaison-names.log").string();
  std::ofstream(plain, std::ios::binary) << log;
  std::string gz = plain + ".gz";
  gzFile g = gzopen(gz.c_str(), "wb1");
  gzwrite(g, log.data(), static_cast<unsigned>(log.size()));
  gzclose(g);
  const auto named = [&](const std::string& path, int threads) {
    ScanOptions opts;
    opts.threads = threads;
    opts.piece_bytes = 1 << 20;
    auto r = scan_file(idx, path, opts);
    EXPECT_TRUE(r.is_ok()) << path;
    std::vector<std::string> out;
    for (const auto& h : r->hits) out.push_back(std::to_string(h.line) + ":" + h.field);
    return out;
  };
  const auto one = named(plain, 1);
  ASSERT_EQ(one.size(), 13u + 4u);
  EXPECT_EQ(one.front(), "3:dst");
  EXPECT_EQ(named(plain, 3), one);
  EXPECT_EQ(named(gz, 1), one);
  EXPECT_EQ(named(gz, 2), one);
  std::filesystem::remove(plain);
  std::filesystem::remove(gz);
}

// Hits past the kept limit are still counted, per indicator: what sightings report.
TEST(Sweep, HitsPastTheKeptLimitAreStillCountedPerIndicator) {
  Index idx = make({"192.0.2.1", "198.51.100.0/24"});
  std::string log;
  for (int i = 0; i < 30; ++i) log += "192.0.2.1 198.51.100." + std::to_string(i) + "\n";
  auto path = (std::filesystem::temp_directory_path() / "liaison-many-hits.log").string();
  std::ofstream(path, std::ios::binary) << log;
  ScanOptions opts;
  opts.max_hits = 5;
  auto r = scan_file(idx, path, opts);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->hits.size(), 5u);
  EXPECT_EQ(r->lines_with_hits, 30u);
  ASSERT_EQ(r->hits_by_indicator.size(), 2u);
  EXPECT_EQ(r->hits_by_indicator.at(0), 30u);
  EXPECT_EQ(r->hits_by_indicator.at(1), 30u);
  opts.count_only = true;
  auto c = scan_file(idx, path, opts);
  ASSERT_TRUE(c.is_ok());
  EXPECT_TRUE(c->hits.empty());
  EXPECT_EQ(c->hits_by_indicator.at(1), 30u);
  std::filesystem::remove(path);
}

// A mapped file cut short under a TruncationGuard reads as zeros past the cut and marks
// the guard, where the read would otherwise kill the process with SIGBUS (a log rotated with
// copytruncate while a sweep maps it); a cut-off page read outside a guard still kills.
struct CutFile {
  std::string path;
  int fd = -1;
  void* map = nullptr;
  static constexpr size_t kSize = 1 << 20;
  CutFile() {
    path = (std::filesystem::temp_directory_path() / "liaison-truncate.bin").string();
    std::ofstream(path, std::ios::binary) << std::string(kSize, 'x');
    fd = ::open(path.c_str(), O_RDWR);
    map = ::mmap(nullptr, kSize, PROT_READ, MAP_SHARED, fd, 0);
  }
  ~CutFile() {
    ::munmap(map, kSize);
    ::close(fd);
    std::filesystem::remove(path);
  }
  const volatile char* bytes() const { return static_cast<const volatile char*>(map); }
};

TEST(TruncationGuard, ACutOffPageReadsAsZerosAndIsReported) {
  CutFile f;
  ASSERT_NE(f.map, MAP_FAILED);
  {
    TruncationGuard guard(f.map, CutFile::kSize);
    EXPECT_EQ(f.bytes()[600000], 'x');
    ASSERT_EQ(::ftruncate(f.fd, 8192), 0);
    EXPECT_EQ(f.bytes()[100], 'x');  // before the cut
    EXPECT_FALSE(guard.truncated());
    EXPECT_EQ(f.bytes()[600000], 0);  // past it
    EXPECT_TRUE(guard.truncated());
    EXPECT_EQ(f.bytes()[CutFile::kSize - 1], 0);
  }
  TruncationGuard next(f.map, CutFile::kSize);  // a new guard starts clean
  EXPECT_FALSE(next.truncated());
}

TEST(TruncationGuardDeathTest, ACutOffPageOutsideAGuardStillKills) {
  CutFile f;
  ASSERT_NE(f.map, MAP_FAILED);
  { TruncationGuard guard(f.map, 4096); }  // (the handler is installed, no guard is active)
  ASSERT_EQ(::ftruncate(f.fd, 8192), 0);
  EXPECT_DEATH((void)f.bytes()[600000], "");
}

}  // namespace
}  // namespace liaison::sweep
