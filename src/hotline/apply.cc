// apply() for the hotline's records (docs/HOTLINE.md). Acknowledgements and resolutions may
// come from either party at once; the earliest (by signed time, then party) wins, so both
// nodes reach the same document whatever order the records arrive in.
#include <algorithm>
#include <boost/json.hpp>
#include <optional>

#include "common/json_fields.h"
#include "hotline/contact.h"
#include "hotline/deadline_policy.h"
#include "hotline/drill.h"
#include "hotline/escalation.h"
#include "hotline/escalation_ladder.h"
#include "hotline/kinds.h"
#include "hotline/roster.h"
#include "ledger/apply_support.h"
#include "ledger/payload_schema.h"
#include "model/stored_request.h"

namespace liaison::hotline {

namespace json = boost::json;
using ledger::get_object;
using ledger::parse_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;
using ledger::same_as_typed;

namespace {

Result<int64_t> tier_of(const json::object& o, const char* key = "tier") {
  auto* t = o.if_contains(key);
  if (!t || !t->is_int64() || t->get_int64() < 1 || t->get_int64() > 3) {
    return invalid_argument("tier must be 1, 2 or 3", key)
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  }
  return t->get_int64();
}

Status check_time(const json::object& o, const char* key, bool required) {
  std::string v = str_of(o, key);
  if (v.empty() && !required) return Status::ok();
  if (!parse_rfc3339(v))
    return invalid_argument(std::string(key) + " must be an RFC 3339 time", key)
        .with_reason(Reason::kInvalidTime);
  return Status::ok();
}

// The canonical UTC form of a checked time, so text order is time order on every node.
std::string utc(const json::object& o, const char* key) {
  auto t = parse_rfc3339(str_of(o, key));
  return t ? format_rfc3339(*t) : "";
}

Status apply_policy(const Record& r, const json::object& payload, Projections& p) {
  if (r.object_id != r.origin) {
    return permission_denied("a party publishes only its own policy");
  }
  LIAISON_ASSIGN_OR_RETURN(hotline::DeadlinePolicy policy, hotline::policy_from_json(payload));
  json::object doc = hotline::to_json(policy);
  LIAISON_RETURN_IF_ERROR(same_as_typed(payload, doc, "payload"));
  LIAISON_ASSIGN_OR_RETURN(auto prior, get_object(p, "policies", r.object_id));
  doc["party"] = r.origin;
  doc["version"] =
      prior && (*prior)["version"].is_int64() ? (*prior)["version"].get_int64() + 1 : 1;
  doc["updated_at"] = r.created_at;
  return put_doc(p, "policies", r.object_id, doc, r);
}

Status apply_roster(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(hotline::Schedule s, hotline::schedule_from_json(payload));
  LIAISON_RETURN_IF_ERROR(same_as_typed(payload, hotline::to_json(s), "payload"));
  if (s.party != r.origin || s.id != r.object_id) {
    return permission_denied("a party publishes only its own schedules");
  }
  json::object doc = hotline::to_json(s);
  doc["updated_at"] = r.created_at;
  return put_doc(p, "rosters", r.object_id, doc, r);
}

Status apply_escalation_open(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto prior, get_object(p, "escalations", r.object_id));
  if (prior) return already_exists("escalation " + r.object_id + " exists");
  Escalation e;
  e.id = r.object_id;
  e.owner = r.origin;
  e.counterpart = str_of(payload, "counterpart");
  if (e.counterpart.empty() || e.counterpart == r.origin) {
    return invalid_argument("counterpart must be another party", "counterpart");
  }
  e.trigger = str_of(payload, "trigger");
  if (e.trigger != "manual" && e.trigger != "ack_missed" && e.trigger != "deadline_breached") {
    return invalid_argument("trigger must be manual, ack_missed or deadline_breached", "trigger");
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "reason", 2000, e.trigger == "manual"));
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "opened_by", 64, false));
  LIAISON_RETURN_IF_ERROR(
      check_string_field(payload, "clock", 32, e.trigger == "deadline_breached"));
  LIAISON_ASSIGN_OR_RETURN(e.start_tier, tier_of(payload));
  e.tier = e.start_tier;
  e.request_id = str_of(payload, "request_id");
  e.case_id = str_of(payload, "case_id");
  if (!e.request_id.empty()) {
    LIAISON_ASSIGN_OR_RETURN(auto text, p.get("requests", e.request_id));
    if (!text) return no_such("request", e.request_id, "request_id");
    LIAISON_ASSIGN_OR_RETURN(model::StoredRequest req, model::request_from_text(*text));
    const std::string &a = req.content.requesting_party, &b = req.content.requested_party;
    if (!((a == r.origin && b == e.counterpart) || (b == r.origin && a == e.counterpart))) {
      return permission_denied("both parties of the escalation must be the request's parties");
    }
  } else if (e.trigger != "manual" && e.case_id.empty()) {
    // (A case's clock — a priority case's status report — is another capability's: its
    // escalation names the case, checked by shape only, as the hotline reads no case table.)
    return invalid_argument("an automatic escalation names its request or case", "request_id");
  }
  auto* ladder_v = payload.if_contains("ladder");
  if (!ladder_v) return field_required("ladder");
  LIAISON_ASSIGN_OR_RETURN(e.ladder, hotline::ladder_from_json(*ladder_v, "ladder"));
  LIAISON_RETURN_IF_ERROR(same_as_typed(*ladder_v, hotline::to_json(e.ladder), "ladder"));
  e.clock = str_of(payload, "clock");
  e.reason = str_of(payload, "reason");
  e.opened_at = r.created_at;
  e.opened_by = str_of(payload, "opened_by");
  return put_doc(p, "escalations", r.object_id, to_doc(e), r);
}

// The escalation a record writes to, which its origin must own (or be the counterpart of).
Result<Escalation> escalation_for(const Record& r, Projections& p, bool owner_only) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "escalations", r.object_id));
  if (!doc) return no_such("escalation", r.object_id, "escalation");
  LIAISON_ASSIGN_OR_RETURN(Escalation e, escalation_from_doc(*doc));
  if (owner_only ? r.origin != e.owner : (r.origin != e.owner && r.origin != e.counterpart)) {
    return permission_denied("party " + r.origin + " may not write this to escalation " +
                             r.object_id);
  }
  return e;
}

Status apply_escalation_step(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(Escalation e, escalation_for(r, p, true));
  auto* rule = payload.if_contains("rule");
  auto* round = payload.if_contains("round");
  if (!rule || !rule->is_int64() || rule->get_int64() < 0 || rule->get_int64() >= 20) {
    return invalid_argument("rule must be a rule index", "rule");
  }
  if (!round || !round->is_int64() || round->get_int64() < 0 || round->get_int64() > 10) {
    return invalid_argument("round must be 0-10", "round");
  }
  LIAISON_ASSIGN_OR_RETURN(int64_t tier, tier_of(payload));
  LIAISON_RETURN_IF_ERROR(check_time(payload, "due_at", true));
  if (e.fired(rule->get_int64(), round->get_int64())) {
    return already_exists("this step already fired", "rule");
  }
  e.steps.push_back({.rule = rule->get_int64(),
                     .round = round->get_int64(),
                     .tier = tier,
                     .due_at = str_of(payload, "due_at"),
                     .fired_at = r.created_at});
  e.tier = tier;
  return put_doc(p, "escalations", r.object_id, to_doc(e), r);
}

// Keeps the earliest of two signed facts, so the order records arrive in does not matter.
bool earlier(const Record& r, const std::string& at, const std::optional<PartyUser>& by) {
  if (at.empty()) return true;
  if (r.created_at != at) return r.created_at < at;
  return r.origin < (by ? by->party : std::string());
}

Status apply_escalation_ack(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(Escalation e, escalation_for(r, p, false));
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "user", 64, true));
  if (earlier(r, e.acknowledged_at, e.acknowledged_by)) {
    e.acknowledged_at = r.created_at;
    e.acknowledged_by = PartyUser{r.origin, str_of(payload, "user")};
  }
  e.state = e.derived_state();
  return put_doc(p, "escalations", r.object_id, to_doc(e), r);
}

Status apply_escalation_resolve(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(Escalation e, escalation_for(r, p, false));
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "user", 64, false));
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "resolution", 2000, true));
  if (earlier(r, e.resolved_at, e.resolved_by)) {
    e.resolved_at = r.created_at;
    e.resolved_by = PartyUser{r.origin, str_of(payload, "user")};
    e.resolution = str_of(payload, "resolution");
  }
  e.state = e.derived_state();
  return put_doc(p, "escalations", r.object_id, to_doc(e), r);
}

Status check_person(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_object()) return invalid_argument(std::string(key) + " is {party, name}", key);
  const auto& po = v->get_object();
  std::string party = str_of(po, "party"), name = str_of(po, "name");
  if (party.empty() || party.size() > 8 || name.empty() || name.size() > 200) {
    return invalid_argument(std::string(key) + " needs a party and a name", key)
        .with_reason(Reason::kRequired);
  }
  return Status::ok();
}

// A caller or callee that check_person() passed.
ContactPerson person_of(const json::object& o, const char* key) {
  const auto& po = o.at(key).get_object();
  return ContactPerson{str_of(po, "party"), str_of(po, "name")};
}

Status apply_contact(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto prior, get_object(p, "hotline_contacts", r.object_id));
  if (prior) return already_exists("hotline contact " + r.object_id + " exists");
  LIAISON_ASSIGN_OR_RETURN(int64_t tier, tier_of(payload));
  LIAISON_RETURN_IF_ERROR(check_person(payload, "caller"));
  LIAISON_RETURN_IF_ERROR(check_person(payload, "callee"));
  std::string channel = str_of(payload, "channel");
  if (channel != "phone" && channel != "video" && channel != "email" && channel != "secure_chat" &&
      channel != "in_person") {
    return invalid_argument("channel must be phone, video, email, secure_chat or in_person",
                            "channel");
  }
  LIAISON_RETURN_IF_ERROR(check_time(payload, "started_at", true));
  LIAISON_RETURN_IF_ERROR(check_time(payload, "answered_at", false));
  LIAISON_RETURN_IF_ERROR(check_time(payload, "ended_at", false));
  std::string started = utc(payload, "started_at"), answered = utc(payload, "answered_at"),
              ended = utc(payload, "ended_at");
  if ((!answered.empty() && answered < started) || (!ended.empty() && ended < started)) {
    return invalid_argument("answered_at and ended_at come after started_at", "ended_at");
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "summary", 10000, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "escalation_id", 64, false));
  HotlineContact c;
  if (auto* ids = payload.if_contains("request_ids")) {
    if (!ids->is_array() || ids->get_array().size() > 50) {
      return field_wrong_type("request_ids", "array");
    }
    for (const auto& id : ids->get_array()) {
      if (!id.is_string() || id.get_string().empty() || id.get_string().size() > 64) {
        return invalid_argument("request_ids holds request ids", "request_ids");
      }
      c.request_ids.emplace_back(id.get_string());
    }
  }
  if (auto* ai = payload.if_contains("action_items")) {
    if (!ai->is_array() || ai->get_array().size() > 50) {
      return field_wrong_type("action_items", "array");
    }
    size_t i = 0;
    for (const auto& a : ai->get_array()) {
      std::string f = "action_items[" + std::to_string(i++) + "]";
      if (!a.is_object()) return invalid_argument("an action item is {text, owner, due}", f);
      const auto& ao = a.get_object();
      std::string text = str_of(ao, "text"), owner = str_of(ao, "owner"), due = str_of(ao, "due");
      if (text.empty() || text.size() > 2000)
        return invalid_argument("text is required", f + ".text").with_reason(Reason::kRequired);
      if (owner.empty() || owner.size() > 200)
        return invalid_argument("owner is required", f + ".owner").with_reason(Reason::kRequired);
      if (!due.empty() && !parse_rfc3339(due) && !parse_rfc3339(due + "T00:00:00Z")) {
        return invalid_argument("due must be a date or an RFC 3339 time", f + ".due")
            .with_reason(Reason::kInvalidTime);
      }
      c.action_items.push_back(ActionItem{text, owner, due});
    }
  }
  auto* drill = payload.if_contains("drill");
  c.id = r.object_id;
  c.party = r.origin;
  c.tier = tier;
  c.caller = person_of(payload, "caller");
  c.callee = person_of(payload, "callee");
  c.channel = channel;
  c.started_at = started;
  c.answered_at = answered;
  c.ended_at = ended;
  c.summary = str_of(payload, "summary");
  c.escalation_id = str_of(payload, "escalation_id");
  c.drill = drill && drill->is_bool() && drill->get_bool();
  c.logged_by = str_of(payload, "logged_by");
  c.created_at = r.created_at;
  return put_doc(p, "hotline_contacts", r.object_id, to_doc(c), r);
}

Result<std::optional<Drill>> stored_drill(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "drills", id));
  if (!doc) return std::optional<Drill>();
  LIAISON_ASSIGN_OR_RETURN(Drill d, drill_from_doc(*doc));
  return std::optional<Drill>(std::move(d));
}

Status apply_drill_start(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto prior, stored_drill(p, r.object_id));
  if (prior && !prior->stub) return already_exists("drill " + r.object_id + " exists");
  auto* tiers = payload.if_contains("tiers");
  if (!tiers || !tiers->is_array() || tiers->get_array().empty() || tiers->get_array().size() > 3) {
    return invalid_argument("tiers lists 1-3 tiers", "tiers");
  }
  Drill d;
  for (const auto& t : tiers->get_array()) {
    if (!t.is_int64() || t.get_int64() < 1 || t.get_int64() > 3) {
      return invalid_argument("tiers are 1, 2 or 3", "tiers");
    }
    if (std::find(d.tiers.begin(), d.tiers.end(), t.get_int64()) != d.tiers.end()) {
      return invalid_argument("a tier is listed twice", "tiers");
    }
    d.tiers.push_back(t.get_int64());
  }
  auto* within = payload.if_contains("ack_within_seconds");
  if (!within || !within->is_int64() || within->get_int64() < 1 || within->get_int64() > 86400) {
    return invalid_argument("ack_within_seconds must be 1-86400", "ack_within_seconds");
  }
  LIAISON_RETURN_IF_ERROR(check_time(payload, "scheduled_for", true));
  d.id = r.object_id;
  d.owner = r.origin;
  d.started_by = str_of(payload, "started_by");
  d.created_at = r.created_at;
  d.scheduled_for = utc(payload, "scheduled_for");
  d.ack_within_seconds = within->get_int64();
  d.parties.push_back(r.origin);
  for (const auto& x : r.recipients) d.parties.push_back(x);
  if (prior) {  // the stub's pages and acknowledgements
    d.pages = std::move(prior->pages);
    d.acks = std::move(prior->acks);
  }
  return put_doc(p, "drills", r.object_id, to_doc(d), r);
}

// drill.page / drill.ack: object id "DRILL:PARTY:TIER", written by PARTY.
Status apply_drill_mark(const Record& r, const json::object& payload, Projections& p, bool ack) {
  std::string drill_id = str_of(payload, "drill_id");
  LIAISON_ASSIGN_OR_RETURN(int64_t tier, tier_of(payload));
  std::string key = Drill::key(r.origin, tier);
  if (r.object_id != drill_id + ":" + key) {
    return invalid_argument("object id must be drill:party:tier of the writer", "object_id");
  }
  if (drill_id.empty() || drill_id.size() > 64) return field_required("drill_id");
  LIAISON_ASSIGN_OR_RETURN(auto d, stored_drill(p, drill_id));
  if (!d) {
    // With three or more parties another party's page can arrive before the owner's
    // drill.start: keep it in a stub that drill.start completes, so the order of arrival
    // changes nothing (and the paging party's chain is not held up).
    d = Drill{};
    d->id = drill_id;
    d->stub = true;
  } else if (!d->stub && !d->tests(r.origin, tier)) {
    return permission_denied("this drill does not test that party and tier");
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(payload, "user", 64, !ack));
  auto& table = ack ? d->acks : d->pages;
  if (table.count(key)) return already_exists("already recorded", "tier");
  if (ack && !d->pages.count(key)) {
    return failed_precondition("nobody was paged for this tier yet", "tier")
        .with_reason(Reason::kNobodyPaged);
  }
  table[key] = DrillMark{str_of(payload, "user"), r.created_at};
  return put_doc(p, "drills", drill_id, to_doc(*d), r);
}

// ---- the declared payloads -----------------------------------------------------------

using ledger::schema::Field;
using ledger::schema::Shape;
using ledger::schema::Type;

constexpr std::string_view kTriggers[] = {"manual", "ack_missed", "deadline_breached"};
constexpr Field kOpenFields[] = {
    {.name = "counterpart", .type = Type::kString, .required = true, .max = 16},
    {.name = "request_id", .type = Type::kString, .max = 128},
    {.name = "case_id", .type = Type::kString, .max = 64},
    {.name = "trigger", .type = Type::kString, .required = true, .one_of = kTriggers},
    {.name = "reason", .type = Type::kText, .max = 2000},
    {.name = "clock", .type = Type::kString, .max = 32},
    {.name = "tier", .type = Type::kInt, .required = true, .min = 1, .max = 3},
    {.name = "ladder", .type = Type::kTyped, .required = true},
    {.name = "opened_by", .type = Type::kString, .max = 64}};
constexpr Field kStepFields[] = {
    {.name = "rule", .type = Type::kInt, .required = true, .max = 19},
    {.name = "round", .type = Type::kInt, .required = true, .max = 10},
    {.name = "tier", .type = Type::kInt, .required = true, .min = 1, .max = 3},
    {.name = "due_at", .type = Type::kTime, .required = true}};
constexpr Field kAckFields[] = {
    {.name = "user", .type = Type::kString, .required = true, .max = 64}};
constexpr Field kResolveFields[] = {
    {.name = "user", .type = Type::kString, .max = 64},
    {.name = "resolution", .type = Type::kText, .required = true, .max = 2000},
    {.name = "auto", .type = Type::kBool}};
constexpr Field kPersonFields[] = {
    {.name = "party", .type = Type::kString, .required = true, .max = 8},
    {.name = "name", .type = Type::kString, .required = true, .max = 200}};
constexpr Shape kPerson{kPersonFields};
constexpr std::string_view kChannels[] = {"phone", "video", "email", "secure_chat", "in_person"};
constexpr Field kRequestId{.type = Type::kString, .required = true, .max = 64};
constexpr Field kActionItemFields[] = {
    {.name = "text", .type = Type::kText, .required = true, .max = 2000},
    {.name = "owner", .type = Type::kString, .required = true, .max = 200},
    {.name = "due", .type = Type::kString, .max = 40}};
constexpr Shape kActionItem{kActionItemFields};
constexpr Field kActionItemField{.type = Type::kObject, .shape = &kActionItem};
constexpr Field kContactFields[] = {
    {.name = "tier", .type = Type::kInt, .required = true, .min = 1, .max = 3},
    {.name = "caller", .type = Type::kObject, .required = true, .shape = &kPerson},
    {.name = "callee", .type = Type::kObject, .required = true, .shape = &kPerson},
    {.name = "channel", .type = Type::kString, .required = true, .one_of = kChannels},
    {.name = "started_at", .type = Type::kTime, .required = true},
    {.name = "answered_at", .type = Type::kTime},
    {.name = "ended_at", .type = Type::kTime},
    {.name = "request_ids", .type = Type::kArray, .max = 50, .item = &kRequestId},
    {.name = "summary", .type = Type::kText, .required = true, .max = 10000},
    {.name = "action_items", .type = Type::kArray, .max = 50, .item = &kActionItemField},
    {.name = "escalation_id", .type = Type::kString, .max = 64},
    {.name = "drill", .type = Type::kBool},
    {.name = "logged_by", .type = Type::kString, .max = 64}};
constexpr Field kTierItem{.type = Type::kInt, .min = 1, .max = 3};
constexpr Field kDrillStartFields[] = {
    {.name = "tiers", .type = Type::kArray, .required = true, .max = 3, .item = &kTierItem},
    {.name = "ack_within_seconds", .type = Type::kInt, .required = true, .min = 1, .max = 86400},
    {.name = "scheduled_for", .type = Type::kTime, .required = true},
    {.name = "started_by", .type = Type::kString, .max = 64}};
constexpr Field kDrillMarkFields[] = {
    {.name = "drill_id", .type = Type::kString, .required = true, .max = 64},
    {.name = "tier", .type = Type::kInt, .required = true, .min = 1, .max = 3},
    {.name = "user", .type = Type::kString, .max = 64}};

constexpr Shape kOpen{kOpenFields}, kStep{kStepFields}, kAck{kAckFields}, kResolve{kResolveFields},
    kContact{kContactFields}, kDrillStartShape{kDrillStartFields}, kDrillMark{kDrillMarkFields};

Status apply_drill_page(const Record& r, const json::object& payload, Projections& p) {
  return apply_drill_mark(r, payload, p, false);
}
Status apply_drill_ack(const Record& r, const json::object& payload, Projections& p) {
  return apply_drill_mark(r, payload, p, true);
}

// Policies and rosters are whole typed documents: their parsers are their schemas.
constexpr ledger::KindSpec kHotlineKinds[] = {
    {kPolicyPublish, nullptr, apply_policy},
    {kRosterPublish, nullptr, apply_roster},
    {kEscalationOpen, &kOpen, apply_escalation_open},
    {kEscalationStep, &kStep, apply_escalation_step},
    {kEscalationAck, &kAck, apply_escalation_ack},
    {kEscalationResolve, &kResolve, apply_escalation_resolve},
    {kHotlineContact, &kContact, apply_contact},
    {kDrillStart, &kDrillStartShape, apply_drill_start},
    {kDrillPage, &kDrillMark, apply_drill_page},
    {kDrillAck, &kDrillMark, apply_drill_ack},
};

constexpr std::string_view kTables[] = {"policies", "rosters", "escalations", "hotline_contacts",
                                        "drills"};

}  // namespace

ledger::KindSet record_kinds() {
  return {.owner = "hotline", .kinds = kHotlineKinds, .tables = kTables, .schema = schema_steps()};
}

}  // namespace liaison::hotline
