// On-call schedules (brief §3.2): one schedule per party and tier, made of layers (each a
// rotation of people with an IANA time zone, optionally restricted to a daily window) and
// overrides. Hand-offs of day- and week-long rotations happen at the same wall-clock time
// in the schedule's zone, also across daylight-saving changes. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace liaison::hotline {

struct Layer {
  std::string name;
  std::string start;  // local wall-clock "YYYY-MM-DDTHH:MM" in the schedule's zone
  int64_t rotation_length = 1;
  std::string rotation_unit = "weeks";  // "hours" | "days" | "weeks"
  std::vector<std::string> users;
  // Optional daily window (local "HH:MM"–"HH:MM", ISO weekdays); empty = all the time.
  std::string window_from, window_to;
  std::vector<int> window_days;
};

struct Override {
  std::string user;
  TimePoint start, end;
};

struct Schedule {
  std::string id;  // "PARTY:name"
  std::string party, name;
  int tier = 1;
  std::string timezone = "UTC";
  std::vector<Layer> layers;        // later layers win where they cover
  std::vector<Override> overrides;  // win over every layer
};

struct OnCall {
  std::string user;
  TimePoint since, until;
};

// Who is on call at `t`; nullopt when nobody is.
std::optional<OnCall> on_call(const Schedule& s, TimePoint t);

// Parses and checks a schedule document; errors name the field. `party` must match the id.
Result<Schedule> schedule_from_json(const boost::json::value& v);
boost::json::object to_json(const Schedule& s);

}  // namespace liaison::hotline
