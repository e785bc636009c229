// The sweep's SIMD kernels, inline so that the AVX2 walk (walk_avx2.cc) compiles them into
// its loop: a 64-byte block to bit masks (AVX2) and a dotted quad to an address (SSSE3).
// Each carries its own target attribute, so a caller must check the CPU first
// (ipv4::have_ssse3, walk::have_avx2). Internal to the sweep; pure functions.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "sweep/blocks.h"

namespace liaison::sweep::simd {

// ---- Stage one: 64 bytes → the masks of blocks::Block.
//
// Each byte's class is lo[c & 15] & hi[c >> 4]. Bits 0–3 mark delimiters, bits 4–7 simple
// characters; a byte is a delimiter when the AND has a bit in 0–3, simple when in 4–7.
//   delimiters: bit 0 = 0x09 0x0A 0x0D; bit 1 = 0x20 0x22 0x27 0x28 0x29 0x2C;
//               bit 2 = 0x3B 0x3C 0x3E; bit 3 = 0x5B 0x5C 0x5D 0x7B 0x7C 0x7D
//   simple:     bit 4 = x0–xA under 3/5/7 (digits, ':', P–Z, p–z); bit 5 = x1–xF under 4/6
//               (A–O, a–o); bit 6 = 0x2D 0x2E; bit 7 = 0x5F
inline constexpr uint8_t kClassLo[16] = {
    0x12, 0x30, 0x32, 0x30, 0x30, 0x30, 0x30, 0x32,  // 0–7
    0x32, 0x33, 0x31, 0x2c, 0x2e, 0x69, 0x64, 0xa0,  // 8–F
};
inline constexpr uint8_t kClassHi[16] = {0x01, 0x00, 0x42, 0x14, 0x20, 0x98, 0x20, 0x18,
                                         0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

struct Half {
  uint32_t not_delim, not_simple, dot, colon, alpha, dash, newline, hash;
};

// A 16-byte table in both lanes of a vector.
__attribute__((target("avx2"))) inline __m256i table16(const uint8_t* t) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)));
}

// Each byte's class: lo_t[c & 15] & hi_t[c >> 4].
__attribute__((target("avx2"))) inline __m256i nibble_class(__m256i c, __m256i lo_t, __m256i hi_t) {
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i high = _mm256_and_si256(_mm256_srli_epi16(c, 4), nib);
  return _mm256_and_si256(_mm256_shuffle_epi8(lo_t, _mm256_and_si256(c, nib)),
                          _mm256_shuffle_epi8(hi_t, high));
}

__attribute__((target("avx2"))) inline Half classify32(const char* p) {
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i x = nibble_class(c, table16(kClassLo), table16(kClassHi));
  const __m256i f0 = _mm256_set1_epi8(static_cast<char>(0xf0));
  Half h;
  h.not_delim = static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(x, nib), zero)));
  h.not_simple =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(x, f0), zero)));
  h.dot = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('.'))));
  h.colon =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8(':'))));
  // Letters: (c | 0x20) - 'a' < 26, as a signed compare after biasing by 128.
  const __m256i folded = _mm256_add_epi8(_mm256_or_si256(c, _mm256_set1_epi8(0x20)),
                                         _mm256_set1_epi8(static_cast<char>(128 - 'a')));
  h.alpha = static_cast<uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(26 - 128)), folded)));
  h.dash = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
      _mm256_cmpeq_epi8(c, _mm256_set1_epi8('-')), _mm256_cmpeq_epi8(c, _mm256_set1_epi8('_')))));
  h.newline =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('\n'))));
  h.hash = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('#'))));
  return h;
}

inline uint64_t join32(uint32_t lo, uint32_t hi) { return uint64_t{lo} | (uint64_t{hi} << 32); }

__attribute__((target("avx2"))) inline void classify_block_avx2(const char* p, blocks::Block& k) {
  const Half a = classify32(p);
  const Half z = classify32(p + 32);
  const uint64_t not_delim = join32(a.not_delim, z.not_delim);
  k.delim = ~not_delim;
  k.bad = not_delim & join32(a.not_simple, z.not_simple);
  k.dot = join32(a.dot, z.dot);
  k.colon = join32(a.colon, z.colon);
  k.alpha = join32(a.alpha, z.alpha);
  k.dash = join32(a.dash, z.dash);
  k.newline = join32(a.newline, z.newline);
  k.hash = join32(a.hash, z.hash);
  k.impure = k.bad | k.alpha | k.dash | k.colon;
}

// The lean classification for an index of IPv4 addresses and ranges only: delim, dot and
// hash (the rest left as they are), in about half the instructions. Newlines are not a
// mask: each byte lane of `newlines` counts down one per newline (-1 per match), so a 4 KiB
// chunk's lines are one horizontal sum. One nibble lookup gives the delimiters (the tables
// above without their bits 4–7: a byte is a delimiter when the AND is not zero).
struct DelimTables {
  alignas(16) uint8_t lo[16];
  alignas(16) uint8_t hi[16];
  constexpr DelimTables() : lo(), hi() {
    for (int i = 0; i < 16; ++i) {
      lo[i] = kClassLo[i] & 0x0f;
      hi[i] = kClassHi[i] & 0x0f;
    }
  }
};
inline constexpr DelimTables kDelim;

__attribute__((target("avx2"))) inline void classify_block_lean_avx2(const char* p,
                                                                     blocks::Block& k,
                                                                     __m256i& newlines) {
  const __m256i lo_t = table16(kDelim.lo), hi_t = table16(kDelim.hi);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i c1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i x0 = nibble_class(c0, lo_t, hi_t), x1 = nibble_class(c1, lo_t, hi_t);
#define LIAISON_MASK(lo, hi)                              \
  join32(static_cast<uint32_t>(_mm256_movemask_epi8(lo)), \
         static_cast<uint32_t>(_mm256_movemask_epi8(hi)))
  k.delim = ~LIAISON_MASK(_mm256_cmpeq_epi8(x0, zero), _mm256_cmpeq_epi8(x1, zero));
  const __m256i dot = _mm256_set1_epi8('.');
  k.dot = LIAISON_MASK(_mm256_cmpeq_epi8(c0, dot), _mm256_cmpeq_epi8(c1, dot));
  const __m256i nl = _mm256_set1_epi8('\n');
  newlines = _mm256_add_epi8(newlines,
                             _mm256_add_epi8(_mm256_cmpeq_epi8(c0, nl), _mm256_cmpeq_epi8(c1, nl)));
  // '#' is rare: one test for the whole block first.
  const __m256i hash = _mm256_set1_epi8('#');
  const __m256i h0 = _mm256_cmpeq_epi8(c0, hash), h1 = _mm256_cmpeq_epi8(c1, hash);
  k.hash = _mm256_testz_si256(_mm256_or_si256(h0, h1), _mm256_or_si256(h0, h1))
               ? 0
               : LIAISON_MASK(h0, h1);
#undef LIAISON_MASK
}

// ---- A strict dotted quad (four decimal octets 0–255, no leading zeros, nothing else) of
// n bytes at p (7 ≤ n ≤ 15); reads 16 bytes from p, which must be readable.
//
// The dot positions with an end bit at n name the layout: of the 2^16 values, exactly 81
// are addresses (three dots, octets of 1–3 digits), and a 64 KiB table gives each its
// pattern (1–81; 0: not an address). So no count, position or length is computed. A
// pattern holds
//   shuffle: octet i's hundreds, tens and ones digit into bytes 4i, 4i+1, 4i+2 (0x80 = 0)
//   least:   octet i's smallest value without a leading zero: 0, 10 or 100
// so one shuffle and two multiply-adds give the four octets, and one compare each refuses
// octets over 255 and leading zeros.
struct QuadPattern {
  alignas(16) uint8_t shuffle[16];
  alignas(16) int32_t least[4];
};
struct QuadTables {
  QuadPattern at[82];  // (first: at[id] is then the table's address + 32 * id)
  uint8_t pattern_of[1 << 16];
  constexpr QuadTables() : at(), pattern_of() {
    for (int id = 1; id <= 81; ++id) {
      const int lens[4] = {(id - 1) / 27 + 1, (id - 1) / 9 % 3 + 1, (id - 1) / 3 % 3 + 1,
                           (id - 1) % 3 + 1};
      for (int k = 0; k < 16; ++k) at[id].shuffle[k] = 0x80;
      int start = 0;
      unsigned marks = 0;
      for (int i = 0; i < 4; ++i) {
        const int len = lens[i];
        at[id].shuffle[4 * i + 0] = len == 3 ? static_cast<uint8_t>(start) : 0x80;
        at[id].shuffle[4 * i + 1] = len >= 2 ? static_cast<uint8_t>(start + len - 2) : 0x80;
        at[id].shuffle[4 * i + 2] = static_cast<uint8_t>(start + len - 1);
        at[id].least[i] = len == 3 ? 100 : len == 2 ? 10 : 0;
        marks |= 1u << (start + len);  // the dot after the octet, or the end
        start += len + 1;
      }
      pattern_of[marks] = static_cast<uint8_t>(id);
    }
  }
};
inline constexpr QuadTables kQuadTables;

// What parse_quad_ssse3 checks, all by default; a caller that knows a part leaves it out:
// kLength, 7 ≤ n ≤ 15; kDigits, the n bytes are digits and dots only; kOctets, each octet is
// at most 255 and has no leading zero. Without kOctets such a text reads as some address
// (only a layout of dots that is no address's returns false), for a caller that tests the
// value first and parses the few it keeps again (the walk: most candidates are not listed).
enum QuadCheck : unsigned { kLength = 1, kDigits = 2, kOctets = 4, kAllChecks = 7 };
template <unsigned kChecks = kAllChecks>
__attribute__((target("ssse3"))) inline bool parse_quad_ssse3(const char* p, size_t n,
                                                              uint32_t& addr) {
  if ((kChecks & kLength) && (n < 7 || n > 15)) return false;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const uint32_t valid = (1u << n) - 1;
  const uint32_t dots =
      static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')))) & valid;
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  if constexpr ((kChecks & kDigits) != 0) {
    // A digit's d is 0–9, which a saturating + 0x76 leaves under 0x80: the sign bits mark
    // the bytes that are no digit, which must be the dots.
    const uint32_t others =
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_adds_epu8(d, _mm_set1_epi8(0x76)))) & valid;
    if (others != dots) return false;
  }
  const unsigned id = kQuadTables.pattern_of[dots | (1u << n)];
  if (id == 0) return false;
  const QuadPattern& pat = kQuadTables.at[id];
  const __m128i lanes =
      _mm_shuffle_epi8(d, _mm_load_si128(reinterpret_cast<const __m128i*>(pat.shuffle)));
  const __m128i pairs = _mm_maddubs_epi16(lanes, _mm_set1_epi32(0x00010a64));  // 100,10,1,0
  const __m128i octets = _mm_madd_epi16(pairs, _mm_set1_epi16(1));
  if constexpr ((kChecks & kOctets) != 0) {
    const __m128i least = _mm_load_si128(reinterpret_cast<const __m128i*>(pat.least));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpgt_epi32(octets, _mm_set1_epi32(255)),
                                       _mm_cmpgt_epi32(least, octets))) != 0) {
      return false;
    }
  }
  const __m128i packed =
      _mm_shuffle_epi8(octets, _mm_setr_epi8(12, 8, 4, 0, -128, -128, -128, -128, -128, -128, -128,
                                             -128, -128, -128, -128, -128));
  addr = static_cast<uint32_t>(_mm_cvtsi128_si32(packed));
  return true;
}

// The newlines counted down in `newlines` (each lane at most 255 of them).
__attribute__((target("avx2"))) inline uint64_t count_of(__m256i newlines) {
  const __m256i counts = _mm256_sub_epi8(_mm256_setzero_si256(), newlines);
  const __m256i sums = _mm256_sad_epu8(counts, _mm256_setzero_si256());
  return static_cast<uint64_t>(_mm256_extract_epi64(sums, 0)) +
         static_cast<uint64_t>(_mm256_extract_epi64(sums, 1)) +
         static_cast<uint64_t>(_mm256_extract_epi64(sums, 2)) +
         static_cast<uint64_t>(_mm256_extract_epi64(sums, 3));
}

// Newlines in [from, to).
__attribute__((target("avx2,popcnt"))) inline uint64_t newlines_in(const char* from,
                                                                   const char* to) {
  uint64_t n = 0;
  const __m256i nl = _mm256_set1_epi8('\n');
  for (; to - from >= 32; from += 32) {
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(from));
    n += static_cast<uint64_t>(
        __builtin_popcount(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, nl)))));
  }
  for (; from < to; ++from) n += *from == '\n';
  return n;
}

}  // namespace liaison::sweep::simd
