// Two real nodes (issue 16): requests both ways driven through the API, some assessed by
// each side; CN publishes a report and US's background job countersigns it, so both show it
// jointly attested with both key fingerprints. A row of a projection the figures do not read
// altered on US does not move them, and `verify` flags it; a row of the figures' facts
// (report_facts, the projection apply() keeps of what the figures read of each record)
// altered on US makes the next report end in a dissent naming the differing figure, and
// `verify` flags that row too. Cross-party features are checked on the receiving node.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cluster.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "store/db.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class ReportsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto_init()); }

  static void event(NodeProc& side, const std::string& id, const std::string& body) {
    auto r = side.api("POST", "/api/v1/requests/" + id + "/events", body);
    ASSERT_EQ(r.status, 200) << side.party() << " " << body << ": " << r.body;
  }
  static void assess(NodeProc& side, const std::string& id, const std::string& body) {
    auto r = side.api("POST", "/api/v1/requests/" + id + "/assessments", body);
    ASSERT_EQ(r.status, 201) << side.party() << " " << body << ": " << r.body;
  }
  static void expect_error(const HttpResult& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    auto v = json::parse(r.body);
    EXPECT_EQ(v.at("error").at("field").as_string(), field) << r.body;
  }
  static std::string state_of_report(NodeProc& side, const std::string& id) {
    auto o = side.get_json("/api/v1/reports/" + id);
    return o.contains("state") ? std::string(o.at("state").as_string()) : "";
  }
  static std::string fingerprint(NodeProc& side) {
    auto key = from_base64(std::string(side.identity().at("key").as_string()));
    return key ? sha256_hex(*key).substr(0, 32) : "";
  }
  static void sql(NodeProc& side, const std::string& statement) {
    auto db = store::Db::open(side.dir() + "/liaison.db", false);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    ASSERT_TRUE((*db)->exec(statement).is_ok()) << statement;
  }
  std::string publish(NodeProc& side) {
    const TimePoint now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    json::object body{{"from", format_rfc3339(now - std::chrono::hours(24))},
                      {"to", format_rfc3339(now + std::chrono::hours(24))}};
    auto r = side.api("POST", "/api/v1/reports", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return std::string(json::parse(r.body).at("id").as_string());
  }
};

TEST_F(ReportsIntegrationTest, ReportsAreJointlyAttestedAndAnAlteredRecordEndsInADissent) {
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);

  // CN→US: fulfilled, refused, left open. US→CN: fulfilled, withdrawn.
  std::string r1 = cn.submit_request("US"), r2 = cn.submit_request("US"),
              r3 = cn.submit_request("US");
  std::string r4 = us.submit_request("CN"), r5 = us.submit_request("CN");
  // A lead from CN to US; US records what came of it, CN sees it.
  auto lead_body = complete_preservation();
  lead_body["type"] = "lead_sharing";
  auto made = cn.api("POST", "/api/v1/requests", json::serialize(lead_body));
  ASSERT_EQ(made.status, 201) << made.body;
  std::string lead(json::parse(made.body).at("id").as_string());
  event(cn, lead, R"({"event":"submit"})");
  ASSERT_TRUE(wait_until([&] { return us.state_of(lead) == "submitted"; }));
  expect_error(
      cn.api("POST", "/api/v1/requests/" + lead + "/lead-outcome", R"({"outcome":"opened_case"})"),
      403, "party");
  expect_error(
      us.api("POST", "/api/v1/requests/" + lead + "/lead-outcome", R"({"outcome":"no_action"})"),
      400, "reason");
  auto outcome = us.api("POST", "/api/v1/requests/" + lead + "/lead-outcome",
                        R"({"outcome":"opened_case","reference":"FBI-2026-9"})");
  ASSERT_EQ(outcome.status, 201) << outcome.body;
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/requests/" + lead + "/lead-outcome");
    return o.contains("outcome") && o.at("outcome").as_string() == "opened_case";
  }));
  for (const auto& id : {r1, r2, r3}) {
    ASSERT_TRUE(wait_until([&] { return us.state_of(id) == "submitted"; })) << us.serve_log();
  }
  for (const auto& id : {r4, r5}) {
    ASSERT_TRUE(wait_until([&] { return cn.state_of(id) == "submitted"; })) << cn.serve_log();
  }
  event(us, r1, R"({"event":"acknowledge"})");
  event(us, r1, R"({"event":"fulfil"})");
  event(us, r2, R"({"event":"acknowledge"})");
  event(us, r2, R"({"event":"refuse","ground":"data_unavailable"})");
  event(cn, r4, R"({"event":"acknowledge"})");
  event(cn, r4, R"({"event":"fulfil"})");
  event(us, r5, R"({"event":"withdraw","reason":"solved locally"})");
  ASSERT_TRUE(wait_until([&] { return cn.state_of(r1) == "fulfilled"; }));
  ASSERT_TRUE(wait_until([&] { return cn.state_of(r2) == "refused"; }));
  ASSERT_TRUE(wait_until([&] { return us.state_of(r4) == "fulfilled"; }));
  ASSERT_TRUE(wait_until([&] { return cn.state_of(r5) == "withdrawn"; }));

  // Each side assesses its own side only, and only once the request has ended.
  expect_error(cn.api("POST", "/api/v1/requests/" + r3 + "/assessments",
                      R"({"completeness":4,"usability":5,"responsiveness":3})"),
               409, "state");
  expect_error(us.api("POST", "/api/v1/requests/" + r1 + "/assessments",
                      R"({"kind":"response","completeness":4,"usability":5,"responsiveness":3})"),
               403, "kind");
  expect_error(us.api("POST", "/api/v1/requests/" + r1 + "/assessments",
                      R"({"completeness_clarity":4,"legal_basis":6,"identifiers":3})"),
               400, "legal_basis");
  assess(cn, r1, R"({"completeness":4,"usability":5,"responsiveness":3})");
  assess(us, r1, R"({"completeness_clarity":4,"legal_basis":5,"identifiers":2})");
  assess(us, r4, R"({"completeness":3,"usability":3,"responsiveness":4})");
  assess(cn, r5, R"({"completeness_clarity":2,"legal_basis":3,"identifiers":3})");
  // The other side sees each assessment (checked where it arrives).
  ASSERT_TRUE(wait_until([&] {
    auto o = us.get_json("/api/v1/requests/" + r1 + "/assessments");
    return o.contains("total") && o.at("total").as_int64() == 2;
  }));
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/requests/" + r4 + "/assessments");
    return o.contains("total") && o.at("total").as_int64() == 1 &&
           o.at("items").at(0).at("party").as_string() == "US";
  }));
  ASSERT_TRUE(wait_until([&] {
    auto o = us.get_json("/api/v1/requests/" + r5 + "/assessments");
    return o.contains("total") && o.at("total").as_int64() == 1;
  }));
  // Still to assess on CN: r2 (refused); r4 (fulfilled) as the requested party.
  auto pending = cn.get_json("/api/v1/assessments/pending");
  ASSERT_TRUE(pending.contains("total"));
  EXPECT_EQ(pending.at("total").as_int64(), 2) << json::serialize(pending);

  expect_error(cn.api("POST", "/api/v1/reports",
                      R"({"from":"2026-12-31T00:00:00Z","to":"2026-01-01T00:00:00Z"})"),
               400, "from");
  expect_error(us.api("POST", "/api/v1/reports/no-such-report/countersign"), 404, "id");

  // A report by CN; US's job recomputes it and countersigns; both show it jointly attested.
  std::string first = publish(cn);
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(wait_until([&] { return state_of_report(cn, first) == "jointly_attested"; }))
      << state_of_report(cn, first) << "\n"
      << us.serve_log();
  ASSERT_TRUE(wait_until([&] { return state_of_report(us, first) == "jointly_attested"; }));
  auto on_cn = cn.get_json("/api/v1/reports/" + first);
  auto on_us = us.get_json("/api/v1/reports/" + first);
  EXPECT_EQ(on_cn.at("figures"), on_us.at("figures"));
  EXPECT_TRUE(on_us.at("jointly_attested").as_bool());
  for (auto* o : {&on_cn, &on_us}) {
    const auto& sigs = o->at("signatures").as_array();
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_EQ(sigs[0].at("party").as_string(), "CN");
    EXPECT_EQ(sigs[0].at("key_fingerprint").as_string(), fingerprint(cn));
    EXPECT_EQ(sigs[1].at("party").as_string(), "US");
    EXPECT_EQ(sigs[1].at("role").as_string(), "countersign");
    EXPECT_EQ(sigs[1].at("key_fingerprint").as_string(), fingerprint(us));
  }
  const auto& dirs = on_us.at("figures").at("directions");
  EXPECT_EQ(dirs.at("CN->US").at("requests").at("submitted").as_int64(), 4);
  EXPECT_EQ(dirs.at("CN->US").at("requests").at("open").as_int64(), 2);
  EXPECT_EQ(dirs.at("CN->US").at("leads").at("outcomes").at("opened_case"), 1);
  EXPECT_EQ(dirs.at("CN->US").at("quality").at("refusal_grounds").at("data_unavailable"), 1);
  EXPECT_EQ(dirs.at("CN->US").at("quality").at("response_assessments").at("usability"), "5.00");
  EXPECT_EQ(dirs.at("CN->US").at("quality").at("request_assessments").at("identifiers"), "2.00");
  EXPECT_EQ(dirs.at("US->CN").at("requests").at("submitted").as_int64(), 2);
  EXPECT_EQ(dirs.at("US->CN").at("quality").at("outcomes").at("withdrawn"), 1);
  EXPECT_EQ(dirs.at("US->CN").at("timeliness").at("acknowledge").at("count"), 1);

  // A row of a projection the figures do not read, altered on US, does not move them: the
  // next report is countersigned too, and `verify` flags the row.
  sql(us,
      "UPDATE report_assessments SET doc = json_set(doc, '$.scores.usability', 1) "
      "WHERE id = '" +
          r1 + ":assessment.response:CN'");
  std::string second = publish(cn);
  ASSERT_TRUE(wait_until([&] { return state_of_report(cn, second) == "jointly_attested"; }))
      << state_of_report(cn, second);
  EXPECT_NE(us.verify_exit(), 0);
  EXPECT_NE(us.verify_out().find("report_assessments"), std::string::npos) << us.verify_out();

  // US's facts of CN's signed assessment altered: US recomputes another figure and dissents,
  // naming it with both values; `verify` names the altered facts row.
  sql(us,
      "UPDATE report_facts SET doc = replace(doc, 'k9:usabilityv1:5', 'k9:usabilityv1:2') "
      "WHERE id LIKE 'CN:%' AND doc LIKE 'K1:a%'");
  std::string third = publish(cn);
  ASSERT_TRUE(wait_until([&] { return state_of_report(cn, third) == "disputed"; }))
      << state_of_report(cn, third) << "\n"
      << us.serve_log();
  auto disputed = cn.get_json("/api/v1/reports/" + third);
  EXPECT_FALSE(disputed.at("jointly_attested").as_bool());
  const auto& diffs = disputed.at("attestations").at(0).at("differences").as_array();
  ASSERT_EQ(diffs.size(), 1u) << json::serialize(diffs);
  EXPECT_EQ(diffs[0].at("figure").as_string(),
            "directions.CN->US.quality.response_assessments.usability");
  EXPECT_EQ(diffs[0].at("published").as_string(), "\"5.00\"");
  EXPECT_EQ(diffs[0].at("recomputed").as_string(), "\"2.00\"");
  EXPECT_EQ(state_of_report(us, third), "disputed");
  EXPECT_NE(us.verify_exit(), 0);
  EXPECT_NE(us.verify_out().find("report_facts/CN:"), std::string::npos) << us.verify_out();
  // The CLI's verify on US names the same figure; on CN the report checks out.
  auto v = run({liaison_bin(), "report", "verify", "--data", us.dir(), third});
  EXPECT_EQ(v.exit_code, 3) << v.out << v.err;
  EXPECT_NE(v.out.find("response_assessments.usability"), std::string::npos) << v.out;
  auto ok = run({liaison_bin(), "report", "verify", "--data", cn.dir(), third});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;

  // The CLI writes a period's figures as CSV, one row a figure; a bad period names `from`.
  const std::string csv = cn.dir() + "/q.csv";
  auto on_cn_first = cn.get_json("/api/v1/reports/" + first);
  const auto& period = on_cn_first.at("period").as_object();
  auto gen = run({liaison_bin(), "report", "generate", "--data", cn.dir(), "--from",
                  std::string(period.at("from").as_string()), "--to",
                  std::string(period.at("to").as_string()), "--format", "csv", "-o", csv});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::string rows = slurp(csv);
  EXPECT_EQ(rows.rfind("figure,value\n", 0), 0u) << rows;
  EXPECT_NE(rows.find("\ndirections.CN->US.requests.submitted,4\n"), std::string::npos) << rows;
  EXPECT_NE(rows.find("\ndirections.US->CN.quality.outcomes.withdrawn,1\n"), std::string::npos);
  auto bad = run({liaison_bin(), "report", "generate", "--data", cn.dir(), "--from",
                  "2026-12-31T00:00:00Z", "--to", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(bad.exit_code, 6) << bad.err;
  EXPECT_NE(bad.err.find("from"), std::string::npos) << bad.err;
  auto help = run({liaison_bin(), "report", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* sub : {"generate", "list", "show", "countersign", "verify"}) {
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  }
}

}  // namespace
}  // namespace liaison::testing
