// Real `liaison` processes: init, serve on a free loopback port over HTTPS, the CLI's input
// errors and exit codes, kill -9 in the middle of a burst of writes, graceful shutdown, and
// `verify` naming an altered record.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "http/test_client.h"
#include "node/fixture.h"
#include "process.h"
#include "store/db.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kBin = LIAISON_BIN;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = temp_dir("serve");
    auto init = run({kBin, "init", "--data", dir_, "--party", "CN", "--name",
                     "CN National Cybercrime Centre", "--timezone", "Asia/Shanghai", "--json"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto o = json::parse(init.out).as_object();
    password_ = std::string(o.at("admin_password").as_string());
    auto party = run({kBin, "party", "add", "--data", dir_, "--code", "US", "--name",
                      "US Liaison Office", "--timezone", "America/New_York"});
    ASSERT_EQ(party.exit_code, 0) << party.err;
  }
  void TearDown() override {
    stop(SIGKILL);
    fs::remove_all(dir_);
  }
  void start() {
    fs::remove(dir_ + "/run/listen");
    pid_ = spawn({kBin, "serve", "--data", dir_, "--listen", "127.0.0.1:0"}, dir_ + "/serve.out",
                 dir_ + "/serve.err");
    std::string addr = wait_for_file(dir_ + "/run/listen", std::chrono::seconds(20));
    ASSERT_FALSE(addr.empty()) << slurp(dir_ + "/serve.err");
    base_ = "https://" + addr;
  }
  int stop(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string token() {
    auto t = run({kBin, "token", "create", "--data", dir_, "--user", "admin"});
    EXPECT_EQ(t.exit_code, 0) << t.err;
    std::string s = t.out;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  std::string dir_, password_, base_;
  pid_t pid_ = -1;
};

TEST_F(ServeTest, ServesHttpsOnAFreePortAndLogsIn) {
  start();
  EXPECT_EQ(http_call(base_, "GET", "/healthz").status, 200);
  auto login =
      http_call(base_, "POST", "/api/v1/auth/login",
                json::serialize(json::object{{"username", "admin"}, {"password", password_}}));
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(stop(SIGTERM), 0);  // graceful
  EXPECT_FALSE(fs::exists(dir_ + "/run/listen"));
}

// Issue 13: liaison.db (with TOTP secrets and case content), config.toml and the data
// directory were world-readable. `init` makes them the node user's only; `serve` tightens a
// loosened directory with a log line and refuses to start while a key is readable by others.
TEST_F(ServeTest, SecretsAtRestAreTheNodeUsersOnly) {
  auto mode = [](const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  };
  EXPECT_EQ(mode(dir_), 0700u);
  for (const char* d : {"/keys", "/tls", "/blobs", "/run"}) EXPECT_EQ(mode(dir_ + d), 0700u) << d;
  for (const char* f :
       {"/liaison.db", "/config.toml", "/keys/node.key", "/keys/blob.key", "/tls/key.pem"}) {
    EXPECT_EQ(mode(dir_ + f), 0600u) << f;
  }
  start();
  ASSERT_EQ(stop(SIGTERM), 0);
  for (const char* f :
       {"/liaison.db", "/liaison.db-wal", "/liaison.db-shm", "/keys/webhook.secret"}) {
    if (fs::exists(dir_ + f)) {
      EXPECT_EQ(mode(dir_ + f), 0600u) << f;
    }
  }
  // Loosened by hand (a restore from a backup, a careless chmod -R): tightened on serve.
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  ASSERT_EQ(::chmod((dir_ + "/liaison.db").c_str(), 0644), 0);
  ASSERT_EQ(::chmod((dir_ + "/config.toml").c_str(), 0644), 0);
  ASSERT_EQ(::chmod((dir_ + "/blobs").c_str(), 0755), 0);
  start();
  ASSERT_EQ(stop(SIGTERM), 0);
  EXPECT_EQ(mode(dir_), 0700u);
  EXPECT_EQ(mode(dir_ + "/liaison.db"), 0600u);
  EXPECT_EQ(mode(dir_ + "/config.toml"), 0600u);
  EXPECT_EQ(mode(dir_ + "/blobs"), 0700u);
  EXPECT_NE(slurp(dir_ + "/serve.out").find("4 files or directories were readable by others"),
            std::string::npos)
      << slurp(dir_ + "/serve.out") << slurp(dir_ + "/serve.err");
  // A readable key: refused, naming the file, and left as it was.
  ASSERT_EQ(::chmod((dir_ + "/keys/node.key").c_str(), 0644), 0);
  auto r = run({kBin, "serve", "--data", dir_, "--listen", "127.0.0.1:0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("keys/node.key is readable by others"), std::string::npos) << r.err;
  EXPECT_EQ(mode(dir_ + "/keys/node.key"), 0644u);
  ASSERT_EQ(::chmod((dir_ + "/keys/node.key").c_str(), 0600), 0);
}

TEST_F(ServeTest, InitRefusesAnExistingNode) {
  auto again = run({kBin, "init", "--data", dir_, "--party", "CN", "--name", "x"});
  EXPECT_EQ(again.exit_code, 5);
  EXPECT_NE(again.err.find("refusing to overwrite"), std::string::npos);
}

TEST_F(ServeTest, PlainHttpOnlyOnLoopback) {
  auto r = run({kBin, "serve", "--data", dir_, "--insecure-http", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_NE(r.err.find("loopback"), std::string::npos);
}

TEST_F(ServeTest, EveryCommandHasHelp) {
  for (std::vector<std::string> cmd : {std::vector<std::string>{},
                                       {"init"},
                                       {"serve"},
                                       {"user"},
                                       {"user", "add"},
                                       {"user", "list"},
                                       {"user", "disable"},
                                       {"user", "passwd"},
                                       {"token", "create"},
                                       {"request", "create"},
                                       {"request", "list"},
                                       {"request", "show"},
                                       {"request", "transition"},
                                       {"verify"},
                                       {"version"},
                                       {"party", "add"},
                                       {"demo"}}) {
    std::vector<std::string> args{kBin};
    args.insert(args.end(), cmd.begin(), cmd.end());
    args.push_back("--help");
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << cmd.size();
    EXPECT_NE(r.out.find("Usage"), std::string::npos);
  }
  EXPECT_EQ(run({kBin, "no-such-command"}).exit_code, 2);
}

TEST_F(ServeTest, CliRejectsBadInputNamingTheFieldAndChangesNothing) {
  auto malformed = run({kBin, "request", "create", "--data", dir_, "--file", "-"}, "{\"type\":");
  EXPECT_EQ(malformed.exit_code, 6);
  EXPECT_NE(malformed.err.find("body"), std::string::npos);
  auto bad_ip = run(
      {kBin, "request", "create", "--data", dir_, "--file", "-"},
      R"({"type":"preservation","requested_party":"US","identifiers":[{"kind":"ipv4","value":"300.1.1.1"}]})");
  EXPECT_EQ(bad_ip.exit_code, 6);
  EXPECT_NE(bad_ip.err.find("identifiers[0].value"), std::string::npos);
  auto list = run({kBin, "request", "list", "--data", dir_, "--json"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_EQ(list.out, "");
  auto role = run({kBin, "user", "add", "--data", dir_, "-u", "bob", "-r", "emperor"});
  EXPECT_EQ(role.exit_code, 6);
  auto missing = run({kBin, "request", "show", "--data", dir_, "nope"});
  EXPECT_EQ(missing.exit_code, 4);
}

TEST_F(ServeTest, CliDrivesARequestAndVerifyPasses) {
  auto created = run({kBin, "request", "create", "--data", dir_, "--file", "-"},
                     json::serialize(complete_preservation()));
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string id(json::parse(created.out).as_object().at("id").as_string());
  auto sub = run({kBin, "request", "transition", "--data", dir_, id, "--event", "submit"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  EXPECT_EQ(json::parse(sub.out).as_object().at("state").as_string(), "submitted");
  auto ack = run({kBin, "request", "transition", "--data", dir_, id, "--event", "acknowledge"});
  EXPECT_EQ(ack.exit_code, 5);  // only the requested party acknowledges
  auto v = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("OK: 2 records"), std::string::npos) << v.out;
}

TEST_F(ServeTest, VerifyFailsAndNamesTheRecordWithOneAlteredByte) {
  auto created = run({kBin, "request", "create", "--data", dir_, "--file", "-"},
                     json::serialize(complete_preservation()));
  ASSERT_EQ(created.exit_code, 0) << created.err;
  {
    auto db = store::Db::open(dir_ + "/liaison.db");
    ASSERT_TRUE(db.is_ok());
    // Flip one character of the signed body: "P1" → "P0".
    ASSERT_TRUE((*db)
                    ->exec("UPDATE records SET body = replace(body, '\"P1\"', '\"P0\"') "
                           "WHERE origin='CN' AND seq=1")
                    .is_ok());
    EXPECT_EQ((*db)->changes(), 1);
  }
  auto v = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_NE(v.out.find("FAIL record CN:1"), std::string::npos) << v.out;
}

// Issue 13: one flipped byte in a blob was not reported by `verify` (it surfaced as a 500 on
// download); a refused upload left its bytes under blobs/ (a writer could fill the disk).
TEST_F(ServeTest, VerifyChecksEveryBlobAndRefusedUploadsLeaveNothing) {
  start();
  std::string tok = token();
  auto created = run({kBin, "request", "create", "--data", dir_, "--file", "-"},
                     json::serialize(complete_preservation()));
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string id(json::parse(created.out).as_object().at("id").as_string());
  auto upload = [&](const std::string& filename, const std::string& bytes) {
    return http_call(base_, "POST", "/api/v1/requests/" + id + "/attachments?filename=" + filename,
                     bytes, {{"Authorization", "Bearer " + tok}, {"Content-Type", "text/plain"}});
  };
  auto blob_files = [&] {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_ + "/blobs"))
      n += e.is_regular_file();
    return n;
  };
  // Refused uploads: NUL, a control character, invalid UTF-8 in the name. Nothing stays.
  for (const char* bad : {"a%00.txt", "a%0Ab.txt", "%FF%FE.txt"}) {
    auto r = upload(bad, "evidence " + std::string(bad));
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_NE(r.body.find("\"field\":\"filename\""), std::string::npos) << r.body;
  }
  EXPECT_EQ(blob_files(), 0);
  auto ok = upload("log.txt", "line 1\nline 2\n");
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string sha(json::parse(ok.body).as_object().at("sha256").as_string());
  EXPECT_EQ(blob_files(), 1);
  ASSERT_EQ(stop(SIGTERM), 0);
  auto clean = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find(", 1 blobs, 0 problems"), std::string::npos) << clean.out;

  // One flipped byte in the encrypted file.
  std::string path = dir_ + "/blobs/" + sha.substr(0, 2) + "/" + sha;
  std::string bytes = slurp(path);
  ASSERT_GT(bytes.size(), 40u);
  bytes[40] = static_cast<char>(bytes[40] ^ 0x01);
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes; }
  auto flipped = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(flipped.exit_code, 3) << flipped.out;
  EXPECT_NE(flipped.out.find("FAIL blob " + sha + ": blob " + sha + " fails authentication"),
            std::string::npos)
      << flipped.out;
  EXPECT_EQ(run({kBin, "verify", "--quick", "--data", dir_}).exit_code, 0);  // skips blobs
  // Missing, and an orphan no record names.
  fs::rename(path, dir_ + "/blobs/" + sha.substr(0, 2) + "/" + std::string(64, 'a'));
  auto missing = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.out.find("FAIL blob " + sha + ": missing"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("orphan: no attachment record names it"), std::string::npos)
      << missing.out;
  auto removed = run({kBin, "verify", "--remove-orphans", "--data", dir_});
  EXPECT_NE(
      removed.out.find("removed orphan blobs/" + sha.substr(0, 2) + "/" + std::string(64, 'a')),
      std::string::npos)
      << removed.out;
  EXPECT_EQ(blob_files(), 0);
}

// Issue 13: deleting the newest audit entries went unnoticed. The engine signs the audit
// log's head into the node's chain once a minute while it grows (an audit.anchor record);
// `verify` finds a tail removed back past the last anchor.
TEST_F(ServeTest, ATruncatedAuditLogIsFoundByVerify) {
  start();
  std::string tok = token();
  auto c = http_call(base_, "POST", "/api/v1/requests", json::serialize(complete_preservation()),
                     {{"Authorization", "Bearer " + tok}});
  ASSERT_EQ(c.status, 201) << c.body;
  auto count = [&](const std::string& sql) {
    auto db = store::Db::open(dir_ + "/liaison.db", true);
    auto q = (*db)->prepare(sql);
    auto row = q->step();
    return (row.is_ok() && *row) ? q->int64(0) : -1;
  };
  const std::string anchored =
      "SELECT json_extract(body, '$.content.payload.audit_seq') FROM records "
      "WHERE kind='audit.anchor' ORDER BY seq DESC LIMIT 1";
  // Anchors are a minute apart while the log grows, and one is written when serve starts.
  ASSERT_EQ(stop(SIGTERM), 0);
  start();
  bool done = false;
  for (int i = 0; i < 400 && !done; ++i) {
    done = count(anchored) == count("SELECT max(seq) FROM audit_log");
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(done) << count(anchored) << " vs " << count("SELECT max(seq) FROM audit_log");
  ASSERT_EQ(stop(SIGTERM), 0);
  auto ok = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const int64_t last = count("SELECT max(seq) FROM audit_log");
  {
    auto db = store::Db::open(dir_ + "/liaison.db");
    ASSERT_TRUE(
        (*db)->exec("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)").is_ok());
  }
  auto cut = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(cut.exit_code, 3) << cut.out;
  EXPECT_NE(cut.out.find("audit log truncated: the signed anchor CN:"), std::string::npos)
      << cut.out;
  EXPECT_NE(cut.out.find("names entry " + std::to_string(last) + ", the log ends at " +
                         std::to_string(last - 1)),
            std::string::npos)
      << cut.out;
}

// kill -9 while a client writes as fast as it can: every write the server acknowledged
// (HTTP 201) must be there after restart, and the ledger must verify.
TEST_F(ServeTest, Kill9DuringABurstLosesNoAcknowledgedWrite) {
  std::string tok = token();
  std::set<std::string> acknowledged;
  for (int round = 0; round < 3; ++round) {
    start();
    std::atomic<int> done{0};
    std::vector<std::string> ids;
    std::thread writer([&] {
      for (int i = 0; i < 400; ++i) {
        json::object body = complete_preservation();
        body["title"] =
            json::object{{"original", "burst " + std::to_string(round) + "/" + std::to_string(i)}};
        auto r = http_call(base_, "POST", "/api/v1/requests", json::serialize(body),
                           {{"Authorization", "Bearer " + tok}});
        if (r.status != 201) break;  // the server died under us
        ids.push_back(std::string(json::parse(r.body).as_object().at("id").as_string()));
        ++done;
      }
    });
    while (done.load() < 20 + round * 15) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop(SIGKILL);
    writer.join();
    acknowledged.insert(ids.begin(), ids.end());
  }
  ASSERT_GE(acknowledged.size(), 60u);
  start();
  for (const auto& id : acknowledged) {
    auto r =
        http_call(base_, "GET", "/api/v1/requests/" + id, "", {{"Authorization", "Bearer " + tok}});
    ASSERT_EQ(r.status, 200) << "lost acknowledged write " << id;
  }
  EXPECT_EQ(stop(SIGTERM), 0);
  auto v = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

TEST_F(ServeTest, DemoDataLoadsAndVerifies) {
  auto demo = run({kBin, "demo", "--data", dir_});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto list = run({kBin, "request", "list", "--data", dir_, "--json"});
  int lines = 0;
  for (char c : list.out) lines += c == '\n';
  EXPECT_EQ(lines, 4);
  // The readable `request show` of each, by reference: an acknowledged one's
  // "acknowledged_at" label (longer than the label column) once crashed it.
  for (const char* ref : {"CN-2026-000001", "CN-2026-000002", "CN-2026-000003", "US-2026-000317"}) {
    auto show = run({kBin, "request", "show", "--data", dir_, ref});
    EXPECT_EQ(show.exit_code, 0) << ref << ": " << show.err;
    EXPECT_EQ(show.out.rfind(ref, 0), 0u) << show.out;
  }
  auto acked = run({kBin, "request", "show", "--data", dir_, "CN-2026-000002"});
  EXPECT_NE(acked.out.find("acknowledged_at 20"), std::string::npos) << acked.out;
  auto v = run({kBin, "verify", "--data", dir_});
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

}  // namespace
}  // namespace liaison::testing
