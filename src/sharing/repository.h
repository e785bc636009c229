// The SQL of indicator sharing (its projections indicator_sets, indicators and sightings),
// on one connection inside the caller's transaction.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sqlite/db.h"

namespace liaison::sharing {

// Every indicator set's document, the most recently updated first.
Result<std::vector<std::string>> set_docs(store::Db& db);

// A set's sightings by reporting party: indicators sighted, hits, false positives and the
// mean seconds from an indicator's publication to its sighting report.
struct PartySightings {
  std::string party;
  int64_t indicators_sighted = 0, hits = 0, false_positives = 0;
  double mean_latency_seconds = 0;
};
Result<std::vector<PartySightings>> sightings_by_party(store::Db& db, const std::string& set_id);

// How many indicators a set has, and a page of their documents by value.
Result<int64_t> indicator_count(store::Db& db, const std::string& set_id);
Result<std::vector<std::string>> indicator_docs(store::Db& db, const std::string& set_id, int limit,
                                                int64_t offset);

// Every live indicator (not removed, valid at `now`): set id, value, valid_until ("" when
// none).
Status for_each_live_indicator(
    store::Db& db, const std::string& now,
    const std::function<void(const std::string& set_id, const std::string& value,
                             const std::string& valid_until)>& fn);

// Sightings' documents (of one set, or all for ""), the most recently updated first, at most
// 1000.
Result<std::vector<std::string>> sighting_docs(store::Db& db, const std::string& set_id);

}  // namespace liaison::sharing
