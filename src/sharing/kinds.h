// The sharing capability's record kinds (ledger/kinds.h): indicator sets, sightings and
// feedback. Applied by sharing/apply.cc.
#pragma once

#include <cstdint>
#include <span>

#include "ledger/kinds.h"

namespace liaison::sharing {

inline constexpr const char* kIndicatorSet = "indicator_set.publish";  // a set or its delta
inline constexpr const char* kSighting = "sighting.report";            // hits of a sweep
inline constexpr const char* kSightingFeedback = "sighting.feedback";  // false positive / action
// An indicator_set.publish record adds or removes at most this many indicators.
inline constexpr int64_t kMaxIndicatorsPerRecord = 2000;

// These kinds and the tables they write (indicator_sets, indicators, sightings).
ledger::KindSet record_kinds();

// Its tables, as schema steps (schema.cc).
std::span<const ledger::SchemaStep> schema_steps();

}  // namespace liaison::sharing
