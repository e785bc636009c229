// The bridge between the schema as it shipped and as it is made now (store/migrations.cc): a
// data directory made by the kernel's migrations 1–10, which also made the tables of
// requests, sharing, the hotline and the directory, and one made since (the kernel's baseline
// and every capability's schema steps) have the same tables, columns, indexes, views and
// triggers; on the first the capabilities' first steps are recorded without running.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "app/compose.h"
#include "common/crypto.h"
#include "store/pool.h"

namespace liaison::testing {
namespace {

std::string temp_path(const std::string& tag) {
  return (std::filesystem::temp_directory_path() /
          ("liaison-schema-" + tag + "-" + new_uuid().substr(0, 8) + ".db"))
      .string();
}

store::Pool::SchemaSteps every_step() {
  store::Pool::SchemaSteps steps;
  for (const auto& s : app::record_kinds().schema()) {
    steps.push_back({s.name, s.sql, s.made_by_migrations_1_to_10});
  }
  return steps;
}

std::vector<std::string> texts(store::Db& db, const std::string& sql) {
  std::vector<std::string> out;
  auto q = db.prepare(sql);
  EXPECT_TRUE(q.is_ok()) << sql;
  if (!q.is_ok()) return out;
  for (;;) {
    auto row = q->step();
    EXPECT_TRUE(row.is_ok());
    if (!row.is_ok() || !*row) break;
    std::string line;
    for (int c = 0; c < q->column_count(); ++c) {
      line += (c ? "|" : "") + (q->is_null(c) ? std::string("NULL") : q->text(c));
    }
    out.push_back(line);
  }
  return out;
}

std::string squeeze(const std::string& sql) {
  std::string out;
  for (char c : sql) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// Every table's columns (name, type, not null, default, key, hidden or generated), every
// index's keys, and the text of every view and trigger: what the code can see of a schema.
std::vector<std::string> describe(const std::string& path) {
  auto opened = store::Db::open(path);
  EXPECT_TRUE(opened.is_ok());
  if (!opened.is_ok()) return {};
  store::Db& db = **opened;
  std::vector<std::string> out;
  for (const std::string& row :
       texts(db,
             "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE "
             "'sqlite_%' AND name != 'contacts_legacy' ORDER BY type, name")) {
    const size_t a = row.find('|'), b = row.find('|', a + 1);
    const std::string type = row.substr(0, a), name = row.substr(a + 1, b - a - 1);
    const std::string sql = row.substr(b + 1);
    if (type == "table") {
      out.push_back("table " + name +
                    (sql.find("WITHOUT ROWID") != std::string::npos ? " without rowid" : ""));
      for (const auto& c : texts(db,
                                 "SELECT cid, name, type, \"notnull\", dflt_value, pk, "
                                 "hidden FROM pragma_table_xinfo('" +
                                     name + "')")) {
        out.push_back("  column " + c);
      }
    } else if (type == "index") {
      out.push_back("index " + name);
      for (const auto& c : texts(db,
                                 "SELECT seqno, name, \"desc\", coll, key FROM "
                                 "pragma_index_xinfo('" +
                                     name + "')")) {
        out.push_back("  key " + c);
      }
    } else {
      out.push_back(type + " " + name + " " + squeeze(sql));
    }
  }
  return out;
}

TEST(SchemaTest, ADirectoryMadeByTheShippedMigrationsHasTheSchemaOfANewOne) {
  const std::string fresh = temp_path("new");
  {
    auto pool = store::Pool::open(fresh, every_step(), 1);
    ASSERT_TRUE(pool.is_ok()) << pool.status().to_string();
  }
  const std::vector<std::string> want = describe(fresh);
  ASSERT_GT(want.size(), 100u) << "the schema should be described column by column";
  for (const char* table : {"records", "requests", "search_docs", "contacts", "notifications",
                            "indicators", "blob_transfers", "peers"}) {
    EXPECT_NE(
        std::find(want.begin(), want.end(),
                  std::string("table ") + table +
                      (std::string(table) == "records" || std::string(table) == "blob_transfers"
                           ? " without rowid"
                           : "")),
        want.end())
        << table;
  }
  // A directory of before issue 15, made as far as migration `made_to` and brought up to date
  // by this build: the shipped migrations after it, then the bridge.
  for (int made_to : {1, 6, 10}) {
    SCOPED_TRACE("made by migrations 1 to " + std::to_string(made_to));
    const std::string old = temp_path("old");
    {
      auto db = store::Db::open(old);
      ASSERT_TRUE(db.is_ok());
      ASSERT_TRUE((*db)
                      ->exec("CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, "
                             "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
                      .is_ok());
      for (int v = 1; v <= made_to; ++v) {
        Status st = store::apply_migration(**db, v);
        ASSERT_TRUE(st.is_ok()) << v << ": " << st.to_string();
      }
    }
    {
      auto pool = store::Pool::open(old, every_step(), 1);
      ASSERT_TRUE(pool.is_ok()) << pool.status().to_string();
    }
    EXPECT_EQ(describe(old), want);
    auto db = store::Db::open(old);
    ASSERT_TRUE(db.is_ok());
    EXPECT_EQ(
        texts(**db, "SELECT name FROM schema_steps ORDER BY name"),
        (std::vector<std::string>{"directory/1", "hotline/1", "hotline/2", "inbox/1", "inbox/2",
                                  "reports/1", "reports/2", "reports/3", "reports/4", "reports/5",
                                  "requests/1", "requests/2", "sharing/1", "sharing/2"}));
    EXPECT_TRUE(texts(**db, "SELECT value FROM meta WHERE key = 'schema_base'").empty());
    EXPECT_EQ(texts(**db, "SELECT count(*) FROM contacts_legacy"), std::vector<std::string>{"0"})
        << "migration 10 kept the local directory of before";
    db->reset();
    std::filesystem::remove(old);
  }
  auto db = store::Db::open(fresh);
  ASSERT_TRUE(db.is_ok());
  EXPECT_EQ(texts(**db, "SELECT value FROM meta WHERE key = 'schema_base'"),
            std::vector<std::string>{"10"});
  EXPECT_EQ(texts(**db, "SELECT group_concat(version) FROM schema_migrations"),
            std::vector<std::string>{"1,2,3,4,5,6,7,8,9,10,11,12,13"});
  EXPECT_EQ(texts(**db, "SELECT count(*) FROM sqlite_master WHERE name = 'contacts_legacy'"),
            std::vector<std::string>{"0"});
  db->reset();
  std::filesystem::remove(fresh);
}

// A new database's capability steps ran: their tables hold rows, and a second open runs
// nothing again.
TEST(SchemaTest, ANewDatabaseRunsEveryStepOnce) {
  const std::string path = temp_path("once");
  for (int open = 0; open < 2; ++open) {
    auto pool = store::Pool::open(path, every_step(), 1);
    ASSERT_TRUE(pool.is_ok()) << open << ": " << pool.status().to_string();
    Status st = (*pool)->write([](store::Db& db) {
      return db.exec(
          "INSERT INTO counters(name, value) VALUES('n', 1) "
          "ON CONFLICT(name) DO UPDATE SET value = value + 1");
    });
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  auto db = store::Db::open(path);
  ASSERT_TRUE(db.is_ok());
  EXPECT_EQ(texts(**db, "SELECT value FROM counters"), std::vector<std::string>{"2"});
  EXPECT_EQ(texts(**db, "SELECT count(*) FROM schema_steps"), std::vector<std::string>{"14"});
  db->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace liaison::testing
