// The hotline's operations (brief §3.2, docs/HOTLINE.md): deadline policies, deadlines of a
// request, on-call rosters, escalations, the hotline log, drills and the usage review. Each
// write checks its input, appends one ledger record and an audit entry in one transaction
// and returns the new projection; reads come from the projections. Thread-safe through the
// node's pool. The background part (firing ladders, paging, delivery) is hotline_engine.h.
#pragma once

#include <boost/json/fwd.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "hotline/contact.h"
#include "hotline/deadline_policy.h"
#include "node/node.h"

namespace liaison::model {
struct StoredRequest;
}

namespace liaison::store {
class Db;
}

namespace liaison::node {

// Who may act on the hotline (routes and service alike): administrators set policies,
// rosters, others' channels and drills; writers open, acknowledge and resolve escalations,
// keep the hotline log and acknowledge drills; administrators and auditors read deliveries.
inline constexpr RoleSet kHotlineAdministrators{Role::kAdministrator};
inline constexpr RoleSet kHotlineWriters{Role::kAdministrator, Role::kSupervisor,
                                         Role::kLiaisonOfficer, Role::kPrincipal};
inline constexpr RoleSet kNotificationReaders{Role::kAdministrator, Role::kAuditor};

// ---- policies and deadlines -----------------------------------------------------------
// The party's published policy, or the shipped defaults for it.
Result<hotline::DeadlinePolicy> policy_of(store::Db& db, const std::string& party);
Result<std::string> get_policy(Node& node, const std::string& party);
Result<std::string> put_policy(Node& node, const Actor& actor, const boost::json::value& body);

// Each party's deadline policy, loaded from the store once per cache: for a page of the
// register or one pass of the engine over many requests. Not thread-safe; short-lived.
class PolicyCache {
 public:
  // With `version`, also which policy it is (the party and its published version, or the
  // defaults of its time zone): one version, one policy.
  Result<const hotline::DeadlinePolicy*> get(store::Db& db, const std::string& party,
                                             std::string* version = nullptr);

 private:
  struct Loaded {
    std::shared_ptr<const hotline::DeadlinePolicy> policy;
    std::string version;
  };
  // Parsed once per published version for the whole process (see hotline.cc).
  std::map<std::string, Loaded> policies_;
};
// The inputs of a request's clocks read from its document and the store (the requested
// party's signed receipt): all but the policy and the time. The register keeps them per row
// while neither the request nor the receipts change (requests/views.cc).
struct ClockInputs {
  std::string requested_party;  // whose policy applies
  hotline::RequestFacts facts;  // preserved_until: only when the request states it
};
Result<ClockInputs> clock_inputs_in(store::Db& db, const model::StoredRequest& request);
// The part of the clocks from `in` under `policy` that does not depend on the time.
Result<hotline::DeadlinePlan> deadline_plan(const ClockInputs& in,
                                            const hotline::DeadlinePolicy& policy);
// The clocks from `in` under `policy` at `now` (no store: cheap).
Result<hotline::Deadlines> deadlines_from(const ClockInputs& in,
                                          const hotline::DeadlinePolicy& policy, TimePoint now);
// The most urgent running clock of `d`, as the register shows it (`deadline`), or null.
boost::json::value deadline_summary(const hotline::Deadlines& d);
// The deadlines of a parsed request, computed now, inside a read or transaction the caller
// holds: the clocks, as the engine needs them; every clock as GET /requests/{id} shows it
// (`deadlines`); the register's most urgent running clock (`deadline`, null when none).
Result<hotline::Deadlines> deadlines_of(store::Db& db, Node& node,
                                        const model::StoredRequest& request, PolicyCache& policies);
Result<boost::json::value> request_deadlines_in(store::Db& db, Node& node,
                                                const model::StoredRequest& request,
                                                PolicyCache& policies);
Result<boost::json::value> deadline_summary_in(store::Db& db, Node& node,
                                               const model::StoredRequest& request,
                                               PolicyCache& policies);

// ---- rosters ------------------------------------------------------------------------
Result<std::vector<std::string>> list_rosters(Node& node);
Result<std::string> put_roster(Node& node, const Actor& actor, const std::string& id,
                               const boost::json::value& body);
// Who is on call at `at` for every tier of every party.
Result<std::string> on_call_now(Node& node, TimePoint at);
// The users of `party` to page for tier `tier` (0: any tier) at `at`: the on-call person of
// each schedule, or of the one schedule `schedule_id` when given.
Result<std::vector<std::string>> on_call_users(store::Db& db, const std::string& party, int tier,
                                               TimePoint at, const std::string& schedule_id = "");

// How this node reaches its own people: e-mail and webhook per user.
Result<std::vector<std::string>> list_channels(Node& node);
// The caller's own e-mail and webhook ({username, email, webhook_url}; empty when not set).
Result<std::string> my_channels(Node& node, const Actor& actor);
Result<std::string> put_channels(Node& node, const Actor& actor, const std::string& username,
                                 const boost::json::value& body);

// ---- escalations ----------------------------------------------------------------------
struct EscalationQuery {
  std::string state = "open";  // open | acknowledged | resolved | active | all
  std::optional<bool> drill;
};
Result<std::vector<std::string>> list_escalations(Node& node, const Actor& actor,
                                                  const EscalationQuery& q);
Result<std::string> get_escalation(Node& node, const Actor& actor, const std::string& id);
Result<std::string> open_escalation(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> acknowledge_escalation(Node& node, const Actor& actor, const std::string& id);
Result<std::string> resolve_escalation(Node& node, const Actor& actor, const std::string& id,
                                       const boost::json::value& body);

// ---- incoming emergencies ---------------------------------------------------------------
// Requests addressed to this party that its on_arrival rules page for (P0, emergency types)
// and that nobody has acknowledged yet, oldest first: what the console's banner shows
// (`{"items": [{id, type, priority, title, requesting_party, submitted_at, paged_at,
// paged_users, deadline}], "total"}`; paged_at set and paged_users empty: nobody was on call).
// Also `written_confirmations`: this party's own telephoned requests still owed their written
// confirmation ([{id, type, priority, title, requested_party, called_at, due_at, state}]),
// the reminder on the requester's side. The request's own acknowledge event takes it off the list.
Result<std::string> list_emergencies(Node& node);

// ---- the hotline log, drills, the review, deliveries ------------------------------------
Result<std::vector<hotline::HotlineContact>> list_hotline_contacts(Node& node);  // newest 500
Result<std::string> log_hotline_contact(Node& node, const Actor& actor,
                                        const boost::json::value& body);
Result<std::vector<std::string>> list_drills(Node& node, const Actor& actor);
Result<std::string> start_drill(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> acknowledge_drill(Node& node, const Actor& actor, const std::string& id,
                                      const boost::json::value& body);
// Usage review over [from, to) (RFC 3339; empty = unbounded).
Result<std::string> hotline_review(Node& node, const std::string& from, const std::string& to);
Result<std::vector<std::string>> list_notifications(Node& node, const std::string& subject_id);
// The pages of one escalation (each person and channel: delivered, retrying, failed, with the
// attempts), as list_notifications without the addresses, for the people who need to see
// whether anyone was reached: administrators and auditors, supervisors and principals, and
// whoever was paged for it. Anyone else gets permission_denied; an unknown escalation
// not_found naming `id`.
inline constexpr RoleSet kEscalationPageReaders{Role::kAdministrator, Role::kAuditor,
                                                Role::kSupervisor, Role::kPrincipal};
Result<std::vector<std::string>> list_escalation_pages(Node& node, const Actor& actor,
                                                       const std::string& escalation_id);

}  // namespace liaison::node
