#include "hotline/drill.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

json::object marks_doc(const std::map<std::string, DrillMark>& marks) {
  json::object out;
  for (const auto& [k, m] : marks) out[k] = json::object{{"at", m.at}, {"user", m.user}};
  return out;
}

Result<std::map<std::string, DrillMark>> marks_of(const json::object& doc, const char* key) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_field(doc, key));
  std::map<std::string, DrillMark> out;
  for (const auto& kv : *o) {
    if (!kv.value().is_object())
      return invalid_argument(std::string(key) + " holds objects", key)
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    const json::object& m = kv.value().get_object();
    auto at = string_field(m, "at");
    if (!at.is_ok())
      return invalid_argument(std::string(key) + " entries need an at", key)
          .with_reason(Reason::kRequired);
    out[std::string(kv.key())] = DrillMark{str_of(m, "user"), std::move(*at)};
  }
  return out;
}

}  // namespace

bool Drill::tests(const std::string& party, int64_t tier) const {
  return std::find(tiers.begin(), tiers.end(), tier) != tiers.end() &&
         std::find(parties.begin(), parties.end(), party) != parties.end();
}

json::object to_doc(const Drill& d) {
  if (d.stub) {
    return json::object{
        {"acks", marks_doc(d.acks)}, {"id", d.id}, {"pages", marks_doc(d.pages)}, {"stub", true}};
  }
  json::array tiers, parties;
  for (int64_t t : d.tiers) tiers.emplace_back(t);
  for (const auto& p : d.parties) parties.emplace_back(p);
  return json::object{{"ack_within_seconds", d.ack_within_seconds},
                      {"acks", marks_doc(d.acks)},
                      {"created_at", d.created_at},
                      {"id", d.id},
                      {"owner", d.owner},
                      {"pages", marks_doc(d.pages)},
                      {"parties", std::move(parties)},
                      {"scheduled_for", d.scheduled_for},
                      {"started_by", d.started_by},
                      {"tiers", std::move(tiers)}};
}

Result<Drill> drill_from_doc(const json::object& doc) {
  Drill d;
  LIAISON_ASSIGN_OR_RETURN(d.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(d.pages, marks_of(doc, "pages"));
  LIAISON_ASSIGN_OR_RETURN(d.acks, marks_of(doc, "acks"));
  if (doc.contains("stub")) {
    d.stub = true;
    return d;
  }
  LIAISON_ASSIGN_OR_RETURN(d.owner, string_field(doc, "owner"));
  d.started_by = str_of(doc, "started_by");
  d.created_at = str_of(doc, "created_at");
  LIAISON_ASSIGN_OR_RETURN(d.scheduled_for, string_field(doc, "scheduled_for"));
  LIAISON_ASSIGN_OR_RETURN(d.ack_within_seconds, int_field(doc, "ack_within_seconds"));
  LIAISON_ASSIGN_OR_RETURN(const json::array* tiers, array_field(doc, "tiers"));
  for (const auto& t : *tiers) {
    boost::system::error_code ec;
    const int64_t tier = t.to_number<int64_t>(ec);
    if (ec || tier < 1 || tier > 3)
      return invalid_argument("tiers must hold 1, 2 or 3", "tiers")
          .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
    d.tiers.push_back(tier);
  }
  LIAISON_ASSIGN_OR_RETURN(const json::array* parties, array_field(doc, "parties"));
  for (const auto& p : *parties) {
    if (!p.is_string())
      return invalid_argument("parties must hold party codes", "parties")
          .with_reason(Reason::kInvalidPartyCode);
    d.parties.emplace_back(p.get_string());
  }
  return d;
}

Result<Drill> drill_from_text(std::string_view text) {
  return typed_from_text<Drill>(text, "drill", drill_from_doc);
}

}  // namespace liaison::hotline
