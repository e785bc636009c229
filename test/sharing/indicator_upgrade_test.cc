// The upgrade path of indicator values (issue 15). Before one normaliser served requests and
// indicator sets (ident/), an IPv6 indicator was kept as written ("2001:DB8:0:0:0:0:0:1"); today
// it is RFC 5952's text ("2001:db8::1"). The records signed then say so forever: a set's record
// is normalised by apply() as it always was, but a sighting names the indicator in its
// reporter's text, and an older node's projections hold the older text. Today's apply() takes
// a sighting (and feedback on it) in the older text under today's, and schema step sharing/2
// rewrites the projections an older node stored. The test plays US with its key.
#include <gtest/gtest.h>

#include "app/compose.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "node/fixture.h"
#include "sharing/kinds.h"
#include "sharing/projections.h"
#include "sharing/service.h"
#include "store/db.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

constexpr const char* kOldText = "2001:DB8:0:0:0:0:0:1";  // as written, kept by older nodes
constexpr const char* kNewText = "2001:db8::1";           // RFC 5952

class IndicatorUpgrade : public NodeFixture {
 protected:
  // A set CN publishes to US with the address as its analyst wrote it.
  std::string published_set() {
    auto made = node::create_indicator_set(*node_, officer(),
                                           json::object{{"name", "v6 hosts"},
                                                        {"tlp", "amber"},
                                                        {"recipients", json::array{"US"}},
                                                        {"indicators", json::array{kOldText}}});
    EXPECT_TRUE(made.is_ok()) << made.status().to_string();
    return made.is_ok() ? std::string(doc(*made).at("id").as_string()) : "";
  }
  // US's sighting of it as an older US node sends it: the indicator in the older text.
  ledger::Record old_text_sighting(const std::string& set) {
    return us_record(std::string(sharing::kSighting), set + ":" + kOldText + ":US",
                     json::object{{"set_id", set},
                                  {"indicator", kOldText},
                                  {"count", 3},
                                  {"first_seen", "2026-03-01T00:00:00Z"},
                                  {"last_seen", "2026-03-02T00:00:00Z"},
                                  {"where", "fw01"}});
  }
  Status take_in(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  void exec(const std::string& sql) {
    ASSERT_TRUE(node_->pool().write([&](store::Db& db) { return db.exec(sql); }).is_ok()) << sql;
  }
  void reopen() {
    node_.reset();
    auto reopened = liaison::app::open_node(dir_, clock_);
    ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
    node_ = std::move(*reopened);
  }
};

TEST_F(IndicatorUpgrade, ASetWrittenInTheOlderTextIsStoredUnderTodays) {
  const std::string set = published_set();
  EXPECT_EQ(stored("indicators", set + ":" + kOldText), "");
  auto ind = sharing::indicator_from_text(stored("indicators", set + ":" + kNewText));
  ASSERT_TRUE(ind.is_ok()) << ind.status().to_string();
  EXPECT_EQ(ind->value, kNewText);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(IndicatorUpgrade, ASightingSignedWithTheOlderTextIsTakenInUnderTodaysText) {
  const std::string set = published_set();
  Status st = take_in(old_text_sighting(set));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  // One sighting, under today's text: the same indicator as a sighting in today's text.
  auto s = sharing::sighting_from_text(stored("sightings", set + ":" + kNewText + ":US"));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->indicator, kNewText);
  EXPECT_EQ(s->count, 3);
  EXPECT_EQ(stored("sightings", set + ":" + kOldText + ":US"), "");
  // US's feedback on its sighting, named as its older node knew it.
  st = take_in(us_record(std::string(sharing::kSightingFeedback), set + ":" + kOldText + ":US",
                         json::object{{"false_positive", true}, {"action", "none"}}));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  s = sharing::sighting_from_text(stored("sightings", set + ":" + kNewText + ":US"));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  ASSERT_TRUE(s->feedback.has_value());
  EXPECT_TRUE(s->feedback->false_positive);
  for (const auto& p : ledger_problems()) ADD_FAILURE() << p.where << ": " << p.what;
}

TEST_F(IndicatorUpgrade, AnOlderNodesProjectionsAreRewrittenWhenTheUpgradedNodeOpens) {
  const std::string set = published_set();
  ASSERT_TRUE(take_in(old_text_sighting(set)).is_ok());
  // What the node of before wrote: the indicator and the sighting under the older text, and
  // no step sharing/2.
  const std::string ind_id = set + ":" + kNewText, old_ind_id = set + ":" + kOldText;
  const std::string sig_id = ind_id + ":US", old_sig_id = old_ind_id + ":US";
  json::object ind = doc(stored("indicators", ind_id));
  json::object sig = doc(stored("sightings", sig_id));
  ASSERT_FALSE(ind.empty());
  ASSERT_FALSE(sig.empty());
  ind["id"] = old_ind_id;
  ind["value"] = kOldText;
  sig["id"] = old_sig_id;
  sig["indicator"] = kOldText;
  exec("DELETE FROM indicators");
  exec("DELETE FROM sightings");
  put_raw("indicators", old_ind_id, *ledger::canonical_json(ind));
  put_raw("sightings", old_sig_id, *ledger::canonical_json(sig));
  exec("DELETE FROM schema_steps WHERE name = 'sharing/2'");
  // verify's rebuild (today's apply) differs from them
  EXPECT_FALSE(ledger_problems().empty());

  reopen();
  EXPECT_EQ(stored("indicators", old_ind_id), "");
  EXPECT_EQ(stored("sightings", old_sig_id), "");
  auto i = sharing::indicator_from_text(stored("indicators", ind_id));
  ASSERT_TRUE(i.is_ok()) << i.status().to_string();
  EXPECT_EQ(i->value, kNewText);
  auto s = sharing::sighting_from_text(stored("sightings", sig_id));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->indicator, kNewText);
  EXPECT_EQ(s->id, sig_id);
  for (const auto& p : ledger_problems()) ADD_FAILURE() << p.where << ": " << p.what;
}

}  // namespace
}  // namespace liaison::testing
