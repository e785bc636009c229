#include "model/stored_request.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "model/request_json.h"

namespace liaison::model {

namespace json = boost::json;

namespace {

// The times and texts of a request document, each "" when absent (members were added over
// time; a document written before one existed reads as it not having happened).
struct StoredText {
  const char* key;
  std::string StoredRequest::*member;
};
constexpr StoredText kStoredTexts[] = {
    {"created_at", &StoredRequest::created_at},
    {"submitted_at", &StoredRequest::submitted_at},
    {"acknowledged_at", &StoredRequest::acknowledged_at},
    {"preserved_at", &StoredRequest::preserved_at},
    {"preserved_until", &StoredRequest::preserved_until},
    {"postponed_until", &StoredRequest::postponed_until},
    {"paused_since", &StoredRequest::paused_since},
    {"fulfilled_at", &StoredRequest::fulfilled_at},
    {"closed_at", &StoredRequest::closed_at},
    {"withdrawal_reason", &StoredRequest::withdrawal_reason},
    {"info_request_reason", &StoredRequest::info_request_reason},
    {"postpone_reason", &StoredRequest::postpone_reason},
    {"requested_ref", &StoredRequest::requested_ref},
    {"first_reply_at", &StoredRequest::first_reply_at},
};

Result<State> state_member(const json::object& doc, const char* key) {
  const std::string text = str_of(doc, key);
  auto s = parse_state(text);
  if (!s) {
    return invalid_argument(std::string("a stored request's ") + key + " is not a state", key)
        .with_reason(Reason::kUnknownValue, {{"value", text}});
  }
  return *s;
}

Result<const json::object*> object_member(const json::value& v, const char* what) {
  if (!v.is_object()) return field_wrong_type(what, "object");
  return &v.get_object();
}

Result<Pause> pause_from(const json::value& v) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_member(v, "pauses"));
  return Pause{str_of(*o, "from"), str_of(*o, "to")};
}

Result<std::optional<Refusal>> refusal_from(const json::object& doc) {
  const json::value* v = doc.if_contains("refusal");
  if (!v || v->is_null()) return std::optional<Refusal>();
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_member(*v, "refusal"));
  Refusal r;
  const std::string ground = str_of(*o, "ground");
  auto g = parse_refusal_ground(ground);
  if (!g) {
    return invalid_argument("a stored refusal's ground is unknown", "refusal.ground")
        .with_reason(Reason::kUnknownValue, {{"value", ground}});
  }
  r.ground = *g;
  r.reason = str_of(*o, "reason");
  r.at = str_of(*o, "at");
  return std::optional<Refusal>(std::move(r));
}

Result<std::optional<int>> rating_from(const json::object& doc) {
  const json::value* v = doc.if_contains("rating");
  if (!v || v->is_null()) return std::optional<int>();
  LIAISON_ASSIGN_OR_RETURN(int64_t n, int_field(doc, "rating"));
  return std::optional<int>(static_cast<int>(n));
}

Result<std::optional<OralCall>> oral_from(const json::object& doc) {
  const json::value* v = doc.if_contains("oral");
  if (!v || v->is_null()) return std::optional<OralCall>();
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_member(*v, "oral"));
  OralCall call;
  if (const json::value* c = o->if_contains("caller"); c && c->is_object()) {
    const json::object& caller = c->get_object();
    call.caller = {str_of(caller, "party"), str_of(caller, "name"), str_of(caller, "organisation"),
                   str_of(caller, "phone")};
  }
  call.taken_by = str_of(*o, "taken_by");
  call.called_at = str_of(*o, "called_at");
  call.summary = str_of(*o, "summary");
  call.contact_id = str_of(*o, "contact_id");
  call.recorded_at = str_of(*o, "recorded_at");
  return std::optional<OralCall>(std::move(call));
}

Status assignees_from(const json::object& doc, StoredRequest& r) {
  std::map<std::string, Assignee>& out = r.assignees;
  const json::value* v = doc.if_contains("assignees");
  if (!v) return Status::ok();
  LIAISON_ASSIGN_OR_RETURN(const json::object* sides, object_member(*v, "assignees"));
  r.assigned_ever = true;
  for (const auto& kv : *sides) {
    LIAISON_ASSIGN_OR_RETURN(const json::object* a, object_member(kv.value(), "assignees"));
    out[std::string(kv.key())] =
        Assignee{str_of(*a, "username"), str_of(*a, "name"), str_of(*a, "by"), str_of(*a, "at")};
  }
  return Status::ok();
}

int64_t int_or_zero(const json::object& doc, const char* key) {
  auto n = int_field(doc, key);
  return n.is_ok() ? *n : 0;
}

}  // namespace

Result<StoredRequest> request_from_doc(const json::object& doc) {
  StoredRequest r;
  MemberReader read(doc);
  read.text("id", r.id).text_or_empty("updated_at", r.updated_at);
  if (!read.ok()) return read.status();
  for (const StoredText& m : kStoredTexts) r.*m.member = str_of(doc, m.key);
  LIAISON_ASSIGN_OR_RETURN(r.content, content_of_document(doc));
  LIAISON_ASSIGN_OR_RETURN(r.status.state, state_member(doc, "state"));
  LIAISON_ASSIGN_OR_RETURN(r.status.resume_state, state_member(doc, "resume_state"));
  r.submit_seq = int_or_zero(doc, "submit_seq");
  r.paused_seconds = int_or_zero(doc, "paused_seconds");
  if (doc.contains("pauses")) {
    read.each("pauses", r.pauses, pause_from);
    if (!read.ok()) return read.status();
  }
  LIAISON_ASSIGN_OR_RETURN(r.refusal, refusal_from(doc));
  LIAISON_ASSIGN_OR_RETURN(r.rating, rating_from(doc));
  LIAISON_ASSIGN_OR_RETURN(r.oral, oral_from(doc));
  r.written_confirmed_at = str_of(doc, "written_confirmed_at");
  if (const json::value* note = doc.if_contains("written_confirmation_note");
      note && note->is_string()) {
    r.written_confirmation_note = std::string(note->get_string());
  }
  LIAISON_RETURN_IF_ERROR(assignees_from(doc, r));
  return r;
}

Result<StoredRequest> request_from_text(std::string_view text) {
  return typed_from_text<StoredRequest>(text, "a stored request", request_from_doc);
}

json::object to_doc(const StoredRequest& r) {
  json::object doc;
  doc["id"] = r.id;
  doc["state"] = to_string(r.status.state);
  doc["resume_state"] = to_string(r.status.resume_state);
  for (const StoredText& m : kStoredTexts) doc[m.key] = r.*m.member;
  doc["submit_seq"] = r.submit_seq;
  json::array pauses;
  for (const Pause& p : r.pauses) pauses.push_back(json::object{{"from", p.from}, {"to", p.to}});
  doc["pauses"] = std::move(pauses);
  doc["paused_seconds"] = r.paused_seconds;
  if (r.refusal) {
    doc["refusal"] = json::object{{"ground", to_string(r.refusal->ground)},
                                  {"reason", r.refusal->reason},
                                  {"at", r.refusal->at}};
  } else {
    doc["refusal"] = nullptr;
  }
  if (r.rating) {
    doc["rating"] = *r.rating;
  } else {
    doc["rating"] = nullptr;
  }
  for (auto& kv : to_json(r.content)) doc[kv.key()] = kv.value();
  doc["completeness"] = to_json(assess(r.content));
  if (r.oral) {
    const OralCall& c = *r.oral;
    json::object caller{{"party", c.caller.party}, {"name", c.caller.name}};
    if (!c.caller.organisation.empty()) caller["organisation"] = c.caller.organisation;
    if (!c.caller.phone.empty()) caller["phone"] = c.caller.phone;
    json::object call{{"caller", std::move(caller)},
                      {"taken_by", c.taken_by},
                      {"called_at", c.called_at},
                      {"summary", c.summary}};
    if (!c.contact_id.empty()) call["contact_id"] = c.contact_id;
    call["recorded_at"] = c.recorded_at;
    doc["oral"] = std::move(call);
    doc["written_confirmed_at"] = r.written_confirmed_at;
    if (r.written_confirmation_note) {
      doc["written_confirmation_note"] = *r.written_confirmation_note;
    }
  }
  if (r.assigned_ever || !r.assignees.empty()) {
    json::object sides;
    for (const auto& [party, a] : r.assignees) {
      sides[party] =
          json::object{{"username", a.username}, {"name", a.name}, {"by", a.by}, {"at", a.at}};
    }
    doc["assignees"] = std::move(sides);
  }
  doc["updated_at"] = r.updated_at;
  return doc;
}

}  // namespace liaison::model
