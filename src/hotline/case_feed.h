// The cases the hotline watches — requests today, priority cases next — come from the
// capability that owns them: the hotline pages on a case's arrival, reminds of written
// confirmations and escalates missed clocks, but reads no other capability's tables. The
// owner hands its feed over once, from src/app/ (requests: requests::case_feed()). Without a
// feed the hotline watches no case. A case is read typed (model::StoredRequest, the request
// projection every capability shares); a damaged row in a list is logged and left out.
// Internal to capabilities.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/stored_request.h"
#include "store/db.h"

namespace liaison::hotline {

struct CaseFeed {
  // A case (a request's projection), none when there is no such case.
  std::function<Result<std::optional<model::StoredRequest>>(store::Db&, const std::string& id)>
      find;
  // Cases submitted to `party` and not yet acknowledged, oldest submission first.
  std::function<Result<std::vector<model::StoredRequest>>(store::Db&, const std::string& party)>
      submitted_to;
  // `party`'s own telephoned requests still owed their written confirmation, by call time.
  std::function<Result<std::vector<model::StoredRequest>>(store::Db&, const std::string& party)>
      owed_confirmations;
  // The ids of `party`'s own cases that are neither drafts nor ended.
  std::function<Result<std::vector<std::string>>(store::Db&, const std::string& party)> open_of;
};

// Sets the feed the first time only (later calls change nothing): the engine threads of every
// node in the process read it, so it is set before any runs and never replaced.
void set_case_feed(CaseFeed feed);

// What the hotline reads through the feed, on one connection inside the caller's transaction.
Result<std::optional<model::StoredRequest>> find_request(store::Db& db, const std::string& id);
Result<std::vector<model::StoredRequest>> submitted_requests_to(store::Db& db,
                                                                const std::string& party);
// Submitted to `party` and not yet paged on arrival (no "arrival:ID" mark).
Result<std::vector<std::string>> unpaged_arrivals(store::Db& db, const std::string& party);
Result<std::vector<model::StoredRequest>> owed_confirmations(store::Db& db,
                                                             const std::string& party);
// The ids of owed confirmations not yet reminded of as overdue (no "written:ID:overdue").
Result<std::vector<std::string>> owed_confirmations_to_remind(store::Db& db,
                                                              const std::string& party);
Result<std::vector<std::string>> open_requests_of(store::Db& db, const std::string& party);

}  // namespace liaison::hotline
