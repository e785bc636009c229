// The register's rows keep what their delivery and clocks are derived from (requests/views.cc,
// RowFactsCache): these tests change each input in turn (a receipt, the time, the requested
// party's policy, the request itself) and check that the next page shows the change, the same
// as the request's own view, and never what was kept from before.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "hotline/deadline_policy.h"
#include "hotline/kinds.h"
#include "ledger/canonical_json.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "requests/kinds.h"
#include "requests/views.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class RegisterTest : public NodeFixture {
 protected:
  // US publishes a policy whose only clock is `hours` hours to acknowledge anything.
  void us_policy(int64_t hours) {
    hotline::DeadlinePolicy p = hotline::default_policy("US", "America/New_York");
    hotline::ClockRule rule;
    rule.clock = "acknowledge";
    rule.types = {"*"};
    rule.priorities = {"*"};
    rule.amount = hours;
    rule.unit = hotline::Unit::kHours;
    rule.source.en = "test";
    p.clocks = {rule};
    ingest(us_record(hotline::kPolicyPublish, "US", hotline::to_json(p)));
  }

  // An event of US (the requested party) on request `id`.
  void us_event(const std::string& id, const char* event, const model::EventArgs& args) {
    json::object payload{{"event", event}};
    json::object a = model::to_json(args);
    if (!a.empty()) payload["args"] = std::move(a);
    ingest(us_record(requests::kRequestEvent, id, payload));
  }

  int64_t receipts_generation() {
    int64_t g = -1;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(g, store::receipts_generation(db));
                      return Status::ok();
                    })
                    .is_ok());
    return g;
  }

  // The request's row on the register's default page, checked against its own view (the
  // same document, delivery and direction).
  json::object row(const std::string& id) {
    auto q = node::parse_request_query({});
    EXPECT_TRUE(q.is_ok());
    auto page = requests::register_view(*node_, *q);
    EXPECT_TRUE(page.is_ok()) << page.status().to_string();
    if (!page.is_ok()) return {};
    json::object found;
    json::value parsed = json::parse(*page);
    for (const auto& item : parsed.at("items").as_array()) {
      if (item.at("id") == json::value(id)) found = item.as_object();
    }
    EXPECT_FALSE(found.empty()) << "no row " << id << " in " << *page;
    auto stored = node::get_request(*node_, id);
    EXPECT_TRUE(stored.is_ok());
    auto view = requests::request_view(*node_, node::Role::kAuditor, *stored);
    EXPECT_TRUE(view.is_ok());
    if (!stored.is_ok() || !view.is_ok()) return found;
    json::object full = json::parse(*view).as_object();
    for (const char* k : {"allowed_events", "deadlines"}) full.erase(k);
    json::object shown = found;
    shown.erase("deadline");
    EXPECT_EQ(json::serialize(shown), json::serialize(full));
    return found;
  }

  // The row's deadline, checked to be an object.
  json::object deadline(const std::string& id) {
    json::object r = row(id);
    EXPECT_TRUE(r["deadline"].is_object()) << json::serialize(r);
    return r["deadline"].is_object() ? r["deadline"].as_object() : json::object();
  }
};

TEST_F(RegisterTest, ReceiptsGenerationCountsEveryReceipt) {
  const int64_t before = receipts_generation();
  std::string id = submitted_request();
  EXPECT_EQ(receipts_generation(), before);  // records of its own are no receipts
  received_by_peer("2026-11-21T01:05:00Z");
  EXPECT_EQ(receipts_generation(), before + 1);
  received_by_peer("2026-11-21T01:06:00Z");
  EXPECT_EQ(receipts_generation(), before + 2);
}

TEST_F(RegisterTest, RowShowsAReceiptThatArrivesAfterItWasShown) {
  std::string id = submitted_request();
  // Shown twice (the second from what the first kept): queued, no clock running.
  for (int i = 0; i < 2; ++i) {
    json::object r = row(id);
    EXPECT_EQ(r["delivery"].at("state"), "queued") << json::serialize(r);
    EXPECT_TRUE(r["deadline"].is_null()) << json::serialize(r);
  }
  // The receipt changes no request: only the receipts say the row must be read again.
  received_by_peer("2026-11-21T01:05:00Z");
  json::object r = row(id);
  EXPECT_EQ(r["delivery"].at("state"), "delivered") << json::serialize(r);
  EXPECT_EQ(r["delivery"].at("receipt").at("at"), "2026-11-21T01:05:00Z");
  ASSERT_TRUE(r["deadline"].is_object()) << json::serialize(r);
  EXPECT_EQ(r["deadline"].at("state"), "ok");
}

TEST_F(RegisterTest, RowClocksFollowTheTimeThePolicyAndTheRequest) {
  std::string id = submitted_request();
  received_by_peer("2026-11-21T01:00:00Z");
  us_policy(100);
  json::object d = deadline(id);
  EXPECT_EQ(d["clock"], "acknowledge");
  EXPECT_EQ(d["due_at"], "2026-11-25T05:00:00Z");  // 100 hours after the receipt
  EXPECT_EQ(d["remaining_seconds"], 100 * 3600);
  EXPECT_EQ(d["state"], "ok");

  // Time passes: the seconds left and then the state follow, the due time stays.
  clock_.advance(std::chrono::minutes(10));
  d = deadline(id);
  EXPECT_EQ(d["due_at"], "2026-11-25T05:00:00Z");
  EXPECT_EQ(d["remaining_seconds"], 100 * 3600 - 600);
  clock_.set(*parse_rfc3339("2026-11-25T05:00:01Z"));
  d = deadline(id);
  EXPECT_EQ(d["remaining_seconds"], -1);
  EXPECT_EQ(d["state"], "overdue");

  // A new policy of the requested party: the next page computes by it.
  us_policy(200);
  d = deadline(id);
  EXPECT_EQ(d["due_at"], "2026-11-29T09:00:00Z");  // 200 hours after the receipt
  EXPECT_EQ(d["state"], "ok");

  // The request changes (withdrawn): no clock runs any more.
  auto w = node::request_event(*node_, officer(), id,
                               json::object{{"event", "withdraw"}, {"reason", "test"}});
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  json::object r = row(id);
  EXPECT_EQ(r["state"], "withdrawn");
  EXPECT_TRUE(r["deadline"].is_null()) << json::serialize(r);
}

TEST_F(RegisterTest, ADraftChangedIsShownChanged) {
  auto created = node::create_request(*node_, officer(), complete_preservation());
  ASSERT_TRUE(created.is_ok());
  std::string id(doc(*created).at("id").as_string());
  EXPECT_EQ(row(id)["delivery"].at("state"), "local");
  auto patched = node::update_request(*node_, officer(), id, json::object{{"priority", "P0"}});
  ASSERT_TRUE(patched.is_ok()) << patched.status().to_string();
  EXPECT_EQ(row(id)["priority"], "P0");
  auto sub = node::request_event(*node_, officer(), id, json::object{{"event", "submit"}});
  ASSERT_TRUE(sub.is_ok()) << sub.status().to_string();
  json::object r = row(id);
  EXPECT_EQ(r["state"], "submitted");
  EXPECT_EQ(r["delivery"].at("state"), "queued");
}

TEST_F(RegisterTest, PreservationExpiryShowsWhenItWarnsAndWhileOverdue) {
  std::string id = submitted_request();
  received_by_peer("2026-11-21T01:00:00Z");
  us_policy(100);
  model::EventArgs ack;
  ack.requested_ref = "US-2026-1";
  us_event(id, "acknowledge", ack);
  // Acknowledged: the policy's one clock is met, nothing runs.
  EXPECT_TRUE(row(id)["deadline"].is_null());
  model::EventArgs preserved;
  preserved.preserved_until = "2027-01-31T00:00:00Z";
  us_event(id, "confirm_preserved", preserved);
  // 71 days before expiry: not yet warned of (14 days before), so not shown.
  EXPECT_TRUE(row(id)["deadline"].is_null()) << json::serialize(row(id));
  clock_.set(*parse_rfc3339("2027-01-20T00:00:00Z"));
  json::object d = deadline(id);
  EXPECT_EQ(d["clock"], "preservation_expiry");
  EXPECT_EQ(d["due_at"], "2027-01-31T00:00:00Z");
  EXPECT_EQ(d["remaining_seconds"], 11 * 86400);
  EXPECT_EQ(d["state"], "soon");
  // Withdrawn, it is no longer shown while it lasts; overdue, it is again.
  auto w = node::request_event(*node_, officer(), id,
                               json::object{{"event", "withdraw"}, {"reason", "test"}});
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  EXPECT_TRUE(row(id)["deadline"].is_null()) << json::serialize(row(id));
  clock_.set(*parse_rfc3339("2027-01-31T00:00:01Z"));
  d = deadline(id);
  EXPECT_EQ(d["clock"], "preservation_expiry");
  EXPECT_EQ(d["state"], "overdue");
  EXPECT_EQ(d["remaining_seconds"], -1);
}

}  // namespace
}  // namespace liaison::testing
