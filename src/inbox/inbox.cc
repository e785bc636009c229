#include "inbox/inbox.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "inbox/repository.h"
#include "node/users.h"
#include "store/records.h"

namespace liaison::inbox {

namespace {

// Sources and the forwarder: set by the composition before any node opens, read after.
struct Registry {
  std::mutex mu;
  std::map<std::string, RecordSource> sources;
  std::map<std::string, TimedSource> timed;
  Forwarder forwarder;
};
Registry& registry() {
  static Registry r;
  return r;
}

// How many records one collect() reads (one write transaction).
constexpr int kCollectBatch = 500;

constexpr ledger::SchemaStep kSteps[] = {{.name = "inbox/1", .sql = R"sql(
CREATE TABLE inbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL,
  event TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  text TEXT NOT NULL,
  params TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT);
CREATE INDEX inbox_user ON inbox(username, id);
CREATE INDEX inbox_unread ON inbox(username) WHERE read_at IS NULL;
-- Whether a user wants an event type also by e-mail or webhook (no row: the default).
CREATE TABLE inbox_prefs(
  username TEXT NOT NULL, event TEXT NOT NULL,
  email INTEGER NOT NULL, webhook INTEGER NOT NULL,
  PRIMARY KEY(username, event));
-- How far collect() has read the records. A directory that had records before the inbox
-- starts after them: its history is not news.
CREATE TABLE inbox_cursor(name TEXT PRIMARY KEY, position INTEGER NOT NULL);
INSERT INTO inbox_cursor(name, position)
  SELECT 'records', coalesce(max(local_order), 0) FROM records;
)sql"},
                                         // A user may turn an event type off in the inbox.
                                         {.name = "inbox/2", .sql = R"sql(
ALTER TABLE inbox_prefs ADD COLUMN inbox INTEGER NOT NULL DEFAULT 1;
ALTER TABLE inbox ADD COLUMN shown INTEGER NOT NULL DEFAULT 1;
)sql"}};

// The default when a user made no choice: only a step nobody could be reached for goes out
// by e-mail and webhook (to the administrators it alerts).
}  // namespace

PrefRow default_pref(std::string_view event) {
  const bool loud = event == kEscalationUnreached;
  return {std::string(event), loud, loud, true};
}

bool always_in_inbox(std::string_view event) {
  return event == kEscalationPage || event == kEscalationUnreached;
}

namespace {}  // namespace

bool known_event(std::string_view event) {
  for (auto e : kEvents) {
    if (e == event) return true;
  }
  return false;
}

void add_record_source(const std::string& kind, RecordSource source) {
  std::lock_guard lock(registry().mu);
  registry().sources.emplace(kind, std::move(source));
}

void add_timed_source(const std::string& name, TimedSource source) {
  std::lock_guard lock(registry().mu);
  registry().timed.emplace(name, std::move(source));
}

Status collect_timed(node::Node& node) {
  std::map<std::string, TimedSource> timed;
  {
    std::lock_guard lock(registry().mu);
    timed = registry().timed;
  }
  for (const auto& [name, source] : timed) {
    auto notices = source(node);
    if (!notices.is_ok()) {
      spdlog::warn("inbox: {}: {}", name, notices.status().to_string());
      continue;
    }
    if (notices->empty()) continue;
    LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
      const std::string now = node.now();
      for (const auto& n : *notices) LIAISON_RETURN_IF_ERROR(post(db, n, now));
      return Status::ok();
    }));
  }
  return Status::ok();
}

void set_forwarder(Forwarder forwarder) {
  std::lock_guard lock(registry().mu);
  if (!registry().forwarder) registry().forwarder = std::move(forwarder);
}

Status post(store::Db& db, const Notice& n, const std::string& now) {
  PrefRow pref = default_pref(n.event);
  LIAISON_ASSIGN_OR_RETURN(auto prefs, prefs_of(db, n.username));
  for (const auto& p : prefs) {
    if (p.event == n.event) pref = p;
  }
  const bool shown = pref.inbox || always_in_inbox(n.event);
  LIAISON_ASSIGN_OR_RETURN(bool inserted, insert_notice(db, n, shown, now));
  if (!inserted) return Status::ok();
  Forwarder forward;
  {
    std::lock_guard lock(registry().mu);
    forward = registry().forwarder;
  }
  if (!forward) return Status::ok();
  if (!pref.email && !pref.webhook) return Status::ok();
  return forward(db, n, pref.email, pref.webhook, now);
}

Result<std::vector<std::string>> users_with(store::Db& db, const node::RoleSet& roles,
                                            const std::string& except) {
  LIAISON_ASSIGN_OR_RETURN(auto users, node::users_in(db));
  std::vector<std::string> out;
  for (const auto& u : users) {
    if (!u.disabled && roles.allows(u.role) && u.username != except) out.push_back(u.username);
  }
  return out;
}

Result<bool> collect(node::Node& node) {
  std::map<std::string, RecordSource> sources;
  {
    std::lock_guard lock(registry().mu);
    sources = registry().sources;
  }
  bool fresh = false;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(int64_t at, cursor(db));
    LIAISON_ASSIGN_OR_RETURN(int64_t newest, store::newest_local_order(db));
    fresh = newest > at;
    return Status::ok();
  }));
  if (!fresh) return true;
  bool done = true;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(int64_t at, cursor(db));
    LIAISON_ASSIGN_OR_RETURN(auto records, store::records_after(db, at, kCollectBatch));
    done = records.size() < static_cast<size_t>(kCollectBatch);
    const std::string now = node.now();
    for (const auto& [order, r] : records) {
      at = order;
      auto it = sources.find(r.kind);
      if (it == sources.end()) continue;
      auto notices = it->second(node, db, r);
      if (!notices.is_ok()) {
        // One odd record must not stop the inbox: it makes no notice.
        spdlog::warn("inbox: {} {}:{}: {}", r.kind, r.origin, r.seq, notices.status().to_string());
        continue;
      }
      for (const auto& n : *notices) LIAISON_RETURN_IF_ERROR(post(db, n, now));
    }
    return set_cursor(db, at);
  }));
  return done;
}

Status catch_up(node::Node& node) {
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool done, collect(node));
    if (done) return Status::ok();
  }
}

ledger::KindSet record_kinds() {
  return {.owner = "inbox", .kinds = {}, .tables = {}, .schema = kSteps};
}

struct Collector::Impl {
  explicit Impl(node::Node& n) : node(n) {}
  void run() {
    for (;;) {
      {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::seconds(5), [this] { return woken || stopping; });
        if (stopping) return;
        woken = false;
      }
      for (int i = 0; i < 20; ++i) {  // a backlog in bounded slices
        auto done = collect(node);
        if (!done.is_ok()) spdlog::warn("inbox: {}", done.status().to_string());
        if (!done.is_ok() || *done) break;
      }
      const auto now = std::chrono::steady_clock::now();
      if (now - timed_at >= std::chrono::minutes(1)) {
        timed_at = now;
        if (Status st = collect_timed(node); !st.is_ok()) spdlog::warn("inbox: {}", st.to_string());
      }
    }
  }
  node::Node& node;
  std::mutex mu;
  std::condition_variable cv;
  bool woken = true, stopping = false;
  std::chrono::steady_clock::time_point timed_at{};
  std::thread thread;
};

Collector::Collector(node::Node& node) : impl_(std::make_unique<Impl>(node)) {}
Collector::~Collector() { stop(); }

void Collector::start() {
  if (!impl_->thread.joinable()) impl_->thread = std::thread([this] { impl_->run(); });
}

void Collector::wake() {
  std::lock_guard lock(impl_->mu);
  impl_->woken = true;
  impl_->cv.notify_all();
}

void Collector::stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    impl_->cv.notify_all();
  }
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace liaison::inbox
