// The sharing capability's projections in typed form: an indicator set (`indicator_sets`),
// one of its indicators (`indicators`) and a party's aggregate sighting of an indicator with
// the publisher-side feedback on it (`sightings`). apply() builds and changes them, the
// repository returns them and the service renders them. They are converted to and from their
// stored JSON documents only here (to_doc / *_from_doc), so a damaged document is one error
// naming its member. The members are those sharing has always stored, and to_doc writes them
// in canonical (sorted) order, so both the stored bytes and the API's answers are unchanged.
// Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::sharing {

struct IndicatorSet {
  std::string id, publisher, name, description, tlp;
  std::vector<std::string> recipients;
  int64_t indicator_count = 0, version = 0;
  std::string created_at, updated_at;

  bool addressed_to(const std::string& party) const;
};

struct Indicator {
  std::string id;      // set id ":" value
  std::string set_id;  //
  std::string value;   // normalised (sweep::Index)
  std::string type;    // sweep::to_string(IndicatorType)
  int64_t confidence = 50;
  std::string first_seen, last_seen, valid_until;  // "" when not given
  std::vector<std::string> tags;
  std::string added_at;
  bool removed = false;
  std::string removed_at;
};

// The reporting party's feedback on its sighting.
struct SightingFeedback {
  bool false_positive = false;
  std::string action;  // none, blocked, host_cleaned, case_opened
  std::string note, at;
};

// One party's sightings of one indicator of a set, added up.
struct Sighting {
  std::string id;  // set id ":" indicator ":" reporter
  std::string set_id, indicator, reporter;
  int64_t count = 0;
  std::string first_seen, last_seen, reported_at, where, updated_at;
  std::optional<SightingFeedback> feedback;
};

// An indicator value in today's canonical text (ident/, as sweep::Index normalises it), whatever
// text a record signed it in: IPv6 indicators were kept as written before ident/ and are RFC
// 5952 text today. A text that is no indicator comes back as it is.
std::string todays_indicator_text(std::string_view value);
// A sighting's id (set ":" indicator ":" reporter) with its indicator in today's text.
std::string todays_sighting_id(std::string_view id);

boost::json::object to_doc(const IndicatorSet& s);
boost::json::object to_doc(const Indicator& i);
boost::json::object to_doc(const Sighting& s);

// Stored documents back; a missing or mistyped member is invalid_argument naming it.
Result<IndicatorSet> indicator_set_from_doc(const boost::json::object& doc);
Result<Indicator> indicator_from_doc(const boost::json::object& doc);
Result<Sighting> sighting_from_doc(const boost::json::object& doc);
Result<IndicatorSet> indicator_set_from_text(std::string_view text);
Result<Indicator> indicator_from_text(std::string_view text);
Result<Sighting> sighting_from_text(std::string_view text);

}  // namespace liaison::sharing
