// What a log field is and the general matcher for it: the class bits OR-ed over a field's
// bytes, and match_field() for every kind of field the walk does not settle itself (ip:port,
// IPv6, URLs, e-mail addresses, hashes, key=value parts). Internal to the sweep; pure
// functions over a read-only Index, so any thread may call them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sweep/blocks.h"
#include "sweep/index.h"
#include "sweep/scanner.h"

namespace liaison::sweep::fields {

enum : uint16_t {
  kDelim = 1,
  kDigit = 2,
  kDot = 4,
  kHexAlpha = 8,  // a-f, A-F
  kAlpha = 16,    // other letters
  kColon = 32,
  kAt = 64,
  kEquals = 128,
  kOther = 256,
  kSimple = 512,  // set by the walker: only [A-Za-z0-9._:-], nothing else to check
};

// The class bit of each byte value.
struct ClassTable {
  uint16_t t[256];
  constexpr ClassTable() : t() {
    for (int i = 0; i < 256; ++i) {
      unsigned char c = static_cast<unsigned char>(i);
      uint16_t v = kOther;
      if (blocks::is_delim(c))
        v = kDelim;
      else if (c >= '0' && c <= '9')
        v = kDigit;
      else if (c == '.')
        v = kDot;
      else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
        v = kHexAlpha;
      else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z'))
        v = kAlpha;
      else if (c == ':')
        v = kColon;
      else if (c == '@')
        v = kAt;
      else if (c == '=')
        v = kEquals;
      t[i] = v;
    }
  }
};
inline constexpr ClassTable kClass;

inline uint16_t class_of(std::string_view f) {
  uint16_t cls = 0;
  for (char c : f) cls |= kClass.t[static_cast<unsigned char>(c)];
  return cls;
}

// Matches one field of class `cls`; returns the indicator id or -1. `readable_end`: the end
// of the buffer the field lies in (lets the IPv4 parser load 16 bytes at once).
int32_t match_field(const Index& index, std::string_view f, uint16_t cls, const char* readable_end);

// Field names (scanner.h FieldNames), learnt from an input's own lines:
// the first line settles kAuto ('{' → JSON lines, a '#' Zeek header → Zeek TSV, else text)
// and is the header of a CSV file;
void learn_from_first_line(std::string_view line, FieldNames& names);
// a Zeek "#fields<TAB>ts<TAB>uid…" line names the columns (also kAuto → Zeek TSV).
void learn_zeek_fields(std::string_view line, FieldNames& names);
// The name of the field that starts right after `prefix` (its line up to the field): the
// column by its number, or the JSON key before it; "" when unknown.
std::string field_name(const FieldNames& names, std::string_view prefix);

// When a log line says it happened, in microseconds since 1970 (UTC), or nullopt: Zeek TSV's
// `ts` column (epoch seconds, "1521911720.865716"); a JSON line's "ts", "timestamp",
// "@timestamp" or "time" (epoch seconds or RFC 3339 text); a CSV column of one of those names;
// a text line that starts with an RFC 3339 / ISO 8601 time ("2026-03-09T08:00:01Z",
// "2026-03-09 08:00:01", no zone: UTC). Read only for lines with a hit (item 11 of issue 17:
// a sighting's first and last seen are the log's times, not the sweep's).
std::optional<int64_t> line_time(const FieldNames* names, std::string_view line);
// Epoch seconds with an optional fraction, or RFC 3339 / ISO 8601 text, as microseconds.
std::optional<int64_t> parse_log_time(std::string_view text);

}  // namespace liaison::sweep::fields
