// The saved index (index_file.cc): what is loaded matches exactly as what was built, and a
// file cut short, flipped, of another version or not one at all is refused whole.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "sweep/index.h"
#include "sweep/scanner.h"

namespace liaison::sweep {
namespace {

namespace fs = std::filesystem;

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("liaison-index-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::string ip(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

// Every kind of indicator, many of them (tables of real sizes, CIDRs of every length).
Index every_kind(std::mt19937& rng, std::vector<std::string>& listed) {
  Index idx;
  const auto add = [&](const std::string& s) {
    ASSERT_TRUE(idx.add(s).is_ok()) << s;
    listed.push_back(s);
  };
  for (int i = 0; i < 20000; ++i) add(ip(0x0a000000u + static_cast<uint32_t>(rng() % 0x1000000)));
  for (int len = 8; len <= 31; ++len) {
    for (int i = 0; i < 40; ++i) {
      const uint32_t a = 0xc0000000u + static_cast<uint32_t>(rng() % 0x10000000);
      add(ip(a) + "/" + std::to_string(len));
    }
  }
  add("2001:db8::1");
  add("2001:db8:aa::/48");
  add("::ffff:198.51.100.0/120");
  for (int i = 0; i < 5000; ++i)
    add("d" + std::to_string(i) + ".evil" + std::to_string(i % 7) + ".com");
  add("http://evil.com/a~b?x=1");
  add("https://Example.ORG:443/path");
  add("D41D8CD98F00B204E9800998ECF8427E");
  add(std::string(64, 'a'));
  add("Bob@Evil.org");
  idx.build();
  return idx;
}

// Lines holding listed values, their subdomains and ports, and values near them.
std::string log_for(std::mt19937& rng, const std::vector<std::string>& listed) {
  std::string text;
  for (int i = 0; i < 30000; ++i) {
    const std::string& v = listed[rng() % listed.size()];
    switch (rng() % 6) {
      case 0:
        text += "x\t" + v + "\ty\n";
        break;
      case 1:
        text += "q=www." + v + " 1\n";
        break;
      case 2:
        text += ip(0x0a000000u + static_cast<uint32_t>(rng() % 0x1000000)) + ":443 - " +
                ip(0xc0000000u + static_cast<uint32_t>(rng() % 0x10000000)) + "\n";
        break;
      case 3:
        text += "GET HTTP://EVIL.com:80/a%7Eb?x=1 md5=d41d8cd98f00b204e9800998ecf8427e\n";
        break;
      case 4:
        text += "to: BOB@EVIL.ORG from 2001:db8:aa:1::5 and ::ffff:198.51.100.7\n";
        break;
      default:
        text += "not" + v + " " + v + "x\n";
    }
  }
  return text;
}

std::vector<std::tuple<uint64_t, int32_t, std::string>> hits_of(const Index& idx,
                                                                std::string_view text) {
  ScanResult r;
  scan_buffer(idx, text, 1, false, r);
  std::vector<std::tuple<uint64_t, int32_t, std::string>> out;
  for (const auto& h : r.hits) out.emplace_back(h.line, h.indicator, h.value);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST(IndexFile, ALoadedIndexGivesExactlyTheHitsOfTheBuiltOne) {
  std::mt19937 rng(18);
  std::vector<std::string> listed;
  const Index built = every_kind(rng, listed);
  const std::string path = temp_path("same.idx");
  ASSERT_TRUE(built.save(path, {0x1234, "the caller's bytes"}).is_ok());
  Index loaded;
  Index::FileMeta meta;
  ASSERT_TRUE(loaded.load(path, meta).is_ok());
  EXPECT_EQ(meta.source_digest, 0x1234u);
  EXPECT_EQ(meta.extra, "the caller's bytes");
  ASSERT_EQ(loaded.size(), built.size());
  for (int32_t id = 0; id < static_cast<int32_t>(built.size()); ++id) {
    ASSERT_EQ(loaded.type(id), built.type(id));
    ASSERT_EQ(loaded.text(id), built.text(id));
  }
  for (auto t : {IndicatorType::kIpv4, IndicatorType::kIpv6, IndicatorType::kDomain,
                 IndicatorType::kUrl, IndicatorType::kEmail, IndicatorType::kHash}) {
    EXPECT_TRUE(loaded.has_type(t)) << to_string(t);
  }
  const std::string text = log_for(rng, listed);
  const auto want = hits_of(built, text);
  const auto got = hits_of(loaded, text);
  EXPECT_EQ(got, want);
  // Every kind hit, not only the addresses.
  std::set<IndicatorType> kinds;
  for (const auto& [line, id, value] : got) kinds.insert(loaded.type(id));
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_GT(got.size(), 20000u);
  // The loaded index saves to the same bytes.
  const std::string again = temp_path("again.idx");
  ASSERT_TRUE(loaded.save(again, meta).is_ok());
  EXPECT_EQ(read_file(again), read_file(path));
  fs::remove(path);
  fs::remove(again);
}

TEST(IndexFile, AnIndexOfNothingAndOfOneKindRoundTrip) {
  for (std::vector<std::string> items :
       {std::vector<std::string>{}, {"192.0.2.1"}, {"evil.com"}, {"2001:db8::/32"}}) {
    Index built;
    for (const auto& s : items) ASSERT_TRUE(built.add(s).is_ok());
    built.build();
    const std::string path = temp_path("small.idx");
    ASSERT_TRUE(built.save(path, {}).is_ok());
    Index loaded;
    Index::FileMeta meta;
    ASSERT_TRUE(loaded.load(path, meta).is_ok()) << (items.empty() ? "" : items[0]);
    EXPECT_EQ(loaded.size(), items.size());
    const std::string log = "a 192.0.2.1 www.evil.com 2001:db8::5 b\n";
    EXPECT_EQ(hits_of(loaded, log), hits_of(built, log));
    fs::remove(path);
  }
}

TEST(IndexFile, ACutShortFlippedOrOtherVersionFileIsRefusedWhole) {
  std::mt19937 rng(5);
  std::vector<std::string> listed;
  const Index built = every_kind(rng, listed);
  const std::string path = temp_path("bad.idx");
  ASSERT_TRUE(built.save(path, {7, "x"}).is_ok());
  const std::string good = read_file(path);
  // What a refused load leaves: the index it was called on, untouched.
  Index kept;
  ASSERT_TRUE(kept.add("203.0.113.9").is_ok());
  kept.build();
  const auto expect_refused = [&](const std::string& bytes, const std::string& why,
                                  const std::string& what) {
    write_file(path, bytes);
    Index::FileMeta meta;
    Status st = kept.load(path, meta);
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << what;
    EXPECT_NE(st.message().find(why), std::string::npos) << what << ": " << st.message();
    EXPECT_EQ(kept.size(), 1u) << what;
    EXPECT_EQ(kept.match_ipv4(*parse_ipv4("203.0.113.9")), 0) << what;
  };
  for (size_t cut :
       {size_t{0}, size_t{10}, size_t{64}, size_t{100}, good.size() / 2, good.size() - 1}) {
    expect_refused(good.substr(0, cut), cut < 64 ? "" : "cut short",
                   "cut at " + std::to_string(cut));
  }
  expect_refused(good + "x", "past its end", "a byte appended");
  for (size_t at : {size_t{64 + 40}, good.size() / 3, good.size() - 20}) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    expect_refused(flipped, "checksum", "bit flipped at " + std::to_string(at));
  }
  std::string header_flip = good;
  header_flip[20] = static_cast<char>(header_flip[20] ^ 1);  // the indicator count
  expect_refused(header_flip, "header checksum", "header flipped");
  std::string old = good;
  old[8] = 0;  // version 0
  expect_refused(old, "version 0", "an older version");
  expect_refused("not an index at all, just text that is long enough to fill a header.....",
                 "not a liaison index", "another file");
  Index::FileMeta meta;
  fs::remove(path);
  EXPECT_EQ(kept.load(path, meta).code(), StatusCode::kNotFound);
}

}  // namespace liaison::sweep
