// The SQL of indicator sharing (its projections indicator_sets, indicators and sightings),
// on one connection inside the caller's transaction. Lists return the typed projections
// (sharing/projections.h) and leave out a damaged document with a log line; asked for by id,
// a damaged document is an internal error naming it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sharing/projections.h"
#include "store/db.h"

namespace liaison::sharing {

// Every indicator set, the most recently updated first.
Result<std::vector<IndicatorSet>> indicator_sets(store::Db& db);
// One set; not_found naming `id` when there is none.
Result<IndicatorSet> indicator_set(store::Db& db, const std::string& id);

// A set's sightings by reporting party: indicators sighted, hits, false positives and the
// mean seconds from an indicator's publication to its sighting report.
struct PartySightings {
  std::string party;
  int64_t indicators_sighted = 0, hits = 0, false_positives = 0;
  double mean_latency_seconds = 0;
};
Result<std::vector<PartySightings>> sightings_by_party(store::Db& db, const std::string& set_id);

// How many indicators a set has, and a page of them by value.
Result<int64_t> indicator_count(store::Db& db, const std::string& set_id);
Result<std::vector<Indicator>> indicators(store::Db& db, const std::string& set_id, int limit,
                                          int64_t offset);

// Every live indicator (not removed, valid at `now`): set id, value, valid_until ("" when
// none).
Status for_each_live_indicator(
    store::Db& db, const std::string& now,
    const std::function<void(const std::string& set_id, const std::string& value,
                             const std::string& valid_until)>& fn);

// Sightings (of one set, or all for ""), the most recently updated first, at most 1000.
Result<std::vector<Sighting>> sightings(store::Db& db, const std::string& set_id);
// One sighting; not_found naming `id` when there is none.
Result<Sighting> sighting(store::Db& db, const std::string& id);

// Schema step sharing/2: moves each stored indicator and sighting whose indicator is not in
// today's text (todays_indicator_text) to the id today's apply() gives it, inside the step's
// transaction. Where a row already holds that id (one set added both texts of an address),
// it stays and the older one goes, and the set's count of live indicators is taken again.
Status renormalise_stored_indicators(store::Db& db);

}  // namespace liaison::sharing
