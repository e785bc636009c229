// The sharing capability's typed projections (sharing/projections.h): a stored indicator set,
// indicator and sighting read back into their types and write out byte for byte; a bad member
// is refused naming it; a damaged row beside good ones is left out of a list, and asked for by
// id it is an internal error (a 500), while the node keeps serving the others.
#include "sharing/projections.h"

#include <gtest/gtest.h>

#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "node/fixture.h"
#include "sharing/kinds.h"
#include "sharing/repository.h"
#include "sharing/service.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class SharingProjections : public NodeFixture {
 protected:
  template <typename T>
  static std::string written(const T& typed) {
    auto text = ledger::canonical_json(sharing::to_doc(typed));  // as put_doc stores it
    EXPECT_TRUE(text.is_ok());
    return text.is_ok() ? *text : "";
  }
};

TEST_F(SharingProjections, AStoredSetAndItsIndicatorsReadBackAndWriteOutByteForByte) {
  auto made = node::create_indicator_set(
      *node_, officer(),
      json::object{{"name", "phishing hosts"},
                   {"description", "seen in March"},
                   {"tlp", "amber"},
                   {"recipients", json::array{"US"}},
                   {"indicators",
                    json::array{"192.0.2.1", json::object{{"value", "evil.example"},
                                                          {"confidence", 80},
                                                          {"valid_until", "2027-01-01T00:00:00Z"},
                                                          {"tags", json::array{"a", "b"}}}}}});
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  const std::string id(doc(*made).at("id").as_string());
  ASSERT_TRUE(node::update_indicator_set(*node_, officer(), id,
                                         json::object{{"remove", json::array{"192.0.2.1"}}})
                  .is_ok());

  const std::string set_text = stored("indicator_sets", id);
  auto set = sharing::indicator_set_from_text(set_text);
  ASSERT_TRUE(set.is_ok()) << set.status().to_string();
  EXPECT_EQ(set->name, "phishing hosts");
  EXPECT_EQ(set->indicator_count, 1);
  EXPECT_EQ(set->version, 2);
  EXPECT_EQ(set->recipients, std::vector<std::string>{"US"});
  EXPECT_EQ(written(*set), set_text);

  const std::string live_text = stored("indicators", id + ":evil.example");
  auto live = sharing::indicator_from_text(live_text);
  ASSERT_TRUE(live.is_ok()) << live.status().to_string();
  EXPECT_EQ(live->confidence, 80);
  EXPECT_EQ(live->tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(live->removed);
  EXPECT_EQ(written(*live), live_text);
  const std::string gone_text = stored("indicators", id + ":192.0.2.1");
  auto gone = sharing::indicator_from_text(gone_text);
  ASSERT_TRUE(gone.is_ok()) << gone.status().to_string();
  EXPECT_TRUE(gone->removed);
  EXPECT_EQ(gone->removed_at, node_->now());
  EXPECT_EQ(written(*gone), gone_text);

  // The API's answer is the stored document, member for member.
  auto shown = node::get_indicator_set(*node_, id);
  ASSERT_TRUE(shown.is_ok()) << shown.status().to_string();
  json::object shown_doc = doc(*shown);
  ASSERT_TRUE(shown_doc.contains("effectiveness"));
  shown_doc.erase("effectiveness");
  EXPECT_EQ(*ledger::canonical_json(shown_doc), set_text);
}

TEST_F(SharingProjections, ASightingAndItsFeedbackReadBackAndWriteOutByteForByte) {
  // US publishes a set to CN; CN's sweep reports a sighting and gives feedback on it.
  ingest(us_record(sharing::kIndicatorSet, "us-set-1",
                   json::object{{"name", "C2"},
                                {"tlp", "green"},
                                {"added", json::array{json::object{{"value", "198.51.100.7"}}}},
                                {"removed", json::array{}}}));
  auto n = node::record_sightings(
      *node_, officer(), {{{"us-set-1", "198.51.100.7"}, node::SweepSighting{3, "", ""}}}, "fw");
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  ASSERT_EQ(*n, 1);
  const std::string sid = "us-set-1:198.51.100.7:CN";
  const std::string before = stored("sightings", sid);
  auto plain = sharing::sighting_from_text(before);
  ASSERT_TRUE(plain.is_ok()) << plain.status().to_string();
  EXPECT_EQ(plain->count, 3);
  EXPECT_FALSE(plain->feedback.has_value());
  EXPECT_EQ(written(*plain), before);

  auto fb = node::sighting_feedback(
      *node_, officer(), sid,
      json::object{{"false_positive", true}, {"action", "blocked"}, {"note", "a CDN"}});
  ASSERT_TRUE(fb.is_ok()) << fb.status().to_string();
  const std::string after = stored("sightings", sid);
  auto with = sharing::sighting_from_text(after);
  ASSERT_TRUE(with.is_ok()) << with.status().to_string();
  ASSERT_TRUE(with->feedback.has_value());
  EXPECT_TRUE(with->feedback->false_positive);
  EXPECT_EQ(with->feedback->action, "blocked");
  EXPECT_EQ(written(*with), after);
  EXPECT_EQ(*fb, json::serialize(json::parse(after)));  // the answer is the stored document
}

// Issue 15's store seam: the feedback latency is computed in C++ from the two RFC 3339 times
// (it was SQLite's julianday()), per reporting party in party order; a time that does not read
// leaves its sighting out of the mean only.
TEST_F(SharingProjections, SightingsByPartyCountAndAverageTheLatencyOfEachReporter) {
  put_raw("indicators", "s-1:a",
          R"({"set_id":"s-1","value":"a","added_at":"2026-03-01T00:00:00Z"})");
  put_raw("indicators", "s-1:b",
          R"({"set_id":"s-1","value":"b","added_at":"2026-03-01T00:00:00.250Z"})");
  put_raw("sightings", "s-1:a:US",
          R"({"set_id":"s-1","indicator":"a","reporter":"US","count":2,)"
          R"("reported_at":"2026-03-01T01:00:00Z","feedback":{"false_positive":true}})");
  put_raw("sightings", "s-1:b:US",
          R"({"set_id":"s-1","indicator":"b","reporter":"US","count":5,)"
          R"("reported_at":"2026-03-01T08:00:01+08:00"})");
  put_raw("sightings", "s-1:a:CN",
          R"({"set_id":"s-1","indicator":"a","reporter":"CN","count":1,"reported_at":"soon"})");
  std::vector<sharing::PartySightings> got;
  ASSERT_TRUE(node_->pool()
                  .read([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(got, sharing::sightings_by_party(db, "s-1"));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].party, "CN");
  EXPECT_EQ(got[0].indicators_sighted, 1);
  EXPECT_EQ(got[0].hits, 1);
  EXPECT_EQ(got[0].false_positives, 0);
  EXPECT_EQ(got[0].mean_latency_seconds, 0.0);
  EXPECT_EQ(got[1].party, "US");
  EXPECT_EQ(got[1].indicators_sighted, 2);
  EXPECT_EQ(got[1].hits, 7);
  EXPECT_EQ(got[1].false_positives, 1);
  EXPECT_DOUBLE_EQ(got[1].mean_latency_seconds, (3600.0 + 0.75) / 2);
}

TEST_F(SharingProjections, ABadMemberIsRefusedNamingIt) {
  auto set = sharing::indicator_set_from_text(
      R"({"created_at":"2026-03-08T05:00:00Z","description":"","id":"s","indicator_count":"2",)"
      R"("name":"n","publisher":"CN","recipients":[],"tlp":"green","updated_at":"","version":1})");
  ASSERT_FALSE(set.is_ok());
  EXPECT_EQ(set.status().field(), "indicator_count");
  auto ind = sharing::indicator_from_text(
      R"({"added_at":"","confidence":50,"first_seen":"","id":"s:x","last_seen":"",)"
      R"("removed":"no","removed_at":"","set_id":"s","tags":[],"type":"domain",)"
      R"("valid_until":"","value":"x"})");
  ASSERT_FALSE(ind.is_ok());
  EXPECT_EQ(ind.status().field(), "removed");
  auto sighting = sharing::sighting_from_text(
      R"({"count":1,"feedback":"yes","first_seen":"","id":"a:b:CN","indicator":"b",)"
      R"("last_seen":"","reported_at":"","reporter":"CN","set_id":"a","updated_at":"",)"
      R"("where":""})");
  ASSERT_FALSE(sighting.is_ok());
  EXPECT_EQ(sighting.status().field(), "feedback");
  auto no_tags = sharing::indicator_from_text(R"({"id":"s:x","set_id":"s","value":"x",)"
                                              R"("type":"domain","confidence":50})");
  ASSERT_FALSE(no_tags.is_ok());
  EXPECT_EQ(no_tags.status().field(), "tags");
}

TEST_F(SharingProjections, ADamagedRowIsLeftOutOfItsListAndIsA500ById) {
  auto made = node::create_indicator_set(
      *node_, officer(),
      json::object{{"name", "good"}, {"tlp", "green"}, {"indicators", json::array{"192.0.2.9"}}});
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  const std::string id(doc(*made).at("id").as_string());
  put_raw("indicator_sets", "damaged-set",
          R"({"id":"damaged-set","publisher":"CN","name":"bad","tlp":"green",)"
          R"("created_at":"2026-03-08T05:00:00Z","recipients":"US","indicator_count":0,)"
          R"("version":1,"updated_at":"2026-03-08T05:00:00Z"})");
  put_raw("indicators", id + ":bad.example",
          R"({"id":")" + id + R"(:bad.example","set_id":")" + id +
              R"(","value":"bad.example","type":"domain","confidence":"high","tags":[],)"
              R"("removed":false})");
  put_raw("sightings", "s:x:US",
          R"({"id":"s:x:US","set_id":"s","indicator":"x","reporter":"US","count":-0.5})");

  auto sets = node::list_indicator_sets(*node_);
  ASSERT_TRUE(sets.is_ok()) << sets.status().to_string();
  ASSERT_EQ(sets->size(), 1u);
  EXPECT_EQ(sets->front().id, id);
  auto one = node::get_indicator_set(*node_, "damaged-set");
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
  EXPECT_EQ(node::get_indicator_set(*node_, "no-such-set").status().code(), StatusCode::kNotFound);

  int64_t total = 0;
  auto inds = node::list_indicators(*node_, id, 1, 100, total);
  ASSERT_TRUE(inds.is_ok()) << inds.status().to_string();
  ASSERT_EQ(inds->size(), 1u);
  EXPECT_EQ(inds->front().value, "192.0.2.9");

  auto sightings = node::list_sightings(*node_, "");
  ASSERT_TRUE(sightings.is_ok()) << sightings.status().to_string();
  EXPECT_TRUE(sightings->empty());
  auto fb =
      node::sighting_feedback(*node_, officer(), "s:x:US", json::object{{"false_positive", false}});
  ASSERT_FALSE(fb.is_ok());
  EXPECT_EQ(fb.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace liaison::testing
