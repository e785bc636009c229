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
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  return body.get_object();
}

Result<PriorityCase> load_case(Node& node, const std::string& id) {
  std::optional<PriorityCase> c;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(c, priority_case(db, id));
    return Status::ok();
  }));
  if (!c) return no_such("priority case", id);
  return std::move(*c);
}

// The case's status-report clocks at `now`, one per party.
json::array clocks_of(const PriorityCase& c, TimePoint now) {
  json::array out;
  for (const std::string* p : {&c.proposer, &c.party}) {
    const std::string& party = *p;
    const std::string due = c.due_of(party);
    std::string clock = "not_started";
    if (c.state == "concluded") {
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

Result<PriorityCase> checked_case(Node& node, const std::string& id, std::string* other) {
  LIAISON_ASSIGN_OR_RETURN(PriorityCase c, load_case(node, id));
  if (node.party() != c.proposer && node.party() != c.party) {
    return Status(StatusCode::kPermissionDenied, "this party is not a party to case " + id,
                  "party");
  }
  *other = node.party() == c.proposer ? c.party : c.proposer;
  return c;
}

// The case as the API shows it: its document with its clocks at `now`.
json::object case_view(const PriorityCase& c, TimePoint now) {
  json::object doc = to_doc(c);
  doc["clocks"] = clocks_of(c, now);
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
    return invalid_argument("state is proposed, accepted or concluded", "state")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"proposed", "accepted", "concluded"}}});
  }
  std::vector<PriorityCase> cases;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(cases, priority_cases(db, state));
    return Status::ok();
  }));
  const TimePoint now = node.clock().now();
  json::array items;
  for (const auto& c : cases) items.push_back(case_view(c, now));
  return items;
}

Result<std::string> get_case(Node& node, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(PriorityCase c, load_case(node, id));
  return json::serialize(case_view(c, node.clock().now()));
}

}  // namespace liaison::reports
