// The reports capability's clocks the hotline escalates (hotline/clock_feed.h): each party's
// next status report on an accepted priority case (due `interval_days` after acceptance or
// after that party's last update; clock "status_report#N", the N-th report of the party that
// owes it) and a lead's outcome (due the receiver's policy's lead_outcome_days, 30 by default,
// after the lead's signed submission; clock "lead_outcome"). The waiting party's engine opens the
// escalation; it resolves once the report or the outcome is recorded, or the case is concluded.
// Added once from src/app/.
#pragma once

#include "hotline/clock_feed.h"

namespace liaison::reports {

hotline::ClockFeed case_clock_feed();
hotline::ClockFeed lead_clock_feed();

}  // namespace liaison::reports
