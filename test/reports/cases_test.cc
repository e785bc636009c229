// Priority cases on one node (issue 16, item 2): proposed by one party, accepted by the other
// only, status updates once accepted, bad input refused naming the field with nothing
// written; a missed status report and a lead without an outcome escalate through the hotline
// engine (hotline/clock_feed.h) and resolve once the report or the outcome arrives. The test
// plays US with its key.
#include "reports/cases.h"

#include <gtest/gtest.h>

#include "common/crypto.h"
#include "hotline/deadline_policy.h"
#include "hotline/engine.h"
#include "hotline/kinds.h"
#include "hotline/service.h"
#include "ledger/ledger.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "reports/cases_apply.h"
#include "reports/kinds.h"
#include "requests/service.h"
#include "store/pool.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class CasesTest : public NodeFixture {
 protected:
  Status ingest(const ledger::Record& r) {
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
  static json::object text(const char* s, const char* lang = "en") {
    return json::object{{"original", s}, {"lang", lang}};
  }
  json::object proposal(const std::string& request_id) {
    return json::object{{"title", text("勒索软件团伙", "zh-CN")},
                        {"area", "hacking"},
                        {"requests", json::array{json::value(request_id)}},
                        {"lead_officer", json::object{{"name", "Li Wei"}}},
                        {"counterpart_lead_officer", json::object{{"name", "J. Smith"}}}};
  }
  json::object status_body(const char* phase = "active") {
    return json::object{{"phase", phase},
                        {"state", text("suspects identified")},
                        {"actions", text("servers seized")},
                        {"next_steps", text("interviews")}};
  }
  Result<std::string> propose(const json::object& body) {
    return reports::propose_case(*node_, officer(), body);
  }
  size_t case_count() {
    auto l = reports::list_cases(*node_, "");
    EXPECT_TRUE(l.is_ok());
    return l.is_ok() ? l->size() : 0;
  }
  json::object get(const std::string& id) { return doc(*reports::get_case(*node_, id)); }
  Status us_accept(const std::string& id) {
    return ingest(
        us_record(reports::kCaseAccept, id,
                  {{"case_id", id}, {"lead_officer", json::object{{"name", "J. Smith"}}}}));
  }
};

TEST_F(CasesTest, AProposedCaseIsAcceptedByTheOtherPartyAndThenReportedOn) {
  const std::string request = submitted_request();
  auto p = propose(proposal(request));
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  json::object c = doc(*p);
  const std::string id(c.at("id").as_string());
  EXPECT_EQ(c.at("proposer"), "CN");
  EXPECT_EQ(c.at("party"), "US");
  EXPECT_EQ(c.at("state"), "proposed");
  EXPECT_EQ(c.at("interval_days"), reports::kDefaultStatusIntervalDays);
  EXPECT_EQ(c.at("requests"), (json::array{json::value(request)}));
  EXPECT_EQ(c.at("clocks").as_array()[0].at("state"), "not_started");

  // No status before acceptance; the proposer may not accept its own case.
  auto early = reports::post_case_status(*node_, officer(), id, status_body());
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.status().field(), "state");
  auto self = reports::accept_case(*node_, officer(), id,
                                   json::object{{"lead_officer", json::object{{"name", "Li"}}}});
  EXPECT_EQ(self.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(self.status().field(), "party");

  clock_.advance(std::chrono::hours(2));
  const std::string accepted_at = node_->now();
  Status acc = us_accept(id);
  ASSERT_TRUE(acc.is_ok()) << acc.to_string();
  c = get(id);
  EXPECT_EQ(c.at("state"), "accepted");
  EXPECT_EQ(c.at("accepted_at"), json::value(accepted_at));
  EXPECT_EQ(c.at("lead_officers").at("US").at("name"), "J. Smith");
  const std::string due = reports::status_due_after(accepted_at, 30);
  EXPECT_EQ(c.at("next_due").at("CN"), json::value(due));
  EXPECT_EQ(c.at("next_due").at("US"), json::value(due));
  EXPECT_EQ(c.at("clocks").as_array()[0].at("state"), "running");
  // A second acceptance is refused naming the state.
  EXPECT_EQ(us_accept(id).field(), "state");

  clock_.advance(std::chrono::days(10));
  auto s = reports::post_case_status(*node_, officer(), id, status_body());
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  c = doc(*s);
  ASSERT_EQ(c.at("reports").as_array().size(), 1u);
  EXPECT_EQ(c.at("reports").as_array()[0].at("on_time"), true);
  EXPECT_EQ(c.at("reports").as_array()[0].at("due_at"), json::value(due));
  EXPECT_EQ(c.at("latest").at("CN").at("actions").at("original"), "servers seized");
  // Each report keeps its own texts and author (the console's case page lists them all).
  EXPECT_EQ(c.at("reports").as_array()[0].at("actions").at("original"), "servers seized");
  EXPECT_EQ(c.at("reports").as_array()[0].at("by"), json::value(officer().username));
  EXPECT_EQ(c.at("next_due").at("CN"), json::value(reports::status_due_after(node_->now(), 30)));

  // US reports late (day 40 after acceptance), then concludes: the clocks stop.
  clock_.advance(std::chrono::days(30));
  json::object late = status_body();
  late["case_id"] = id;
  ASSERT_TRUE(ingest(us_record(reports::kCaseStatus, id, late)).is_ok());
  c = get(id);
  EXPECT_EQ(c.at("reports").as_array()[1].at("party"), "US");
  EXPECT_EQ(c.at("reports").as_array()[1].at("on_time"), false);
  json::object done = status_body("concluded");
  done["case_id"] = id;
  ASSERT_TRUE(ingest(us_record(reports::kCaseStatus, id, done)).is_ok());
  c = get(id);
  EXPECT_EQ(c.at("state"), "concluded");
  EXPECT_EQ(c.at("clocks").as_array()[1].at("state"), "stopped");
}

TEST_F(CasesTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  const std::string request = submitted_request();
  auto expect = [&](json::object body, StatusCode code, const std::string& field) {
    auto r = propose(body);
    EXPECT_EQ(r.status().code(), code) << json::serialize(body) << ": " << r.status().to_string();
    EXPECT_EQ(r.status().field(), field) << json::serialize(body);
  };
  json::object b = proposal(request);
  b["area"] = "jaywalking";
  expect(b, StatusCode::kInvalidArgument, "area");
  b = proposal(request);
  b.erase("title");
  expect(b, StatusCode::kInvalidArgument, "title");
  b = proposal(request);
  b["title"] = json::object{{"original", "x"}};
  expect(b, StatusCode::kInvalidArgument, "title.lang");
  b = proposal(request);
  b["interval_days"] = 0;
  expect(b, StatusCode::kInvalidArgument, "interval_days");
  b = proposal(request);
  b["mood"] = 1;
  expect(b, StatusCode::kInvalidArgument, "mood");
  b = proposal(request);
  b.erase("lead_officer");
  expect(b, StatusCode::kInvalidArgument, "lead_officer");
  expect(proposal("nope"), StatusCode::kNotFound, "requests[0]");
  auto draft = node::create_request(*node_, officer(), complete_preservation());
  ASSERT_TRUE(draft.is_ok());
  expect(proposal(std::string(doc(*draft).at("id").as_string())), StatusCode::kFailedPrecondition,
         "requests[0]");
  b = proposal(request);
  b["party"] = "CN";
  expect(b, StatusCode::kInvalidArgument, "party");
  node::Actor auditor{"aud", node::Role::kAuditor, "test"};
  EXPECT_EQ(reports::propose_case(*node_, auditor, proposal(request)).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(reports::get_case(*node_, "nope").status().field(), "id");
  EXPECT_EQ(reports::list_cases(*node_, "open").status().field(), "state");
  EXPECT_EQ(case_count(), 0u);

  // A status update with a bad phase or missing part, on an accepted case.
  auto p = propose(proposal(request));
  ASSERT_TRUE(p.is_ok());
  const std::string id(doc(*p).at("id").as_string());
  ASSERT_TRUE(us_accept(id).is_ok());
  json::object s = status_body("paused");
  EXPECT_EQ(reports::post_case_status(*node_, officer(), id, s).status().field(), "phase");
  s = status_body();
  s.erase("next_steps");
  EXPECT_EQ(reports::post_case_status(*node_, officer(), id, s).status().field(), "next_steps");
  EXPECT_EQ(get(id).at("reports").as_array().size(), 0u);
}

TEST_F(CasesTest, TheOtherPartysProposalIsAcceptedHereAndItsWrongRecordsAreRefused) {
  const std::string request = submitted_request();
  const std::string id = new_uuid();
  json::object p = proposal(request);
  p["party"] = "CN";
  p.erase("counterpart_lead_officer");
  ASSERT_TRUE(ingest(us_record(reports::kCasePropose, id, p)).is_ok());
  // US may not accept its own proposal, nor report before CN accepts.
  EXPECT_EQ(us_accept(id).field(), "party");
  json::object s = status_body();
  s["case_id"] = id;
  EXPECT_EQ(ingest(us_record(reports::kCaseStatus, id, s)).field(), "state");
  auto a = reports::accept_case(*node_, officer(), id,
                                json::object{{"lead_officer", json::object{{"name", "Li Wei"}}}});
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_EQ(doc(*a).at("state"), "accepted");
  EXPECT_EQ(doc(*a).at("lead_officers").at("CN").at("name"), "Li Wei");
  // A case's record under another case's id is refused naming case_id.
  EXPECT_EQ(ingest(us_record(reports::kCaseStatus, new_uuid(), s)).field(), "case_id");
}

class CaseClocksTest : public CasesTest {
 protected:
  void SetUp() override {
    CasesTest::SetUp();
    auto opts = node::engine_options(*node_);
    ASSERT_TRUE(opts.is_ok());
    engine_ = std::make_unique<node::HotlineEngine>(*node_, *opts);
  }
  void tick() {
    Status st = engine_->tick();
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  std::vector<json::object> escalations() {
    auto list = node::list_escalations(*node_, officer(), {.state = "all"});
    EXPECT_TRUE(list.is_ok());
    std::vector<json::object> out;
    if (list.is_ok()) {
      for (const auto& t : *list) out.push_back(doc(t));
    }
    return out;
  }
  std::unique_ptr<node::HotlineEngine> engine_;
};

TEST_F(CaseClocksTest, AMissedStatusReportEscalatesAndTheReportResolvesIt) {
  auto p = propose(proposal(submitted_request()));
  ASSERT_TRUE(p.is_ok());
  const std::string id(doc(*p).at("id").as_string());
  ASSERT_TRUE(us_accept(id).is_ok());
  clock_.advance(std::chrono::days(29));
  tick();
  EXPECT_TRUE(escalations().empty());
  // CN reports in time; US does not.
  ASSERT_TRUE(reports::post_case_status(*node_, officer(), id, status_body()).is_ok());
  clock_.advance(std::chrono::days(1) + std::chrono::hours(1));
  tick();
  auto esc = escalations();
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_EQ(esc[0].at("case_id"), json::value(id));
  EXPECT_EQ(esc[0].at("clock"), "status_report#1");
  EXPECT_EQ(esc[0].at("owner"), "CN");
  EXPECT_EQ(esc[0].at("counterpart"), "US");
  EXPECT_EQ(esc[0].at("trigger"), "deadline_breached");
  EXPECT_FALSE(esc[0].at("steps").as_array().empty());  // the ladder's first rule fired
  tick();
  EXPECT_EQ(escalations().size(), 1u);  // once per case and report
  EXPECT_EQ(get(id).at("clocks").as_array()[1].at("state"), "overdue");

  json::object s = status_body();
  s["case_id"] = id;
  ASSERT_TRUE(ingest(us_record(reports::kCaseStatus, id, s)).is_ok());
  tick();
  esc = escalations();
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_EQ(esc[0].at("state"), "resolved");
  EXPECT_EQ(esc[0].at("resolution"), "status report 1 of US posted");
}

TEST_F(CaseClocksTest, ALeadWithoutAnOutcomeAfterItsDeadlineEscalates) {
  auto body = complete_preservation();
  body["type"] = "lead_sharing";
  const std::string lead = submitted_request(body);
  clock_.advance(std::chrono::days(30) - std::chrono::hours(1));  // the shipped policy's clock
  tick();
  for (const auto& e : escalations()) EXPECT_NE(e.at("clock"), "lead_outcome");
  clock_.advance(std::chrono::hours(2));
  tick();
  std::vector<json::object> mine;
  for (auto& e : escalations()) {
    if (e.at("clock") == "lead_outcome") mine.push_back(e);
  }
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("request_id"), json::value(lead));
  EXPECT_EQ(mine[0].at("counterpart"), "US");
  Status st = ingest(us_record(reports::kLeadOutcome, lead + ":lead.outcome:US",
                               {{"request_id", lead}, {"outcome", "opened_case"}}));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  tick();
  for (auto& e : escalations()) {
    if (e.at("clock") == "lead_outcome") {
      EXPECT_EQ(e.at("state"), "resolved");
      EXPECT_EQ(e.at("resolution"), "outcome recorded: opened_case");
    }
  }
}

// The lead's receiver (US) publishes a policy whose lead-outcome clock is 10 days: the
// sender's engine escalates a lead without an outcome after 10 days, and not before.
TEST_F(CaseClocksTest, ALeadOutcomeIsDueAfterTheReceiversPolicyDays) {
  hotline::DeadlinePolicy policy = hotline::default_policy("US", "America/New_York");
  ASSERT_TRUE(policy.lead_outcome_given);
  EXPECT_EQ(policy.lead_outcome_days, 30);
  EXPECT_NE(policy.lead_outcome_source.en.find("30"), std::string::npos);
  EXPECT_NE(policy.lead_outcome_source.zh.find("30"), std::string::npos);
  policy.lead_outcome_days = 10;
  Status st = ingest(us_record(hotline::kPolicyPublish, "US", hotline::to_json(policy)));
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  auto body = complete_preservation();
  body["type"] = "lead_sharing";
  const std::string lead = submitted_request(body);
  auto leads = [&] {
    std::vector<json::object> mine;
    for (auto& e : escalations()) {
      if (e.at("clock") == "lead_outcome") mine.push_back(e);
    }
    return mine;
  };
  clock_.advance(std::chrono::days(10) - std::chrono::hours(1));
  tick();
  EXPECT_TRUE(leads().empty());
  clock_.advance(std::chrono::hours(2));
  tick();
  auto mine = leads();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("request_id"), json::value(lead));
  EXPECT_EQ(mine[0].at("counterpart"), "US");
}

// A policy's lead-outcome clock: absent (a policy published before it existed) keeps the
// shipped 30 days and is written back without the member; bad days name the field.
TEST(LeadOutcomePolicyTest, ParsesDefaultsAndRefusesBadDays) {
  json::object doc = hotline::to_json(hotline::default_policy("CN", "Asia/Shanghai"));
  ASSERT_TRUE(doc.contains("lead_outcome"));
  doc.erase("lead_outcome");
  auto old = hotline::policy_from_json(doc);
  ASSERT_TRUE(old.is_ok()) << old.status().to_string();
  EXPECT_FALSE(old->lead_outcome_given);
  EXPECT_EQ(old->lead_outcome_days, 30);
  EXPECT_FALSE(hotline::to_json(*old).contains("lead_outcome"));
  doc["lead_outcome"] = json::object{{"days", 10}, {"source", "agreement of 2026-03-01"}};
  auto ten = hotline::policy_from_json(doc);
  ASSERT_TRUE(ten.is_ok()) << ten.status().to_string();
  EXPECT_EQ(ten->lead_outcome_days, 10);
  EXPECT_EQ(hotline::to_json(*ten).at("lead_outcome").at("source"), "agreement of 2026-03-01");
  doc["lead_outcome"] = json::object{{"days", 0}, {"source", "x"}};
  EXPECT_EQ(hotline::policy_from_json(doc).status().field(), "lead_outcome.days");
  doc["lead_outcome"] = json::object{{"days", 10}};
  EXPECT_EQ(hotline::policy_from_json(doc).status().field(), "lead_outcome.source");
}

}  // namespace
}  // namespace liaison::testing
