#include "reports/service.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <span>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/service.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "reports/kinds.h"
#include "reports/repository.h"
#include "requests/service.h"
#include "requests/stored.h"

namespace liaison::reports {

namespace json = boost::json;
using node::Actor;
using node::Node;

namespace {

// permission_denied naming the field (status.h's helper names none).
Status denied(std::string msg, std::string field) {
  return Status(StatusCode::kPermissionDenied, std::move(msg), std::move(field));
}

constexpr const char* kEndedStates[] = {"fulfilled", "partially_fulfilled", "refused", "withdrawn",
                                        "closed"};

Result<json::object> object_of(const json::value& body) {
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  return body.get_object();
}

Status check_score(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v) {
    return invalid_argument(std::string(key) + " is required (1-5)", key)
        .with_reason(Reason::kRequired);
  }
  if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > 5) {
    return invalid_argument(std::string(key) + " must be an integer from 1 to 5", key)
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{5}}});
  }
  return Status::ok();
}

Status check_comment(const json::value& c) {
  if (!c.is_object())
    return invalid_argument("comment must be an object", "comment")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = c.get_object();
  for (const auto& kv : o) {
    std::string_view k = kv.key();
    if (k != "original" && k != "lang" && k != "translation" && k != "translation_lang") {
      return invalid_argument("unknown field '" + std::string(k) + "'", "comment." + std::string(k))
          .with_reason(Reason::kUnknownField);
    }
  }
  const json::value* original = o.if_contains("original");
  const bool empty = !original || !original->is_string() || original->get_string().empty();
  if (empty || original->get_string().size() > 8000) {
    if (empty) return field_required("comment.original");
    return field_too_long("comment.original", 8000);
  }
  const json::value* lang = o.if_contains("lang");
  if (!lang || !lang->is_string() || lang->get_string().empty() || lang->get_string().size() > 35) {
    return invalid_argument("comment.lang is a language tag such as zh-CN", "comment.lang")
        .with_reason(Reason::kInvalidLanguage);
  }
  for (const char* k : {"translation", "translation_lang"}) {
    auto* v = o.if_contains(k);
    if (v && (!v->is_string() || v->get_string().size() > 8000)) {
      return invalid_argument(std::string("comment.") + k + " must be text",
                              std::string("comment.") + k)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    }
  }
  return Status::ok();
}

// The record's payload from an assessment body, for this party's side of the request.
Result<json::object> assessment_payload(const json::object& body, bool response,
                                        const std::string& request_id, const Actor& actor) {
  const std::span<const char* const> rubric = response
                                                  ? std::span<const char* const>(kResponseRubric)
                                                  : std::span<const char* const>(kRequestRubric);
  if (auto* kind = body.if_contains("kind")) {
    const char* mine = response ? "response" : "request";
    if (!kind->is_string() || (kind->get_string() != "response" && kind->get_string() != "request"))
      return invalid_argument("kind is response or request", "kind")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"response", "request"}}});
    if (kind->get_string() != mine) {
      return denied(std::string("this party assesses the ") + mine + " of this request, not the " +
                        std::string(kind->get_string()),
                    "kind");
    }
  }
  for (const auto& kv : body) {
    std::string_view k = kv.key();
    bool known = k == "kind" || k == "comment";
    for (const char* r : rubric) known = known || k == r;
    if (!known)
      return invalid_argument("unknown field '" + std::string(k) + "'", std::string(k))
          .with_reason(Reason::kUnknownField);
  }
  json::object payload{{"request_id", request_id}, {"by", actor.username}};
  for (const char* r : rubric) {
    LIAISON_RETURN_IF_ERROR(check_score(body, r));
    payload[r] = *body.if_contains(r);  // check_score found it
  }
  if (auto* c = body.if_contains("comment")) {
    LIAISON_RETURN_IF_ERROR(check_comment(*c));
    payload["comment"] = *c;
  }
  return payload;
}

// A request's document as the requests service returns it; a damaged one is an internal error.
Result<json::object> request_object(std::string_view text) {
  auto o = parse_json_object(text, "request");
  if (!o.is_ok()) return internal_error("a request document is damaged: " + o.status().message());
  return o;
}
Result<requests::StoredRequest> typed_request(const json::object& doc) {
  auto r = requests::request_from_doc(doc);
  if (!r.is_ok()) return internal_error("a request document is damaged: " + r.status().message());
  return r;
}
Result<requests::StoredRequest> typed_request(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, request_object(text));
  return typed_request(doc);
}

bool is_ended(model::State state) {
  const std::string_view name = model::to_string(state);
  for (const char* s : kEndedStates) {
    if (name == s) return true;
  }
  return false;
}

}  // namespace

Result<std::string> assess(Node& node, const Actor& actor, const std::string& request_id,
                           const json::value& body_v) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kReportWriters, actor, "assess requests"));
  LIAISON_ASSIGN_OR_RETURN(json::object body, object_of(body_v));
  LIAISON_ASSIGN_OR_RETURN(std::string doc_text, node::get_request(node, request_id));
  LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, typed_request(doc_text));
  const std::string& requesting = req.content.requesting_party;
  const std::string& requested = req.content.requested_party;
  const bool response = requesting == node.party();
  if (!response && requested != node.party()) {
    return denied("this party is not a party to request " + request_id, "request_id");
  }
  LIAISON_ASSIGN_OR_RETURN(json::object payload,
                           assessment_payload(body, response, request_id, actor));
  if (!is_ended(req.state())) {
    const std::string state = model::to_string(req.state());
    return wrong_state("request " + request_id + " has not ended (it is " + state + ")", state);
  }
  const char* kind = response ? kAssessResponse : kAssessRequest;
  const std::string id = request_id + ":" + kind + ":" + node.party();
  const std::string other = response ? requested : requesting;
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(node::append_record(node, db, kind, id, payload, {other}));
    LIAISON_RETURN_IF_ERROR(node::audit(db, node.now(), actor, kind, "request/" + request_id));
    LIAISON_ASSIGN_OR_RETURN(auto made, assessment(db, id));
    if (!made) return internal_error("assessment " + id + " was not recorded");
    out = json::serialize(to_doc(*made));
    return Status::ok();
  }));
  return out;
}

Result<std::string> request_assessments(Node& node, const std::string& request_id) {
  LIAISON_RETURN_IF_ERROR(node::get_request(node, request_id).status());
  json::array items;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto all, assessments(db, request_id));
    for (const auto& a : all) items.push_back(to_doc(a));
    return Status::ok();
  }));
  const int64_t n = static_cast<int64_t>(items.size());
  return json::serialize(json::object{{"items", std::move(items)}, {"total", n}});
}

Result<std::string> unassessed(Node& node) {
  node::RequestQuery q;
  for (const char* s : kEndedStates) q.states.emplace_back(s);
  q.sort = "updated_at";
  q.per_page = 200;
  json::array items;
  for (q.page = 1;; ++q.page) {
    LIAISON_ASSIGN_OR_RETURN(node::DocPage page, node::list_requests(node, q));
    for (const auto& text : page.docs) {
      LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest d, typed_request(text));
      const std::string& id = d.id;
      bool done = false;
      LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
        LIAISON_ASSIGN_OR_RETURN(done, assessed_by(db, id, node.party()));
        return Status::ok();
      }));
      if (done) continue;
      const bool outgoing = d.content.requesting_party == node.party();
      items.push_back(json::object{{"id", id},
                                   {"requester_ref", d.content.requester_ref},
                                   {"title", model::to_json(d.content.title)},
                                   {"state", model::to_string(d.state())},
                                   {"direction", outgoing ? "outgoing" : "incoming"},
                                   {"kind", outgoing ? "response" : "request"}});
    }
    if (static_cast<int64_t>(q.page) * q.per_page >= page.total) break;
  }
  const int64_t n = static_cast<int64_t>(items.size());
  return json::serialize(json::object{{"items", std::move(items)}, {"total", n}});
}

Result<std::string> record_lead_outcome(Node& node, const Actor& actor,
                                        const std::string& request_id, const json::value& body_v) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kReportWriters, actor, "record lead outcomes"));
  LIAISON_ASSIGN_OR_RETURN(json::object body, object_of(body_v));
  LIAISON_ASSIGN_OR_RETURN(std::string doc_text, node::get_request(node, request_id));
  LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, typed_request(doc_text));
  if (req.content.type != model::RequestType::kLeadSharing) {
    return failed_precondition("request " + request_id + " is not a lead (lead_sharing)", "type");
  }
  if (req.content.requested_party != node.party()) {
    return denied("a lead's outcome is recorded by its receiver, " + req.content.requested_party,
                  "party");
  }
  for (const auto& kv : body) {
    std::string_view k = kv.key();
    if (k != "outcome" && k != "reason" && k != "reference") {
      return invalid_argument("unknown field '" + std::string(k) + "'", std::string(k))
          .with_reason(Reason::kUnknownField);
    }
  }
  const std::string outcome = str_of(body, "outcome");
  bool known = false;
  for (const char* o : kLeadOutcomes) known = known || outcome == o;
  if (!known) {
    return invalid_argument(
               "outcome is opened_case, merged_priority_case, passed_to_authority or no_action",
               "outcome")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"opened_case", "merged_priority_case",
                                                           "passed_to_authority", "no_action"}}});
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(body, "reason", 4000, outcome == "no_action"));
  LIAISON_RETURN_IF_ERROR(check_string_field(body, "reference", 200, false));
  json::object payload{{"request_id", request_id}, {"outcome", outcome}, {"by", actor.username}};
  for (const char* k : {"reason", "reference"}) {
    if (!str_of(body, k).empty()) payload[k] = str_of(body, k);
  }
  const std::string id = request_id + ":" + kLeadOutcome + ":" + node.party();
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(
        node::append_record(node, db, kLeadOutcome, id, payload, {req.content.requesting_party}));
    LIAISON_RETURN_IF_ERROR(
        node::audit(db, node.now(), actor, kLeadOutcome, "request/" + request_id));
    LIAISON_ASSIGN_OR_RETURN(auto made, lead_outcome_of(db, request_id, node.party()));
    if (!made) return internal_error("lead outcome " + id + " was not recorded");
    out = json::serialize(to_doc(*made));
    return Status::ok();
  }));
  return out;
}

Result<std::string> lead_outcome(Node& node, const std::string& request_id) {
  LIAISON_ASSIGN_OR_RETURN(std::string doc_text, node::get_request(node, request_id));
  LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, typed_request(doc_text));
  std::optional<LeadOutcome> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, lead_outcome_of(db, request_id, req.content.requested_party));
    return Status::ok();
  }));
  if (!out) return not_found("no outcome recorded for request " + request_id, "outcome");
  return json::serialize(to_doc(*out));
}

Result<LeadPage> list_leads(Node& node, const std::string& direction, int page, int per_page) {
  node::RequestQuery q;
  q.types = {"lead_sharing"};
  q.direction = direction;
  q.page = page;
  q.per_page = per_page;
  LeadPage out;
  node::PolicyCache policies;
  auto listed = node::list_requests(node, q, [&](store::Db& db, const node::DocPage& p) -> Status {
    for (const auto& text : p.docs) {
      // The document as the register answers it, with the lead's members beside it.
      LIAISON_ASSIGN_OR_RETURN(json::object d, request_object(text));
      LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, typed_request(d));
      json::value due = nullptr, source = nullptr, by_lang = nullptr;
      if (auto submitted = parse_rfc3339(req.submitted_at)) {
        // The receiver's published policy (or its shipped defaults), as the sender's clock.
        LIAISON_ASSIGN_OR_RETURN(const hotline::DeadlinePolicy* policy,
                                 policies.get(db, req.content.requested_party));
        due = json::string(format_rfc3339(policy->lead_outcome_due(*submitted)));
        const hotline::SourceText& s = policy->lead_outcome_source;
        source = json::string(s.en);
        by_lang = json::object{{"en", s.en}, {"zh-CN", s.zh.empty() ? s.en : s.zh}};
      }
      d["direction"] = req.content.requesting_party == node.party() ? "outgoing" : "incoming";
      d["outcome_due"] = std::move(due);
      d["outcome_due_source"] = std::move(source);
      d["outcome_due_source_by_lang"] = std::move(by_lang);
      out.docs.push_back(json::serialize(d));
    }
    return Status::ok();
  });
  if (!listed.is_ok()) return listed.status();
  out.total = listed->total;
  return out;
}

}  // namespace liaison::reports
