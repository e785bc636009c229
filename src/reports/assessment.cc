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
  if (!MemberReader(*o).text("original", t.original).text("lang", t.lang).ok()) {
    return invalid_argument(field + " must be {original, lang}", field)
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{original, lang}")}});
  }
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
  MemberReader r(doc);
  r.text("id", a.id).text("request_id", a.request_id).text("kind", a.kind).then([&] {
    if (a.kind == "response" || a.kind == "request") return Status::ok();
    return invalid_argument("kind must be response or request", "kind")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"response", "request"}}});
  });
  r.text("party", a.party).text_or_empty("by", a.by);
  if (!r.ok()) return r.status();
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
  r.text_or_empty("created_at", a.created_at).text_or_empty("updated_at", a.updated_at);
  r.text_or_empty("record", a.record).integer("version", a.version);
  if (!r.ok()) return r.status();
  return a;
}

Result<Assessment> assessment_from_text(std::string_view text) {
  return typed_from_text<Assessment>(text, "assessment", assessment_from_doc);
}

}  // namespace liaison::reports
