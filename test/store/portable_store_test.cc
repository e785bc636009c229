// The store seam (docs/ARCHITECTURE.md "The store seam"): the portable SQL subset's checker,
// and a second implementation of store::Db — PortableDb over SQLite — running a whole node
// with no service changed. The same capability tests also run on it (test/CMakeLists.txt,
// the portable_store.* entries).
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "node/fixture.h"
#include "requests/kinds.h"
#include "requests/service.h"
#include "store/db.h"
#include "store/open.h"
#include "store/portable_db.h"
#include "store/portable_sql.h"

namespace liaison::testing {
namespace {

using Constructs = std::vector<std::string>;

TEST(PortableSqlTest, StandardStatementsKeepToTheSubset) {
  for (const char* sql : {
           "SELECT a, b FROM t WHERE c = ? AND d IN (SELECT e FROM u) ORDER BY a DESC LIMIT ?",
           "INSERT INTO t(a, b) VALUES(?, ?) ON CONFLICT DO NOTHING",
           "INSERT INTO t(id, doc) VALUES(?,?) ON CONFLICT(id) DO UPDATE SET doc=excluded.doc",
           "UPDATE t SET a = coalesce(?2, a), b = CASE WHEN ?3 > b THEN ?3 ELSE b END WHERE k=?1",
           "SELECT json_extract(doc, '$.id'), instr(a, ?), substr(a, 1, 3), max(b) FROM t",
           "SELECT 1 FROM t WHERE a IS NULL AND b IS NOT NULL AND c IS NOT DISTINCT FROM ?",
           "SAVEPOINT s",
           "RELEASE s",
           // Words inside literals and comments are text, not SQL.
           "SELECT 'INSERT OR IGNORE rowid PRAGMA' FROM t -- rowid MATCH\n WHERE a = ?",
       }) {
    EXPECT_EQ(store::non_portable_constructs(sql), Constructs{}) << sql;
  }
}

TEST(PortableSqlTest, SqliteOnlyConstructsAreNamed) {
  const std::vector<std::pair<const char*, Constructs>> cases = {
      {"INSERT OR IGNORE INTO t(a) VALUES(?)", {"INSERT OR"}},
      {"REPLACE INTO t(a) VALUES(?)", {"REPLACE INTO"}},
      {"PRAGMA mmap_size = 1", {"PRAGMA"}},
      {"SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid", {"rowid", "MATCH/GLOB/REGEXP"}},
      {"SELECT group_concat(a), ifnull(b, 0) FROM t", {"group_concat()", "ifnull()"}},
      {"SELECT strftime('%s', a) FROM t", {"strftime()"}},
      {"UPDATE t SET a = max(a, ?)", {"min/max of several values"}},
      {"SELECT substr(a, -64) FROM t", {"substr from the end"}},
      {"SELECT a FROM t WHERE b IS ?", {"IS between values"}},
      {"SELECT a FROM t WHERE b LIKE 'x%'", {"LIKE"}},
      {"SELECT a FROM t ORDER BY a COLLATE NOCASE", {"COLLATE"}},
      {"SELECT doc ->> '$.id' FROM t", {"JSON ->>"}},
      {"SELECT name FROM sqlite_master", {"sqlite_ catalogue"}},
      {"INSERT INTO t(a) VALUES(?) ON CONFLICT DO UPDATE SET a=1",
       {"ON CONFLICT DO UPDATE without a target"}},
      {"SELECT a FROM t LIMIT 5, 10", {"LIMIT a, b"}},
  };
  for (const auto& [sql, want] : cases) {
    EXPECT_EQ(store::non_portable_constructs(sql), want) << sql;
  }
}

class PortableDbTest : public ::testing::Test {
 protected:
  void SetUp() override { store::clear_portable_findings(); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // A database in dir_ on the checking store, as a node opens it.
  Result<std::unique_ptr<store::Db>> open_checking_store() {
    LIAISON_ASSIGN_OR_RETURN(store::Opener open_db, store::opener("sqlite-portable-check"));
    return open_db(dir_ + "/t.db", false);
  }
  std::string dir_ = [] {
    std::string d = temp_dir("portable-db");
    std::filesystem::create_directories(d);
    return d;
  }();
};

TEST_F(PortableDbTest, RefusesWhatAPostgresStoreCouldNotRunAndPassesTheRest) {
  auto db = open_checking_store();
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  store::Db& d = **db;
  EXPECT_EQ(d.dialect(), "sqlite");
  // Schema scripts are the store's own dialect: not checked.
  ASSERT_TRUE(d.exec_schema("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID").is_ok());

  auto refused = d.prepare("INSERT OR IGNORE INTO t(k, v) VALUES(?, ?)");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("(INSERT OR)"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(d.exec("PRAGMA user_version = 3").code(), StatusCode::kFailedPrecondition);

  // The portable spelling runs, through the cache as well.
  const std::string ins = "INSERT INTO t(k, v) VALUES(?, ?) ON CONFLICT DO NOTHING";
  for (int i = 0; i < 2; ++i) {
    auto st = d.cached(ins);
    ASSERT_TRUE(st.is_ok()) << st.status().to_string();
    (*st)->bind(1, "a").bind(2, 7);
    ASSERT_TRUE((*st)->run().is_ok());
    (*st)->reset();
  }
  auto q = d.prepare("SELECT v FROM t WHERE k = ?");
  ASSERT_TRUE(q.is_ok());
  q->bind(1, "a");
  ASSERT_TRUE(*q->step());
  EXPECT_EQ(q->int64(0), 7);

  const auto found = store::portable_findings();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].construct, "INSERT OR");
  EXPECT_FALSE(found[0].allowed);
  EXPECT_EQ(found[1].construct, "PRAGMA");
  EXPECT_EQ(found[1].sql, "PRAGMA user_version = 3");
}

// What only the store's catalogue knows is a method, so no SQL text of the catalogue is met.
TEST_F(PortableDbTest, HasTableAsksTheStoresOwnCatalogue) {
  auto db = open_checking_store();
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  store::Db& d = **db;
  auto before = d.has_table("contacts_legacy");
  ASSERT_TRUE(before.is_ok()) << before.status().to_string();
  EXPECT_FALSE(*before);
  ASSERT_TRUE(d.exec_schema("CREATE TABLE contacts_legacy(id TEXT PRIMARY KEY)").is_ok());
  auto after = d.has_table("contacts_legacy");
  ASSERT_TRUE(after.is_ok()) << after.status().to_string();
  EXPECT_TRUE(*after);
  auto other = d.has_table("contacts");
  ASSERT_TRUE(other.is_ok());
  EXPECT_FALSE(*other);
  EXPECT_TRUE(store::portable_findings().empty());
}

TEST_F(PortableDbTest, AnUnknownStoreKindNamesTheField) {
  auto o = store::opener("postgres");
  ASSERT_FALSE(o.is_ok());
  EXPECT_EQ(o.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(o.status().field(), "store.kind");
}

// A whole node on the second implementation: requests created, submitted and searched, a
// peer's receipt, policy and event taken in, the register read. Nothing is refused, and the
// non-portable SQL it meets is exactly the allow-list (text search, all in the store).
class PortableNodeTest : public NodeFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(setenv("LIAISON_STORE", "sqlite-portable-check", 1), 0);
    store::clear_portable_findings();
    NodeFixture::SetUp();
  }
  void TearDown() override {
    NodeFixture::TearDown();
    unsetenv("LIAISON_STORE");
  }
};

TEST_F(PortableNodeTest, ANodeRunsOnASecondStoreImplementationWithNoServiceChanged) {
  std::string id = submitted_request();
  ASSERT_FALSE(id.empty());
  auto got = node::get_request(*node_, id);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(doc(*got).at("state").as_string(), "submitted");

  // The peer's receipt of our chain and its acknowledgement of the request.
  acknowledged_by_peer(id);
  got = node::get_request(*node_, id);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(doc(*got).at("state").as_string(), "acknowledged");

  // The register, with and without a text search.
  for (const char* q : {"", "ransomware"}) {
    auto query = node::parse_request_query({{"q", q}});
    ASSERT_TRUE(query.is_ok());
    auto page = node::list_requests(*node_, *query);
    ASSERT_TRUE(page.is_ok()) << page.status().to_string();
    EXPECT_EQ(page->docs.size(), 1u) << q;
  }

  std::set<std::string> refused, met;
  for (const store::PortableFinding& f : store::portable_findings()) {
    (f.allowed ? met : refused).insert(f.construct);
  }
  EXPECT_EQ(refused, std::set<std::string>{});
  // Text search (FTS5) only, which is the whole allow-list: the directory's look for a legacy
  // table when the node opens is Db::has_table, in each store's own catalogue.
  EXPECT_EQ(met, (std::set<std::string>{"MATCH/GLOB/REGEXP", "rowid"}));
  std::set<std::string> listed;
  for (const store::AllowedConstruct& a : store::allowed_constructs()) {
    listed.insert(std::string(a.construct));
    EXPECT_EQ(a.where, "store/text_search.cc") << a.construct;
  }
  EXPECT_EQ(listed, met);
}

}  // namespace
}  // namespace liaison::testing
