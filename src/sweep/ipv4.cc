#include "sweep/ipv4.h"

#include "sweep/simd.h"

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

__attribute__((target("ssse3,popcnt"))) bool parse_ssse3(std::string_view s, uint32_t& addr,
                                                         const char* readable_end) {
  if (readable_end != nullptr && s.size() <= 15 && s.data() + 16 <= readable_end) {
    return simd::parse_quad_ssse3(s.data(), s.size(), addr);
  }
  if (s.size() < 7 || s.size() > 15) return false;
  char copy[16] = {};
  for (size_t i = 0; i < s.size(); ++i) copy[i] = s[i];
  return simd::parse_quad_ssse3(copy, s.size(), addr);
}

bool have_ssse3() {
  static const bool yes = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
  return yes;
}

}  // namespace liaison::sweep::ipv4
