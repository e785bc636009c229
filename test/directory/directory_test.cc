// The 24/7 directory on the ledger (issue 14): each party's entries are its own signed
// directory.contact records sent to every peer; the contacts table is their projection;
// another party's entries are read-only; apply() refuses a record of the wrong origin; and
// the local table of before is carried into records once.
#include <gtest/gtest.h>

#include "app/compose.h"
#include "directory/kinds.h"
#include "directory/service.h"
#include "ledger/ledger.h"
#include "node/fixture.h"
#include "store/db.h"
#include "store/pool.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class DirectoryTest : public NodeFixture {
 protected:
  json::object person(const char* name, int tier = 1) {
    return json::object{
        {"name", name},
        {"organisation", "MPS"},
        {"tier", tier},
        {"timezone", "Asia/Shanghai"},
        {"languages", json::array{"zh-CN", "en"}},
        {"channels", json::array{json::object{{"kind", "phone"}, {"value", "+86 10 1234"}}}}};
  }
  std::string create(const char* name) {
    auto d = node::create_contact(*node_, officer(), person(name));
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    return d.is_ok() ? std::string(doc(*d).at("id").as_string()) : "";
  }
  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare(sql));
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      n = row ? q.int64(0) : 0;
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }
  Status ingest(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  // A US entry as US's node would publish it.
  std::string us_entry(const char* name, const char* verified = "") {
    std::string id = new_uuid();
    json::object c = person(name, 2);
    c["timezone"] = "America/New_York";
    json::object payload{{"event", "create"}, {"contact", c}, {"by", "jane"}};
    if (*verified) payload["last_verified"] = verified;
    Status st = ingest(us_record(directory::kDirectoryContact, id, payload));
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return id;
  }
  json::object entry(const std::string& id) {
    auto d = node::get_contact(*node_, id);
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    return d.is_ok() ? doc(*d) : json::object{};
  }
  void expect_ledger_verifies() {
    for (const auto& p : ledger_problems()) ADD_FAILURE() << p.where << ": " << p.what;
  }
};

TEST_F(DirectoryTest, AnEntryIsItsOwnersSignedRecordsAddressedToEveryPeer) {
  const std::string id = create("王伟 Wang Wei");
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='directory.contact' AND origin='CN' "
                  "AND recipients='US' AND object_id='" +
                  id + "'"),
            1);
  json::object e = entry(id);
  EXPECT_EQ(e.at("party"), "CN");
  EXPECT_EQ(e.at("editable"), true);
  EXPECT_EQ(e.at("version"), 1);
  EXPECT_EQ(e.at("last_verified"), "");
  EXPECT_EQ(e.at("created_by"), "officer");

  clock_.advance(std::chrono::hours(1));
  auto updated = node::update_contact(*node_, officer(), id, json::object{{"tier", 2}});
  ASSERT_TRUE(updated.is_ok()) << updated.status().to_string();
  EXPECT_EQ(doc(*updated).at("tier"), 2);
  EXPECT_EQ(doc(*updated).at("name"), "王伟 Wang Wei");
  clock_.advance(std::chrono::hours(1));
  auto verified = node::verify_contact(*node_, officer(), id);
  ASSERT_TRUE(verified.is_ok());
  EXPECT_EQ(doc(*verified).at("last_verified").as_string(), node_->now());
  EXPECT_EQ(doc(*verified).at("verified_by"), "officer");
  EXPECT_EQ(doc(*verified).at("stale"), false);

  auto history = node::contact_history(*node_, id);
  ASSERT_TRUE(history.is_ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ(doc((*history)[0]).at("event"), "create");
  EXPECT_EQ(doc((*history)[1]).at("event"), "update");
  EXPECT_EQ(doc((*history)[2]).at("event"), "verify");
  EXPECT_EQ(doc((*history)[2]).at("by"), "officer");
  expect_ledger_verifies();
}

TEST_F(DirectoryTest, AnotherPartysEntryIsShownReadOnly) {
  const std::string id = us_entry("Jane Miller", "2026-11-01T00:00:00Z");
  json::object e = entry(id);
  EXPECT_EQ(e.at("party"), "US");
  EXPECT_EQ(e.at("editable"), false);
  EXPECT_EQ(e.at("last_verified"), "2026-11-01T00:00:00Z");
  EXPECT_EQ(e.at("stale"), false);
  const int64_t before = count("SELECT count(*) FROM records");

  auto patch = node::update_contact(*node_, officer(), id, json::object{{"name", "Not Jane"}});
  EXPECT_EQ(patch.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(patch.status().field(), "party");
  EXPECT_NE(patch.status().message().find("US's"), std::string::npos) << patch.status().message();
  EXPECT_EQ(node::verify_contact(*node_, officer(), id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(node::retire_contact(*node_, officer(), id).code(), StatusCode::kPermissionDenied);
  // Nor can this node publish an entry in US's name.
  json::object as_us = person("Fake");
  as_us["party"] = "US";
  auto created = node::create_contact(*node_, officer(), as_us);
  EXPECT_EQ(created.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(created.status().field(), "party");

  EXPECT_EQ(count("SELECT count(*) FROM records"), before);
  EXPECT_EQ(entry(id).at("name"), "Jane Miller");
}

// Owner-only is the ledger's rule, not only the API's: a record signed by US for CN's entry
// is refused by apply() whatever it says.
TEST_F(DirectoryTest, ApplyRefusesARecordForAnEntryOfAnotherOrigin) {
  const std::string id = create("Li Na");
  for (const char* event : {"update", "verify", "retire"}) {
    json::object payload{{"event", event}};
    if (std::string(event) == "update") payload["contact"] = person("Hijacked");
    Status st = ingest(us_record(directory::kDirectoryContact, id, payload));
    EXPECT_EQ(st.code(), StatusCode::kPermissionDenied) << event << ": " << st.to_string();
    EXPECT_NE(st.message().find("only CN may change it, not US"), std::string::npos)
        << st.message();
  }
  Status again = ingest(us_record(directory::kDirectoryContact, id,
                                  json::object{{"event", "create"}, {"contact", person("Twin")}}));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.to_string();
  json::object e = entry(id);
  EXPECT_EQ(e.at("name"), "Li Na");
  EXPECT_EQ(e.at("retired"), false);
  EXPECT_EQ(e.at("party"), "CN");
}

TEST_F(DirectoryTest, RecordsOutOfShapeAreRefused) {
  const std::string id = new_uuid();
  auto refused = [&](json::object payload) {
    return ingest(us_record(directory::kDirectoryContact, id, payload));
  };
  json::object no_contact{{"event", "create"}};
  EXPECT_EQ(refused(no_contact).field(), "contact");
  json::object later{
      {"event", "create"}, {"contact", person("X")}, {"last_verified", "2030-01-01T00:00:00Z"}};
  EXPECT_EQ(refused(later).field(), "last_verified");
  json::object bad_tier{{"event", "create"}, {"contact", person("X", 4)}};
  EXPECT_EQ(refused(bad_tier).field(), "contact.tier");
  json::object unknown{{"event", "create"}, {"contact", person("X")}, {"colour", "red"}};
  EXPECT_EQ(refused(unknown).field(), "colour");
  json::object event{{"event", "delete"}};
  EXPECT_EQ(refused(event).field(), "event");
  EXPECT_EQ(count("SELECT count(*) FROM contacts"), 0);
}

TEST_F(DirectoryTest, RetiredEntriesAreHiddenKeptAndFrozen) {
  const std::string keep = create("Keep");
  const std::string gone = create("Gone");
  ASSERT_TRUE(node::retire_contact(*node_, officer(), gone, "left the unit").is_ok());
  auto live = node::list_contacts(*node_, "", 0);
  ASSERT_TRUE(live.is_ok());
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ(doc(live->front()).at("id").as_string(), keep);
  auto all = node::list_contacts(*node_, "", 0, std::nullopt, true);
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  json::object g = entry(gone);
  EXPECT_EQ(g.at("retired"), true);
  EXPECT_EQ(g.at("retire_reason"), "left the unit");
  EXPECT_EQ(g.at("editable"), false);
  auto patch = node::update_contact(*node_, officer(), gone, json::object{{"name", "Back"}});
  EXPECT_EQ(patch.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(patch.status().field(), "retired");
  EXPECT_EQ(node::retire_contact(*node_, officer(), gone).code(), StatusCode::kFailedPrecondition);
  auto history = node::contact_history(*node_, gone);
  ASSERT_TRUE(history.is_ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(doc(history->back()).at("event"), "retire");
  EXPECT_EQ(doc(history->back()).at("reason"), "left the unit");
}

TEST_F(DirectoryTest, UpdatesTakeADocumentAsReadButNotItsLedgerFields) {
  const std::string id = create("Zhao Lei");
  json::object read = entry(id);
  read["name"] = "Zhao Lei (duty)";
  read["stale"] = false;  // computed: ignored
  auto ok = node::update_contact(*node_, officer(), id, read);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(doc(*ok).at("name"), "Zhao Lei (duty)");
  EXPECT_EQ(doc(*ok).at("version"), 2);
  auto lv = node::update_contact(*node_, officer(), id,
                                 json::object{{"last_verified", "2026-11-01T00:00:00Z"}});
  EXPECT_EQ(lv.status().field(), "last_verified");
  auto party = node::update_contact(*node_, officer(), id, json::object{{"party", "US"}});
  EXPECT_EQ(party.status().field(), "party");
  auto future = node::create_contact(*node_, officer(), [&] {
    json::object c = person("Later");
    c["last_verified"] = "2027-01-01T00:00:00Z";
    return c;
  }());
  EXPECT_EQ(future.status().field(), "last_verified");
}

// Records written before a party was known were not addressed to it: adding the party
// publishes this party's live entries to it, as they stand; a party receiving a publish for
// an entry it never saw starts its copy from it.
TEST_F(DirectoryTest, APartyAddedLaterGetsTheCurrentDirectory) {
  const std::string live = create("Live");
  ASSERT_TRUE(node::verify_contact(*node_, officer(), live).is_ok());
  const std::string checked = node_->now();
  const std::string gone = create("Gone");
  ASSERT_TRUE(node::retire_contact(*node_, officer(), gone).is_ok());
  ASSERT_TRUE(node_->add_party({"FR", "FR", "Europe/Paris", "", false}).is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='directory.contact' AND "
                  "recipients='FR' AND object_id='" +
                  live + "'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE recipients='FR'"), 1);
  EXPECT_EQ(entry(live).at("last_verified").as_string(), checked);
  expect_ledger_verifies();

  Status st = ingest(us_record(directory::kDirectoryContact, "us-late",
                               json::object{{"event", "publish"},
                                            {"contact", person("Late Jane", 2)},
                                            {"last_verified", "2026-11-01T00:00:00Z"}}));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  json::object late = entry("us-late");
  EXPECT_EQ(late.at("party"), "US");
  EXPECT_EQ(late.at("last_verified"), "2026-11-01T00:00:00Z");
  // Nor can a publish take over another party's entry.
  Status taken = ingest(us_record(directory::kDirectoryContact, live,
                                  json::object{{"event", "publish"}, {"contact", person("X")}}));
  EXPECT_EQ(taken.code(), StatusCode::kPermissionDenied) << taken.to_string();
}

// Before issue 14 the directory was a local table. The database is taken back to before
// the migration, filled as the old code filled it, the migration run again (alone), and the
// node opened: this party's rows become signed records with
// their ids and last checks, another party's stay in contacts_legacy; opening again changes
// nothing.
TEST_F(DirectoryTest, TheOldLocalDirectoryIsCarriedIntoRecordsOnce) {
  node_.reset();
  {
    auto raw = store::Db::open(dir_ + "/liaison.db");
    ASSERT_TRUE(raw.is_ok());
    store::Db& db = **raw;
    ASSERT_TRUE(db.exec(R"sql(
DROP TABLE contacts;
CREATE TABLE contacts(
  id TEXT PRIMARY KEY, doc TEXT NOT NULL,
  party TEXT GENERATED ALWAYS AS (json_extract(doc, '$.party')) VIRTUAL,
  tier INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.tier')) VIRTUAL);
INSERT INTO contacts(id, doc) VALUES
  ('legacy-cn-1', '{"channels":[{"kind":"email","value":"duty@cn.example"}],"id":"legacy-cn-1","languages":["zh-CN"],"last_verified":"2026-10-01T00:00:00Z","name":"王伟 Wang Wei","organisation":"MPS","party":"CN","tier":1,"timezone":"Asia/Shanghai"}'),
  ('legacy-cn-2', '{"channels":[],"id":"legacy-cn-2","languages":[],"last_verified":"","name":"Li Na","organisation":"","party":"CN","tier":2,"timezone":"Asia/Shanghai"}'),
  ('legacy-us-1', '{"channels":[],"id":"legacy-us-1","languages":["en"],"last_verified":"","name":"Jane Miller","organisation":"DOJ","party":"US","tier":1,"timezone":"America/New_York"}');
)sql")
                    .is_ok())
        << "the pre-migration schema";
    constexpr int kDirectoryMigration = 10;
    ASSERT_TRUE(db.exec("DELETE FROM schema_migrations WHERE version = " +
                        std::to_string(kDirectoryMigration))
                    .is_ok());
    Status migrated = store::apply_migration(db, kDirectoryMigration);
    ASSERT_TRUE(migrated.is_ok()) << migrated.to_string();
  }
  for (int open = 0; open < 2; ++open) {
    auto n = liaison::app::open_node(dir_, clock_);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    node_ = std::move(*n);
    EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='directory.contact'"), 2) << open;
    EXPECT_EQ(count("SELECT count(*) FROM contacts_legacy"), 1) << open;
    EXPECT_EQ(count("SELECT count(*) FROM contacts_legacy WHERE id='legacy-us-1'"), 1) << open;
    node_.reset();
  }
  auto reopened = liaison::app::open_node(dir_, clock_);
  ASSERT_TRUE(reopened.is_ok());
  node_ = std::move(*reopened);
  json::object wang = entry("legacy-cn-1");
  EXPECT_EQ(wang.at("name"), "王伟 Wang Wei");
  EXPECT_EQ(wang.at("party"), "CN");
  EXPECT_EQ(wang.at("last_verified"), "2026-10-01T00:00:00Z");
  EXPECT_EQ(wang.at("stale"), false);
  EXPECT_EQ(wang.at("channels").at(0).at("value"), "duty@cn.example");
  EXPECT_EQ(entry("legacy-cn-2").at("tier"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM records WHERE kind='directory.contact' AND "
                  "recipients='US'"),
            2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action='contact.carry_over'"), 2);
  // Carried entries are ordinary ones: editable, verifiable.
  EXPECT_TRUE(node::verify_contact(*node_, officer(), "legacy-cn-2").is_ok());
  expect_ledger_verifies();
}

}  // namespace
}  // namespace liaison::testing
