// Stage one of the sweep: 64-byte blocks of log text to bit masks, one bit per byte, so the
// walk that follows (walk.inc) visits only the few fields that could hold an indicator
// instead of every byte. The AVX2 classifiers (simd.h) do 64 bytes in a handful of
// instructions; the scalar one here is the reference and the fallback on CPUs without AVX2.
// Internal to the sweep; the test checks they agree on every byte value.
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
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
         c == '-' || c == '_' || c == ':';
}

struct Block {
  uint64_t delim;    // bit i: byte i is a delimiter (newline included)
  uint64_t bad;      // neither a delimiter nor simple ('/', '@', '=', '%', UTF-8 …)
  uint64_t dot;      // '.'
  uint64_t colon;    // ':'
  uint64_t alpha;    // a letter
  uint64_t dash;     // '-' or '_'
  uint64_t newline;  // '\n'
  uint64_t hash;     // '#' (a Zeek header or comment line starts with one)
  uint64_t impure;   // neither a delimiter, a digit nor '.' (cannot be in an IPv4 field)
};

// One 64-byte block at p, a byte at a time: the reference for the SIMD classifiers of
// simd.h, and the classifier of the generic walk.
void classify_scalar(const char* p, Block& out);

}  // namespace liaison::sweep::blocks
