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
  MemberReader r(doc);
  r.text("id", o.id).text("request_id", o.request_id).text("party", o.party);
  r.text("outcome", o.outcome).text("by", o.by).text("reason", o.reason);
  r.text("reference", o.reference).text("created_at", o.created_at);
  r.text("updated_at", o.updated_at).text("record", o.record).integer("version", o.version);
  if (!r.ok()) return r.status();
  return o;
}

Result<LeadOutcome> lead_outcome_from_text(std::string_view text) {
  return typed_from_text<LeadOutcome>(text, "lead outcome", lead_outcome_from_doc);
}

}  // namespace liaison::reports
