// RFC 8785 JSON Canonicalization Scheme: the byte form that ledger records are hashed and
// signed in. Pure functions; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "common/status.h"

namespace liaison::ledger {

// Serialises `v` canonically: object members sorted by their UTF-16 code units, no
// whitespace, minimal string escapes, numbers in ECMAScript form. Fails (invalid_argument)
// on NaN or infinity, which JSON cannot carry.
Result<std::string> canonical_json(const boost::json::value& v);

// Parses `text` and returns its canonical form (fails on malformed JSON).
Result<std::string> canonicalize(std::string_view text);
// Whether `v` holds a non-integer number anywhere: record payloads carry integers only
// (ledger/record.cc), as decimals may not canonicalise alike in every implementation.
bool has_double(const boost::json::value& v);

}  // namespace liaison::ledger
