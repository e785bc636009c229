// Stage one of the sweep: 64-byte blocks of log text to bit masks, one bit per byte, so the
// walk that follows (scanner.cc) visits only the few fields that could hold an indicator
// instead of every byte. The AVX2 classifier does 64 bytes in a handful of instructions
// (two nibble lookups classify every byte at once); the scalar one is the reference and the
// fallback on CPUs without AVX2. Internal to the sweep; the test checks both agree on every
// byte value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace liaison::sweep::blocks {

// Field delimiters: tab, newline, CR, space and " ' , ; ( ) [ ] { } < > | backslash.
constexpr bool is_delim(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\r' || c == ' ' || c == ',' || c == '"' || c == '\'' ||
         c == '[' || c == ']' || c == '{' || c == '}' || c == '(' || c == ')' || c == '<' ||
         c == '>' || c == '|' || c == ';' || c == '\\';
}
// Characters of addresses, ip:port and host names: letters, digits, '.', '-', '_', ':'.
constexpr bool is_simple(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '.' || c == '-' || c == '_' || c == ':';
}

struct Block {
  uint64_t delim;         // bit i: byte i is a delimiter (newline included)
  uint64_t bad;           // neither a delimiter nor simple ('/', '@', '=', '%', UTF-8 …)
  uint64_t dot;           // '.'
  uint64_t colon;         // ':'
  uint64_t alpha;         // a letter
  uint64_t dash;          // '-' or '_'
  uint64_t newline;       // '\n'
  uint64_t hash;          // '#' (a Zeek header or comment line starts with one)
  uint64_t impure;        // neither a delimiter, a digit nor '.' (cannot be in an IPv4 field)
  uint64_t lines_before;  // newlines in the earlier blocks of the same call
};

// Classifies `n` whole blocks at `p` into out[0..n); returns the newlines in them.
using ClassifyFn = uint64_t (*)(const char* p, size_t n, Block* out);
uint64_t classify_scalar(const char* p, size_t n, Block* out);
// Only on CPUs with AVX2 (best() checks).
uint64_t classify_avx2(const char* p, size_t n, Block* out);
// The fastest classifier this CPU runs.
ClassifyFn best();

}  // namespace liaison::sweep::blocks
