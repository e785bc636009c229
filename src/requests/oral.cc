// Oral first, written later (docs/HOTLINE.md, "Oral first"): in an emergency the requesting
// party telephones the requested party's 24/7 point of contact (Budapest Convention Art. 35;
// Art. 25(3): urgent requests by expedited means, formal confirmation to follow). The officer
// who takes the call logs it here; that opens the request on the requested side at once,
// and its records reach the requester, whose written confirmation is due by the requested
// party's policy (clock `written_confirmation`).
#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/kinds.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "requests/service.h"
#include "store/db.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

Status only_keys(const json::object& o, std::initializer_list<const char*> keys,
                 const std::string& prefix = "") {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : keys) known = known || kv.key() == k;
    if (!known) {
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'",
                              prefix + std::string(kv.key()))
          .with_reason(Reason::kUnknownField);
    }
  }
  return Status::ok();
}

Result<std::string> short_string(const json::object& o, const char* key, const std::string& field,
                                 size_t max, bool required) {
  auto* v = o.if_contains(key);
  if (!v || (v->is_string() && v->get_string().empty())) {
    if (required) return field_required(field);
    return std::string();
  }
  if (!v->is_string() || v->get_string().size() > max) {
    return invalid_argument(
               field + " must be a string of at most " + std::to_string(max) + " bytes", field)
        .with_reason(Reason::kTooLong, {{"max", static_cast<int64_t>(max)}});
  }
  return std::string(v->get_string());
}

// An error about the content, with its field under `prefix` ("request", "content").
Status under(const Status& st, const std::string& prefix) {
  Status out(st.code(), st.message(), st.field().empty() ? prefix : prefix + "." + st.field());
  out.with_details(st.details());
  return out;
}

// When the call was taken: `called_at` if given (at most a week back, not in the future).
Result<TimePoint> called_at_of(const json::object& o, TimePoint now) {
  auto* c = o.if_contains("called_at");
  if (!c) return now;
  auto t = c->is_string() ? parse_rfc3339(c->get_string()) : std::nullopt;
  if (!t)
    return invalid_argument("called_at must be an RFC 3339 time", "called_at")
        .with_reason(Reason::kInvalidTime);
  if (*t > now + std::chrono::minutes(1)) {
    return invalid_argument("called_at is in the future", "called_at")
        .with_reason(Reason::kInFuture);
  }
  if (*t < now - std::chrono::hours(24 * 7)) {
    return invalid_argument("called_at is more than a week ago", "called_at")
        .with_reason(Reason::kTooOld);
  }
  return *t;
}

// The request the caller dictated; its parties follow from the caller and this node.
Result<model::RequestContent> oral_content(const json::object& o, const std::string& caller_party,
                                           const std::string& local_party) {
  auto* req_v = o.if_contains("request");
  if (!req_v || !req_v->is_object()) {
    return invalid_argument("request {type, priority, title, identifiers, ...} is required",
                            "request")
        .with_reason(Reason::kRequired);
  }
  json::object content_in = req_v->get_object();
  if (!content_in.contains("type")) return field_required("request.type");
  for (const char* fixed : {"requesting_party", "requested_party"}) {
    if (content_in.contains(fixed)) {
      return invalid_argument(
                 std::string("request.") + fixed + " follows from the caller and this node",
                 std::string("request.") + fixed)
          .with_reason(Reason::kReadOnly);
    }
  }
  content_in["requesting_party"] = caller_party;
  content_in["requested_party"] = local_party;
  if (!content_in.contains("priority")) content_in["priority"] = "P0";
  auto content = model::content_from_json(content_in);
  if (!content.is_ok()) return under(content.status(), "request");
  return std::move(*content);
}

}  // namespace

Result<std::string> log_oral_request(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kRequestWriters, actor, "log requests"));
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  LIAISON_RETURN_IF_ERROR(only_keys(o, {"caller", "called_at", "tier", "summary", "request"}));

  auto* caller_v = o.if_contains("caller");
  if (!caller_v || !caller_v->is_object()) {
    return invalid_argument("caller {party, name, organisation?, phone?} is required", "caller")
        .with_reason(Reason::kRequired);
  }
  const json::object& caller_in = caller_v->get_object();
  LIAISON_RETURN_IF_ERROR(
      only_keys(caller_in, {"party", "name", "organisation", "phone"}, "caller."));
  LIAISON_ASSIGN_OR_RETURN(std::string caller_party,
                           short_string(caller_in, "party", "caller.party", 8, true));
  LIAISON_ASSIGN_OR_RETURN(std::string caller_name,
                           short_string(caller_in, "name", "caller.name", 200, true));
  LIAISON_ASSIGN_OR_RETURN(
      std::string organisation,
      short_string(caller_in, "organisation", "caller.organisation", 200, false));
  LIAISON_ASSIGN_OR_RETURN(std::string phone,
                           short_string(caller_in, "phone", "caller.phone", 64, false));
  LIAISON_ASSIGN_OR_RETURN(std::string summary, short_string(o, "summary", "summary", 10000, true));

  LIAISON_ASSIGN_OR_RETURN(TimePoint called, called_at_of(o, node.clock().now()));
  int64_t tier = 1;
  if (auto* t = o.if_contains("tier")) {
    if (!t->is_int64() || t->get_int64() < 1 || t->get_int64() > 3) {
      return invalid_argument("tier must be 1, 2 or 3", "tier")
          .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
    }
    tier = t->get_int64();
  }

  LIAISON_ASSIGN_OR_RETURN(model::RequestContent content,
                           oral_content(o, caller_party, node.party()));

  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  bool known = false;
  for (const auto& p : parties) known = known || (p.code == caller_party && !p.is_local);
  if (!known)
    return invalid_argument("unknown party '" + caller_party + "'", "caller.party")
        .with_reason(Reason::kNotAPeer, {{"party", caller_party}});

  const std::string id = new_uuid(), contact_id = new_uuid(), called_at = format_rfc3339(called);
  json::object person{{"party", caller_party}, {"name", caller_name}};
  json::object caller = person;
  if (!organisation.empty()) caller["organisation"] = organisation;
  if (!phone.empty()) caller["phone"] = phone;
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    json::object contact{
        {"tier", tier},
        {"caller", person},
        {"callee", json::object{{"party", node.party()}, {"name", actor.username}}},
        {"channel", "phone"},
        {"started_at", called_at},
        {"request_ids", json::array{json::value(id)}},
        {"summary", summary},
        {"logged_by", actor.username}};
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, hotline::kHotlineContact, contact_id, contact, {caller_party}));
    json::object payload{{"content", model::to_json(content)},
                         {"call", json::object{{"caller", caller},
                                               {"taken_by", actor.username},
                                               {"called_at", called_at},
                                               {"summary", summary},
                                               {"contact_id", contact_id}}}};
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, requests::kRequestOral, id, payload, {caller_party}));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "request.oral", "request/" + id));
    LIAISON_ASSIGN_OR_RETURN(out, doc_text(db, "requests", id));
    return Status::ok();
  }));
  return out;
}

Result<std::string> confirm_in_writing(Node& node, const Actor& actor, const std::string& id,
                                       const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kRequestWriters, actor, "change requests"));
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  LIAISON_RETURN_IF_ERROR(only_keys(o, {"content", "note"}));
  LIAISON_ASSIGN_OR_RETURN(std::string note, short_string(o, "note", "note", 5000, false));
  json::object patch;
  if (auto* c = o.if_contains("content")) {
    if (!c->is_object())
      return invalid_argument("content must be an object", "content")
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    patch = c->get_object();
  }
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, id));
    const model::RequestContent& base = req.content;
    if (base.requesting_party != node.party()) {
      return permission_denied("only the requesting party confirms its request in writing");
    }
    if (!req.oral) {
      return failed_precondition("the request was made in writing; there is nothing to confirm",
                                 "oral");
    }
    if (!req.written_confirmed_at.empty()) {
      return failed_precondition("the request was already confirmed in writing",
                                 "written_confirmed_at");
    }
    if (model::is_final(req.state())) {
      const std::string state = model::to_string(req.state());
      return wrong_state("the request is " + state, state);
    }
    LIAISON_RETURN_IF_ERROR(model::parties_unchanged(patch, base, "content."));
    auto merged = model::content_from_json(patch, base);
    if (!merged.is_ok()) return under(merged.status(), "content");
    model::RequestContent content = std::move(*merged);
    if (content.requester_ref.empty()) {
      LIAISON_ASSIGN_OR_RETURN(content.requester_ref,
                               next_request_ref(db, node.party(), node.now()));
    }
    auto completeness = model::assess(content);
    if (!completeness.complete()) {
      return incomplete("the written request's checklist is incomplete", completeness.missing);
    }
    json::object payload{{"content", model::to_json(content)}};
    if (!note.empty()) payload["note"] = note;
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, requests::kRequestConfirm, id, payload, {base.requested_party}));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "request.confirm", "request/" + id));
    LIAISON_ASSIGN_OR_RETURN(out, doc_text(db, "requests", id));
    return Status::ok();
  }));
  return out;
}

}  // namespace liaison::node
