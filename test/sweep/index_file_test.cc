// The saved index (index_file.cc): what is loaded matches exactly as what was built, and a
// file cut short, flipped, of another version, crafted (a right checksum over a wrong
// structure) or not one at all is refused whole.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "sweep/index.h"
#include "sweep/mapped_file.h"
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

// The file's sections as the layout in index_file.cc has them, to craft files from: each
// section's head (tag, element size, count) and its bytes.
struct Section {
  uint32_t tag = 0, elem = 0;
  uint64_t count = 0;
  std::string data;
};
constexpr size_t kHead = 64;
enum : uint32_t { kKinds = 1, kTextEnd, kText, kV4Bits, kShortLengths, kByLen32 = 40 };
enum : uint32_t { kStrSlots = 43, kStrFilter };

std::vector<Section> sections_of(const std::string& file) {
  std::vector<Section> out;
  for (size_t at = kHead; at + 32 <= file.size();) {
    Section s;
    std::memcpy(&s.tag, file.data() + at, 4);
    std::memcpy(&s.elem, file.data() + at + 4, 4);
    std::memcpy(&s.count, file.data() + at + 8, 8);
    s.data = file.substr(at + 32, s.count * s.elem);
    at += 32 + (s.data.size() + 31) / 32 * 32;
    out.push_back(std::move(s));
  }
  return out;
}

// The header's digests made right again for what the file now holds (what a crafted file
// does: the checksum is not a signature).
std::string resealed(std::string file) {
  const uint64_t payload = file.size() - kHead, d = digest(std::string_view(file).substr(kHead));
  std::memcpy(file.data() + 24, &payload, 8);
  std::memcpy(file.data() + 32, &d, 8);
  const uint64_t h = digest(std::string_view(file).substr(0, 56));
  std::memcpy(file.data() + 56, &h, 8);
  return file;
}

// A file of these sections under `header`'s first 64 bytes, sealed.
std::string file_of(const std::string& header, const std::vector<Section>& sections) {
  std::string file = header.substr(0, kHead);
  for (const Section& s : sections) {
    char head[32] = {};
    std::memcpy(head, &s.tag, 4);
    std::memcpy(head + 4, &s.elem, 4);
    std::memcpy(head + 8, &s.count, 8);
    file.append(head, sizeof head);
    file += s.data;
    file.append((s.data.size() + 31) / 32 * 32 - s.data.size(), '\0');
  }
  return resealed(file);
}

Section& section(std::vector<Section>& all, uint32_t tag) {
  for (auto& s : all) {
    if (s.tag == tag) return s;
  }
  ADD_FAILURE() << "no section " << tag;
  return all.front();
}

// The i-th 32-bit word of a section (an id is the second word of a slot).
int32_t& word(Section& s, size_t i) { return reinterpret_cast<int32_t*>(s.data.data())[i]; }

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

// Every section, its head and its elements: a flipped byte anywhere is caught by the
// checksum before any table is used.
TEST(IndexFile, AByteFlippedInAnySectionIsCaught) {
  std::mt19937 rng(7);
  std::vector<std::string> listed;
  const Index built = every_kind(rng, listed);
  const std::string path = temp_path("flip.idx");
  ASSERT_TRUE(built.save(path, {1, "extra"}).is_ok());
  const std::string good = read_file(path);
  const auto sections = sections_of(good);
  ASSERT_EQ(sections.size(), 45u);
  size_t at = kHead, tried = 0;
  for (const Section& s : sections) {
    const size_t padded = (s.data.size() + 31) / 32 * 32;
    std::vector<size_t> where = {at + 8};  // the count in its head
    if (!s.data.empty()) where.insert(where.end(), {at + 32, at + 32 + s.data.size() - 1});
    for (size_t w : where) {
      std::string bad = good;
      bad[w] = static_cast<char>(bad[w] ^ 0x01);
      write_file(path, bad);
      Index loaded;
      Index::FileMeta meta;
      const Status st = loaded.load(path, meta);
      EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << "section " << s.tag << " at " << w;
      EXPECT_NE(st.message().find("checksum does not match"), std::string::npos) << st.message();
      ++tried;
    }
    at += 32 + padded;
  }
  EXPECT_EQ(at, good.size());
  EXPECT_GT(tried, 60u);
  fs::remove(path);
}

// A file whose checksums are right (recomputed, as a crafted file would have them) but whose
// structure would let a lookup read outside its tables, or never end, is refused whole.
TEST(IndexFile, ACraftedFileWithRightChecksumsButOutOfRangeStructureIsRefused) {
  std::mt19937 rng(11);
  std::vector<std::string> listed;
  const Index built = every_kind(rng, listed);
  const std::string path = temp_path("crafted.idx");
  ASSERT_TRUE(built.save(path, {3, "x"}).is_ok());
  const std::string good = read_file(path);
  const auto sections = sections_of(good);
  Index kept;
  ASSERT_TRUE(kept.add("203.0.113.9").is_ok());
  kept.build();
  const auto expect_refused = [&](const std::string& bytes, const std::string& why) {
    write_file(path, bytes);
    Index::FileMeta meta;
    const Status st = kept.load(path, meta);
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << why;
    EXPECT_NE(st.message().find(why), std::string::npos) << why << ": " << st.message();
    EXPECT_EQ(kept.size(), 1u) << why;
    EXPECT_EQ(kept.match_ipv4(*parse_ipv4("203.0.113.9")), 0) << why;
  };
  // The sealed sections as saved load (the crafting itself changes nothing).
  write_file(path, file_of(good, sections));
  Index loaded;
  Index::FileMeta meta;
  ASSERT_TRUE(loaded.load(path, meta).is_ok());
  const auto crafted = [&](const std::function<void(std::vector<Section>&)>& change) {
    auto s = sections;
    change(s);
    return file_of(good, s);
  };
  const int32_t n = static_cast<int32_t>(built.size());
  // Ids out of range in an IPv4 table and in the hash table (a lookup would read past the
  // texts), and tables with no empty slot (a probe would never end).
  const auto set_first_id = [&](uint32_t tag, int32_t id) {
    return crafted([&](auto& s) {
      Section& t = section(s, tag);
      for (size_t i = 1; i < t.data.size() / 4; i += 2) {
        if (word(t, i) >= 0) {
          word(t, i) = id;
          return;
        }
      }
    });
  };
  expect_refused(set_first_id(kByLen32, n), "names an indicator that is not there");
  expect_refused(set_first_id(kStrSlots, INT32_MAX), "names an indicator that is not there");
  expect_refused(set_first_id(kStrSlots, -2), "names an indicator that is not there");
  for (uint32_t tag : {uint32_t{kByLen32}, uint32_t{kStrSlots}}) {
    expect_refused(crafted([&](auto& s) {
                     Section& t = section(s, tag);
                     for (size_t i = 1; i < t.data.size() / 4; i += 2) {
                       if (word(t, i) < 0) word(t, i) = 0;
                     }
                   }),
                   "has no empty slot");
  }
  // A table that is not a power of two (its mask would reach past it).
  expect_refused(crafted([&](auto& s) {
                   Section& t = section(s, kByLen32);
                   t.data.resize(t.data.size() - 8);
                   --t.count;
                 }),
                 "not a power of two");
  // Text offsets that go backwards or past the text, and a type that is none.
  expect_refused(crafted([&](auto& s) {
                   std::swap(word(section(s, kTextEnd), 3), word(section(s, kTextEnd), 4));
                 }),
                 "go backwards");
  expect_refused(
      crafted([&](auto& s) { word(section(s, kTextEnd), static_cast<size_t>(n) - 1) += 1; }),
      "text offsets and text disagree");
  expect_refused(crafted([&](auto& s) { section(s, kKinds).data[5] = 9; }), "unknown type");
  // Sizes the lookups rely on.
  expect_refused(crafted([&](auto& s) {
                   Section& b = section(s, kV4Bits);
                   b.data.resize(b.data.size() - 8);
                   --b.count;
                 }),
                 "IPv4 bitmap has the wrong size");
  expect_refused(crafted([&](auto& s) {
                   Section& f = section(s, kStrFilter);
                   f.data.resize(f.data.size() / 2);
                   f.count /= 2;
                   f.data.resize(f.data.size() - 8);
                   --f.count;
                 }),
                 "a filter has the wrong size");
  expect_refused(crafted([&](auto& s) { word(section(s, kShortLengths), 0) = 30; }),
                 "out of range, repeated or has no table");
  expect_refused(crafted([&](auto& s) {
                   Section& l = section(s, kShortLengths);
                   l.data += l.data.substr(0, 4);  // the longest length again, at the end
                   ++l.count;
                 }),
                 "out of range, repeated or has no table");
  // Heads: a count past the file's end (and one whose byte size overflows), an element of
  // another size, sections out of order.
  expect_refused(crafted([&](auto& s) { section(s, kText).count += good.size(); }),
                 "runs past its end");
  expect_refused(crafted([&](auto& s) { section(s, kTextEnd).count = uint64_t{1} << 62; }),
                 "runs past its end");
  expect_refused(crafted([&](auto& s) { section(s, kTextEnd).elem = 8; }), "is malformed");
  expect_refused(crafted([&](auto& s) { std::swap(s[0], s[1]); }), "is malformed");
  // The header's indicator count, sealed: must agree with the tables.
  std::string counted = good;
  const uint64_t more = built.size() + 1;
  std::memcpy(counted.data() + 16, &more, 8);
  expect_refused(resealed(counted), "indicator count does not match");
  fs::remove(path);
}

// The loaded index reads its tables in the mapped file: it stays whole when moved, and when
// the file is replaced by a new save (renamed over it) while it is in use.
TEST(IndexFile, ALoadedIndexOutlivesItsFileBeingReplaced) {
  Index a;
  ASSERT_TRUE(a.add("192.0.2.7").is_ok());
  ASSERT_TRUE(a.add("evil.example").is_ok());
  a.build();
  const std::string path = temp_path("replaced.idx");
  ASSERT_TRUE(a.save(path, {}).is_ok());
  Index loaded;
  Index::FileMeta meta;
  ASSERT_TRUE(loaded.load(path, meta).is_ok());
  Index moved = std::move(loaded);
  Index b;
  ASSERT_TRUE(b.add("198.51.100.1").is_ok());
  b.build();
  ASSERT_TRUE(b.save(path, {}).is_ok());
  EXPECT_EQ(moved.match_ipv4(*parse_ipv4("192.0.2.7")), 0);
  EXPECT_EQ(moved.match_domain("www.evil.example"), 1);
  EXPECT_EQ(moved.text(1), "evil.example");
  EXPECT_EQ(moved.match_ipv4(*parse_ipv4("198.51.100.1")), -1);
  // Loading again over it: the new file's index.
  ASSERT_TRUE(moved.load(path, meta).is_ok());
  EXPECT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved.match_ipv4(*parse_ipv4("198.51.100.1")), 0);
  fs::remove(path);
}

TEST(IndexFile, AMappedFileIsTheFileOrANamedRefusal) {
  const std::string path = temp_path("mapped.txt");
  write_file(path, "192.0.2.1\n");
  auto m = MappedFile::open(path);
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(m->bytes(), "192.0.2.1\n");
  write_file(path, "");
  auto empty = MappedFile::open(path);
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(empty->bytes(), "");
  fs::remove(path);
  EXPECT_EQ(MappedFile::open(path).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(MappedFile::open(fs::temp_directory_path().string()).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace liaison::sweep
