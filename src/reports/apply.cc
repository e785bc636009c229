// apply() for reports (issue 16). One writer per fact: an assessment of the response is the
// requesting party's, of the request the requested party's, and only once the request has
// ended; a report is its publisher's; its countersign or dissent is the other party's, once.
// The same checks run on this node's append and on a peer's record (a wrong one is
// quarantined where it arrives).
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "ledger/canonical_json.h"
#include "ledger/payload_schema.h"
#include "reports/assessment.h"
#include "reports/cases_apply.h"
#include "reports/figures.h"
#include "reports/kinds.h"
#include "reports/lead_outcome.h"
#include "reports/published_report.h"

namespace liaison::reports {

namespace json = boost::json;
using ledger::get_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;

namespace {

// permission_denied naming the field (status.h's helper names none).
Status denied(std::string msg, std::string field) {
  return Status(StatusCode::kPermissionDenied, std::move(msg), std::move(field));
}

constexpr const char* kAssessmentsTable = "report_assessments";
constexpr const char* kReportsTable = "reports";
constexpr const char* kLeadOutcomesTable = "lead_outcomes";

bool request_ended(std::string_view state) {
  return state == "fulfilled" || state == "partially_fulfilled" || state == "refused" ||
         state == "withdrawn" || state == "closed";
}

Status apply_assessment(const Record& r, const json::object& payload, Projections& p) {
  const bool response = r.kind == kAssessResponse;
  const std::string request_id = str_of(payload, "request_id");
  if (r.object_id != request_id + ":" + r.kind + ":" + r.origin) {
    return invalid_argument("an assessment's object id is <request_id>:<kind>:<party>",
                            "object_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto req, get_object(p, "requests", request_id));
  if (!req) return no_such("request", request_id, "request_id");
  const std::string author = str_of(*req, response ? "requesting_party" : "requested_party");
  if (author != r.origin) {
    return denied(std::string(response ? "the response is assessed by the requesting "
                                         "party, "
                                       : "the request is assessed by the requested "
                                         "party, ") +
                      author + ", not " + r.origin,
                  "party");
  }
  const std::string state = str_of(*req, "state");
  if (!request_ended(state)) {
    return wrong_state("request " + request_id + " has not ended (it is " + state + ")", state);
  }
  LIAISON_ASSIGN_OR_RETURN(auto prior_doc, get_object(p, kAssessmentsTable, r.object_id));
  std::optional<Assessment> prior;
  if (prior_doc) {
    LIAISON_ASSIGN_OR_RETURN(prior, assessment_from_doc(*prior_doc));
  }
  Assessment a;
  a.id = r.object_id;
  a.request_id = request_id;
  a.kind = response ? "response" : "request";
  a.party = r.origin;
  a.by = str_of(payload, "by");
  for (const char* k : response ? std::span<const char* const>(kResponseRubric)
                                : std::span<const char* const>(kRequestRubric)) {
    LIAISON_ASSIGN_OR_RETURN(a.scores[k], int_field(payload, k));
  }
  if (auto* c = payload.if_contains("comment")) {
    LIAISON_ASSIGN_OR_RETURN(a.comment, bilingual_from_json(*c, "comment"));
  }
  a.created_at = prior ? prior->created_at : r.created_at;
  a.updated_at = r.created_at;
  a.record = record_ref(r);
  a.version = prior ? prior->version + 1 : 1;
  return put_doc(p, kAssessmentsTable, r.object_id, to_doc(a), r);
}

Status apply_lead_outcome(const Record& r, const json::object& payload, Projections& p) {
  const std::string request_id = str_of(payload, "request_id");
  if (r.object_id != request_id + ":" + r.kind + ":" + r.origin) {
    return invalid_argument("a lead outcome's object id is <request_id>:lead.outcome:<party>",
                            "object_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto req, get_object(p, "requests", request_id));
  if (!req) return no_such("request", request_id, "request_id");
  if (str_of(*req, "type") != "lead_sharing") {
    return failed_precondition("request " + request_id + " is not a lead (lead_sharing)", "type");
  }
  if (str_of(*req, "requested_party") != r.origin) {
    return denied("a lead's outcome is recorded by its receiver, " +
                      str_of(*req, "requested_party") + ", not " + r.origin,
                  "party");
  }
  const std::string state = str_of(*req, "state");
  if (state == "draft" || state == "withdrawn") {
    return wrong_state("lead " + request_id + " is " + state, state);
  }
  const std::string outcome = str_of(payload, "outcome");
  if (outcome == "no_action" && str_of(payload, "reason").empty()) {
    return invalid_argument("no_action needs a reason", "reason").with_reason(Reason::kRequired);
  }
  LIAISON_ASSIGN_OR_RETURN(auto prior_doc, get_object(p, kLeadOutcomesTable, r.object_id));
  std::optional<LeadOutcome> prior;
  if (prior_doc) {
    LIAISON_ASSIGN_OR_RETURN(prior, lead_outcome_from_doc(*prior_doc));
  }
  const LeadOutcome o{.id = r.object_id,
                      .request_id = request_id,
                      .party = r.origin,
                      .by = str_of(payload, "by"),
                      .outcome = outcome,
                      .reason = str_of(payload, "reason"),
                      .reference = str_of(payload, "reference"),
                      .created_at = prior ? prior->created_at : r.created_at,
                      .updated_at = r.created_at,
                      .record = record_ref(r),
                      .version = prior ? prior->version + 1 : 1};
  return put_doc(p, kLeadOutcomesTable, r.object_id, to_doc(o), r);
}

// The positions a publish record names (already checked by its schema).
Result<std::vector<Position>> positions_of(const json::array& positions) {
  std::vector<Position> out;
  for (const auto& v : positions) {
    const json::object* o = v.if_object();
    if (!o) return invalid_argument("positions hold objects", "positions");
    LIAISON_ASSIGN_OR_RETURN(int64_t seq, int_field(*o, "seq"));
    out.push_back({str_of(*o, "origin"), seq, str_of(*o, "hash")});
  }
  return out;
}

Status apply_report(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* period, object_field(payload, "period"));
  LIAISON_ASSIGN_OR_RETURN(const json::array* positions, array_field(payload, "positions"));
  LIAISON_ASSIGN_OR_RETURN(std::vector<Position> at, positions_of(*positions));
  PublishedReport report{.id = r.object_id,
                         .party = r.origin,
                         .counterparty = str_of(payload, "party"),
                         .period = {str_of(*period, "from"), str_of(*period, "to")},
                         .positions = std::move(at),
                         .figures = str_of(payload, "figures"),
                         .figures_sha256 = str_of(payload, "figures_sha256"),
                         .created_at = r.created_at,
                         .created_by = str_of(payload, "by"),
                         .record = record_ref(r),
                         .attestations = {},
                         .state = "published"};
  LIAISON_RETURN_IF_ERROR(check_period(report.period));
  auto canonical = ledger::canonicalize(report.figures);
  if (!canonical.is_ok() || *canonical != report.figures) {
    return invalid_argument("figures must be canonical JSON", "figures");
  }
  if (sha256_hex(report.figures) != report.figures_sha256) {
    return invalid_argument("figures_sha256 is not the SHA-256 of figures", "figures_sha256");
  }
  if (report.counterparty == r.origin || !r.addressed_to(report.counterparty)) {
    return invalid_argument("a report is addressed to the other party it reports on", "party");
  }
  bool origin_named = false, counterparty_named = false;
  for (const auto& pos : report.positions) {
    origin_named = origin_named || pos.origin == r.origin;
    counterparty_named = counterparty_named || pos.origin == report.counterparty;
  }
  if (!origin_named || !counterparty_named || positions->size() != 2) {
    return invalid_argument("positions name the two parties' chains", "positions");
  }
  LIAISON_ASSIGN_OR_RETURN(auto prior, get_object(p, kReportsTable, r.object_id));
  if (prior) return already_exists("report " + r.object_id + " exists", "id");
  return put_doc(p, kReportsTable, r.object_id, to_doc(report), r);
}

Result<std::vector<FigureDifference>> differences_of(const json::object& payload) {
  std::vector<FigureDifference> out;
  LIAISON_ASSIGN_OR_RETURN(const json::array* diffs, array_field(payload, "differences"));
  for (const auto& v : *diffs) {
    const json::object* d = v.if_object();
    if (!d) return invalid_argument("differences hold objects", "differences");
    out.push_back({str_of(*d, "figure"), str_of(*d, "published"), str_of(*d, "recomputed")});
  }
  return out;
}

Status apply_attestation(const Record& r, const json::object& payload, Projections& p) {
  const bool countersign = r.kind == kReportCountersign;
  const std::string report_id = str_of(payload, "report_id");
  if (r.object_id != report_id + ":attest:" + r.origin) {
    return invalid_argument("an attestation's object id is <report_id>:attest:<party>",
                            "object_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, kReportsTable, report_id));
  if (!doc) return no_such("report", report_id, "report_id");
  LIAISON_ASSIGN_OR_RETURN(PublishedReport report, published_report_from_doc(*doc));
  if (report.counterparty != r.origin) {
    return denied("only " + report.counterparty + " attests report " + report_id, "party");
  }
  if (report.attestation_of(r.origin)) {
    return already_exists(r.origin + " has attested report " + report_id, "report_id");
  }
  if (str_of(payload, "figures_sha256") != report.figures_sha256) {
    return invalid_argument(countersign ? "a countersign names the report's figures_sha256"
                                        : "a dissent names the report's figures_sha256",
                            "figures_sha256");
  }
  ReportAttestation a{.party = r.origin,
                      .kind = countersign ? "countersign" : "dissent",
                      .at = r.created_at,
                      .by = str_of(payload, "by"),
                      .record = record_ref(r),
                      .differences = {}};
  if (!countersign) {
    LIAISON_ASSIGN_OR_RETURN(a.differences, differences_of(payload));
  }
  report.attestations.push_back(std::move(a));
  report.state = countersign ? "jointly_attested" : "disputed";
  return put_doc(p, kReportsTable, report_id, to_doc(report), r);
}

// ---- the declared payloads -----------------------------------------------------------

using ledger::schema::Field;
using ledger::schema::Shape;
using ledger::schema::Type;

constexpr Field score(std::string_view name) {
  return {.name = name, .type = Type::kInt, .required = true, .min = 1, .max = 5};
}
constexpr Field kCommentFields[] = {
    {.name = "original", .type = Type::kText, .required = true, .max = 8000},
    {.name = "lang", .type = Type::kString, .required = true, .max = 35},
    {.name = "translation", .type = Type::kText, .max = 8000},
    {.name = "translation_lang", .type = Type::kString, .max = 35}};
constexpr Shape kComment{kCommentFields};
constexpr Field kRequestId{
    .name = "request_id", .type = Type::kString, .required = true, .min = 1, .max = 64};
constexpr Field kBy{.name = "by", .type = Type::kString, .max = 64};
constexpr Field kCommentField{.name = "comment", .type = Type::kObject, .shape = &kComment};
constexpr Field kResponseFields[] = {kRequestId,         score("completeness"),
                                     score("usability"), score("responsiveness"),
                                     kCommentField,      kBy};
constexpr Shape kResponse{kResponseFields};
constexpr Field kRequestFields[] = {kRequestId,           score("completeness_clarity"),
                                    score("legal_basis"), score("identifiers"),
                                    kCommentField,        kBy};
constexpr Shape kRequest{kRequestFields};

constexpr std::string_view kOutcomeNames[] = {kLeadOutcomes[0], kLeadOutcomes[1], kLeadOutcomes[2],
                                              kLeadOutcomes[3]};
constexpr Field kLeadFields[] = {
    kRequestId,
    {.name = "outcome", .type = Type::kString, .required = true, .one_of = kOutcomeNames},
    {.name = "reason", .type = Type::kText, .max = 4000},
    {.name = "reference", .type = Type::kString, .max = 200},
    kBy};
constexpr Shape kLead{kLeadFields};

constexpr Field kPeriodFields[] = {{.name = "from", .type = Type::kTime, .required = true},
                                   {.name = "to", .type = Type::kTime, .required = true}};
constexpr Shape kPeriod{kPeriodFields};
constexpr Field kPositionFields[] = {
    {.name = "origin", .type = Type::kString, .required = true, .min = 1, .max = 16},
    {.name = "seq", .type = Type::kInt, .required = true, .min = 0, .max = INT64_MAX},
    {.name = "hash", .type = Type::kString, .required = true, .min = 64, .max = 64}};
constexpr Shape kPosition{kPositionFields};
constexpr Field kPositionItem{.type = Type::kObject, .shape = &kPosition};
constexpr Field kSha{
    .name = "figures_sha256", .type = Type::kString, .required = true, .min = 64, .max = 64};
constexpr Field kPublishFields[] = {
    {.name = "period", .type = Type::kObject, .required = true, .shape = &kPeriod},
    {.name = "positions", .type = Type::kArray, .required = true, .max = 2, .item = &kPositionItem},
    {.name = "party", .type = Type::kString, .required = true, .min = 1, .max = 16},
    {.name = "figures", .type = Type::kText, .required = true, .min = 2, .max = 512 * 1024},
    kSha,
    kBy};
constexpr Shape kPublish{kPublishFields};

constexpr Field kReportId{
    .name = "report_id", .type = Type::kString, .required = true, .min = 1, .max = 64};
constexpr Field kCountersignFields[] = {kReportId, kSha, kBy};
constexpr Shape kCountersign{kCountersignFields};
constexpr Field kDifferenceFields[] = {
    {.name = "figure", .type = Type::kString, .required = true, .min = 1, .max = 256},
    {.name = "published", .type = Type::kText, .required = true, .max = 4096},
    {.name = "recomputed", .type = Type::kText, .required = true, .max = 4096}};
constexpr Shape kDifference{kDifferenceFields};
constexpr Field kDifferenceItem{.type = Type::kObject, .shape = &kDifference};
constexpr Field kDissentFields[] = {kReportId,
                                    kSha,
                                    {.name = "differences",
                                     .type = Type::kArray,
                                     .required = true,
                                     .min = 1,
                                     .max = 500,
                                     .item = &kDifferenceItem},
                                    kBy};
constexpr Shape kDissent{kDissentFields};

constexpr ledger::KindSpec kReportKinds[] = {
    {kAssessResponse, &kResponse, apply_assessment},
    {kAssessRequest, &kRequest, apply_assessment},
    {kLeadOutcome, &kLead, apply_lead_outcome},
    {kReportPublish, &kPublish, apply_report},
    {kReportCountersign, &kCountersign, apply_attestation},
    {kReportDissent, &kDissent, apply_attestation},
    {kCasePropose, &kCaseProposeShape, apply_case_propose},
    {kCaseAccept, &kCaseAcceptShape, apply_case_accept},
    {kCaseStatus, &kCaseStatusShape, apply_case_status},
};

constexpr std::string_view kTables[] = {kAssessmentsTable, kReportsTable, kLeadOutcomesTable,
                                        kCasesTable, kFactsTable};

}  // namespace

ledger::KindSet record_kinds() {
  return {.owner = "reports",
          .kinds = kReportKinds,
          .tables = kTables,
          .schema = schema_steps(),
          .observers = facts_observers()};
}

}  // namespace liaison::reports
