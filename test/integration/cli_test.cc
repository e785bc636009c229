// The command line as a person meets it (issue 17, items 3 and 8): requests named by their
// reference as well as their id, in the CLI and in every API route under a request (and an
// escalation card names the reference); `request show` readable, `--json` for scripts; lists
// with a header row that say so when empty; one flag vocabulary for parties and peers (the old
// flags kept as aliases). Real `liaison` processes on a temporary node.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "http/test_client.h"
#include "node/fixture.h"
#include "process.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kBin = LIAISON_BIN;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = temp_dir("cli");
    auto init = run({kBin, "init", "--data", dir_, "--party", "CN", "--name", "CN Centre",
                     "--timezone", "Asia/Shanghai", "--json"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // The vocabulary of `peer add`: --party CODE.
    auto party = run({kBin, "party", "add", "--data", dir_, "--party", "US", "--name",
                      "US Liaison Office", "--timezone", "America/New_York"});
    ASSERT_EQ(party.exit_code, 0) << party.err;
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  // A submitted request; returns {id, reference}.
  std::pair<std::string, std::string> submitted() {
    auto created = run({kBin, "request", "create", "--data", dir_, "--file", "-"},
                       json::serialize(complete_preservation()));
    EXPECT_EQ(created.exit_code, 0) << created.err;
    std::string id(json::parse(created.out).as_object().at("id").as_string());
    auto sub = run({kBin, "request", "transition", "--data", dir_, id, "--event", "submit"});
    EXPECT_EQ(sub.exit_code, 0) << sub.err;
    return {id, std::string(json::parse(sub.out).as_object().at("requester_ref").as_string())};
  }
  void start() {
    pid_ = spawn({kBin, "serve", "--data", dir_, "--listen", "127.0.0.1:0"}, dir_ + "/serve.out",
                 dir_ + "/serve.err");
    std::string addr = wait_for_file(dir_ + "/run/listen", std::chrono::seconds(20));
    ASSERT_FALSE(addr.empty()) << slurp(dir_ + "/serve.err");
    base_ = "https://" + addr;
    auto t = run({kBin, "token", "create", "--data", dir_, "--user", "admin"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    token_ = t.out.substr(0, t.out.find('\n'));
  }
  HttpResult api(const std::string& method, const std::string& target,
                 const std::string& body = "") {
    std::map<std::string, std::string> h{{"Authorization", "Bearer " + token_}};
    if (!body.empty()) h["Content-Type"] = "application/json";
    return http_call(base_, method, "/api/v1" + target, body, h);
  }

  std::string dir_, base_, token_;
  pid_t pid_ = -1;
};

TEST_F(CliTest, RequestsAreNamedByReferenceInTheCliAndTheApi) {
  auto [id, ref] = submitted();
  ASSERT_EQ(ref, "CN-2026-000001");

  // `request show REF`: a readable view; --json the document.
  auto shown = run({kBin, "request", "show", "--data", dir_, ref});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out.rfind(ref + "  (" + id + ")\n", 0), 0u) << shown.out;
  EXPECT_NE(shown.out.find("  state         submitted\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("  parties       CN -> US\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("  checklist     complete\n"), std::string::npos) << shown.out;
  auto as_json = run({kBin, "request", "show", "--data", dir_, ref, "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out).as_object().at("id").as_string(), id);
  // An unknown reference is not found (exit 4), naming the field.
  auto missing = run({kBin, "request", "show", "--data", dir_, "CN-2026-999999"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_NE(missing.err.find("no request CN-2026-999999 (field: id)"), std::string::npos)
      << missing.err;
  // The API: every route under a request takes the reference too.
  start();
  auto got = api("GET", "/requests/" + ref);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body).as_object().at("id").as_string(), id);
  EXPECT_EQ(api("GET", "/requests/" + ref + "/records").status, 200);
  EXPECT_EQ(api("GET", "/requests/" + ref + "/assessments").status, 200);
  auto none = api("GET", "/requests/CN-2026-999999");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(json::parse(none.body).at("error").at("field").as_string(), "id");

  // An escalation about the request names its reference for the console's card.
  auto esc =
      api("POST", "/hotline/escalations",
          json::serialize(json::object{
              {"request_id", id}, {"counterpart", "US"}, {"tier", 1}, {"reason", "no answer"}}));
  ASSERT_EQ(esc.status, 201) << esc.body;
  EXPECT_EQ(json::parse(esc.body).at("request_ref").as_string(), ref);

  // Events by reference, from the CLI and the API.
  auto started = api("POST", "/requests/" + ref + "/messages",
                     R"({"body": {"original": "any news?", "lang": "en"}})");
  EXPECT_EQ(started.status, 201) << started.body;
  auto withdrawn = run({kBin, "request", "transition", "--data", dir_, ref, "--event", "withdraw",
                        "--reason", "duplicate"});
  ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
  EXPECT_EQ(json::parse(withdrawn.out).as_object().at("state").as_string(), "withdrawn");
}

// Issue 17, item 12: one bad identifier used to hide every other problem and the checklist.
TEST_F(CliTest, TheBuildersValidationNamesEveryProblemAtOnce) {
  start();
  json::object body = complete_preservation();
  body["priority"] = "P9";
  body["identifiers"] =
      json::array{json::object{{"kind", "ipv4"}, {"value", "300.1.1.1"}},
                  json::object{{"kind", "ipv4"}, {"value", "203.0.113.45"}, {"port", 443}},
                  json::object{{"kind", "domain"}, {"value", "not a domain"}}};
  auto r = api("POST", "/requests/validate", json::serialize(body));
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body).as_object();
  std::set<std::string> fields;
  for (const auto& e : o.at("errors").as_array())
    fields.insert(std::string(e.at("field").as_string()));
  EXPECT_EQ(fields,
            (std::set<std::string>{"priority", "identifiers[0].value", "identifiers[2].value"}))
      << r.body;
  // The rest is assessed: the checklist is not 0% for one bad identifier.
  ASSERT_TRUE(o.at("completeness").is_object()) << r.body;
  EXPECT_GT(o.at("completeness").at("score").to_number<double>(), 0.5) << r.body;
  // Well-formed content: no errors, as before.
  auto ok = api("POST", "/requests/validate", json::serialize(complete_preservation()));
  EXPECT_EQ(json::parse(ok.body).at("errors").as_array().size(), 0u) << ok.body;
}

TEST_F(CliTest, ListsHaveAHeaderAndSaySoWhenEmpty) {
  auto empty = run({kBin, "request", "list", "--data", dir_});
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.out, "");
  EXPECT_EQ(empty.err, "no requests\n");
  auto quarantine = run({kBin, "quarantine", "--data", dir_});
  EXPECT_EQ(quarantine.exit_code, 0);
  EXPECT_EQ(quarantine.err, "no records in quarantine\n");
  auto peers = run({kBin, "peer", "status", "--data", dir_});
  EXPECT_EQ(peers.exit_code, 0);
  EXPECT_NE(peers.err.find("no peers"), std::string::npos) << peers.err;
  // --json stays empty for scripts.
  EXPECT_EQ(run({kBin, "peer", "status", "--data", dir_, "--json"}).err, "");

  auto [id, ref] = submitted();
  auto list = run({kBin, "request", "list", "--data", dir_});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.substr(0, list.out.find('\n')),
            "ID  REFERENCE  PRIORITY  TYPE  STATE  PARTIES  TITLE");
  EXPECT_EQ(list.out.find(id + "  " + ref), list.out.find('\n') + 1) << list.out;
  auto users = run({kBin, "user", "list", "--data", dir_});
  ASSERT_EQ(users.exit_code, 0) << users.err;
  EXPECT_EQ(users.out.rfind("USERNAME\tROLE\tSTATUS\tSECOND FACTOR\tNAME\nadmin\t", 0), 0u)
      << users.out;
}

TEST_F(CliTest, PartiesAndPeersTakeTheSameFlags) {
  // `party add --party` (set up above) and the old --code.
  auto old = run({kBin, "party", "add", "--data", dir_, "--code", "EU", "--name", "EU Office"});
  EXPECT_EQ(old.exit_code, 0) << old.err;
  auto listed = run({kBin, "party", "list", "--data", dir_});
  EXPECT_NE(listed.out.find("US\tUS Liaison Office"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("EU\tEU Office"), std::string::npos) << listed.out;
  auto nameless = run({kBin, "party", "add", "--data", dir_, "--name", "x"});
  EXPECT_EQ(nameless.exit_code, 2);
  EXPECT_NE(nameless.err.find("--party CODE is required"), std::string::npos) << nameless.err;
  // `peer remove --party` like `peer add`; the bare code as before.
  EXPECT_EQ(run({kBin, "peer", "remove", "--data", dir_, "--party", "US"}).exit_code, 4);
  EXPECT_EQ(run({kBin, "peer", "remove", "--data", dir_, "US"}).exit_code, 4);
  EXPECT_EQ(run({kBin, "peer", "remove", "--data", dir_}).exit_code, 2);
}

}  // namespace
}  // namespace liaison::testing
