// The 24/7 directory between two real nodes (issue 14): an entry CN creates, confirms and
// retires is seen on US with its last-confirmed time, read-only; a US-signed record that
// tries to change CN's entry is quarantined at CN; the old local directory of a node is
// carried into records at start and reaches the peer.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cluster.h"
#include "directory/kinds.h"
#include "federation/client.h"
#include "federation/exchange.h"
#include "ledger/canonical_json.h"
#include "store/db.h"
#include "store/pool.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class DirectoryFederationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto_init()); }

  // The entry `id` as `side` lists it (with retired ones), or {} while it has not arrived.
  json::object listed(NodeProc& side, const std::string& id) {
    auto list = side.get_json("/api/v1/contacts?include_retired=true");
    if (!list.contains("items")) return {};
    for (const auto& c : list.at("items").as_array()) {
      if (c.at("id").as_string() == id) return c.as_object();
    }
    return {};
  }
  std::vector<std::string> live_ids(NodeProc& side) {
    std::vector<std::string> out;
    auto list = side.get_json("/api/v1/contacts");
    if (!list.contains("items")) return out;
    for (const auto& c : list.at("items").as_array()) out.emplace_back(c.at("id").as_string());
    return out;
  }
  // Everything `from` has written has been confirmed by its peer.
  bool all_pushed(NodeProc& from) {
    return from.query_int("SELECT pushed_seq FROM peers") ==
           from.query_int("SELECT max(seq) FROM records WHERE origin='" + from.party() + "'");
  }
};

TEST_F(DirectoryFederationTest, AnEntryCreatedOnCnAppearsOnUsReadOnlyUntilRetired) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  auto created = cn.api("POST", "/api/v1/contacts", R"({
    "name": "王伟 Wang Wei", "organisation": "MPS", "tier": 1, "timezone": "Asia/Shanghai",
    "languages": ["zh-CN", "en"], "channels": [{"kind": "phone", "value": "+86 10 1234 5678"}],
    "last_verified": "2026-01-05T08:00:00Z"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());
  ASSERT_TRUE(wait_until([&] { return !listed(us, id).empty(); })) << "never reached US";
  json::object there = listed(us, id);
  EXPECT_EQ(there.at("party"), "CN");
  EXPECT_EQ(there.at("name"), "王伟 Wang Wei");
  EXPECT_EQ(there.at("last_verified"), "2026-01-05T08:00:00Z");
  EXPECT_EQ(there.at("editable"), false);

  // CN confirms it: US sees the new last-confirmed time, the one CN's verify record carries.
  auto verified = cn.api("POST", "/api/v1/contacts/" + id + "/verify");
  ASSERT_EQ(verified.status, 200) << verified.body;
  const std::string confirmed(json::parse(verified.body).at("last_verified").as_string());
  ASSERT_TRUE(wait_until([&] {
    auto e = listed(us, id);
    return !e.empty() && e.at("last_verified").as_string() == confirmed;
  })) << json::serialize(listed(us, id));
  EXPECT_EQ(listed(us, id).at("stale"), false);

  // US cannot change it, by any route; nothing is written.
  const int64_t us_records = us.query_int("SELECT count(*) FROM records WHERE origin='US'");
  for (auto [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PATCH", "/api/v1/contacts/" + id, R"({"name":"Someone else"})"},
           {"POST", "/api/v1/contacts/" + id + "/verify", ""},
           {"DELETE", "/api/v1/contacts/" + id, ""}}) {
    auto r = us.api(method, path, body);
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.body;
    auto err = json::parse(r.body).at("error").as_object();
    EXPECT_EQ(err.at("code"), "permission_denied");
    EXPECT_EQ(err.at("field"), "party");
    EXPECT_NE(std::string(err.at("message").as_string()).find("CN's"), std::string::npos);
  }
  EXPECT_EQ(us.query_int("SELECT count(*) FROM records WHERE origin='US'"), us_records);
  EXPECT_EQ(listed(us, id).at("name"), "王伟 Wang Wei");

  // CN edits, then retires: US follows, and the retired entry leaves US's list.
  auto edited = cn.api("PATCH", "/api/v1/contacts/" + id, R"({"tier": 2})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  ASSERT_TRUE(wait_until([&] {
    auto e = listed(us, id);
    return !e.empty() && e.at("tier") == json::value(2);
  }));
  EXPECT_EQ(live_ids(us), std::vector<std::string>{id});
  ASSERT_EQ(cn.api("DELETE", "/api/v1/contacts/" + id + "?reason=moved").status, 204);
  ASSERT_TRUE(wait_until([&] { return live_ids(us).empty(); }));
  EXPECT_EQ(listed(us, id).at("retired"), true);
  EXPECT_EQ(listed(us, id).at("retire_reason"), "moved");
  auto history = us.get_json("/api/v1/contacts/" + id + "/history");
  ASSERT_EQ(history.at("total").as_int64(), 4) << json::serialize(history);
  ASSERT_TRUE(wait_until([&] { return all_pushed(cn) && all_pushed(us); }));
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// Entries written before the nodes were peered reach the peer once it is added.
TEST_F(DirectoryFederationTest, EntriesWrittenBeforePeeringReachTheNewPeer) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  auto created = cn.api("POST", "/api/v1/contacts",
                        R"({"name":"Early Bird","tier":1,"timezone":"Asia/Shanghai",
                            "last_verified":"2026-06-01T00:00:00Z"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());
  peer_both(cn, us);
  ASSERT_TRUE(wait_until([&] { return !listed(us, id).empty(); })) << "never reached US";
  EXPECT_EQ(listed(us, id).at("last_verified"), "2026-06-01T00:00:00Z");
  EXPECT_EQ(listed(us, id).at("name"), "Early Bird");
  // And it goes on from there: a later check arrives as usual.
  ASSERT_EQ(cn.api("POST", "/api/v1/contacts/" + id + "/verify").status, 200);
  ASSERT_TRUE(wait_until([&] {
    auto e = listed(us, id);
    return !e.empty() && e.at("last_verified").as_string() != "2026-06-01T00:00:00Z";
  }));
  ASSERT_TRUE(wait_until([&] { return all_pushed(cn) && all_pushed(us); }));
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// Owner-only holds at the ledger, not only at US's API: a record signed with US's own key
// and pushed over US's own TLS identity, changing CN's entry, is quarantined by CN.
TEST_F(DirectoryFederationTest, AUsSignedRecordChangingCnsEntryIsQuarantined) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  auto created =
      cn.api("POST", "/api/v1/contacts", R"({"name":"Li Na","tier":2,"timezone":"Asia/Shanghai"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json::parse(created.body).at("id").as_string());
  ASSERT_TRUE(wait_until([&] { return !listed(us, id).empty() && all_pushed(us); }));
  us.stop(SIGTERM);  // US's own syncer must not race the crafted record

  auto key = ledger::SigningKey::from_b64(slurp(us.dir() + "/keys/node.key").substr(0, 88));
  ASSERT_TRUE(key.is_ok());
  ledger::Record r;
  {
    auto db = store::Db::open(us.dir() + "/liaison.db", true);
    ASSERT_TRUE(db.is_ok());
    auto head = store::chain_head(**db, "US");
    ASSERT_TRUE(head.is_ok());
    r.origin = "US";
    r.seq = head->seq + 1;
    r.prev_hash = head->hash;
  }
  r.created_at = format_rfc3339(SystemClock().now());
  r.kind = directory::kDirectoryContact;
  r.object_id = id;
  r.payload = *ledger::canonical_json(json::object{
      {"event", "update"},
      {"contact", json::object{{"name", "Hijacked"}, {"tier", 1}, {"timezone", "UTC"}}},
      {"by", "mallory"}});
  r.recipients = {"CN"};
  ASSERT_TRUE(ledger::seal(r, *key).is_ok());

  auto cn_id = cn.identity();
  federation::ClientIdentity me{us.dir() + "/tls/cert.pem", us.dir() + "/tls/key.pem"};
  auto res = federation::peer_call(
      me, std::string(cn_id.at("url").as_string()),
      std::string(cn_id.at("tls_fingerprint").as_string()), "POST", "/federation/v1/records",
      json::serialize(json::object{{"records", json::array{federation::to_wire(r)}}}));
  ASSERT_TRUE(res.is_ok()) << res.status().to_string();
  EXPECT_EQ(res->status, 200) << res->body;

  auto q = cn.get_json("/api/v1/quarantine");
  ASSERT_EQ(q.at("total").as_int64(), 1) << json::serialize(q);
  const std::string reason(q.at("items").at(0).at("reason").as_string());
  EXPECT_NE(reason.find("only CN may change it, not US"), std::string::npos) << reason;
  EXPECT_EQ(listed(cn, id).at("name"), "Li Na");
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
}

// A node that kept its directory in the local table of before: at its next start its own
// rows become records (same ids, same last check) and reach the peer; another party's row
// stays behind in contacts_legacy.
TEST_F(DirectoryFederationTest, TheOldLocalDirectoryIsCarriedOverAtStartAndReachesThePeer) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  cn.stop(SIGTERM);
  {
    // Back to before the migration, which then runs again (alone) as it did on such a node.
    auto db = store::Db::open(cn.dir() + "/liaison.db");
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE((*db)
                    ->exec(R"sql(
DROP TABLE contacts;
CREATE TABLE contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL,
  tier INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.tier')) VIRTUAL);
INSERT INTO contacts(id, doc) VALUES
  ('old-cn', '{"channels":[{"kind":"email","value":"duty@cn.example"}],"id":"old-cn","languages":["zh-CN","en"],"last_verified":"2026-10-01T00:00:00Z","name":"王伟 Wang Wei","organisation":"MPS","party":"CN","tier":1,"timezone":"Asia/Shanghai"}'),
  ('old-us', '{"channels":[],"id":"old-us","languages":["en"],"last_verified":"","name":"Jane Miller","organisation":"DOJ","party":"US","tier":1,"timezone":"America/New_York"}');
)sql")
                    .is_ok());
    constexpr int kDirectoryMigration = 10;
    ASSERT_TRUE((*db)
                    ->exec("DELETE FROM schema_migrations WHERE version = " +
                           std::to_string(kDirectoryMigration))
                    .is_ok());
    Status migrated = store::apply_migration(**db, kDirectoryMigration);
    ASSERT_TRUE(migrated.is_ok()) << migrated.to_string();
  }
  cn.start();
  ASSERT_TRUE(wait_until([&] { return !listed(us, "old-cn").empty(); })) << "never reached US";
  json::object e = listed(us, "old-cn");
  EXPECT_EQ(e.at("party"), "CN");
  EXPECT_EQ(e.at("last_verified"), "2026-10-01T00:00:00Z");
  EXPECT_EQ(e.at("channels").at(0).at("value"), "duty@cn.example");
  EXPECT_TRUE(listed(us, "old-us").empty());
  EXPECT_TRUE(listed(cn, "old-us").empty());
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM contacts_legacy WHERE id='old-us'"), 1);
  // A restart carries nothing twice.
  cn.stop(SIGTERM);
  cn.start();
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM records WHERE kind='directory.contact'"), 1);
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
}

}  // namespace
}  // namespace liaison::testing
