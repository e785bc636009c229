// The record-kind registry (ledger/kinds.h): capabilities plug their kinds in; the ledger
// refuses what nobody registered and a kind or table claimed twice.
#include "ledger/kinds.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <span>

#include "app/compose.h"
#include "common/crypto.h"
#include "ledger/ledger.h"
#include "node/fixture.h"
#include "node/node.h"
#include "requests/kinds.h"
#include "store/db.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

Status apply_nothing(const ledger::Record&, const boost::json::object&, ledger::Projections&) {
  return Status::ok();
}

constexpr ledger::KindSpec kThing[] = {{"thing.publish", nullptr, apply_nothing}};
constexpr std::string_view kThingTables[] = {"things"};
constexpr std::string_view kStolenTables[] = {"requests"};

ledger::Record record_of(const char* kind) {
  ledger::Record r;
  r.origin = "CN";
  r.seq = 1;
  r.kind = kind;
  r.object_id = "x";
  r.payload = "{}";
  r.created_at = "2026-12-04T00:00:00Z";
  return r;
}

TEST(KindRegistryTest, AKindNobodyRegisteredIsRefusedNamingKind) {
  ledger::KindRegistry kinds;
  ledger::MemoryProjections p;
  Status st = kinds.apply(record_of("thing.publish"), p);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "kind");
  ASSERT_TRUE(kinds.add({.owner = "things", .kinds = kThing, .tables = kThingTables}).is_ok());
  EXPECT_TRUE(kinds.apply(record_of("thing.publish"), p).is_ok());
  EXPECT_EQ(kinds.owner_of_table("things"), "things");
}

TEST(KindRegistryTest, AKindOrTableClaimedTwiceIsRefusedAndNothingOfItIsAdded) {
  ledger::KindRegistry kinds;
  ASSERT_TRUE(kinds.add(requests::record_kinds()).is_ok());
  Status again = kinds.add(requests::record_kinds());
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.field(), "kind");
  Status stolen = kinds.add({.owner = "things", .kinds = kThing, .tables = kStolenTables});
  EXPECT_EQ(stolen.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(stolen.field(), "table");
  EXPECT_FALSE(kinds.known("thing.publish"));  // refused whole
  EXPECT_EQ(kinds.owner_of_table("requests"), "requests");
}

TEST(KindRegistryTest, TheCompositionHoldsEveryCapabilitysKindsAndTables) {
  const ledger::KindRegistry& kinds = app::record_kinds();
  for (const char* k :
       {"receipt", "audit.anchor", "request.draft", "attachment.custody", "indicator_set.publish",
        "sighting.feedback", "policy.publish", "drill.ack", "directory.contact",
        "assessment.response", "lead.outcome", "report.publish", "report.dissent"}) {
    EXPECT_TRUE(kinds.known(k)) << k;
  }
  EXPECT_EQ(kinds.owner_of_table("receipts"), "ledger");
  EXPECT_EQ(kinds.owner_of_table("indicators"), "sharing");
  EXPECT_EQ(kinds.owner_of_table("escalations"), "hotline");
  EXPECT_EQ(kinds.owner_of_table("contacts"), "directory");
  EXPECT_EQ(kinds.owner_of_table("reports"), "reports");
  EXPECT_EQ(kinds.owner_of_table("report_assessments"), "reports");
  EXPECT_EQ(kinds.owner_of_table("lead_outcomes"), "reports");
  EXPECT_EQ(kinds.owner_of_table("priority_cases"), "reports");
  for (const char* k : {"case.propose", "case.accept", "case.status"}) {
    EXPECT_TRUE(kinds.known(k)) << k;
  }
  EXPECT_EQ(kinds.owner_of_table("report_facts"), "reports");
  EXPECT_EQ(kinds.tables().size(), 18u);  // 13 before issue 16, and reports' 5
}

// A capability of the test's own, as a later one (reports, samples…) would be: its kind, the
// table its apply writes, and the schema step that creates the table.
Status apply_thing(const ledger::Record& r, const boost::json::object& payload,
                   ledger::Projections& p) {
  return p.put("things", r.object_id, boost::json::serialize(payload),
               r.origin + ":" + std::to_string(r.seq));
}
constexpr ledger::KindSpec kThingPublish[] = {{"thing.publish", nullptr, apply_thing}};
constexpr ledger::SchemaStep kThingSchema[] = {
    {"things/1",
     "CREATE TABLE things(id TEXT PRIMARY KEY, doc TEXT NOT NULL, last_record TEXT NOT NULL);"}};

TEST(KindRegistryTest, ASchemaStepNamedTwiceIsRefused) {
  ledger::KindRegistry kinds;
  constexpr ledger::SchemaStep kTwice[] = {{"things/1", "SELECT 1;"}, {"things/1", "SELECT 2;"}};
  Status st = kinds.add(
      {.owner = "things", .kinds = kThingPublish, .tables = kThingTables, .schema = kTwice});
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(st.field(), "schema");
  EXPECT_FALSE(kinds.known("thing.publish"));
}

// A node made for the test (with the composed capabilities only), and the registries the
// tests open it with: the composition plus the "things" capability with `schema`.
class ThingsNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = temp_dir("things");
    node::InitOptions o;
    o.dir = dir_;
    o.party = "CN";
    o.name = "CN";
    o.admin_password = "correct horse battery";
    ASSERT_TRUE(node::init_node(o, clock_, app::record_kinds()).is_ok());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  static ledger::KindRegistry with_things(std::span<const ledger::SchemaStep> schema) {
    ledger::KindRegistry kinds = app::record_kinds();
    EXPECT_TRUE(kinds
                    .add({.owner = "things",
                          .kinds = kThingPublish,
                          .tables = kThingTables,
                          .schema = schema})
                    .is_ok());
    return kinds;
  }
  // The first column of the query's first row as a number; -1 when it fails (no such table).
  static int64_t count(node::Node& n, const std::string& sql) {
    int64_t c = -1;
    Status st = n.pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare(sql));
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      c = row ? q.int64(0) : -1;
      return Status::ok();
    });
    return st.is_ok() ? c : -1;
  }
  std::string dir_;
  FakeClock clock_{*parse_rfc3339("2026-12-04T00:00:00Z")};
};

// A new capability plugs in through the registry alone: its table is created once when a node
// opens, its records are applied into it, and `verify` replays them.
TEST_F(ThingsNodeTest, ANewCapabilityBringsItsOwnTableAndItsRecordsVerify) {
  const ledger::KindRegistry kinds = with_things(kThingSchema);
  {
    auto n = node::Node::open(dir_, clock_, kinds);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    ASSERT_TRUE((*n)->pool()
                    .write([&](store::Db& db) -> Status {
                      return (*n)
                          ->ledger()
                          .append(db, "thing.publish", "t1", R"({"name":"first"})", {})
                          .status();
                    })
                    .is_ok());
    EXPECT_EQ(count(**n, "SELECT count(*) FROM things WHERE id='t1'"), 1);
  }
  // Opened again: the step is not run again (it would fail: the table exists), the row stays,
  // and verify replays the record into the same document.
  auto n = node::Node::open(dir_, clock_, kinds);
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  EXPECT_EQ(count(**n, "SELECT count(*) FROM schema_steps WHERE name='things/1'"), 1);
  EXPECT_EQ(count(**n, "SELECT count(*) FROM things"), 1);
  auto keys = (*n)->party_keys();
  ASSERT_TRUE(keys.is_ok());
  ledger::VerifyReport report;
  ASSERT_TRUE((*n)->pool()
                  .read([&](store::Db& db) -> Status {
                    store::SqliteRecordLog log(db);
                    LIAISON_ASSIGN_OR_RETURN(report, ledger::verify_ledger(log, kinds, *keys));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_TRUE(report.ok()) << (report.problems.empty()
                                   ? ""
                                   : report.problems[0].where + ": " + report.problems[0].what);
  EXPECT_GE(report.documents, 1);
}

// A step that fails stops the node from opening, names itself, and is not recorded: the next
// open, with the step mended, runs it (had the broken one been recorded, `things` would never
// be made).
TEST_F(ThingsNodeTest, AFailingSchemaStepStopsTheOpenNamingItAndIsNotRecorded) {
  constexpr ledger::SchemaStep kBroken[] = {{"things/1", "CREATE TABLE things(;"}};
  auto refused = node::Node::open(dir_, clock_, with_things(kBroken));
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().message().find("schema step things/1: "), std::string::npos)
      << refused.status().to_string();
  EXPECT_NE(refused.status().message().find("syntax error"), std::string::npos)
      << refused.status().to_string();
  auto n = node::Node::open(dir_, clock_, with_things(kThingSchema));
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  EXPECT_EQ(count(**n, "SELECT count(*) FROM things"), 0);
  EXPECT_EQ(count(**n, "SELECT count(*) FROM schema_steps WHERE name='things/1'"), 1);
}

// A capability that counts another's records keeps its own projection of them: its observer
// runs after the kind's apply, in the same transaction; a schema step that replays the
// observers fills the table from the records stored before it; `verify` compares the table.
Status watch_thing(const ledger::Record& r, const boost::json::object&, ledger::Projections& p) {
  return p.put("watched", r.origin + ":" + std::to_string(r.seq), r.kind,
               r.origin + ":" + std::to_string(r.seq));
}
constexpr ledger::ObserverSpec kWatchers[] = {{"thing.publish", watch_thing}};
constexpr std::string_view kWatchedTables[] = {"watched"};
constexpr ledger::SchemaStep kWatchedSchema[] = {
    {.name = "watcher/1",
     .sql = "CREATE TABLE watched(id TEXT PRIMARY KEY, doc TEXT NOT NULL, "
            "last_record TEXT NOT NULL) WITHOUT ROWID;",
     .replays_observers = true}};

TEST_F(ThingsNodeTest, AnObserverKeepsItsTableFilledForEarlierRecordsAndVerified) {
  auto publish = [&](node::Node& n, const std::string& id) {
    Status st = n.pool().write([&](store::Db& db) -> Status {
      return n.ledger().append(db, "thing.publish", id, R"({"name":"x"})", {}).status();
    });
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  };
  {  // Two things published before the watcher exists.
    const ledger::KindRegistry things = with_things(kThingSchema);
    auto n = node::Node::open(dir_, clock_, things);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    publish(**n, "t1");
    publish(**n, "t2");
  }
  ledger::KindRegistry kinds = with_things(kThingSchema);
  ASSERT_TRUE(kinds
                  .add({.owner = "watcher",
                        .kinds = {},
                        .tables = kWatchedTables,
                        .schema = kWatchedSchema,
                        .observers = kWatchers})
                  .is_ok());
  auto n = node::Node::open(dir_, clock_, kinds);
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  // The step replayed the two earlier records; a third is watched as it is applied.
  EXPECT_EQ(count(**n, "SELECT count(*) FROM watched WHERE doc = 'thing.publish'"), 2);
  publish(**n, "t3");
  EXPECT_EQ(count(**n, "SELECT count(*) FROM watched"), 3);
  EXPECT_EQ(count(**n, "SELECT count(*) FROM things"), 3);  // the owner's apply still ran
  auto verify = [&]() {
    auto keys = (*n)->party_keys();
    EXPECT_TRUE(keys.is_ok());
    ledger::VerifyReport report;
    EXPECT_TRUE((*n)->pool()
                    .read([&](store::Db& db) -> Status {
                      store::SqliteRecordLog log(db);
                      LIAISON_ASSIGN_OR_RETURN(report, ledger::verify_ledger(log, kinds, *keys));
                      return Status::ok();
                    })
                    .is_ok());
    return report;
  };
  ledger::VerifyReport clean = verify();
  EXPECT_TRUE(clean.ok()) << (clean.problems.empty() ? "" : clean.problems[0].what);
  // An altered row of the observer's table is flagged like any projection's.
  ASSERT_TRUE(
      (*n)->pool()
          .write([](store::Db& db) {
            return db.exec(
                "UPDATE watched SET doc = 'altered' WHERE id = (SELECT min(id) FROM watched)");
          })
          .is_ok());
  ledger::VerifyReport altered = verify();
  ASSERT_EQ(altered.problems.size(), 1u);
  EXPECT_NE(altered.problems[0].where.find("watched"), std::string::npos)
      << altered.problems[0].where << ": " << altered.problems[0].what;
}

}  // namespace
}  // namespace liaison::testing
