// The hotline between two real nodes on loopback: a P0 request pages US's tier 1 when it
// arrives; one that US does not acknowledge escalates from tier 1 to tier 3 on both sides;
// each side's on-call people get one e-mail (a real SMTP conversation) and one signed webhook
// per tier; US's acknowledgement stops the
// ladder on both nodes; and a kill -9 of both nodes mid-ladder neither loses nor repeats a
// notification. Durations come from policies the test publishes (seconds instead of hours).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "common/crypto.h"
#include "hotline/sinks.h"
#include "integration/cluster.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class HotlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    setenv("LIAISON_SMTP_URL", smtp_.url().c_str(), 1);
    setenv("LIAISON_WEBHOOK_ALLOW", "127.0.0.1", 1);  // the test sinks are on loopback
    setenv("LIAISON_HOTLINE_TICK_MS", "100", 1);
    // Both nodes' clocks are the system clock plus this file's milliseconds (test-only,
    // common/clock.h): the test moves them past a ladder's steps instead of waiting.
    clock_file_ = temp_dir("clock-offset");
    set_offset(std::chrono::milliseconds(0));
    setenv("LIAISON_TEST_CLOCK_OFFSET_FILE", clock_file_.c_str(), 1);
    cn_ = std::make_unique<NodeProc>("CN", "Asia/Shanghai");
    us_ = std::make_unique<NodeProc>("US", "America/New_York");
    cn_->start();
    us_->start();
    peer_both(*cn_, *us_);
  }
  void TearDown() override {
    unsetenv("LIAISON_SMTP_URL");
    unsetenv("LIAISON_WEBHOOK_ALLOW");
    unsetenv("LIAISON_HOTLINE_TICK_MS");
    unsetenv("LIAISON_TEST_CLOCK_OFFSET_FILE");
    std::filesystem::remove(clock_file_);
  }

  // Moves both nodes' clocks forward by `d` (they read the file again within 20 ms).
  void advance_nodes(std::chrono::milliseconds d) { set_offset(offset_ + d); }
  void set_offset(std::chrono::milliseconds offset) {
    offset_ = offset;
    std::ofstream(clock_file_ + ".tmp") << offset.count() << "\n";
    std::filesystem::rename(clock_file_ + ".tmp", clock_file_);
  }

  // Three people per party, one per tier, each reachable by e-mail and webhook.
  void staff(NodeProc& n) {
    std::string p = n.party();
    for (int tier = 1; tier <= 3; ++tier) {
      std::string user = lower(p) + "_t" + std::to_string(tier);
      auto u = n.api("POST", "/api/v1/users",
                     json::serialize(json::object{{"username", user},
                                                  {"display_name", user},
                                                  {"role", "liaison_officer"},
                                                  {"password", "correct horse battery"}}));
      ASSERT_EQ(u.status, 201) << u.body;
      auto c = n.api("PUT", "/api/v1/hotline/channels/" + user,
                     json::serialize(json::object{{"email", user + "@" + lower(p) + ".example"},
                                                  {"webhook_url", hooks_.url("/" + user)}}));
      ASSERT_EQ(c.status, 200) << c.body;
      std::string id = p + ":tier" + std::to_string(tier);
      json::object s{
          {"id", id},
          {"party", p},
          {"name", "Tier " + std::to_string(tier)},
          {"tier", tier},
          {"timezone", tier == 1 ? "Asia/Shanghai" : "America/New_York"},
          {"layers", json::array{json::object{{"name", "all"},
                                              {"start", "2026-01-01T00:00"},
                                              {"rotation_length", 1},
                                              {"rotation_unit", "weeks"},
                                              {"users", json::array{json::value(user)}}}}}};
      auto r = n.api("PUT", "/api/v1/hotline/rosters/" + id, json::serialize(s));
      ASSERT_EQ(r.status, 200) << r.body;
    }
  }

  // US must acknowledge a P0 request within 3 seconds; CN's P0 ladder climbs every
  // `step` seconds, all rules "not acknowledged", `repeat` times more.
  void publish_policies(int step, int last_delay, int repeat) {
    json::object us = us_->get_json("/api/v1/hotline/policy");
    for (const char* k : {"party", "version", "published"}) us.erase(k);
    auto& clock0 = us.at("clocks").as_array()[0].as_object();
    ASSERT_EQ(clock0.at("clock"), "acknowledge");
    ASSERT_EQ(clock0.at("priorities").as_array()[0], "P0");
    clock0["amount"] = 3;
    clock0["unit"] = "seconds";
    auto r = us_->api("PUT", "/api/v1/hotline/policy", json::serialize(us));
    ASSERT_EQ(r.status, 200) << r.body;

    json::object cn = cn_->get_json("/api/v1/hotline/policy");
    for (const char* k : {"party", "version", "published"}) cn.erase(k);
    for (auto& l : cn.at("ladders").as_array()) {
      if (l.at("name") != "emergency") continue;
      l.as_object()["repeat"] = repeat;
      auto& rules = l.at("rules").as_array();
      for (size_t i = 0; i < rules.size(); ++i) {
        rules[i].as_object()["delay_seconds"] = i + 1 < rules.size() ? step : last_delay;
        rules[i].as_object()["condition"] = "not_acknowledged";
      }
    }
    r = cn_->api("PUT", "/api/v1/hotline/policy", json::serialize(cn));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_TRUE(wait_until(
        [&] {
          auto p = cn_->get_json("/api/v1/hotline/policy?party=US");
          return p.contains("published") && p.at("published").as_bool();
        },
        20s))
        << "CN never received US's policy";
  }

  std::string submit_p0() {
    auto body = complete_preservation();
    body["requested_party"] = "US";
    body["priority"] = "P0";
    auto c = cn_->api("POST", "/api/v1/requests", json::serialize(body));
    EXPECT_EQ(c.status, 201) << c.body;
    std::string id(json::parse(c.body).at("id").as_string());
    auto s = cn_->api("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})");
    EXPECT_EQ(s.status, 200) << s.body;
    return id;
  }

  json::object escalation_on(NodeProc& n) {
    auto list = n.get_json("/api/v1/hotline/escalations?state=all");
    if (!list.contains("items") || list.at("items").as_array().empty()) return {};
    return list.at("items").as_array()[0].as_object();
  }

  size_t steps_on(NodeProc& n) {
    auto e = escalation_on(n);
    return e.contains("steps") ? e.at("steps").as_array().size() : 0;
  }

  // How many e-mails and webhooks each address received.
  std::map<std::string, int> mail_count() {
    std::map<std::string, int> out;
    for (const auto& m : smtp_.messages()) ++out[m.to.empty() ? "" : m.to.front()];
    return out;
  }
  std::map<std::string, int> hook_count() {
    std::map<std::string, int> out;
    for (const auto& h : hooks_.requests()) ++out[h.target];
    return out;
  }

  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::string clock_file_;
  std::chrono::milliseconds offset_{0};
  SmtpSink smtp_;
  WebhookSink hooks_;
  std::unique_ptr<NodeProc> cn_, us_;
};

// Each of the six on-call people paged once per tier, and US's tier 1 once more: a P0 request
// pages it when it arrives, before (and apart from) the ladder's tier-1 step.
const std::map<std::string, int> kArrivalAndEveryoneOnce = {
    {"cn_t1@cn.example", 1}, {"cn_t2@cn.example", 1}, {"cn_t3@cn.example", 1},
    {"us_t1@us.example", 2}, {"us_t2@us.example", 1}, {"us_t3@us.example", 1}};
const std::map<std::string, int> kArrivalAndEveryHookOnce = {
    {"/cn_t1", 1}, {"/cn_t2", 1}, {"/cn_t3", 1}, {"/us_t1", 2}, {"/us_t2", 1}, {"/us_t3", 1}};

TEST_F(HotlineTest, UnacknowledgedP0ClimbsToTierThreeOnBothSidesAndTheAckStopsIt) {
  staff(*cn_);
  staff(*us_);
  publish_policies(/*step=*/2, /*last_delay=*/8, /*repeat=*/1);
  std::string request = submit_p0();

  ASSERT_TRUE(wait_until([&] { return steps_on(*cn_) == 3 && steps_on(*us_) == 3; }, 60s))
      << "CN steps " << steps_on(*cn_) << ", US steps " << steps_on(*us_);
  json::object on_cn = escalation_on(*cn_), on_us = escalation_on(*us_);
  EXPECT_EQ(on_cn.at("trigger"), "ack_missed");
  EXPECT_EQ(on_cn.at("request_id"), json::value(request));
  EXPECT_EQ(on_cn.at("tier"), 3);
  EXPECT_EQ(on_us.at("tier"), 3);
  EXPECT_EQ(on_us.at("owner"), "CN");
  EXPECT_EQ(on_cn.at("steps"), on_us.at("steps"));  // the same signed steps on both nodes

  ASSERT_TRUE(smtp_.wait_for(7, 20s)) << smtp_.messages().size();
  ASSERT_TRUE(hooks_.wait_for(7, 20s)) << hooks_.requests().size();

  // US (the party that should have acknowledged) acknowledges the escalation.
  std::string id(on_us.at("id").as_string());
  auto ack = us_->api("POST", "/api/v1/hotline/escalations/" + id + "/acknowledge");
  ASSERT_EQ(ack.status, 200) << ack.body;
  ASSERT_TRUE(wait_until([&] { return escalation_on(*cn_).at("state") == "acknowledged"; }, 20s));
  EXPECT_EQ(escalation_on(*cn_).at("acknowledged_by").at("party"), "US");

  // Round 2 would have started 12 s after the escalation opened: both nodes' clocks move past
  // it, and ten engine ticks (100 ms) show that nothing more is sent.
  auto opened = parse_rfc3339(std::string(on_cn.at("opened_at").as_string()));
  const auto node_now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) +
      offset_;
  if (*opened + 15s > node_now) {
    advance_nodes(std::chrono::duration_cast<std::chrono::milliseconds>(*opened + 15s - node_now));
  }
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(steps_on(*cn_), 3u);
  EXPECT_EQ(steps_on(*us_), 3u);
  EXPECT_TRUE(escalation_on(*cn_).at("next_step").is_null());
  EXPECT_EQ(mail_count(), kArrivalAndEveryoneOnce);
  EXPECT_EQ(hook_count(), kArrivalAndEveryHookOnce);
  // The requested party's e-mail names the tier and the request.
  for (const auto& m : smtp_.messages()) {
    if (m.to.front() == "us_t3@us.example") {
      EXPECT_NE(m.subject.find("Tier 3"), std::string::npos) << m.subject;
      EXPECT_NE(m.body.find(request), std::string::npos);
    }
  }
  EXPECT_EQ(cn_->verify_exit(), 0) << cn_->verify_out();
  EXPECT_EQ(us_->verify_exit(), 0) << us_->verify_out();
}

TEST_F(HotlineTest, Kill9OfBothNodesMidLadderNeitherMissesNorRepeatsANotification) {
  staff(*cn_);
  staff(*us_);
  publish_policies(/*step=*/4, /*last_delay=*/60, /*repeat=*/0);
  submit_p0();

  // US's tier 1 paged on arrival, then tier 1 on both sides; then both nodes die before
  // tier 2 is due.
  ASSERT_TRUE(smtp_.wait_for(3, 60s));
  ASSERT_TRUE(hooks_.wait_for(3, 20s));
  EXPECT_EQ(cn_->stop(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(us_->stop(SIGKILL), 128 + SIGKILL);
  advance_nodes(9s);  // tiers 2 and 3 fall due while both are down
  cn_->start();
  us_->start();

  ASSERT_TRUE(wait_until([&] { return steps_on(*cn_) == 3 && steps_on(*us_) == 3; }, 60s));
  ASSERT_TRUE(smtp_.wait_for(7, 30s)) << smtp_.messages().size();
  ASSERT_TRUE(hooks_.wait_for(7, 30s)) << hooks_.requests().size();
  std::this_thread::sleep_for(1s);  // ten engine ticks: time for any duplicate to show itself
  EXPECT_EQ(mail_count(), kArrivalAndEveryoneOnce);
  EXPECT_EQ(hook_count(), kArrivalAndEveryHookOnce);
  EXPECT_EQ(cn_->verify_exit(), 0) << cn_->verify_out();
}

// Issue 15: projection documents the hotline engine reads may be damaged (a disk, a bug of an
// older version, a hand edit). One such escalation or drill is logged and skipped on each
// pass; the node goes on serving and every other escalation still climbs and pages. (Before,
// the engine's first .at() on the missing ladder threw out of its thread and the process
// ended in std::terminate.)
TEST_F(HotlineTest, ADamagedProjectionDocumentIsLoggedAndSkippedAndTheNodeKeepsServing) {
  staff(*cn_);
  publish_policies(/*step=*/1, /*last_delay=*/600, /*repeat=*/0);
  {
    auto db = store::Db::open(cn_->dir() + "/liaison.db");
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    const Status st = (*db)->exec(R"sql(
      INSERT INTO escalations(id, doc, last_record) VALUES
        ('damaged-1', '{"id":"damaged-1","owner":"CN","counterpart":"US","state":"open","trigger":"manual","opened_at":"2026-01-01T00:00:00Z","start_tier":"one","steps":"not an array"}', 'CN:1'),
        ('damaged-2', '{"id":"damaged-2","owner":"CN","counterpart":"US","state":"open","trigger":"manual","opened_at":"2026-01-01T00:00:00Z","start_tier":1,"ladder":"emergency","steps":[{"rule":"zero","round":0,"tier":1}]}', 'CN:1');
      INSERT INTO drills(id, doc, last_record) VALUES ('damaged-drill', '{"id":"damaged-drill",', 'CN:1');
    )sql");
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  auto open =
      cn_->api("POST", "/api/v1/hotline/escalations",
               R"({"counterpart":"US","reason":"a working escalation beside damaged ones"})");
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string id(json::parse(open.body).at("id").as_string());
  auto steps = [&] {
    auto e = cn_->get_json("/api/v1/hotline/escalations/" + id);
    return e.contains("steps") ? e.at("steps").as_array().size() : 0;
  };
  ASSERT_TRUE(wait_until([&] { return steps() >= 2; }, 30s)) << "steps " << steps();
  ASSERT_TRUE(wait_until([&] { return hook_count()["/cn_t2"] >= 1; }, 20s));
  EXPECT_EQ(hook_count()["/cn_t1"], 1);

  EXPECT_EQ(kill(cn_->pid(), 0), 0) << "the CN node process is gone";
  EXPECT_EQ(http_call(cn_->base(), "GET", "/healthz", "").status, 200);
  EXPECT_EQ(cn_->api("GET", "/api/v1/requests").status, 200);
  // Each damaged document was named in the log, and no pass threw.
  const std::string log = slurp(cn_->dir() + "/serve.out") + slurp(cn_->dir() + "/serve.err.1");
  for (const char* name : {"damaged-1", "damaged-2", "damaged-drill"}) {
    EXPECT_NE(log.find(name), std::string::npos) << name << " not in the log:\n" << log;
  }
  EXPECT_EQ(log.find("a pass threw"), std::string::npos) << log;
}

// Paging on arrival (docs/HOTLINE.md): a P0 request pages the requested party's tier-1
// on-call person the moment it arrives, long before its one-hour acknowledgement clock runs
// out; nobody else is paged, a P2 request pages nobody, and a restart does not page again.
TEST_F(HotlineTest, P0ArrivalPagesTheRequestedPartysTierOneOnCallWithinFiveSeconds) {
  staff(*cn_);
  staff(*us_);
  auto plain = complete_preservation();
  plain["requested_party"] = "US";
  plain["priority"] = "P2";
  auto c = cn_->api("POST", "/api/v1/requests", json::serialize(plain));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string p2(json::parse(c.body).at("id").as_string());
  ASSERT_EQ(cn_->api("POST", "/api/v1/requests/" + p2 + "/events", R"({"event":"submit"})").status,
            200);
  ASSERT_TRUE(wait_until([&] { return us_->state_of(p2) == "submitted"; }, 20s));

  auto before = std::chrono::steady_clock::now();
  std::string request = submit_p0();
  ASSERT_TRUE(hooks_.wait_for(1, 5s)) << "US's tier 1 was not paged within 5 s of the submission";
  std::cout << "[   INFO   ] webhook received "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - before)
                   .count()
            << " ms after the submission began (create + submit + replication + page)\n";
  ASSERT_TRUE(smtp_.wait_for(1, 10s));
  auto hooks = hooks_.requests();
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].target, "/us_t1");
  json::object body = json::parse(hooks[0].body).as_object();
  EXPECT_EQ(body.at("event"), "request.arrived");
  EXPECT_EQ(body.at("request_id"), json::value(request));
  EXPECT_EQ(body.at("priority"), "P0");
  EXPECT_EQ(body.at("requesting_party"), "CN");
  EXPECT_EQ(body.at("tier"), 1);
  EXPECT_EQ(body.at("user"), "us_t1");
  EXPECT_FALSE(hooks[0].headers["x-liaison-signature"].empty());
  auto mails = smtp_.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to.front(), "us_t1@us.example");
  EXPECT_NE(mails[0].subject.find("EMERGENCY P0"), std::string::npos) << mails[0].subject;
  EXPECT_NE(mails[0].body.find(request), std::string::npos);
  // No escalation was needed for it: nothing was missed.
  EXPECT_TRUE(escalation_on(*us_).empty());

  // The console's banner lists it (not the P2 request) until US acknowledges the request.
  auto banner = us_->get_json("/api/v1/hotline/emergencies");
  ASSERT_EQ(banner.at("total"), 1) << json::serialize(banner);
  EXPECT_EQ(banner.at("items").at(0).at("id"), json::value(request));
  EXPECT_EQ(banner.at("items").at(0).at("requesting_party"), "CN");
  EXPECT_FALSE(banner.at("items").at(0).at("paged_at").as_string().empty());
  EXPECT_EQ(cn_->get_json("/api/v1/hotline/emergencies").at("total"), 0);  // not incoming there

  // Restarted, US pages nobody again.
  EXPECT_EQ(us_->stop(SIGTERM), 0);
  us_->start();
  std::this_thread::sleep_for(1s);  // ten engine ticks: time for a repeated page to show itself
  EXPECT_EQ(hook_count(), (std::map<std::string, int>{{"/us_t1", 1}}));
  EXPECT_EQ(mail_count(), (std::map<std::string, int>{{"us_t1@us.example", 1}}));

  auto ack =
      us_->api("POST", "/api/v1/requests/" + request + "/events", R"({"event":"acknowledge"})");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(us_->get_json("/api/v1/hotline/emergencies").at("total"), 0);
}

// Oral first, written later (docs/HOTLINE.md): US's officer logs a P0 preservation request
// CN made by telephone. It opens on US at once (acknowledged); the records reach CN, where
// the same written-confirmation clock runs (due ten days after the call by US's default
// policy) and CN's tier-1 on-call person is told; CN's written confirmation (complete
// content) stops the clock on both nodes.
TEST_F(HotlineTest,
       OralFirstRequestOpensOnTheRequestedSideAndItsWrittenConfirmationClockRunsOnBoth) {
  staff(*cn_);
  staff(*us_);
  json::object oral{
      {"caller", json::object{{"party", "CN"},
                              {"name", "Inspector Wang"},
                              {"organisation", "MPS Cybersecurity Bureau"},
                              {"phone", "+861066262114"}}},
      {"summary", "Asked by telephone to preserve the logs of a ransomware C2 at 203.0.113.45"},
      {"request",
       json::object{
           {"type", "preservation"},
           {"title", json::object{{"original", "Preserve C2 server logs"}, {"lang", "en"}}},
           {"identifiers", json::array{json::object{
                               {"kind", "ipv4"}, {"value", "203.0.113.45"}, {"port", 443}}}}}}};
  // Bad input: 400 naming the field, and nothing is logged.
  auto bad = oral;
  bad["caller"].as_object()["party"] = "XX";
  auto r = us_->api("POST", "/api/v1/hotline/oral-requests", json::serialize(bad));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("field"), "caller.party");
  bad = oral;
  bad["request"].as_object()["priority"] = "P9";
  r = us_->api("POST", "/api/v1/hotline/oral-requests", json::serialize(bad));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("field"), "request.priority");
  EXPECT_EQ(us_->query_int("SELECT count(*) FROM requests"), 0);
  EXPECT_EQ(us_->query_int("SELECT count(*) FROM hotline_contacts"), 0);

  r = us_->api("POST", "/api/v1/hotline/oral-requests", json::serialize(oral));
  ASSERT_EQ(r.status, 201) << r.body;
  json::object created = json::parse(r.body).as_object();
  std::string id(created.at("id").as_string());
  EXPECT_EQ(created.at("state"), "acknowledged");
  EXPECT_EQ(created.at("priority"), "P0");
  EXPECT_EQ(created.at("requesting_party"), "CN");
  EXPECT_EQ(created.at("requested_party"), "US");
  EXPECT_EQ(created.at("oral").at("taken_by"), "admin");
  EXPECT_EQ(created.at("oral").at("caller").at("name"), "Inspector Wang");
  EXPECT_EQ(us_->query_int("SELECT count(*) FROM hotline_contacts"), 1);

  auto written_clock = [&](NodeProc& n) -> json::object {
    auto doc = n.get_json("/api/v1/requests/" + id);
    if (!doc.contains("deadlines") || !doc.at("deadlines").is_object()) return {};
    for (const auto& c : doc.at("deadlines").at("clocks").as_array()) {
      if (c.at("clock") == "written_confirmation") return c.as_object();
    }
    return {};
  };
  json::object on_us = written_clock(*us_);
  ASSERT_FALSE(on_us.empty());
  EXPECT_EQ(on_us.at("state"), "running");
  EXPECT_EQ(on_us.at("amount"), 10);
  EXPECT_EQ(on_us.at("unit"), "days");
  auto called = parse_rfc3339(std::string(created.at("oral").at("called_at").as_string()));
  EXPECT_EQ(parse_rfc3339(std::string(on_us.at("due_at").as_string())),
            *called + std::chrono::hours(24 * 10));

  // The records cross to CN: the same request, the same clock.
  ASSERT_TRUE(wait_until([&] { return cn_->state_of(id) == "acknowledged"; }, 20s));
  json::object on_cn = written_clock(*cn_);
  ASSERT_FALSE(on_cn.empty());
  EXPECT_EQ(on_cn.at("state"), "running");
  EXPECT_EQ(on_cn.at("due_at"), on_us.at("due_at"));
  EXPECT_EQ(cn_->get_json("/api/v1/requests/" + id).at("direction"), "outgoing");
  // CN's console reminds of it (the banner's written_confirmations); US's does not.
  auto owed = cn_->get_json("/api/v1/hotline/emergencies").at("written_confirmations");
  ASSERT_EQ(owed.as_array().size(), 1u) << json::serialize(owed);
  EXPECT_EQ(owed.at(0).at("id"), json::value(id));
  EXPECT_EQ(owed.at(0).at("due_at"), on_us.at("due_at"));
  EXPECT_EQ(owed.at(0).at("state"), "running");
  EXPECT_TRUE(
      us_->get_json("/api/v1/hotline/emergencies").at("written_confirmations").as_array().empty());
  // CN's tier 1 is told to confirm it in writing.
  ASSERT_TRUE(hooks_.wait_for(1, 20s));
  auto hooks = hooks_.requests();
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].target, "/cn_t1");
  json::object hook = json::parse(hooks[0].body).as_object();
  EXPECT_EQ(hook.at("event"), "request.written_confirmation");
  EXPECT_EQ(hook.at("stage"), "logged");
  EXPECT_EQ(hook.at("request_id"), json::value(id));
  EXPECT_EQ(hook.at("due_at"), on_us.at("due_at"));

  // Only the requester confirms; and only with a complete request.
  r = us_->api("POST", "/api/v1/requests/" + id + "/written-confirmation", "{}");
  EXPECT_EQ(r.status, 403) << r.body;
  r = cn_->api("POST", "/api/v1/requests/" + id + "/written-confirmation", "{}");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("field"), "checklist");
  EXPECT_EQ(json::parse(r.body).at("error").at("missing").as_array().size(), 7u);
  EXPECT_EQ(written_clock(*cn_).at("state"), "running");
  auto full = complete_preservation();
  full.erase("requested_party");
  full["priority"] = "P0";
  r = cn_->api("POST", "/api/v1/requests/" + id + "/written-confirmation",
               json::serialize(json::object{{"content", full}, {"note", "MPS letter 2026-118"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(json::parse(r.body).at("written_confirmed_at").as_string().empty());
  EXPECT_EQ(written_clock(*cn_).at("state"), "met");
  ASSERT_TRUE(wait_until([&] { return written_clock(*us_).at("state") == "met"; }, 20s));
  EXPECT_TRUE(
      cn_->get_json("/api/v1/hotline/emergencies").at("written_confirmations").as_array().empty());
  auto doc = us_->get_json("/api/v1/requests/" + id);
  EXPECT_EQ(doc.at("title").at("original"), "保全勒索软件服务器日志");  // CN's written content
  EXPECT_EQ(doc.at("written_confirmation_note"), "MPS letter 2026-118");
  r = cn_->api("POST", "/api/v1/requests/" + id + "/written-confirmation", "{}");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(cn_->verify_exit(), 0) << cn_->verify_out();
  EXPECT_EQ(us_->verify_exit(), 0) << us_->verify_out();
}

// A written confirmation that does not come is overdue on both nodes, and the requester's
// tier 1 is told. (US's policy gives 3 seconds instead of ten days.)
TEST_F(HotlineTest, AMissedWrittenConfirmationIsOverdueOnBothSides) {
  staff(*cn_);
  staff(*us_);
  json::object us = us_->get_json("/api/v1/hotline/policy");
  for (const char* k : {"party", "version", "published"}) us.erase(k);
  bool found = false;
  for (auto& c : us.at("clocks").as_array()) {
    if (c.at("clock") != "written_confirmation") continue;
    c.as_object()["amount"] = 3;
    c.as_object()["unit"] = "seconds";
    found = true;
  }
  ASSERT_TRUE(found);
  auto r = us_->api("PUT", "/api/v1/hotline/policy", json::serialize(us));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(wait_until(
      [&] {
        auto p = cn_->get_json("/api/v1/hotline/policy?party=US");
        return p.contains("published") && p.at("published").as_bool();
      },
      20s));
  json::object oral{
      {"caller", json::object{{"party", "CN"}, {"name", "Inspector Wang"}}},
      {"summary", "Asked to preserve an account"},
      {"request", json::object{{"type", "preservation"},
                               {"title", json::object{{"original", "Preserve an account"}}}}}};
  r = us_->api("POST", "/api/v1/hotline/oral-requests", json::serialize(oral));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id(json::parse(r.body).at("id").as_string());
  auto state_on = [&](NodeProc& n) -> std::string {
    auto doc = n.get_json("/api/v1/requests/" + id);
    if (!doc.contains("deadlines") || !doc.at("deadlines").is_object()) return "";
    for (const auto& c : doc.at("deadlines").at("clocks").as_array()) {
      if (c.at("clock") == "written_confirmation") return std::string(c.at("state").as_string());
    }
    return "";
  };
  ASSERT_TRUE(
      wait_until([&] { return state_on(*us_) == "overdue" && state_on(*cn_) == "overdue"; }, 30s))
      << state_on(*us_) << " / " << state_on(*cn_);
  // The policy's sources cross in both languages (issue 17, item 10): CN reads US's published
  // policy with each source as {en, zh-CN}, and the clock on CN's copy of the request carries
  // the source in both.
  auto us_policy = cn_->get_json("/api/v1/hotline/policy?party=US");
  for (const auto& c : us_policy.at("clocks").as_array()) {
    if (c.at("clock") != "written_confirmation") continue;
    EXPECT_NE(std::string(c.at("source").at("en").as_string()).find("China–US MLA Agreement"),
              std::string::npos);
    EXPECT_NE(std::string(c.at("source").at("zh-CN").as_string()).find("中美刑事司法协助协定"),
              std::string::npos);
  }
  const json::object on_cn = cn_->get_json("/api/v1/requests/" + id);
  for (const auto& c : on_cn.at("deadlines").at("clocks").as_array()) {
    if (c.at("clock") != "written_confirmation") continue;
    EXPECT_EQ(c.at("source"), c.at("source_by_lang").at("en"));
    EXPECT_NE(
        std::string(c.at("source_by_lang").at("zh-CN").as_string()).find("十日内以书面形式确认"),
        std::string::npos);
  }
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& h : hooks_.requests()) {
          auto b = json::parse(h.body).as_object();
          if (h.target == "/cn_t1" && b.at("event") == "request.written_confirmation" &&
              b.at("stage") == "overdue") {
            return true;
          }
        }
        return false;
      },
      20s));
  // The requester's missed clock is its own: nobody escalates against US for it.
  EXPECT_TRUE(escalation_on(*cn_).empty());
  EXPECT_TRUE(escalation_on(*us_).empty());
}

}  // namespace
}  // namespace liaison::testing
