#include "hotline/contact.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

json::object person_doc(const ContactPerson& p) {
  return json::object{{"name", p.name}, {"party", p.party}};
}

Result<ContactPerson> person_of(const json::object& doc, const char* key) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* p, object_field(doc, key));
  auto party = string_field(*p, "party");
  auto name = string_field(*p, "name");
  if (!party.is_ok() || !name.is_ok()) {
    return invalid_argument(std::string(key) + " is {party, name}", key)
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{party, name}")}});
  }
  return ContactPerson{std::move(*party), std::move(*name)};
}

Result<ActionItem> action_item_of(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("action_items must hold objects", "action_items")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = v.get_object();
  ActionItem a;
  auto text = string_field(o, "text");
  if (!text.is_ok())
    return invalid_argument("an action item needs a text", "action_items")
        .with_reason(Reason::kRequired);
  a.text = std::move(*text);
  a.owner = str_of(o, "owner");
  a.due = str_of(o, "due");
  return a;
}

}  // namespace

json::object to_doc(const HotlineContact& c) {
  json::array request_ids, items;
  for (const auto& id : c.request_ids) request_ids.emplace_back(id);
  for (const auto& a : c.action_items) {
    items.push_back(json::object{{"due", a.due}, {"owner", a.owner}, {"text", a.text}});
  }
  return json::object{{"action_items", std::move(items)},
                      {"answered_at", c.answered_at},
                      {"callee", person_doc(c.callee)},
                      {"caller", person_doc(c.caller)},
                      {"channel", c.channel},
                      {"created_at", c.created_at},
                      {"drill", c.drill},
                      {"ended_at", c.ended_at},
                      {"escalation_id", c.escalation_id},
                      {"id", c.id},
                      {"logged_by", c.logged_by},
                      {"party", c.party},
                      {"request_ids", std::move(request_ids)},
                      {"started_at", c.started_at},
                      {"summary", c.summary},
                      {"tier", c.tier}};
}

Result<HotlineContact> hotline_contact_from_doc(const json::object& doc) {
  HotlineContact c;
  LIAISON_ASSIGN_OR_RETURN(c.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(c.party, string_field(doc, "party"));
  LIAISON_ASSIGN_OR_RETURN(c.tier, int_field(doc, "tier"));
  if (c.tier < 1 || c.tier > 3)
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  LIAISON_ASSIGN_OR_RETURN(c.caller, person_of(doc, "caller"));
  LIAISON_ASSIGN_OR_RETURN(c.callee, person_of(doc, "callee"));
  LIAISON_ASSIGN_OR_RETURN(c.channel, string_field(doc, "channel"));
  LIAISON_ASSIGN_OR_RETURN(c.started_at, string_field(doc, "started_at"));
  c.answered_at = str_of(doc, "answered_at");
  c.ended_at = str_of(doc, "ended_at");
  LIAISON_ASSIGN_OR_RETURN(const json::array* ids, array_field(doc, "request_ids"));
  for (const auto& id : *ids) {
    if (!id.is_string())
      return invalid_argument("request_ids must hold strings", "request_ids")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    c.request_ids.emplace_back(id.get_string());
  }
  c.summary = str_of(doc, "summary");
  LIAISON_ASSIGN_OR_RETURN(const json::array* items, array_field(doc, "action_items"));
  for (const auto& v : *items) {
    LIAISON_ASSIGN_OR_RETURN(ActionItem a, action_item_of(v));
    c.action_items.push_back(std::move(a));
  }
  c.escalation_id = str_of(doc, "escalation_id");
  auto* drill = doc.if_contains("drill");
  if (!drill || !drill->is_bool())
    return invalid_argument("drill must be a boolean", "drill")
        .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
  c.drill = drill->get_bool();
  c.logged_by = str_of(doc, "logged_by");
  c.created_at = str_of(doc, "created_at");
  return c;
}

Result<HotlineContact> hotline_contact_from_text(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, "hotline contact"));
  return hotline_contact_from_doc(doc);
}

}  // namespace liaison::hotline
