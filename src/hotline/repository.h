// The SQL of the hotline (its projections policies, rosters, escalations, hotline_contacts and
// drills; its own tables notification_channels, notifications, notification_attempts and
// hotline_paged) and what it reads of the parties and receipts, on one connection inside the
// caller's transaction (the cases it watches come through hotline/case_feed.h). Internal to
// src/hotline; include only from .cc files (Boost.JSON).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "hotline/contact.h"
#include "hotline/drill.h"
#include "hotline/escalation.h"
#include "store/db.h"

namespace liaison::hotline {

// ---- parties, policies, rosters
struct PartyRow {
  std::string code, timezone;
  bool is_local = false;
};
Result<std::vector<PartyRow>> party_rows(store::Db& db);  // this party first, then by code
// A party's time zone, none when the party is unknown.
Result<std::optional<std::string>> party_timezone(store::Db& db, const std::string& party);
// The policy `party` published (its document), if it did.
Result<std::optional<std::string>> policy_doc(store::Db& db, const std::string& party);
Result<std::vector<std::string>> roster_docs(store::Db& db);  // every party's, by party and id
Result<std::vector<boost::json::object>> roster_docs_of(store::Db& db, const std::string& party);

// When `receiver` first signed a receipt covering `origin`'s record `seq`, if it did.
Result<std::optional<std::string>> first_receipt_at(store::Db& db, const std::string& origin,
                                                    const std::string& receiver, int64_t seq);

// ---- escalations
// state: "" every one, "active" those not resolved, else that state; newest first, at most 500.
// A damaged document is logged and left out of a list; a single one is an error naming it.
Result<std::vector<Escalation>> escalations(store::Db& db, const std::string& state);
Result<std::vector<Escalation>> escalations_by_opening(store::Db& db);  // every one
Result<std::optional<Escalation>> escalation(store::Db& db, const std::string& id);
// Whether an escalation of `request_id` for `trigger` (and `clock`) was opened.
Result<bool> escalation_exists(store::Db& db, const std::string& request_id,
                               const std::string& trigger, const std::string& clock);
// Whether an automatic escalation of `clock` naming priority case `case_id` exists.
Result<bool> case_escalation_exists(store::Db& db, const std::string& case_id,
                                    const std::string& clock);
// Ids of the escalations `party` owns that are not resolved, oldest first.
Result<std::vector<std::string>> live_escalations_owned(store::Db& db, const std::string& party);
// Escalations not resolved that `party` owns or is the counterpart of.
Result<std::vector<Escalation>> live_escalations_of(store::Db& db, const std::string& party);

// ---- the hotline log and drills
// Lists leave out a damaged document with a log line; asked for by id, a damaged document is
// an internal error naming it.
Result<std::vector<HotlineContact>> hotline_contacts(store::Db& db);  // newest 500
Result<std::vector<HotlineContact>> all_hotline_contacts(store::Db& db);
Result<std::optional<HotlineContact>> hotline_contact(store::Db& db, const std::string& id);
// Drills (not the stubs of pages that arrived before their drill): newest 200, or every one.
Result<std::vector<Drill>> drills(store::Db& db, bool newest_only);
// A drill or its stub.
Result<std::optional<Drill>> drill(store::Db& db, const std::string& id);
// The documents of the drills scheduled at or before `now`; a damaged one (not a JSON object,
// or a time that is not text) is logged with its id and left out.
Result<std::vector<boost::json::object>> due_drills(store::Db& db, const std::string& now);

// ---- channels, notifications, marks
struct ChannelRow {
  std::string username, email, webhook_url;
};
Result<std::vector<ChannelRow>> channel_rows(store::Db& db);
Result<std::optional<ChannelRow>> channel_of(store::Db& db, const std::string& username);
Status upsert_channels(store::Db& db, const ChannelRow& c);

// Queues a notification (a key is queued once: a second is ignored).
struct NewNotification {
  std::string key, subject_id, username, channel, address, subject, body, created_at;
};
Status queue_notification(store::Db& db, const NewNotification& n);
// Whether `username` was notified about `subject_id`.
Result<bool> notified_about(store::Db& db, const std::string& subject_id,
                            const std::string& username);
// Who was paged on the arrival of request `subject_id`.
Result<std::vector<std::string>> arrival_paged_users(store::Db& db, const std::string& subject_id);

// The states of the notifications whose key starts with `prefix` (a step's pages).
Result<std::vector<std::string>> notification_states(store::Db& db, const std::string& prefix);

struct NotificationAttempt {
  std::string at;
  bool ok = false;
  std::string error;
};
struct NotificationRow {
  std::string key, subject_id, username, channel, address, subject, status;
  int64_t attempts = 0;
  std::string last_error, created_at, sent_at;
  std::vector<NotificationAttempt> tries;
};
// Of `subject_id` (every one for ""), newest first, at most 500, each with its attempts.
Result<std::vector<NotificationRow>> notification_rows(store::Db& db,
                                                       const std::string& subject_id);
struct PendingNotification {
  std::string key, channel, address, subject, body;
  int64_t attempts = 0;
};
// Pending and due at `now_ms`, oldest first, at most 50.
Result<std::vector<PendingNotification>> due_notifications(store::Db& db, int64_t now_ms);
// Notes a delivery attempt: the notification's new state and the attempt's row.
Status note_delivery(store::Db& db, const std::string& key, const std::string& status,
                     int64_t attempts, int64_t next_attempt_ms, bool ok, const std::string& error,
                     const std::string& now);

// Marks (hotline_paged): what was paged or decided once, by key.
Result<bool> is_marked(store::Db& db, const std::string& key);
Result<std::optional<std::string>> marked_at(store::Db& db, const std::string& key);
Status mark(store::Db& db, const std::string& key, const std::string& at);

}  // namespace liaison::hotline
