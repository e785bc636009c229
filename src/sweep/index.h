// The indicator index the sweep matches against: IPv4/IPv6 addresses and CIDR ranges,
// domains (a listed domain matches itself and every subdomain, never a substring), URLs,
// e-mail addresses and MD5/SHA-1/SHA-256 hashes. Built once (add_* then build()), then
// read-only: lookups are thread-safe and allocation-free.
//
// IPv4 ranges of /24 or shorter are a 2^24-bit bitmap (2 MiB) tested with one load; exact
// addresses and longer prefixes are open-addressing hash sets keyed by the masked address,
// probed (one per prefix length present) only when a second 2 MiB bitmap says the /24 holds
// any of them, so addresses that match nothing cost two bit tests. Domains, URLs, e-mails and
// hashes are 64-bit hashes in an open-addressing table, confirmed against the stored text on a hit.
//
// A built index can be saved to a file and loaded back (index_file.cc): a versioned format
// with a checksum over every byte whose tables are used where they lie in the mapped file,
// so a loaded index is ready in milliseconds and matches exactly as the one that was saved.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sweep/domain_hash.h"
#include "sweep/huge_pages.h"
#include "sweep/mapped_file.h"
#include "sweep/table.h"

namespace liaison::sweep {

enum class IndicatorType { kIpv4, kIpv6, kDomain, kUrl, kEmail, kHash };
const char* to_string(IndicatorType t);

struct Indicator {
  IndicatorType type;
  std::string value;  // normalised text: "203.0.113.0/24", "evil.com", lower-case hex …
};

// Strict IPv4 dotted quad: four decimal octets 0–255, no leading zeros, nothing else.
// `readable_end`, when given, lets it read up to 16 bytes from s.data() if they lie before it.
// (A bool and an out-parameter: returning std::optional<uint32_t> costs a store-forwarding
// stall per call in the sweep's loop.)
bool parse_ipv4(std::string_view s, uint32_t& addr, const char* readable_end = nullptr);
inline std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t a;
  if (!parse_ipv4(s, a)) return std::nullopt;
  return a;
}
// IPv6 text (RFC 4291 forms, IPv4-mapped included) to 16 bytes.
std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view s);
// Lower-cases and checks a host name (letters, digits, '-', '_', dots; a trailing dot is
// dropped; IDN must be in punycode). Fails on anything else.
std::optional<std::string> normalise_domain(std::string_view s);
// URL normalisation: lower-case scheme and host, default port dropped, percent-encoding of
// unreserved characters decoded and hex upper-cased, empty path → "/".
std::optional<std::string> normalise_url(std::string_view s);

class Index {
 public:
  // Parses and adds one indicator of any type from its text ("10.0.0.0/8", "evil.com",
  // "https://x/y", "a@b.c", a hash). Fails (invalid_argument) on text that is none of them.
  Result<int32_t> add(std::string_view text);
  Status add_ipv4(uint32_t addr, int prefix, std::string text);
  Status add_ipv6(const std::array<uint8_t, 16>& addr, int prefix, std::string text);
  Status add_domain(std::string_view domain);
  void build();
  // Room for n indicators in all, of about `text_size` bytes of text (a hint, before adding many:
  // growing the tables a doubling at a time was a tenth of loading a list).
  void reserve(size_t n, size_t text_size = 0) {
    kinds_.reserve(n);
    text_end_.reserve(n);
    text_.reserve(text_size);
  }

  // Each returns the matching indicator's id, or -1.
  int32_t match_ipv4(uint32_t addr) const {
    if (v4_bits_.empty()) return -1;
    const uint32_t b = addr >> 8;
    const uint64_t* w = &v4_bits_[(b >> 6) * 2];
    const uint64_t bit = uint64_t{1} << (b & 63);
    if (((w[0] | w[1]) & bit) == 0) return -1;  // most addresses stop here, inline
    return match_ipv4_slow(addr, (w[0] & bit) != 0, (w[1] & bit) != 0);
  }
  // The two interleaved /24 bitmaps that match_ipv4() tests first (below), for a caller
  // that tests many addresses itself: bit b of words 2(b/64) and 2(b/64)+1 covers /24 b.
  // Null without IPv4 indicators.
  const uint64_t* v4_bitmap() const { return v4_bits_.empty() ? nullptr : v4_bits_.data(); }
  int32_t match_ipv6(const std::array<uint8_t, 16>& addr) const;
  // `name` without a trailing dot, in any case: the name itself or any parent domain.
  // One pass from the right hashes every suffix; all are probed at once (prefetched) and
  // the longest listed one wins.
  int32_t match_domain(std::string_view name) const;
  // match_domain in two steps, so a caller can start many lookups before finishing any:
  // prepare hashes the suffixes (at most `max`, else returns 0) and prefetches their slots.
  // `readable_end` (optional): memory up to there may be read past the name.
  int prepare_domain(std::string_view name, uint64_t* hashes, uint8_t* starts, int max,
                     const char* readable_end = nullptr) const;
  int32_t resolve_domain(std::string_view name, const uint64_t* hashes, const uint8_t* starts,
                         int n) const;
  // prepare_domain for a caller that knows where the dots of a name of at most 64 bytes are
  // (bit i: p[i] is a dot; the walk has them in its masks), with 8 bytes readable past it.
  int prepare_domain_dots(const char* p, size_t len, uint64_t dots, uint64_t* hashes,
                          uint8_t* starts, int max) const {
    const int k = std::popcount(dots);
    if (strings_.slots.empty() || k == 0 || k > max) return 0;  // no dot, or too many labels
    const auto dot_before = [dots](size_t end) {
      const uint64_t before = dots & ((uint64_t{1} << end) - 1);
      return before ? 63 - std::countl_zero(before) : -1;
    };
    return prepare_suffixes(p, len, static_cast<size_t>(63 - std::countl_zero(dots)), dot_before,
                            hashes, starts);
  }
  int32_t match_exact(IndicatorType type, std::string_view normalised) const;

  // Whether any indicator of this type was added (known after build()).
  bool has_type(IndicatorType t) const { return (types_ >> static_cast<int>(t)) & 1u; }
  // The indicator `id` (its normalised text copied; text() and type() do not copy).
  Indicator indicator(int32_t id) const { return {type(id), std::string(text(id))}; }
  IndicatorType type(int32_t id) const {
    return static_cast<IndicatorType>(kinds_[static_cast<size_t>(id)]);
  }
  std::string_view text(int32_t id) const {
    const auto i = static_cast<size_t>(id);
    const uint32_t from = i == 0 ? 0 : text_end_[i - 1];
    return {text_.data() + from, text_end_[i] - from};
  }
  size_t size() const { return kinds_.size(); }
  size_t text_bytes() const { return text_.size(); }
  size_t memory_bytes() const;

  // The saved form (index_file.cc). `source_digest` says what the index was built from
  // (digest() of the lists, the node's ledger position: the caller's to define and compare);
  // `extra` is the caller's own bytes, kept beside the tables (the node's set of each id).
  struct FileMeta {
    uint64_t source_digest = 0;
    std::string extra;
  };
  // Writes a built index to `path` atomically (a temporary file renamed over it).
  Status save(const std::string& path, const FileMeta& meta) const;
  // Replaces this index with the one saved at `path`, whose tables it then reads in place
  // (the file stays mapped while this index lives). not_found without the file;
  // failed_precondition (naming the reason) for a file of another version, cut short or
  // whose checksum or structure does not hold: the caller rebuilds, nothing of it is used.
  Status load(const std::string& path, FileMeta& meta);

 private:
  // Open addressing over 64-bit hashes: the low bits pick the slot, the high 32 are kept
  // as a fingerprint beside the id, so a probe is one 8-byte read (a 1M-entry table is
  // 16 MiB). A fingerprint match is confirmed against the stored text by the caller.
  struct StrTable {
    struct Slot {
      uint32_t fp;
      int32_t id;  // -1 = empty
    };
    Table<Slot> slots;
    uint64_t mask = 0;
    // One bit per hash (about 16 bits per entry: 2 MiB for a million), tested by every
    // lookup first: a probe for what is not listed, the usual case, mostly ends here, in a
    // table small enough to stay in the cache, instead of at a slot in memory.
    Table<uint64_t> filter;
    uint64_t filter_mask = 0;  // over bit numbers
    void build(const std::vector<std::pair<uint64_t, int32_t>>& items);
    int32_t find(uint64_t h) const;  // first id whose fingerprint matches, -1 if none
    const Slot* at(uint64_t h) const { return &slots[h & mask]; }
    const uint64_t* filter_word(uint64_t h) const {
      return &filter[((h >> 16) & filter_mask) >> 6];
    }
    bool may_hold(uint64_t h) const { return (*filter_word(h) >> ((h >> 16) & 63)) & 1; }
  };
  // Open addressing over masked IPv4 addresses, key and id side by side (one cache line a
  // probe). A key's home slot is the top bits of a 64-bit multiplicative hash: the low bits
  // of a product depend only on the low bits of the key, which are zero in a table of
  // /20 networks, and every such key then started in one of a few hundred slots (probe
  // chains of thousands).
  struct U32Table {
    struct Slot {
      uint32_t key;
      int32_t id;  // -1 = empty
    };
    Table<Slot> slots;
    uint32_t mask = 0;
    int shift = 63;
    size_t home(uint32_t k) const {
      return static_cast<size_t>((uint64_t{k} * 0x9e3779b97f4a7c15ull) >> shift);
    }
    void build(const std::vector<std::pair<uint32_t, int32_t>>& items);
    int32_t find(uint32_t k) const;
  };
  // Both forms of prepare: the suffix hashes of the name of len bytes at p (8 bytes readable
  // past it) from its last dot, at `last`, leftwards; dot_before(end) is the position of the
  // last dot before `end`, or -1. The last label alone is not a suffix worth a probe; each
  // label before it adds one, whose filter word is prefetched.
  template <class DotBefore>
  int prepare_suffixes(const char* p, size_t len, size_t last, DotBefore dot_before,
                       uint64_t* hashes, uint8_t* starts) const {
    size_t end = last;
    uint64_t h = domain_hash::mix_label(domain_hash::kSeed, p + end + 1, len - end - 1);
    int n = 0;
    for (;;) {
      const int d = dot_before(end);
      const auto from = static_cast<size_t>(d + 1);
      h = domain_hash::mix_label(h, p + from, end - from);
      const uint64_t full = domain_hash::finish(h);
      __builtin_prefetch(strings_.filter_word(full));
      hashes[n] = full;
      starts[n++] = static_cast<uint8_t>(from);
      if (d < 0) return n;
      end = static_cast<size_t>(d);
    }
  }
  int32_t push(IndicatorType t, std::string_view value);
  Status room_for(size_t bytes) const;
  Status check_loaded();  // (and derives the masks)
  int32_t match_ipv4_slow(uint32_t addr, bool short_covers, bool long_holds) const;
  int32_t find_text(IndicatorType t, std::string_view value, uint64_t h) const;

  // The indicators by id: their types, and their texts end to end (text_end_[i] is where
  // text i ends), so that saving and loading a million is two block copies.
  Table<uint8_t> kinds_;
  Table<uint32_t> text_end_;
  Table<char> text_;
  uint32_t types_ = 0;  // bit per IndicatorType present
  // IPv4
  // Two 2^24-bit maps over the /24s, interleaved word by word so one cache line answers
  // both: word 2w = "a prefix ≤ /24 covers this /24", word 2w+1 = "this /24 holds an
  // address or a /25…/32 range".
  Table<uint64_t> v4_bits_;
  std::vector<std::pair<uint32_t, std::pair<int, int32_t>>> short_prefixes_;  // ≤ /24
  std::vector<int> short_lengths_;   // the lengths 0..24 present, longest first
  std::array<U32Table, 33> by_len_;  // masked address → id, one table per prefix length
  std::vector<int> long_lengths_;    // the lengths 25..32 present, longest first
  std::vector<std::pair<uint32_t, int32_t>> pending_v4_[33];
  // IPv6: (length, masked address) in a string table
  std::vector<int> v6_lengths_;
  StrTable v6_;
  std::vector<std::pair<uint64_t, int32_t>> pending_v6_;
  // domains and exact strings
  StrTable strings_;
  std::vector<std::pair<uint64_t, int32_t>> pending_strings_;
  // A loaded index's file, which its tables read in place (empty for a built one).
  MappedFile file_;
};

uint64_t hash_text(IndicatorType t, std::string_view s);
// A 64-bit digest of bytes (not cryptographic): the saved index's checksum, and what a
// caller may use as FileMeta::source_digest for the lists it was built from.
uint64_t digest(std::string_view bytes);
// Domains are hashed case folded, label by label from the right (a label 8 bytes at a time),
// so that one pass over a name yields the hash of each of its parent domains on the way.
uint64_t hash_domain(std::string_view s);

}  // namespace liaison::sweep
