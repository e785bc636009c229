// The hotline's background work on one node (docs/HOTLINE.md): pages the on-call people
// when an emergency request arrives (the node's after-commit hook wakes it when a peer's
// records are stored, so that is within the moment of ingest), reminds the requester of
// the written confirmation a request made by telephone is owed, opens automatic escalations
// when an acknowledgement or a deadline is missed, fires due ladder steps (as records),
// resolves escalations whose cause cleared, pages this party's people for every step and
// drill, reminds the directory's maintainers of stale entries once a week, and delivers
// notifications with retries. Everything it does is derived from the
// records and the notification table, so a restarted node continues a ladder where it was:
// due steps are written once (a record per step), paging is marked in the same transaction
// as the notifications it creates. start()/stop()/wake() are thread-safe; tick() runs one
// pass and is what tests call with a FakeClock.
#pragma once

#include <boost/json/fwd.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/wakeable_thread.h"
#include "hotline/notify.h"
#include "node/node.h"

namespace liaison::hotline {
struct Escalation;
}

namespace liaison::node {

struct HotlineEngineOptions {
  hotline::SmtpConfig smtp;    // url empty: e-mail is recorded as failed, not sent
  std::string webhook_secret;  // HMAC key for webhook signatures
  std::chrono::milliseconds tick{1000};
  int max_attempts = 8;  // then the notification is marked failed
  std::chrono::milliseconds first_retry{5000};
  std::chrono::milliseconds max_retry{600000};
};

// Options from the node's configuration ([notify]) and DATA/keys/webhook.secret, which is
// created (32 random bytes, hex) the first time.
Result<HotlineEngineOptions> engine_options(Node& node);

class HotlineEngine {
 public:
  HotlineEngine(Node& node, HotlineEngineOptions opts);
  ~HotlineEngine();
  HotlineEngine(const HotlineEngine&) = delete;
  HotlineEngine& operator=(const HotlineEngine&) = delete;

  void start();
  void stop();
  void wake();
  // One pass over everything due at the node's clock's now.
  Status tick();

 private:
  Status page_arrivals();
  Status remind_written_confirmations();
  Status open_automatic_escalations();
  Status open_watched_escalations();
  // Why escalation `esc` of a watched clock (hotline/clock_feed.h) no longer holds ("" while it
  // does); none when no feed keeps its clock.
  Result<std::optional<std::string>> watched_clock_cleared(const hotline::Escalation& esc);
  Status advance_ladders();
  Status page_steps();
  Status page_drills();
  Status remind_stale_contacts();
  Status alert_refused_records();
  Status anchor_audit_log();
  Status deliver();
  // Pages this party's people for one step or drill tier once: `key` marks it done.
  bool already_paged(const std::string& key);
  int64_t directory_checked_ms_ = 0;  // (the directory is looked at once a minute at most)
  int64_t audit_anchored_ms_ = 0;     // (the audit log is anchored once a minute at most)

  Node& node_;
  HotlineEngineOptions opts_;
  WakeableThread thread_{"hotline"};  // last: stops before the rest goes
};

}  // namespace liaison::node
