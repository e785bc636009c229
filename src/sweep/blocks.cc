#include "sweep/blocks.h"

#include "sweep/simd.h"

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
      if (!is_delim(c) && c != '.' && (c < '0' || c > '9')) k.impure |= bit;
    }
    lines += static_cast<uint64_t>(__builtin_popcountll(k.newline));
    out[b] = k;
  }
  return lines;
}


__attribute__((target("avx2,popcnt"))) uint64_t classify_avx2(const char* p, size_t n, Block* out) {
  uint64_t lines = 0;
  for (size_t b = 0; b < n; ++b, p += 64) {
    simd::classify_block_avx2(p, out[b]);
    out[b].lines_before = lines;
    lines += static_cast<uint64_t>(__builtin_popcountll(out[b].newline));
  }
  return lines;
}

ClassifyFn best() {
  static const ClassifyFn fn = __builtin_cpu_supports("avx2") ? classify_avx2 : classify_scalar;
  return fn;
}

}  // namespace liaison::sweep::blocks
