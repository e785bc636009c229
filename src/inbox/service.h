// A user's inbox as the API and the console read it: their notices, the unread count,
// marking read, and their choice per event type of e-mail/webhook. Every call acts on the
// actor's own inbox only. Reads only read: notices are made at write time (post()) or by the
// Collector, which `serve` wakes after every commit that stored records (inbox.h), so a read
// never waits for the writer. Thread-safe through the node's pool.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "inbox/repository.h"
#include "node/node.h"

namespace liaison::inbox {

inline constexpr int kDefaultPerPage = 50;
inline constexpr int kMaxPerPage = 200;

struct InboxPage {
  std::vector<NoticeRow> items;
  int64_t total = 0;   // of the filter
  int64_t unread = 0;  // of the user, whatever the filter
};
Result<InboxPage> list_notices(node::Node& node, const node::Actor& actor, bool unread_only,
                               int limit);
Result<int64_t> unread_count(node::Node& node, const node::Actor& actor);
// Marks the actor's notices `ids` read (`all`: every unread one); how many changed.
// invalid_argument naming `ids` when neither or both are given.
Result<int64_t> mark_notices_read(node::Node& node, const node::Actor& actor,
                                  const std::vector<int64_t>& ids, bool all);
// Every event type with the actor's choice (or the default).
Result<std::vector<PrefRow>> preferences(node::Node& node, const node::Actor& actor);
// invalid_argument naming `event` for an unknown event type, naming `inbox` for a page or the
// unreached alert turned off in the inbox (always_in_inbox).
Status set_preferences(node::Node& node, const node::Actor& actor,
                       const std::vector<PrefRow>& prefs);

}  // namespace liaison::inbox
