// Working calendars and deadline arithmetic (brief §3.2): "8 hours around the clock" or
// "5 business days of the requested party's calendar", with pauses (needs_info) that stop
// the clock. Pure functions over plain structs, no I/O except the system's tz database
// (read-only, thread-safe). Times are UTC instants; calendars work in their IANA zone.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace liaison::hotline {

// A party's working calendar. A working day counts as one whole day whatever its length on
// the wall clock (a daylight-saving day of 23 or 25 hours is still one day).
struct Calendar {
  std::string timezone = "UTC";                  // IANA name
  std::vector<int> working_days{1, 2, 3, 4, 5};  // ISO weekdays, Monday = 1 … Sunday = 7
  std::set<std::string> holidays;                // "YYYY-MM-DD", days off
  std::set<std::string> extra_working_days;      // "YYYY-MM-DD", weekend days worked (调休)

  // `date` is "YYYY-MM-DD" in the calendar's zone.
  bool is_working_day(const std::string& date) const;
};

// Seconds and minutes serve exercises and tests; real policies use hours and days.
enum class Unit { kSeconds, kMinutes, kHours, kDays, kBusinessDays };
const char* to_string(Unit u);
std::optional<Unit> parse_unit(std::string_view s);

// A span during which a clock does not run; `to` empty while the pause lasts.
struct Pause {
  TimePoint from;
  std::optional<TimePoint> to;
};

// The instant at which `amount` `unit`s have run from `start`, not counting the pauses.
// nullopt when an open pause stops the clock before it runs out. Errors: unknown time zone,
// a calendar without working days.
Result<std::optional<TimePoint>> due_time(TimePoint start, int64_t amount, Unit unit,
                                          const std::vector<Pause>& pauses, const Calendar& cal);

// "YYYY-MM-DD" of instant `t` in zone `tz` (UTC when the zone is unknown).
std::string local_date(TimePoint t, const std::string& tz);
// "YYYY-MM-DDTHH:MM" wall-clock time of `t` in `tz`.
std::string local_time_string(TimePoint t, const std::string& tz);
// The instant of a wall-clock time "YYYY-MM-DDTHH:MM[:SS]" in `tz`. A time skipped by a
// daylight-saving change maps to the instant of the change; a repeated one to the earlier.
Result<TimePoint> from_local(const std::string& local, const std::string& tz);

}  // namespace liaison::hotline
