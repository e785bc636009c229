// Reading a table's pages ahead (store/sqlite/prefetch.h): the walk finds exactly the leaf
// pages SQLite's own dbstat counts for the table, and anything that is not a b-tree it can
// read ends it quietly with nothing asked for. The store's scope around a large scan
// (Db::large_scan) maps more of the file while it lives.
#include "store/sqlite/prefetch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/crypto.h"
#include "store/db.h"

namespace liaison::testing {
namespace {

std::string temp_path(const std::string& tag) {
  return (std::filesystem::temp_directory_path() /
          ("liaison-prefetch-" + tag + "-" + new_uuid().substr(0, 8) + ".db"))
      .string();
}

int64_t one(store::Db& db, const std::string& sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q.is_ok()) << sql;
  if (!q.is_ok()) return -1;
  auto row = q->step();
  return row.is_ok() && *row ? q->int64(0) : -1;
}

TEST(PrefetchTest, TheWalkFindsEveryLeafPageOfTheTableAndNoOther) {
  const std::string path = temp_path("leaves");
  auto db = store::Db::open(path);
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  store::Db& d = **db;
  // Two tables filled in turn, so their pages interleave in the file as ingest leaves them.
  ASSERT_TRUE(d.exec("CREATE TABLE facts(id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID").is_ok());
  ASSERT_TRUE(d.exec("CREATE TABLE other(id INTEGER PRIMARY KEY, body TEXT)").is_ok());
  ASSERT_TRUE(d.begin_write().is_ok());
  for (int i = 0; i < 30000; ++i) {
    auto a = d.prepare("INSERT INTO facts VALUES(printf('CN:%016d', ?), randomblob(40))");
    ASSERT_TRUE(a.is_ok());
    a->bind(1, int64_t{i});
    ASSERT_TRUE(a->step().is_ok());
    auto b = d.prepare("INSERT INTO other(body) VALUES(hex(randomblob(60)))");
    ASSERT_TRUE(b.is_ok());
    ASSERT_TRUE(b->step().is_ok());
  }
  ASSERT_TRUE(d.commit().is_ok());
  ASSERT_TRUE(d.exec("PRAGMA wal_checkpoint(TRUNCATE)").is_ok());
  const int64_t root = one(d, "SELECT rootpage FROM sqlite_master WHERE name = 'facts'");
  ASSERT_GT(root, 1);
  if (!d.prepare("SELECT 1 FROM dbstat").is_ok())
    GTEST_SKIP() << "this SQLite has no dbstat table to count pages with";
  const int64_t leaves = one(d,
                             "SELECT count(*) FROM dbstat WHERE name = 'facts' AND "
                             "pagetype = 'leaf'");
  const int64_t interior = one(d,
                               "SELECT count(*) FROM dbstat WHERE name = 'facts' AND "
                               "pagetype = 'internal'");
  ASSERT_GT(leaves, 300);
  ASSERT_GT(interior, 1);  // at least two levels above the leaves
  EXPECT_EQ(store::prefetch_btree(path, static_cast<uint32_t>(root)), leaves);
  // Through the store's hint: the same walk, changing nothing that can be read.
  const int64_t rows = one(d, "SELECT count(*) FROM facts");
  { const store::ScanScope scan = d.large_scan("facts"); }
  { const store::ScanScope scan = d.large_scan("no_such_table"); }
  EXPECT_EQ(one(d, "SELECT count(*) FROM facts"), rows);
  db->reset();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

// The figures' scan used to set the memory map itself (PRAGMA text in a repository): the
// store's scope maps more of the file while it lives and puts the connection's own setting
// back when it ends.
TEST(PrefetchTest, ALargeScanMapsMoreOfTheFileUntilItsScopeEnds) {
  const std::string path = temp_path("mmap");
  auto db = store::Db::open(path);
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  store::Db& d = **db;
  ASSERT_TRUE(d.exec("CREATE TABLE facts(id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID").is_ok());
  ASSERT_TRUE(d.exec("PRAGMA mmap_size = 4096").is_ok());
  const int64_t own = one(d, "PRAGMA mmap_size");
  int64_t during = -1;
  {
    const store::ScanScope scan = d.large_scan("facts");
    during = one(d, "PRAGMA mmap_size");
  }
  const int64_t after = one(d, "PRAGMA mmap_size");
  db->reset();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  if (own < 4096) GTEST_SKIP() << "this SQLite maps no file (SQLITE_MAX_MMAP_SIZE " << own << ")";
  EXPECT_GT(during, own);
  EXPECT_EQ(after, own);
}

TEST(PrefetchTest, WhatIsNotABtreeItCanReadAsksForNothing) {
  EXPECT_EQ(store::prefetch_btree("/nonexistent/liaison.db", 2), 0);
  const std::string path = temp_path("garbage");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 64 * 1024; ++i) out.put(static_cast<char>(i * 7 + 3));
  }
  EXPECT_EQ(store::prefetch_btree(path, 2), 0);  // a page size that is no power of two
  std::filesystem::remove(path);
  // A table of one leaf page (the root is the leaf), and a root past the file's end.
  const std::string small = temp_path("small");
  auto db = store::Db::open(small);
  ASSERT_TRUE(db.is_ok());
  ASSERT_TRUE((*db)->exec("CREATE TABLE t(x)").is_ok());
  ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES(1)").is_ok());
  ASSERT_TRUE((*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)").is_ok());
  const int64_t root = one(**db, "SELECT rootpage FROM sqlite_master WHERE name = 't'");
  EXPECT_EQ(store::prefetch_btree(small, static_cast<uint32_t>(root)), 0);
  EXPECT_EQ(store::prefetch_btree(small, 1u << 30), 0);
  db->reset();
  std::filesystem::remove(small);
  std::filesystem::remove(small + "-wal");
  std::filesystem::remove(small + "-shm");
}

}  // namespace
}  // namespace liaison::testing
