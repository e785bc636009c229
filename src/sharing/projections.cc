#include "sharing/projections.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "sweep/index.h"

namespace liaison::sharing {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

Result<std::optional<SightingFeedback>> feedback_of(const json::object& doc) {
  auto* v = doc.if_contains("feedback");
  if (!v || v->is_null()) return std::optional<SightingFeedback>();
  if (!v->is_object())
    return invalid_argument("feedback must be an object or null", "feedback")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& f = v->get_object();
  SightingFeedback out;
  MemberReader r(f);
  if (!r.flag("false_positive", out.false_positive).ok())
    return invalid_argument("feedback.false_positive must be a boolean", "feedback")
        .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
  r.text_or_empty("action", out.action).text_or_empty("note", out.note).text_or_empty("at", out.at);
  return std::optional<SightingFeedback>(std::move(out));
}

}  // namespace

std::string todays_indicator_text(std::string_view value) {
  sweep::Index scratch;
  auto id = scratch.add(value);
  return id.is_ok() ? scratch.indicator(*id).value : std::string(value);
}

std::string todays_sighting_id(std::string_view id) {
  // Set ids and party codes hold no ':'; an indicator may (IPv6, URLs).
  const size_t first = id.find(':'), last = id.rfind(':');
  if (first == std::string_view::npos || first >= last) return std::string(id);
  return std::string(id.substr(0, first + 1)) +
         todays_indicator_text(id.substr(first + 1, last - first - 1)) +
         std::string(id.substr(last));
}

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
  MemberReader r(doc);
  r.text("id", s.id).text("publisher", s.publisher).text("name", s.name).text("tlp", s.tlp);
  r.text("created_at", s.created_at).text_or_empty("description", s.description);
  r.text_or_empty("updated_at", s.updated_at).texts("recipients", s.recipients);
  r.integer("indicator_count", s.indicator_count).integer("version", s.version);
  if (!r.ok()) return r.status();
  return s;
}

Result<Indicator> indicator_from_doc(const json::object& doc) {
  Indicator i;
  MemberReader r(doc);
  r.text("id", i.id).text("set_id", i.set_id).text("value", i.value).text("type", i.type);
  r.integer("confidence", i.confidence).text_or_empty("first_seen", i.first_seen);
  r.text_or_empty("last_seen", i.last_seen).text_or_empty("valid_until", i.valid_until);
  r.texts("tags", i.tags).text_or_empty("added_at", i.added_at).flag("removed", i.removed);
  r.text_or_empty("removed_at", i.removed_at);
  if (!r.ok()) return r.status();
  return i;
}

Result<Sighting> sighting_from_doc(const json::object& doc) {
  Sighting s;
  MemberReader r(doc);
  r.text("id", s.id).text("set_id", s.set_id).text("indicator", s.indicator);
  r.text("reporter", s.reporter).integer("count", s.count);
  r.text_or_empty("first_seen", s.first_seen).text_or_empty("last_seen", s.last_seen);
  r.text_or_empty("reported_at", s.reported_at).text_or_empty("where", s.where);
  r.text_or_empty("updated_at", s.updated_at);
  if (!r.ok()) return r.status();
  LIAISON_ASSIGN_OR_RETURN(s.feedback, feedback_of(doc));
  return s;
}

Result<IndicatorSet> indicator_set_from_text(std::string_view text) {
  return typed_from_text<IndicatorSet>(text, "indicator set", indicator_set_from_doc);
}
Result<Indicator> indicator_from_text(std::string_view text) {
  return typed_from_text<Indicator>(text, "indicator", indicator_from_doc);
}
Result<Sighting> sighting_from_text(std::string_view text) {
  return typed_from_text<Sighting>(text, "sighting", sighting_from_doc);
}

}  // namespace liaison::sharing
