// apply() for priority cases (issue 16, item 2). One writer per fact: a case is proposed by
// one party and accepted by the other (never by its proposer); each party posts its own status
// updates, only once the case is accepted. The projection keeps each party's latest update,
// every update's due time and whether it came on time, and when each party's next one is due
// (what the hotline's clock feed reads: reports/case_clocks.cc). The same checks run on this
// node's append and on a peer's record.
#include "reports/cases_apply.h"

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <set>
#include <string_view>

#include "common/clock.h"
#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "reports/kinds.h"
#include "reports/priority_case.h"

namespace liaison::reports {

namespace json = boost::json;
using ledger::get_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;
using ledger::schema::Field;
using ledger::schema::Shape;
using ledger::schema::Type;

namespace {

Status denied(std::string msg, std::string field) {
  return Status(StatusCode::kPermissionDenied, std::move(msg), std::move(field));
}

constexpr Field kBilingualFields[] = {
    {.name = "original", .type = Type::kText, .required = true, .min = 1, .max = 8000},
    {.name = "lang", .type = Type::kString, .required = true, .min = 1, .max = 35},
    {.name = "translation", .type = Type::kText, .max = 8000},
    {.name = "translation_lang", .type = Type::kString, .max = 35}};
constexpr Field kOfficerFields[] = {
    {.name = "name", .type = Type::kString, .required = true, .min = 1, .max = 200},
    {.name = "title", .type = Type::kString, .max = 200},
    {.name = "email", .type = Type::kString, .max = 254},
    {.name = "phone", .type = Type::kString, .max = 64}};
constexpr Shape kOfficer{kOfficerFields};
constexpr std::string_view kAreas[] = {kPriorityAreas[0], kPriorityAreas[1], kPriorityAreas[2],
                                       kPriorityAreas[3], kPriorityAreas[4], kPriorityAreas[5],
                                       kPriorityAreas[6]};
constexpr std::string_view kPhases[] = {kCasePhases[0], kCasePhases[1], kCasePhases[2]};
constexpr Field kRequestItem{.type = Type::kString, .required = true, .min = 1, .max = 64};
constexpr Field kCaseId{
    .name = "case_id", .type = Type::kString, .required = true, .min = 1, .max = 64};
constexpr Field kBy{.name = "by", .type = Type::kString, .max = 64};
constexpr Field kRequests{
    .name = "requests", .type = Type::kArray, .max = 50, .item = &kRequestItem};

}  // namespace

const Shape kBilingualText{kBilingualFields};

namespace {

constexpr Field text(std::string_view name, bool required) {
  return {.name = name, .type = Type::kObject, .required = required, .shape = &kBilingualText};
}
constexpr Field kProposeFields[] = {
    text("title", true),
    {.name = "party", .type = Type::kString, .required = true, .min = 1, .max = 16},
    {.name = "area", .type = Type::kString, .required = true, .one_of = kAreas},
    kRequests,
    {.name = "lead_officer", .type = Type::kObject, .required = true, .shape = &kOfficer},
    {.name = "counterpart_lead_officer", .type = Type::kObject, .shape = &kOfficer},
    {.name = "interval_days", .type = Type::kInt, .min = 1, .max = kMaxStatusIntervalDays},
    kBy};
constexpr Field kAcceptFields[] = {
    kCaseId,
    {.name = "lead_officer", .type = Type::kObject, .required = true, .shape = &kOfficer},
    kRequests,
    kBy};
constexpr Field kStatusFields[] = {
    kCaseId,
    {.name = "phase", .type = Type::kString, .required = true, .one_of = kPhases},
    text("state", true),
    text("actions", true),
    text("next_steps", true),
    text("blockers", false),
    kBy};

}  // namespace

const Shape kCaseProposeShape{kProposeFields};
const Shape kCaseAcceptShape{kAcceptFields};
const Shape kCaseStatusShape{kStatusFields};

std::string status_due_after(const std::string& from, int64_t interval_days) {
  auto t = parse_rfc3339(from);
  if (!t) return "";
  return format_rfc3339(*t + std::chrono::days(interval_days));
}

namespace {

// Adds `payload.requests` to `linked`, each a request between the case's two parties that has
// left its draft (so both hold it); the error names `requests[i]`.
Status link_requests(const json::object& payload, const std::string& a, const std::string& b,
                     Projections& p, std::vector<std::string>& linked) {
  auto* v = payload.if_contains("requests");
  if (!v) return Status::ok();
  std::set<std::string> have(linked.begin(), linked.end());
  size_t i = 0;
  for (const auto& x : v->get_array()) {
    const std::string id(x.get_string());
    const std::string field = "requests[" + std::to_string(i++) + "]";
    LIAISON_ASSIGN_OR_RETURN(auto req, get_object(p, "requests", id));
    if (!req) return no_such("request", id, field);
    const std::string from = str_of(*req, "requesting_party"), to = str_of(*req, "requested_party");
    if (!((from == a && to == b) || (from == b && to == a))) {
      return invalid_argument("request " + id + " is not between " + a + " and " + b, field);
    }
    if (str_of(*req, "state") == "draft") {
      return failed_precondition("request " + id + " is a draft", field);
    }
    if (have.insert(id).second) linked.push_back(id);
  }
  return Status::ok();
}

Result<std::optional<PriorityCase>> stored_case(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, kCasesTable, id));
  if (!doc) return std::optional<PriorityCase>();
  LIAISON_ASSIGN_OR_RETURN(PriorityCase c, priority_case_from_doc(*doc));
  return std::optional<PriorityCase>(std::move(c));
}

Result<PriorityCase> case_of(const Record& r, const json::object& payload, Projections& p) {
  const std::string case_id = str_of(payload, "case_id");
  if (case_id != r.object_id) {
    return invalid_argument("a case's records have the case's id as object id", "case_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto c, stored_case(p, case_id));
  if (!c) return no_such("priority case", case_id, "case_id");
  return std::move(*c);
}

// The bilingual text `key` of a payload its schema checked.
Result<BilingualText> text_of(const json::object& payload, const char* key) {
  return bilingual_from_json(payload.at(key), key);
}

}  // namespace

Status apply_case_propose(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto prior, get_object(p, kCasesTable, r.object_id));
  if (prior) return already_exists("priority case " + r.object_id + " exists", "id");
  const std::string party = str_of(payload, "party");
  if (party == r.origin || !r.addressed_to(party)) {
    return invalid_argument("a case is proposed to the other party it is addressed to", "party");
  }
  PriorityCase c;
  LIAISON_RETURN_IF_ERROR(link_requests(payload, r.origin, party, p, c.requests));
  LIAISON_ASSIGN_OR_RETURN(c.lead_officers[r.origin],
                           lead_officer_from_json(payload.at("lead_officer"), "lead_officer"));
  if (auto* o = payload.if_contains("counterpart_lead_officer")) {
    LIAISON_ASSIGN_OR_RETURN(c.lead_officers[party],
                             lead_officer_from_json(*o, "counterpart_lead_officer"));
  }
  c.interval_days = payload.contains("interval_days")
                        ? payload.at("interval_days").to_number<int64_t>()
                        : kDefaultStatusIntervalDays;
  c.id = r.object_id;
  c.proposer = r.origin;
  c.party = party;
  LIAISON_ASSIGN_OR_RETURN(c.title, text_of(payload, "title"));
  c.area = str_of(payload, "area");
  c.state = "proposed";
  c.proposed_at = r.created_at;
  c.proposed_by = str_of(payload, "by");
  c.record = record_ref(r);
  return put_doc(p, kCasesTable, r.object_id, to_doc(c), r);
}

Status apply_case_accept(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(PriorityCase c, case_of(r, payload, p));
  if (r.origin != c.party) {
    return denied("case " + r.object_id + " is accepted by " + c.party + ", not " + r.origin +
                      (r.origin == c.proposer ? " (its proposer)" : ""),
                  "party");
  }
  if (c.state != "proposed") {
    return failed_precondition("case " + r.object_id + " is already " + c.state, "state");
  }
  LIAISON_RETURN_IF_ERROR(link_requests(payload, c.proposer, c.party, p, c.requests));
  LIAISON_ASSIGN_OR_RETURN(c.lead_officers[r.origin],
                           lead_officer_from_json(payload.at("lead_officer"), "lead_officer"));
  const std::string due = status_due_after(r.created_at, c.interval_days);
  c.state = "accepted";
  c.accepted_at = r.created_at;
  c.accepted_by = str_of(payload, "by");
  c.next_due = {{c.proposer, due}, {c.party, due}};
  c.record = record_ref(r);
  return put_doc(p, kCasesTable, r.object_id, to_doc(c), r);
}

Status apply_case_status(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(PriorityCase c, case_of(r, payload, p));
  if (r.origin != c.proposer && r.origin != c.party) {
    return denied(r.origin + " is not a party to case " + r.object_id, "party");
  }
  if (c.state == "proposed") {
    return failed_precondition("case " + r.object_id + " has not been accepted", "state");
  }
  CaseUpdate u;
  u.party = r.origin;
  u.at = r.created_at;
  u.due_at = c.due_of(r.origin);
  const auto at = parse_rfc3339(r.created_at), due_t = parse_rfc3339(u.due_at);
  u.on_time = at && due_t && *at <= *due_t;
  u.phase = str_of(payload, "phase");
  LIAISON_ASSIGN_OR_RETURN(u.state, text_of(payload, "state"));
  LIAISON_ASSIGN_OR_RETURN(u.actions, text_of(payload, "actions"));
  LIAISON_ASSIGN_OR_RETURN(u.next_steps, text_of(payload, "next_steps"));
  if (payload.contains("blockers")) {
    LIAISON_ASSIGN_OR_RETURN(u.blockers, text_of(payload, "blockers"));
  }
  u.by = str_of(payload, "by");
  u.record = record_ref(r);
  // Every update keeps its texts (the console's case page shows both sides' reports in time
  // order); `latest` is each party's most recent one.
  c.reports.push_back(u);
  c.latest[r.origin] = u;
  c.next_due[r.origin] = status_due_after(r.created_at, c.interval_days);
  c.state = u.phase == "concluded" ? "concluded" : "accepted";
  c.record = record_ref(r);
  return put_doc(p, kCasesTable, r.object_id, to_doc(c), r);
}

}  // namespace liaison::reports
