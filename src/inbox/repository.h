// The SQL of the inbox (its tables inbox, inbox_prefs and inbox_cursor), on one connection
// inside the caller's transaction. Internal to src/inbox.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "inbox/inbox.h"
#include "store/db.h"

namespace liaison::inbox {

// Inserts the notice unless its key is stored; whether it was inserted. A notice its user
// turned off in the inbox (`shown` false) is kept, read, so its key still makes it once, and
// no list or count shows it.
Result<bool> insert_notice(store::Db& db, const Notice& n, bool shown, const std::string& now);

struct NoticeRow {
  int64_t id = 0;
  std::string event, severity, subject_id, text, params, link, created_at, read_at;
};
// `username`'s notices, newest first, at most `limit` (only unread ones when `unread_only`).
Result<std::vector<NoticeRow>> notices_of(store::Db& db, const std::string& username,
                                          bool unread_only, int limit);
Result<int64_t> count_of(store::Db& db, const std::string& username, bool unread_only);
// Marks `username`'s notices `ids` (every unread one when `ids` is empty) read at `now`;
// how many changed.
Result<int64_t> mark_read(store::Db& db, const std::string& username,
                          const std::vector<int64_t>& ids, const std::string& now);

// A user's choice for one event type; none when the user made none.
struct PrefRow {
  std::string event;
  bool email = false, webhook = false;
  bool inbox = true;  // shown in the inbox (schema step inbox/2)
};
// A user's choice when they made none: in the inbox; by e-mail and webhook only the alert that
// nobody could be reached (to the administrators it goes to).
PrefRow default_pref(std::string_view event);
Result<std::vector<PrefRow>> prefs_of(store::Db& db, const std::string& username);
Status put_pref(store::Db& db, const std::string& username, const PrefRow& p);

// The position of the records collect() has read up to.
Result<int64_t> cursor(store::Db& db);
Status set_cursor(store::Db& db, int64_t position);

}  // namespace liaison::inbox
