// The register's text search (migration 7's FTS5 index, node::list_requests with q): what
// is found (both languages, references, identifiers, messages), that query syntax is text,
// that edits are re-indexed, that filters, sorts and pages agree with the unsearched register,
// the limits of a broad search, and that searches never take the readers other requests use.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <thread>

#include "node/fixture.h"
#include "store/pool.h"
#include "store/text_search.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class SearchTest : public NodeFixture {
 protected:
  // A complete request whose texts are bland, so that a search finds only what a test puts in.
  static json::object bland() {
    json::object body = complete_preservation();
    auto bt = [](const char* zh, const char* en) {
      return json::object{
          {"original", zh}, {"lang", "zh-CN"}, {"translation", en}, {"translation_lang", "en"}};
    };
    for (const char* k : {"requesting_authority", "offence", "data_sought", "data_link",
                          "custodian", "necessity"}) {
      body[k] = bt("见附件", "See annex");
    }
    return body;
  }
  std::string create(json::object body) {
    clock_.advance(std::chrono::seconds(1));  // distinct created_at / updated_at
    auto created = node::create_request(*node_, officer(), body);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? std::string(doc(*created).at("id").as_string()) : "";
  }
  std::string create_titled(const std::string& original, const std::string& translation = "") {
    json::object body = bland();
    json::object title{{"original", original}};
    if (!translation.empty()) title["translation"] = translation;
    body["title"] = std::move(title);
    return create(body);
  }
  Result<node::DocPage> search(std::vector<std::pair<std::string, std::string>> params) {
    LIAISON_ASSIGN_OR_RETURN(node::RequestQuery q, node::parse_request_query(params));
    return node::list_requests(*node_, q);
  }
  // The ids a search finds (all of one page), or the error's field.
  std::vector<std::string> ids_for(const std::string& q) {
    auto page = search({{"q", q}, {"per_page", "200"}});
    if (!page.is_ok()) return {"error: " + page.status().to_string()};
    std::vector<std::string> ids;
    for (const auto& d : page->docs) ids.emplace_back(doc(d).at("id").as_string());
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
};

TEST_F(SearchTest, TitlesAreFoundInBothLanguagesAndAnyCase) {
  std::string ransom = create_titled("勒索软件攻击医院", "Ransomware attack on a hospital");
  std::string phish = create_titled("网络钓鱼网站", "Phishing site");
  EXPECT_EQ(ids_for("勒索软件"), std::vector<std::string>{ransom});
  EXPECT_EQ(ids_for("勒索"), std::vector<std::string>{ransom});  // two characters
  EXPECT_EQ(ids_for("软件攻"), std::vector<std::string>{ransom});
  EXPECT_EQ(ids_for("医院"), std::vector<std::string>{ransom});  // at the end of the title
  EXPECT_EQ(ids_for("ransomware"), std::vector<std::string>{ransom});
  EXPECT_EQ(ids_for("RANSOMWARE ATTACK"), std::vector<std::string>{ransom});
  EXPECT_EQ(ids_for("Ph"), std::vector<std::string>{phish});
  EXPECT_EQ(ids_for("钓鱼"), std::vector<std::string>{phish});
  EXPECT_EQ(ids_for("网站"), std::vector<std::string>{phish});
  EXPECT_EQ(ids_for("annex"), sorted({ransom, phish}));  // the other texts are searched too
  EXPECT_EQ(ids_for("no such thing"), std::vector<std::string>{});
  EXPECT_EQ(ids_for("勒死"), std::vector<std::string>{});
}

TEST_F(SearchTest, ReferencesIdentifiersAndMessagesAreFound) {
  json::object body = bland();
  body["title"] = json::object{{"original", "Server seizure"}};
  body["identifiers"] =
      json::array{json::object{{"kind", "ipv4"},
                               {"value", "198.51.100.77"},
                               {"port", 443},
                               {"observed_at", "2026-11-18T02:14:00Z"}},
                  json::object{{"kind", "email"}, {"value", "xiao.ming@example.org"}}};
  std::string id = create(body);
  std::string other = create_titled("Unrelated");
  std::string ref(doc(*node::get_request(*node_, id)).at("requester_ref").as_string());
  ASSERT_FALSE(ref.empty());
  EXPECT_EQ(ids_for(ref), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("198.51.100.77"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("XIAO.MING@"), std::vector<std::string>{id});

  ASSERT_TRUE(
      node::request_event(*node_, officer(), id, json::object{{"event", "submit"}}).is_ok());
  // The requested party's reference, set by its acknowledgement.
  auto ack = us_record("request.event", id,
                       json::object{{"event", "acknowledge"},
                                    {"args", json::object{{"requested_ref", "FBI-CY-2026-0042"}}}});
  ASSERT_TRUE(node::ingest_record(*node_, ack).is_ok());
  EXPECT_EQ(ids_for("fbi-cy-2026"), std::vector<std::string>{id});

  // Messages of both parties, both languages.
  auto ours = node::post_message(
      *node_, officer(), id,
      json::object{{"body", json::object{{"original", "嫌疑人使用比特币钱包"},
                                         {"translation", "The suspect uses a bitcoin wallet"}}}});
  ASSERT_TRUE(ours.is_ok()) << ours.status().to_string();
  auto theirs =
      us_record("message.post", id + ":msg:us-1",
                json::object{{"request_id", id},
                             {"author", "agent"},
                             {"body", json::object{{"original", "Logs preserved until June"}}}});
  ASSERT_TRUE(node::ingest_record(*node_, theirs).is_ok());
  EXPECT_EQ(ids_for("比特币"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("钱包"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("bitcoin wallet"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("preserved until"), std::vector<std::string>{id});
  // A request found through its title and two messages is listed once.
  ASSERT_TRUE(
      node::post_message(*node_, officer(), id,
                         json::object{{"body", json::object{{"original", "Server seizure done"}}}})
          .is_ok());
  auto page = search({{"q", "seizure"}});
  ASSERT_TRUE(page.is_ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_TRUE(page->total_exact);
  EXPECT_EQ(ids_for("unrelated"), std::vector<std::string>{other});
}

TEST_F(SearchTest, QuerySyntaxIsSearchedAsText) {
  std::string id = create_titled(R"(He said "stop" NEAR the *server* -x a:b (c OR d) ^e)");
  std::string plain = create_titled("stop server near x");
  EXPECT_EQ(ids_for(R"("stop")"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for(R"(d ")"), std::vector<std::string>{id});  // a lone quote
  EXPECT_EQ(ids_for("*server*"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("NEAR the"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("-x"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("a:b"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("(c OR d)"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("^e"), std::vector<std::string>{id});
  // As FTS5 syntax these would match `plain`, be errors, or match everything; as text nothing.
  for (const char* q : {"stop AND server", "stop OR nothing", "NEAR(stop server)", "text:stop",
                        "sto*", "\"stop\" \"server\"", "-stop", "\"\"", "**", "()", ")(", "-\""}) {
    auto page = search({{"q", q}});
    ASSERT_TRUE(page.is_ok()) << q << ": " << page.status().to_string();
    for (const auto& d : page->docs) EXPECT_NE(doc(d).at("id").as_string(), plain) << q;
  }
}

TEST_F(SearchTest, DraftEditsAreReindexed) {
  std::string id = create_titled("Botnet takedown", "僵尸网络");
  EXPECT_EQ(ids_for("botnet"), std::vector<std::string>{id});
  clock_.advance(std::chrono::seconds(1));
  json::object patch{{"title", json::object{{"original", "Credential theft"}}},
                     {"identifiers", json::array{json::object{{"kind", "domain"},
                                                              {"value", "login-verify.example"}}}}};
  auto updated = node::update_request(*node_, officer(), id, patch);
  ASSERT_TRUE(updated.is_ok()) << updated.status().to_string();
  EXPECT_EQ(ids_for("botnet"), std::vector<std::string>{});
  EXPECT_EQ(ids_for("僵尸"), std::vector<std::string>{});
  EXPECT_EQ(ids_for("203.0.113.45"), std::vector<std::string>{});  // the old identifier
  EXPECT_EQ(ids_for("credential"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("login-verify"), std::vector<std::string>{id});
  // The state the filters see is the new one too.
  ASSERT_TRUE(
      node::request_event(*node_, officer(), id, json::object{{"event", "submit"}}).is_ok());
  EXPECT_EQ(search({{"q", "credential"}, {"state", "draft"}})->total, 0);
  EXPECT_EQ(search({{"q", "credential"}, {"state", "submitted"}})->total, 1);
}

// Every filter, sort and page of a search lists what the unsearched register lists, minus the
// requests that do not match.
TEST_F(SearchTest, FiltersSortsAndPagesAgreeWithTheRegister) {
  const char* priorities[] = {"P2", "P0", "P1", "P3", "P1", "P0", "P2"};
  std::vector<std::string> matching;
  for (int i = 0; i < 7; ++i) {
    json::object body = bland();
    body["priority"] = priorities[i];
    if (i % 3 == 2) body["type"] = "technical_advice";
    body["title"] =
        json::object{{"original", i == 3 ? "Other topic" : "Alpha case " + std::to_string(i)}};
    std::string id = create(body);
    if (i != 3) matching.push_back(id);
    if (i % 2 == 1) {
      ASSERT_TRUE(
          node::request_event(*node_, officer(), id, json::object{{"event", "submit"}}).is_ok());
    }
  }
  using Params = std::vector<std::pair<std::string, std::string>>;
  const std::vector<Params> filters = {{},
                                       {{"type", "preservation"}},
                                       {{"state", "draft"}},
                                       {{"priority", "P0,P1"}},
                                       {{"direction", "outgoing"}},
                                       {{"party", "US"}},
                                       {{"direction", "incoming"}}};
  for (const char* sort : {"-updated_at", "updated_at", "created_at", "-created_at", "priority",
                           "-priority", "state", "respond_by"}) {
    for (const auto& filter : filters) {
      Params base = filter;
      base.emplace_back("sort", sort);
      Params all = base;
      all.emplace_back("per_page", "200");
      auto whole = search(all);
      ASSERT_TRUE(whole.is_ok());
      std::vector<std::string> expected;
      for (const auto& d : whole->docs) {
        std::string id(doc(d).at("id").as_string());
        if (std::find(matching.begin(), matching.end(), id) != matching.end())
          expected.push_back(id);
      }
      std::vector<std::string> got;
      for (int p = 1; p <= 4; ++p) {
        Params paged = base;
        paged.emplace_back("q", "alpha");
        paged.emplace_back("per_page", "2");
        paged.emplace_back("page", std::to_string(p));
        auto page = search(paged);
        ASSERT_TRUE(page.is_ok()) << page.status().to_string();
        EXPECT_EQ(page->total, static_cast<int64_t>(expected.size())) << sort;
        EXPECT_TRUE(page->total_exact);
        EXPECT_LE(page->docs.size(), 2u);
        for (const auto& d : page->docs) got.emplace_back(doc(d).at("id").as_string());
      }
      EXPECT_EQ(got, expected) << "sort " << sort << " filter "
                               << (filter.empty() ? "none" : filter[0].first);
    }
  }
}

TEST_F(SearchTest, TheSearchTextIsChecked) {
  for (const char* q : {"a", " a ", "勒", "  勒"}) {
    auto r = node::parse_request_query({{"q", q}});
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
    EXPECT_EQ(r.status().field(), "q") << q;
  }
  for (const std::string& q :
       {std::string("\xff\xfe"), std::string("ab\xc3"), std::string("\xed\xa0\x80x"),
        std::string("a\tb"), std::string("a\0b", 3)}) {
    EXPECT_EQ(node::parse_request_query({{"q", q}}).status().field(), "q");
  }
  EXPECT_EQ(node::parse_request_query({{"q", std::string(201, 'x')}}).status().field(), "q");
  EXPECT_EQ(node::parse_request_query({{"q", "  ab  "}})->q, "ab");
  EXPECT_EQ(node::parse_request_query({{"q", "   "}})->q, "");  // no search at all
  EXPECT_EQ(store::fts_phrase(R"(a "b" c)"), R"("a ""b"" c")");
  EXPECT_EQ(store::utf8_length("勒索ab"), 4u);
}

// Requests written straight into the projection table (the triggers index them as they do
// apply()'s), so that a broad search can be made without a thousand ledger records.
class BroadSearchTest : public SearchTest {
 protected:
  // `n` requests titled `title`, except every `every`-th, titled `rare` (every = 0: none).
  void insert_requests(int n, const std::string& title, int every = 0,
                       const std::string& rare = "") {
    ASSERT_TRUE(
        node_->pool()
            .write([&](store::Db& db) -> Status {
              LIAISON_ASSIGN_OR_RETURN(
                  store::Stmt ins,
                  db.prepare("INSERT INTO requests(id, doc, last_record) VALUES(?,?,?)"));
              for (int i = 0; i < n; ++i) {
                char at[32];
                std::snprintf(at, sizeof at, "2026-01-01T%02d:%02d:%02dZ", i / 3600, i / 60 % 60,
                              i % 60);
                std::string id = "bulk-" + std::to_string(10000 + i);
                json::object d{
                    {"id", id},
                    {"state", "draft"},
                    {"type", i % 2 ? "preservation" : "technical_advice"},
                    {"created_at", at},
                    {"updated_at", at},
                    {"title",
                     json::object{{"original", every && i % every == every - 1 ? rare : title}}}};
                ins.reset();
                ins.bind(1, id).bind(2, json::serialize(d)).bind(3, "CN:" + std::to_string(i));
                LIAISON_RETURN_IF_ERROR(ins.run());
              }
              return Status::ok();
            })
            .is_ok());
  }
};

// A rare text among many rows (its rare trigrams lead) is found in all of them; a common one
// whose filters keep nothing stops at the scan limit and says so.
TEST_F(BroadSearchTest, RareTextsAreAllFoundAndScansAreBounded) {
  insert_requests(12000, "Filler", 1000, "Needle in the register");
  auto page = search({{"q", "needle in"}, {"per_page", "200"}, {"sort", "-created_at"}});
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page->total, 12);
  EXPECT_TRUE(page->total_exact);
  ASSERT_EQ(page->docs.size(), 12u);
  EXPECT_EQ(doc(page->docs.front()).at("id").as_string(), "bulk-21999");
  EXPECT_EQ(doc(page->docs.back()).at("id").as_string(), "bulk-10999");
  // Rows that hold every trigram of a text but not the text are not found.
  EXPECT_EQ(search({{"q", "needle register"}})->total, 0);
  auto none = search({{"q", "filler"}, {"type", "emergency_disclosure"}});
  EXPECT_EQ(none->total, 0);
  EXPECT_FALSE(none->total_exact);
}

// ASCII letters match in either case; other letters as written (the index and the check of
// each hit fold ASCII only, as SQLite's lower() does).
TEST_F(SearchTest, AsciiLettersMatchInEitherCaseOthersAsWritten) {
  std::string id = create_titled("Émile ZOLA, Ελλάδα");
  EXPECT_EQ(ids_for("zola"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("Émile"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("ÉMILE"), std::vector<std::string>{id});  // only the ASCII letters differ
  EXPECT_EQ(ids_for("émile"), std::vector<std::string>{});
  EXPECT_EQ(ids_for("Ελλάδα"), std::vector<std::string>{id});
  EXPECT_EQ(ids_for("ελλάδα"), std::vector<std::string>{});
}

TEST_F(BroadSearchTest, ABroadSearchKeepsTheNewestMatchesAndSaysSo) {
  const int n = node::kSearchMatchLimit + 30;
  insert_requests(n, "Common word");
  auto page = search({{"q", "common"}, {"sort", "updated_at"}});
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page->total, node::kSearchMatchLimit);
  EXPECT_FALSE(page->total_exact);
  // The 30 written first are the ones left out: the oldest match kept is the 31st.
  EXPECT_EQ(doc(page->docs.at(0)).at("id").as_string(), "bulk-10030");
  auto newest = search({{"q", "common"}});
  EXPECT_EQ(doc(newest->docs.at(0)).at("id").as_string(), "bulk-" + std::to_string(10000 + n - 1));
  // Filters apply before the limit: the 515 preservation requests among the 1,030 hits are
  // all found, exactly.
  auto typed = search({{"q", "common"}, {"type", "preservation"}});
  EXPECT_EQ(typed->total, node::kSearchMatchLimit / 2 + 15);
  EXPECT_TRUE(typed->total_exact);
  // A narrow search over the same rows is exact.
  auto one = search({{"q", "bulk"}});  // ids are not indexed
  EXPECT_EQ(one->total, 0);
  EXPECT_TRUE(one->total_exact);
}

// The migration's back-fill: the node's database is taken back to before the migration (its
// objects dropped, the old `search` column and triggers put back), requests and messages are
// written, and the migration runs again (alone: later migrations stay applied).
TEST_F(SearchTest, TheMigrationIndexesWhatWasThereBefore) {
  auto raw = store::Db::open(dir_ + "/liaison.db");
  ASSERT_TRUE(raw.is_ok());
  store::Db& db = **raw;
  ASSERT_TRUE(db.exec(R"sql(
DROP TRIGGER search_request_insert; DROP TRIGGER search_request_update;
DROP TRIGGER search_request_delete; DROP TRIGGER search_message_insert;
DROP TRIGGER search_message_update; DROP TRIGGER search_message_delete;
DROP TABLE search_vocab; DROP TABLE search_text;
DROP TABLE search_requests; DROP TABLE search_messages; DROP TABLE search_docs;
DROP VIEW search_request_text; DROP VIEW search_message_text;
ALTER TABLE requests ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN SELECT 1; END;
CREATE TRIGGER requests_search_update AFTER UPDATE OF doc ON requests BEGIN SELECT 1; END;
)sql")
                  .is_ok())
      << "the pre-migration schema";
  constexpr int kSearchMigration = 7;
  ASSERT_TRUE(
      db.exec("DELETE FROM schema_migrations WHERE version = " + std::to_string(kSearchMigration))
          .is_ok());
  std::string older = create_titled("勒索软件 old case", "old case");
  std::string newer = create_titled("Newer case");
  ASSERT_TRUE(node::update_request(
                  *node_, officer(), older,
                  json::object{{"title", json::object{{"original", "勒索软件 edited case"}}}})
                  .is_ok());
  ASSERT_TRUE(
      node::request_event(*node_, officer(), newer, json::object{{"event", "submit"}}).is_ok());
  ASSERT_TRUE(
      node::post_message(*node_, officer(), newer,
                         json::object{{"body", json::object{{"original", "Wallet seen again"}}}})
          .is_ok());

  Status migrated = store::apply_migration(db, kSearchMigration);
  ASSERT_TRUE(migrated.is_ok()) << migrated.to_string();
  EXPECT_EQ(ids_for("勒索"), std::vector<std::string>{older});
  EXPECT_EQ(ids_for("edited"), std::vector<std::string>{older});
  EXPECT_EQ(ids_for("old case"), std::vector<std::string>{});
  EXPECT_EQ(ids_for("wallet seen"), std::vector<std::string>{newer});
  EXPECT_EQ(search({{"q", "case"}, {"state", "submitted"}})->total, 1);
  // Written after the migration: indexed by the triggers.
  ASSERT_TRUE(node::post_message(*node_, officer(), older,
                                 json::object{{"body", json::object{{"original", "Wallet moved"}}}})
                  .is_ok());
  EXPECT_EQ(ids_for("wallet"), sorted({older, newer}));
}

TEST_F(SearchTest, SearchesNeverTakeTheReadersOfOtherRequests) {
  std::string id = create_titled("Ransomware wallet");
  // Hold the connection set apart for searches, as a long search would.
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  std::thread holder([&] {
    (void)node_->pool().try_read_apart([&](store::Db&) {
      entered.set_value();
      released.wait();
      return Status::ok();
    });
  });
  entered.get_future().wait();
  // Every search meanwhile is turned away at once, naming q.
  std::vector<std::thread> searchers;
  std::atomic<int> refused{0}, other_ok{0};
  for (int i = 0; i < 8; ++i) {
    searchers.emplace_back([&] {
      auto page = search({{"q", "ransomware"}});
      if (!page.is_ok() && page.status().code() == StatusCode::kResourceExhausted &&
          page.status().field() == "q") {
        ++refused;
      }
    });
  }
  // More readers than the pool holds, all served although a search is in progress.
  for (int i = 0; i < 12; ++i) {
    searchers.emplace_back([&] {
      bool ok =
          node::get_request(*node_, id).is_ok() &&
          node::list_requests(*node_, *node::parse_request_query({{"state", "draft"}})).is_ok();
      if (ok) ++other_ok;
    });
  }
  for (auto& t : searchers) t.join();
  EXPECT_EQ(refused.load(), 8);
  EXPECT_EQ(other_ok.load(), 12);
  release.set_value();
  holder.join();
  auto page = search({{"q", "ransomware"}});
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page->total, 1);
}

TEST_F(SearchTest, ASearchNeedsNoReader) {
  std::string id = create_titled("Ransomware wallet");
  // Every reader taken, as a burst of other requests would.
  const int readers = node_->pool().reader_count();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  std::vector<std::thread> holders;
  for (int i = 0; i < readers; ++i) {
    holders.emplace_back([&] {
      (void)node_->pool().read([&](store::Db&) {
        ++entered;
        released.wait();
        return Status::ok();
      });
    });
  }
  while (entered.load() < readers) std::this_thread::yield();
  auto page = search({{"q", "wallet"}});
  release.set_value();
  for (auto& t : holders) t.join();
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(doc(page->docs.at(0)).at("id").as_string(), id);
}

}  // namespace
}  // namespace liaison::testing
