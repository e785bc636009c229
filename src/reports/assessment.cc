#include "reports/assessment.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::reports {

namespace json = boost::json;

json::object to_doc(const BilingualText& t) {
  json::object o{{"lang", t.lang}, {"original", t.original}};
  if (t.translation) o["translation"] = *t.translation;
  if (t.translation_lang) o["translation_lang"] = *t.translation_lang;
  return o;
}

Result<BilingualText> bilingual_from_json(const json::value& v, const std::string& field) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument(field + " must be {original, lang}", field)
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{original, lang}")}});
  BilingualText t;
  auto original = string_field(*o, "original");
  auto lang = string_field(*o, "lang");
  if (!original.is_ok() || !lang.is_ok()) {
    return invalid_argument(field + " must be {original, lang}", field)
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{original, lang}")}});
  }
  t.original = std::move(*original);
  t.lang = std::move(*lang);
  for (auto [key, out] : {std::pair{"translation", &t.translation},
                          std::pair{"translation_lang", &t.translation_lang}}) {
    auto* m = o->if_contains(key);
    if (!m) continue;
    if (!m->is_string())
      return invalid_argument(field + "." + key + " must be text", field)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    *out = std::string(m->get_string());
  }
  return t;
}

json::object to_doc(const Assessment& a) {
  json::object scores;
  for (const auto& [k, v] : a.scores) scores[k] = v;
  return json::object{{"by", a.by},
                      {"comment", a.comment ? json::value(to_doc(*a.comment)) : nullptr},
                      {"created_at", a.created_at},
                      {"id", a.id},
                      {"kind", a.kind},
                      {"party", a.party},
                      {"record", a.record},
                      {"request_id", a.request_id},
                      {"scores", std::move(scores)},
                      {"updated_at", a.updated_at},
                      {"version", a.version}};
}

Result<Assessment> assessment_from_doc(const json::object& doc) {
  Assessment a;
  LIAISON_ASSIGN_OR_RETURN(a.id, string_field(doc, "id"));
  LIAISON_ASSIGN_OR_RETURN(a.request_id, string_field(doc, "request_id"));
  LIAISON_ASSIGN_OR_RETURN(a.kind, string_field(doc, "kind"));
  if (a.kind != "response" && a.kind != "request") {
    return invalid_argument("kind must be response or request", "kind")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"response", "request"}}});
  }
  LIAISON_ASSIGN_OR_RETURN(a.party, string_field(doc, "party"));
  a.by = str_of(doc, "by");
  LIAISON_ASSIGN_OR_RETURN(const json::object* scores, object_field(doc, "scores"));
  for (const auto& kv : *scores) {
    boost::system::error_code ec;
    const int64_t s = kv.value().to_number<int64_t>(ec);
    if (ec)
      return invalid_argument("scores must be integers", "scores").with_reason(Reason::kNotInteger);
    a.scores[std::string(kv.key())] = s;
  }
  if (auto* c = doc.if_contains("comment"); c && !c->is_null()) {
    LIAISON_ASSIGN_OR_RETURN(a.comment, bilingual_from_json(*c, "comment"));
  }
  a.created_at = str_of(doc, "created_at");
  a.updated_at = str_of(doc, "updated_at");
  a.record = str_of(doc, "record");
  LIAISON_ASSIGN_OR_RETURN(a.version, int_field(doc, "version"));
  return a;
}

Result<Assessment> assessment_from_text(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, "assessment"));
  return assessment_from_doc(doc);
}

}  // namespace liaison::reports
