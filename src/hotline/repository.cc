#include "hotline/repository.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/json_fields.h"
#include "node/store_helpers.h"
#include "node/typed_rows.h"

namespace liaison::hotline {

namespace json = boost::json;
using node::query_docs;
using node::query_texts;
using node::row_exists;

// ---- parties, policies, rosters

Result<std::vector<PartyRow>> party_rows(store::Db& db) {
  std::vector<PartyRow> out;
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("SELECT code, timezone, is_local FROM parties "
                                                     "ORDER BY is_local DESC, code"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.text(1), q.int64(2) != 0});
  }
  return out;
}

Result<std::optional<std::string>> party_timezone(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * tz,
                           db.cached("SELECT timezone FROM parties WHERE code=?"));
  store::StmtReset reset(*tz);
  tz->bind(1, party);
  LIAISON_ASSIGN_OR_RETURN(bool known, tz->step());
  if (!known) return std::optional<std::string>();
  return std::optional<std::string>(tz->text(0));
}

Result<std::optional<std::string>> policy_doc(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * q, db.cached("SELECT doc FROM policies WHERE id=?"));
  store::StmtReset reset(*q);
  q->bind(1, party);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q->text(0));
}

Result<std::vector<std::string>> roster_docs(store::Db& db) {
  return query_texts(db, "SELECT doc FROM rosters ORDER BY party, id");
}

Result<std::vector<json::object>> roster_docs_of(store::Db& db, const std::string& party) {
  return query_docs(db, "SELECT doc FROM rosters WHERE party=? ORDER BY id", {party});
}

Result<std::optional<std::string>> first_receipt_at(store::Db& db, const std::string& origin,
                                                    const std::string& receiver, int64_t seq) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * q,
                           db.cached("SELECT min(json_extract(doc, '$.received_at')) FROM "
                                     "receipts WHERE origin=? AND receiver=? AND up_to_seq>=?"));
  store::StmtReset reset(*q);
  q->bind(1, origin).bind(2, receiver).bind(3, seq);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row || q->is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>(q->text(0));
}

// ---- escalations

namespace {

// Escalations from the documents a `SELECT doc …` returns. A damaged document is logged with
// what is wrong and left out, so one bad row neither hides the others nor stops the engine.
Result<std::vector<Escalation>> escalations_from(store::Db& db, const std::string& sql,
                                                 const std::vector<std::string>& binds = {}) {
  LIAISON_ASSIGN_OR_RETURN(std::vector<std::string> texts, query_texts(db, sql, binds));
  return node::typed_rows<Escalation>(texts, "hotline escalation", escalation_from_text);
}

}  // namespace

Result<std::vector<Escalation>> escalations(store::Db& db, const std::string& state) {
  std::string where = state.empty()       ? ""
                      : state == "active" ? " WHERE state != 'resolved'"
                                          : " WHERE state = ?";
  std::vector<std::string> binds;
  if (!where.empty() && state != "active") binds.push_back(state);
  return escalations_from(
      db, "SELECT doc FROM escalations" + where + " ORDER BY opened_at DESC LIMIT 500", binds);
}

Result<std::vector<Escalation>> escalations_by_opening(store::Db& db) {
  return escalations_from(db, "SELECT doc FROM escalations ORDER BY opened_at");
}

Result<std::optional<Escalation>> escalation(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto texts,
                           query_texts(db, "SELECT doc FROM escalations WHERE id=?", {id}));
  if (texts.empty()) return std::optional<Escalation>();
  auto e = escalation_from_text(texts.front());
  if (!e.is_ok()) {
    return internal_error("escalation " + id + " is damaged: " + e.status().message());
  }
  return std::optional<Escalation>(std::move(*e));
}

Result<bool> escalation_exists(store::Db& db, const std::string& request_id,
                               const std::string& trigger, const std::string& clock) {
  return row_exists(db,
                    "SELECT 1 FROM escalations WHERE request_id=? AND "
                    "json_extract(doc, '$.trigger')=? AND json_extract(doc, '$.clock')=?",
                    {request_id, trigger, clock});
}

Result<bool> case_escalation_exists(store::Db& db, const std::string& case_id,
                                    const std::string& clock) {
  return row_exists(db,
                    "SELECT 1 FROM escalations WHERE json_extract(doc, '$.case_id')=? AND "
                    "json_extract(doc, '$.clock')=?",
                    {case_id, clock});
}

Result<std::vector<std::string>> live_escalations_owned(store::Db& db, const std::string& party) {
  return query_texts(db,
                     "SELECT id FROM escalations WHERE state != 'resolved' "
                     "AND json_extract(doc, '$.owner')=? ORDER BY opened_at",
                     {party});
}

Result<std::vector<Escalation>> live_escalations_of(store::Db& db, const std::string& party) {
  return escalations_from(
      db,
      "SELECT doc FROM escalations WHERE state != 'resolved' AND "
      "(json_extract(doc, '$.owner')=?1 OR json_extract(doc, '$.counterpart')=?1)",
      {party});
}

// ---- the hotline log and drills

namespace {

// The typed projections of the documents a `SELECT doc …` returns; a damaged document is
// logged and left out (like escalations_from()).
template <typename T, typename FromText>
Result<std::vector<T>> typed_from(store::Db& db, const char* what, FromText from_text,
                                  const std::string& sql) {
  LIAISON_ASSIGN_OR_RETURN(std::vector<std::string> texts, query_texts(db, sql));
  return node::typed_rows<T>(texts, what, from_text);
}

// The row of `table` with `id`, typed; a damaged document is an internal error naming it.
template <typename T, typename FromText>
Result<std::optional<T>> typed_one(store::Db& db, const char* table, const char* what,
                                   FromText from_text, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts, query_texts(db, std::string("SELECT doc FROM ") + table + " WHERE id=?", {id}));
  if (texts.empty()) return std::optional<T>();
  auto v = from_text(texts.front());
  if (!v.is_ok()) {
    return internal_error(std::string(what) + " " + id + " is damaged: " + v.status().message());
  }
  return std::optional<T>(std::move(*v));
}

}  // namespace

Result<std::vector<HotlineContact>> hotline_contacts(store::Db& db) {
  return typed_from<HotlineContact>(
      db, "hotline contact", hotline_contact_from_text,
      "SELECT doc FROM hotline_contacts ORDER BY started_at DESC LIMIT 500");
}

Result<std::vector<HotlineContact>> all_hotline_contacts(store::Db& db) {
  return typed_from<HotlineContact>(db, "hotline contact", hotline_contact_from_text,
                                    "SELECT doc FROM hotline_contacts");
}

Result<std::optional<HotlineContact>> hotline_contact(store::Db& db, const std::string& id) {
  return typed_one<HotlineContact>(db, "hotline_contacts", "hotline contact",
                                   hotline_contact_from_text, id);
}

// Drills are filtered and ordered here, not in SQL: json_extract() on a document that is not
// JSON would fail the whole query (and with it every other drill), and asking first whether a
// text is JSON (SQLite's json_valid) is outside the portable subset. The table is small.
Result<std::vector<Drill>> drills(store::Db& db, bool newest_only) {
  LIAISON_ASSIGN_OR_RETURN(std::vector<Drill> all, typed_from<Drill>(db, "drill", drill_from_text,
                                                                     "SELECT doc FROM drills"));
  std::vector<Drill> out;
  out.reserve(all.size());
  for (Drill& d : all) {
    if (!d.stub) out.push_back(std::move(d));
  }
  if (newest_only) {
    constexpr size_t kNewest = 200;
    std::stable_sort(out.begin(), out.end(),
                     [](const Drill& a, const Drill& b) { return a.created_at > b.created_at; });
    if (out.size() > kNewest) out.resize(kNewest);
  }
  return out;
}

Result<std::optional<Drill>> drill(store::Db& db, const std::string& id) {
  return typed_one<Drill>(db, "drills", "drill", drill_from_text, id);
}

Result<std::vector<json::object>> due_drills(store::Db& db, const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("SELECT id, doc FROM drills"));
  std::vector<json::object> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    auto doc = parse_json_object(q.text_view(1), "its document");
    if (!doc.is_ok()) {
      spdlog::warn("hotline: drill {}: skipped a damaged document: {}", q.text_view(0),
                   doc.status().to_string());
      continue;
    }
    const json::value* at = doc->if_contains("scheduled_for");
    if (!at || at->is_null()) continue;  // a stub: only pages and acks that came first
    if (!at->is_string()) {
      spdlog::warn("hotline: drill {}: skipped a damaged document: scheduled_for is not text",
                   q.text_view(0));
      continue;
    }
    if (std::string_view(at->get_string()) > now) continue;
    out.push_back(std::move(*doc));
  }
  return out;
}

// ---- channels, notifications, marks

Result<std::vector<ChannelRow>> channel_rows(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("SELECT username, email, webhook_url FROM "
                                                     "notification_channels ORDER BY username"));
  std::vector<ChannelRow> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.text(1), q.text(2)});
  }
  return out;
}

Result<std::optional<ChannelRow>> channel_of(store::Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt c, db.prepare("SELECT email, webhook_url FROM "
                                                     "notification_channels WHERE username=?"));
  c.bind(1, username);
  LIAISON_ASSIGN_OR_RETURN(bool row, c.step());
  if (!row) return std::optional<ChannelRow>();
  return std::optional<ChannelRow>(ChannelRow{username, c.text(0), c.text(1)});
}

Status upsert_channels(store::Db& db, const ChannelRow& c) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("INSERT INTO notification_channels(username, email, webhook_url) VALUES(?,?,?) "
                 "ON CONFLICT(username) DO UPDATE SET email=excluded.email, "
                 "webhook_url=excluded.webhook_url"));
  q.bind(1, c.username).bind(2, c.email).bind(3, c.webhook_url);
  return q.run();
}

Status queue_notification(store::Db& db, const NewNotification& n) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt ins,
      db.prepare("INSERT INTO notifications(key, subject_id, username, channel, address, "
                 "subject, body, created_at, queued) VALUES(?,?,?,?,?,?,?,?,"
                 "(SELECT coalesce(max(queued), 0) + 1 FROM notifications)) "
                 "ON CONFLICT DO NOTHING"));
  ins.bind(1, n.key).bind(2, n.subject_id).bind(3, n.username).bind(4, n.channel);
  ins.bind(5, n.address).bind(6, n.subject).bind(7, n.body).bind(8, n.created_at);
  return ins.run();
}

Result<std::vector<std::string>> notification_states(store::Db& db, const std::string& prefix) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT status FROM notifications WHERE substr(key, 1, ?) = ?"));
  q.bind(1, static_cast<int64_t>(prefix.size())).bind(2, prefix);
  return q.texts();
}

Result<bool> notified_about(store::Db& db, const std::string& subject_id,
                            const std::string& username) {
  return row_exists(db, "SELECT 1 FROM notifications WHERE subject_id=? AND username=?",
                    {subject_id, username});
}

Result<std::vector<std::string>> arrival_paged_users(store::Db& db, const std::string& subject_id) {
  return query_texts(db,
                     "SELECT DISTINCT username FROM notifications WHERE subject_id=? "
                     "AND substr(key, 1, 8) = 'arrival:' ORDER BY username",
                     {subject_id});
}

Result<std::vector<NotificationRow>> notification_rows(store::Db& db,
                                                       const std::string& subject_id) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT key, subject_id, username, channel, address, subject, status, attempts, "
                 "last_error, created_at, sent_at FROM notifications "
                 "WHERE ?1 = '' OR subject_id = ?1 ORDER BY created_at DESC, key LIMIT 500"));
  q.bind(1, subject_id);
  LIAISON_ASSIGN_OR_RETURN(store::Stmt a,
                           db.prepare("SELECT at, ok, error FROM "
                                      "notification_attempts WHERE key=? ORDER BY id"));
  std::vector<NotificationRow> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    NotificationRow n{q.text(0), q.text(1),  q.text(2), q.text(3), q.text(4),  q.text(5),
                      q.text(6), q.int64(7), q.text(8), q.text(9), q.text(10), {}};
    a.reset();
    a.bind(1, n.key);
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool arow, a.step());
      if (!arow) break;
      n.tries.push_back({a.text(0), a.int64(1) != 0, a.text(2)});
    }
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<PendingNotification>> due_notifications(store::Db& db, int64_t now_ms) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT key, channel, address, subject, body, attempts FROM "
                                "notifications WHERE status='pending' AND next_attempt_at <= ? "
                                "ORDER BY created_at, queued LIMIT 50"));
  q.bind(1, now_ms);
  std::vector<PendingNotification> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5)});
  }
  return out;
}

Status note_delivery(store::Db& db, const std::string& key, const std::string& status,
                     int64_t attempts, int64_t next_attempt_ms, bool ok, const std::string& error,
                     const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt u,
                           db.prepare("UPDATE notifications SET status=?, attempts=?, "
                                      "next_attempt_at=?, last_error=?, sent_at=? WHERE key=?"));
  u.bind(1, status).bind(2, attempts).bind(3, next_attempt_ms);
  u.bind(4, ok ? "" : error).bind(5, ok ? now : "").bind(6, key);
  LIAISON_RETURN_IF_ERROR(u.run());
  LIAISON_ASSIGN_OR_RETURN(store::Stmt a, db.prepare("INSERT INTO notification_attempts(key, "
                                                     "at, ok, error) VALUES(?,?,?,?)"));
  a.bind(1, key).bind(2, now).bind(3, ok ? 1 : 0).bind(4, ok ? "" : error);
  return a.run();
}

Result<bool> is_marked(store::Db& db, const std::string& key) {
  return row_exists(db, "SELECT 1 FROM hotline_paged WHERE key=?", {key});
}

Result<std::optional<std::string>> marked_at(store::Db& db, const std::string& key) {
  LIAISON_ASSIGN_OR_RETURN(auto at,
                           query_texts(db, "SELECT at FROM hotline_paged WHERE key=?", {key}));
  if (at.empty()) return std::optional<std::string>();
  return std::optional<std::string>(at.front());
}

Status mark(store::Db& db, const std::string& key, const std::string& at) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("INSERT INTO hotline_paged(key, at) VALUES(?,?) "
                                      "ON CONFLICT DO NOTHING"));
  q.bind(1, key).bind(2, at);
  return q.run();
}

}  // namespace liaison::hotline
