#include "directory/contact.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::directory {

namespace json = boost::json;

namespace {

Result<std::vector<std::string>> languages_of(const json::object& doc) {
  std::vector<std::string> out;
  auto* v = doc.if_contains("languages");
  if (!v) return out;
  if (!v->is_array()) return field_wrong_type("languages", "array");
  for (const auto& l : v->get_array()) {
    if (!l.is_string())
      return invalid_argument("languages must hold strings", "languages")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    out.emplace_back(l.get_string());
  }
  return out;
}

Result<std::vector<ContactChannel>> channels_of(const json::object& doc) {
  std::vector<ContactChannel> out;
  auto* v = doc.if_contains("channels");
  if (!v) return out;
  if (!v->is_array()) return field_wrong_type("channels", "array");
  for (const auto& c : v->get_array()) {
    auto* o = c.if_object();
    auto kind = o ? string_field(*o, "kind") : Result<std::string>(Status());
    auto value = o ? string_field(*o, "value") : Result<std::string>(Status());
    if (!o || !kind.is_ok() || !value.is_ok()) {
      return invalid_argument("channels hold {kind, value}", "channels")
          .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{kind, value}")}});
    }
    out.push_back(ContactChannel{std::move(*kind), std::move(*value)});
  }
  return out;
}

}  // namespace

json::object person_doc(const Contact& c) {
  json::array languages, channels;
  for (const auto& l : c.languages) languages.emplace_back(l);
  for (const auto& ch : c.channels) {
    channels.push_back(json::object{{"kind", ch.kind}, {"value", ch.value}});
  }
  return json::object{{"channels", std::move(channels)},
                      {"languages", std::move(languages)},
                      {"name", c.name},
                      {"organisation", c.organisation},
                      {"tier", c.tier},
                      {"timezone", c.timezone}};
}

json::object to_doc(const Contact& c) {
  json::object person = person_doc(c);
  return json::object{{"channels", std::move(person["channels"])},
                      {"created_at", c.created_at},
                      {"created_by", c.created_by},
                      {"id", c.id},
                      {"languages", std::move(person["languages"])},
                      {"last_verified", c.last_verified},
                      {"name", c.name},
                      {"organisation", c.organisation},
                      {"party", c.party},
                      {"retire_reason", c.retire_reason},
                      {"retired", c.retired},
                      {"retired_at", c.retired_at},
                      {"retired_by", c.retired_by},
                      {"tier", c.tier},
                      {"timezone", c.timezone},
                      {"updated_at", c.updated_at},
                      {"updated_by", c.updated_by},
                      {"verified_by", c.verified_by},
                      {"version", c.version}};
}

Result<Contact> person_from_doc(const json::object& person) {
  Contact c;
  LIAISON_ASSIGN_OR_RETURN(c.name, string_field(person, "name"));
  c.organisation = str_of(person, "organisation");
  LIAISON_ASSIGN_OR_RETURN(c.tier, int_field(person, "tier"));
  if (c.tier < 1 || c.tier > 3)
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  LIAISON_ASSIGN_OR_RETURN(c.timezone, string_field(person, "timezone"));
  LIAISON_ASSIGN_OR_RETURN(c.languages, languages_of(person));
  LIAISON_ASSIGN_OR_RETURN(c.channels, channels_of(person));
  return c;
}

Result<Contact> contact_from_doc(const json::object& doc) {
  LIAISON_ASSIGN_OR_RETURN(Contact c, person_from_doc(doc));
  LIAISON_ASSIGN_OR_RETURN(c.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(c.party, string_field(doc, "party"));
  c.last_verified = str_of(doc, "last_verified");
  c.verified_by = str_of(doc, "verified_by");
  c.created_at = str_of(doc, "created_at");
  c.created_by = str_of(doc, "created_by");
  c.updated_at = str_of(doc, "updated_at");
  c.updated_by = str_of(doc, "updated_by");
  auto* retired = doc.if_contains("retired");
  if (!retired || !retired->is_bool()) {
    return invalid_argument("retired must be a boolean", "retired")
        .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
  }
  c.retired = retired->get_bool();
  c.retired_at = str_of(doc, "retired_at");
  c.retired_by = str_of(doc, "retired_by");
  c.retire_reason = str_of(doc, "retire_reason");
  LIAISON_ASSIGN_OR_RETURN(c.version, int_field(doc, "version"));
  return c;
}

Result<Contact> contact_from_text(std::string_view text) {
  return typed_from_text<Contact>(text, "directory entry", contact_from_doc);
}

}  // namespace liaison::directory
