// Escalation ladders in the PagerDuty/Opsgenie shape (brief §3.2): ordered rules, each with
// a delay, a condition, a tier and targets, repeated as a whole. Pure; thread-safe.
//
// Rule 0 fires when the escalation opens; rule k fires rule k-1's delay later; after the
// last rule's delay the ladder starts again, `repeat` more times. An escalation opened at
// tier N skips the rules below tier N (above the ladder's top tier, it starts at the top).
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace liaison::hotline {

enum class Condition { kNotAcknowledged, kNotResolved };
const char* to_string(Condition c);

// Whom a rule pages. Exactly one form:
//   side ("both" | "owner" | "counterpart") + tier: the on-call people of that tier;
//   party + schedule: the on-call person of one schedule;  party + user: one person.
struct Target {
  std::string side;
  int tier = 0;
  std::string party, schedule, user;
};

struct Rule {
  int64_t delay_seconds = 0;
  Condition condition = Condition::kNotAcknowledged;
  int tier = 1;
  std::vector<Target> targets;
};

struct Ladder {
  std::string name;
  std::vector<Rule> rules;
  int repeat = 0;
};

struct Firing {
  int rule = 0;   // index into Ladder::rules
  int round = 0;  // 0 for the first pass
  int tier = 1;
  TimePoint due_at;
};

// Every firing in order; at most kMaxFirings.
inline constexpr int kMaxFirings = 200;
std::vector<Firing> firings(const Ladder& ladder, TimePoint opened, int start_tier);

Result<Ladder> ladder_from_json(const boost::json::value& v, const std::string& field);
boost::json::object to_json(const Ladder& ladder);

}  // namespace liaison::hotline
