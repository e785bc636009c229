// Reports on one node (issue 16): assessments of ended requests by the right party only,
// reports published with their positions, the other party's countersign or dissent, and
// this node answering a report of the other party. The test plays US with its key.
#include <gtest/gtest.h>

#include "common/crypto.h"
#include "ledger/ledger.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "reports/kinds.h"
#include "reports/service.h"
#include "store/pool.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class ReportsTest : public NodeFixture {
 protected:
  Status ingest(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  // A request CN submitted to US; acknowledged by US.
  std::string submitted() {
    auto body = complete_preservation();
    auto c = node::create_request(*node_, officer(), body);
    EXPECT_TRUE(c.is_ok()) << c.status().to_string();
    std::string id(doc(*c).at("id").as_string());
    auto s = node::request_event(*node_, officer(), id, json::parse(R"({"event":"submit"})"));
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    clock_.advance(std::chrono::hours(1));
    EXPECT_TRUE(ingest(us_record("request.event", id, {{"event", "acknowledge"}})).is_ok());
    return id;
  }
  void fulfil(const std::string& id) {
    clock_.advance(std::chrono::hours(1));
    Status st = ingest(us_record("request.event", id, {{"event", "fulfil"}}));
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  Status assess(const std::string& id, const std::string& body) {
    return reports::assess(*node_, officer(), id, json::parse(body)).status();
  }
  json::object pending() {
    auto p = reports::unassessed(*node_);
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    return p.is_ok() ? doc(*p) : json::object{};
  }
  json::object report(const std::string& id) {
    auto r = reports::get_report(*node_, id);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? doc(*r) : json::object{};
  }
  const reports::Period q4_{"2026-10-01T00:00:00Z", "2026-12-31T23:59:59Z"};
};

constexpr const char* kGood = R"({"completeness":4,"usability":5,"responsiveness":3})";

TEST_F(ReportsTest, TheRequesterAssessesTheResponseOnceTheRequestHasEnded) {
  std::string id = submitted();
  Status st = assess(id, kGood);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.field(), "state");
  EXPECT_EQ(pending().at("total").as_int64(), 0);
  fulfil(id);
  EXPECT_EQ(pending().at("total").as_int64(), 1);
  EXPECT_EQ(pending().at("items").as_array()[0].at("kind").as_string(), "response");

  auto a = reports::assess(*node_, officer(), id, json::parse(kGood));
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  json::object d = doc(*a);
  EXPECT_EQ(d.at("party").as_string(), "CN");
  EXPECT_EQ(d.at("kind").as_string(), "response");
  EXPECT_EQ(d.at("scores").at("usability").as_int64(), 5);
  EXPECT_EQ(d.at("version").as_int64(), 1);
  EXPECT_EQ(pending().at("total").as_int64(), 0);

  // A later record of the same author supersedes it.
  auto b = reports::assess(
      *node_, officer(), id,
      json::parse(R"({"kind":"response","completeness":2,"usability":2,"responsiveness":2,
                      "comment":{"original":"数据不完整","lang":"zh-CN","translation":"incomplete",
                                 "translation_lang":"en"}})"));
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  EXPECT_EQ(doc(*b).at("version").as_int64(), 2);
  EXPECT_EQ(doc(*b).at("scores").at("completeness").as_int64(), 2);
  auto list = reports::request_assessments(*node_, id);
  ASSERT_TRUE(list.is_ok());
  EXPECT_EQ(doc(*list).at("total").as_int64(), 1);
}

TEST_F(ReportsTest, BadAssessmentsAreRefusedNamingTheField) {
  std::string id = submitted();
  fulfil(id);
  auto expect = [&](const std::string& body, StatusCode code, const std::string& field) {
    Status st = assess(id, body);
    EXPECT_EQ(st.code(), code) << body << ": " << st.to_string();
    EXPECT_EQ(st.field(), field) << body;
  };
  expect(R"({"completeness":4,"usability":6,"responsiveness":3})", StatusCode::kInvalidArgument,
         "usability");
  expect(R"({"completeness":0,"usability":5,"responsiveness":3})", StatusCode::kInvalidArgument,
         "completeness");
  expect(R"({"completeness":4,"usability":5})", StatusCode::kInvalidArgument, "responsiveness");
  expect(R"({"completeness":4,"usability":5,"responsiveness":3,"mood":1})",
         StatusCode::kInvalidArgument, "mood");
  // The request's rubric is the requested party's (US), not this party's.
  expect(R"({"completeness_clarity":4,"legal_basis":5,"identifiers":3})",
         StatusCode::kInvalidArgument, "completeness_clarity");
  expect(R"({"kind":"request","completeness":4,"usability":5,"responsiveness":3})",
         StatusCode::kPermissionDenied, "kind");
  expect(R"({"completeness":4,"usability":5,"responsiveness":3,"comment":{"original":"x"}})",
         StatusCode::kInvalidArgument, "comment.lang");
  EXPECT_EQ(reports::assess(*node_, officer(), "nope", json::parse(kGood)).status().code(),
            StatusCode::kNotFound);
  node::Actor auditor{"aud", node::Role::kAuditor, "test"};
  EXPECT_EQ(reports::assess(*node_, auditor, id, json::parse(kGood)).status().code(),
            StatusCode::kPermissionDenied);
  auto list = reports::request_assessments(*node_, id);
  ASSERT_TRUE(list.is_ok());
  EXPECT_EQ(doc(*list).at("total").as_int64(), 0);  // nothing was written
}

TEST_F(ReportsTest, TheOtherPartysAssessmentIsVisibleAndTheWrongPartysIsRefused) {
  std::string id = submitted();
  // US cannot assess before the request ends, nor assess the response (CN's to assess).
  json::object request_scores{
      {"request_id", id}, {"completeness_clarity", 4}, {"legal_basis", 5}, {"identifiers", 3}};
  Status early = ingest(us_record(reports::kAssessRequest,
                                  id + ":" + reports::kAssessRequest + ":US", request_scores));
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition) << early.to_string();
  fulfil(id);
  Status wrong = ingest(us_record(
      reports::kAssessResponse, id + ":" + reports::kAssessResponse + ":US",
      {{"request_id", id}, {"completeness", 4}, {"usability", 5}, {"responsiveness", 3}}));
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied) << wrong.to_string();
  EXPECT_EQ(wrong.field(), "party");
  Status outside = ingest(us_record(
      reports::kAssessRequest, id + ":" + reports::kAssessRequest + ":US",
      {{"request_id", id}, {"completeness_clarity", 9}, {"legal_basis", 5}, {"identifiers", 3}}));
  EXPECT_EQ(outside.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(outside.field(), "completeness_clarity");
  Status unknown =
      ingest(us_record(reports::kAssessRequest, id + ":" + reports::kAssessRequest + ":US",
                       {{"request_id", id},
                        {"completeness_clarity", 4},
                        {"legal_basis", 5},
                        {"identifiers", 3},
                        {"extra", 1}}));
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.field(), "extra");
  Status ok = ingest(us_record(reports::kAssessRequest, id + ":" + reports::kAssessRequest + ":US",
                               request_scores));
  ASSERT_TRUE(ok.is_ok()) << ok.to_string();
  auto list = reports::request_assessments(*node_, id);
  ASSERT_TRUE(list.is_ok());
  json::object one = doc(*list).at("items").as_array()[0].as_object();
  EXPECT_EQ(one.at("party").as_string(), "US");
  EXPECT_EQ(one.at("kind").as_string(), "request");
  EXPECT_EQ(one.at("scores").at("legal_basis").as_int64(), 5);
}

TEST_F(ReportsTest, AReportCarriesItsPositionsAndIsJointlyAttestedByTheOthersCountersign) {
  auto bad = reports::report_spec_from_json(
      json::parse(R"({"from":"2026-12-31T00:00:00Z","to":"2026-10-01T00:00:00Z"})"));
  EXPECT_EQ(bad.status().field(), "from");
  auto unknown = reports::report_spec_from_json(
      json::parse(R"({"from":"2026-10-01T00:00:00Z","to":"2026-12-31T00:00:00Z","x":1})"));
  EXPECT_EQ(unknown.status().field(), "x");

  std::string id = submitted();
  fulfil(id);
  ASSERT_TRUE(assess(id, kGood).is_ok());
  auto published = reports::publish_report(*node_, officer(), {q4_, ""});
  ASSERT_TRUE(published.is_ok()) << published.status().to_string();
  json::object d = doc(*published);
  std::string report_id(d.at("id").as_string());
  EXPECT_EQ(d.at("state").as_string(), "published");
  EXPECT_FALSE(d.at("jointly_attested").as_bool());
  const auto& positions = d.at("positions").as_array();
  ASSERT_EQ(positions.size(), 2u);
  EXPECT_EQ(positions[0].at("origin").as_string(), "CN");
  EXPECT_EQ(positions[1].at("origin").as_string(), "US");
  EXPECT_EQ(positions[1].at("seq").as_int64(), 2);  // US's acknowledge and fulfil
  const auto& cn = d.at("figures").at("directions").at("CN->US").as_object();
  EXPECT_EQ(cn.at("requests").at("submitted").as_int64(), 1);
  EXPECT_EQ(cn.at("quality").at("response_assessments").at("usability").as_string(), "5.00");

  // Only the other party attests it, once, with the report's figures.
  auto own = reports::attest_report(*node_, officer(), report_id);
  EXPECT_EQ(own.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(own.status().field(), "id");
  EXPECT_EQ(reports::attest_report(*node_, officer(), "missing").status().field(), "id");
  const std::string sha(d.at("figures_sha256").as_string());
  Status ghost = ingest(us_record(
      reports::kReportDissent, "missing:attest:US",
      {{"report_id", "missing"},
       {"figures_sha256", sha},
       {"differences",
        json::array{json::object{{"figure", "x"}, {"published", "1"}, {"recomputed", "2"}}}}}));
  EXPECT_EQ(ghost.code(), StatusCode::kNotFound);
  EXPECT_EQ(ghost.field(), "report_id");
  Status wrong_sha =
      ingest(us_record(reports::kReportCountersign, report_id + ":attest:US",
                       {{"report_id", report_id}, {"figures_sha256", std::string(64, '0')}}));
  EXPECT_EQ(wrong_sha.field(), "figures_sha256");
  Status sign = ingest(us_record(reports::kReportCountersign, report_id + ":attest:US",
                                 {{"report_id", report_id}, {"figures_sha256", sha}}));
  ASSERT_TRUE(sign.is_ok()) << sign.to_string();
  json::object after = report(report_id);
  EXPECT_EQ(after.at("state").as_string(), "jointly_attested");
  EXPECT_TRUE(after.at("jointly_attested").as_bool());
  const auto& sigs = after.at("signatures").as_array();
  ASSERT_EQ(sigs.size(), 2u);
  EXPECT_EQ(sigs[1].at("party").as_string(), "US");
  EXPECT_EQ(sigs[1].at("key_fingerprint").as_string(),
            sha256_hex(us_key_.public_key()).substr(0, 32));
}

TEST_F(ReportsTest, ThisNodeCountersignsTheOthersReportOrDissentsNamingTheFigure) {
  std::string id = submitted();
  fulfil(id);
  ASSERT_TRUE(assess(id, kGood).is_ok());
  auto computed = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_TRUE(computed.is_ok()) << computed.status().to_string();
  auto us_report = [&](const std::string& figures) {
    json::array positions;
    for (const auto& p : computed->positions) {
      positions.push_back(json::object{{"origin", p.origin}, {"seq", p.seq}, {"hash", p.hash}});
    }
    std::string rid = new_uuid();
    Status st = ingest(us_record(reports::kReportPublish, rid,
                                 {{"period", {{"from", q4_.from}, {"to", q4_.to}}},
                                  {"positions", positions},
                                  {"party", "CN"},
                                  {"figures", figures},
                                  {"figures_sha256", sha256_hex(figures)}}));
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return rid;
  };
  std::string same = us_report(computed->figures);
  std::string changed = computed->figures;
  const std::string from = R"("usability":"5.00")";
  ASSERT_NE(changed.find(from), std::string::npos);
  changed.replace(changed.find(from), from.size(), R"("usability":"3.00")");
  std::string differs = us_report(changed);

  auto done = reports::attest_pending(*node_);
  ASSERT_TRUE(done.is_ok()) << done.status().to_string();
  EXPECT_EQ(*done, 2);
  EXPECT_EQ(report(same).at("state").as_string(), "jointly_attested");
  json::object disputed = report(differs);
  EXPECT_EQ(disputed.at("state").as_string(), "disputed");
  const auto& diffs = disputed.at("attestations").at(0).at("differences").as_array();
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].at("figure").as_string(),
            "directions.CN->US.quality.response_assessments.usability");
  EXPECT_EQ(diffs[0].at("published").as_string(), "\"3.00\"");
  EXPECT_EQ(diffs[0].at("recomputed").as_string(), "\"5.00\"");
  // Nothing is attested twice.
  auto again = reports::attest_pending(*node_);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(ReportsTest, TheReceiverOfALeadRecordsWhatCameOfIt) {
  // A lead from US to CN, as US would sign and send it.
  auto body = complete_preservation();
  body["type"] = "lead_sharing";
  body["requesting_party"] = "US";
  body["requested_party"] = "CN";
  auto content = model::content_from_json(body);
  ASSERT_TRUE(content.is_ok()) << content.status().to_string();
  std::string lead = new_uuid();
  ASSERT_TRUE(ingest(us_record("request.event", lead,
                               {{"event", "submit"}, {"content", model::to_json(*content)}}))
                  .is_ok());
  EXPECT_EQ(reports::lead_outcome(*node_, lead).status().field(), "outcome");
  auto record = [&](const std::string& b) {
    return reports::record_lead_outcome(*node_, officer(), lead, json::parse(b));
  };
  EXPECT_EQ(record(R"({"outcome":"forgotten"})").status().field(), "outcome");
  EXPECT_EQ(record(R"({"outcome":"no_action"})").status().field(), "reason");
  EXPECT_EQ(record(R"({"outcome":"opened_case","case":"x"})").status().field(), "case");
  auto opened = record(R"({"outcome":"opened_case","reference":"MPS-2026-17"})");
  ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
  EXPECT_EQ(doc(*opened).at("outcome").as_string(), "opened_case");
  auto none = record(R"({"outcome":"no_action","reason":"already known"})");
  ASSERT_TRUE(none.is_ok()) << none.status().to_string();
  json::object latest = doc(*reports::lead_outcome(*node_, lead));
  EXPECT_EQ(latest.at("outcome").as_string(), "no_action");
  EXPECT_EQ(latest.at("version").as_int64(), 2);

  // Not a lead, or a lead this party sent: refused naming the field, nothing written.
  std::string request = submitted();
  EXPECT_EQ(reports::record_lead_outcome(*node_, officer(), request,
                                         json::parse(R"({"outcome":"opened_case"})"))
                .status()
                .field(),
            "type");
  auto own = complete_preservation();
  own["type"] = "lead_sharing";
  auto c = node::create_request(*node_, officer(), own);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  std::string sent(doc(*c).at("id").as_string());
  ASSERT_TRUE(
      node::request_event(*node_, officer(), sent, json::parse(R"({"event":"submit"})")).is_ok());
  auto by_sender = reports::record_lead_outcome(*node_, officer(), sent,
                                                json::parse(R"({"outcome":"opened_case"})"));
  EXPECT_EQ(by_sender.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(by_sender.status().field(), "party");
  // The receiver's record arrives at the sender's node (US's outcome of CN's lead).
  Status st = ingest(us_record(reports::kLeadOutcome, sent + ":lead.outcome:US",
                               {{"request_id", sent}, {"outcome", "passed_to_authority"}}));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(doc(*reports::lead_outcome(*node_, sent)).at("outcome").as_string(),
            "passed_to_authority");
}

// The figures read the facts apply() keeps of each record (report_facts). A data directory
// of before the table gets it filled from its stored records when the node opens, with the
// same figures; a damaged facts row stops the computation naming the table.
TEST_F(ReportsTest, TheFiguresFactsAreFilledForEarlierRecordsAndADamagedRowIsNamed) {
  std::string id = submitted();
  fulfil(id);
  ASSERT_TRUE(assess(id, kGood).is_ok());
  auto before = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_TRUE(before.is_ok()) << before.status().to_string();
  auto count = [&](const std::string& sql) {
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
  };
  const int64_t facts = count("SELECT count(*) FROM report_facts");
  // CN's submit and assessment, US's acknowledge and fulfil (a draft is not counted).
  EXPECT_EQ(facts, 4);
  // A row's document starts with its kind's code (figure_facts.cc): 'e' is request.event.
  EXPECT_EQ(count("SELECT count(*) FROM report_facts WHERE instr(id, 'US:') = 1 AND "
                  "instr(doc, 'K1:e') = 1"),
            2);
  // As a data directory of before reports/4: no table, the step not run.
  ASSERT_TRUE(node_->pool()
                  .write([](store::Db& db) {
                    return db.exec(
                        "DROP TABLE report_facts; DELETE FROM schema_steps WHERE name = "
                        "'reports/4'");
                  })
                  .is_ok());
  node_.reset();
  auto reopened = liaison::app::open_node(dir_, clock_);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  node_ = std::move(*reopened);
  EXPECT_EQ(count("SELECT count(*) FROM report_facts"), facts);
  auto after = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_TRUE(after.is_ok()) << after.status().to_string();
  EXPECT_EQ(after->figures, before->figures);
  // As a data directory of before reports/5, whose rows were JSON: the step rebuilds them.
  ASSERT_TRUE(node_->pool()
                  .write([](store::Db& db) {
                    return db.exec(
                        "UPDATE report_facts SET doc = '{\"kind\":\"request.event\"}'; "
                        "DELETE FROM schema_steps WHERE name = 'reports/5'");
                  })
                  .is_ok());
  node_.reset();
  reopened = liaison::app::open_node(dir_, clock_);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  node_ = std::move(*reopened);
  EXPECT_EQ(count("SELECT count(*) FROM report_facts WHERE instr(doc, 'K1:') = 1"), facts);
  auto rebuilt = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_TRUE(rebuilt.is_ok()) << rebuilt.status().to_string();
  EXPECT_EQ(rebuilt->figures, before->figures);
  // A facts row that is not the observer's document is named, not skipped.
  ASSERT_TRUE(node_->pool()
                  .write([](store::Db& db) {
                    return db.exec(
                        "UPDATE report_facts SET doc = '{}' WHERE id = (SELECT max(id) FROM "
                        "report_facts WHERE instr(id, 'US:') = 1)");
                  })
                  .is_ok());
  auto damaged = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_FALSE(damaged.is_ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kInternal);
  EXPECT_NE(damaged.status().message().find("report_facts"), std::string::npos)
      << damaged.status().to_string();
}

}  // namespace
}  // namespace liaison::testing
