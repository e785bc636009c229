#include <gtest/gtest.h>

#include <fstream>

#include "app/compose.h"
#include "node/config.h"
#include "node/fixture.h"
#include "node/users.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

using NodeTest = NodeFixture;

TEST_F(NodeTest, InitRefusesToOverwriteAnExistingNode) {
  node::InitOptions o;
  o.dir = dir_;
  o.party = "CN";
  o.name = "again";
  auto again = liaison::app::init_node(o, clock_);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
}

TEST_F(NodeTest, InitValidatesItsInput) {
  node::InitOptions o;
  o.dir = temp_dir("init");
  o.name = "x";
  o.party = "cn";
  EXPECT_EQ(liaison::app::init_node(o, clock_).status().field(), "party");
  o.party = "CN";
  o.timezone = "Mars/Olympus";
  EXPECT_EQ(liaison::app::init_node(o, clock_).status().field(), "timezone");
}

// config.toml's [directory] verify_days: written by init, range-checked on load.
TEST_F(NodeTest, DirectoryVerifyDaysIsReadAndChecked) {
  auto c = node::load_config(dir_ + "/config.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->contact_verify_days, 90);
  for (const char* days : {"30", "0", "4000"}) {
    const std::string sub =
        dir_ + "/config-" + days;  // (inside the node's directory: removed with it)
    std::filesystem::create_directories(sub);
    const std::string path = sub + "/config.toml";
    std::ofstream(path) << "[node]\nparty = \"CN\"\n[directory]\nverify_days = " << days << "\n";
    auto loaded = node::load_config(path);
    if (std::string(days) == "30") {
      ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
      EXPECT_EQ(loaded->contact_verify_days, 30);
    } else {
      EXPECT_EQ(loaded.status().field(), "verify_days") << days;
    }
  }
}

TEST_F(NodeTest, LoginChecksPasswordAndRateLimits) {
  auto ok = node::login(*node_, "admin", "correct horse battery", "", "127.0.0.1:5000");
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->user.role, node::Role::kAdministrator);
  auto s = node::session_user(*node_, ok->token);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->csrf, ok->csrf);

  for (int i = 0; i < node::kMaxLoginFailures; ++i) {
    auto bad = node::login(*node_, "admin", "wrong password!!", "", "127.0.0.1:5000");
    EXPECT_EQ(bad.status().code(), StatusCode::kUnauthenticated);
  }
  auto limited = node::login(*node_, "admin", "correct horse battery", "", "127.0.0.1:5000");
  EXPECT_EQ(limited.status().code(), StatusCode::kResourceExhausted);
  clock_.advance(std::chrono::seconds(node::kLoginFailureWindowSeconds + 1));
  EXPECT_TRUE(node::login(*node_, "admin", "correct horse battery", "", "127.0.0.1:5000").is_ok());
}

TEST_F(NodeTest, TotpIsRequiredOnceEnabled) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  auto secret = node::enable_totp(*node_, admin, "admin");
  ASSERT_TRUE(secret.is_ok());
  auto missing = node::login(*node_, "admin", "correct horse battery", "", "127.0.0.1:1");
  EXPECT_EQ(missing.status().field(), "totp");
  int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  std::string code = node::totp_code(*from_base32(*secret), now);
  EXPECT_TRUE(node::login(*node_, "admin", "correct horse battery", code, "127.0.0.1:1").is_ok());
  // The same code cannot be used twice.
  auto replay = node::login(*node_, "admin", "correct horse battery", code, "127.0.0.1:1");
  EXPECT_EQ(replay.status().field(), "totp");
  clock_.advance(std::chrono::seconds(60));
  now += 60;
  std::string next = node::totp_code(*from_base32(*secret), now);
  EXPECT_TRUE(node::login(*node_, "admin", "correct horse battery", next, "127.0.0.1:1").is_ok());
}

TEST_F(NodeTest, TotpMatchesRfc6238Vector) {
  // RFC 6238 appendix B, SHA-1, T = 59 s → 94287082 (8 digits); 6 digits: 287082.
  EXPECT_EQ(node::totp_code("12345678901234567890", 59), "287082");
  EXPECT_EQ(node::totp_code("12345678901234567890", 1111111109), "081804");
}

TEST_F(NodeTest, DisabledUserCannotLogInAndLosesSessions) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  ASSERT_TRUE(
      node::add_user(*node_, admin, "alice", "Alice", node::Role::kAnalyst, "alice password 1")
          .is_ok());
  auto s = node::login(*node_, "alice", "alice password 1", "", "127.0.0.1:1");
  ASSERT_TRUE(s.is_ok());
  node::UserPatch p;
  p.disabled = true;
  ASSERT_TRUE(node::update_user(*node_, admin, "alice", p).is_ok());
  EXPECT_FALSE(node::session_user(*node_, s->token).is_ok());
  EXPECT_FALSE(node::login(*node_, "alice", "alice password 1", "", "127.0.0.1:1").is_ok());
}

TEST_F(NodeTest, UserInputIsValidated) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  EXPECT_EQ(node::add_user(*node_, admin, "Bad Name", "", node::Role::kAnalyst, "long enough pw")
                .status()
                .field(),
            "username");
  EXPECT_EQ(
      node::add_user(*node_, admin, "bob", "", node::Role::kAnalyst, "short").status().field(),
      "password");
  EXPECT_EQ(node::add_user(*node_, admin, "admin", "", node::Role::kAnalyst, "long enough pw")
                .status()
                .code(),
            StatusCode::kAlreadyExists);
}

TEST_F(NodeTest, ApiTokensAuthenticate) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  auto t = node::create_token(*node_, admin, "admin", "ci");
  ASSERT_TRUE(t.is_ok());
  auto u = node::token_user(*node_, *t);
  ASSERT_TRUE(u.is_ok());
  EXPECT_EQ(u->username, "admin");
  EXPECT_FALSE(node::token_user(*node_, *t + "x").is_ok());
}

TEST_F(NodeTest, SubmitOfIncompleteRequestNamesEachMissingItem) {
  json::object partial{{"type", "preservation"},
                       {"requested_party", "US"},
                       {"title", json::object{{"original", "只有标题"}}}};
  auto created = node::create_request(*node_, officer(), partial);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  std::string id(doc(*created).at("id").as_string());
  auto sub = node::request_event(*node_, officer(), id, json::object{{"event", "submit"}});
  ASSERT_FALSE(sub.is_ok());
  EXPECT_EQ(sub.status().field(), "checklist");
  auto missing = sub.status().details();
  for (const char* item : {"requesting_authority", "offence", "data_sought", "data_link",
                           "custodian", "necessity", "mla_to_follow", "identifiers"}) {
    EXPECT_NE(std::find(missing.begin(), missing.end(), item), missing.end()) << item;
  }
  EXPECT_EQ(std::find(missing.begin(), missing.end(), "title"), missing.end());
  EXPECT_EQ(doc(*node::get_request(*node_, id)).at("state").as_string(), "draft");
}

TEST_F(NodeTest, RequestsAreSearchableAndFilterable) {
  auto a = node::create_request(*node_, officer(), complete_preservation());
  ASSERT_TRUE(a.is_ok());
  json::object other = complete_preservation();
  other["type"] = "technical_advice";
  other["title"] = json::object{{"original", "Darknet wallet analysis"}};
  other["offence"] = json::object{{"original", "Fraud"}};  // the offence is searched too
  ASSERT_TRUE(node::create_request(*node_, officer(), other).is_ok());
  auto q = node::parse_request_query({{"q", "RANSOMWARE"}});
  ASSERT_TRUE(q.is_ok());
  auto page = node::list_requests(*node_, *q);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(doc(page->docs[0]).at("type").as_string(), "preservation");
  auto by_ip = node::list_requests(*node_, *node::parse_request_query({{"q", "203.0.113.45"}}));
  EXPECT_EQ(by_ip->total, 2);
  auto by_type =
      node::list_requests(*node_, *node::parse_request_query({{"type", "technical_advice"}}));
  EXPECT_EQ(by_type->total, 1);
  EXPECT_EQ(node::parse_request_query({{"state", "nonsense"}}).status().field(), "state");
  EXPECT_EQ(node::parse_request_query({{"sort", "doc"}}).status().field(), "sort");
  EXPECT_EQ(node::parse_request_query({{"per_page", "1000"}}).status().field(), "per_page");
}

TEST_F(NodeTest, RolesWithoutWriteRightsCannotChangeRequests) {
  node::Actor auditor{"aud", node::Role::kAuditor, "test"};
  node::Actor analyst{"ana", node::Role::kAnalyst, "test"};
  EXPECT_EQ(node::create_request(*node_, auditor, complete_preservation()).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(node::create_request(*node_, analyst, complete_preservation()).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(NodeTest, AttachmentsAreEncryptedAndHashChecked) {
  auto created = node::create_request(*node_, officer(), complete_preservation());
  std::string id(doc(*created).at("id").as_string());
  std::string data = "evidence bytes: 证据";
  auto att = node::add_attachment(*node_, officer(), id, "log.txt", "text/plain", data);
  ASSERT_TRUE(att.is_ok()) << att.status().to_string();
  std::string sha = sha256_hex(data);
  EXPECT_EQ(doc(*att).at("sha256").as_string(), sha);
  // On disk the content is not in the clear.
  std::ifstream f(dir_ + "/blobs/" + sha.substr(0, 2) + "/" + sha, std::ios::binary);
  std::string disk((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(disk.find("evidence"), std::string::npos);
  auto back = node::read_attachment(*node_, officer(), id, sha);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->filename, "log.txt");
  EXPECT_EQ(node::add_attachment(*node_, officer(), id, "../x", "", "a").status().field(),
            "filename");
}

}  // namespace
}  // namespace liaison::testing
