#include "sweep/blocks.h"

#include <immintrin.h>

namespace liaison::sweep::blocks {

uint64_t classify_scalar(const char* p, size_t n, Block* out) {
  uint64_t lines = 0;
  for (size_t b = 0; b < n; ++b, p += 64) {
    Block k{};
    k.lines_before = lines;
    for (int i = 0; i < 64; ++i) {
      unsigned char c = static_cast<unsigned char>(p[i]);
      uint64_t bit = uint64_t{1} << i;
      if (is_delim(c)) k.delim |= bit;
      else if (!is_simple(c)) k.bad |= bit;
      if (c == '.') k.dot |= bit;
      if (c == ':') k.colon |= bit;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k.alpha |= bit;
      if (c == '-' || c == '_') k.dash |= bit;
      if (c == '\n') k.newline |= bit;
      if (c == '#') k.hash |= bit;
    }
    lines += static_cast<uint64_t>(__builtin_popcountll(k.newline));
    out[b] = k;
  }
  return lines;
}

namespace {

// Each byte's class is lo[c & 15] & hi[c >> 4]. Bits 0–3 mark delimiters, bits 4–7 simple
// characters; a byte is a delimiter when the AND has a bit in 0–3, simple when in 4–7.
//   delimiters: bit 0 = 0x09 0x0A 0x0D; bit 1 = 0x20 0x22 0x27 0x28 0x29 0x2C;
//               bit 2 = 0x3B 0x3C 0x3E; bit 3 = 0x5B 0x5C 0x5D 0x7B 0x7C 0x7D
//   simple:     bit 4 = x0–xA under 3/5/7 (digits, ':', P–Z, p–z); bit 5 = x1–xF under 4/6
//               (A–O, a–o); bit 6 = 0x2D 0x2E; bit 7 = 0x5F
constexpr uint8_t kLo[16] = {
    0x12, 0x30, 0x32, 0x30, 0x30, 0x30, 0x30, 0x32,  // 0–7
    0x32, 0x33, 0x31, 0x2c, 0x2e, 0x69, 0x64, 0xa0,  // 8–F
};
constexpr uint8_t kHi[16] = {0x01, 0x00, 0x42, 0x14, 0x20, 0x98, 0x20, 0x18,
                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

struct Half {
  uint32_t not_delim, not_simple, dot, colon, alpha, dash, newline, hash;
};

__attribute__((target("avx2"))) inline Half classify32(const char* p) {
  const __m256i lo_t = _mm256_broadcastsi128_si256(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(kLo)));
  const __m256i hi_t = _mm256_broadcastsi128_si256(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(kHi)));
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i lo = _mm256_shuffle_epi8(lo_t, _mm256_and_si256(c, nib));
  __m256i hi = _mm256_shuffle_epi8(hi_t, _mm256_and_si256(_mm256_srli_epi16(c, 4), nib));
  __m256i x = _mm256_and_si256(lo, hi);
  Half h;
  h.not_delim = static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(x, nib), zero)));
  h.not_simple = static_cast<uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_and_si256(x, _mm256_set1_epi8(static_cast<char>(0xf0))), zero)));
  h.dot = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('.'))));
  h.colon = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8(':'))));
  // Letters: (c | 0x20) - 'a' < 26, as a signed compare after biasing by 128.
  __m256i folded = _mm256_add_epi8(_mm256_or_si256(c, _mm256_set1_epi8(0x20)),
                                   _mm256_set1_epi8(static_cast<char>(128 - 'a')));
  h.alpha = static_cast<uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(26 - 128)), folded)));
  h.dash = static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('-')),
                                           _mm256_cmpeq_epi8(c, _mm256_set1_epi8('_')))));
  h.newline = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('\n'))));
  h.hash = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('#'))));
  return h;
}

inline uint64_t join(uint32_t lo, uint32_t hi) { return uint64_t{lo} | (uint64_t{hi} << 32); }

}  // namespace

__attribute__((target("avx2,popcnt"))) uint64_t classify_avx2(const char* p, size_t n, Block* out) {
  uint64_t lines = 0;
  for (size_t b = 0; b < n; ++b, p += 64) {
    Half a = classify32(p);
    Half z = classify32(p + 32);
    uint64_t not_delim = join(a.not_delim, z.not_delim);
    Block& k = out[b];
    k.delim = ~not_delim;
    k.bad = not_delim & join(a.not_simple, z.not_simple);
    k.dot = join(a.dot, z.dot);
    k.colon = join(a.colon, z.colon);
    k.alpha = join(a.alpha, z.alpha);
    k.dash = join(a.dash, z.dash);
    k.newline = join(a.newline, z.newline);
    k.hash = join(a.hash, z.hash);
    k.lines_before = lines;
    lines += static_cast<uint64_t>(__builtin_popcountll(k.newline));
  }
  return lines;
}

ClassifyFn best() {
  static const ClassifyFn fn = __builtin_cpu_supports("avx2") ? classify_avx2 : classify_scalar;
  return fn;
}

}  // namespace liaison::sweep::blocks
