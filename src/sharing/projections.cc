#include "sharing/projections.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::sharing {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

Result<std::vector<std::string>> strings_of(const json::object& doc, const char* key) {
  LIAISON_ASSIGN_OR_RETURN(const json::array* a, array_field(doc, key));
  std::vector<std::string> out;
  out.reserve(a->size());
  for (const auto& v : *a) {
    if (!v.is_string())
      return invalid_argument(std::string(key) + " must hold strings", key)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    out.emplace_back(v.get_string());
  }
  return out;
}

Result<bool> bool_field(const json::object& doc, const char* key) {
  auto* v = doc.if_contains(key);
  if (!v || !v->is_bool())
    return invalid_argument(std::string(key) + " must be a boolean", key)
        .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
  return v->get_bool();
}

Result<std::optional<SightingFeedback>> feedback_of(const json::object& doc) {
  auto* v = doc.if_contains("feedback");
  if (!v || v->is_null()) return std::optional<SightingFeedback>();
  if (!v->is_object())
    return invalid_argument("feedback must be an object or null", "feedback")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& f = v->get_object();
  SightingFeedback out;
  auto fp = bool_field(f, "false_positive");
  if (!fp.is_ok())
    return invalid_argument("feedback.false_positive must be a boolean", "feedback")
        .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
  out.false_positive = *fp;
  out.action = str_of(f, "action");
  out.note = str_of(f, "note");
  out.at = str_of(f, "at");
  return std::optional<SightingFeedback>(std::move(out));
}

template <typename T, typename FromDoc>
Result<T> from_text(std::string_view text, const char* what, FromDoc from_doc) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, what));
  return from_doc(doc);
}

}  // namespace

bool IndicatorSet::addressed_to(const std::string& party) const {
  return std::find(recipients.begin(), recipients.end(), party) != recipients.end();
}

json::object to_doc(const IndicatorSet& s) {
  return json::object{{"created_at", s.created_at},
                      {"description", s.description},
                      {"id", s.id},
                      {"indicator_count", s.indicator_count},
                      {"name", s.name},
                      {"publisher", s.publisher},
                      {"recipients", strings(s.recipients)},
                      {"tlp", s.tlp},
                      {"updated_at", s.updated_at},
                      {"version", s.version}};
}

json::object to_doc(const Indicator& i) {
  return json::object{{"added_at", i.added_at},       {"confidence", i.confidence},
                      {"first_seen", i.first_seen},   {"id", i.id},
                      {"last_seen", i.last_seen},     {"removed", i.removed},
                      {"removed_at", i.removed_at},   {"set_id", i.set_id},
                      {"tags", strings(i.tags)},      {"type", i.type},
                      {"valid_until", i.valid_until}, {"value", i.value}};
}

json::object to_doc(const Sighting& s) {
  json::value feedback = nullptr;
  if (s.feedback) {
    feedback = json::object{{"action", s.feedback->action},
                            {"at", s.feedback->at},
                            {"false_positive", s.feedback->false_positive},
                            {"note", s.feedback->note}};
  }
  return json::object{{"count", s.count},
                      {"feedback", std::move(feedback)},
                      {"first_seen", s.first_seen},
                      {"id", s.id},
                      {"indicator", s.indicator},
                      {"last_seen", s.last_seen},
                      {"reported_at", s.reported_at},
                      {"reporter", s.reporter},
                      {"set_id", s.set_id},
                      {"updated_at", s.updated_at},
                      {"where", s.where}};
}

Result<IndicatorSet> indicator_set_from_doc(const json::object& doc) {
  IndicatorSet s;
  LIAISON_ASSIGN_OR_RETURN(s.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(s.publisher, string_field(doc, "publisher"));
  LIAISON_ASSIGN_OR_RETURN(s.name, string_field(doc, "name"));
  LIAISON_ASSIGN_OR_RETURN(s.tlp, string_field(doc, "tlp"));
  LIAISON_ASSIGN_OR_RETURN(s.created_at, string_field(doc, "created_at"));
  s.description = str_of(doc, "description");
  s.updated_at = str_of(doc, "updated_at");
  LIAISON_ASSIGN_OR_RETURN(s.recipients, strings_of(doc, "recipients"));
  LIAISON_ASSIGN_OR_RETURN(s.indicator_count, int_field(doc, "indicator_count"));
  LIAISON_ASSIGN_OR_RETURN(s.version, int_field(doc, "version"));
  return s;
}

Result<Indicator> indicator_from_doc(const json::object& doc) {
  Indicator i;
  LIAISON_ASSIGN_OR_RETURN(i.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(i.set_id, string_field(doc, "set_id"));
  LIAISON_ASSIGN_OR_RETURN(i.value, string_field(doc, "value"));
  LIAISON_ASSIGN_OR_RETURN(i.type, string_field(doc, "type"));
  LIAISON_ASSIGN_OR_RETURN(i.confidence, int_field(doc, "confidence"));
  i.first_seen = str_of(doc, "first_seen");
  i.last_seen = str_of(doc, "last_seen");
  i.valid_until = str_of(doc, "valid_until");
  LIAISON_ASSIGN_OR_RETURN(i.tags, strings_of(doc, "tags"));
  i.added_at = str_of(doc, "added_at");
  LIAISON_ASSIGN_OR_RETURN(i.removed, bool_field(doc, "removed"));
  i.removed_at = str_of(doc, "removed_at");
  return i;
}

Result<Sighting> sighting_from_doc(const json::object& doc) {
  Sighting s;
  LIAISON_ASSIGN_OR_RETURN(s.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(s.set_id, string_field(doc, "set_id"));
  LIAISON_ASSIGN_OR_RETURN(s.indicator, string_field(doc, "indicator"));
  LIAISON_ASSIGN_OR_RETURN(s.reporter, string_field(doc, "reporter"));
  LIAISON_ASSIGN_OR_RETURN(s.count, int_field(doc, "count"));
  s.first_seen = str_of(doc, "first_seen");
  s.last_seen = str_of(doc, "last_seen");
  s.reported_at = str_of(doc, "reported_at");
  s.where = str_of(doc, "where");
  s.updated_at = str_of(doc, "updated_at");
  LIAISON_ASSIGN_OR_RETURN(s.feedback, feedback_of(doc));
  return s;
}

Result<IndicatorSet> indicator_set_from_text(std::string_view text) {
  return from_text<IndicatorSet>(text, "indicator set", indicator_set_from_doc);
}
Result<Indicator> indicator_from_text(std::string_view text) {
  return from_text<Indicator>(text, "indicator", indicator_from_doc);
}
Result<Sighting> sighting_from_text(std::string_view text) {
  return from_text<Sighting>(text, "sighting", sighting_from_doc);
}

}  // namespace liaison::sharing
