// The reports' typed priority-case projection (reports/priority_case.h): a stored case, after
// its proposal, acceptance and status updates of both parties, reads back into its type and
// writes out byte for byte; a bad member is refused naming it; a damaged row beside a good one
// is left out of the list and of the hotline's clock feed, and asked for by id it is an
// internal error (a 500). The test plays US with its key.
#include "reports/priority_case.h"

#include <gtest/gtest.h>

#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "reports/case_clocks.h"
#include "reports/cases.h"
#include "reports/kinds.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class PriorityCaseProjection : public NodeFixture {
 protected:
  Status ingest(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  static json::object text(const char* s, const char* lang = "en") {
    return json::object{{"original", s}, {"lang", lang}};
  }
  std::string stored(const std::string& id) {
    std::string t;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(
                          store::Stmt q, db.prepare("SELECT doc FROM priority_cases WHERE id=?"));
                      q.bind(1, id);
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      if (row) t = q.text(0);
                      return Status::ok();
                    })
                    .is_ok());
    return t;
  }
  // A case CN proposed, US accepted, and each party reported on once.
  std::string reported_case() {
    json::object title = text("勒索软件团伙", "zh-CN");
    title["translation"] = "a ransomware gang";
    title["translation_lang"] = "en";
    auto p = reports::propose_case(
        *node_, officer(),
        json::object{{"title", title},
                     {"area", "hacking"},
                     {"requests", json::array{json::value(submitted_request())}},
                     {"lead_officer", json::object{{"name", "Li Wei"}, {"phone", "+86 10 1"}}},
                     {"interval_days", 14}});
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    const std::string id = p.is_ok() ? str_of(doc(*p), "id") : "";
    EXPECT_TRUE(
        ingest(us_record(reports::kCaseAccept, id,
                         {{"case_id", id},
                          {"lead_officer", json::object{{"name", "J. Smith"}, {"title", ""}}}}))
            .is_ok());
    json::object update{{"phase", "active"},
                        {"state", text("suspects identified")},
                        {"actions", text("servers seized")},
                        {"next_steps", text("interviews")},
                        {"blockers", text("none", "en")}};
    EXPECT_TRUE(reports::post_case_status(*node_, officer(), id, update).is_ok());
    update.erase("blockers");
    update["case_id"] = id;
    EXPECT_TRUE(ingest(us_record(reports::kCaseStatus, id, update)).is_ok());
    return id;
  }
};

TEST_F(PriorityCaseProjection, AStoredCaseReadsBackAndWritesOutByteForByte) {
  const std::string id = reported_case();
  const std::string t = stored(id);
  auto c = reports::priority_case_from_text(t);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->state, "accepted");
  EXPECT_EQ(c->interval_days, 14);
  EXPECT_EQ(c->title.translation, std::optional<std::string>("a ransomware gang"));
  EXPECT_EQ(c->lead_officers.at("CN").phone, std::optional<std::string>("+86 10 1"));
  EXPECT_EQ(c->lead_officers.at("US").title, std::optional<std::string>(""));
  ASSERT_EQ(c->reports.size(), 2u);
  EXPECT_TRUE(c->reports[0].blockers.has_value());
  EXPECT_FALSE(c->reports[1].blockers.has_value());
  EXPECT_EQ(c->updates_of("US"), 1);
  EXPECT_EQ(c->latest.at("US").phase, "active");
  EXPECT_EQ(*ledger::canonical_json(reports::to_doc(*c)), t);  // as put_doc stores it

  // The API shows the stored document with the clocks after it.
  auto shown = reports::get_case(*node_, id);
  ASSERT_TRUE(shown.is_ok()) << shown.status().to_string();
  json::object o = doc(*shown);
  ASSERT_EQ(o.at("clocks").as_array().size(), 2u);
  o.erase("clocks");
  EXPECT_EQ(*ledger::canonical_json(o), t);

  auto bad = reports::priority_case_from_text(
      R"({"id":"x","proposer":"CN","party":"US","title":{"original":"t","lang":"en"},)"
      R"("interval_days":30,"state":"open","requests":[],"lead_officers":{},"reports":[],)"
      R"("latest":{},"next_due":{}})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "state");
  auto no_title = reports::priority_case_from_text(
      R"({"id":"x","proposer":"CN","party":"US","interval_days":30,"state":"proposed"})");
  ASSERT_FALSE(no_title.is_ok());
  EXPECT_EQ(no_title.status().field(), "title");
}

TEST_F(PriorityCaseProjection, ADamagedCaseIsLeftOutOfTheListAndTheClocksAndIsA500ById) {
  const std::string good = reported_case();
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    return db.exec(
                        "INSERT INTO priority_cases(id, doc, last_record) VALUES ('damaged-5', "
                        "'{\"id\":\"damaged-5\",\"proposer\":\"CN\",\"party\":\"US\","
                        "\"title\":{\"original\":\"t\",\"lang\":\"en\"},\"interval_days\":1,"
                        "\"state\":\"accepted\",\"proposed_at\":\"2026-01-01T00:00:00Z\","
                        "\"requests\":[],\"lead_officers\":{},\"reports\":[],\"latest\":{},"
                        "\"next_due\":{\"US\":7}}', 'CN:1')");
                  })
                  .is_ok());
  auto list = reports::list_cases(*node_, "");
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(str_of(list->at(0).as_object(), "id"), good);
  auto one = reports::get_case(*node_, "damaged-5");
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
  // The hotline's clock feed reads the running cases: the damaged one is not among them, and
  // the good one owes nothing yet.
  auto overdue = reports::case_clock_feed().overdue(*node_, "CN", node_->clock().now());
  ASSERT_TRUE(overdue.is_ok()) << overdue.status().to_string();
  EXPECT_TRUE(overdue->empty());
}

}  // namespace
}  // namespace liaison::testing
