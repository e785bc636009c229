// Real nodes of different parties exchanging signed records over mutual TLS on loopback.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "app/compose.h"
#include "cluster.h"
#include "federation/client.h"
#include "federation/exchange.h"
#include "hotline/kinds.h"
#include "ledger/canonical_json.h"
#include "ledger/limits.h"
#include "ledger/payload_schema.h"
#include "node/node.h"
#include "requests/kinds.h"
#include "requests/service.h"
#include "sharing/kinds.h"
#include "store/db.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

// What differs by viewer or by the moment of reading; the deadlines themselves (due, met,
// state) must be the same on both nodes, only the seconds left depend on when one asks.
json::object strip_local(json::object o) {
  for (const char* k : {"direction", "allowed_events", "delivery"}) o.erase(k);
  if (auto* d = o.if_contains("deadlines"); d && d->is_object()) {
    for (auto& c : d->get_object()["clocks"].as_array()) c.as_object().erase("remaining_seconds");
  }
  return o;
}

class FederationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto_init()); }
};

TEST_F(FederationTest, RequestTravelsThroughEveryStateDrivenByItsOwners) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  // CN's view shows the signed receipt from US.
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/requests/" + id);
    return o.contains("delivery") &&
           o.at("delivery").as_object().at("state").as_string() == "delivered";
  }));
  // The register page shows the same delivery and a running clock of the request's own, on
  // both sides (the page's rows and their clocks are rendered in one read).
  for (NodeProc* side : {&cn, &us}) {
    auto page = side->get_json("/api/v1/requests?per_page=5");
    const json::object* row = nullptr;
    for (const auto& item : page.at("items").as_array()) {
      if (item.as_object().at("id").as_string() == id) row = &item.as_object();
    }
    ASSERT_NE(row, nullptr) << side->party();
    EXPECT_EQ(row->at("delivery").as_object().at("state").as_string(), "delivered");
    ASSERT_TRUE(row->at("deadline").is_object()) << json::serialize(*row);
    // The row's clock is one of the request's own clocks, with the same due time, and its
    // state says how that clock stands.
    const json::object& summary = row->at("deadline").as_object();
    auto detail = side->get_json("/api/v1/requests/" + id);
    const json::object* clock = nullptr;
    for (const auto& c : detail.at("deadlines").as_object().at("clocks").as_array()) {
      if (c.as_object().at("clock") == summary.at("clock")) clock = &c.as_object();
    }
    ASSERT_NE(clock, nullptr) << json::serialize(summary) << " " << json::serialize(detail);
    EXPECT_EQ(clock->at("due_at"), summary.at("due_at")) << side->party();
    EXPECT_EQ(clock->at("state").as_string(), "running") << json::serialize(*clock);
    EXPECT_EQ(summary.at("state").as_string(), clock->at("warn").as_bool() ? "soon" : "ok")
        << json::serialize(summary);
  }

  struct Step {
    NodeProc* by;
    std::string body;
    std::string state;
  };
  std::vector<Step> steps = {
      {&us, R"({"event":"acknowledge","requested_ref":"US-2026-7"})", "acknowledged"},
      {&us, R"({"event":"start"})", "in_progress"},
      {&us, R"({"event":"request_info","reason":"Which time zone is the timestamp in?"})",
       "needs_info"},
      {&cn, R"({"event":"provide_info"})", "in_progress"},
      {&us, R"({"event":"confirm_preserved","preserved_until":"2027-02-19T00:00:00Z"})",
       "preserved"},
      {&us, R"({"event":"postpone","until":"2026-12-01T00:00:00Z","reason":"provider busy"})",
       "postponed"},
      {&us, R"({"event":"resume"})", "preserved"},
      {&us, R"({"event":"fulfil_partially"})", "partially_fulfilled"},
      {&us, R"({"event":"fulfil"})", "fulfilled"},
      {&cn, R"({"event":"close","rating":5})", "closed"},
  };
  for (const auto& s : steps) {
    NodeProc* other = s.by == &cn ? &us : &cn;
    // The party that does not own the step may not take it.
    auto wrong = other->api("POST", "/api/v1/requests/" + id + "/events", s.body);
    EXPECT_EQ(wrong.status, 403) << s.body << " by the wrong party: " << wrong.body;
    auto r = s.by->api("POST", "/api/v1/requests/" + id + "/events", s.body);
    ASSERT_EQ(r.status, 200) << s.body << ": " << r.body;
    ASSERT_TRUE(wait_until([&] { return other->state_of(id) == s.state; }))
        << "step " << s.body << " did not reach " << other->party();
  }
  // A message each way, then both sides converge on identical projections.
  ASSERT_EQ(cn.api("POST", "/api/v1/requests/" + id + "/messages",
                   R"({"body":{"original":"谢谢","translation":"Thank you"}})")
                .status,
            201);
  ASSERT_EQ(us.api("POST", "/api/v1/requests/" + id + "/messages",
                   R"({"body":{"original":"You're welcome"}})")
                .status,
            201);
  ASSERT_TRUE(wait_until([&] {
    return cn.get_json("/api/v1/requests/" + id + "/messages")["total"] == 2 &&
           us.get_json("/api/v1/requests/" + id + "/messages")["total"] == 2;
  }));
  EXPECT_EQ(json::serialize(strip_local(cn.get_json("/api/v1/requests/" + id))),
            json::serialize(strip_local(us.get_json("/api/v1/requests/" + id))));
  EXPECT_EQ(json::serialize(cn.get_json("/api/v1/requests/" + id + "/messages")),
            json::serialize(us.get_json("/api/v1/requests/" + id + "/messages")));
  // Each step's record is signed by its owner and both sides hold the same ledger entries.
  auto cn_recs = cn.get_json("/api/v1/requests/" + id + "/records").at("items").as_array();
  auto us_recs = us.get_json("/api/v1/requests/" + id + "/records").at("items").as_array();
  ASSERT_EQ(cn_recs.size(), us_recs.size() + 1);  // CN also holds its own draft
  for (const auto& r : us_recs) {
    const auto& o = r.as_object();
    EXPECT_TRUE(o.at("signature_valid").as_bool());
  }
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
  auto peers = cn.get_json("/api/v1/peers").at("items").as_array();
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].as_object().at("last_error").as_string(), "");
  EXPECT_LT(std::abs(peers[0].as_object().at("skew_ms").as_int64()), 5000);
}

// kill -9 of either node at random points while CN streams 2,000 records (messages) to US:
// in the end US holds exactly CN's messages, nothing lost, nothing twice.
TEST_F(FederationTest, Kill9DuringAStreamLosesNothingAndAppliesNothingTwice) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  constexpr int kMessages = 2000;
  std::atomic<int> sent{0};
  std::atomic<bool> done{false};
  std::thread writer([&] {
    while (sent.load() < kMessages) {
      auto r = http_call(cn.base(), "POST", "/api/v1/requests/" + id + "/messages",
                         R"({"body":{"original":"stream"}})",
                         {{"Authorization", "Bearer " + cn.token()}});
      if (r.status == 201)
        ++sent;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // CN is down
    }
    done = true;
  });
  std::mt19937 rng(12345);
  for (int round = 0; round < 6; ++round) {
    int target = (round + 1) * kMessages / 8 + static_cast<int>(rng() % 100);
    while (sent.load() < target && !done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    NodeProc& victim = (round % 2 == 0) ? us : cn;
    victim.stop(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 200));
    victim.start();
  }
  writer.join();
  std::string count_sql = "SELECT count(*) FROM messages WHERE request_id='" + id + "'";
  int64_t on_cn = cn.query_int(count_sql);
  EXPECT_GE(on_cn, kMessages);
  ASSERT_TRUE(
      wait_until([&] { return us.query_int(count_sql) == on_cn; }, std::chrono::seconds(90)))
      << "US has " << us.query_int(count_sql) << " of " << on_cn;
  // The very same messages on both sides, none twice.
  std::string ids_sql =
      "SELECT group_concat(id, ',') FROM (SELECT id FROM messages WHERE "
      "request_id='" +
      id + "' ORDER BY id)";
  EXPECT_EQ(us.query_text(ids_sql), cn.query_text(ids_sql));
  EXPECT_EQ(us.query_int("SELECT count(DISTINCT id) FROM messages"), on_cn);
  EXPECT_EQ(us.query_int("SELECT count(*) FROM quarantine"), 0);
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM quarantine"), 0);
  cn.stop(SIGTERM);
  us.stop(SIGTERM);
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

TEST_F(FederationTest, OfflinePeerCatchesUpByItself) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  us.stop(SIGTERM);
  cn.stop(SIGTERM);
  // CN commits 10,000 records while US is offline (through CN's own code, in-process).
  {
    FakeClock clock(*parse_rfc3339("2026-11-21T00:00:00Z"));
    SystemClock sys;
    auto node = liaison::app::open_node(cn.dir(), sys);
    ASSERT_TRUE(node.is_ok()) << node.status().to_string();
    node::Actor actor{"admin", node::Role::kAdministrator, "test"};
    for (int i = 0; i < 10000; ++i) {
      auto m = node::post_message(
          **node, actor, id,
          json::object{{"body", json::object{{"original", "offline " + std::to_string(i)}}}});
      ASSERT_TRUE(m.is_ok()) << m.status().to_string();
    }
  }
  cn.start();
  us.start();
  std::string count_sql = "SELECT count(*) FROM messages WHERE request_id='" + id + "'";
  ASSERT_TRUE(
      wait_until([&] { return us.query_int(count_sql) == 10000; }, std::chrono::seconds(120)))
      << us.query_int(count_sql) << "\n"
      << cn.serve_log() << us.serve_log() << boost::json::serialize(cn.get_json("/api/v1/peers"))
      << boost::json::serialize(us.get_json("/api/v1/peers"));
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// Records crafted with CN's own TLS identity and signing key and pushed straight to US.
class QuarantineTest : public FederationTest {
 protected:
  ledger::Record next_cn_record(NodeProc& cn, const std::string& kind, const std::string& object_id,
                                const json::object& payload, const ledger::SigningKey& key) {
    auto db = store::Db::open(cn.dir() + "/liaison.db", true);
    auto head = store::chain_head(**db, "CN");
    ledger::Record r;
    r.origin = "CN";
    r.seq = head->seq + 1;
    r.prev_hash = head->hash;
    r.created_at = format_rfc3339(SystemClock().now());
    r.kind = kind;
    r.object_id = object_id;
    r.payload = json::serialize(payload);
    r.recipients = {"US"};
    EXPECT_TRUE(ledger::seal(r, key).is_ok());
    return r;
  }
  federation::PeerResponse push(NodeProc& cn, NodeProc& us, const ledger::Record& r) {
    auto id = us.identity();
    federation::ClientIdentity me{cn.dir() + "/tls/cert.pem", cn.dir() + "/tls/key.pem"};
    json::array arr{federation::to_wire(r)};
    auto res = federation::peer_call(me, std::string(id.at("url").as_string()),
                                     std::string(id.at("tls_fingerprint").as_string()), "POST",
                                     "/federation/v1/records",
                                     json::serialize(json::object{{"records", arr}}));
    EXPECT_TRUE(res.is_ok()) << res.status().to_string();
    return res.is_ok() ? *res : federation::PeerResponse{};
  }
  std::string last_reason(NodeProc& us) {
    auto items = us.get_json("/api/v1/quarantine").at("items").as_array();
    return items.empty() ? "" : std::string(items[0].as_object().at("reason").as_string());
  }
};

TEST_F(QuarantineTest, ForgedReplayedBrokenAndWrongPartyRecordsAreQuarantined) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] {
    return us.state_of(id) == "submitted" &&
           cn.query_int("SELECT pushed_seq FROM peers") ==
               cn.query_int("SELECT max(seq) FROM records WHERE origin='CN'");
  }));
  cn.stop(SIGTERM);  // CN's own syncer must not race the crafted records
  auto key = ledger::SigningKey::from_b64(slurp(cn.dir() + "/keys/node.key").substr(0, 88));
  ASSERT_TRUE(key.is_ok());
  json::object withdraw{{"event", "withdraw"}, {"args", json::object{{"reason", "forged"}}}};

  // 1. Forged signature.
  auto rogue = ledger::SigningKey::generate();
  auto forged = next_cn_record(cn, requests::kRequestEvent, id, withdraw, rogue);
  EXPECT_EQ(push(cn, us, forged).status, 200);
  EXPECT_NE(last_reason(us).find("signature"), std::string::npos) << last_reason(us);

  // 2. Broken chain link (right key, wrong prev_hash).
  auto broken = next_cn_record(cn, requests::kRequestEvent, id, withdraw, *key);
  broken.prev_hash = std::string(64, 'b');
  ASSERT_TRUE(ledger::seal(broken, *key).is_ok());
  push(cn, us, broken);
  EXPECT_NE(last_reason(us).find("broken chain"), std::string::npos) << last_reason(us);

  // 3. Replay: a record US already holds (seq 2), with altered content.
  auto replay = next_cn_record(cn, requests::kRequestEvent, id, withdraw, *key);
  {
    auto db = store::Db::open(cn.dir() + "/liaison.db", true);
    auto held = store::get_record(**db, "CN", 2);
    replay.seq = 2;
    replay.prev_hash = (*held)->prev_hash;
    ASSERT_TRUE(ledger::seal(replay, *key).is_ok());
  }
  push(cn, us, replay);
  EXPECT_NE(last_reason(us).find("replayed"), std::string::npos) << last_reason(us);

  // 4. A transition by the wrong party: CN acknowledging its own request.
  auto wrong =
      next_cn_record(cn, requests::kRequestEvent, id,
                     json::object{{"event", "acknowledge"}, {"args", json::object{}}}, *key);
  push(cn, us, wrong);
  EXPECT_NE(last_reason(us).find("requested"), std::string::npos) << last_reason(us);

  // 5. Replay of a held record with its content altered but its hash and signature kept
  // (issue 13: this was dropped silently as "already held").
  {
    auto db = store::Db::open(cn.dir() + "/liaison.db", true);
    const int64_t submit_seq = cn.query_int(
        "SELECT seq FROM records WHERE origin='CN' AND kind='request.event' ORDER BY seq LIMIT 1");
    auto held = store::get_record(**db, "CN", submit_seq);
    ASSERT_TRUE(held.is_ok() && *held);
    ledger::Record altered = **held;
    altered.payload =
        ledger::canonicalize(R"({"event":"withdraw","args":{"reason":"altered"}})").value();
    push(cn, us, altered);
    EXPECT_NE(last_reason(us).find("keeps the hash"), std::string::npos) << last_reason(us);
    // The same record unaltered is still a harmless no-op.
    auto same = push(cn, us, **held);
    EXPECT_EQ(same.status, 200);
    EXPECT_NE(same.body.find("\"quarantined\":[]"), std::string::npos) << same.body;
  }

  EXPECT_EQ(us.get_json("/api/v1/quarantine").at("total").as_int64(), 5);
  EXPECT_EQ(us.state_of(id), "submitted");  // nothing of theirs applied
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
  auto cli = run({liaison_bin(), "quarantine", "--data", us.dir()});
  EXPECT_NE(cli.out.find("CN:"), std::string::npos);
}

// Issue 13: a hotline contact nested 27 levels deep was signed into CN's chain; wrapped for
// federation it was too deep for US's reader, so every later record of CN stayed queued for
// good. Now the API and the record's declared schema refuse it, and replication goes on.
TEST_F(FederationTest, AMalformedHotlineContactIsRefusedAndReplicationGoesOn) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  auto contact = [](json::object patch) {
    json::object c{{"tier", 1},
                   {"caller", json::object{{"party", "CN"}, {"name", "Li Wei"}}},
                   {"callee", json::object{{"party", "US"}, {"name", "J. Smith"}}},
                   {"channel", "phone"},
                   {"started_at", "2026-11-20T01:00:00Z"},
                   {"summary", "Asked about the preservation of request 17"}};
    for (auto& kv : patch) c[kv.key()] = kv.value();
    return json::serialize(c);
  };
  auto field_of = [](const HttpResult& r) {
    auto o = json::parse(r.body).as_object();
    return std::string(o.at("error").as_object().at("field").as_string());
  };
  json::value deep = "2026-11-20T01:05:00Z";
  for (int i = 0; i < 26; ++i) deep = json::array{deep};
  auto r = cn.api("POST", "/api/v1/hotline/contacts", contact({{"answered_at", deep}}));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(field_of(r), "body") << r.body;
  // Shallow garbage, field by field: each names its field.
  const std::pair<json::object, std::string> bad[] = {
      {{{"answered_at", json::object{{"at", "2026-11-20T01:05:00Z"}}}}, "answered_at"},
      {{{"ended_at", "yesterday"}}, "ended_at"},
      {{{"drill", "yes"}}, "drill"},
      {{{"caller", json::object{{"party", "CN"}, {"name", "Li"}, {"extra", json::array{}}}}},
       "caller.extra"},
      {{{"summary", std::string("a\0b", 3)}}, "summary"},
      {{{"channel", "pigeon"}}, "channel"},
      {{{"action_items", json::array{json::object{
                             {"text", "call back"}, {"owner", "Li"}, {"due", json::object{}}}}}},
       "action_items[0].due"},
      {{{"request_ids", json::array{1}}}, "request_ids[0]"},
  };
  for (const auto& [patch, field] : bad) {
    auto b = cn.api("POST", "/api/v1/hotline/contacts", contact(patch));
    EXPECT_EQ(b.status, 400) << json::serialize(patch) << " -> " << b.body;
    if (b.status == 400) {
      EXPECT_EQ(field_of(b), field) << b.body;
    }
  }
  EXPECT_EQ(cn.query_int("SELECT count(*) FROM records WHERE kind='hotline.contact'"), 0);
  auto ok = cn.api("POST", "/api/v1/hotline/contacts",
                   contact({{"answered_at", "2026-11-20T01:05:00Z"}}));
  ASSERT_EQ(ok.status, 201) << ok.body;
  // A P0 request submitted afterwards arrives, and so does the contact.
  auto body = complete_preservation();
  body["requested_party"] = "US";
  body["priority"] = "P0";
  auto c = cn.api("POST", "/api/v1/requests", json::serialize(body));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id(json::parse(c.body).as_object().at("id").as_string());
  ASSERT_EQ(cn.api("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})").status,
            200);
  EXPECT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  EXPECT_EQ(us.query_int("SELECT count(*) FROM hotline_contacts"), 1);
  EXPECT_EQ(us.get_json("/api/v1/quarantine").at("total").as_int64(), 0);
}

// The ledger's limits are one source: a payload at exactly the depth and size limits fits
// the federation reader's depth and the push size; one level or byte more is refused at
// append, never signed.
TEST(LedgerLimits, APayloadAtTheLimitsFitsTheWireAndOneMoreIsRefused) {
  ASSERT_TRUE(crypto_init());
  auto key = ledger::SigningKey::generate();
  auto record_with = [&](const json::value& payload) {
    ledger::Record r;
    r.origin = "CN";
    r.seq = 1;
    r.prev_hash = ledger::kGenesisHash;
    r.created_at = "2026-11-20T00:00:00Z";
    r.kind = "test.limits";
    r.object_id = std::string(ledger::kMaxObjectIdBytes, 'x');
    r.payload = json::serialize(payload);
    r.recipients = {"US"};
    EXPECT_TRUE(ledger::seal(r, key).is_ok());
    return r;
  };
  json::value deep = json::object{};
  for (int d = 1; d < ledger::kMaxPayloadDepth; ++d) deep = json::object{{"a", deep}};
  ASSERT_EQ(ledger::schema::depth_of(deep), ledger::kMaxPayloadDepth);
  auto at_limit = record_with(deep);
  EXPECT_TRUE(ledger::schema::check_record_limits(at_limit, deep).is_ok());
  // Wrapped as a push body, it parses with the federation reader's depth, not one less.
  std::string push =
      json::serialize(json::object{{"records", json::array{federation::to_wire(at_limit)}}});
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = ledger::kMaxWireDepth;
  (void)json::parse(push, ec, {}, opts);
  EXPECT_FALSE(ec) << ec.message();
  opts.max_depth = ledger::kMaxWireDepth - 1;
  (void)json::parse(push, ec, {}, opts);
  EXPECT_TRUE(ec == json::error::too_deep) << ec.message();
  json::value deeper = json::object{{"a", deep}};
  Status st = ledger::schema::check_record_limits(record_with(deeper), deeper);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "payload");

  // Size: a payload of exactly kMaxPayloadBytes, with the longest header members, fits a
  // record on the wire and a push body beside a full budget.
  // Members of at most kMaxStringBytes each; the last one sized so the text is exact.
  json::object sized;
  int i = 0;
  for (;;) {
    std::string k = "k" + std::to_string(i++);
    sized[k] = "";
    size_t now = json::serialize(sized).size();
    size_t room = ledger::kMaxPayloadBytes - now;
    sized[k] = std::string(std::min(room, ledger::kMaxStringBytes), 'y');
    if (room <= ledger::kMaxStringBytes) break;
  }
  std::string text = json::serialize(sized);
  ASSERT_EQ(text.size(), ledger::kMaxPayloadBytes);
  auto full = record_with(sized);
  EXPECT_TRUE(ledger::schema::check_record_limits(full, sized).is_ok());
  std::string wire = json::serialize(federation::to_wire(full));
  EXPECT_LE(wire.size(), ledger::kMaxRecordWireBytes);
  EXPECT_LE(ledger::kPushBudgetBytes + wire.size() + 32, ledger::kMaxPushBodyBytes);
  sized["k0"] = std::string(sized["k0"].as_string()).substr(1) + "zz";
  auto over = record_with(sized);
  EXPECT_EQ(ledger::schema::check_record_limits(over, sized).code(), StatusCode::kTooLarge);
}

// Records at the size limit cross a real link: CN writes indicator sets whose records are
// exactly kMaxPayloadBytes (through apply(), in-process), US takes every one of them; one
// byte more is refused at append.
TEST_F(FederationTest, RecordsAtTheSizeLimitCrossTheWire) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  cn.stop(SIGTERM);
  int64_t expected = 0;
  {
    SystemClock sys;
    auto node = liaison::app::open_node(cn.dir(), sys);
    ASSERT_TRUE(node.is_ok()) << node.status().to_string();
    for (int set = 0; set < 3; ++set) {
      // URLs of ~4 KiB; the last one sized so the canonical payload is exactly the limit.
      json::object payload{{"name", "limit " + std::to_string(set)}, {"tlp", "amber"}};
      json::array added;
      int n = 0;
      auto url = [&](size_t len) {
        std::string u = "http://s" + std::to_string(set) + "-" + std::to_string(n++) + ".example/";
        return u + std::string(len - u.size(), 'p');
      };
      // Each URL adds its length + 13 bytes: {"value":"…"} and a comma (none for the first).
      payload["added"] = json::array{};
      size_t size = ledger::canonical_json(payload)->size();
      while (ledger::kMaxPayloadBytes - size >= 4096 + 13 + 4200) {
        added.push_back(json::object{{"value", url(4096)}});
        size += 4096 + 12 + (added.size() > 1 ? 1 : 0);
      }
      added.push_back(json::object{{"value", url(ledger::kMaxPayloadBytes - size - 13)}});
      payload["added"] = added;
      std::string text = *ledger::canonical_json(payload);
      ASSERT_EQ(text.size(), ledger::kMaxPayloadBytes);
      std::string id = "limit-set-" + std::to_string(set);
      Status st = (*node)->pool().write([&](store::Db& db) -> Status {
        return (*node)->ledger().append(db, sharing::kIndicatorSet, id, text, {"US"}).status();
      });
      ASSERT_TRUE(st.is_ok()) << st.to_string();
      expected += static_cast<int64_t>(added.size());
      if (set == 0) {
        // One byte more: refused (413), nothing written.
        json::object more = payload;
        more["name"] = "limit 0+";
        Status big = (*node)->pool().write([&](store::Db& db) -> Status {
          return (*node)
              ->ledger()
              .append(db, sharing::kIndicatorSet, "limit-set-x", *ledger::canonical_json(more),
                      {"US"})
              .status();
        });
        EXPECT_EQ(big.code(), StatusCode::kTooLarge) << big.to_string();
      }
    }
  }
  cn.start();
  ASSERT_TRUE(wait_until(
      [&] {
        return us.query_int("SELECT count(*) FROM indicators WHERE set_id LIKE 'limit-set-%'") ==
               expected;
      },
      std::chrono::seconds(60)))
      << us.query_int("SELECT count(*) FROM indicators");
  EXPECT_EQ(us.get_json("/api/v1/quarantine").at("total").as_int64(), 0);
  // Pushed, not only pulled: the push was never refused (a receiver reading pushes only up
  // to its API body limit answered 413 here).
  EXPECT_EQ(cn.query_int("SELECT refused_seq FROM peers WHERE party='US'"), 0)
      << cn.query_text("SELECT refused_reason FROM peers");
  EXPECT_EQ(slurp(cn.dir() + "/serve.out").find("refused"), std::string::npos)
      << slurp(cn.dir() + "/serve.out");
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

// A record a peer refuses (here: one written by "an older version" straight into CN's
// ledger, nested deeper than the wire allows) no longer blocks silently: CN narrows the push
// to that record, shows it in the peers API and `peer status`, and pages its administrators.
TEST_F(QuarantineTest, ARecordThePeerRefusesIsShownAndAlerted) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  ASSERT_EQ(
      cn.api("PUT", "/api/v1/hotline/channels/admin", R"({"email":"admin@cn.example"})").status,
      200);
  std::string before = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(before) == "submitted"; }));
  cn.stop(SIGTERM);
  auto key = ledger::SigningKey::from_b64(slurp(cn.dir() + "/keys/node.key").substr(0, 88));
  ASSERT_TRUE(key.is_ok());
  json::value deep = "x";
  for (int i = 0; i < ledger::kMaxWireDepth + 2; ++i) deep = json::array{deep};
  auto bad = next_cn_record(cn, hotline::kHotlineContact, "old-version-contact",
                            json::object{{"summary", deep}}, *key);
  {
    auto db = store::Db::open(cn.dir() + "/liaison.db");
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE(store::insert_record(**db, bad, bad.created_at).is_ok());
    ASSERT_TRUE(store::queue_outbox(**db, bad, bad.created_at).is_ok());
  }
  cn.start();
  std::string after = cn.submit_request("US");  // queued behind the refused record
  ASSERT_TRUE(wait_until([&] {
    return cn.query_int("SELECT refused_seq FROM peers WHERE party='US'") == bad.seq;
  })) << cn.query_text("SELECT last_error FROM peers");
  auto peers = cn.get_json("/api/v1/peers").at("items").as_array();
  ASSERT_EQ(peers.size(), 1u);
  const auto& refused = peers[0].as_object().at("refused");
  ASSERT_TRUE(refused.is_object()) << json::serialize(peers[0]);
  EXPECT_EQ(refused.as_object().at("seq").as_int64(), bad.seq);
  std::string reason(refused.as_object().at("reason").as_string());
  EXPECT_NE(reason.find("HTTP 400"), std::string::npos) << reason;
  EXPECT_NE(reason.find("deeper"), std::string::npos) << reason;
  auto status = run({liaison_bin(), "peer", "status", "--data", cn.dir()});
  EXPECT_NE(status.out.find("REFUSED: US refuses our record " + std::to_string(bad.seq)),
            std::string::npos)
      << status.out;
  // Every administrator is paged once, on their channels, naming the record and the reason.
  ASSERT_TRUE(wait_until([&] {
    return cn.query_int("SELECT count(*) FROM notifications WHERE subject_id='peer:US'") == 1;
  })) << cn.query_int("SELECT count(*) FROM notifications");
  std::string subject =
      cn.query_text("SELECT subject FROM notifications WHERE subject_id='peer:US'");
  EXPECT_NE(subject.find("CN:" + std::to_string(bad.seq)), std::string::npos) << subject;
  EXPECT_EQ(us.state_of(after), "");  // held: the chain cannot skip a record
  EXPECT_EQ(us.state_of(before), "submitted");
}

TEST_F(FederationTest, RecordForBOnlyNeverReachesC) {
  NodeProc a("CN", "Asia/Shanghai"), b("US", "America/New_York"), c("EU", "Europe/Brussels");
  a.start();
  b.start();
  c.start();
  peer_both(a, b);
  peer_both(a, c);
  peer_both(b, c);
  std::string id = a.submit_request("US", "TLP:RED only for US 绝密");
  ASSERT_TRUE(wait_until([&] { return b.state_of(id) == "submitted"; }));
  int64_t a_head = a.query_int("SELECT max(seq) FROM records WHERE origin='CN'");
  // C holds A's whole chain (so it can verify it) but only as redacted headers.
  ASSERT_TRUE(wait_until(
      [&] { return c.query_int("SELECT max(seq) FROM records WHERE origin='CN'") >= a_head; }));
  EXPECT_EQ(c.query_int("SELECT count(*) FROM records WHERE origin='CN' AND kind != ''"), 0);
  EXPECT_EQ(c.query_int("SELECT count(*) FROM requests"), 0);
  EXPECT_EQ(c.api("GET", "/api/v1/requests/" + id).status, 404);
  std::string db = slurp(c.dir() + "/liaison.db") + slurp(c.dir() + "/liaison.db-wal");
  EXPECT_EQ(db.find("TLP:RED only for US"), std::string::npos);
  EXPECT_EQ(c.verify_exit(), 0) << c.verify_out();
}

// Two peered nodes with nothing to say stay idle: their own sync passes commit (contact
// notes, pushed marks), and those commits must not wake the syncer again (they once did,
// and two idle peers kept each other at about 70% of a core).
TEST_F(FederationTest, IdlePeersStayIdle) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  cn.add_peer(us);
  us.add_peer(cn);
  ASSERT_TRUE(wait_until([&] {
    auto peers = cn.get_json("/api/v1/peers");
    return peers.contains("items") && !peers.at("items").as_array().empty() &&
           !peers.at("items").as_array()[0].as_object().at("last_contact").as_string().empty();
  })) << json::serialize(cn.get_json("/api/v1/peers"));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  long cn0 = cn.cpu_ticks(), us0 = us.cpu_ticks();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  // 3 s idle: a few periodic pulls and ticks, far below a busy loop (which used ~2 s).
  EXPECT_LT(cn.cpu_ticks() - cn0, ticks_per_second * 3 / 10);
  EXPECT_LT(us.cpu_ticks() - us0, ticks_per_second * 3 / 10);
}

TEST_F(FederationTest, UnknownClientCertificateAndWrongFingerprintAreRefused) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York"), stranger("XX", "UTC");
  cn.start();
  us.start();
  // CN pins a wrong fingerprint for US: it refuses to talk to the real US.
  cn.add_peer(us, std::string(64, 'a'));
  us.add_peer(cn);
  ASSERT_TRUE(wait_until([&] {
    auto peers = cn.get_json("/api/v1/peers");
    if (!peers.contains("items") || peers.at("items").as_array().empty()) return false;
    return peers.at("items")
               .as_array()[0]
               .as_object()
               .at("last_error")
               .as_string()
               .find("does not match the pinned") != std::string::npos;
  }));
  // A stranger's certificate is refused by US before any record is read.
  auto id = us.identity();
  federation::ClientIdentity stranger_id{stranger.dir() + "/tls/cert.pem",
                                         stranger.dir() + "/tls/key.pem"};
  auto res = federation::peer_call(stranger_id, std::string(id.at("url").as_string()),
                                   std::string(id.at("tls_fingerprint").as_string()), "POST",
                                   "/federation/v1/records", R"({"records":[]})");
  ASSERT_TRUE(res.is_ok()) << res.status().to_string();
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(res->body.find("unknown client certificate"), std::string::npos);
  // No certificate at all.
  auto anon = http_call(us.base(), "GET", "/federation/v1/records?after=0");
  EXPECT_EQ(anon.status, 403);
  EXPECT_EQ(us.query_int("SELECT count(*) FROM records WHERE origin != 'US'"), 0);
}

}  // namespace
}  // namespace liaison::testing

namespace liaison::testing {
namespace {

// A user of `node` with `role` and an API token of theirs; the token.
std::string user_token(NodeProc& node, const std::string& username, const std::string& role) {
  auto added = run({liaison_bin(), "user", "add", "--data", node.dir(), "--username", username,
                    "--role", role, "--display-name", "Officer " + username});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  auto t = run({liaison_bin(), "token", "create", "--data", node.dir(), "--user", username});
  EXPECT_EQ(t.exit_code, 0) << t.err;
  return t.out.substr(0, t.out.find('\n'));
}

// Issue 17: CN's supervisor assigns CN's officer; the signed request.assign record reaches US,
// which shows CN's assignee with the name the record carries; US assigns its own side, and
// cannot assign CN's (403 naming party).
TEST_F(FederationTest, EachSidesAssigneeReachesThePeerAndOnlyItsOwnPartyWritesIt) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string id = cn.submit_request("US");
  ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; }));
  const std::string cn_sup = user_token(cn, "chen", "supervisor");
  user_token(cn, "li", "liaison_officer");
  const std::string us_off = user_token(us, "jsmith", "liaison_officer");
  auto assign = [&](NodeProc& n, const std::string& token, const std::string& body) {
    return http_call(n.base(), "POST", "/api/v1/requests/" + id + "/assignee", body,
                     {{"Authorization", "Bearer " + token}});
  };
  auto r = assign(cn, cn_sup, R"({"assignee":"li"})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(wait_until([&] {
    auto o = us.get_json("/api/v1/requests/" + id);
    auto* a = o.if_contains("assignees");
    return a && a->is_object() && a->as_object().contains("CN") &&
           a->as_object().at("CN").at("name") == "Officer li";
  }));
  // US's officer may not write CN's side, and a CN username means nothing on US.
  r = assign(us, us_off, R"({"assignee":"li","party":"CN"})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("field"), "party");
  r = assign(us, us_off, R"({"assignee":"li"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("field"), "assignee");
  // US assigns its own officer: both sides show both assignees.
  r = assign(us, us_off, R"({"assignee":"jsmith"})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/requests/" + id);
    auto* a = o.if_contains("assignees");
    return a && a->is_object() && a->as_object().contains("US") &&
           a->as_object().at("US").at("username") == "jsmith" &&
           a->as_object().at("CN").at("username") == "li";
  }));
  // CN's officer has the assignment in the inbox.
  const std::string li =
      run({liaison_bin(), "token", "create", "--data", cn.dir(), "--user", "li"}).out;
  // The inbox's Collector makes the notice after the commit that stored the record: wait for
  // it (bounded), as the console's bell does.
  HttpResult inbox;
  bool assigned = false;
  EXPECT_TRUE(wait_until([&] {
    inbox = http_call(cn.base(), "GET", "/api/v1/notifications?unread=1", "",
                      {{"Authorization", "Bearer " + li.substr(0, li.find('\n'))}});
    if (inbox.status != 200) return false;
    const json::value page = json::parse(inbox.body);
    for (const auto& n : page.at("items").as_array()) {
      assigned = assigned || n.at("event") == "request.assigned";
    }
    return assigned;
  })) << inbox.status
      << " " << inbox.body;
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

}  // namespace
}  // namespace liaison::testing
