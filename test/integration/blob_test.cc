// Issue 14: attachment bytes cross between parties. Real `liaison serve` processes on
// loopback; the receiver pulls the bytes over mutual TLS, verifies them against the SHA-256
// of the signed record and stores them encrypted; the sender's records tell the story.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cluster.h"
#include "common/crypto.h"
#include "federation/client.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class BlobTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto_init()); }
};

std::string random_text(size_t n, uint64_t seed) {
  std::string s(n, '\0');
  std::mt19937_64 rng(seed);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v = rng();
    std::memcpy(s.data() + i, &v, 8);
  }
  for (; i < n; ++i) s[i] = static_cast<char>(rng());
  return s;
}

std::string upload(NodeProc& n, const std::string& id, const std::string& name,
                   const std::string& bytes) {
  auto r = http_call(
      n.base(), "POST", "/api/v1/requests/" + id + "/attachments?filename=" + name, bytes,
      {{"Authorization", "Bearer " + n.token()}, {"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(json::parse(r.body).at("sha256").as_string()) : "";
}

// The attachment document (with its transfer state) as `n` lists it, or {}.
json::object attachment(NodeProc& n, const std::string& id, const std::string& sha) {
  auto page = n.get_json("/api/v1/requests/" + id + "/attachments");
  if (!page.contains("items")) return {};
  for (const auto& a : page.at("items").as_array()) {
    if (a.at("sha256").as_string() == sha) return a.as_object();
  }
  return {};
}

std::string transfer_state(NodeProc& n, const std::string& id, const std::string& sha) {
  auto a = attachment(n, id, sha);
  return a.contains("transfer") ? std::string(a.at("transfer").at("state").as_string()) : "";
}

std::vector<std::string> custody(NodeProc& n, const std::string& id, const std::string& sha) {
  std::vector<std::string> out;
  auto a = attachment(n, id, sha);
  if (!a.contains("custody")) return out;
  for (const auto& c : a.at("custody").as_array()) {
    out.push_back(std::string(c.at("party").as_string()) + ":" +
                  std::string(c.at("action").as_string()));
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Sets `key = value` in the [limits] table of a node's config.toml (before it starts).
void set_limit(NodeProc& n, const std::string& key, int64_t value) {
  const std::string path = n.dir() + "/config.toml";
  std::istringstream in(slurp(path));
  std::string out, line;
  bool found = false;
  while (std::getline(in, line)) {
    if (line.rfind(key + " ", 0) == 0 || line.rfind(key + "=", 0) == 0) {
      line = key + " = " + std::to_string(value);
      found = true;
    }
    out += line + "\n";
  }
  ASSERT_TRUE(found) << key << " not in " << out;
  std::ofstream(path, std::ios::trunc) << out;
}

std::string create_draft(NodeProc& n, const std::string& to) {
  auto body = complete_preservation();
  body["requested_party"] = to;
  auto c = n.api("POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(c.status, 201) << c.body;
  return std::string(json::parse(c.body).at("id").as_string());
}

// Done means: a 200 MiB file crosses and its SHA-256 matches on the receiver; a kill -9 of
// the receiver in the middle and a restart resume it without starting over — the sender
// serves exactly the bytes the receiver did not hold yet.
TEST_F(BlobTest, LargeFileCrossesAndResumesAfterKillOfTheReceiver) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  const int64_t size = 200ll << 20;
  const std::string bytes = random_text(static_cast<size_t>(size), 14);
  const std::string want = sha256_hex(bytes);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  ASSERT_EQ(upload(cn, id, "disk-image.bin", bytes), want);

  const std::string row = "FROM blob_transfers WHERE sha256 = '" + want + "'";
  // Killed once a few ranges are in, well before the end.
  ASSERT_TRUE(wait_until([&] { return us.query_int("SELECT received_bytes " + row) >= (24 << 20); },
                         std::chrono::seconds(120)));
  EXPECT_EQ(us.stop(SIGKILL), 128 + SIGKILL);
  const int64_t held_at_kill = us.query_int("SELECT received_bytes " + row);
  ASSERT_LT(held_at_kill, size) << "the transfer ended before the kill";
  // What the sender had served when the receiver died (a range in flight may be counted).
  const std::string served = "SELECT bytes_served FROM blob_serves WHERE sha256 = '" + want + "'";
  ASSERT_TRUE(wait_until([&] {
    int64_t a = cn.query_int(served);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return cn.query_int(served) == a;
  }));
  const int64_t served_before = cn.query_int(served);
  EXPECT_EQ(transfer_state(cn, id, want), "sending");

  us.start();
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, want) == "received"; },
                         std::chrono::seconds(180)))
      << json::serialize(attachment(us, id, want));
  const int64_t resumed_from = us.query_int("SELECT resumed_from " + row);
  EXPECT_GT(resumed_from, 0);
  EXPECT_GE(resumed_from, held_at_kill - (1 << 20));  // at most the last unsealed chunk lost
  // Without starting over: after the restart the sender served exactly what was missing.
  EXPECT_EQ(cn.query_int(served) - served_before, size - resumed_from);

  // The receiver's copy: the same SHA-256, encrypted at rest, and the download gives the bytes.
  const std::string stored = slurp(us.dir() + "/blobs/" + want.substr(0, 2) + "/" + want);
  ASSERT_GT(stored.size(), static_cast<size_t>(size));
  EXPECT_EQ(stored.find(bytes.substr(5 << 20, 64)), std::string::npos) << "plaintext at rest";
  auto got = us.api("GET", "/api/v1/requests/" + id + "/attachments/" + want);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 300);
  EXPECT_EQ(got.body.size(), bytes.size());
  EXPECT_EQ(sha256_hex(got.body), want);
  EXPECT_FALSE(fs::exists(us.dir() + "/blobs/partial/" + want + ".CN"));
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
  // The sender sees it delivered: US's signed receipt of the file came back.
  EXPECT_TRUE(wait_until([&] { return transfer_state(cn, id, want) == "delivered"; }));
}

// Issue 14: a file attached while the request was a draft was never listed on the receiver.
// It goes with the submission, keeps its attach time, and crosses; the chain of custody is
// one timeline on both sides.
TEST_F(BlobTest, DraftAttachmentGoesWithTheSubmitAndCustodyShowsOnBothSides) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = create_draft(cn, "US");
  const std::string bytes = random_text(3 * 1024 * 1024 + 5, 7);
  const std::string sha = upload(cn, id, "logs.tar", bytes);
  ASSERT_EQ(sha, sha256_hex(bytes));
  auto s = cn.api("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})");
  ASSERT_EQ(s.status, 200) << s.body;
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, sha) == "received"; }))
      << json::serialize(attachment(us, id, sha));
  auto theirs = attachment(us, id, sha), ours = attachment(cn, id, sha);
  EXPECT_EQ(theirs.at("filename"), ours.at("filename"));
  EXPECT_EQ(theirs.at("created_at"), ours.at("created_at"));
  auto got = us.api("GET", "/api/v1/requests/" + id + "/attachments/" + sha);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, bytes);
  // US's signed receipt of the file, CN's "sent", US's download: on both sides.
  for (NodeProc* side : {&cn, &us}) {
    ASSERT_TRUE(wait_until([&] {
      auto c = custody(*side, id, sha);
      return has(c, "CN:attached") && has(c, "CN:sent") && has(c, "US:received") &&
             has(c, "US:downloaded");
    })) << side->party()
        << " " << json::serialize(attachment(*side, id, sha));
  }
  // A download on the sender's side too is a custody step the receiver sees.
  ASSERT_EQ(cn.api("GET", "/api/v1/requests/" + id + "/attachments/" + sha).status, 200);
  ASSERT_TRUE(wait_until([&] { return has(custody(us, id, sha), "CN:downloaded"); }));
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM audit_log WHERE action = 'attachment.read'"), 1);
  EXPECT_EQ(us.query_int("SELECT count(*) FROM audit_log WHERE action = 'attachment.read'"), 1);
  // The receipt names the file's hash, in a record signed by US.
  EXPECT_EQ(
      cn.query_int("SELECT count(*) FROM records WHERE origin = 'US' AND kind = "
                   "'attachment.custody' AND json_extract(body, '$.content.payload.sha256') = '" +
                   sha + "' AND json_extract(body, '$.content.payload.action') = 'received'"),
      1);
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// A sender that lies: the served bytes differ from the signed hash in one chunk. The receiver
// refuses them (quarantined with the reason, never stored as the file) and tells the sender.
// The lying sender is a real node started with the test-only fault switch
// LIAISON_TEST_TAMPER_BLOB_AT (node/transfers.cc).
TEST_F(BlobTest, TamperedChunkIsQuarantinedNotStored) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  setenv("LIAISON_TEST_TAMPER_BLOB_AT", "1500000", 1);
  cn.start();
  unsetenv("LIAISON_TEST_TAMPER_BLOB_AT");
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  const std::string bytes = random_text(3 * 1024 * 1024, 3);
  const std::string sha = upload(cn, id, "sample.bin", bytes);
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, sha) == "quarantined"; }))
      << json::serialize(attachment(us, id, sha));
  auto t = attachment(us, id, sha).at("transfer").as_object();
  EXPECT_NE(std::string(t.at("reason").as_string()).find("not to " + sha), std::string::npos)
      << json::serialize(t);
  EXPECT_FALSE(fs::exists(us.dir() + "/blobs/" + sha.substr(0, 2) + "/" + sha));
  EXPECT_FALSE(fs::exists(us.dir() + "/blobs/partial/" + sha + ".CN"));
  int aside = 0;
  for (const auto& e : fs::directory_iterator(us.dir() + "/blobs/quarantine"))
    aside += e.is_regular_file();
  EXPECT_EQ(aside, 1);
  auto dl = us.api("GET", "/api/v1/requests/" + id + "/attachments/" + sha);
  EXPECT_EQ(dl.status, 409) << dl.body;
  EXPECT_NE(dl.body.find("quarantined"), std::string::npos) << dl.body;
  EXPECT_NE(dl.body.find("\"field\":\"sha256\""), std::string::npos) << dl.body;
  // The sender sees why: US's signed refusal with the reason.
  ASSERT_TRUE(wait_until([&] { return has(custody(cn, id, sha), "US:refused"); }))
      << json::serialize(attachment(cn, id, sha));
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// A third party sees neither the file nor its name: its records from CN are redacted
// headers, and CN serves it no byte of the blob, not even to a registered peer.
TEST_F(BlobTest, ThirdPartySeesNeitherTheFileNorItsName) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York"), eu("EU", "Europe/Brussels");
  cn.start();
  us.start();
  eu.start();
  peer_both(cn, us);
  peer_both(cn, eu);
  peer_both(us, eu);
  std::string id = create_draft(cn, "US");
  const std::string bytes = random_text(100000, 11);
  const std::string sha = upload(cn, id, "informant-list-secret.xlsx", bytes);
  ASSERT_EQ(cn.api("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})").status,
            200);
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, sha) == "received"; }));
  ASSERT_TRUE(wait_until([&] { return has(custody(cn, id, sha), "US:received"); }));
  // EU holds CN's whole chain (as headers) by now.
  const int64_t cn_head = cn.query_int("SELECT max(seq) FROM records WHERE origin = 'CN'");
  ASSERT_TRUE(wait_until(
      [&] { return eu.query_int("SELECT max(seq) FROM records WHERE origin = 'CN'") == cn_head; }));
  EXPECT_EQ(eu.api("GET", "/api/v1/requests/" + id).status, 404);
  EXPECT_EQ(eu.query_int("SELECT count(*) FROM records WHERE instr(body, 'informant') > 0 OR "
                         "instr(body, '" +
                         sha + "') > 0"),
            0);
  EXPECT_EQ(eu.query_int("SELECT count(*) FROM attachments"), 0);
  EXPECT_EQ(eu.query_int("SELECT count(*) FROM blob_transfers"), 0);
  // Asking CN directly, with EU's own peer certificate: no such blob.
  auto eu_id = eu.identity();
  auto cn_id = cn.identity();
  auto r = federation::peer_call({eu.dir() + "/tls/cert.pem", eu.dir() + "/tls/key.pem"}, cn.base(),
                                 std::string(cn_id.at("tls_fingerprint").as_string()), "GET",
                                 "/federation/v1/blobs/" + sha + "?offset=0&length=1000", "");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->status, 404) << r->body;
  EXPECT_EQ(r->body.find(bytes.substr(0, 16)), std::string::npos);
  // US, a recipient, may (the same call with US's certificate).
  auto ok =
      federation::peer_call({us.dir() + "/tls/cert.pem", us.dir() + "/tls/key.pem"}, cn.base(),
                            std::string(cn_id.at("tls_fingerprint").as_string()), "GET",
                            "/federation/v1/blobs/" + sha + "?offset=10&length=1000", "");
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, bytes.substr(10, 1000));
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM blob_serves WHERE peer = 'EU'"), 0);
  int eu_files = 0;
  if (fs::exists(eu.dir() + "/blobs")) {
    for (const auto& e : fs::recursive_directory_iterator(eu.dir() + "/blobs")) {
      eu_files += e.is_regular_file();
    }
  }
  EXPECT_EQ(eu_files, 0);
}

// Limits: a file over the receiver's per-file limit (413) or over its quota for the sender
// (429) is refused with the reason, the sender sees why from the receiver's signed record,
// and an upload over the sender's own limit is a 413 naming the body.
TEST_F(BlobTest, OverLimitFilesAreRefusedAndTheSenderSeesWhy) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  set_limit(cn, "max_attachment_bytes", 4 << 20);
  set_limit(us, "max_attachment_bytes", 1 << 20);
  set_limit(us, "peer_blob_quota_bytes", 1536 << 10);
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  auto big = http_call(cn.base(), "POST", "/api/v1/requests/" + id + "/attachments?filename=x",
                       std::string(5 << 20, 'x'), {{"Authorization", "Bearer " + cn.token()}});
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_NE(big.body.find("\"field\":\"body\""), std::string::npos) << big.body;

  const std::string over = upload(cn, id, "over.bin", random_text(2 << 20, 1));
  const std::string fits = upload(cn, id, "fits.bin", random_text(1 << 20, 2));
  ASSERT_TRUE(wait_until([&] {
    return transfer_state(us, id, over) == "refused" && transfer_state(us, id, fits) == "received";
  })) << json::serialize(us.get_json("/api/v1/requests/" + id + "/attachments"));
  const std::string quota = upload(cn, id, "quota.bin", random_text(1 << 20, 3));
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, quota) == "refused"; }))
      << json::serialize(attachment(us, id, quota));
  EXPECT_EQ(us.api("GET", "/api/v1/requests/" + id + "/attachments/" + over).status, 413);
  EXPECT_EQ(us.api("GET", "/api/v1/requests/" + id + "/attachments/" + quota).status, 429);
  // The sender's view: refused, why, and the status it stands for.
  ASSERT_TRUE(wait_until([&] {
    return transfer_state(cn, id, over) == "refused" &&
           transfer_state(cn, id, quota) == "refused" &&
           transfer_state(cn, id, fits) == "delivered";
  })) << json::serialize(cn.get_json("/api/v1/requests/" + id + "/attachments"));
  auto o = attachment(cn, id, over).at("transfer").as_object();
  EXPECT_EQ(o.at("http_status").as_int64(), 413);
  EXPECT_EQ(o.at("code").as_string(), "too_large");
  EXPECT_NE(std::string(o.at("reason").as_string()).find("max_attachment_bytes"),
            std::string::npos);
  auto q = attachment(cn, id, quota).at("transfer").as_object();
  EXPECT_EQ(q.at("http_status").as_int64(), 429);
  EXPECT_EQ(q.at("code").as_string(), "quota_exceeded");
  // No byte of a refused file was asked for.
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM blob_serves WHERE sha256 IN ('" + over + "', '" +
                         quota + "')"),
            0);
  // An administrator may retry a refused transfer (after raising a limit); not a received one.
  EXPECT_EQ(us.api("POST", "/api/v1/requests/" + id + "/attachments/" + fits + "/retry").status,
            409);
  auto again = us.api("POST", "/api/v1/requests/" + id + "/attachments/" + quota + "/retry");
  EXPECT_EQ(again.status, 202) << again.body;
  ASSERT_TRUE(wait_until([&] { return transfer_state(us, id, quota) == "refused"; }));
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
}

}  // namespace
}  // namespace liaison::testing
