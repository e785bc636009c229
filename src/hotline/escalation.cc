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

Result<FiredStep> step_of(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("steps must hold objects", "steps")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& s = v.get_object();
  FiredStep f;
  MemberReader r(s);
  r.integer("rule", f.rule).integer("round", f.round).integer("tier", f.tier);
  r.text_or_empty("due_at", f.due_at).text_or_empty("fired_at", f.fired_at);
  if (!r.ok()) return r.status();
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
  MemberReader r(doc);
  r.text("id", e.id).text("owner", e.owner).text("counterpart", e.counterpart);
  r.text("trigger", e.trigger).text("state", e.state).text("opened_at", e.opened_at).then([&] {
    if (parse_rfc3339(e.opened_at)) return Status::ok();
    return invalid_argument("opened_at must be an RFC 3339 time", "opened_at")
        .with_reason(Reason::kInvalidTime);
  });
  r.text_or_empty("request_id", e.request_id).text_or_empty("case_id", e.case_id);
  r.text_or_empty("clock", e.clock).text_or_empty("reason", e.reason);
  r.text_or_empty("opened_by", e.opened_by);
  if (!r.ok()) return r.status();
  LIAISON_ASSIGN_OR_RETURN(e.start_tier, tier_of(doc, "start_tier"));
  LIAISON_ASSIGN_OR_RETURN(e.tier, tier_of(doc, "tier"));
  e.acknowledged_at = str_of(doc, "acknowledged_at");
  LIAISON_ASSIGN_OR_RETURN(e.acknowledged_by, person_of(doc, "acknowledged_by"));
  e.resolved_at = str_of(doc, "resolved_at");
  LIAISON_ASSIGN_OR_RETURN(e.resolved_by, person_of(doc, "resolved_by"));
  r.text_or_empty("resolution", e.resolution).each("steps", e.steps, step_of);
  if (!r.ok()) return r.status();
  auto* ladder = doc.if_contains("ladder");
  if (!ladder)
    return invalid_argument("ladder is missing", "ladder").with_reason(Reason::kRequired);
  LIAISON_ASSIGN_OR_RETURN(e.ladder, ladder_from_json(*ladder, "ladder"));
  auto* drill = doc.if_contains("drill");
  e.drill = drill && drill->is_bool() && drill->get_bool();
  return e;
}

Result<Escalation> escalation_from_text(std::string_view text) {
  return typed_from_text<Escalation>(text, "escalation", escalation_from_doc);
}

}  // namespace liaison::hotline
