// Declared payload schemas: what a record kind's payload may hold, field by field (type,
// enum values, RFC 3339 times, lengths, item counts; no unknown keys), checked by apply()
// before anything else, so the same rule runs when this node appends a record and when a
// peer's record arrives: what one node can write, every peer can read. Plain constexpr
// tables and a pure checker; thread-safe.
//
//   constexpr Field kFields[] = {{.name = "user", .type = Type::kString, .max = 64}};
//   constexpr Shape kShape{kFields};
//   Status st = check_payload(payload_object, kShape);  // error names the field
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/status.h"

namespace liaison::ledger {

struct Record;

namespace schema {

enum class Type {
  kString,  // one line: no control characters
  kText,    // free text: tab, CR and LF allowed, no other control characters (no NUL)
  kInt,     // an integer within [min, max]
  kBool,
  kTime,    // an RFC 3339 time ("" allowed unless required)
  kObject,  // an object of `shape`
  kArray,   // an array of at most `max` items, each checked as `item`
  kTyped,   // an object checked by the kind's typed parser, which must accept it unchanged
};

struct Shape;

struct Field {
  std::string_view name;
  Type type = Type::kString;
  bool required = false;
  int64_t min = 0;
  int64_t max = 0;  // kString/kText: bytes (0: the ledger's limit); kInt: value; kArray: items
  std::span<const std::string_view> one_of = {};  // kString: the allowed values
  const Shape* shape = nullptr;                   // kObject
  const Field* item = nullptr;                    // kArray
};

struct Shape {
  std::span<const Field> fields;
};

// Checks `payload` against `shape`; the error (invalid_argument) names the field as a path
// ("action_items[2].due").
Status check_payload(const boost::json::object& payload, const Shape& shape);

// The limits every record meets whatever its kind (ledger/limits.h): header members'
// lengths, recipients, the payload's size, nesting and string lengths.
Status check_record_limits(const Record& r, const boost::json::value& payload);

// Nesting depth as Boost.JSON counts it (a scalar is 0, {} is 1).
int depth_of(const boost::json::value& v);

}  // namespace schema
}  // namespace liaison::ledger
