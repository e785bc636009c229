// The sweep's IPv4 parsers: a portable one (the reference) and an SSSE3 one that parses a
// dotted quad with two shuffles and two multiply-adds instead of a loop per character.
// parse_ipv4() in index.h picks the one the CPU runs; the test checks both agree.
#pragma once

#include <cstdint>
#include <string_view>

namespace liaison::sweep::ipv4 {

// Strict dotted quad: four decimal octets 0–255, no leading zeros, nothing else.
bool parse_portable(std::string_view s, uint32_t& addr);
// The same result. Only on CPUs with SSSE3 (have_ssse3()). Reads 16 bytes from s.data()
// when they lie before `readable_end` (copies the text first otherwise).
bool parse_ssse3(std::string_view s, uint32_t& addr, const char* readable_end);
bool have_ssse3();

}  // namespace liaison::sweep::ipv4
