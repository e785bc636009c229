// The notification inbox (issue 17): per-user notices of what needs a user — a request that
// arrived, a message on a request of theirs, an assignment to them, an escalation page, a
// step nobody could be reached for — kept on this node only (not on the ledger). Notices come
// two ways: capabilities post them inside their own write transaction (post()), or they say
// which notices a stored record makes (add_record_source(), read by collect() from the
// records stored since its last position, local and the peers' alike). A user who asked for
// it also gets a notice of an event type by e-mail or webhook, through the forwarder the
// composition sets (the hotline's delivery with retries). Thread-safe: sources and the
// forwarder are set before any node opens; post() and collect() run on the caller's pool.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/kinds.h"
#include "ledger/record.h"
#include "node/node.h"
#include "store/db.h"

namespace liaison::inbox {

// The event types a notice has (and a user's preferences are per event type).
inline constexpr const char* kRequestArrived = "request.arrived";
inline constexpr const char* kRequestMessage = "request.message";
inline constexpr const char* kRequestAssigned = "request.assigned";
inline constexpr const char* kRequestClock = "request.clock";  // due within 24 h, or overdue
inline constexpr const char* kEscalationPage = "escalation.page";
inline constexpr const char* kEscalationUnreached = "escalation.unreached";
inline constexpr std::string_view kEvents[] = {kRequestArrived,  kRequestMessage,
                                               kRequestAssigned, kRequestClock,
                                               kEscalationPage,  kEscalationUnreached};
bool known_event(std::string_view event);
// A page and the alert that nobody could be reached stay in the inbox whatever the user chose
// (they may add e-mail/webhook, not remove the inbox).
bool always_in_inbox(std::string_view event);

struct Notice {
  std::string key;                // unique per notice and user ("assign:REC:alice"): posted once
  std::string username;           // whose inbox
  std::string event;              // one of kEvents
  std::string severity = "info";  // info | warning | high
  std::string subject_id;         // the request's or escalation's id
  std::string text;               // one English line (e-mail subject, scripts)
  std::string params = "{}";      // JSON object: what the console words in either language
  std::string link;               // the console's path ("/requests/ID", "/hotline")
};

// Stores `n` (a key already stored is ignored) and forwards it when its user asked for its
// event type by e-mail or webhook; inside the caller's write transaction.
Status post(store::Db& db, const Notice& n, const std::string& now);

// Which notices a stored record makes (none for most), read inside collect()'s write.
using RecordSource =
    std::function<Result<std::vector<Notice>>(node::Node&, store::Db&, const ledger::Record&)>;
// Adds the source of a record kind the first time only (every node opens through the same
// composition).
void add_record_source(const std::string& kind, RecordSource source);

// Notices that come from time passing rather than from a record (a clock about to run out),
// asked by collect_timed(); each notice's key makes it once.
using TimedSource = std::function<Result<std::vector<Notice>>(node::Node&)>;
void add_timed_source(const std::string& name, TimedSource source);  // the first time only
// Asks every timed source and posts what they answer (the Collector, once a minute).
Status collect_timed(node::Node& node);

// Hands a notice on by e-mail and/or webhook (the hotline queues it on the user's channels).
using Forwarder = std::function<Status(store::Db&, const Notice&, bool email, bool webhook,
                                       const std::string& now)>;
void set_forwarder(Forwarder forwarder);  // the first time only

// Turns the records stored since the last pass into notices (at most a few hundred a call;
// false when more remain). Cheap when nothing is new: one read.
Result<bool> collect(node::Node& node);
// collect() until every record stored so far is read: one pass of the Collector. Tests that
// run no Collector call it to stand for it, deterministically, before they read an inbox.
Status catch_up(node::Node& node);

// The inbox's tables, as schema steps in a KindSet of no kinds.
ledger::KindSet record_kinds();

// Who a notice goes to: the active users of this node with one of `roles`, but `except`.
Result<std::vector<std::string>> users_with(store::Db& db, const node::RoleSet& roles,
                                            const std::string& except = "");

// The background pass of `serve`: collect() after every commit that stored records.
class Collector {
 public:
  explicit Collector(node::Node& node);
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;
  void start();
  void wake();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace liaison::inbox
