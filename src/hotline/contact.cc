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
  ContactPerson out;
  if (!MemberReader(*p).text("party", out.party).text("name", out.name).ok()) {
    return invalid_argument(std::string(key) + " is {party, name}", key)
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{party, name}")}});
  }
  return out;
}

Result<ActionItem> action_item_of(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("action_items must hold objects", "action_items")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = v.get_object();
  ActionItem a;
  MemberReader r(o);
  if (!r.text("text", a.text).ok())
    return invalid_argument("an action item needs a text", "action_items")
        .with_reason(Reason::kRequired);
  r.text_or_empty("owner", a.owner).text_or_empty("due", a.due);
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
  MemberReader r(doc);
  r.text("id", c.id).text("party", c.party).integer("tier", c.tier).then([&] {
    if (c.tier >= 1 && c.tier <= 3) return Status::ok();
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  });
  if (!r.ok()) return r.status();
  LIAISON_ASSIGN_OR_RETURN(c.caller, person_of(doc, "caller"));
  LIAISON_ASSIGN_OR_RETURN(c.callee, person_of(doc, "callee"));
  r.text("channel", c.channel).text("started_at", c.started_at);
  r.text_or_empty("answered_at", c.answered_at).text_or_empty("ended_at", c.ended_at);
  r.texts("request_ids", c.request_ids).text_or_empty("summary", c.summary);
  r.each("action_items", c.action_items, action_item_of);
  r.text_or_empty("escalation_id", c.escalation_id).flag("drill", c.drill);
  r.text_or_empty("logged_by", c.logged_by).text_or_empty("created_at", c.created_at);
  if (!r.ok()) return r.status();
  return c;
}

Result<HotlineContact> hotline_contact_from_text(std::string_view text) {
  return typed_from_text<HotlineContact>(text, "hotline contact", hotline_contact_from_doc);
}

}  // namespace liaison::hotline
