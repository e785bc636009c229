#include "hotline/escalation.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/clock.h"
#include "common/json_fields.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

json::value person(const std::optional<PartyUser>& p) {
  if (!p) return nullptr;
  return json::object{{"party", p->party}, {"user", p->user}};
}

Result<std::optional<PartyUser>> person_of(const json::object& doc, const char* key) {
  auto* v = doc.if_contains(key);
  if (!v || v->is_null()) return std::optional<PartyUser>();
  if (!v->is_object())
    return invalid_argument(std::string(key) + " must be an object", key)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  return std::optional<PartyUser>(
      PartyUser{str_of(v->get_object(), "party"), str_of(v->get_object(), "user")});
}

Result<std::string> text_of(const json::object& doc, const char* key) {
  auto* v = doc.if_contains(key);
  if (!v || !v->is_string()) return field_wrong_type(key, "string");
  return std::string(v->get_string());
}

Result<FiredStep> step_of(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("steps must hold objects", "steps")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& s = v.get_object();
  FiredStep f;
  LIAISON_ASSIGN_OR_RETURN(f.rule, int_field(s, "rule"));
  LIAISON_ASSIGN_OR_RETURN(f.round, int_field(s, "round"));
  LIAISON_ASSIGN_OR_RETURN(f.tier, int_field(s, "tier"));
  f.due_at = str_of(s, "due_at");
  f.fired_at = str_of(s, "fired_at");
  return f;
}

Result<int64_t> tier_of(const json::object& doc, const char* key) {
  LIAISON_ASSIGN_OR_RETURN(int64_t t, int_field(doc, key));
  if (t < 1 || t > 3)
    return invalid_argument(std::string(key) + " must be 1, 2 or 3", key)
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  return t;
}

}  // namespace

std::string Escalation::derived_state() const {
  if (!resolved_at.empty()) return "resolved";
  if (!acknowledged_at.empty()) return "acknowledged";
  return "open";
}

bool Escalation::fired(int64_t rule, int64_t round) const {
  return std::any_of(steps.begin(), steps.end(),
                     [&](const FiredStep& s) { return s.rule == rule && s.round == round; });
}

json::object to_doc(const Escalation& e) {
  json::array steps;
  for (const auto& s : e.steps) {
    steps.push_back(json::object{{"rule", s.rule},
                                 {"round", s.round},
                                 {"tier", s.tier},
                                 {"due_at", s.due_at},
                                 {"fired_at", s.fired_at}});
  }
  json::object doc{{"id", e.id},
                   {"owner", e.owner},
                   {"counterpart", e.counterpart},
                   {"request_id", e.request_id},
                   {"trigger", e.trigger},
                   {"clock", e.clock},
                   {"reason", e.reason},
                   {"start_tier", e.start_tier},
                   {"tier", e.tier},
                   {"state", e.state},
                   {"opened_at", e.opened_at},
                   {"opened_by", e.opened_by},
                   {"acknowledged_at", e.acknowledged_at},
                   {"acknowledged_by", person(e.acknowledged_by)},
                   {"resolved_at", e.resolved_at},
                   {"resolved_by", person(e.resolved_by)},
                   {"resolution", e.resolution},
                   {"steps", std::move(steps)},
                   {"ladder", to_json(e.ladder)},
                   {"drill", e.drill}};
  if (!e.case_id.empty()) doc["case_id"] = e.case_id;
  return doc;
}

Result<Escalation> escalation_from_doc(const json::object& doc) {
  Escalation e;
  LIAISON_ASSIGN_OR_RETURN(e.id, text_of(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(e.owner, text_of(doc, "owner"));
  LIAISON_ASSIGN_OR_RETURN(e.counterpart, text_of(doc, "counterpart"));
  LIAISON_ASSIGN_OR_RETURN(e.trigger, text_of(doc, "trigger"));
  LIAISON_ASSIGN_OR_RETURN(e.state, text_of(doc, "state"));
  LIAISON_ASSIGN_OR_RETURN(e.opened_at, text_of(doc, "opened_at"));
  if (!parse_rfc3339(e.opened_at)) {
    return invalid_argument("opened_at must be an RFC 3339 time", "opened_at")
        .with_reason(Reason::kInvalidTime);
  }
  e.request_id = str_of(doc, "request_id");
  e.case_id = str_of(doc, "case_id");
  e.clock = str_of(doc, "clock");
  e.reason = str_of(doc, "reason");
  e.opened_by = str_of(doc, "opened_by");
  LIAISON_ASSIGN_OR_RETURN(e.start_tier, tier_of(doc, "start_tier"));
  LIAISON_ASSIGN_OR_RETURN(e.tier, tier_of(doc, "tier"));
  e.acknowledged_at = str_of(doc, "acknowledged_at");
  LIAISON_ASSIGN_OR_RETURN(e.acknowledged_by, person_of(doc, "acknowledged_by"));
  e.resolved_at = str_of(doc, "resolved_at");
  LIAISON_ASSIGN_OR_RETURN(e.resolved_by, person_of(doc, "resolved_by"));
  e.resolution = str_of(doc, "resolution");
  LIAISON_ASSIGN_OR_RETURN(const json::array* steps, array_field(doc, "steps"));
  for (const auto& s : *steps) {
    LIAISON_ASSIGN_OR_RETURN(FiredStep f, step_of(s));
    e.steps.push_back(std::move(f));
  }
  auto* ladder = doc.if_contains("ladder");
  if (!ladder)
    return invalid_argument("ladder is missing", "ladder").with_reason(Reason::kRequired);
  LIAISON_ASSIGN_OR_RETURN(e.ladder, ladder_from_json(*ladder, "ladder"));
  auto* drill = doc.if_contains("drill");
  e.drill = drill && drill->is_bool() && drill->get_bool();
  return e;
}

Result<Escalation> escalation_from_text(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, "escalation"));
  return escalation_from_doc(doc);
}

}  // namespace liaison::hotline
