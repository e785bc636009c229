// The hotline between two real nodes on loopback: a P0 request that US does not acknowledge
// escalates from tier 1 to tier 3 on both sides; each side's on-call people get one e-mail
// (a real SMTP conversation) and one signed webhook per tier; US's acknowledgement stops the
// ladder on both nodes; and a kill -9 of both nodes mid-ladder neither loses nor repeats a
// notification. Durations come from policies the test publishes (seconds instead of hours).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
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
      json::object s{{"id", id}, {"party", p}, {"name", "Tier " + std::to_string(tier)},
                     {"tier", tier}, {"timezone", tier == 1 ? "Asia/Shanghai" : "America/New_York"},
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
    ASSERT_TRUE(wait_until([&] {
      auto p = cn_->get_json("/api/v1/hotline/policy?party=US");
      return p.contains("published") && p.at("published").as_bool();
    }, 20s)) << "CN never received US's policy";
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

  SmtpSink smtp_;
  WebhookSink hooks_;
  std::unique_ptr<NodeProc> cn_, us_;
};

const std::map<std::string, int> kEveryoneOnce = {
    {"cn_t1@cn.example", 1}, {"cn_t2@cn.example", 1}, {"cn_t3@cn.example", 1},
    {"us_t1@us.example", 1}, {"us_t2@us.example", 1}, {"us_t3@us.example", 1}};
const std::map<std::string, int> kEveryHookOnce = {{"/cn_t1", 1}, {"/cn_t2", 1}, {"/cn_t3", 1},
                                                   {"/us_t1", 1}, {"/us_t2", 1}, {"/us_t3", 1}};

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

  ASSERT_TRUE(smtp_.wait_for(6, 20s)) << smtp_.messages().size();
  ASSERT_TRUE(hooks_.wait_for(6, 20s)) << hooks_.requests().size();

  // US (the party that should have acknowledged) acknowledges the escalation.
  std::string id(on_us.at("id").as_string());
  auto ack = us_->api("POST", "/api/v1/hotline/escalations/" + id + "/acknowledge");
  ASSERT_EQ(ack.status, 200) << ack.body;
  ASSERT_TRUE(wait_until([&] { return escalation_on(*cn_).at("state") == "acknowledged"; }, 20s));
  EXPECT_EQ(escalation_on(*cn_).at("acknowledged_by").at("party"), "US");

  // Round 2 would have started 12 s after the escalation opened; nothing more is sent.
  auto opened = parse_rfc3339(std::string(on_cn.at("opened_at").as_string()));
  while (std::chrono::system_clock::now() < *opened + 15s) std::this_thread::sleep_for(200ms);
  EXPECT_EQ(steps_on(*cn_), 3u);
  EXPECT_EQ(steps_on(*us_), 3u);
  EXPECT_TRUE(escalation_on(*cn_).at("next_step").is_null());
  EXPECT_EQ(mail_count(), kEveryoneOnce);
  EXPECT_EQ(hook_count(), kEveryHookOnce);
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

  // Tier 1 paged on both sides, then both nodes die before tier 2 is due.
  ASSERT_TRUE(smtp_.wait_for(2, 60s));
  ASSERT_TRUE(hooks_.wait_for(2, 20s));
  EXPECT_EQ(cn_->stop(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(us_->stop(SIGKILL), 128 + SIGKILL);
  std::this_thread::sleep_for(9s);  // tiers 2 and 3 fall due while both are down
  cn_->start();
  us_->start();

  ASSERT_TRUE(wait_until([&] { return steps_on(*cn_) == 3 && steps_on(*us_) == 3; }, 60s));
  ASSERT_TRUE(smtp_.wait_for(6, 30s)) << smtp_.messages().size();
  ASSERT_TRUE(hooks_.wait_for(6, 30s)) << hooks_.requests().size();
  std::this_thread::sleep_for(2s);  // time for any duplicate to show itself
  EXPECT_EQ(mail_count(), kEveryoneOnce);
  EXPECT_EQ(hook_count(), kEveryHookOnce);
  EXPECT_EQ(cn_->verify_exit(), 0) << cn_->verify_out();
}

}  // namespace
}  // namespace liaison::testing
