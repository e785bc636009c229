#include "reports/cases.h"

#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "reports/cases_apply.h"
#include "reports/kinds.h"
#include "reports/repository.h"
#include "reports/service.h"

namespace liaison::reports {

namespace json = boost::json;
using node::Actor;
using node::Node;

namespace {

Result<json::object> body_object(const json::value& body) {
  if (!body.is_object()) return invalid_argument("the body must be a JSON object", "body");
  return body.get_object();
}

Result<json::object> load_case(Node& node, const std::string& id) {
  std::optional<std::string> text;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(text, case_doc(db, id));
    return Status::ok();
  }));
  if (!text) return not_found("no priority case " + id, "id");
  return json::parse(*text).as_object();
}

// The case's status-report clocks at `now`, one per party.
json::array clocks_of(const json::object& doc, TimePoint now) {
  json::array out;
  const std::string state = str_of(doc, "state");
  for (const char* who : {"proposer", "party"}) {
    const std::string party = str_of(doc, who);
    const std::string due = str_of(doc.at("next_due").get_object(), party.c_str());
    std::string clock = "not_started";
    if (state == "concluded") {
      clock = "stopped";
    } else if (auto t = parse_rfc3339(due)) {
      clock = *t < now ? "overdue" : "running";
    }
    out.push_back(json::object{{"party", party},
                               {"clock", "status_report"},
                               {"due_at", due.empty() ? json::value(nullptr) : json::value(due)},
                               {"state", clock}});
  }
  return out;
}

// Appends one case record of this party and returns the case's document with its clocks.
Result<std::string> append_case_record(Node& node, const Actor& actor, const char* kind,
                                       const std::string& id, json::object payload,
                                       const std::string& to) {
  payload["by"] = actor.username;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(node::append_record(node, db, kind, id, payload, {to}));
    return node::audit(db, node.now(), actor, kind, "case/" + id);
  }));
  return get_case(node, id);
}

Result<json::object> checked_case(Node& node, const std::string& id, std::string* other) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, load_case(node, id));
  const std::string proposer = str_of(doc, "proposer"), party = str_of(doc, "party");
  if (node.party() != proposer && node.party() != party) {
    return Status(StatusCode::kPermissionDenied, "this party is not a party to case " + id,
                  "party");
  }
  *other = node.party() == proposer ? party : proposer;
  return doc;
}

}  // namespace

Result<std::string> propose_case(Node& node, const Actor& actor, const json::value& body_v) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kCaseWriters, actor, "propose priority cases"));
  LIAISON_ASSIGN_OR_RETURN(json::object payload, body_object(body_v));
  LIAISON_ASSIGN_OR_RETURN(std::string other, counterparty(node, str_of(payload, "party")));
  payload["party"] = other;
  return append_case_record(node, actor, kCasePropose, new_uuid(), std::move(payload), other);
}

Result<std::string> accept_case(Node& node, const Actor& actor, const std::string& id,
                                const json::value& body_v) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kCaseWriters, actor, "accept priority cases"));
  LIAISON_ASSIGN_OR_RETURN(json::object payload, body_object(body_v));
  std::string other;
  LIAISON_RETURN_IF_ERROR(checked_case(node, id, &other).status());
  payload["case_id"] = id;
  return append_case_record(node, actor, kCaseAccept, id, std::move(payload), other);
}

Result<std::string> post_case_status(Node& node, const Actor& actor, const std::string& id,
                                     const json::value& body_v) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kCaseWriters, actor, "report on priority cases"));
  LIAISON_ASSIGN_OR_RETURN(json::object payload, body_object(body_v));
  std::string other;
  LIAISON_RETURN_IF_ERROR(checked_case(node, id, &other).status());
  payload["case_id"] = id;
  return append_case_record(node, actor, kCaseStatus, id, std::move(payload), other);
}

Result<json::array> list_cases(Node& node, const std::string& state) {
  if (!state.empty() && state != "proposed" && state != "accepted" && state != "concluded") {
    return invalid_argument("state is proposed, accepted or concluded", "state");
  }
  std::vector<std::string> docs;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(docs, case_docs(db, state));
    return Status::ok();
  }));
  const TimePoint now = node.clock().now();
  json::array items;
  for (const auto& text : docs) {
    json::object doc = json::parse(text).as_object();
    doc["clocks"] = clocks_of(doc, now);
    items.push_back(std::move(doc));
  }
  return items;
}

Result<std::string> get_case(Node& node, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, load_case(node, id));
  doc["clocks"] = clocks_of(doc, node.clock().now());
  return json::serialize(doc);
}

}  // namespace liaison::reports
