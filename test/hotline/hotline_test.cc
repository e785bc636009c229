// The pure deadline, roster and ladder logic, driven by explicit instants (an injected
// clock in all but name): every expected instant below was worked out by hand.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hotline/calendar.h"
#include "hotline/deadline_policy.h"
#include "hotline/escalation_ladder.h"
#include "hotline/roster.h"

namespace liaison::hotline {
namespace {

namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;

TimePoint at(const char* s) {
  auto t = parse_rfc3339(s);
  EXPECT_TRUE(t) << s;
  return t.value_or(TimePoint{});
}
std::string fmt(const std::optional<TimePoint>& t) { return t ? format_rfc3339(*t) : "none"; }

Calendar us_calendar() { return default_policy("US", "America/New_York").calendar; }

TEST(CalendarTest, HoursRunAroundTheClockAndPausesShiftThemExactly) {
  Calendar cal;
  auto due = due_time(at("2026-11-21T10:00:00Z"), 8, Unit::kHours, {}, cal);
  ASSERT_TRUE(due.is_ok());
  EXPECT_EQ(fmt(*due), "2026-11-21T18:00:00Z");
  // A 90-minute pause for more information moves it by 90 minutes.
  std::vector<Pause> pauses{{at("2026-11-21T12:00:00Z"), at("2026-11-21T13:30:00Z")}};
  EXPECT_EQ(fmt(*due_time(at("2026-11-21T10:00:00Z"), 8, Unit::kHours, pauses, cal)),
            "2026-11-21T19:30:00Z");
  // A pause after the due time changes nothing; an open pause before it stops the clock.
  pauses = {{at("2026-11-21T19:00:00Z"), at("2026-11-21T20:00:00Z")}};
  EXPECT_EQ(fmt(*due_time(at("2026-11-21T10:00:00Z"), 8, Unit::kHours, pauses, cal)),
            "2026-11-21T18:00:00Z");
  pauses = {{at("2026-11-21T12:00:00Z"), std::nullopt}};
  EXPECT_EQ(fmt(*due_time(at("2026-11-21T10:00:00Z"), 8, Unit::kHours, pauses, cal)), "none");
  EXPECT_EQ(fmt(*due_time(at("2026-11-21T10:00:00Z"), 10, Unit::kDays, {}, cal)),
            "2026-12-01T10:00:00Z");
}

TEST(CalendarTest, BusinessDaysSkipWeekendsAndHolidaysInTheRequestedPartysZone) {
  Calendar us = us_calendar();
  // Friday 20 Nov 2026 15:00 New York (20:00Z). 2 business days: Mon 23 and Tue 24 are
  // working days, so the clock runs out Tuesday 15:00 New York.
  EXPECT_EQ(fmt(*due_time(at("2026-11-20T20:00:00Z"), 2, Unit::kBusinessDays, {}, us)),
            "2026-11-24T20:00:00Z");
  // From Wednesday 25 Nov 15:00: Thanksgiving (26th) is a holiday, 28/29 a weekend:
  // rest of Wed 25 (9/24 day) + Fri 27 (1) + Mon 30 up to 15:00 → Mon 30 Nov 15:00.
  EXPECT_EQ(fmt(*due_time(at("2026-11-25T20:00:00Z"), 2, Unit::kBusinessDays, {}, us)),
            "2026-11-30T20:00:00Z");
  // A clock received on Saturday starts on Monday morning.
  EXPECT_EQ(fmt(*due_time(at("2026-11-21T15:00:00Z"), 1, Unit::kBusinessDays, {}, us)),
            "2026-11-24T05:00:00Z");  // Tue 24 00:00 New York (EST, UTC-5)
}

TEST(CalendarTest, BusinessDaysAcrossTheNewYorkDaylightSavingChange) {
  Calendar us = us_calendar();
  // Friday 6 March 2026 10:00 EST (15:00Z); DST begins Sunday 8 March 02:00.
  // 2 business days: rest of Fri (14/24) + Mon 9 (1) + Tue 10 until 10:00 EDT = 14:00Z.
  EXPECT_EQ(fmt(*due_time(at("2026-03-06T15:00:00Z"), 2, Unit::kBusinessDays, {}, us)),
            "2026-03-10T14:00:00Z");
  // And across the fall-back change (Sunday 1 Nov 2026): Fri 30 Oct 10:00 EDT (14:00Z) →
  // Tue 3 Nov 10:00 EST = 15:00Z.
  EXPECT_EQ(fmt(*due_time(at("2026-10-30T14:00:00Z"), 2, Unit::kBusinessDays, {}, us)),
            "2026-11-03T15:00:00Z");
}

TEST(CalendarTest, ChinaCountsTheWeekendDaysWorkedInExchangeForHolidays) {
  Calendar cn = default_policy("CN", "Asia/Shanghai").calendar;
  EXPECT_FALSE(cn.is_working_day("2026-10-01"));
  EXPECT_TRUE(cn.is_working_day("2026-10-10"));   // a Saturday worked in exchange
  EXPECT_FALSE(cn.is_working_day("2026-10-11"));  // an ordinary Sunday
  // Wed 30 Sep 2026 09:00 Beijing (01:00Z), 1 business day: rest of 30 Sep is 15/24 of a
  // day, then 1–7 Oct are holidays, 8 Oct (Thu) gives the last 9/24 → 8 Oct 09:00 Beijing.
  EXPECT_EQ(fmt(*due_time(at("2026-09-30T01:00:00Z"), 1, Unit::kBusinessDays, {}, cn)),
            "2026-10-08T01:00:00Z");
}

TEST(CalendarTest, LocalTimesAndBadZones) {
  EXPECT_EQ(local_time_string(at("2026-03-08T07:30:00Z"), "America/New_York"), "2026-03-08T03:30");
  EXPECT_EQ(fmt(*from_local("2026-03-08T02:30", "America/New_York")), "2026-03-08T07:00:00Z");
  EXPECT_EQ(fmt(*from_local("2026-11-01T01:30", "America/New_York")), "2026-11-01T05:30:00Z");
  EXPECT_EQ(from_local("2026-11-01T25:00", "UTC").status().field(), "start");
  EXPECT_EQ(from_local("2026-11-01T09:00", "Mars/Olympus").status().field(), "timezone");
  Calendar bad;
  bad.timezone = "Mars/Olympus";
  auto r = due_time(at("2026-11-21T10:00:00Z"), 1, Unit::kBusinessDays, {}, bad);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "timezone");
}

TEST(DeadlinePolicyTest, ShippedDefaultsParseAndRoundTripWithTheirSources) {
  DeadlinePolicy p = default_policy("US", "America/New_York");
  const ClockRule* r = p.rule_for("stored_data_production", "P0", "fulfil");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->amount, 8);
  EXPECT_NE(r->source.en.find("2023/1543"), std::string::npos);
  r = p.rule_for("ci_incident_assistance", "P1", "fulfil");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->amount, 72);
  EXPECT_EQ(p.rule_for("technical_advice", "P2", "preserve"), nullptr);
  ASSERT_NE(p.ladder_for("P0"), nullptr);
  EXPECT_EQ(p.ladder_for("P0")->name, "emergency");
  auto again = policy_from_json(json::value(to_json(p)));
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(json::serialize(to_json(*again)), json::serialize(to_json(p)));
}

// Issue 17, item 10: the shipped defaults name what binds CN and US, EU and Budapest figures
// are labelled reference practice, and each source is in both languages.
TEST(DeadlinePolicyTest, TheDefaultsNameWhatBindsCnAndUsInBothLanguages) {
  DeadlinePolicy p = default_policy("CN", "Asia/Shanghai");
  const ClockRule* w = p.rule_for("preservation", "P0", "written_confirmation");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->source.en.find("China–US MLA Agreement (2000) Art. 4(1)"), std::string::npos);
  EXPECT_NE(w->source.zh.find("2000年《中美刑事司法协助协定》第4条第1款"), std::string::npos);
  const ClockRule* pres = p.rule_for("preservation", "P0", "preserve");
  ASSERT_NE(pres, nullptr);
  EXPECT_NE(pres->source.en.find("18 U.S.C. § 2703(f)"), std::string::npos);
  EXPECT_NE(pres->source.en.find("PRC International Criminal Judicial Assistance Law (2018)"),
            std::string::npos);
  EXPECT_NE(pres->source.zh.find("《中华人民共和国国际刑事司法协助法》"), std::string::npos);
  EXPECT_NE(p.preservation_source.en.find("18 U.S.C. § 2703(f)(2)"), std::string::npos);
  for (const ClockRule& r : p.clocks) {
    EXPECT_FALSE(r.source.en.empty() || r.source.zh.empty()) << r.clock;
    for (const char* foreign : {"EU Regulation", "Budapest", "NIS2"}) {
      if (r.source.en.find(foreign) == std::string::npos) continue;
      EXPECT_NE(r.source.en.find("Reference practice"), std::string::npos) << r.source.en;
      EXPECT_NE(r.source.zh.find("参考做法"), std::string::npos) << r.source.zh;
      // Never the first thing said: a foreign figure is not what binds these parties.
      EXPECT_GT(r.source.en.find(foreign), 0u) << r.source.en;
    }
  }
  for (const ArrivalRule& r : p.on_arrival) EXPECT_FALSE(r.source.zh.empty());
  EXPECT_FALSE(p.lead_outcome_source.zh.empty());
}

// A policy published before sources were bilingual carries plain texts: it still loads, and is
// written back byte for byte (its record verifies); the new shape reads both languages.
TEST(DeadlinePolicyTest, SourcesReadInBothShapes) {
  json::value v = to_json(default_policy("US", "America/New_York"));
  auto& clocks = v.as_object()["clocks"].as_array();
  clocks[0].as_object()["source"] = "Budapest Convention Art. 35: agreement default 1 hour";
  v.as_object()["preservation"].as_object()["source"] = "18 USC 2703(f)(2): 90 days";
  v.as_object()["on_arrival"].as_array()[0].as_object()["source"] = "old arrival text";
  auto old = policy_from_json(v);
  ASSERT_TRUE(old.is_ok()) << old.status().to_string();
  EXPECT_EQ(old->clocks[0].source.en, "Budapest Convention Art. 35: agreement default 1 hour");
  EXPECT_EQ(old->clocks[0].source.zh, "");
  EXPECT_EQ(old->clocks[0].source.in("zh-CN"), old->clocks[0].source.en);
  EXPECT_EQ(json::serialize(json::value(to_json(*old))), json::serialize(v));
  EXPECT_EQ(old->clocks[1].source.in("zh-CN"), "双方约定默认值：紧急请求4小时");
  EXPECT_EQ(old->clocks[1].source.in("en"), "agreement default: 4 hours for urgent requests");

  clocks[1].as_object()["source"] = json::object{{"en", "x"}};
  auto r = policy_from_json(v);
  EXPECT_EQ(r.status().field(), "clocks[1].source.zh-CN");
  EXPECT_EQ(r.status().reason(), Reason::kRequired);
  clocks[1].as_object()["source"] = json::object{{"en", "x"}, {"zh-CN", "y"}, {"fr", "z"}};
  EXPECT_EQ(policy_from_json(v).status().field(), "clocks[1].source.fr");
  clocks[1].as_object()["source"] =
      json::object{{"en", std::string(kMaxSourceBytes + 1, 'a')}, {"zh-CN", "y"}};
  r = policy_from_json(v);
  EXPECT_EQ(r.status().field(), "clocks[1].source.en");
  EXPECT_EQ(r.status().reason(), Reason::kTooLong);
  clocks[1].as_object()["source"] = json::object{{"en", ""}, {"zh-CN", "y"}};
  EXPECT_EQ(policy_from_json(v).status().field(), "clocks[1].source.en");
  clocks[1].as_object()["source"] = 7;
  EXPECT_EQ(policy_from_json(v).status().reason(), Reason::kWrongType);
}

TEST(DeadlinePolicyTest, BadPoliciesNameTheField) {
  json::value v = to_json(default_policy("CN", "Asia/Shanghai"));
  v.as_object()["clocks"].as_array()[0].as_object()["unit"] = "fortnights";
  auto r = policy_from_json(v);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "clocks[0].unit");
  v = to_json(default_policy("CN", "Asia/Shanghai"));
  v.as_object()["clocks"].as_array()[2].as_object()["source"] = "";
  EXPECT_EQ(policy_from_json(v).status().field(), "clocks[2].source");
  v = to_json(default_policy("CN", "Asia/Shanghai"));
  v.as_object()["ladder_for_priority"].as_object()["P1"] = "nope";
  EXPECT_EQ(policy_from_json(v).status().field(), "ladder_for_priority.P1");
  v = to_json(default_policy("CN", "Asia/Shanghai"));
  v.as_object()["calendar"].as_object()["holidays"].as_array().push_back("2026-02-30");
  EXPECT_EQ(policy_from_json(v).status().field(), "calendar.holidays[33]");
}

TEST(DeadlinePolicyTest, APauseForMoreInformationShiftsEveryRunningClockExactly) {
  DeadlinePolicy p = default_policy("US", "America/New_York");
  RequestFacts f{.type = "stored_data_production", .priority = "P0", .state = "acknowledged"};
  f.received_at = at("2026-11-21T10:00:00Z");
  f.acknowledged_at = at("2026-11-21T10:20:00Z");
  auto d = compute_deadlines(f, p, at("2026-11-21T11:00:00Z"));
  ASSERT_TRUE(d.is_ok());
  ASSERT_EQ(d->clocks.size(), 3u);  // acknowledge, first_reply, fulfil (no preserve clock)
  EXPECT_EQ(d->clocks[0].state, "met");
  EXPECT_EQ(d->clocks[2].clock, "fulfil");
  EXPECT_EQ(fmt(d->clocks[2].due_at), "2026-11-21T18:00:00Z");
  EXPECT_EQ(*d->clocks[2].remaining_seconds, 7 * 3600);

  // needs_info from 12:00: the clocks are paused with 6 hours left.
  f.state = "needs_info";
  f.pauses = {{at("2026-11-21T12:00:00Z"), std::nullopt}};
  d = compute_deadlines(f, p, at("2026-11-21T15:00:00Z"));
  EXPECT_TRUE(d->paused);
  EXPECT_EQ(d->clocks[2].state, "paused");
  EXPECT_EQ(*d->clocks[2].remaining_seconds, 6 * 3600);
  // The requester answers at 14:47:13: every clock moves by exactly 2 h 47 min 13 s.
  f.state = "acknowledged";
  f.pauses = {{at("2026-11-21T12:00:00Z"), at("2026-11-21T14:47:13Z")}};
  d = compute_deadlines(f, p, at("2026-11-21T15:00:00Z"));
  EXPECT_FALSE(d->paused);
  EXPECT_EQ(fmt(d->clocks[1].due_at), "2026-11-21T20:47:13Z");
  EXPECT_EQ(fmt(d->clocks[2].due_at), "2026-11-21T20:47:13Z");
  // Past it, the clock is overdue; answered late, it is met_late.
  d = compute_deadlines(f, p, at("2026-11-21T21:00:00Z"));
  EXPECT_EQ(d->clocks[2].state, "overdue");
  EXPECT_TRUE(d->clocks[2].warn);
  f.finished_at = at("2026-11-21T21:30:00Z");
  d = compute_deadlines(f, p, at("2026-11-21T22:00:00Z"));
  EXPECT_EQ(d->clocks[2].state, "met_late");
}

TEST(DeadlinePolicyTest, ClocksDoNotStartBeforeTheSignedReceipt) {
  DeadlinePolicy p = default_policy("CN", "Asia/Shanghai");
  RequestFacts f{.type = "preservation", .priority = "P2", .state = "submitted"};
  auto d = compute_deadlines(f, p, at("2026-11-21T10:00:00Z"));
  ASSERT_EQ(d->clocks.size(), 4u);
  for (const auto& c : d->clocks) EXPECT_EQ(c.state, "not_started") << c.clock;
  f.received_at = at("2026-11-20T02:00:00Z");  // Friday 10:00 Beijing
  d = compute_deadlines(f, p, at("2026-11-21T10:00:00Z"));
  EXPECT_EQ(d->clocks[0].clock, "acknowledge");
  // 2 working days: rest of Friday (14/24) + Monday + Tuesday until 10:00 Beijing.
  EXPECT_EQ(fmt(d->clocks[0].due_at), "2026-11-24T02:00:00Z");
  EXPECT_EQ(d->clocks[1].clock, "preserve");
  EXPECT_EQ(fmt(d->clocks[1].due_at), "2026-11-25T02:00:00Z");
}

// The demo's acknowledged request read "not started" beside its completion time: the peer's
// acknowledgement arrived without a receipt. An acknowledgement says the request arrived, so
// the clocks start at the latest then: acknowledge is met, the others run.
TEST(DeadlinePolicyTest, AnAcknowledgementWithoutAReceiptStartsTheClocks) {
  DeadlinePolicy p = default_policy("CN", "Asia/Shanghai");
  RequestFacts f{.type = "preservation", .priority = "P2", .state = "acknowledged"};
  f.acknowledged_at = at("2026-11-20T02:00:00Z");  // Friday 10:00 Beijing
  auto d = compute_deadlines(f, p, at("2026-11-20T03:00:00Z"));
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(fmt(d->started_at), "2026-11-20T02:00:00Z");
  ASSERT_EQ(d->clocks[0].clock, "acknowledge");
  EXPECT_EQ(d->clocks[0].state, "met");
  EXPECT_EQ(fmt(d->clocks[0].met_at), "2026-11-20T02:00:00Z");
  for (const auto& c : d->clocks) EXPECT_NE(c.state, "not_started") << c.clock;
  EXPECT_EQ(d->clocks[1].state, "running");
  EXPECT_EQ(fmt(d->clocks[1].due_at), "2026-11-25T02:00:00Z");
  // A receipt, when there is one, is still when the clocks start.
  f.received_at = at("2026-11-19T02:00:00Z");
  d = compute_deadlines(f, p, at("2026-11-20T03:00:00Z"));
  EXPECT_EQ(fmt(d->started_at), "2026-11-19T02:00:00Z");
}

TEST(DeadlinePolicyTest, OnArrivalRulesPageTierOneForP0AndEmergencyTypesByDefault) {
  DeadlinePolicy p = default_policy("US", "America/New_York");
  EXPECT_EQ(p.arrival_tiers("preservation", "P0"), std::vector<int>{1});
  EXPECT_EQ(p.arrival_tiers("emergency_disclosure", "P2"), std::vector<int>{1});
  EXPECT_EQ(p.arrival_tiers("ci_incident_assistance", "P1"), std::vector<int>{1});
  EXPECT_TRUE(p.arrival_tiers("preservation", "P1").empty());
  EXPECT_TRUE(p.arrival_tiers("formal_mla", "P3").empty());

  // The first rule that matches wins; empty tiers page nobody.
  json::value v = to_json(p);
  v.as_object()["on_arrival"] = json::parse(
      R"([{"types":["formal_mla"],"priorities":["*"],"tiers":[]},
          {"types":["*"],"priorities":["P0","P1"],"tiers":[1,2]}])");
  auto custom = policy_from_json(v);
  ASSERT_TRUE(custom.is_ok()) << custom.status().message();
  EXPECT_TRUE(custom->arrival_tiers("formal_mla", "P0").empty());
  EXPECT_EQ(custom->arrival_tiers("preservation", "P1"), (std::vector<int>{1, 2}));
  EXPECT_TRUE(custom->arrival_tiers("emergency_disclosure", "P2").empty());
  EXPECT_EQ(json::serialize(to_json(*custom).at("on_arrival")),
            json::serialize(v.at("on_arrival")));

  // A policy published before on_arrival existed pages by the shipped rules and is written
  // back as it was (a peer's signed record must reproduce exactly).
  v.as_object().erase("on_arrival");
  auto old = policy_from_json(v);
  ASSERT_TRUE(old.is_ok());
  EXPECT_EQ(old->arrival_tiers("preservation", "P0"), std::vector<int>{1});
  EXPECT_FALSE(to_json(*old).contains("on_arrival"));
}

TEST(DeadlinePolicyTest, BadOnArrivalRulesNameTheField) {
  auto field_of = [](const char* rules) {
    json::value v = to_json(default_policy("CN", "Asia/Shanghai"));
    v.as_object()["on_arrival"] = json::parse(rules);
    auto r = policy_from_json(v);
    return r.is_ok() ? std::string("ok") : r.status().field();
  };
  EXPECT_EQ(field_of(R"({"types":["*"]})"), "on_arrival");
  EXPECT_EQ(field_of(R"([{"types":["hacking"],"priorities":["P0"],"tiers":[1]}])"),
            "on_arrival[0].types[0]");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"],"tiers":[1]},
                         {"types":["*"],"priorities":["P4"],"tiers":[1]}])"),
            "on_arrival[1].priorities[0]");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"],"tiers":[4]}])"),
            "on_arrival[0].tiers[0]");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"],"tiers":[1,1]}])"),
            "on_arrival[0].tiers[1]");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"]}])"), "on_arrival[0].tiers");
  EXPECT_EQ(field_of(R"([{"priorities":["P0"],"tiers":[1]}])"), "on_arrival[0].types");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"],"tiers":[1],"delay":5}])"),
            "on_arrival[0].delay");
  EXPECT_EQ(field_of(R"([{"types":["*"],"priorities":["P0"],"tiers":[1]}])"), "ok");
}

TEST(DeadlinePolicyTest, TheWrittenConfirmationClockRunsOnlyForOralRequestsFromTheCall) {
  DeadlinePolicy p = default_policy("US", "America/New_York");
  RequestFacts f{.type = "preservation", .priority = "P0", .state = "acknowledged"};
  f.received_at = at("2026-11-21T10:00:00Z");
  f.acknowledged_at = at("2026-11-21T10:05:00Z");
  auto d = compute_deadlines(f, p, at("2026-11-21T11:00:00Z"));
  for (const auto& c : d->clocks) EXPECT_NE(c.clock, "written_confirmation");

  f.oral = true;  // telephoned at 10:00: the requester confirms in writing within 10 days
  f.state = "needs_info";
  f.pauses = {{at("2026-11-22T00:00:00Z"), std::nullopt}};  // does not stop the requester's clock
  d = compute_deadlines(f, p, at("2026-11-29T11:00:00Z"));
  const ClockStatus& w = d->clocks.back();
  ASSERT_EQ(w.clock, "written_confirmation");
  EXPECT_EQ(fmt(w.due_at), "2026-12-01T10:00:00Z");
  EXPECT_EQ(w.state, "running");
  EXPECT_TRUE(w.warn);  // within two days of it
  d = compute_deadlines(f, p, at("2026-12-01T10:00:00Z"));
  EXPECT_EQ(d->clocks.back().state, "overdue");
  f.written_confirmed_at = at("2026-11-23T09:00:00Z");
  d = compute_deadlines(f, p, at("2026-12-01T10:00:00Z"));
  EXPECT_EQ(d->clocks.back().state, "met");
}

TEST(EscalationLadderTest, RulesFireInOrderWithTheirDelaysAndRepeat) {
  Ladder l = *default_policy("US", "America/New_York").ladder_for("P0");
  auto f = firings(l, at("2026-03-08T06:50:00Z"), 1);
  ASSERT_EQ(f.size(), 6u);  // 3 rules, repeated once
  std::vector<std::string> expect = {"2026-03-08T06:50:00Z", "2026-03-08T07:05:00Z",
                                     "2026-03-08T07:35:00Z", "2026-03-08T08:35:00Z",
                                     "2026-03-08T08:50:00Z", "2026-03-08T09:20:00Z"};
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(format_rfc3339(f[i].due_at), expect[i]) << i;
    EXPECT_EQ(f[i].tier, static_cast<int>(i % 3) + 1);
    EXPECT_EQ(f[i].round, static_cast<int>(i / 3));
  }
  // Opened by hand at tier 2: the tier-1 rule is skipped in every round.
  f = firings(l, at("2026-03-08T06:50:00Z"), 2);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].tier, 2);
  EXPECT_EQ(format_rfc3339(f[1].due_at), "2026-03-08T07:20:00Z");
  EXPECT_EQ(format_rfc3339(f[2].due_at), "2026-03-08T08:20:00Z");
}

Schedule ny_schedule() {
  json::value v = json::parse(R"({
    "id": "US:tier1", "party": "US", "name": "Working level", "tier": 1,
    "timezone": "America/New_York",
    "layers": [
      {"name": "daily", "start": "2026-03-01T09:00", "rotation_length": 1,
       "rotation_unit": "days", "users": ["ana", "ben", "cy"]},
      {"name": "office", "start": "2026-03-01T09:00", "rotation_length": 1,
       "rotation_unit": "weeks", "users": ["dee"],
       "window": {"from": "10:00", "to": "16:00", "days": [1,2,3,4,5]}}],
    "overrides": [{"user": "zed", "start": "2026-03-12T14:00:00Z", "end": "2026-03-12T18:00:00Z"}]
  })");
  auto s = schedule_from_json(v);
  EXPECT_TRUE(s.is_ok()) << s.status().message();
  return *s;
}

TEST(RosterTest, DailyHandOffsStayAtNineInTheMorningAcrossTheDaylightSavingChange) {
  Schedule s = ny_schedule();
  // Sat 7 Mar 09:00 EST = 14:00Z: day 6 since 1 Mar → users[6 % 3] = ana.
  auto oc = on_call(s, at("2026-03-07T14:00:00Z"));
  ASSERT_TRUE(oc);
  EXPECT_EQ(oc->user, "ana");
  EXPECT_EQ(format_rfc3339(oc->since), "2026-03-07T14:00:00Z");
  // The shift that spans the change ends at 09:00 EDT = 13:00Z, 23 hours later.
  EXPECT_EQ(format_rfc3339(oc->until), "2026-03-08T13:00:00Z");
  oc = on_call(s, at("2026-03-08T13:30:00Z"));  // Sunday 09:30 EDT
  EXPECT_EQ(oc->user, "ben");
  EXPECT_EQ(format_rfc3339(oc->since), "2026-03-08T13:00:00Z");
  oc = on_call(s, at("2026-03-08T12:59:00Z"));  // Sunday 08:59 EDT: still Saturday's shift
  EXPECT_EQ(oc->user, "ana");
}

TEST(RosterTest, HigherLayersWinInTheirWindowAndOverridesWinOverAll) {
  Schedule s = ny_schedule();
  // Thursday 12 March 11:00 EDT = 15:00Z: inside dee's office window, but zed's override.
  EXPECT_EQ(on_call(s, at("2026-03-12T15:00:00Z"))->user, "zed");
  // Wednesday 11 March 11:00 EDT: dee, until 16:00 EDT.
  auto oc = on_call(s, at("2026-03-11T15:00:00Z"));
  EXPECT_EQ(oc->user, "dee");
  EXPECT_EQ(format_rfc3339(oc->until), "2026-03-11T20:00:00Z");
  // Saturday 14 March 11:00: the window is weekdays only → the daily layer (day 13 → ben).
  EXPECT_EQ(on_call(s, at("2026-03-14T15:00:00Z"))->user, "ben");
  // Before any layer starts nobody is on call.
  EXPECT_FALSE(on_call(s, at("2026-02-01T00:00:00Z")));
  // The daily shift in force before zed's override is cut short where it starts.
  oc = on_call(s, at("2026-03-12T13:30:00Z"));
  EXPECT_EQ(format_rfc3339(oc->until), "2026-03-12T14:00:00Z");
}

TEST(RosterTest, BadSchedulesNameTheField) {
  json::value v = to_json(ny_schedule());
  v.as_object()["timezone"] = "America/Nowhere";
  EXPECT_EQ(schedule_from_json(v).status().field(), "timezone");
  v = to_json(ny_schedule());
  v.as_object()["layers"].as_array()[0].as_object()["rotation_unit"] = "months";
  EXPECT_EQ(schedule_from_json(v).status().field(), "layers[0].rotation_unit");
  v = to_json(ny_schedule());
  v.as_object()["id"] = "CN:tier1";
  EXPECT_EQ(schedule_from_json(v).status().field(), "id");
  v = to_json(ny_schedule());
  v.as_object()["overrides"].as_array()[0].as_object()["end"] = "2026-03-12T13:00:00Z";
  EXPECT_EQ(schedule_from_json(v).status().field(), "overrides[0].end");
  auto round = schedule_from_json(json::value(to_json(ny_schedule())));
  ASSERT_TRUE(round.is_ok());
  EXPECT_EQ(json::serialize(to_json(*round)), json::serialize(to_json(ny_schedule())));
}

}  // namespace
}  // namespace liaison::hotline
