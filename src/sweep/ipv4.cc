#include "sweep/ipv4.h"

#include <immintrin.h>

#include <array>

namespace liaison::sweep::ipv4 {

bool parse_portable(std::string_view s, uint32_t& addr) {
  if (s.size() < 7 || s.size() > 15) return false;
  uint32_t out = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    uint32_t v = 0;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + static_cast<uint32_t>(s[i] - '0');
      ++i;
      if (i - start > 3) return false;
    }
    if (v > 255 || (i - start > 1 && s[start] == '0')) return false;
    out = (out << 8) | v;
    if (part < 3) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  if (i != s.size()) return false;
  addr = out;
  return true;
}

namespace {

// For each of the 81 combinations of octet lengths (1–3 digits each), two shuffles:
//   digits: octet i's hundreds, tens and ones digit into bytes 4i, 4i+1, 4i+2 (0x80 = zero)
//   lead:   the first digit of each octet of two or more digits into byte i (to refuse '0')
struct Shuffles {
  alignas(16) uint8_t digits[81][16];
  alignas(16) uint8_t lead[81][16];
  constexpr Shuffles() : digits(), lead() {
    for (int idx = 0; idx < 81; ++idx) {
      int lens[4] = {idx / 27 + 1, idx / 9 % 3 + 1, idx / 3 % 3 + 1, idx % 3 + 1};
      for (int k = 0; k < 16; ++k) digits[idx][k] = lead[idx][k] = 0x80;
      int start = 0;
      for (int i = 0; i < 4; ++i) {
        int len = lens[i];
        digits[idx][4 * i + 0] = len == 3 ? static_cast<uint8_t>(start) : 0x80;
        digits[idx][4 * i + 1] = len >= 2 ? static_cast<uint8_t>(start + len - 2) : 0x80;
        digits[idx][4 * i + 2] = static_cast<uint8_t>(start + len - 1);
        lead[idx][i] = len >= 2 ? static_cast<uint8_t>(start) : 0x80;
        start += len + 1;
      }
    }
  }
};
constexpr Shuffles kShuffles;

}  // namespace

__attribute__((target("ssse3,popcnt"))) bool parse_ssse3(std::string_view s, uint32_t& addr,
                                                         const char* readable_end) {
  const size_t n = s.size();
  if (n < 7 || n > 15) return false;
  __m128i v;
  if (readable_end != nullptr && s.data() + 16 <= readable_end) {
    v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
  } else {
    alignas(16) char copy[16] = {};
    for (size_t i = 0; i < n; ++i) copy[i] = s[i];
    v = _mm_load_si128(reinterpret_cast<const __m128i*>(copy));
  }
  const uint32_t valid = (1u << n) - 1;
  const uint32_t dots =
      static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')))) & valid;
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  const uint32_t digits =
      static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d))) &
      valid;
  if ((dots | digits) != valid || __builtin_popcount(dots) != 3) return false;
  const int p1 = __builtin_ctz(dots);
  const int p2 = __builtin_ctz(dots & (dots - 1));
  const int p3 = 31 - __builtin_clz(dots);
  const int l1 = p1, l2 = p2 - p1 - 1, l3 = p3 - p2 - 1, l4 = static_cast<int>(n) - p3 - 1;
  // Each length is 1–3 exactly when (len - 1) fits in two bits and is not 3.
  const unsigned u1 = static_cast<unsigned>(l1 - 1), u2 = static_cast<unsigned>(l2 - 1),
                 u3 = static_cast<unsigned>(l3 - 1), u4 = static_cast<unsigned>(l4 - 1);
  if ((u1 | u2 | u3 | u4) > 3 || u1 == 3 || u2 == 3 || u3 == 3 || u4 == 3) return false;
  const unsigned idx = ((u1 * 3 + u2) * 3 + u3) * 3 + u4;
  const __m128i lane_digits = _mm_shuffle_epi8(
      d, _mm_load_si128(reinterpret_cast<const __m128i*>(kShuffles.digits[idx])));
  const __m128i pairs = _mm_maddubs_epi16(lane_digits, _mm_set1_epi32(0x00010a64));  // 100,10,1,0
  const __m128i octets = _mm_madd_epi16(pairs, _mm_set1_epi16(1));
  if (_mm_movemask_epi8(_mm_cmpgt_epi32(octets, _mm_set1_epi32(255))) != 0) return false;
  const __m128i leads = _mm_shuffle_epi8(
      v, _mm_load_si128(reinterpret_cast<const __m128i*>(kShuffles.lead[idx])));
  if (_mm_movemask_epi8(_mm_cmpeq_epi8(leads, _mm_set1_epi8('0'))) != 0) return false;
  const __m128i packed = _mm_shuffle_epi8(octets, _mm_setr_epi8(12, 8, 4, 0, -128, -128, -128, -128, -128,
                                                                -128, -128, -128, -128, -128, -128, -128));
  addr = static_cast<uint32_t>(_mm_cvtsi128_si32(packed));
  return true;
}

bool have_ssse3() {
  static const bool yes = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
  return yes;
}

}  // namespace liaison::sweep::ipv4
