// A season between two real nodes (issue 16, "Done means"): about 200 requests both ways
// driven through the API under an injected clock (both processes read the test-only offset
// file, common/clock.h), some acknowledged late, some refused, some sent back for more
// information, some assessed; five leads, two without an outcome after their deadline; two
// priority cases, one of whose status reports US misses. The missed report and the two leads
// escalate through CN's hotline engine like any clock (hotline/clock_feed.h), US's report
// resolves its escalation; CN then publishes the quarter's report and US's attester
// countersigns it, both showing it jointly attested with the same figures. Labelled
// integration; about 40 s on the 2-core VM in the sanitised Debug build.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "cluster.h"
#include "common/clock.h"
#include "common/crypto.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kPerDirection = 100;

class ReportsSeasonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    setenv("LIAISON_HOTLINE_TICK_MS", "100", 1);
    clock_file_ = temp_dir("season-clock");
    set_offset(0ms);
    setenv("LIAISON_TEST_CLOCK_OFFSET_FILE", clock_file_.c_str(), 1);
    cn_ = std::make_unique<NodeProc>("CN", "Asia/Shanghai");
    us_ = std::make_unique<NodeProc>("US", "America/New_York");
    cn_->start();
    us_->start();
    peer_both(*cn_, *us_);
  }
  void TearDown() override {
    unsetenv("LIAISON_HOTLINE_TICK_MS");
    unsetenv("LIAISON_TEST_CLOCK_OFFSET_FILE");
    std::filesystem::remove(clock_file_);
  }
  void advance(std::chrono::milliseconds d) {
    set_offset(offset_ + d);
    std::this_thread::sleep_for(50ms);  // each process reads the file again within 20 ms
  }
  void set_offset(std::chrono::milliseconds offset) {
    offset_ = offset;
    std::ofstream(clock_file_ + ".tmp") << offset.count() << "\n";
    std::filesystem::rename(clock_file_ + ".tmp", clock_file_);
  }
  static void ok(const HttpResult& r, int status, const std::string& what) {
    ASSERT_EQ(r.status, status) << what << ": " << r.body;
  }
  static void event(NodeProc& side, const std::string& id, const std::string& body) {
    ok(side.api("POST", "/api/v1/requests/" + id + "/events", body), 200,
       side.party() + " " + body);
  }
  // Requests from `from` to the other party in a state, as `on` holds them.
  static int64_t count(NodeProc& on, const std::string& from, const std::string& state) {
    return on.query_int(
        "SELECT count(*) FROM requests WHERE json_extract(doc, '$.requesting_party') = '" + from +
        "' AND json_extract(doc, '$.state') = '" + state + "'");
  }
  static std::string id_of(const HttpResult& r) {
    return std::string(json::parse(r.body).at("id").as_string());
  }
  static json::object text(const std::string& s) {
    return json::object{{"original", s}, {"lang", "en"}};
  }
  static std::string status_body() {
    return json::serialize(json::object{{"phase", "active"},
                                        {"state", text("suspects identified")},
                                        {"actions", text("servers imaged")},
                                        {"next_steps", text("interviews")}});
  }
  std::vector<json::object> escalations(NodeProc& n) {
    auto o = n.get_json("/api/v1/hotline/escalations?state=all");
    std::vector<json::object> out;
    if (!o.contains("items")) return out;
    for (const auto& e : o.at("items").as_array()) out.push_back(e.as_object());
    return out;
  }

  std::string clock_file_;
  std::chrono::milliseconds offset_{0};
  std::unique_ptr<NodeProc> cn_, us_;
};

TEST_F(ReportsSeasonTest, AQuarterOfCooperationIsReportedAndJointlyAttested) {
  NodeProc& cn = *cn_;
  NodeProc& us = *us_;
  const TimePoint start =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());

  // Day 0: 100 requests each way, and CN's five leads.
  std::vector<std::string> to_us, to_cn, leads;
  for (int i = 0; i < kPerDirection; ++i) {
    to_us.push_back(cn.submit_request("US"));
    to_cn.push_back(us.submit_request("CN"));
  }
  for (int i = 0; i < 5; ++i) {
    auto body = complete_preservation();
    body["type"] = "lead_sharing";
    auto made = cn.api("POST", "/api/v1/requests", json::serialize(body));
    ok(made, 201, "lead");
    leads.push_back(id_of(made));
    event(cn, leads.back(), R"({"event":"submit"})");
  }
  ASSERT_TRUE(wait_until([&] { return count(us, "CN", "submitted") == kPerDirection + 5; }, 60s))
      << count(us, "CN", "submitted");
  ASSERT_TRUE(wait_until([&] { return count(cn, "US", "submitted") == kPerDirection; }, 60s));

  // Each side acknowledges half at once (within the 4-hour P1 deadline), the rest three days
  // later (late). One in ten is sent back for more information.
  auto serve = [&](NodeProc& side, const std::vector<std::string>& ids, bool first_half) {
    for (int i = 0; i < kPerDirection; ++i) {
      if ((i % 2 == 0) != first_half) continue;
      event(side, ids[i], R"({"event":"acknowledge"})");
      if (i % 10 == 1) event(side, ids[i], R"({"event":"request_info","reason":"which account"})");
    }
  };
  serve(us, to_us, true);
  serve(cn, to_cn, true);
  for (int i = 0; i < 5; ++i) event(us, leads[i], R"({"event":"acknowledge"})");

  // Two priority cases: CN's (US accepts) and US's (CN accepts), linking requests both ways.
  const std::string officer = R"("lead_officer":{"name":"Li Wei"})";
  auto a = cn.api("POST", "/api/v1/cases",
                  json::serialize(json::object{
                      {"title", text("ransomware crew")},
                      {"area", "hacking"},
                      {"requests", json::array{json::value(to_us[0]), json::value(to_cn[0])}},
                      {"lead_officer", {{"name", "Li Wei"}}}}));
  ok(a, 201, "case A");
  const std::string case_a = id_of(a);
  auto b = us.api("POST", "/api/v1/cases",
                  json::serialize(json::object{{"title", text("investment fraud ring")},
                                               {"area", "online_fraud"},
                                               {"lead_officer", {{"name", "J. Smith"}}}}));
  ok(b, 201, "case B");
  const std::string case_b = id_of(b);
  ASSERT_TRUE(wait_until([&] { return us.get_json("/api/v1/cases/" + case_a).contains("id"); }));
  ASSERT_TRUE(wait_until([&] { return cn.get_json("/api/v1/cases/" + case_b).contains("id"); }));
  // Bad input is refused naming the field: the proposer's acceptance, an unknown area, a
  // status on a case not yet accepted.
  auto self = cn.api("POST", "/api/v1/cases/" + case_a + "/accept", "{" + officer + "}");
  EXPECT_EQ(self.status, 403) << self.body;
  EXPECT_EQ(json::parse(self.body).at("error").at("field"), "party");
  auto area =
      cn.api("POST", "/api/v1/cases",
             R"({"title":{"original":"x","lang":"en"},"area":"jaywalking",)" + officer + "}");
  EXPECT_EQ(area.status, 400) << area.body;
  EXPECT_EQ(json::parse(area.body).at("error").at("field"), "area");
  auto early = cn.api("POST", "/api/v1/cases/" + case_a + "/status", status_body());
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(json::parse(early.body).at("error").at("field"), "state");
  ok(us.api("POST", "/api/v1/cases/" + case_a + "/accept",
            R"({"lead_officer":{"name":"J. Smith"}})"),
     200, "accept A");
  ok(cn.api("POST", "/api/v1/cases/" + case_b + "/accept", "{" + officer + "}"), 200, "accept B");

  // Day 3: the other half acknowledged late; information provided; one in ten refused, one in
  // ten left open, the rest fulfilled; one in ten assessed by both sides; US records the
  // outcome of three leads; status reports on both cases, except US's on case A.
  advance(std::chrono::hours(72));
  serve(us, to_us, false);
  serve(cn, to_cn, false);
  ASSERT_TRUE(wait_until([&] {
    return count(cn, "CN", "needs_info") == kPerDirection / 10 &&
           count(us, "US", "needs_info") == kPerDirection / 10;
  }));
  for (int i = 1; i < kPerDirection; i += 10) {
    event(cn, to_us[i], R"({"event":"provide_info"})");
    event(us, to_cn[i], R"({"event":"provide_info"})");
  }
  ASSERT_TRUE(wait_until(
      [&] { return count(us, "CN", "needs_info") == 0 && count(cn, "US", "needs_info") == 0; }));
  auto finish = [&](NodeProc& side, const std::vector<std::string>& ids) {
    for (int i = 0; i < kPerDirection; ++i) {
      if (i % 10 == 2) continue;  // left open
      event(side, ids[i],
            i % 10 == 0 ? R"({"event":"refuse","ground":"data_unavailable"})"
                        : R"({"event":"fulfil"})");
    }
  };
  finish(us, to_us);
  finish(cn, to_cn);
  ASSERT_TRUE(wait_until(
      [&] { return count(cn, "CN", "fulfilled") == 80 && count(us, "US", "fulfilled") == 80; },
      60s));
  for (int i = 3; i < kPerDirection; i += 10) {
    ok(cn.api("POST", "/api/v1/requests/" + to_us[i] + "/assessments",
              R"({"completeness":4,"usability":5,"responsiveness":3})"),
       201, "assess response");
    ok(us.api("POST", "/api/v1/requests/" + to_us[i] + "/assessments",
              R"({"completeness_clarity":4,"legal_basis":5,"identifiers":2})"),
       201, "assess request");
  }
  for (int i = 0; i < 3; ++i) {
    ok(us.api("POST", "/api/v1/requests/" + leads[i] + "/lead-outcome",
              R"({"outcome":"opened_case","reference":"FBI-2026-)" + std::to_string(i) + "\"}"),
       201, "lead outcome");
  }
  ok(cn.api("POST", "/api/v1/cases/" + case_a + "/status", status_body()), 201, "CN on A");
  ok(cn.api("POST", "/api/v1/cases/" + case_b + "/status", status_body()), 201, "CN on B");
  ok(us.api("POST", "/api/v1/cases/" + case_b + "/status", status_body()), 201, "US on B");

  // Day 31 (and an hour): US's first report on case A was due on day 30, and two leads have
  // no outcome 30 days after their submission: CN's engine escalates each like any clock.
  advance(std::chrono::hours(24 * 28 + 1));
  auto escalated = [&](NodeProc& n, const std::string& clock, const std::string& subject) {
    for (const auto& e : escalations(n)) {
      const bool names = (e.contains("case_id") && e.at("case_id") == json::value(subject)) ||
                         e.at("request_id") == json::value(subject);
      if (e.at("clock") == json::value(clock) && names) return e;
    }
    return json::object();
  };
  ASSERT_TRUE(wait_until([&] { return !escalated(cn, "status_report#1", case_a).empty(); }, 30s))
      << cn.serve_log();
  json::object esc = escalated(cn, "status_report#1", case_a);
  EXPECT_EQ(esc.at("owner"), "CN");
  EXPECT_EQ(esc.at("counterpart"), "US");
  EXPECT_EQ(esc.at("trigger"), "deadline_breached");
  ASSERT_TRUE(wait_until([&] { return !escalated(us, "status_report#1", case_a).empty(); }));
  for (int i = 3; i < 5; ++i) {
    ASSERT_TRUE(wait_until([&] { return !escalated(cn, "lead_outcome", leads[i]).empty(); }))
        << "lead " << i;
  }
  EXPECT_TRUE(escalated(cn, "lead_outcome", leads[0]).empty());  // it has its outcome
  // US's late report resolves the escalation on both sides.
  ok(us.api("POST", "/api/v1/cases/" + case_a + "/status", status_body()), 201, "US on A");
  ASSERT_TRUE(wait_until(
      [&] {
        auto e = escalated(us, "status_report#1", case_a);
        return !e.empty() && e.at("state") == "resolved";
      },
      30s));

  // CN's quarterly report (the 90 days from the season's start); US countersigns it.
  json::object period{{"from", format_rfc3339(start - 1h)},
                      {"to", format_rfc3339(start - 1h + std::chrono::days(90))}};
  auto pub = cn.api("POST", "/api/v1/reports", json::serialize(period));
  ok(pub, 201, "publish");
  const std::string report = id_of(pub);
  auto state_of = [&](NodeProc& n) {
    auto o = n.get_json("/api/v1/reports/" + report);
    return o.contains("state") ? std::string(o.at("state").as_string()) : "";
  };
  ASSERT_TRUE(wait_until([&] { return state_of(cn) == "jointly_attested"; }, 30s))
      << state_of(cn) << "\n"
      << us.serve_log();
  ASSERT_TRUE(wait_until([&] { return state_of(us) == "jointly_attested"; }));
  auto on_cn = cn.get_json("/api/v1/reports/" + report);
  auto on_us = us.get_json("/api/v1/reports/" + report);
  EXPECT_EQ(on_cn.at("figures"), on_us.at("figures"));
  EXPECT_TRUE(on_cn.at("jointly_attested").as_bool());
  const json::value& f = on_us.at("figures");
  const auto& cn_us = f.at("directions").at("CN->US");
  EXPECT_EQ(cn_us.at("requests").at("submitted"), kPerDirection + 5);
  EXPECT_EQ(cn_us.at("quality").at("outcomes").at("fulfilled"), 80);
  EXPECT_EQ(cn_us.at("quality").at("outcomes").at("refused"), 10);
  EXPECT_EQ(cn_us.at("quality").at("sent_back_for_information"), 10);
  EXPECT_EQ(cn_us.at("quality").at("response_assessments").at("count"), 10);
  EXPECT_EQ(cn_us.at("timeliness").at("acknowledge").at("count"), kPerDirection + 5);
  EXPECT_EQ(cn_us.at("leads").at("sent"), 5);
  EXPECT_EQ(cn_us.at("leads").at("with_outcome"), 3);
  EXPECT_EQ(f.at("directions").at("US->CN").at("requests").at("submitted"), kPerDirection);
  EXPECT_EQ(f.at("priority_cases").at("cases"), 2);
  EXPECT_EQ(f.at("priority_cases").at("active"), 2);
  EXPECT_EQ(f.at("priority_areas").at("hacking").at("cases"), 1);
  EXPECT_EQ(f.at("priority_areas").at("online_fraud").at("cases"), 1);
  const auto& a_reports = f.at("priority_cases").at("by_case").at(case_a).at("status_reports");
  EXPECT_EQ(a_reports.at("US").at("late"), 1);
  EXPECT_EQ(a_reports.at("CN").at("on_time"), 1);
  EXPECT_GE(f.at("hotline").at("escalations").at("opened").to_number<int64_t>(), 3);
  EXPECT_EQ(f.at("leaders_summary").at("headlines").at("requests_submitted").at("value"),
            2 * kPerDirection + 5);
}

}  // namespace
}  // namespace liaison::testing
