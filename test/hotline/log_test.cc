// The hotline log's and drills' typed projections (hotline/contact.h, hotline/drill.h): a
// stored contact, drill and drill stub read back into their types and write out byte for
// byte; a bad member is refused naming it; a damaged row beside good ones is left out of the
// list (and of the usage review), and asked for by id it is an internal error (a 500).
#include <gtest/gtest.h>

#include "common/json_fields.h"
#include "hotline/contact.h"
#include "hotline/drill.h"
#include "hotline/kinds.h"
#include "hotline/repository.h"
#include "hotline/service.h"
#include "ledger/canonical_json.h"
#include "node/fixture.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class HotlineLogProjections : public NodeFixture {
 protected:
  node::Actor admin() { return node::Actor{"admin", node::Role::kAdministrator, "test"}; }
  template <typename T>
  static std::string written(const T& typed) {
    auto text = ledger::canonical_json(hotline::to_doc(typed));  // as put_doc stores it
    EXPECT_TRUE(text.is_ok());
    return text.is_ok() ? *text : "";
  }
  std::string log_contact(const char* summary, bool drill) {
    auto made = node::log_hotline_contact(
        *node_, officer(),
        json::object{{"tier", 2},
                     {"caller", json::object{{"party", "CN"}, {"name", "Li Na"}}},
                     {"callee", json::object{{"party", "US"}, {"name", "Bob Smith"}}},
                     {"channel", "phone"},
                     {"started_at", "2026-03-08T05:00:00Z"},
                     {"answered_at", "2026-03-08T05:01:00Z"},
                     {"summary", summary},
                     {"request_ids", json::array{"r-1", "r-2"}},
                     {"action_items", json::array{json::object{{"text", "send the logs"},
                                                               {"owner", "Bob Smith"},
                                                               {"due", "2026-03-09"}}}},
                     {"drill", drill}});
    EXPECT_TRUE(made.is_ok()) << made.status().to_string();
    return made.is_ok() ? std::string(doc(*made).at("id").as_string()) : "";
  }
};

TEST_F(HotlineLogProjections, AStoredContactReadsBackAndWritesOutByteForByte) {
  const std::string id = log_contact("preservation of the logs", false);
  const std::string text = stored("hotline_contacts", id);
  auto c = hotline::hotline_contact_from_text(text);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->tier, 2);
  EXPECT_EQ(c->callee.name, "Bob Smith");
  EXPECT_EQ(c->request_ids, (std::vector<std::string>{"r-1", "r-2"}));
  ASSERT_EQ(c->action_items.size(), 1u);
  EXPECT_EQ(c->action_items[0].due, "2026-03-09");
  EXPECT_EQ(c->logged_by, "officer");
  EXPECT_EQ(written(*c), text);

  auto bad = hotline::hotline_contact_from_text(
      R"({"id":"x","party":"CN","tier":2,"caller":{"party":"CN","name":"a"},"callee":"US",)"
      R"("channel":"phone","started_at":"2026-03-08T05:00:00Z","request_ids":[],)"
      R"("action_items":[],"drill":false})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "callee");
  auto no_drill = hotline::hotline_contact_from_text(
      R"({"id":"x","party":"CN","tier":2,"caller":{"party":"CN","name":"a"},)"
      R"("callee":{"party":"US","name":"b"},"channel":"phone",)"
      R"("started_at":"2026-03-08T05:00:00Z","request_ids":[],"action_items":[]})");
  ASSERT_FALSE(no_drill.is_ok());
  EXPECT_EQ(no_drill.status().field(), "drill");
}

TEST_F(HotlineLogProjections, ADamagedContactIsLeftOutOfTheLogAndTheReviewAndIsA500ById) {
  const std::string good = log_contact("a real call", false);
  log_contact("a drill call", true);
  put_raw("hotline_contacts", "damaged-1",
          R"({"id":"damaged-1","party":"CN","tier":"two","started_at":"2026-03-08T06:00:00Z"})");
  auto list = node::list_hotline_contacts(*node_);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 2u);
  for (const auto& c : *list) EXPECT_NE(c.id, "damaged-1");

  auto review = node::hotline_review(*node_, "", "");
  ASSERT_TRUE(review.is_ok()) << review.status().to_string();
  json::object r = doc(*review);
  EXPECT_EQ(r.at("contacts_by_tier").at("2"), 1);
  EXPECT_EQ(r.at("drill_contacts"), 1);

  auto one = node_->pool().read(
      [&](store::Db& db) -> Status { return hotline::hotline_contact(db, "damaged-1").status(); });
  EXPECT_EQ(one.code(), StatusCode::kInternal);
  auto fine = node_->pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto c, hotline::hotline_contact(db, good));
    if (!c || c->summary != "a real call") return internal_error("not the contact logged");
    return Status::ok();
  });
  EXPECT_TRUE(fine.is_ok()) << fine.to_string();
}

TEST_F(HotlineLogProjections, AStoredDrillAndAStubReadBackAndWriteOutByteForByte) {
  auto started = node::start_drill(*node_, admin(),
                                   json::object{{"tiers", json::array{1, 2}},
                                                {"ack_within_seconds", 600},
                                                {"scheduled_for", "2026-03-08T05:00:00Z"}});
  ASSERT_TRUE(started.is_ok()) << started.status().to_string();
  const std::string id(doc(*started).at("id").as_string());
  // US pages its tier 1; a page for a drill not yet started here is kept in a stub.
  ingest(us_record(hotline::kDrillPage, id + ":US:1",
                   json::object{{"drill_id", id}, {"tier", 1}, {"user", "bob"}}));
  ingest(us_record(hotline::kDrillPage, "later:US:2",
                   json::object{{"drill_id", "later"}, {"tier", 2}, {"user", "ann"}}));

  const std::string text = stored("drills", id);
  auto d = hotline::drill_from_text(text);
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_FALSE(d->stub);
  EXPECT_EQ(d->tiers, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(d->parties, (std::vector<std::string>{"CN", "US"}));
  ASSERT_EQ(d->pages.count("US:1"), 1u);
  EXPECT_EQ(d->pages.at("US:1").user, "bob");
  EXPECT_EQ(written(*d), text);

  const std::string stub_text = stored("drills", "later");
  auto stub = hotline::drill_from_text(stub_text);
  ASSERT_TRUE(stub.is_ok()) << stub.status().to_string();
  EXPECT_TRUE(stub->stub);
  EXPECT_EQ(stub->pages.at("US:2").user, "ann");
  EXPECT_EQ(written(*stub), stub_text);

  // The API shows the stored document with the results after it.
  auto drills = node::list_drills(*node_, admin());
  ASSERT_TRUE(drills.is_ok()) << drills.status().to_string();
  ASSERT_EQ(drills->size(), 1u);
  json::object shown = doc(drills->front());
  ASSERT_EQ(shown.at("results").as_array().size(), 4u);
  EXPECT_EQ(shown.at("results").at(2).at("paged_user"), "bob");  // US, tier 1
  for (const char* k : {"results", "can_acknowledge", "drill"}) shown.erase(k);
  EXPECT_EQ(*ledger::canonical_json(shown), text);

  auto bad = hotline::drill_from_text(
      R"({"id":"x","owner":"CN","scheduled_for":"2026-03-08T05:00:00Z",)"
      R"("ack_within_seconds":600,"tiers":[1,4],"parties":["CN"],"pages":{},"acks":{}})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "tiers");
}

TEST_F(HotlineLogProjections, ADamagedDrillIsLeftOutOfTheListAndIsA500ById) {
  auto started = node::start_drill(*node_, admin(),
                                   json::object{{"tiers", json::array{1}},
                                                {"ack_within_seconds", 600},
                                                {"scheduled_for", "2026-03-08T05:00:00Z"}});
  ASSERT_TRUE(started.is_ok()) << started.status().to_string();
  const std::string id(doc(*started).at("id").as_string());
  put_raw("drills", "damaged-drill",
          R"({"id":"damaged-drill","owner":"CN","scheduled_for":"2026-03-08T05:00:00Z",)"
          R"("ack_within_seconds":600,"tiers":[1],"parties":["CN"],"pages":[],"acks":{}})");
  put_raw("drills", "not-json", "{\"id\":");
  auto drills = node::list_drills(*node_, admin());
  ASSERT_TRUE(drills.is_ok()) << drills.status().to_string();
  ASSERT_EQ(drills->size(), 1u);
  EXPECT_EQ(str_of(doc(drills->front()), "id"), id);
  auto review = node::hotline_review(*node_, "", "");
  ASSERT_TRUE(review.is_ok()) << review.status().to_string();
  EXPECT_EQ(doc(*review).at("drills").at("total"), 1);
  auto ack = node::acknowledge_drill(*node_, admin(), "damaged-drill", json::object{{"tier", 1}});
  ASSERT_FALSE(ack.is_ok());
  EXPECT_EQ(ack.status().code(), StatusCode::kInternal);
}

// Issue 15's store seam: drills are filtered and ordered in C++ rather than by SQLite's
// json_valid(), so a document that is not JSON, a stub or a time that is not text is left out
// of what is due (with a log line), and the list is newest first whatever the rows' order.
TEST_F(HotlineLogProjections, DueDrillsSkipDamagedDocumentsStubsAndTheFuture) {
  const std::string drill_doc =
      R"("owner":"CN","started_by":"admin","ack_within_seconds":600,"tiers":[1],)"
      R"("parties":["CN"],"pages":{},"acks":{})";
  auto drill_at = [&](const std::string& id, const std::string& created,
                      const std::string& scheduled) {
    return R"({"id":")" + id + R"(","created_at":")" + created + R"(","scheduled_for":)" +
           scheduled + "," + drill_doc + "}";
  };
  put_raw("drills", "not-json", "{\"id\":");
  put_raw("drills", "older", drill_at("older", "2026-03-01T00:00:00Z", "\"2026-03-08T05:00:00Z\""));
  put_raw("drills", "stub", R"({"id":"stub","stub":true,"pages":{},"acks":{}})");
  put_raw("drills", "future",
          drill_at("future", "2026-03-02T00:00:00Z", "\"2026-03-09T00:00:00Z\""));
  put_raw("drills", "number", drill_at("number", "2026-03-03T00:00:00Z", "20260301"));
  put_raw("drills", "newer", drill_at("newer", "2026-03-04T00:00:00Z", "\"2026-03-08T06:00:00Z\""));
  std::vector<std::string> due_ids, listed;
  ASSERT_TRUE(node_->pool()
                  .read([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(auto due,
                                             hotline::due_drills(db, "2026-03-08T06:00:00Z"));
                    for (const auto& d : due) due_ids.push_back(str_of(d, "id"));
                    LIAISON_ASSIGN_OR_RETURN(auto newest, hotline::drills(db, true));
                    for (const auto& d : newest) listed.push_back(d.id);
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(due_ids, (std::vector<std::string>{"older", "newer"}));
  // The list reads typed drills: "number" is damaged too (scheduled_for is text there).
  EXPECT_EQ(listed, (std::vector<std::string>{"newer", "future", "older"}));
}

}  // namespace
}  // namespace liaison::testing
