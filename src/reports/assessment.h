// A party's assessment of a request it took part in, as its projection holds it (the
// `report_assessments` table): the requesting party scores the response, the requested party
// scores the request, each on its rubric (reports/kinds.h), with an optional bilingual comment.
// apply() builds it, the repository returns it and the service renders it. Converted to and
// from its stored JSON document only here, so a damaged document is one error naming its
// member. to_doc writes the members reports have always stored, in canonical (sorted) order,
// so the stored bytes and the API's answers are unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison::reports {

// A text in its original language with an optional translation; a member given (even empty)
// is kept, one not given stays absent.
struct BilingualText {
  std::string original, lang;
  std::optional<std::string> translation, translation_lang;
};
boost::json::object to_doc(const BilingualText& t);
// `field` names it in the error.
Result<BilingualText> bilingual_from_json(const boost::json::value& v, const std::string& field);

struct Assessment {
  std::string id;  // request id ":" record kind ":" party
  std::string request_id;
  std::string kind;   // response | request
  std::string party;  // the assessing party
  std::string by;
  std::map<std::string, int64_t> scores;  // by rubric item, 1-5
  std::optional<BilingualText> comment;
  std::string created_at, updated_at, record;
  int64_t version = 1;
};

boost::json::object to_doc(const Assessment& a);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<Assessment> assessment_from_doc(const boost::json::object& doc);
Result<Assessment> assessment_from_text(std::string_view text);

}  // namespace liaison::reports
