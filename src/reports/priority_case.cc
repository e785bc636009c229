#include "reports/priority_case.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::reports {

namespace json = boost::json;

namespace {

json::object officer_doc(const LeadOfficer& o) {
  json::object d{{"name", o.name}};
  if (o.email) d["email"] = *o.email;
  if (o.phone) d["phone"] = *o.phone;
  if (o.title) d["title"] = *o.title;
  return d;
}

json::value blockers_doc(const CaseUpdate& u) {
  return u.blockers ? json::value(to_doc(*u.blockers)) : json::value(nullptr);
}

json::object report_doc(const CaseUpdate& u) {
  return json::object{{"actions", to_doc(u.actions)},
                      {"at", u.at},
                      {"blockers", blockers_doc(u)},
                      {"by", u.by},
                      {"due_at", u.due_at},
                      {"next_steps", to_doc(u.next_steps)},
                      {"on_time", u.on_time},
                      {"party", u.party},
                      {"phase", u.phase},
                      {"record", u.record},
                      {"state", to_doc(u.state)}};
}

json::object latest_doc(const CaseUpdate& u) {
  return json::object{{"actions", to_doc(u.actions)},
                      {"at", u.at},
                      {"blockers", blockers_doc(u)},
                      {"by", u.by},
                      {"next_steps", to_doc(u.next_steps)},
                      {"phase", u.phase},
                      {"record", u.record},
                      {"state", to_doc(u.state)}};
}

// An update as `reports` (with_party) or `latest` holds it; `field` names it in errors.
Result<CaseUpdate> update_of(const json::value& v, bool with_party, const std::string& field) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument(field + " must hold objects", field)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  CaseUpdate u;
  MemberReader r(*o);
  if (with_party) {
    if (!r.text("party", u.party).ok())
      return invalid_argument(field + " entries name their party", field)
          .with_reason(Reason::kRequired);
    r.text_or_empty("due_at", u.due_at);
    auto* on_time = o->if_contains("on_time");
    u.on_time = on_time && on_time->is_bool() && on_time->get_bool();
  }
  r.text_or_empty("at", u.at).text_or_empty("phase", u.phase);
  for (auto [key, out] : {std::pair{"state", &u.state}, std::pair{"actions", &u.actions},
                          std::pair{"next_steps", &u.next_steps}}) {
    auto* t = o->if_contains(key);
    if (!t)
      return invalid_argument(field + " entries need " + key, field).with_reason(Reason::kRequired);
    LIAISON_ASSIGN_OR_RETURN(*out, bilingual_from_json(*t, field));
  }
  if (auto* b = o->if_contains("blockers"); b && !b->is_null()) {
    LIAISON_ASSIGN_OR_RETURN(u.blockers, bilingual_from_json(*b, field));
  }
  r.text_or_empty("by", u.by).text_or_empty("record", u.record);
  return u;
}

Result<std::map<std::string, std::string>> texts_by_party(const json::object& doc,
                                                          const char* key) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_field(doc, key));
  std::map<std::string, std::string> out;
  for (const auto& kv : *o) {
    if (!kv.value().is_string())
      return invalid_argument(std::string(key) + " holds texts", key)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    out[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  return out;
}

Status read_parts(const json::object& doc, PriorityCase& c) {
  MemberReader r(doc);
  r.each("requests", c.requests, [](const json::value& v) -> Result<std::string> {
    if (!v.is_string())
      return invalid_argument("requests must hold request ids", "requests")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    return std::string(v.get_string());
  });
  if (!r.ok()) return r.status();
  LIAISON_ASSIGN_OR_RETURN(const json::object* officers, object_field(doc, "lead_officers"));
  for (const auto& kv : *officers) {
    LIAISON_ASSIGN_OR_RETURN(c.lead_officers[std::string(kv.key())],
                             lead_officer_from_json(kv.value(), "lead_officers"));
  }
  r.each("reports", c.reports, [](const json::value& v) { return update_of(v, true, "reports"); });
  if (!r.ok()) return r.status();
  LIAISON_ASSIGN_OR_RETURN(const json::object* latest, object_field(doc, "latest"));
  for (const auto& kv : *latest) {
    LIAISON_ASSIGN_OR_RETURN(c.latest[std::string(kv.key())],
                             update_of(kv.value(), false, "latest"));
  }
  LIAISON_ASSIGN_OR_RETURN(c.next_due, texts_by_party(doc, "next_due"));
  return Status::ok();
}

}  // namespace

Result<LeadOfficer> lead_officer_from_json(const json::value& v, const std::string& field) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument(field + " must be {name, title?, email?, phone?}", field)
        .with_reason(Reason::kInvalidFormat,
                     {{"expected", std::string("{name, title?, email?, phone?}")}});
  LeadOfficer out;
  if (!MemberReader(*o).text("name", out.name).ok())
    return invalid_argument(field + " needs a name", field).with_reason(Reason::kRequired);
  for (auto [key, member] : {std::pair{"title", &out.title}, std::pair{"email", &out.email},
                             std::pair{"phone", &out.phone}}) {
    auto* m = o->if_contains(key);
    if (!m) continue;
    if (!m->is_string())
      return invalid_argument(field + "." + key + " must be text", field)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    *member = std::string(m->get_string());
  }
  return out;
}

std::string PriorityCase::due_of(const std::string& p) const {
  auto it = next_due.find(p);
  return it == next_due.end() ? std::string() : it->second;
}

int64_t PriorityCase::updates_of(const std::string& p) const {
  int64_t n = 0;
  for (const auto& u : reports) n += u.party == p ? 1 : 0;
  return n;
}

json::object to_doc(const PriorityCase& c) {
  json::array requests, reports;
  for (const auto& r : c.requests) requests.emplace_back(r);
  for (const auto& u : c.reports) reports.push_back(report_doc(u));
  json::object officers, latest, next_due;
  for (const auto& [p, o] : c.lead_officers) officers[p] = officer_doc(o);
  for (const auto& [p, u] : c.latest) latest[p] = latest_doc(u);
  for (const auto& [p, d] : c.next_due) next_due[p] = d;
  return json::object{{"accepted_at", c.accepted_at},
                      {"accepted_by", c.accepted_by},
                      {"area", c.area},
                      {"id", c.id},
                      {"interval_days", c.interval_days},
                      {"lead_officers", std::move(officers)},
                      {"latest", std::move(latest)},
                      {"next_due", std::move(next_due)},
                      {"party", c.party},
                      {"proposed_at", c.proposed_at},
                      {"proposed_by", c.proposed_by},
                      {"proposer", c.proposer},
                      {"record", c.record},
                      {"reports", std::move(reports)},
                      {"requests", std::move(requests)},
                      {"state", c.state},
                      {"title", to_doc(c.title)}};
}

Result<PriorityCase> priority_case_from_doc(const json::object& doc) {
  PriorityCase c;
  MemberReader r(doc);
  if (!r.text("id", c.id).text("proposer", c.proposer).text("party", c.party).ok())
    return r.status();
  auto* title = doc.if_contains("title");
  if (!title) return invalid_argument("title is missing", "title").with_reason(Reason::kRequired);
  LIAISON_ASSIGN_OR_RETURN(c.title, bilingual_from_json(*title, "title"));
  r.text_or_empty("area", c.area).integer("interval_days", c.interval_days).then([&] {
    if (c.interval_days >= 1) return Status::ok();
    return invalid_argument("interval_days must be positive", "interval_days")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{1}}});
  });
  r.text("state", c.state).then([&] {
    if (c.state == "proposed" || c.state == "accepted" || c.state == "concluded")
      return Status::ok();
    return invalid_argument("state must be proposed, accepted or concluded", "state")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"proposed", "accepted", "concluded"}}});
  });
  r.text_or_empty("proposed_at", c.proposed_at).text_or_empty("proposed_by", c.proposed_by);
  r.text_or_empty("accepted_at", c.accepted_at).text_or_empty("accepted_by", c.accepted_by);
  r.text_or_empty("record", c.record);
  if (!r.ok()) return r.status();
  LIAISON_RETURN_IF_ERROR(read_parts(doc, c));
  return c;
}

Result<PriorityCase> priority_case_from_text(std::string_view text) {
  return typed_from_text<PriorityCase>(text, "priority case", priority_case_from_doc);
}

}  // namespace liaison::reports
