#include "reports/lead_outcome.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::reports {

namespace json = boost::json;

json::object to_doc(const LeadOutcome& o) {
  return json::object{{"by", o.by},
                      {"created_at", o.created_at},
                      {"id", o.id},
                      {"outcome", o.outcome},
                      {"party", o.party},
                      {"reason", o.reason},
                      {"record", o.record},
                      {"reference", o.reference},
                      {"request_id", o.request_id},
                      {"updated_at", o.updated_at},
                      {"version", o.version}};
}

Result<LeadOutcome> lead_outcome_from_doc(const json::object& doc) {
  LeadOutcome o;
  LIAISON_ASSIGN_OR_RETURN(o.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(o.request_id, string_field(doc, "request_id"));
  LIAISON_ASSIGN_OR_RETURN(o.party, string_field(doc, "party"));
  LIAISON_ASSIGN_OR_RETURN(o.outcome, string_field(doc, "outcome"));
  for (auto [key, out] :
       {std::pair{"by", &o.by}, std::pair{"reason", &o.reason},
        std::pair{"reference", &o.reference}, std::pair{"created_at", &o.created_at},
        std::pair{"updated_at", &o.updated_at}, std::pair{"record", &o.record}}) {
    LIAISON_ASSIGN_OR_RETURN(*out, string_field(doc, key));
  }
  LIAISON_ASSIGN_OR_RETURN(o.version, int_field(doc, "version"));
  return o;
}

Result<LeadOutcome> lead_outcome_from_text(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, "lead outcome"));
  return lead_outcome_from_doc(doc);
}

}  // namespace liaison::reports
