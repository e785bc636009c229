#include "inbox/repository.h"

namespace liaison::inbox {

Result<bool> insert_notice(store::Db& db, const Notice& n, bool shown, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt * q,
      db.cached("INSERT INTO inbox(key, username, event, severity, subject_id, text, "
                "params, link, created_at, read_at, shown) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT DO NOTHING"));
  store::StmtReset reset(*q);
  q->bind(1, n.key).bind(2, n.username).bind(3, n.event).bind(4, n.severity);
  q->bind(5, n.subject_id).bind(6, n.text).bind(7, n.params).bind(8, n.link).bind(9, now);
  if (shown) {
    q->bind_null(10);
  } else {
    q->bind(10, now);
  }
  q->bind(11, static_cast<int64_t>(shown ? 1 : 0));
  LIAISON_RETURN_IF_ERROR(q->run());
  return db.changes() == 1;
}

Result<std::vector<NoticeRow>> notices_of(store::Db& db, const std::string& username,
                                          bool unread_only, int limit) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare(std::string("SELECT id, event, severity, subject_id, text, params, link, "
                             "created_at, coalesce(read_at, '') FROM inbox WHERE username = ? AND "
                             "shown = 1") +
                 (unread_only ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT ?"));
  q.bind(1, username).bind(2, static_cast<int64_t>(limit));
  std::vector<NoticeRow> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                   q.text(7), q.text(8)});
  }
  return out;
}

Result<int64_t> count_of(store::Db& db, const std::string& username, bool unread_only) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare(std::string("SELECT count(*) FROM inbox WHERE username = ? AND shown = 1") +
                 (unread_only ? " AND read_at IS NULL" : "")));
  q.bind(1, username);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row ? q.int64(0) : 0;
}

Result<int64_t> mark_read(store::Db& db, const std::string& username,
                          const std::vector<int64_t>& ids, const std::string& now) {
  if (ids.empty()) {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("UPDATE inbox SET read_at = ? WHERE username = ? AND read_at IS NULL"));
    q.bind(1, now).bind(2, username);
    LIAISON_RETURN_IF_ERROR(q.run());
    return db.changes();
  }
  int64_t changed = 0;
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("UPDATE inbox SET read_at = ? WHERE id = ? AND username = ? AND read_at IS NULL"));
  for (int64_t id : ids) {
    q.reset();
    q.bind(1, now).bind(2, id).bind(3, username);
    LIAISON_RETURN_IF_ERROR(q.run());
    changed += db.changes();
  }
  return changed;
}

Result<std::vector<PrefRow>> prefs_of(store::Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT event, email, webhook, inbox FROM inbox_prefs WHERE "
                                      "username = ? ORDER BY event"));
  q.bind(1, username);
  std::vector<PrefRow> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.int64(1) != 0, q.int64(2) != 0, q.int64(3) != 0});
  }
  return out;
}

Status put_pref(store::Db& db, const std::string& username, const PrefRow& p) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("INSERT INTO inbox_prefs(username, event, email, webhook, "
                                      "inbox) VALUES(?,?,?,?,?) ON CONFLICT(username, event) DO "
                                      "UPDATE SET email = excluded.email, webhook = "
                                      "excluded.webhook, inbox = excluded.inbox"));
  q.bind(1, username).bind(2, p.event).bind(3, p.email ? 1 : 0).bind(4, p.webhook ? 1 : 0);
  q.bind(5, p.inbox ? 1 : 0);
  return q.run();
}

Result<int64_t> cursor(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * q,
                           db.cached("SELECT position FROM inbox_cursor WHERE name = 'records'"));
  store::StmtReset reset(*q);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  return row ? q->int64(0) : 0;
}

Status set_cursor(store::Db& db, int64_t position) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("INSERT INTO inbox_cursor(name, position) VALUES('records', ?) "
                                "ON CONFLICT(name) DO UPDATE SET position = excluded.position"));
  q.bind(1, position);
  return q.run();
}

}  // namespace liaison::inbox
