// A hotline drill as its projection holds it (the `drills` table): the owner tests tiers of
// every party it names, each paged person acknowledges within the drill's time. A page that
// arrives before its drill.start (three or more parties) is kept in a stub that drill.start
// completes. apply() builds and changes it, the repository returns it and the service renders
// it. Converted to and from its stored JSON document only here, so a damaged document is one
// error naming its member. to_doc writes the members the hotline has always stored, in
// canonical (sorted) order, so the stored bytes and the API's answers are unchanged.
// Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::hotline {

// A page or an acknowledgement of one party's tier: who, when.
struct DrillMark {
  std::string user, at;
};

struct Drill {
  std::string id;
  bool stub = false;  // only pages/acks that came before the drill.start; nothing else is set
  std::string owner, started_by, created_at, scheduled_for;
  int64_t ack_within_seconds = 0;
  std::vector<int64_t> tiers;
  std::vector<std::string> parties;  // the owner first, then its recipients
  // By "PARTY:TIER".
  std::map<std::string, DrillMark> pages, acks;

  static std::string key(const std::string& party, int64_t tier) {
    return party + ":" + std::to_string(tier);
  }
  bool tests(const std::string& party, int64_t tier) const;
};

boost::json::object to_doc(const Drill& d);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<Drill> drill_from_doc(const boost::json::object& doc);
Result<Drill> drill_from_text(std::string_view text);

}  // namespace liaison::hotline
