// Clocks that other capabilities keep and the hotline escalates like its own (issue 16): a
// priority case's status report, a lead's outcome. The hotline reads no other capability's
// tables: each owner adds a feed once, from src/app/, and the engine asks every feed for the
// clocks this party waits on that are overdue, opens an escalation for each (once per
// subject and clock) and resolves it when the feed says the clock was met. Any number of
// feeds; one per name. Thread-safe: feeds are added before any engine runs and never removed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace liaison::node {
class Node;
}

namespace liaison::hotline {

// One missed clock of another capability, as an escalation names it.
struct WatchedClock {
  std::string request_id;  // the request the escalation names, or ""
  std::string case_id;     // the priority case it names, or ""
  // Unique per subject and missed deadline (≤ 32 bytes): "lead_outcome", "status_report#3".
  std::string clock;
  std::string owed_by;   // the party that owes it: the escalation's counterpart
  std::string priority;  // picks the ladder ("P0".."P3")
  TimePoint due_at;
};

struct ClockFeed {
  // The clocks `party` waits on (another party owes them) that are overdue at `now`.
  std::function<Result<std::vector<WatchedClock>>(node::Node&, const std::string& party,
                                                  TimePoint now)>
      overdue;
  // Whether this feed keeps `clock` (the escalation's clock member).
  std::function<bool(const std::string& clock)> keeps;
  // Why an escalation of this feed's clock no longer holds ("" while it does): the clock met,
  // its subject ended.
  std::function<Result<std::string>(node::Node&, const WatchedClock& clock)> cleared;
};

// Adds a feed under `name` the first time only (a later call with the same name changes
// nothing: every node of a process opens through the same composition).
void add_clock_feed(const std::string& name, ClockFeed feed);
// The feeds added so far, in the order they were added.
std::vector<ClockFeed> clock_feeds();

}  // namespace liaison::hotline
