#include "hotline/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <mutex>
#include <set>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/case_feed.h"
#include "hotline/kinds.h"
#include "hotline/notify.h"
#include "hotline/repository.h"
#include "hotline/roster.h"
#include "http/list.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "model/stored_request.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "node/users.h"
#include "store/db.h"
#include "store/records.h"

namespace liaison::node {

namespace json = boost::json;
using hotline::DeadlinePolicy;

namespace {

// Every other party: broadcast records (policies, rosters, drills) go to all of them.
Result<std::vector<std::string>> other_parties(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(auto all, hotline::party_rows(db));
  std::vector<std::string> out;
  for (const auto& p : all) {
    if (!p.is_local) out.push_back(p.code);
  }
  return out;
}

bool is_writer(Role r) { return kHotlineWriters.allows(r); }

// A rendered document's flag or list; false or empty when the member is missing or of another
// type (nothing here throws on a document).
bool flag_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}
const json::array& list_of(const json::object& o, const char* key) {
  static const json::array kNone;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->get_array() : kNone;
}

Status only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : keys) known = known || kv.key() == k;
    if (!known)
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
  }
  return Status::ok();
}

Result<const json::object*> body_object(const json::value& body) {
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  return &body.get_object();
}

}  // namespace

// ---- policies and deadlines ---------------------------------------------------------

Result<DeadlinePolicy> policy_of(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, doc_of(db, "policies", party));
  if (doc) return hotline::policy_from_json(*doc);
  LIAISON_ASSIGN_OR_RETURN(auto all, hotline::party_rows(db));
  std::string tz = "UTC";
  for (const auto& p : all) {
    if (p.code == party && !p.timezone.empty()) tz = p.timezone;
  }
  return hotline::default_policy(party, tz);
}

Result<std::string> get_policy(Node& node, const std::string& party_in) {
  std::string party = party_in.empty() ? node.party() : party_in;
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto all, hotline::party_rows(db));
    bool known =
        std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.code == party; });
    if (!known) return no_such("party", party, "party");
    LIAISON_ASSIGN_OR_RETURN(auto doc, doc_of(db, "policies", party));
    if (doc) {
      (*doc)["published"] = true;
      out = json::serialize(*doc);
      return Status::ok();
    }
    LIAISON_ASSIGN_OR_RETURN(DeadlinePolicy p, policy_of(db, party));
    json::object o = hotline::to_json(p);
    o["party"] = party;
    o["version"] = 0;
    o["published"] = false;  // the shipped defaults
    out = json::serialize(o);
    return Status::ok();
  }));
  return out;
}

Result<std::string> put_policy(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(
      require_role(kHotlineAdministrators, actor, "publish the deadline policy"));
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  json::object in = *o;
  for (const char* k : {"party", "version", "published", "updated_at"}) in.erase(k);
  LIAISON_ASSIGN_OR_RETURN(DeadlinePolicy p, hotline::policy_from_json(in));
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto peers, other_parties(db));
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, hotline::kPolicyPublish, node.party(), hotline::to_json(p), peers));
    LIAISON_RETURN_IF_ERROR(
        audit(db, node.now(), actor, "policy.publish", "policy/" + node.party()));
    LIAISON_ASSIGN_OR_RETURN(auto doc, doc_of(db, "policies", node.party()));
    out = json::serialize(doc.value_or(json::object()));
    return Status::ok();
  }));
  return out;
}

Result<ClockInputs> clock_inputs_in(store::Db& db, const model::StoredRequest& req) {
  ClockInputs in;
  const std::string& requesting = req.content.requesting_party;
  in.requested_party = req.content.requested_party;
  hotline::RequestFacts& f = in.facts;
  f.type = model::to_string(req.content.type);
  f.priority = model::to_string(req.content.priority);
  f.state = model::to_string(req.state());
  if (req.submit_seq > 0 && !req.is_draft()) {
    LIAISON_ASSIGN_OR_RETURN(
        auto received,
        hotline::first_receipt_at(db, requesting, in.requested_party, req.submit_seq));
    if (received) f.received_at = parse_rfc3339(*received);
  }
  // A request taken by telephone was received when the call was: the requested party's own
  // signed record says when (docs/HOTLINE.md, "Oral first").
  if (req.oral) {
    f.oral = true;
    f.received_at = parse_rfc3339(req.oral->called_at);
    f.written_confirmed_at = parse_rfc3339(req.written_confirmed_at);
  }
  for (const model::Pause& p : req.pauses) {
    auto from = parse_rfc3339(p.from);
    if (!from) continue;
    f.pauses.push_back({*from, parse_rfc3339(p.to)});
  }
  f.acknowledged_at = parse_rfc3339(req.acknowledged_at);
  f.preserved_at = parse_rfc3339(req.preserved_at);
  f.first_reply_at = parse_rfc3339(req.first_reply_at);
  f.finished_at = parse_rfc3339(req.fulfilled_at);
  if (req.refusal) f.finished_at = parse_rfc3339(req.refusal->at);
  const std::string& until = req.preserved_until;
  f.preserved_until = parse_rfc3339(until);
  if (!f.preserved_until && until.size() == 10)
    f.preserved_until = parse_rfc3339(until + "T00:00:00Z");
  return in;
}

Result<hotline::DeadlinePlan> deadline_plan(const ClockInputs& in, const DeadlinePolicy& policy) {
  // Preserved data expires when the request says, else the policy's days after preservation.
  if (!in.facts.preserved_until && in.facts.preserved_at) {
    hotline::RequestFacts f = in.facts;
    f.preserved_until = *f.preserved_at + std::chrono::hours(24 * policy.preservation_days);
    return hotline::plan_deadlines(f, policy);
  }
  return hotline::plan_deadlines(in.facts, policy);
}

Result<hotline::Deadlines> deadlines_from(const ClockInputs& in, const DeadlinePolicy& policy,
                                          TimePoint now) {
  LIAISON_ASSIGN_OR_RETURN(hotline::DeadlinePlan plan, deadline_plan(in, policy));
  return hotline::deadlines_at(plan, now);
}

json::value deadline_summary(const hotline::Deadlines& d) {
  const hotline::ClockStatus* best = nullptr;
  for (const auto& c : d.clocks) {
    if ((c.state != "running" && c.state != "overdue") || !c.remaining_seconds) continue;
    if (c.clock == "preservation_expiry" && !c.warn) continue;
    if (!best || *c.remaining_seconds < *best->remaining_seconds) best = &c;
  }
  if (!best) return nullptr;
  std::string state = best->state == "overdue" ? "overdue" : best->warn ? "soon" : "ok";
  return json::object{{"clock", best->clock},
                      {"due_at", best->due_at ? format_rfc3339(*best->due_at) : ""},
                      {"remaining_seconds", *best->remaining_seconds},
                      {"state", state}};
}

namespace {

// The clocks of one request under the requested party's `policy`, now.
Result<hotline::Deadlines> deadlines_with(store::Db& db, Node& node,
                                          const model::StoredRequest& req,
                                          const DeadlinePolicy& policy) {
  LIAISON_ASSIGN_OR_RETURN(ClockInputs in, clock_inputs_in(db, req));
  return deadlines_from(in, policy, node.clock().now());
}

}  // namespace

// Which policy `db` holds for `party`, as a key: its published document (length and hash),
// or the party's time zone for the shipped defaults.
Result<std::string> policy_version(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, hotline::policy_doc(db, party));
  if (doc) {
    return "published " + std::to_string(doc->size()) + " " +
           std::to_string(std::hash<std::string>{}(*doc));
  }
  LIAISON_ASSIGN_OR_RETURN(auto tz, hotline::party_timezone(db, party));
  return "default " + tz.value_or(std::string());
}

Result<const DeadlinePolicy*> PolicyCache::get(store::Db& db, const std::string& party,
                                               std::string* version_out) {
  // Every policy parsed, for the whole process: a page of the register or a request's
  // clocks then cost a lookup, not a parse of the policy (a sixth of a register page).
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const DeadlinePolicy>> parsed;
  auto it = policies_.find(party);
  if (it == policies_.end()) {
    LIAISON_ASSIGN_OR_RETURN(std::string version, policy_version(db, party));
    std::string key = party + '\n' + version;
    std::shared_ptr<const DeadlinePolicy> policy;
    {
      std::lock_guard lock(mu);
      if (auto found = parsed.find(key); found != parsed.end()) policy = found->second;
    }
    if (!policy) {
      LIAISON_ASSIGN_OR_RETURN(DeadlinePolicy p, policy_of(db, party));
      policy = std::make_shared<const DeadlinePolicy>(std::move(p));
      std::lock_guard lock(mu);
      if (parsed.size() >= 256) parsed.clear();
      parsed.emplace(key, policy);
    }
    it = policies_.emplace(party, Loaded{std::move(policy), std::move(key)}).first;
  }
  if (version_out) *version_out = it->second.version;
  return it->second.policy.get();
}

Result<hotline::Deadlines> deadlines_of(store::Db& db, Node& node,
                                        const model::StoredRequest& request,
                                        PolicyCache& policies) {
  LIAISON_ASSIGN_OR_RETURN(const DeadlinePolicy* policy,
                           policies.get(db, request.content.requested_party));
  return deadlines_with(db, node, request, *policy);
}

Result<json::value> request_deadlines_in(store::Db& db, Node& node,
                                         const model::StoredRequest& request,
                                         PolicyCache& policies) {
  const std::string& requested = request.content.requested_party;
  LIAISON_ASSIGN_OR_RETURN(const DeadlinePolicy* policy, policies.get(db, requested));
  LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_with(db, node, request, *policy));
  return json::value(hotline::to_json(d, requested, policy->calendar.timezone));
}

Result<json::value> deadline_summary_in(store::Db& db, Node& node,
                                        const model::StoredRequest& request,
                                        PolicyCache& policies) {
  LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_of(db, node, request, policies));
  return deadline_summary(d);
}

// ---- rosters ------------------------------------------------------------------------

Result<std::vector<std::string>> list_rosters(Node& node) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, hotline::roster_docs(db));
    return Status::ok();
  }));
  return out;
}

Result<std::string> put_roster(Node& node, const Actor& actor, const std::string& id,
                               const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kHotlineAdministrators, actor, "publish rosters"));
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  json::object in = *o;
  in.erase("updated_at");
  if (!in.contains("id")) in["id"] = id;
  if (!in.contains("party")) in["party"] = node.party();
  LIAISON_ASSIGN_OR_RETURN(hotline::Schedule s, hotline::schedule_from_json(in));
  if (s.id != id)
    return invalid_argument("the body's id differs from the path", "id")
        .with_reason(Reason::kMismatch);
  if (s.party != node.party()) {
    return permission_denied("a node edits only its own party's schedules");
  }
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto peers, other_parties(db));
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, hotline::kRosterPublish, s.id, hotline::to_json(s), peers));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "roster.publish", "roster/" + s.id));
    LIAISON_ASSIGN_OR_RETURN(auto doc, doc_of(db, "rosters", s.id));
    out = json::serialize(doc.value_or(json::object()));
    return Status::ok();
  }));
  return out;
}

// ---- channels -------------------------------------------------------------------------

Result<std::vector<std::string>> list_channels(Node& node) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto rows, hotline::channel_rows(db));
    for (const auto& c : rows) {
      out.push_back(json::serialize(json::object{
          {"username", c.username}, {"email", c.email}, {"webhook_url", c.webhook_url}}));
    }
    return Status::ok();
  }));
  return out;
}

Result<std::string> my_channels(Node& node, const Actor& actor) {
  json::object out{{"username", actor.username}, {"email", ""}, {"webhook_url", ""}};
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto rows, hotline::channel_rows(db));
    for (const auto& c : rows) {
      if (c.username != actor.username) continue;
      out["email"] = c.email;
      out["webhook_url"] = c.webhook_url;
    }
    return Status::ok();
  }));
  return json::serialize(out);
}

Result<std::string> put_channels(Node& node, const Actor& actor, const std::string& username,
                                 const json::value& body) {
  if (actor.role != Role::kAdministrator && actor.username != username) {
    return permission_denied("only an administrator sets another person's channels");
  }
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(only_keys(*o, {"username", "email", "webhook_url"}));
  std::string email = str_of(*o, "email"), hook = str_of(*o, "webhook_url");
  for (const char* k : {"email", "webhook_url"}) {
    if (auto* v = o->if_contains(k); v && !v->is_string()) {
      return field_wrong_type(k, "string");
    }
  }
  // The checks the sender makes, so an address it would refuse is refused here, not at
  // the moment someone needs paging.
  if (!email.empty()) LIAISON_RETURN_IF_ERROR(hotline::validate_address(email, "email"));
  if (!hook.empty() && actor.role != Role::kAdministrator) {
    // The node sends signed escalation details there: only an administrator chooses where.
    return permission_denied("only an administrator sets a webhook");
  }
  if (!hook.empty()) {
    auto target = hotline::webhook_target(hook, node.config().webhook_allow);
    if (!target.is_ok())
      return invalid_argument(target.status().message(), "webhook_url")
          .with_reason(target.status().reason(), target.status().params());
  }
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto user, find_user(db, username));
    if (!user) return no_such("user", username, "username");
    LIAISON_RETURN_IF_ERROR(hotline::upsert_channels(db, {username, email, hook}));
    return audit(db, node.now(), actor, "channels.set", "user/" + username);
  }));
  return json::serialize(
      json::object{{"username", username}, {"email", email}, {"webhook_url", hook}});
}

// ---- escalations ----------------------------------------------------------------------

namespace {

// An escalation as the API shows it: its document, what `actor` may do with it, and the
// next ladder step due (null when resolved or none is left).
Result<json::object> render_escalation(store::Db& db, Node& node, const Actor& actor,
                                       const hotline::Escalation& e) {
  const std::string& state = e.state;
  bool party_of = e.owner == node.party() || e.counterpart == node.party();
  bool can_ack = false;
  if (state == "open" && party_of && is_writer(actor.role)) {
    can_ack = actor.role == Role::kAdministrator || actor.role == Role::kSupervisor;
    if (!can_ack) {
      LIAISON_ASSIGN_OR_RETURN(can_ack, hotline::notified_about(db, e.id, actor.username));
    }
    for (int t = 1; t <= e.tier && !can_ack; ++t) {
      LIAISON_ASSIGN_OR_RETURN(auto users, on_call_users(db, node.party(), t, node.clock().now()));
      can_ack = std::find(users.begin(), users.end(), actor.username) != users.end();
    }
  }
  json::object esc = hotline::to_doc(e);
  esc["can_acknowledge"] = can_ack;
  esc["can_resolve"] = state != "resolved" && party_of && is_writer(actor.role);
  // People know a request by its reference (issue 17, item 3), the console's cards show it.
  if (const std::string rid = str_of(esc, "request_id"); !rid.empty()) {
    LIAISON_ASSIGN_OR_RETURN(auto req, hotline::find_request(db, rid));
    esc["request_ref"] = req ? req->content.requester_ref : "";
  }
  json::value next = nullptr;
  if (state != "resolved") {
    auto opened = parse_rfc3339(e.opened_at);
    for (const auto& f :
         hotline::firings(e.ladder, opened.value_or(TimePoint{}), static_cast<int>(e.start_tier))) {
      if (e.fired(f.rule, f.round)) continue;
      auto cond = e.ladder.rules[static_cast<size_t>(f.rule)].condition;
      if (cond == hotline::Condition::kNotAcknowledged && state != "open") continue;
      next = json::object{{"rule", f.rule},
                          {"round", f.round},
                          {"tier", f.tier},
                          {"due_at", format_rfc3339(f.due_at)}};
      break;
    }
  }
  esc["next_step"] = std::move(next);
  return esc;
}

Result<hotline::Escalation> load_escalation(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto e, hotline::escalation(db, id));
  if (!e) return no_such("escalation", id);
  return std::move(*e);
}

}  // namespace

Result<std::vector<std::string>> list_escalations(Node& node, const Actor& actor,
                                                  const EscalationQuery& q) {
  static const std::set<std::string> kStates = {"open", "acknowledged", "resolved", "active",
                                                "all"};
  if (!kStates.count(q.state)) {
    return invalid_argument("state must be open, acknowledged, resolved, active or all", "state")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"open", "acknowledged", "resolved",
                                                           "active", "all"}}});
  }
  std::vector<std::string> out;
  if (q.drill && *q.drill) return out;  // drills are kept apart (list_drills)
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto all, hotline::escalations(db, q.state == "all" ? "" : q.state));
    for (const auto& e : all) {
      LIAISON_ASSIGN_OR_RETURN(json::object r, render_escalation(db, node, actor, e));
      out.push_back(json::serialize(r));
    }
    return Status::ok();
  }));
  return out;
}

Result<std::string> get_escalation(Node& node, const Actor& actor, const std::string& id) {
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation e, load_escalation(db, id));
    LIAISON_ASSIGN_OR_RETURN(json::object r, render_escalation(db, node, actor, e));
    out = json::serialize(r);
    return Status::ok();
  }));
  return out;
}

Result<std::string> open_escalation(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kHotlineWriters, actor, "open escalations"));
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(only_keys(*o, {"request_id", "counterpart", "tier", "reason", "ladder"}));
  for (const char* k : {"request_id", "counterpart", "reason", "ladder"}) {
    if (auto* v = o->if_contains(k); v && !v->is_string()) {
      return field_wrong_type(k, "string");
    }
  }
  std::string request_id = str_of(*o, "request_id"), counterpart = str_of(*o, "counterpart");
  std::string id = new_uuid(), out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    std::string priority = "P0";
    if (!request_id.empty()) {
      LIAISON_ASSIGN_OR_RETURN(auto req, hotline::find_request(db, request_id));
      if (!req || req->is_draft()) {
        return no_such("submitted request", request_id, "request_id");
      }
      if (!req->has_party(node.party())) {
        return permission_denied("this party is not a party to the request");
      }
      const std::string other = req->other_party(node.party());
      if (!counterpart.empty() && counterpart != other) {
        return invalid_argument("the counterpart must be the request's other party", "counterpart")
            .with_reason(Reason::kNotAPeer, {{"party", counterpart}});
      }
      counterpart = other;
      priority = model::to_string(req->content.priority);
    }
    LIAISON_ASSIGN_OR_RETURN(auto others, other_parties(db));
    if (std::find(others.begin(), others.end(), counterpart) == others.end()) {
      return invalid_argument("counterpart must be a registered peer party", "counterpart")
          .with_reason(Reason::kNotAPeer, {{"party", counterpart}});
    }
    LIAISON_ASSIGN_OR_RETURN(DeadlinePolicy policy, policy_of(db, node.party()));
    const hotline::Ladder* ladder = policy.ladder_for(priority);
    if (std::string name = str_of(*o, "ladder"); !name.empty()) {
      ladder = nullptr;
      for (const auto& l : policy.ladders) {
        if (l.name == name) ladder = &l;
      }
      if (!ladder)
        return invalid_argument("no ladder named '" + name + "'", "ladder")
            .with_reason(Reason::kNoSuch, {{"what", std::string("ladder")}, {"id", name}});
    }
    if (!ladder) return failed_precondition("the policy has no escalation ladder", "ladder");
    json::object payload{{"counterpart", counterpart},
                         {"request_id", request_id},
                         {"trigger", "manual"},
                         {"reason", str_of(*o, "reason")},
                         {"tier", o->contains("tier") ? o->at("tier") : json::value(1)},
                         {"ladder", hotline::to_json(*ladder)},
                         {"opened_by", actor.username}};
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, hotline::kEscalationOpen, id, payload, {counterpart}));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "escalation.open", "escalation/" + id));
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation e, load_escalation(db, id));
    LIAISON_ASSIGN_OR_RETURN(json::object r, render_escalation(db, node, actor, e));
    out = json::serialize(r);
    return Status::ok();
  }));
  return out;
}

Result<std::string> acknowledge_escalation(Node& node, const Actor& actor, const std::string& id) {
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation e, load_escalation(db, id));
    if (e.state != "open") {
      return wrong_state("the escalation is already " + e.state, e.state);
    }
    LIAISON_ASSIGN_OR_RETURN(json::object r, render_escalation(db, node, actor, e));
    if (!flag_of(r, "can_acknowledge")) {
      return permission_denied("only the people paged or on call (or a supervisor) acknowledge");
    }
    LIAISON_RETURN_IF_ERROR(append_record(node, db, hotline::kEscalationAck, id,
                                          json::object{{"user", actor.username}},
                                          {e.other_side(node.party())}));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "escalation.ack", "escalation/" + id));
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation now, load_escalation(db, id));
    LIAISON_ASSIGN_OR_RETURN(r, render_escalation(db, node, actor, now));
    out = json::serialize(r);
    return Status::ok();
  }));
  return out;
}

Result<std::string> resolve_escalation(Node& node, const Actor& actor, const std::string& id,
                                       const json::value& body) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(only_keys(*o, {"resolution"}));
  if (auto* v = o->if_contains("resolution"); !v || !v->is_string() || v->get_string().empty()) {
    return field_required("resolution");
  }
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation e, load_escalation(db, id));
    LIAISON_ASSIGN_OR_RETURN(json::object r, render_escalation(db, node, actor, e));
    if (e.resolved()) return failed_precondition("already resolved", "state");
    if (!flag_of(r, "can_resolve")) return permission_denied("you may not resolve this escalation");
    LIAISON_RETURN_IF_ERROR(append_record(
        node, db, hotline::kEscalationResolve, id,
        json::object{
            {"user", actor.username}, {"resolution", str_of(*o, "resolution")}, {"auto", false}},
        {e.other_side(node.party())}));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "escalation.resolve", "escalation/" + id));
    LIAISON_ASSIGN_OR_RETURN(hotline::Escalation now, load_escalation(db, id));
    LIAISON_ASSIGN_OR_RETURN(r, render_escalation(db, node, actor, now));
    out = json::serialize(r);
    return Status::ok();
  }));
  return out;
}

// ---- incoming emergencies --------------------------------------------------------------

Result<std::string> list_emergencies(Node& node) {
  json::array items, written;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(DeadlinePolicy mine, policy_of(db, node.party()));
    LIAISON_ASSIGN_OR_RETURN(auto reqs, hotline::submitted_requests_to(db, node.party()));
    PolicyCache policies;
    for (const auto& req : reqs) {
      const std::string& id = req.id;
      const std::string type = model::to_string(req.content.type);
      const std::string priority = model::to_string(req.content.priority);
      if (mine.arrival_tiers(type, priority).empty()) continue;
      LIAISON_ASSIGN_OR_RETURN(auto paged, hotline::marked_at(db, "arrival:" + id));
      LIAISON_ASSIGN_OR_RETURN(auto users, hotline::arrival_paged_users(db, id));
      json::array paged_users;
      for (auto& u : users) paged_users.emplace_back(u);
      LIAISON_ASSIGN_OR_RETURN(json::value deadline, deadline_summary_in(db, node, req, policies));
      json::object item{{"id", id},
                        {"type", type},
                        {"priority", priority},
                        {"requesting_party", req.content.requesting_party},
                        {"submitted_at", req.submitted_at},
                        {"paged_at", paged.value_or(std::string())},
                        {"paged_users", std::move(paged_users)},
                        {"deadline", std::move(deadline)}};
      item["title"] = model::to_json(req.content.title);
      items.push_back(std::move(item));
    }
    // Our own telephoned requests still owed their written confirmation: the reminder.
    LIAISON_ASSIGN_OR_RETURN(auto owed, hotline::owed_confirmations(db, node.party()));
    for (const auto& req : owed) {
      LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_of(db, node, req, policies));
      json::object item{{"id", req.id},
                        {"type", model::to_string(req.content.type)},
                        {"priority", model::to_string(req.content.priority)},
                        {"requested_party", req.content.requested_party},
                        {"called_at", req.oral ? req.oral->called_at : std::string()},
                        {"due_at", ""},
                        {"state", ""}};
      item["title"] = model::to_json(req.content.title);
      for (const auto& c : d.clocks) {
        if (c.clock != "written_confirmation") continue;
        item["due_at"] = c.due_at ? format_rfc3339(*c.due_at) : "";
        item["state"] = c.state;
      }
      written.push_back(std::move(item));
    }
    return Status::ok();
  }));
  json::object out = http::list_envelope(std::move(items));
  out["written_confirmations"] = std::move(written);
  return json::serialize(out);
}

// ---- the hotline log ------------------------------------------------------------------

Result<std::vector<hotline::HotlineContact>> list_hotline_contacts(Node& node) {
  std::vector<hotline::HotlineContact> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, hotline::hotline_contacts(db));
    return Status::ok();
  }));
  return out;
}

Result<std::string> log_hotline_contact(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kHotlineWriters, actor, "log hotline contacts"));
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(
      only_keys(*o, {"tier", "caller", "callee", "channel", "started_at", "answered_at", "ended_at",
                     "request_ids", "summary", "action_items", "escalation_id", "drill"}));
  json::object payload = *o;
  payload["logged_by"] = actor.username;
  std::string id = new_uuid(), out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto others, other_parties(db));
    std::vector<std::string> to;
    for (const char* k : {"caller", "callee"}) {
      auto* v = o->if_contains(k);
      std::string party = v && v->is_object() ? str_of(v->get_object(), "party") : "";
      if (party == node.party() || party.empty()) continue;
      if (std::find(others.begin(), others.end(), party) == others.end()) {
        return invalid_argument("unknown party '" + party + "'", std::string(k) + ".party")
            .with_reason(Reason::kUnknownPeer, {{"party", party}});
      }
      if (std::find(to.begin(), to.end(), party) == to.end()) to.push_back(party);
    }
    LIAISON_RETURN_IF_ERROR(append_record(node, db, hotline::kHotlineContact, id, payload, to));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "hotline.contact", "hotline/" + id));
    LIAISON_ASSIGN_OR_RETURN(auto contact, hotline::hotline_contact(db, id));
    if (!contact) return internal_error("hotline contact " + id + " was not recorded");
    out = json::serialize(hotline::to_doc(*contact));
    return Status::ok();
  }));
  return out;
}

// ---- drills ---------------------------------------------------------------------------

namespace {

// Whether `actor` may acknowledge this party's page (`user` was paged) while it is pending.
bool may_acknowledge(const Actor& actor, const std::string& user) {
  return is_writer(actor.role) && (user == actor.username || actor.role == Role::kAdministrator ||
                                   actor.role == Role::kSupervisor);
}

// A tested party's tier: who was paged and acknowledged when, and whether within the time.
json::object drill_result(Node& node, const Actor& actor, const hotline::Drill& d,
                          const std::string& party, int64_t tier, TimePoint now,
                          json::array& can_ack) {
  const auto within = std::chrono::seconds(d.ack_within_seconds);
  const std::string key = hotline::Drill::key(party, tier);
  json::object r{{"party", party},           {"tier", tier},          {"paged_user", ""},
                 {"paged_at", ""},           {"acknowledged_at", ""}, {"acknowledged_by", ""},
                 {"seconds_to_ack", nullptr}};
  std::string result = "pending";
  auto page = d.pages.find(key);
  auto ack = d.acks.find(key);
  const bool paged = page != d.pages.end(), acked = ack != d.acks.end();
  if (paged) {
    r["paged_user"] = page->second.user;
    r["paged_at"] = page->second.at;
  }
  if (paged && acked) {
    r["acknowledged_at"] = ack->second.at;
    r["acknowledged_by"] = ack->second.user;
    auto a = parse_rfc3339(page->second.at);
    auto b = parse_rfc3339(ack->second.at);
    int64_t secs = a && b ? std::chrono::duration_cast<std::chrono::seconds>(*b - *a).count() : 0;
    r["seconds_to_ack"] = secs;
    result = secs <= d.ack_within_seconds ? "pass" : "fail";
  } else if (paged) {
    auto a = parse_rfc3339(page->second.at);
    if (a && now > *a + within) result = "fail";
    if (party == node.party() && result == "pending" && may_acknowledge(actor, page->second.user)) {
      can_ack.emplace_back(tier);
    }
  } else if (now > parse_rfc3339(d.scheduled_for).value_or(now) + within) {
    result = "fail";  // nobody on call could be paged
  }
  r["result"] = result;
  return r;
}

// The drill as the API shows it: its document with each tested party's tier's result and the
// tiers `actor` may acknowledge.
json::object render_drill(Node& node, const Actor& actor, const hotline::Drill& d) {
  TimePoint now = node.clock().now();
  json::object out = hotline::to_doc(d);
  json::array results, can_ack;
  for (const auto& party : d.parties) {
    for (const int64_t tier : d.tiers) {
      results.push_back(drill_result(node, actor, d, party, tier, now, can_ack));
    }
  }
  out["results"] = std::move(results);
  out["can_acknowledge"] = std::move(can_ack);
  out["drill"] = true;
  return out;
}

}  // namespace

Result<std::vector<std::string>> list_drills(Node& node, const Actor& actor) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto all, hotline::drills(db, true));
    for (const auto& d : all) out.push_back(json::serialize(render_drill(node, actor, d)));
    return Status::ok();
  }));
  return out;
}

Result<std::string> start_drill(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kHotlineAdministrators, actor, "start drills"));
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(only_keys(*o, {"tiers", "ack_within_seconds", "scheduled_for"}));
  json::object payload = *o;
  // Only an absent or empty time means "now": anything else is checked by the record's schema
  // (an object given here used to be replaced by now, silently).
  if (auto* v = payload.if_contains("scheduled_for");
      !v || (v->is_string() && v->get_string().empty())) {
    payload["scheduled_for"] = node.now();
  }
  payload["started_by"] = actor.username;
  std::string id = new_uuid(), out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto peers, other_parties(db));
    LIAISON_RETURN_IF_ERROR(append_record(node, db, hotline::kDrillStart, id, payload, peers));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "drill.start", "drill/" + id));
    LIAISON_ASSIGN_OR_RETURN(auto drill, hotline::drill(db, id));
    if (!drill) return internal_error("drill " + id + " was not recorded");
    out = json::serialize(render_drill(node, actor, *drill));
    return Status::ok();
  }));
  return out;
}

Result<std::string> acknowledge_drill(Node& node, const Actor& actor, const std::string& id,
                                      const json::value& body) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, body_object(body));
  LIAISON_RETURN_IF_ERROR(only_keys(*o, {"tier"}));
  auto* tier = o->if_contains("tier");
  if (!tier || !tier->is_int64())
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto drill, hotline::drill(db, id));
    if (!drill || drill->stub) return no_such("drill", id);
    json::object r = render_drill(node, actor, *drill);
    bool allowed = false;
    for (const auto& t : list_of(r, "can_acknowledge")) allowed = allowed || t == *tier;
    if (!allowed) {
      // Say which condition failed: an administrator or supervisor facing a tier nobody was
      // paged for (no one on call, or not yet) is not refused for their role.
      const std::string key = hotline::Drill::key(node.party(), tier->get_int64());
      if (!drill->pages.count(key)) {
        return failed_precondition("nobody of " + node.party() + " was paged for tier " +
                                       std::to_string(tier->get_int64()) + " in this drill",
                                   "tier")
            .with_reason(Reason::kNobodyPaged, {{"tier", tier->get_int64()}});
      }
      if (drill->acks.count(key)) {
        return failed_precondition("this tier was acknowledged already", "tier");
      }
      return permission_denied(
          "only the person paged for this tier, a supervisor or an "
          "administrator acknowledges, within the drill's time");
    }
    std::vector<std::string> recipients;
    for (const auto& p : drill->parties) {
      if (p != node.party()) recipients.push_back(p);
    }
    std::string oid = id + ":" + node.party() + ":" + std::to_string(tier->get_int64());
    LIAISON_RETURN_IF_ERROR(append_record(
        node, db, hotline::kDrillAck, oid,
        json::object{{"drill_id", id}, {"tier", *tier}, {"user", actor.username}}, recipients));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "drill.ack", "drill/" + id));
    LIAISON_ASSIGN_OR_RETURN(auto now, hotline::drill(db, id));
    if (!now) return internal_error("drill " + id + " is gone");
    out = json::serialize(render_drill(node, actor, *now));
    return Status::ok();
  }));
  return out;
}

// ---- usage review ---------------------------------------------------------------------

namespace {

json::value stats(std::vector<int64_t> v) {
  if (v.empty())
    return json::object{{"count", 0}, {"mean", nullptr}, {"median", nullptr}, {"p90", nullptr}};
  std::sort(v.begin(), v.end());
  int64_t sum = 0;
  for (auto x : v) sum += x;
  // Nearest-rank percentiles, so both parties get the same integers.
  auto rank = [&](int pct) {
    size_t k = (v.size() * static_cast<size_t>(pct) + 99) / 100;
    return v[std::max<size_t>(k, 1) - 1];
  };
  return json::object{{"count", v.size()},
                      {"mean", sum / static_cast<int64_t>(v.size())},
                      {"median", rank(50)},
                      {"p90", rank(90)}};
}

}  // namespace

Result<std::string> hotline_review(Node& node, const std::string& from, const std::string& to) {
  if (!from.empty() && !parse_rfc3339(from))
    return invalid_argument("from must be RFC 3339", "from").with_reason(Reason::kInvalidTime);
  if (!to.empty() && !parse_rfc3339(to))
    return invalid_argument("to must be RFC 3339", "to").with_reason(Reason::kInvalidTime);
  json::object out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    // Times are canonical RFC 3339 UTC strings, so text order is time order.
    auto in_range = [&](const std::string& t) {
      return (from.empty() || t >= format_rfc3339(*parse_rfc3339(from))) &&
             (to.empty() || t < format_rfc3339(*parse_rfc3339(to)));
    };
    LIAISON_ASSIGN_OR_RETURN(auto all, hotline::escalations_by_opening(db));
    std::map<std::string, int64_t> by_tier{{"1", 0}, {"2", 0}, {"3", 0}}, by_party, by_trigger,
        by_outcome{{"open", 0}, {"acknowledged", 0}, {"resolved", 0}};
    std::map<std::string, std::vector<int64_t>> ack_secs{{"1", {}}, {"2", {}}, {"3", {}}};
    int64_t total = 0, resolved = 0, resolved_t1 = 0;
    for (const auto& e : all) {
      if (!in_range(e.opened_at)) continue;
      ++total;
      ++by_tier[std::to_string(e.tier)];
      ++by_party[e.owner];
      ++by_trigger[e.trigger];
      ++by_outcome[e.state];
      if (e.resolved()) {
        ++resolved;
        if (e.tier == 1) ++resolved_t1;
      }
      auto opened = parse_rfc3339(e.opened_at);
      auto acked = parse_rfc3339(e.acknowledged_at);
      if (opened && acked) {
        // The tier the escalation had reached when it was acknowledged.
        int64_t at_tier = e.start_tier;
        for (const auto& s : e.steps) {
          if (s.fired_at <= e.acknowledged_at) at_tier = s.tier;
        }
        ack_secs[std::to_string(at_tier)].push_back(
            std::chrono::duration_cast<std::chrono::seconds>(*acked - *opened).count());
      }
    }
    auto to_obj = [](const std::map<std::string, int64_t>& m) {
      json::object o;
      for (const auto& [k, v] : m) o[k] = v;
      return o;
    };
    json::object ack_obj;
    for (const auto& [k, v] : ack_secs) ack_obj[k] = stats(v);
    LIAISON_ASSIGN_OR_RETURN(auto contacts, hotline::all_hotline_contacts(db));
    std::map<std::string, int64_t> contacts_by_tier{{"1", 0}, {"2", 0}, {"3", 0}};
    int64_t drill_contacts = 0;
    for (const auto& c : contacts) {
      if (!in_range(c.started_at)) continue;
      if (c.drill) {
        ++drill_contacts;
        continue;
      }
      ++contacts_by_tier[std::to_string(c.tier)];
    }
    LIAISON_ASSIGN_OR_RETURN(auto drills, hotline::drills(db, false));
    int64_t dtotal = 0, pass = 0, fail = 0;
    Actor nobody;
    for (const auto& d : drills) {
      if (!in_range(d.scheduled_for)) continue;
      ++dtotal;
      json::object r = render_drill(node, nobody, d);
      for (const auto& x : list_of(r, "results")) {
        const json::object* result = x.if_object();
        if (!result) continue;
        pass += str_of(*result, "result") == "pass";
        fail += str_of(*result, "result") == "fail";
      }
    }
    out = json::object{{"from", from},
                       {"to", to},
                       {"total", total},
                       {"by_tier", to_obj(by_tier)},
                       {"by_party", to_obj(by_party)},
                       {"by_trigger", to_obj(by_trigger)},
                       {"by_outcome", to_obj(by_outcome)},
                       {"ack_seconds_by_tier", std::move(ack_obj)},
                       {"resolved_at_tier1_share",
                        resolved ? json::value(static_cast<double>(resolved_t1) / resolved)
                                 : json::value(nullptr)},
                       {"contacts_by_tier", to_obj(contacts_by_tier)},
                       {"drill_contacts", drill_contacts},
                       {"drills", json::object{{"total", dtotal}, {"pass", pass}, {"fail", fail}}}};
    return Status::ok();
  }));
  return json::serialize(out);
}

namespace {

// A notification with its attempts, as GET /notifications shows it; without the address
// (`with_address` false) for those who may see that a page failed but not where it went.
json::object notification_json(const hotline::NotificationRow& n, bool with_address) {
  json::array attempts;
  for (const auto& t : n.tries) {
    attempts.push_back(json::object{{"at", t.at}, {"ok", t.ok}, {"error", t.error}});
  }
  return json::object{{"key", n.key},
                      {"subject_id", n.subject_id},
                      {"username", n.username},
                      {"channel", n.channel},
                      {"address", with_address ? n.address : std::string()},
                      {"subject", n.subject},
                      {"status", n.status},
                      {"attempts", n.attempts},
                      {"last_error", n.last_error},
                      {"created_at", n.created_at},
                      {"sent_at", n.sent_at},
                      {"log", std::move(attempts)}};
}

}  // namespace

Result<std::vector<std::string>> list_notifications(Node& node, const std::string& subject_id) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto rows, hotline::notification_rows(db, subject_id));
    for (const auto& n : rows) out.push_back(json::serialize(notification_json(n, true)));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<std::string>> list_escalation_pages(Node& node, const Actor& actor,
                                                       const std::string& escalation_id) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto esc, hotline::escalation(db, escalation_id));
    if (!esc) return no_such("escalation", escalation_id);
    LIAISON_ASSIGN_OR_RETURN(auto rows, hotline::notification_rows(db, escalation_id));
    bool paged = false;
    for (const auto& n : rows) paged = paged || n.username == actor.username;
    if (!kEscalationPageReaders.allows(actor.role) && !paged) {
      return permission_denied(
          "only the people paged for this escalation, supervisors, "
          "principals, administrators and auditors see its pages");
    }
    for (const auto& n : rows) out.push_back(json::serialize(notification_json(n, false)));
    return Status::ok();
  }));
  return out;
}

}  // namespace liaison::node
