// The ledger with a real SQLite store: local appends, records of another party (played by
// the test with the US key), quarantine reasons, and `verify` catching altered bytes.
#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include "app/compose.h"
#include "node/audit.h"
#include "node/fixture.h"
#include "requests/kinds.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class LedgerTest : public NodeFixture {
 protected:
  ledger::VerifyReport verify() {
    ledger::VerifyReport report;
    auto keys = node_->party_keys();
    EXPECT_TRUE(keys.is_ok());
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      store::SqliteRecordLog log(db);
                      LIAISON_ASSIGN_OR_RETURN(
                          report, ledger::verify_ledger(log, liaison::app::record_kinds(), *keys));
                      return node::verify_audit(db, report, node_->party());
                    })
                    .is_ok());
    return report;
  }
  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare(sql));
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      n = row ? q.int64(0) : -1;
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }
  std::string quarantine_reason() {
    std::string reason;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(
                          store::Stmt q,
                          db.prepare("SELECT reason FROM quarantine ORDER BY id DESC LIMIT 1"));
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      if (row) reason = q.text(0);
                      return Status::ok();
                    })
                    .is_ok());
    return reason;
  }
  std::string state_of(const std::string& id) {
    auto d = node::get_request(*node_, id);
    EXPECT_TRUE(d.is_ok());
    return std::string(doc(*d).at("state").as_string());
  }
};

TEST_F(LedgerTest, LocalRecordsChainAndQueueForTheRequestedParty) {
  std::string id = submitted_request();
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE origin='CN'"), 2);
  // The draft stays local; the submit record waits in the outbox for US.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE recipient='US' AND seq=2"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE seq=1"), 0);
  EXPECT_EQ(state_of(id), "submitted");
  auto report = verify();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.records, 2);
  EXPECT_GE(report.audit_entries, 2);
}

TEST_F(LedgerTest, RequestedPartyDrivesItsTransitionsWithSignedRecords) {
  std::string id = submitted_request();
  ASSERT_TRUE(node::ingest_record(
                  *node_, us_record(requests::kRequestEvent, id,
                                    {{"event", "acknowledge"},
                                     {"args", json::object{{"requested_ref", "US-2026-1"}}}}))
                  .is_ok());
  EXPECT_EQ(state_of(id), "acknowledged");
  clock_.advance(std::chrono::hours(2));
  ASSERT_TRUE(
      node::ingest_record(*node_, us_record(requests::kRequestEvent, id,
                                            {{"event", "request_info"},
                                             {"args", json::object{{"reason", "which port?"}}}}))
          .is_ok());
  EXPECT_EQ(state_of(id), "needs_info");
  clock_.advance(std::chrono::minutes(90));
  ASSERT_TRUE(
      node::request_event(*node_, officer(), id, json::object{{"event", "provide_info"}}).is_ok());
  auto d = doc(*node::get_request(*node_, id));
  EXPECT_EQ(d.at("state").as_string(), "acknowledged");
  EXPECT_EQ(d.at("paused_seconds").as_int64(), 90 * 60);  // the clock was paused exactly
  EXPECT_EQ(d.at("requested_ref").as_string(), "US-2026-1");
  ASSERT_TRUE(
      node::ingest_record(
          *node_, us_record(requests::kRequestEvent, id,
                            {{"event", "confirm_preserved"},
                             {"args", json::object{{"preserved_until", "2027-02-19T00:00:00Z"}}}}))
          .is_ok());
  ASSERT_TRUE(
      node::ingest_record(*node_, us_record(requests::kRequestEvent, id,
                                            {{"event", "fulfil"}, {"args", json::object{}}}))
          .is_ok());
  ASSERT_TRUE(
      node::request_event(*node_, officer(), id, json::object{{"event", "close"}, {"rating", 4}})
          .is_ok());
  d = doc(*node::get_request(*node_, id));
  EXPECT_EQ(d.at("state").as_string(), "closed");
  EXPECT_EQ(d.at("rating").as_int64(), 4);
  EXPECT_TRUE(verify().ok());
}

TEST_F(LedgerTest, ReplayedRecordIsIdempotentButConflictingReplayIsQuarantined) {
  std::string id = submitted_request();
  auto ack =
      us_record(requests::kRequestEvent, id, {{"event", "acknowledge"}, {"args", json::object{}}});
  ASSERT_TRUE(node::ingest_record(*node_, ack).is_ok());
  ASSERT_TRUE(node::ingest_record(*node_, ack).is_ok());  // same record again: applied once
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE origin='US'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine"), 0);

  // A different record re-using seq 1 (a replay with altered content).
  ledger::Record forged = ack;
  forged.payload = R"({"args":{},"event":"start"})";
  ASSERT_TRUE(ledger::seal(forged, us_key_).is_ok());
  Status st = node::ingest_record(*node_, forged);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(quarantine_reason().find("replayed or conflicting"), std::string::npos);
  EXPECT_EQ(state_of(id), "acknowledged");
}

TEST_F(LedgerTest, ForgedSignatureIsQuarantinedAndNotApplied) {
  std::string id = submitted_request();
  auto rogue = ledger::SigningKey::generate();
  auto r =
      us_record(requests::kRequestEvent, id, {{"event", "acknowledge"}, {"args", json::object{}}});
  ASSERT_TRUE(ledger::seal(r, rogue).is_ok());
  Status st = node::ingest_record(*node_, r);
  EXPECT_EQ(st.field(), "signature");
  EXPECT_NE(quarantine_reason().find("signature"), std::string::npos);
  EXPECT_EQ(state_of(id), "submitted");
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE origin='US'"), 0);
}

TEST_F(LedgerTest, BrokenChainLinkIsQuarantined) {
  std::string id = submitted_request();
  auto r =
      us_record(requests::kRequestEvent, id, {{"event", "acknowledge"}, {"args", json::object{}}});
  r.prev_hash = std::string(64, 'a');
  ASSERT_TRUE(ledger::seal(r, us_key_).is_ok());
  Status st = node::ingest_record(*node_, r);
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(quarantine_reason().find("broken chain"), std::string::npos);
  EXPECT_EQ(state_of(id), "submitted");
}

TEST_F(LedgerTest, GapIsHeldNotQuarantined) {
  std::string id = submitted_request();
  auto r =
      us_record(requests::kRequestEvent, id, {{"event", "acknowledge"}, {"args", json::object{}}});
  r.seq = 5;
  ASSERT_TRUE(ledger::seal(r, us_key_).is_ok());
  Status st = node::ingest_record(*node_, r);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine"), 0);
}

TEST_F(LedgerTest, WrongPartyTransitionIsQuarantined) {
  std::string id = submitted_request();
  // US tries to withdraw CN's request: only the requester may.
  Status st = node::ingest_record(
      *node_, us_record(requests::kRequestEvent, id,
                        {{"event", "withdraw"}, {"args", json::object{{"reason", "no"}}}}));
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(quarantine_reason().empty());
  EXPECT_EQ(state_of(id), "submitted");
  // And CN cannot acknowledge its own request locally.
  auto own = node::request_event(*node_, officer(), id, json::object{{"event", "acknowledge"}});
  EXPECT_EQ(own.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(LedgerTest, RecordThatBreaksTheStateMachineIsQuarantined) {
  std::string id = submitted_request();
  Status st = node::ingest_record(
      *node_,
      us_record(requests::kRequestEvent, id, {{"event", "fulfil"}, {"args", json::object{}}}));
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(quarantine_reason().find("submitted"), std::string::npos);
  EXPECT_EQ(state_of(id), "submitted");
}

TEST_F(LedgerTest, VerifyNamesTheRecordWhoseByteWasAltered) {
  std::string id = submitted_request();
  ASSERT_TRUE(verify().ok());
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return db.exec(
                        "UPDATE records SET body = replace(body, '203.0.113.45', '203.0.113.46') "
                        "WHERE origin='CN' AND seq=2");
                  })
                  .is_ok());
  auto report = verify();
  ASSERT_FALSE(report.ok());
  bool named = false;
  for (const auto& p : report.problems) named = named || p.where == "record CN:2";
  EXPECT_TRUE(named);
}

TEST_F(LedgerTest, VerifyNamesTheAlteredProjectionRow) {
  std::string id = submitted_request();
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return db.exec(
                        "UPDATE requests SET doc = replace(doc, '\"submitted\"', "
                        "'\"fulfilled\"')");
                  })
                  .is_ok());
  auto report = verify();
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].where, "requests/" + id);
  EXPECT_NE(report.problems[0].what.find("CN:2"), std::string::npos);
}

TEST_F(LedgerTest, VerifyCatchesAnAlteredAuditEntry) {
  submitted_request();
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return db.exec("UPDATE audit_log SET actor='mallory' WHERE seq=2");
                  })
                  .is_ok());
  auto report = verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.problems[0].where, "audit 2");
}

// Issue 14: a draft's attachment was never shared. The submission records it again for the
// requested party (the record before stays as it was); a second upload is still a duplicate.
TEST_F(LedgerTest, DraftAttachmentIsSharedBySubmitAndDuplicatesAreRefused) {
  auto created = node::create_request(*node_, officer(), complete_preservation());
  ASSERT_TRUE(created.is_ok());
  std::string id(doc(*created).at("id").as_string());
  auto a = node::add_attachment(*node_, officer(), id, "log.txt", "text/plain", "line 1\n");
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_FALSE(doc(*a).at("shared").as_bool());
  ASSERT_TRUE(
      node::request_event(*node_, officer(), id, json::object{{"event", "submit"}}).is_ok());
  // draft, attachment (for nobody), submit, the share (for US).
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='attachment.add'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='attachment.add' AND recipients='US'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox o JOIN records r ON r.origin=o.origin AND "
                  "r.seq=o.seq WHERE r.kind='attachment.add'"),
            1);
  auto list = node::list_attachments(*node_, id);
  ASSERT_TRUE(list.is_ok());
  ASSERT_EQ(list->docs.size(), 1u);
  auto shared = doc(list->docs[0]);
  EXPECT_TRUE(shared.at("shared").as_bool());
  EXPECT_EQ(shared.at("created_at"), doc(*a).at("created_at"));
  EXPECT_EQ(shared.at("transfer").at("state").as_string(), "sending");
  auto again = node::add_attachment(*node_, officer(), id, "log.txt", "text/plain", "line 1\n");
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(verify().ok());
}

// Custody steps are each party's own: only the receiver receives or refuses a file, only its
// owner sends it, and the size must be the attached file's. The receiver's signed receipt of
// the file joins the file's timeline.
TEST_F(LedgerTest, CustodyRecordsAreWrittenOnlyByThePartyThatActed) {
  std::string id = submitted_request();
  auto a = node::add_attachment(*node_, officer(), id, "log.txt", "text/plain", "line 1\n");
  ASSERT_TRUE(a.is_ok());
  const std::string sha(doc(*a).at("sha256").as_string());
  auto custody = [&](const std::string& action, int64_t size) {
    return us_record(requests::kAttachmentCustody, id + ":" + sha + ":custody:" + new_uuid(),
                     {{"request_id", id},
                      {"sha256", sha},
                      {"size", size},
                      {"action", action},
                      {"actor", "system"}});
  };
  EXPECT_EQ(node::ingest_record(*node_, custody("sent", 7)).code(), StatusCode::kPermissionDenied);
  EXPECT_NE(quarantine_reason().find("only the party that attached"), std::string::npos);
  EXPECT_EQ(node::ingest_record(*node_, custody("received", 8)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_NE(quarantine_reason().find("size"), std::string::npos);
  ASSERT_TRUE(node::ingest_record(*node_, custody("received", 7)).is_ok());
  auto list = node::list_attachments(*node_, id);
  ASSERT_TRUE(list.is_ok());
  auto d = doc(list->docs[0]);
  const auto& steps = d.at("custody").as_array();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].at("action").as_string(), "attached");
  EXPECT_EQ(steps[1].at("party").as_string(), "US");
  EXPECT_EQ(steps[1].at("action").as_string(), "received");
  EXPECT_EQ(d.at("transfer").at("state").as_string(), "delivered");
  // CN's own step: a download, audited and signed.
  ASSERT_TRUE(node::read_attachment(*node_, officer(), id, sha).is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE origin='CN' AND kind='attachment.custody' "
                  "AND recipients='US'"),
            1);
  EXPECT_TRUE(verify().ok());
}

}  // namespace
}  // namespace liaison::testing
