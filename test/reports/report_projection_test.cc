// The reports' typed lead-outcome and published-report projections (reports/lead_outcome.h,
// reports/published_report.h): a stored document (an outcome recorded twice; a report of this
// party, one the other party published and this node countersigned, one it dissented from)
// reads back into its type and writes out byte for byte; a bad member is refused naming it; a
// damaged report beside a good one is left out of the list, and asked for by id a damaged
// report or outcome is an internal error (a 500). The test plays US with its key.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "reports/kinds.h"
#include "reports/lead_outcome.h"
#include "reports/published_report.h"
#include "reports/repository.h"
#include "reports/service.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class ReportProjection : public NodeFixture {
 protected:
  // The reports addressed to this node (CN) that it has not attested, as the attester asks.
  std::vector<std::string> unattested() {
    std::vector<std::string> ids;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(ids, reports::unattested_report_ids(db, "CN"));
                      return Status::ok();
                    })
                    .is_ok());
    return ids;
  }
  // A lead US sent to CN (this node receives it).
  std::string lead_from_us() {
    auto body = complete_preservation();
    body["type"] = "lead_sharing";
    body["requesting_party"] = "US";
    body["requested_party"] = "CN";
    auto content = model::content_from_json(body);
    EXPECT_TRUE(content.is_ok()) << content.status().to_string();
    const std::string lead = new_uuid();
    ingest(us_record("request.event", lead,
                     {{"event", "submit"}, {"content", model::to_json(*content)}}));
    return lead;
  }
  // A request CN submitted to US, acknowledged, fulfilled and assessed.
  void assessed_request() {
    const std::string id = submitted_request();
    clock_.advance(std::chrono::hours(1));
    ingest(us_record("request.event", id, {{"event", "acknowledge"}}));
    clock_.advance(std::chrono::hours(1));
    ingest(us_record("request.event", id, {{"event", "fulfil"}}));
    auto a = reports::assess(*node_, officer(), id,
                             json::parse(R"({"completeness":4,"usability":5,"responsiveness":3})"));
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  }
  // A report US publishes on CN over `figures`, cut where this node's chains stand.
  std::string us_report(const std::string& figures) {
    auto computed = reports::compute_report(*node_, {q4_, "US"});
    EXPECT_TRUE(computed.is_ok()) << computed.status().to_string();
    json::array positions;
    for (const auto& p : computed->positions) {
      positions.push_back(json::object{{"origin", p.origin}, {"seq", p.seq}, {"hash", p.hash}});
    }
    const std::string rid = new_uuid();
    ingest(us_record(reports::kReportPublish, rid,
                     {{"period", {{"from", q4_.from}, {"to", q4_.to}}},
                      {"positions", positions},
                      {"party", "CN"},
                      {"figures", figures},
                      {"figures_sha256", sha256_hex(figures)},
                      {"by", "us-analyst"}}));
    return rid;
  }
  // The stored text reads back and writes out byte for byte, as put_doc stores it.
  void round_trips(const std::string& text) {
    auto typed = reports::published_report_from_text(text);
    ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
    EXPECT_EQ(*ledger::canonical_json(reports::to_doc(*typed)), text);
  }
  const reports::Period q4_{"2026-10-01T00:00:00Z", "2026-12-31T23:59:59Z"};
};

TEST_F(ReportProjection, AStoredLeadOutcomeReadsBackAndWritesOutByteForByte) {
  const std::string lead = lead_from_us();
  auto first = reports::record_lead_outcome(*node_, officer(), lead,
                                            json::parse(R"({"outcome":"opened_case"})"));
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  clock_.advance(std::chrono::hours(1));
  auto second = reports::record_lead_outcome(
      *node_, officer(), lead,
      json::parse(R"({"outcome":"no_action","reason":"已知线索","reference":"MPS-17"})"));
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  const std::string id = lead + ":lead.outcome:CN";
  const std::string text = stored("lead_outcomes", id);
  auto typed = reports::lead_outcome_from_text(text);
  ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
  EXPECT_EQ(typed->outcome, "no_action");
  EXPECT_EQ(typed->reason, "已知线索");
  EXPECT_EQ(typed->version, 2);
  EXPECT_EQ(typed->created_at, str_of(doc(*first), "created_at"));  // kept from the first
  EXPECT_NE(typed->updated_at, typed->created_at);
  EXPECT_EQ(*ledger::canonical_json(reports::to_doc(*typed)), text);  // as put_doc stores it
  EXPECT_EQ(*ledger::canonical_json(json::parse(*second)), text);     // and as the API answers
  auto got = reports::lead_outcome(*node_, lead);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(*ledger::canonical_json(json::parse(*got)), text);

  auto bad = reports::lead_outcome_from_text(
      R"({"by":"","created_at":"","id":"x","outcome":"opened_case","party":"CN","reason":"",)"
      R"("record":"CN:1","reference":"","request_id":"r","updated_at":"","version":"2"})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "version");
  auto no_outcome = reports::lead_outcome_from_text(R"({"id":"x","request_id":"r","party":"CN"})");
  ASSERT_FALSE(no_outcome.is_ok());
  EXPECT_EQ(no_outcome.status().field(), "outcome");
}

TEST_F(ReportProjection, ADamagedLeadOutcomeIsA500) {
  const std::string lead = lead_from_us();
  put_raw("lead_outcomes", lead + ":lead.outcome:CN",
          R"({"id":")" + lead + R"(:lead.outcome:CN","request_id":")" + lead +
              R"(","party":"CN","outcome":7,"version":1})");
  auto got = reports::lead_outcome(*node_, lead);
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), StatusCode::kInternal);
  EXPECT_NE(got.status().message().find(lead + ":lead.outcome:CN is damaged"), std::string::npos)
      << got.status().message();
}

TEST_F(ReportProjection, StoredReportsWithTheirAttestationsReadBackAndWriteOutByteForByte) {
  assessed_request();
  auto ours = reports::publish_report(*node_, officer(), {q4_, "US"});
  ASSERT_TRUE(ours.is_ok()) << ours.status().to_string();
  const std::string mine = str_of(doc(*ours), "id");
  auto computed = reports::compute_report(*node_, {q4_, "US"});
  ASSERT_TRUE(computed.is_ok()) << computed.status().to_string();
  const std::string same = us_report(computed->figures);
  std::string changed = computed->figures;
  const std::string from = R"("usability":"5.00")";
  ASSERT_NE(changed.find(from), std::string::npos);
  changed.replace(changed.find(from), from.size(), R"("usability":"3.00")");
  const std::string differs = us_report(changed);
  // Ours is addressed to US; the two of US wait for this node's word.
  std::vector<std::string> pending = unattested();
  std::sort(pending.begin(), pending.end());
  std::vector<std::string> theirs{same, differs};
  std::sort(theirs.begin(), theirs.end());
  EXPECT_EQ(pending, theirs);
  auto done = reports::attest_pending(*node_);
  ASSERT_TRUE(done.is_ok()) << done.status().to_string();
  ASSERT_EQ(*done, 2);
  EXPECT_EQ(unattested(), std::vector<std::string>{});

  round_trips(stored("reports", mine));
  round_trips(stored("reports", same));
  round_trips(stored("reports", differs));
  auto countersigned = reports::published_report_from_text(stored("reports", same));
  ASSERT_TRUE(countersigned.is_ok());
  EXPECT_EQ(countersigned->state, "jointly_attested");
  ASSERT_NE(countersigned->attestation_of("CN"), nullptr);
  EXPECT_EQ(countersigned->attestation_of("CN")->kind, "countersign");
  EXPECT_EQ(countersigned->created_by, "us-analyst");
  ASSERT_EQ(countersigned->positions.size(), 2u);
  auto dissent = reports::published_report_from_text(stored("reports", differs));
  ASSERT_TRUE(dissent.is_ok());
  EXPECT_EQ(dissent->state, "disputed");
  ASSERT_EQ(dissent->attestations.size(), 1u);
  ASSERT_EQ(dissent->attestations[0].differences.size(), 1u);
  EXPECT_EQ(dissent->attestations[0].differences[0].figure,
            "directions.CN->US.quality.response_assessments.usability");
  EXPECT_EQ(dissent->attestations[0].differences[0].published, "\"3.00\"");
  EXPECT_EQ(dissent->attestations[0].differences[0].recomputed, "\"5.00\"");

  // The API's document is the stored one with what it adds (and the figures parsed).
  json::object view = doc(*reports::get_report(*node_, differs));
  for (const char* added : {"jointly_attested", "signatures"}) view.erase(added);
  view["figures"] = changed;
  EXPECT_EQ(*ledger::canonical_json(view), stored("reports", differs));

  auto bad_seq = reports::published_report_from_text(
      R"({"attestations":[],"counterparty":"US","created_at":"","created_by":"","figures":"{}",)"
      R"("figures_sha256":"","id":"x","party":"CN","period":{"from":"a","to":"b"},)"
      R"("positions":[{"origin":"CN","seq":"1","hash":"h"}],"record":"CN:1","state":"published"})");
  ASSERT_FALSE(bad_seq.is_ok());
  EXPECT_EQ(bad_seq.status().field(), "positions");
  auto bad_kind = reports::published_report_from_text(
      R"({"attestations":[{"at":"","by":"","kind":"maybe","party":"US","record":"US:2"}],)"
      R"("counterparty":"US","created_at":"","created_by":"","figures":"{}",)"
      R"("figures_sha256":"","id":"x","party":"CN","period":{"from":"a","to":"b"},)"
      R"("positions":[],"record":"CN:1","state":"published"})");
  ASSERT_FALSE(bad_kind.is_ok());
  EXPECT_EQ(bad_kind.status().field(), "attestations");
  auto no_period = reports::published_report_from_text(
      R"({"attestations":[],"counterparty":"US","created_at":"","created_by":"","figures":"{}",)"
      R"("figures_sha256":"","id":"x","party":"CN","positions":[],"record":"CN:1",)"
      R"("state":"published"})");
  ASSERT_FALSE(no_period.is_ok());
  EXPECT_EQ(no_period.status().field(), "period");
}

TEST_F(ReportProjection, ADamagedReportIsLeftOutOfTheListAndIsA500ById) {
  assessed_request();
  auto ours = reports::publish_report(*node_, officer(), {q4_, "US"});
  ASSERT_TRUE(ours.is_ok()) << ours.status().to_string();
  put_raw(
      "reports", "damaged-1",
      R"({"id":"damaged-1","party":"US","counterparty":"CN","created_at":"2026-12-01T00:00:00Z",)"
      R"("attestations":{},"state":"published"})");
  auto list = reports::list_reports(*node_);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  json::object l = doc(*list);
  EXPECT_EQ(l.at("total"), 1);
  EXPECT_EQ(str_of(l.at("items").at(0).as_object(), "id"), str_of(doc(*ours), "id"));
  auto one = reports::get_report(*node_, "damaged-1");
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
  EXPECT_NE(one.status().message().find("report damaged-1 is damaged"), std::string::npos)
      << one.status().message();
  // Nor does it stop this node attesting the reports it can read; the attester does not see it.
  EXPECT_EQ(unattested(), std::vector<std::string>{});
  EXPECT_TRUE(reports::attest_pending(*node_).is_ok());
}

}  // namespace
}  // namespace liaison::testing
