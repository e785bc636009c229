#include "hotline/engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "hotline/case_feed.h"
#include "hotline/clock_feed.h"
#include "hotline/directory_feed.h"
#include "hotline/escalation_ladder.h"
#include "hotline/kinds.h"
#include "hotline/reach.h"
#include "hotline/repository.h"
#include "hotline/service.h"
#include "model/request.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "node/users.h"
#include "store/db.h"
#include "store/peers.h"

namespace liaison::node {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

struct PendingRecord {
  const char* kind;
  std::string id;
  json::object payload;
  std::vector<std::string> recipients;
};
using Decide = std::function<Result<std::vector<PendingRecord>>(store::Db&)>;

// Decides on a reader first and takes the writer only when there is something to write, so
// an idle tick neither waits for the writer nor commits. The decision is made again under
// the writer, so two passes never write the same record.
Status decide_then_write(Node& node, const Decide& decide) {
  std::vector<PendingRecord> planned;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(planned, decide(db));
    return Status::ok();
  }));
  if (planned.empty()) return Status::ok();
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto again, decide(db));
    for (auto& r : again) {
      LIAISON_RETURN_IF_ERROR(
          append_record(node, db, r.kind, r.id, r.payload, std::move(r.recipients)));
      spdlog::info("hotline: {} {}", r.kind, r.id);
    }
    return Status::ok();
  });
}

const char* tier_name(int64_t tier) {
  return tier == 1 ? "working level" : tier == 2 ? "department heads" : "ministerial";
}

// Queues one notification per channel of `user` (INSERT OR IGNORE: a key is paged once).
Status queue_for_user(store::Db& db, const std::string& key_prefix, const std::string& subject_id,
                      const std::string& user, const std::string& subject, const std::string& text,
                      const json::object& hook_body, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(auto channels, hotline::channel_of(db, user));
  if (!channels) {
    spdlog::warn("hotline: {} has no notification channel; {} not delivered", user, key_prefix);
    return Status::ok();
  }
  if (!channels->email.empty()) {
    LIAISON_RETURN_IF_ERROR(
        hotline::queue_notification(db, {key_prefix + ":" + user + ":email", subject_id, user,
                                         "email", channels->email, subject, text, now}));
  }
  if (!channels->webhook_url.empty()) {
    json::object body = hook_body;
    body["user"] = user;
    LIAISON_RETURN_IF_ERROR(hotline::queue_notification(
        db, {key_prefix + ":" + user + ":webhook", subject_id, user, "webhook",
             channels->webhook_url, subject, json::serialize(body), now}));
  }
  return Status::ok();
}

// One bad item (say, a peer's odd escalation) must not hold up every other one.
void keep_going(const std::string& what, const Status& st) {
  if (!st.is_ok()) spdlog::warn("hotline: {}: {}", what, st.to_string());
}

Status mark_paged(store::Db& db, const std::string& key, const std::string& now) {
  return hotline::mark(db, key, now);
}

// Why an automatic escalation of a request is no longer needed ("" while it still is): the
// request ended, was acknowledged (ack_missed), or met the missed clock (deadline_breached).
Result<std::string> request_cleared(store::Db& db, Node& node, const hotline::Escalation& esc,
                                    PolicyCache& policies) {
  LIAISON_ASSIGN_OR_RETURN(auto found, hotline::find_request(db, esc.request_id));
  if (!found) return std::string();
  const model::StoredRequest& req = *found;
  if (model::is_final(req.state())) {
    return std::string("the request is ") + model::to_string(req.state());
  }
  if (esc.trigger == "ack_missed" && !req.acknowledged_at.empty()) {
    return std::string("the request was acknowledged");
  }
  if (esc.trigger == "deadline_breached") {
    LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_of(db, node, req, policies));
    for (const auto& c : d.clocks) {
      if (c.clock == esc.clock && (c.state == "met" || c.state == "met_late")) {
        return "deadline '" + c.clock + "' met";
      }
    }
  }
  return std::string();
}

}  // namespace

Result<HotlineEngineOptions> engine_options(Node& node) {
  HotlineEngineOptions o;
  const auto& c = node.config();
  o.smtp.url = c.smtp_url;
  o.smtp.from = c.smtp_from;
  o.smtp.username = c.smtp_username;
  o.smtp.password = c.smtp_password;
  o.smtp.insecure_tls = c.notify_insecure_tls;
  o.tick = milliseconds(c.hotline_tick_ms);
  LIAISON_ASSIGN_OR_RETURN(o.webhook_secret, node_secret(node, "keys/webhook.secret"));
  return o;
}

HotlineEngine::HotlineEngine(Node& node, HotlineEngineOptions opts)
    : node_(node), opts_(std::move(opts)) {}

HotlineEngine::~HotlineEngine() { stop(); }

void HotlineEngine::start() {
  thread_.start([this] {
    if (Status st = tick(); !st.is_ok()) spdlog::warn("hotline: {}", st.message());
    return WakeableThread::Clock::now() + opts_.tick;
  });
}

void HotlineEngine::stop() { thread_.stop(); }

void HotlineEngine::wake() { thread_.wake(); }

bool HotlineEngine::already_paged(const std::string& key) {
  bool paged = false;
  Status st = node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(paged, hotline::is_marked(db, key));
    return Status::ok();
  });
  return st.is_ok() && paged;  // when in doubt, the writer checks again
}

Status HotlineEngine::tick() {
  // Each phase commits on its own: a failure in one (say, a peer's odd record) must not stop
  // the ladders of every other escalation.
  Status first;
  for (Status st :
       {page_arrivals(), remind_written_confirmations(), open_automatic_escalations(),
        open_watched_escalations(), advance_ladders(), page_steps(), page_drills(),
        remind_stale_contacts(), alert_refused_records(), anchor_audit_log(), deliver()}) {
    if (!st.is_ok() && first.is_ok()) first = st;
  }
  return first;
}

// An emergency request that arrives pages this party's on-call people at once (the
// on_arrival rules of its own policy: by default tier 1 for P0 requests and for emergency
// disclosure and critical-infrastructure incidents), once per request: the key
// `arrival:REQUEST` is marked in the same transaction as the notifications. A request
// acknowledged before the engine saw it pages nobody.
Status HotlineEngine::page_arrivals() {
  std::vector<std::string> ids;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(ids, hotline::unpaged_arrivals(db, node_.party()));
    return Status::ok();
  }));
  const std::string me = node_.party();
  for (const auto& id : ids) {
    const std::string key = "arrival:" + id;
    keep_going(key, node_.pool().write([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(bool done, hotline::is_marked(db, key));
      if (done) return Status::ok();
      const std::string now = node_.now();
      LIAISON_ASSIGN_OR_RETURN(auto found, hotline::find_request(db, id));
      if (!found || found->state() != model::State::kSubmitted) return mark_paged(db, key, now);
      const model::StoredRequest& req = *found;
      LIAISON_ASSIGN_OR_RETURN(hotline::DeadlinePolicy mine, policy_of(db, me));
      const std::string type = model::to_string(req.content.type);
      const std::string priority = model::to_string(req.content.priority);
      const std::vector<int> tiers = mine.arrival_tiers(type, priority);
      if (tiers.empty()) return mark_paged(db, key, now);
      const std::string& title = req.content.title.original;
      const std::string& from = req.content.requesting_party;
      const std::string subject =
          "[liaison] EMERGENCY " + priority + " " + type + " request from " + from + ": " + title;
      std::string idents;
      for (const model::Identifier& i : req.content.identifiers) {
        idents += "  - " + std::string(model::to_string(i.kind)) + " " + i.value + "\n";
      }
      const std::string text =
          "An emergency request for assistance has arrived from " + from + " and nobody has " +
          "acknowledged it yet.\n\nRequest: " + id + "\nType: " + type + "\nPriority: " + priority +
          "\nTitle: " + title + "\nSubmitted: " + req.submitted_at +
          (idents.empty() ? "" : "\nIdentifiers:\n" + idents) +
          "\n\nAcknowledge it in the console: " + node_.config().url + "/requests/" + id + "\n";
      for (int tier : tiers) {
        LIAISON_ASSIGN_OR_RETURN(auto users, on_call_users(db, me, tier, node_.clock().now()));
        if (users.empty())
          spdlog::warn("hotline: nobody of {} on call at tier {} for {}", me, tier, key);
        json::object hook{{"event", "request.arrived"},
                          {"request_id", id},
                          {"type", type},
                          {"priority", priority},
                          {"requesting_party", from},
                          {"requested_party", me},
                          {"title", title},
                          {"submitted_at", req.submitted_at},
                          {"tier", tier},
                          {"drill", false}};
        for (const auto& u : users) {
          LIAISON_RETURN_IF_ERROR(queue_for_user(db, key + ":" + std::to_string(tier), id, u,
                                                 subject, text, hook, now));
        }
        LIAISON_RETURN_IF_ERROR(hotline::note_arrival_page(db, req, tier, users, now));
      }
      spdlog::info("hotline: {} {} request {} arrived from {}: paging tier(s) of {}", priority,
                   type, id, from, me);
      return mark_paged(db, key, now);
    }));
  }
  return Status::ok();
}

// Oral first, written later: the requester's on-call people of tier 1 are told when the
// requested party has logged their telephoned request (`logged`), again when the written
// confirmation falls due soon (`soon`, the clock's warning time) and when it is missed
// (`overdue`); each once, keyed `written:REQUEST:STAGE`. A later stage marks the earlier
// ones, so a node that was down does not send stale reminders.
Status HotlineEngine::remind_written_confirmations() {
  std::vector<std::string> ids;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(ids, hotline::owed_confirmations_to_remind(db, node_.party()));
    return Status::ok();
  }));
  static constexpr const char* kStages[] = {"logged", "soon", "overdue"};
  const std::string me = node_.party();
  PolicyCache policies;
  struct Due {
    model::StoredRequest req;
    hotline::ClockStatus clock;
    size_t stage = 0;
  };
  // The reminder due now for request `id`, if one is and it was not sent.
  auto due_reminder = [&](store::Db& db, const std::string& id) -> Result<std::optional<Due>> {
    LIAISON_ASSIGN_OR_RETURN(auto found, hotline::find_request(db, id));
    if (!found) return std::optional<Due>();
    LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_of(db, node_, *found, policies));
    for (const auto& c : d.clocks) {
      if (c.clock != "written_confirmation" || (c.state != "running" && c.state != "overdue")) {
        continue;
      }
      const size_t stage = c.state == "overdue" ? 2 : c.warn ? 1 : 0;
      LIAISON_ASSIGN_OR_RETURN(bool done,
                               hotline::is_marked(db, "written:" + id + ":" + kStages[stage]));
      if (done) break;
      return std::optional<Due>(Due{std::move(*found), c, stage});
    }
    return std::optional<Due>();
  };
  for (const auto& id : ids) {
    std::optional<Due> planned;
    keep_going("written:" + id, node_.pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(planned, due_reminder(db, id));
      return Status::ok();
    }));
    if (!planned) continue;
    keep_going("written:" + id, node_.pool().write([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(auto again, due_reminder(db, id));
      if (!again) return Status::ok();
      const model::StoredRequest& req = again->req;
      const hotline::ClockStatus* clock = &again->clock;
      const size_t stage = again->stage;
      const std::string key = "written:" + id + ":" + kStages[stage];
      const std::string now = node_.now();
      const std::string due = clock->due_at ? format_rfc3339(*clock->due_at) : "";
      const std::string& to = req.content.requested_party;
      const std::string& title = req.content.title.original;
      std::string taken_by, called_at;
      if (req.oral) {
        taken_by = req.oral->taken_by;
        called_at = req.oral->called_at;
      }
      const std::string subject =
          stage == 2 ? "[liaison] OVERDUE: written confirmation of the request telephoned to " + to
          : stage == 1
              ? "[liaison] Due soon: written confirmation of the request telephoned to " + to
              : "[liaison] " + to + " logged our telephoned request: confirm it in writing";
      const std::string text =
          to + " took our emergency request by telephone (" + called_at + ", taken by " + taken_by +
          ") and opened it: " + title + "\n\nIts written confirmation is due by " + due +
          (stage == 2 ? " and is overdue." : ".") +
          "\n\nConfirm it in writing in the console (complete the request and press Confirm in "
          "writing): " +
          node_.config().url + "/requests/" + id + "\n";
      json::object hook{{"event", "request.written_confirmation"},
                        {"request_id", id},
                        {"stage", kStages[stage]},
                        {"requested_party", to},
                        {"due_at", due},
                        {"title", title},
                        {"drill", false}};
      LIAISON_ASSIGN_OR_RETURN(auto users, on_call_users(db, me, 1, node_.clock().now()));
      if (users.empty()) spdlog::warn("hotline: nobody of {} on call at tier 1 for {}", me, key);
      for (const auto& u : users) {
        LIAISON_RETURN_IF_ERROR(queue_for_user(db, key, id, u, subject, text, hook, now));
      }
      for (size_t s = 0; s <= stage; ++s) {
        LIAISON_RETURN_IF_ERROR(mark_paged(db, "written:" + id + ":" + kStages[s], now));
      }
      return Status::ok();
    }));
  }
  return Status::ok();
}

// The waiting party (the requester) escalates a missed acknowledgement or deadline of the
// requested party, once per request and clock. Both nodes compute the same deadlines, but
// only the requester's node opens the escalation, so it is never opened twice.
Status HotlineEngine::open_automatic_escalations() {
  std::vector<std::string> ids;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(ids, hotline::open_requests_of(db, node_.party()));
    return Status::ok();
  }));
  PolicyCache policies;  // this pass's (a policy published meanwhile counts from the next)
  for (const auto& id : ids) {
    keep_going(
        id, decide_then_write(node_, [&](store::Db& db) -> Result<std::vector<PendingRecord>> {
          std::vector<PendingRecord> out;
          LIAISON_ASSIGN_OR_RETURN(auto found, hotline::find_request(db, id));
          if (!found) return out;
          const model::StoredRequest& req = *found;
          LIAISON_ASSIGN_OR_RETURN(hotline::Deadlines d, deadlines_of(db, node_, req, policies));
          LIAISON_ASSIGN_OR_RETURN(const hotline::DeadlinePolicy* own,
                                   policies.get(db, node_.party()));
          const hotline::DeadlinePolicy& mine = *own;
          for (const auto& c : d.clocks) {
            // (written_confirmation is the requester's own clock: its reminders are apart.)
            if (c.state != "overdue" || c.clock == "preservation_expiry" ||
                c.clock == "written_confirmation") {
              continue;
            }
            bool ack = c.clock == "acknowledge";
            if (ack ? !mine.escalate_missed_ack : !mine.escalate_breached_deadline) continue;
            std::string trigger = ack ? "ack_missed" : "deadline_breached";
            LIAISON_ASSIGN_OR_RETURN(
                bool have, hotline::escalation_exists(db, id, trigger, ack ? "" : c.clock));
            if (have) continue;
            const hotline::Ladder* ladder = mine.ladder_for(model::to_string(req.content.priority));
            if (!ladder) continue;
            std::string due = c.due_at ? format_rfc3339(*c.due_at) : "";
            json::object payload{{"counterpart", req.content.requested_party},
                                 {"request_id", id},
                                 {"trigger", trigger},
                                 {"clock", ack ? "" : c.clock},
                                 {"reason", ack ? "not acknowledged by " + due
                                                : "deadline '" + c.clock + "' missed at " + due},
                                 {"tier", 1},
                                 {"ladder", hotline::to_json(*ladder)},
                                 {"opened_by", ""}};
            out.push_back({hotline::kEscalationOpen,
                           new_uuid(),
                           std::move(payload),
                           {req.content.requested_party}});
          }
          return out;
        }));
  }
  return Status::ok();
}

// The clocks other capabilities keep (hotline/clock_feed.h: a priority case's status report, a
// lead's outcome) escalate like a request's deadline: the waiting party opens an escalation
// once per subject and clock, on its own policy's ladder for the clock's priority.
Status HotlineEngine::open_watched_escalations() {
  const TimePoint now = node_.clock().now();
  std::vector<hotline::WatchedClock> missed;
  for (const auto& feed : hotline::clock_feeds()) {
    auto found = feed.overdue(node_, node_.party(), now);
    if (!found.is_ok()) {
      keep_going("a clock feed", found.status());
      continue;
    }
    for (auto& c : *found) missed.push_back(std::move(c));
  }
  PolicyCache policies;  // this pass's
  for (const auto& c : missed) {
    keep_going(
        c.case_id.empty() ? c.request_id : c.case_id,
        decide_then_write(node_, [&](store::Db& db) -> Result<std::vector<PendingRecord>> {
          std::vector<PendingRecord> out;
          LIAISON_ASSIGN_OR_RETURN(const hotline::DeadlinePolicy* mine,
                                   policies.get(db, node_.party()));
          if (!mine->escalate_breached_deadline) return out;
          bool have = false;
          if (c.case_id.empty()) {
            LIAISON_ASSIGN_OR_RETURN(
                have, hotline::escalation_exists(db, c.request_id, "deadline_breached", c.clock));
          } else {
            LIAISON_ASSIGN_OR_RETURN(have, hotline::case_escalation_exists(db, c.case_id, c.clock));
          }
          if (have) return out;
          const hotline::Ladder* ladder = mine->ladder_for(c.priority);
          if (!ladder) return out;
          json::object payload{
              {"counterpart", c.owed_by},
              {"request_id", c.request_id},
              {"trigger", "deadline_breached"},
              {"clock", c.clock},
              {"reason", "deadline '" + c.clock + "' missed at " + format_rfc3339(c.due_at)},
              {"tier", 1},
              {"ladder", hotline::to_json(*ladder)},
              {"opened_by", ""}};
          if (!c.case_id.empty()) payload["case_id"] = c.case_id;
          out.push_back({hotline::kEscalationOpen, new_uuid(), std::move(payload), {c.owed_by}});
          return out;
        }));
  }
  return Status::ok();
}

Result<std::optional<std::string>> HotlineEngine::watched_clock_cleared(
    const hotline::Escalation& esc) {
  for (const auto& feed : hotline::clock_feeds()) {
    if (!feed.keeps(esc.clock)) continue;
    hotline::WatchedClock c{.request_id = esc.request_id,
                            .case_id = esc.case_id,
                            .clock = esc.clock,
                            .owed_by = esc.counterpart};
    LIAISON_ASSIGN_OR_RETURN(std::string why, feed.cleared(node_, c));
    return std::optional<std::string>(why);
  }
  return std::optional<std::string>();
}

// For every escalation this party owns: resolve it when its cause cleared, else write a step
// record for each ladder rule that is due and whose condition still holds.
Status HotlineEngine::advance_ladders() {
  std::vector<std::string> ids;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(ids, hotline::live_escalations_owned(db, node_.party()));
    return Status::ok();
  }));
  TimePoint now = node_.clock().now();
  PolicyCache policies;  // this pass's
  for (const auto& id : ids) {
    // A watched clock's feed reads through the node, not inside this pass's transaction.
    std::optional<std::string> watched;
    {
      std::optional<hotline::Escalation> esc;
      keep_going(id, node_.pool().read([&](store::Db& db) -> Status {
        LIAISON_ASSIGN_OR_RETURN(esc, hotline::escalation(db, id));
        return Status::ok();
      }));
      if (esc && esc->trigger == "deadline_breached") {
        auto why = watched_clock_cleared(*esc);
        if (!why.is_ok()) {
          keep_going(id, why.status());
          continue;
        }
        watched = *why;
      }
    }
    keep_going(
        id, decide_then_write(node_, [&](store::Db& db) -> Result<std::vector<PendingRecord>> {
          std::vector<PendingRecord> out;
          LIAISON_ASSIGN_OR_RETURN(auto found, hotline::escalation(db, id));
          if (!found || found->resolved()) return out;
          const hotline::Escalation& esc = *found;
          auto resolve = [&](const std::string& why) {
            out.push_back({hotline::kEscalationResolve,
                           id,
                           json::object{{"user", ""}, {"resolution", why}, {"auto", true}},
                           {esc.counterpart}});
          };
          // De-escalation: the cause cleared.
          if (watched) {
            if (!watched->empty()) {
              resolve(*watched);
              return out;
            }
          } else if (!esc.request_id.empty() && esc.trigger != "manual") {
            LIAISON_ASSIGN_OR_RETURN(std::string why, request_cleared(db, node_, esc, policies));
            if (!why.empty()) {
              resolve(why);
              return out;
            }
          }
          const auto opened = parse_rfc3339(esc.opened_at);  // checked when it was read
          for (const auto& f : hotline::firings(esc.ladder, opened.value_or(TimePoint{}),
                                                static_cast<int>(esc.start_tier))) {
            if (f.due_at > now) break;
            if (esc.fired(f.rule, f.round)) continue;
            auto cond = esc.ladder.rules[static_cast<size_t>(f.rule)].condition;
            if (cond == hotline::Condition::kNotAcknowledged && esc.state != "open") continue;
            out.push_back({hotline::kEscalationStep,
                           id,
                           json::object{{"rule", f.rule},
                                        {"round", f.round},
                                        {"tier", f.tier},
                                        {"due_at", format_rfc3339(f.due_at)}},
                           {esc.counterpart}});
          }
          return out;
        }));
  }
  return Status::ok();
}

// Pages this party's people for every step of every live escalation it is a party to.
Status HotlineEngine::page_steps() {
  std::vector<hotline::Escalation> live;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(live, hotline::live_escalations_of(db, node_.party()));
    return Status::ok();
  }));
  const std::string me = node_.party();
  for (const auto& esc : live) {
    const std::string& id = esc.id;
    for (const hotline::FiredStep& step : esc.steps) {
      const int64_t rule = step.rule, round = step.round, tier = step.tier;
      std::string key = "esc:" + id + ":" + std::to_string(rule) + ":" + std::to_string(round);
      if (already_paged(key)) continue;
      keep_going(key, node_.pool().write([&](store::Db& db) -> Status {
        LIAISON_ASSIGN_OR_RETURN(bool done, hotline::is_marked(db, key));
        if (done) return Status::ok();
        std::string now = node_.now();
        if (rule < 0 || rule >= static_cast<int64_t>(esc.ladder.rules.size())) {
          return mark_paged(db, key, now);
        }
        const auto& r = esc.ladder.rules[static_cast<size_t>(rule)];
        // A not-acknowledged step that arrives after the acknowledgement pages nobody (the
        // state is read again here: it may have changed since the list was read).
        LIAISON_ASSIGN_OR_RETURN(auto fresh, hotline::escalation(db, id));
        std::string state_now = !fresh ? "resolved" : fresh->state;
        if (state_now == "resolved" ||
            (r.condition == hotline::Condition::kNotAcknowledged && state_now != "open")) {
          return mark_paged(db, key, now);
        }
        bool owner = esc.owner == me;
        TimePoint due = parse_rfc3339(step.due_at).value_or(node_.clock().now());
        std::vector<std::string> users;
        auto add = [&](const std::vector<std::string>& us) {
          for (const auto& u : us) {
            if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
          }
        };
        for (const auto& t : r.targets) {
          if (!t.side.empty()) {
            if (t.side == "both" || (t.side == "owner") == owner) {
              LIAISON_ASSIGN_OR_RETURN(auto us, on_call_users(db, me, t.tier, due));
              add(us);
            }
          } else if (!owner) {
            // A peer's ladder decides when to climb, not whom of ours to page: the
            // counterpart pages its own on-call people by tier only.
            continue;
          } else if (t.party == me && !t.user.empty()) {
            add({t.user});
          } else if (t.party == me) {
            LIAISON_ASSIGN_OR_RETURN(auto us, on_call_users(db, me, 0, due, t.schedule));
            add(us);
          }
        }
        std::string subject = "[liaison] Tier " + std::to_string(tier) + " (" + tier_name(tier) +
                              ") escalation " + esc.owner + " → " + esc.counterpart + ": " +
                              esc.reason;
        std::string text = "An escalation needs you (tier " + std::to_string(tier) + ", " +
                           tier_name(tier) + ").\n\nTrigger: " + esc.trigger +
                           (esc.case_id.empty() ? "\nRequest: " + esc.request_id
                                                : "\nPriority case: " + esc.case_id) +
                           "\nReason: " + esc.reason + "\nOpened: " + esc.opened_at + " by " +
                           esc.owner + "\nStep due: " + step.due_at +
                           "\n\nAcknowledge it on the hotline page: " + node_.config().url +
                           "/hotline\n"
                           "Escalation: " +
                           id + "\n";
        json::object hook{{"event", "escalation.step"},
                          {"escalation_id", id},
                          {"rule", rule},
                          {"round", round},
                          {"tier", tier},
                          {"owner", esc.owner},
                          {"counterpart", esc.counterpart},
                          {"request_id", esc.request_id},
                          {"case_id", esc.case_id},
                          {"trigger", esc.trigger},
                          {"reason", esc.reason},
                          {"due_at", step.due_at},
                          {"drill", false}};
        for (const auto& u : users) {
          LIAISON_RETURN_IF_ERROR(queue_for_user(db, key, id, u, subject, text, hook, now));
        }
        if (users.empty()) spdlog::warn("hotline: nobody of {} to page for {}", me, key);
        // Inbox notices, and the administrators' alert when nobody could be reached.
        LIAISON_RETURN_IF_ERROR(hotline::note_page(node_, db, key, esc, tier, users, now));
        return mark_paged(db, key, now);
      }));
    }
  }
  return Status::ok();
}

namespace {

struct DrillPlan {
  bool tested = false;              // this party is among the drill's parties
  std::vector<std::string> others;  // the other parties (the page record goes to them)
  std::vector<int64_t> tiers;
  int64_t ack_within_seconds = 0;
};

// What a drill's projection asks of party `me`; a damaged document is an error naming it.
Result<DrillPlan> drill_plan(const json::object& d, const std::string& me) {
  DrillPlan plan;
  LIAISON_ASSIGN_OR_RETURN(const json::array* parties, array_field(d, "parties"));
  for (const auto& p : *parties) {
    if (!p.is_string())
      return invalid_argument("parties must hold strings", "parties")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    if (p.get_string() == me) {
      plan.tested = true;
    } else {
      plan.others.emplace_back(p.get_string());
    }
  }
  LIAISON_ASSIGN_OR_RETURN(const json::array* tiers, array_field(d, "tiers"));
  for (const auto& tv : *tiers) {
    boost::system::error_code ec;
    const int64_t tier = tv.to_number<int64_t>(ec);
    if (ec || tier < 1 || tier > 3)
      return invalid_argument("tiers must hold 1, 2 or 3", "tiers")
          .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
    plan.tiers.push_back(tier);
  }
  LIAISON_ASSIGN_OR_RETURN(plan.ack_within_seconds, int_field(d, "ack_within_seconds"));
  return plan;
}

}  // namespace

// Drills: page the on-call person of each tested tier of this party, once, marked DRILL.
Status HotlineEngine::page_drills() {
  std::vector<json::object> drills;
  std::string now_text = node_.now();
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    // (A damaged document is named in the log and left out by the repository.)
    LIAISON_ASSIGN_OR_RETURN(drills, hotline::due_drills(db, now_text));
    return Status::ok();
  }));
  const std::string me = node_.party();
  for (const auto& d : drills) {
    std::string id = str_of(d, "id");
    auto plan = drill_plan(d, me);
    if (!plan.is_ok()) {
      keep_going("drill " + id, plan.status());
      continue;
    }
    if (!plan->tested) continue;
    const std::vector<std::string>& others = plan->others;
    const int64_t ack_within = plan->ack_within_seconds;
    for (const int64_t tier : plan->tiers) {
      std::string key = "drill:" + id + ":" + std::to_string(tier);
      if (already_paged(key)) continue;
      keep_going(key, node_.pool().write([&](store::Db& db) -> Status {
        LIAISON_ASSIGN_OR_RETURN(bool done, hotline::is_marked(db, key));
        if (done) return Status::ok();
        std::string now = node_.now();
        LIAISON_ASSIGN_OR_RETURN(
            auto users, on_call_users(db, me, static_cast<int>(tier), node_.clock().now()));
        if (users.empty()) {
          spdlog::warn("hotline: drill {}: nobody of {} on call at tier {}", id, me, tier);
          return mark_paged(db, key, now);
        }
        const std::string& user = users.front();
        LIAISON_RETURN_IF_ERROR(append_record(
            node_, db, hotline::kDrillPage, id + ":" + me + ":" + std::to_string(tier),
            json::object{{"drill_id", id}, {"tier", tier}, {"user", user}}, others));
        std::string subject = "[liaison] [DRILL] Hotline test, tier " + std::to_string(tier) +
                              " (" + tier_name(tier) + "): please acknowledge";
        std::string text =
            "This is a hotline DRILL, not a real escalation.\n\nAcknowledge it on "
            "the hotline page within " +
            std::to_string(ack_within) + " seconds: " + node_.config().url +
            "/hotline\nDrill: " + id + "\n";
        json::object hook{{"event", "drill.page"},
                          {"drill_id", id},
                          {"tier", tier},
                          {"owner", str_of(d, "owner")},
                          {"drill", true}};
        LIAISON_RETURN_IF_ERROR(queue_for_user(db, key, id, user, subject, text, hook, now));
        return mark_paged(db, key, now);
      }));
    }
  }
  return Status::ok();
}

// The 24/7 directory: once a week (weeks counted from the epoch) while any of this party's
// own live entries is stale, each of its maintainers (this node's administrators and liaison
// officers) gets one reminder that lists every stale entry. Another party's entries are
// theirs to confirm (their node reminds them), so they are not listed. With nothing stale nothing
// is marked, so an entry that turns stale later in the week is still reminded of that week. (The
// directory is looked at once a minute at most, not on every tick.)
Status HotlineEngine::remind_stale_contacts() {
  const int64_t now_ms = node_.clock().now_ms();
  if (directory_checked_ms_ != 0 && now_ms >= directory_checked_ms_ &&
      now_ms - directory_checked_ms_ < 60'000) {
    return Status::ok();
  }
  directory_checked_ms_ = now_ms;
  const int64_t week = now_ms / (int64_t{7} * 24 * 3600 * 1000);
  const std::string key = "directory-stale:" + std::to_string(week);
  if (already_paged(key)) return Status::ok();
  LIAISON_ASSIGN_OR_RETURN(auto stale, hotline::stale_directory_entries(node_, node_.party()));
  if (stale.empty()) return Status::ok();
  return node_.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool done, hotline::is_marked(db, key));
    if (done) return Status::ok();
    const std::string now = node_.now();
    const int64_t days = node_.config().contact_verify_days;
    std::string text =
        "These entries of the 24/7 point-of-contact directory have not been "
        "confirmed with their person for over " +
        std::to_string(days) + " days, or never:\n\n";
    json::array entries;
    for (const auto& c : stale) {
      const std::string& lv = c.last_verified;
      text += "- " + c.name + (c.organisation.empty() ? "" : " (" + c.organisation + ")") + ", " +
              c.party + " tier " + std::to_string(c.tier) + ": " +
              (lv.empty() ? "never verified" : "last verified " + lv.substr(0, 10)) + "\n";
      entries.push_back(json::object{{"id", c.id},
                                     {"name", c.name},
                                     {"party", c.party},
                                     {"tier", c.tier},
                                     {"last_verified", lv},
                                     {"verify_by", c.verify_by}});
    }
    text += "\nCall or write to each, then record it: Verify in the directory (" +
            node_.config().url +
            "/api/v1/contacts?stale=true; POST /api/v1/contacts/{id}/verify).\n";
    const size_t n = stale.size();
    const std::string subject = "[liaison] " + std::to_string(n) + " 24/7 directory " +
                                (n == 1 ? "entry needs" : "entries need") + " verifying";
    json::object hook{{"event", "directory.stale"}, {"contacts", std::move(entries)}};
    LIAISON_ASSIGN_OR_RETURN(auto users, users_in(db));
    std::vector<std::string> maintainers;
    for (const auto& u : users) {
      if (!u.disabled && hotline::keeps_directory(u.role)) maintainers.push_back(u.username);
    }
    for (const auto& user : maintainers) {
      LIAISON_RETURN_IF_ERROR(queue_for_user(db, key, "directory", user, subject, text, hook, now));
    }
    return mark_paged(db, key, now);
  });
}

// A record of ours that a peer refused holds replication to that peer at that record (the
// chain cannot skip it): every administrator is told once per refused record, over their
// notification channels, with the reason the peer gave.
Status HotlineEngine::alert_refused_records() {
  struct Refused {
    std::string party, reason, at;
    int64_t seq;
  };
  std::vector<Refused> refused;
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto peers, store::peer_rows(db, node_.party()));
    for (const auto& p : peers) {
      if (p.refused_seq > 0)
        refused.push_back({p.party, p.refused_reason, p.refused_at, p.refused_seq});
    }
    return Status::ok();
  }));
  for (const auto& r : refused) {
    const std::string ref = node_.party() + ":" + std::to_string(r.seq);
    const std::string key = "peer-refused:" + r.party + ":" + std::to_string(r.seq);
    if (already_paged(key)) continue;
    keep_going(key, node_.pool().write([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(bool done, hotline::is_marked(db, key));
      if (done) return Status::ok();
      const std::string now = node_.now();
      const std::string subject =
          "[liaison] " + r.party + " refuses our record " + ref + ": replication to it is held";
      const std::string text =
          "The node of " + r.party + " refused our record " + ref + " (since " + r.at + "):\n\n  " +
          r.reason + "\n\nRecords form a chain, so no later record of ours reaches " + r.party +
          " until it takes this one: usually its node runs an older version or other limits. "
          "See `liaison peer status` or the console's Peers page, and contact the other "
          "party's administrator.\n";
      json::object hook{{"event", "peer.refused"}, {"peer", r.party},    {"seq", r.seq},
                        {"record", ref},           {"reason", r.reason}, {"since", r.at}};
      LIAISON_ASSIGN_OR_RETURN(auto users, users_in(db));
      std::vector<std::string> admins;
      for (const auto& u : users) {
        if (!u.disabled && u.role == Role::kAdministrator) admins.push_back(u.username);
      }
      for (const auto& user : admins) {
        LIAISON_RETURN_IF_ERROR(
            queue_for_user(db, key, "peer:" + r.party, user, subject, text, hook, now));
      }
      return mark_paged(db, key, now);
    }));
  }
  return Status::ok();
}

// A truncated audit log is detected back to the last anchor, so anchors are at most a
// minute apart while the log grows (docs/ARCHITECTURE.md, Security).
Status HotlineEngine::anchor_audit_log() {
  const int64_t now_ms = node_.clock().now_ms();
  if (audit_anchored_ms_ != 0 && now_ms >= audit_anchored_ms_ &&
      now_ms - audit_anchored_ms_ < 60'000) {
    return Status::ok();
  }
  audit_anchored_ms_ = now_ms;
  return anchor_audit(node_).status();
}

Status HotlineEngine::deliver() {
  std::vector<hotline::PendingNotification> due;
  const int64_t now_ms = node_.clock().now_ms();
  LIAISON_RETURN_IF_ERROR(node_.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(due, hotline::due_notifications(db, now_ms));
    return Status::ok();
  }));
  // Delivery shares the thread with the ladders: give it a bounded slice of each tick so an
  // unreachable SMTP server delays the next step by seconds, not minutes.
  auto budget_end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (const auto& n : due) {
    if (std::chrono::steady_clock::now() > budget_end) break;
    // Deterministic ids, so a receiver can drop the copy a crash right after sending and
    // before the commit below would cause (docs/HOTLINE.md).
    std::string delivery = sha256_hex(node_.party() + "/" + n.key).substr(0, 32);
    Status st;
    if (n.channel == "email") {
      hotline::Email e{n.address, n.subject, n.body,
                       "<" + delivery + "@liaison." + node_.party() + ">", delivery};
      st = hotline::send_email(opts_.smtp, e);
    } else {
      hotline::Webhook h;
      h.url = n.address;
      h.allow = node_.config().webhook_allow;
      h.secret = opts_.webhook_secret;
      h.body = n.body;
      h.delivery_id = delivery;
      h.timestamp =
          std::chrono::duration_cast<std::chrono::seconds>(node_.clock().now().time_since_epoch())
              .count();
      h.insecure_tls = opts_.smtp.insecure_tls;
      st = hotline::post_webhook(h);
    }
    int64_t attempts = n.attempts + 1;
    // Retry only what may succeed later; a bad address or disabled e-mail fails at once.
    bool retry =
        !st.is_ok() && st.code() == StatusCode::kUnavailable && attempts < opts_.max_attempts;
    std::string status = st.is_ok() ? "sent" : retry ? "pending" : "failed";
    milliseconds backoff = std::min(
        opts_.max_retry, opts_.first_retry * (int64_t{1} << std::min<int64_t>(attempts - 1, 20)));
    LIAISON_RETURN_IF_ERROR(node_.pool().write([&](store::Db& db) -> Status {
      LIAISON_RETURN_IF_ERROR(hotline::note_delivery(db, n.key, status, attempts,
                                                     node_.clock().now_ms() + backoff.count(),
                                                     st.is_ok(), st.message(), node_.now()));
      if (status != "failed") return Status::ok();
      return hotline::check_reach(node_, db, n.key, node_.now());
    }));
    if (!st.is_ok()) spdlog::warn("hotline: {} to {}: {}", n.channel, n.address, st.message());
  }
  return Status::ok();
}

}  // namespace liaison::node
