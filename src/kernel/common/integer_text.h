// Strict decimal integers from text that came from outside (query strings, parameters):
// digits only, no sign, no spaces, no trailing characters ("5abc" is refused, not read as
// 5), within [lo, hi]. Failures are invalid_argument naming `field`. Pure; any thread.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison {

// The last page number any list accepts (page × per_page stays far inside SQLite's range).
constexpr int64_t kMaxPage = 1000000;

inline Result<int64_t> parse_integer(std::string_view text, int64_t lo, int64_t hi,
                                     const char* field) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  // (from_chars leaves v at 0 on overflow: its error code must be read too.)
  const auto [at, error] = std::from_chars(text.data(), end, v);
  if (!digits || error != std::errc() || at != end) {
    return invalid_argument(std::string(field) + " must be a whole number", field)
        .with_reason(Reason::kNotInteger);
  }
  if (v < lo || v > hi) {
    return field_out_of_range(field, lo, hi);
  }
  return v;
}

}  // namespace liaison
