#include "sweep/index.h"

#include <arpa/inet.h>
#include <emmintrin.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "ident/ident.h"
#include "sweep/ipv4.h"

namespace liaison::sweep {

const char* to_string(IndicatorType t) {
  switch (t) {
    case IndicatorType::kIpv4:
      return "ipv4";
    case IndicatorType::kIpv6:
      return "ipv6";
    case IndicatorType::kDomain:
      return "domain";
    case IndicatorType::kUrl:
      return "url";
    case IndicatorType::kEmail:
      return "email";
    case IndicatorType::kHash:
      return "hash";
  }
  return "?";
}

uint64_t hash_text(IndicatorType t, std::string_view s) {
  uint64_t h = 1469598103934665603ull ^ (static_cast<uint64_t>(t) * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 29;
  return h == 0 ? 1 : h;
}

bool parse_ipv4(std::string_view s, uint32_t& addr, const char* readable_end) {
  static const bool simd = ipv4::have_ssse3();
  return simd ? ipv4::parse_ssse3(s, addr, readable_end) : ipv4::parse_portable(s, addr);
}

std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45 || s.find(':') == std::string_view::npos) return std::nullopt;
  char buf[64];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  std::array<uint8_t, 16> out{};
  if (inet_pton(AF_INET6, buf, out.data()) != 1) return std::nullopt;
  return out;
}

// Both forward to the library requests use, so an identifier and an indicator compare as text.
std::optional<std::string> normalise_domain(std::string_view s) {
  return ident::canonical_host_name(s);
}

std::optional<std::string> normalise_url(std::string_view s) { return ident::canonical_url(s); }

void Index::StrTable::build(const std::vector<std::pair<uint64_t, int32_t>>& items) {
  size_t cap = 16;
  while (cap < items.size() * 2) cap <<= 1;
  slots.assign(cap, Slot{0, -1});
  mask = cap - 1;
  size_t bits = size_t{1} << 16;
  while (bits < items.size() * 16 && bits < (size_t{1} << 27)) bits <<= 1;
  filter.assign(bits / 64, 0);
  filter_mask = bits - 1;
  for (const auto& [h, id] : items) {
    size_t i = h & mask;
    while (slots[i].id >= 0) i = (i + 1) & mask;
    slots.at_held(i) = Slot{static_cast<uint32_t>(h >> 32), id};
    const uint64_t bit = (h >> 16) & filter_mask;
    filter.at_held(bit >> 6) |= uint64_t{1} << (bit & 63);
  }
}

void Index::U32Table::build(const std::vector<std::pair<uint32_t, int32_t>>& items) {
  size_t cap = 16;
  int bits = 4;
  while (cap < items.size() * 2) {
    cap <<= 1;
    ++bits;
  }
  slots.assign(cap, Slot{0, -1});
  mask = static_cast<uint32_t>(cap - 1);
  shift = 64 - bits;
  for (const auto& [k, id] : items) {
    size_t i = home(k);
    while (slots[i].id >= 0 && slots[i].key != k) i = (i + 1) & mask;
    if (slots[i].id < 0) slots.at_held(i) = {k, id};
  }
}

int32_t Index::U32Table::find(uint32_t k) const {
  if (slots.empty()) return -1;
  for (size_t i = home(k); slots[i].id >= 0; i = (i + 1) & mask) {
    if (slots[i].key == k) return slots[i].id;
  }
  return -1;
}

int32_t Index::push(IndicatorType t, std::string_view value) {
  kinds_.push_back(static_cast<uint8_t>(t));
  text_.append(value.begin(), value.end());
  text_end_.push_back(static_cast<uint32_t>(text_.size()));
  types_ |= 1u << static_cast<int>(t);
  return static_cast<int32_t>(kinds_.size() - 1);
}

// The texts are addressed by 32-bit offsets, the ids are 32-bit.
Status Index::room_for(size_t bytes) const {
  if (text_.size() + bytes + 16 > UINT32_MAX || size() >= INT32_MAX) {
    return invalid_argument("too many indicators for one index (4 GiB of text)");
  }
  return Status::ok();
}

Status Index::add_ipv4(uint32_t addr, int prefix, std::string text) {
  if (prefix < 0 || prefix > 32) return invalid_argument("prefix must be 0..32");
  LIAISON_RETURN_IF_ERROR(room_for(text.size()));
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  int32_t id = push(IndicatorType::kIpv4, std::move(text));
  if (prefix <= 24) {
    short_prefixes_.push_back({addr & mask, {prefix, id}});
  } else {
    pending_v4_[prefix].push_back({addr & mask, id});
  }
  return Status::ok();
}

Status Index::add_ipv6(const std::array<uint8_t, 16>& addr, int prefix, std::string text) {
  if (prefix < 0 || prefix > 128) return invalid_argument("prefix must be 0..128");
  LIAISON_RETURN_IF_ERROR(room_for(text.size()));
  std::array<uint8_t, 17> key{};
  key[0] = static_cast<uint8_t>(prefix);
  for (int b = 0; b < 16; ++b) {
    int bits = std::clamp(prefix - b * 8, 0, 8);
    key[static_cast<size_t>(b) + 1] =
        static_cast<uint8_t>(addr[static_cast<size_t>(b)] & (0xff00 >> bits));
  }
  int32_t id = push(IndicatorType::kIpv6, std::move(text));
  pending_v6_.push_back(
      {hash_text(IndicatorType::kIpv6, std::string_view(reinterpret_cast<char*>(key.data()), 17)),
       id});
  if (std::find(v6_lengths_.begin(), v6_lengths_.end(), prefix) == v6_lengths_.end()) {
    v6_lengths_.push_back(prefix);
  }
  return Status::ok();
}

Status Index::add_domain(std::string_view domain) {
  auto d = normalise_domain(domain);
  if (!d) return invalid_argument("not a domain name: " + std::string(domain));
  LIAISON_RETURN_IF_ERROR(room_for(d->size()));
  uint64_t h = hash_domain(*d);
  int32_t id = push(IndicatorType::kDomain, *d);
  pending_strings_.push_back({h, id});
  return Status::ok();
}

namespace {

// The canonical text of an IPv6 indicator (ident's RFC 5952 form), "/len" kept when given.
std::string v6_text(std::string_view addr, int prefix) {
  std::string out = ident::canonical_ipv6(addr).value_or(std::string(addr));
  return prefix < 0 ? out : out + "/" + std::to_string(prefix);
}

}  // namespace

Result<int32_t> Index::add(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (text.empty()) return invalid_argument("empty indicator");
  LIAISON_RETURN_IF_ERROR(room_for(text.size() + 8));  // (a URL's normal form may be longer)
  std::string_view addr = text;
  int prefix = -1;
  if (auto slash = text.find('/');
      slash != std::string_view::npos && text.find("://") == std::string_view::npos) {
    addr = text.substr(0, slash);
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string_view::npos) {
      return invalid_argument("bad prefix length in '" + std::string(text) + "'");
    }
    prefix = std::stoi(std::string(p));
  }
  if (auto v4 = parse_ipv4(addr)) {
    if (prefix > 32) return invalid_argument("IPv4 prefix over 32");
    int len = prefix < 0 ? 32 : prefix;
    uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
    if (len == 32) {
      LIAISON_RETURN_IF_ERROR(add_ipv4(*v4, 32, std::string(addr)));
      return static_cast<int32_t>(size() - 1);
    }
    const uint32_t net = *v4 & mask;
    // "a.b.c.d/len" by hand: snprintf was a tenth of loading a list with 100k ranges.
    char buf[24];
    char* o = buf;
    const auto decimal = [&o](unsigned v) {
      if (v >= 100) *o++ = static_cast<char>('0' + v / 100);
      if (v >= 10) *o++ = static_cast<char>('0' + v / 10 % 10);
      *o++ = static_cast<char>('0' + v % 10);
    };
    for (int shift = 24; shift >= 0; shift -= 8) {
      decimal((net >> shift) & 255);
      *o++ = shift ? '.' : '/';
    }
    decimal(static_cast<unsigned>(len));
    LIAISON_RETURN_IF_ERROR(add_ipv4(*v4, len, std::string(buf, o)));
    return static_cast<int32_t>(size() - 1);
  }
  if (auto v6 = parse_ipv6(addr)) {
    if (prefix > 128) return invalid_argument("IPv6 prefix over 128");
    // IPv4-mapped addresses are IPv4 indicators.
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6->data(), kMapped, 12) == 0 && (prefix < 0 || prefix >= 96)) {
      uint32_t a = (uint32_t((*v6)[12]) << 24) | (uint32_t((*v6)[13]) << 16) |
                   (uint32_t((*v6)[14]) << 8) | (*v6)[15];
      LIAISON_RETURN_IF_ERROR(add_ipv4(a, prefix < 0 ? 32 : prefix - 96, v6_text(addr, prefix)));
      return static_cast<int32_t>(size() - 1);
    }
    LIAISON_RETURN_IF_ERROR(add_ipv6(*v6, prefix < 0 ? 128 : prefix, v6_text(addr, prefix)));
    return static_cast<int32_t>(size() - 1);
  }
  if (prefix >= 0) return invalid_argument("not an IP range: '" + std::string(text) + "'");
  if (text.find("://") != std::string_view::npos) {
    auto u = normalise_url(text);
    if (!u) return invalid_argument("not a URL: '" + std::string(text) + "'");
    int32_t id = push(IndicatorType::kUrl, *u);
    pending_strings_.push_back({hash_text(IndicatorType::kUrl, *u), id});
    return id;
  }
  if (text.find('@') != std::string_view::npos) {
    auto email = ident::canonical_email(text);
    if (!email) return invalid_argument("not an e-mail address: '" + std::string(text) + "'");
    std::string e = std::move(*email);
    int32_t id = push(IndicatorType::kEmail, e);
    pending_strings_.push_back({hash_text(IndicatorType::kEmail, e), id});
    return id;
  }
  if ((text.size() == 32 || text.size() == 40 || text.size() == 64) &&
      text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos) {
    std::string h = *ident::canonical_hash(text);
    int32_t id = push(IndicatorType::kHash, h);
    pending_strings_.push_back({hash_text(IndicatorType::kHash, h), id});
    return id;
  }
  LIAISON_RETURN_IF_ERROR(add_domain(text));
  return static_cast<int32_t>(size() - 1);
}

void Index::build() {
  if (has_type(IndicatorType::kIpv4)) {
    v4_bits_.assign((1u << 24) / 64 * 2, 0);
  } else {
    v4_bits_.clear();
  }
  for (const auto& [net, pl] : short_prefixes_) {
    uint32_t first = net >> 8;
    uint32_t count = 1u << (24 - pl.first);
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t b = first + i;
      v4_bits_.at_held((b >> 6) * 2) |= uint64_t{1} << (b & 63);
    }
  }
  // Which range covered a bitmap hit: one table per length, longest first.
  short_lengths_.clear();
  for (int len = 24; len >= 0; --len) {
    std::vector<std::pair<uint32_t, int32_t>> items;
    for (const auto& [net, pl] : short_prefixes_) {
      if (pl.first == len) items.push_back({net, pl.second});
    }
    if (items.empty()) continue;
    by_len_[static_cast<size_t>(len)].build(items);
    short_lengths_.push_back(len);
  }
  long_lengths_.clear();
  for (int len = 32; len >= 25; --len) {
    by_len_[static_cast<size_t>(len)].build(pending_v4_[len]);
    if (!pending_v4_[len].empty()) long_lengths_.push_back(len);
    for (const auto& [net, id] : pending_v4_[len]) {
      uint32_t b = net >> 8;
      v4_bits_.at_held((b >> 6) * 2 + 1) |= uint64_t{1} << (b & 63);
    }
  }
  std::sort(v6_lengths_.begin(), v6_lengths_.end(), std::greater<>());
  v6_.build(pending_v6_);
  strings_.build(pending_strings_);
}

int32_t Index::StrTable::find(uint64_t h) const {
  if (slots.empty() || !may_hold(h)) return -1;
  const uint32_t fp = static_cast<uint32_t>(h >> 32);
  for (size_t i = h & mask; slots[i].id >= 0; i = (i + 1) & mask) {
    if (slots[i].fp == fp) return slots[i].id;
  }
  return -1;
}

int32_t Index::find_text(IndicatorType t, std::string_view value, uint64_t h) const {
  if (strings_.slots.empty() || !strings_.may_hold(h)) return -1;
  const uint32_t fp = static_cast<uint32_t>(h >> 32);
  for (size_t i = h & strings_.mask; strings_.slots[i].id >= 0; i = (i + 1) & strings_.mask) {
    if (strings_.slots[i].fp != fp) continue;
    const int32_t id = strings_.slots[i].id;
    if (type(id) == t && text(id) == value) return id;
  }
  return -1;
}

int32_t Index::match_ipv4_slow(uint32_t addr, bool short_covers, bool long_holds) const {
  if (long_holds) {
    for (int len : long_lengths_) {
      uint32_t mask = ~uint32_t{0} << (32 - len);
      int32_t id = by_len_[static_cast<size_t>(len)].find(addr & mask);
      if (id >= 0) return id;
    }
  }
  if (!short_covers) return -1;
  for (int len : short_lengths_) {
    uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
    int32_t id = by_len_[static_cast<size_t>(len)].find(addr & mask);
    if (id >= 0) return id;
  }
  return -1;
}

int32_t Index::match_ipv6(const std::array<uint8_t, 16>& addr) const {
  for (int len : v6_lengths_) {
    std::array<uint8_t, 17> key{};
    key[0] = static_cast<uint8_t>(len);
    for (int b = 0; b < 16; ++b) {
      int bits = std::clamp(len - b * 8, 0, 8);
      key[static_cast<size_t>(b) + 1] =
          static_cast<uint8_t>(addr[static_cast<size_t>(b)] & (0xff00 >> bits));
    }
    uint64_t h =
        hash_text(IndicatorType::kIpv6, std::string_view(reinterpret_cast<char*>(key.data()), 17));
    int32_t id = v6_.find(h);
    if (id >= 0) return id;  // 64-bit hash of a 17-byte key: collisions are negligible
  }
  return -1;
}

namespace {

using domain_hash::finish;
using domain_hash::kSeed;
using domain_hash::mix_label;
inline unsigned char fold(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}
bool equal_folded(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

}  // namespace

namespace {

// A name and the positions of its dots as bits. Its bytes are read 8 at a time where they
// lie (folding case as they are read), or from a zero-padded copy near the end of a buffer.
struct Name {
  const char* p;
  size_t len;
  uint64_t dots[4];
  alignas(16) char copy[256 + 32];
};

// s.size() ≤ 253. The 16-byte loads read s where it lies when they end before
// `readable_end` (inside the log buffer, past the field); otherwise s is copied first.
void scan_name(std::string_view s, const char* readable_end, Name& f) {
  const size_t n = s.size();
  const size_t whole = (n + 15) & ~size_t{15};
  f.p = s.data();
  f.len = n;
  if (readable_end == nullptr || f.p + whole + 8 > readable_end) {
    std::memcpy(f.copy, f.p, n);
    std::memset(f.copy + n, 0, 24);
    f.p = f.copy;
  }
  const __m128i dot = _mm_set1_epi8('.');
  // Each word is gathered in a register and stored once (or-ing 16 bits at a time into
  // memory made the first read of the words a store-forwarding stall).
  for (size_t w = 0; w < 4; ++w) {
    uint64_t bits = 0;
    for (size_t i = 64 * w; i < whole && i < 64 * (w + 1); i += 16) {
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(f.p + i));
      bits |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(c, dot)))}
              << (i & 63);
    }
    if (n < 64 * (w + 1))
      bits &= n > 64 * w ? (uint64_t{1} << (n & 63)) - 1 : 0;  // (past the name)
    f.dots[w] = bits;
  }
}

// The position of the last dot before `pos`, or -1.
inline int last_dot_before(const Name& f, size_t pos) {
  size_t w = pos >> 6;
  uint64_t bits = (pos & 63) ? f.dots[w] & ((uint64_t{1} << (pos & 63)) - 1) : 0;
  while (bits == 0) {
    if (w == 0) return -1;
    bits = f.dots[--w];
  }
  return static_cast<int>(w * 64 + 63 - static_cast<size_t>(__builtin_clzll(bits)));
}

}  // namespace

uint64_t hash_domain(std::string_view s) {
  if (s.size() > 253) s = s.substr(s.size() - 253);  // (no listed domain is longer)
  Name f;
  scan_name(s, nullptr, f);
  uint64_t h = kSeed;
  size_t end = f.len;
  for (int d = last_dot_before(f, end); d >= 0; d = last_dot_before(f, end)) {
    h = mix_label(h, f.p + d + 1, end - static_cast<size_t>(d) - 1);
    end = static_cast<size_t>(d);
  }
  return finish(mix_label(h, f.p, end));
}

int Index::prepare_domain(std::string_view name, uint64_t* hashes, uint8_t* starts, int max,
                          const char* readable_end) const {
  if (strings_.slots.empty() || name.empty() || name.size() > 253 || max < 1) return 0;
  Name f;
  scan_name(name, readable_end, f);
  if (f.len <= 64) return prepare_domain_dots(f.p, f.len, f.dots[0], hashes, starts, max);
  const int k = __builtin_popcountll(f.dots[0]) + __builtin_popcountll(f.dots[1]) +
                __builtin_popcountll(f.dots[2]) + __builtin_popcountll(f.dots[3]);
  if (k == 0 || k > max) return 0;  // no dot, or more labels than the caller has room for
  return prepare_suffixes(
      f.p, f.len, static_cast<size_t>(last_dot_before(f, f.len)),
      [&f](size_t end) { return last_dot_before(f, end); }, hashes, starts);
}

int32_t Index::resolve_domain(std::string_view name, const uint64_t* hashes, const uint8_t* starts,
                              int n) const {
  for (int k = n - 1; k >= 0; --k) {  // the longest listed suffix: the most specific indicator
    if (!strings_.may_hold(hashes[k])) continue;
    const uint32_t fp = static_cast<uint32_t>(hashes[k] >> 32);
    for (size_t i = hashes[k] & strings_.mask; strings_.slots[i].id >= 0;
         i = (i + 1) & strings_.mask) {
      if (strings_.slots[i].fp != fp) continue;
      const int32_t id = strings_.slots[i].id;
      if (type(id) == IndicatorType::kDomain && equal_folded(name.substr(starts[k]), text(id))) {
        return id;
      }
    }
  }
  return -1;
}

int32_t Index::match_domain(std::string_view name) const {
  uint64_t hashes[128];
  uint8_t starts[128];
  return resolve_domain(name, hashes, starts, prepare_domain(name, hashes, starts, 128));
}

int32_t Index::match_exact(IndicatorType type, std::string_view normalised) const {
  if (type == IndicatorType::kDomain) return find_text(type, normalised, hash_domain(normalised));
  return find_text(type, normalised, hash_text(type, normalised));
}

size_t Index::memory_bytes() const {
  size_t n = v4_bits_.size() * 8 +
             (strings_.slots.size() + v6_.slots.size()) * sizeof(StrTable::Slot) +
             (strings_.filter.size() + v6_.filter.size()) * 8;
  for (const auto& t : by_len_) n += t.slots.size() * sizeof(U32Table::Slot);
  n += kinds_.size() + text_end_.size() * 4 + text_.size();
  return n;
}

}  // namespace liaison::sweep
