// How the sweep hashes domain names, shared by the index (which hashes listed domains) and
// the walk (which hashes the names in a log where they lie): label by label from the right,
// so that one pass over a name yields the hash of each parent domain on the way, a label 8
// bytes at a time with its case folded as it is read (a byte at a time, the multiply in
// every step made hashing most of the domain sweep's time).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace liaison::sweep::domain_hash {

constexpr uint64_t kSeed = 0x6a09e667f3bcc908ull;
constexpr uint64_t kLabelMul = 0x9e3779b97f4a7c15ull;

inline uint64_t finish(uint64_t h) {
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  return h;
}

// Eight bytes lower-cased at once: + 0x20 in each byte from 'A' to 'Z'.
inline uint64_t fold8(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t low7 = w & ~kHigh;
  const uint64_t at_least_a = (low7 + (0x80 - 'A') * kOnes) & kHigh;
  const uint64_t above_z = (low7 + (0x80 - 'Z' - 1) * kOnes) & kHigh;
  const uint64_t upper = at_least_a & ~above_z & ~w & kHigh;
  return w | (upper >> 2);
}

// Mixes the label of n bytes at p into h: one multiply per 8 bytes; the rotation keeps the
// high bytes of a word from being lost to later multiplies (finish() mixes the result).
// 8 bytes must be readable past the label.
inline uint64_t mix_label(uint64_t h, const char* p, size_t n) {
  h ^= n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = std::rotl((h ^ fold8(w)) * kLabelMul, 27);
  }
  if (i < n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    w &= ~uint64_t{0} >> (64 - 8 * (n - i));
    h = std::rotl((h ^ fold8(w)) * kLabelMul, 27);
  }
  return h;
}

}  // namespace liaison::sweep::domain_hash
