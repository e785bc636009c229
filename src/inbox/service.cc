#include "inbox/service.h"

#include "node/audit.h"

namespace liaison::inbox {

Result<InboxPage> list_notices(node::Node& node, const node::Actor& actor, bool unread_only,
                               int limit) {
  InboxPage page;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(page.items, notices_of(db, actor.username, unread_only, limit));
    LIAISON_ASSIGN_OR_RETURN(page.total, count_of(db, actor.username, unread_only));
    LIAISON_ASSIGN_OR_RETURN(page.unread, count_of(db, actor.username, true));
    return Status::ok();
  }));
  return page;
}

Result<int64_t> unread_count(node::Node& node, const node::Actor& actor) {
  int64_t n = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(n, count_of(db, actor.username, true));
    return Status::ok();
  }));
  return n;
}

Result<int64_t> mark_notices_read(node::Node& node, const node::Actor& actor,
                                  const std::vector<int64_t>& ids, bool all) {
  if (all == !ids.empty()) {
    return invalid_argument("give either ids (a non-empty list) or all: true", "ids")
        .with_reason(Reason::kRequired);
  }
  int64_t changed = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(changed, mark_read(db, actor.username, ids, node.now()));
    return Status::ok();
  }));
  return changed;
}

Result<std::vector<PrefRow>> preferences(node::Node& node, const node::Actor& actor) {
  std::vector<PrefRow> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto stored, prefs_of(db, actor.username));
    for (auto e : kEvents) {
      PrefRow p = default_pref(e);
      for (const auto& s : stored) {
        if (s.event == e) p = s;
      }
      out.push_back(p);
    }
    return Status::ok();
  }));
  return out;
}

Status set_preferences(node::Node& node, const node::Actor& actor,
                       const std::vector<PrefRow>& prefs) {
  for (const auto& p : prefs) {
    if (!known_event(p.event))
      return invalid_argument("unknown event '" + p.event + "'", "event")
          .with_reason(Reason::kUnknownValue, {{"value", p.event}});
    if (!p.inbox && always_in_inbox(p.event)) {
      return invalid_argument(p.event + " always stays in the inbox", "inbox")
          .with_reason(Reason::kReadOnly);
    }
  }
  return node.pool().write([&](store::Db& db) -> Status {
    for (const auto& p : prefs) LIAISON_RETURN_IF_ERROR(put_pref(db, actor.username, p));
    return node::audit(db, node.now(), actor, "notifications.preferences",
                       "user/" + actor.username);
  });
}

}  // namespace liaison::inbox
