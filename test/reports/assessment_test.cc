// The reports' typed assessment projection (reports/assessment.h): a stored assessment reads
// back into its type and writes out byte for byte; a bad member is refused naming it; a
// damaged row beside a good one is left out of the request's list, and asked for by id it is
// an internal error (a 500). The test plays US with its key.
#include "reports/assessment.h"

#include <gtest/gtest.h>

#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "reports/repository.h"
#include "reports/service.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class AssessmentProjection : public NodeFixture {
 protected:
  Status ingest(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  // A request CN submitted to US, acknowledged and fulfilled by US.
  std::string ended() {
    auto c = node::create_request(*node_, officer(), complete_preservation());
    EXPECT_TRUE(c.is_ok()) << c.status().to_string();
    std::string id(doc(*c).at("id").as_string());
    EXPECT_TRUE(
        node::request_event(*node_, officer(), id, json::parse(R"({"event":"submit"})")).is_ok());
    clock_.advance(std::chrono::hours(1));
    EXPECT_TRUE(ingest(us_record("request.event", id, {{"event", "acknowledge"}})).is_ok());
    clock_.advance(std::chrono::hours(1));
    EXPECT_TRUE(ingest(us_record("request.event", id, {{"event", "fulfil"}})).is_ok());
    return id;
  }
  std::string stored(const std::string& id) {
    std::string text;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(
                          store::Stmt q,
                          db.prepare("SELECT doc FROM report_assessments WHERE id=?"));
                      q.bind(1, id);
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      if (row) text = q.text(0);
                      return Status::ok();
                    })
                    .is_ok());
    return text;
  }
};

TEST_F(AssessmentProjection, AStoredAssessmentReadsBackAndWritesOutByteForByte) {
  const std::string req = ended();
  auto a = reports::assess(
      *node_, officer(), req,
      json::parse(R"({"completeness":4,"usability":5,"responsiveness":3,)"
                  R"("comment":{"original":"数据不完整","lang":"zh-CN","translation":""}})"));
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  const std::string id(doc(*a).at("id").as_string());
  const std::string text = stored(id);
  auto typed = reports::assessment_from_text(text);
  ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
  EXPECT_EQ(typed->kind, "response");
  EXPECT_EQ(typed->scores.at("usability"), 5);
  ASSERT_TRUE(typed->comment.has_value());
  EXPECT_EQ(typed->comment->translation, std::optional<std::string>(""));  // kept, though empty
  EXPECT_FALSE(typed->comment->translation_lang.has_value());
  EXPECT_EQ(*ledger::canonical_json(reports::to_doc(*typed)), text);  // as put_doc stores it
  EXPECT_EQ(*ledger::canonical_json(json::parse(*a)), text);          // and as the API answers

  auto bad = reports::assessment_from_text(
      R"({"id":"x","request_id":"r","kind":"response","party":"CN","scores":{"usability":"5"},)"
      R"("comment":null,"version":1})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "scores");
  auto no_lang = reports::assessment_from_text(
      R"({"id":"x","request_id":"r","kind":"request","party":"CN","scores":{},)"
      R"("comment":{"original":"x"},"version":1})");
  ASSERT_FALSE(no_lang.is_ok());
  EXPECT_EQ(no_lang.status().field(), "comment");
}

TEST_F(AssessmentProjection, ADamagedAssessmentIsLeftOutOfTheListAndIsA500ById) {
  const std::string req = ended();
  ASSERT_TRUE(reports::assess(*node_, officer(), req,
                              json::parse(R"({"completeness":4,"usability":5,"responsiveness":3})"))
                  .is_ok());
  const std::string damaged = req + ":assessment.request:US";
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                                             db.prepare("INSERT INTO report_assessments(id, doc, "
                                                        "last_record) VALUES (?, ?, 'US:1')"));
                    q.bind(1, damaged)
                        .bind(2, R"({"id":")" + damaged + R"(","request_id":")" + req +
                                     R"(","kind":"request","party":"US","scores":[],"version":1})");
                    return q.run();
                  })
                  .is_ok());
  auto list = reports::request_assessments(*node_, req);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  json::object l = doc(*list);
  EXPECT_EQ(l.at("total"), 1);
  EXPECT_EQ(str_of(l.at("items").at(0).as_object(), "party"), "CN");
  Status one = node_->pool().read(
      [&](store::Db& db) -> Status { return reports::assessment(db, damaged).status(); });
  EXPECT_EQ(one.code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace liaison::testing
