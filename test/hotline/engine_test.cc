// The escalation engine on a real node, driven by a fake clock: the shipped P0 ladder fires
// every rule in order at the right instants, pages whoever the New York rosters have on call
// at each instant (across the March 2026 daylight-saving change), e-mails them over a real
// SMTP conversation and signs webhooks; a restart in the middle continues the ladder with
// no step missed and none sent twice.
#include "hotline/engine.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <fstream>
#include <set>

#include "app/compose.h"
#include "common/crypto.h"
#include "common/json_fields.h"
#include "directory/kinds.h"
#include "directory/service.h"
#include "hotline/escalation.h"
#include "hotline/service.h"
#include "hotline/sinks.h"
#include "inbox/service.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "model/stored_request.h"
#include "node/fixture.h"
#include "node/users.h"
#include "requests/service.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
using std::chrono::minutes;
using std::chrono::seconds;

class HotlineEngineTest : public NodeFixture {
 protected:
  void SetUp() override {
    NodeFixture::SetUp();
    clock_.set(*parse_rfc3339("2026-03-08T05:00:00Z"));  // Sunday 00:00 EST in New York
    node::Actor admin{"admin", node::Role::kAdministrator, "test"};
    node_->mutable_config().webhook_allow = {"127.0.0.1"};  // the test sinks are on loopback
    for (const char* u : {"t1_a", "t1_b", "t2_x", "t3_a", "t3_b"}) {
      ASSERT_TRUE(
          node::add_user(*node_, admin, u, u, node::Role::kLiaisonOfficer, "correct horse battery")
              .is_ok());
      json::object ch{{"email", std::string(u) + "@cn.example"}};
      if (std::string(u) == "t2_x") ch["webhook_url"] = hooks_.url("/page/t2_x");
      ASSERT_TRUE(node::put_channels(*node_, admin, u, ch).is_ok());
    }
    // The CN desk in Washington keeps New York hours: hand-offs at 03:00 local.
    auto roster = [&](const char* name, int tier, const char* unit, json::array users) {
      json::object s{{"id", std::string("CN:") + name},
                     {"party", "CN"},
                     {"name", name},
                     {"tier", tier},
                     {"timezone", "America/New_York"},
                     {"layers", json::array{json::object{{"name", "main"},
                                                         {"start", "2026-03-01T03:00"},
                                                         {"rotation_length", 1},
                                                         {"rotation_unit", unit},
                                                         {"users", std::move(users)}}}}};
      auto r = node::put_roster(*node_, admin, std::string("CN:") + name, s);
      ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    };
    roster("tier1", 1, "days", {"t1_a", "t1_b"});
    roster("tier2", 2, "weeks", {"t2_x"});
    roster("tier3", 3, "days", {"t3_a", "t3_b"});

    auto opts = node::engine_options(*node_);
    ASSERT_TRUE(opts.is_ok());
    opts->smtp.url = smtp_.url();
    opts->smtp.from = "liaison@cn.example";
    opts_ = *opts;
    engine_ = std::make_unique<node::HotlineEngine>(*node_, opts_);
  }

  // A P0 request to US, submitted, and US's signed receipt of it at `received`.
  std::string submit_p0(const char* received) {
    auto body = complete_preservation();
    body["priority"] = "P0";
    const std::string id = submitted_request(body);
    clock_.set(*parse_rfc3339(received));
    received_by_peer(received);
    return id;
  }

  void tick_at(const char* t) {
    clock_.set(*parse_rfc3339(t));
    Status st = engine_->tick();
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }

  // Recipients of every e-mail so far, in order.
  std::vector<std::string> mailed() {
    std::vector<std::string> out;
    for (const auto& m : smtp_.messages()) out.push_back(m.to.empty() ? "" : m.to.front());
    return out;
  }

  json::object only_escalation() {
    auto list = node::list_escalations(*node_, officer(), {.state = "all"});
    EXPECT_TRUE(list.is_ok());
    EXPECT_EQ(list->size(), 1u);
    return list->empty() ? json::object() : doc(list->front());
  }

  SmtpSink smtp_;
  WebhookSink hooks_;
  node::HotlineEngineOptions opts_;
  std::unique_ptr<node::HotlineEngine> engine_;
};

TEST_F(HotlineEngineTest, ShippedP0LadderFiresEveryRuleInOrderAcrossTheNewYorkDstChange) {
  std::string id = submit_p0("2026-03-08T05:30:00Z");  // 00:30 EST; P0 acknowledge: 1 hour

  tick_at("2026-03-08T06:29:59Z");
  EXPECT_EQ(node::list_escalations(*node_, officer(), {.state = "all"})->size(), 0u);

  // 06:30Z: the acknowledgement is missed → escalation, and rule 0 (tier 1) fires at once.
  tick_at("2026-03-08T06:30:00Z");
  json::object esc = only_escalation();
  EXPECT_EQ(esc.at("trigger"), "ack_missed");
  EXPECT_EQ(esc.at("request_id"), json::value(id));
  EXPECT_EQ(esc.at("opened_at"), "2026-03-08T06:30:00Z");
  EXPECT_EQ(mailed(), (std::vector<std::string>{"t1_a@cn.example"}));  // 01:30 EST: Saturday's

  tick_at("2026-03-08T06:44:59Z");
  EXPECT_EQ(mailed().size(), 1u);
  tick_at("2026-03-08T06:45:00Z");  // rule 1: tier 2
  EXPECT_EQ(mailed().back(), "t2_x@cn.example");
  ASSERT_TRUE(hooks_.wait_for(1, seconds(5)));

  // 07:00Z the clocks go forward (02:00 EST → 03:00 EDT): the 03:00 hand-off happens then,
  // so at 07:15Z tier 3 is Sunday's t3_b. (A fixed UTC-5 offset would still say t3_a.)
  tick_at("2026-03-08T07:14:59Z");
  EXPECT_EQ(mailed().size(), 2u);
  tick_at("2026-03-08T07:15:00Z");
  EXPECT_EQ(mailed().back(), "t3_b@cn.example");
  EXPECT_EQ(only_escalation().at("tier"), 3);

  // Round 2 (repeat 1): tier 1 at 08:15Z is now t1_b.
  tick_at("2026-03-08T08:15:00Z");
  EXPECT_EQ(mailed().back(), "t1_b@cn.example");

  // Acknowledged at 08:20Z: the not-acknowledged tier-2 rule of round 2 (08:30Z) never fires,
  // the not-resolved tier-3 rule (09:00Z) still does.
  tick_at("2026-03-08T08:20:00Z");
  node::Actor t1b{"t1_b", node::Role::kLiaisonOfficer, "test"};
  auto acked = node::acknowledge_escalation(*node_, t1b, std::string(esc.at("id").as_string()));
  ASSERT_TRUE(acked.is_ok()) << acked.status().to_string();
  EXPECT_EQ(doc(*acked).at("acknowledged_by").at("user"), "t1_b");
  tick_at("2026-03-08T08:30:00Z");
  EXPECT_EQ(mailed().size(), 4u);
  tick_at("2026-03-08T09:00:00Z");
  EXPECT_EQ(mailed(),
            (std::vector<std::string>{"t1_a@cn.example", "t2_x@cn.example", "t3_b@cn.example",
                                      "t1_b@cn.example", "t3_b@cn.example"}));
  esc = only_escalation();
  std::vector<std::string> due;
  for (const auto& s : esc.at("steps").as_array()) due.emplace_back(s.at("due_at").as_string());
  EXPECT_EQ(due, (std::vector<std::string>{"2026-03-08T06:30:00Z", "2026-03-08T06:45:00Z",
                                           "2026-03-08T07:15:00Z", "2026-03-08T08:15:00Z",
                                           "2026-03-08T09:00:00Z"}));
  EXPECT_TRUE(esc.at("next_step").is_null());

  // The e-mail says what it is; its ids are deterministic (a receiver can drop a copy).
  auto m = smtp_.messages()[1];
  EXPECT_NE(m.subject.find("Tier 2 (department heads) escalation CN → US"), std::string::npos);
  EXPECT_EQ(m.headers["x-liaison-delivery"].size(), 32u);
  EXPECT_NE(m.body.find(id), std::string::npos);

  // The webhook is signed with the node's secret: HMAC-SHA256(secret, timestamp "." body).
  auto h = hooks_.requests().at(0);
  EXPECT_EQ(h.target, "/page/t2_x");
  std::string signed_text = h.headers["x-liaison-timestamp"] + "." + h.body;
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), opts_.webhook_secret.data(), static_cast<int>(opts_.webhook_secret.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &len);
  EXPECT_EQ(h.headers["x-liaison-signature"], "sha256=" + to_hex(mac, len));
  EXPECT_EQ(json::parse(h.body).at("tier"), 2);

  // Every ladder tick after the end is quiet: nothing is sent twice.
  tick_at("2026-03-08T12:00:00Z");
  EXPECT_EQ(mailed().size(), 5u);
  EXPECT_EQ(hooks_.requests().size(), 1u);

  // The usage review counts it at tier 3, acknowledged 110 minutes after it opened at tier 1.
  auto review = node::hotline_review(*node_, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
  ASSERT_TRUE(review.is_ok());
  json::object rv = doc(*review);
  EXPECT_EQ(rv.at("total"), 1);
  EXPECT_EQ(rv.at("by_tier").at("3"), 1);
  EXPECT_EQ(rv.at("by_trigger").at("ack_missed"), 1);
  EXPECT_EQ(rv.at("ack_seconds_by_tier").at("1").at("median"), 110 * 60);
}

TEST_F(HotlineEngineTest, ARestartInTheMiddleOfALadderMissesNothingAndRepeatsNothing) {
  submit_p0("2026-03-08T05:30:00Z");
  tick_at("2026-03-08T06:30:00Z");
  tick_at("2026-03-08T06:45:00Z");
  ASSERT_EQ(mailed().size(), 2u);

  // The node goes down; it comes back at 08:16Z, after two steps were due.
  engine_.reset();
  node_.reset();
  auto reopened = liaison::app::open_node(dir_, clock_);
  ASSERT_TRUE(reopened.is_ok());
  node_ = std::move(*reopened);
  engine_ = std::make_unique<node::HotlineEngine>(*node_, opts_);
  tick_at("2026-03-08T08:16:00Z");
  tick_at("2026-03-08T08:16:01Z");
  EXPECT_EQ(mailed(), (std::vector<std::string>{"t1_a@cn.example", "t2_x@cn.example",
                                                "t3_b@cn.example", "t1_b@cn.example"}));
  json::object esc = only_escalation();
  ASSERT_EQ(esc.at("steps").as_array().size(), 4u);
  EXPECT_EQ(esc.at("steps").as_array()[2].at("due_at"), "2026-03-08T07:15:00Z");
  EXPECT_EQ(esc.at("steps").as_array()[2].at("fired_at"), "2026-03-08T08:16:00Z");
  EXPECT_EQ(hooks_.requests().size(), 1u);
}

TEST_F(HotlineEngineTest, TheRequestedPartysAcknowledgementResolvesTheEscalation) {
  std::string id = submit_p0("2026-03-08T05:30:00Z");
  tick_at("2026-03-08T06:30:00Z");
  ASSERT_EQ(only_escalation().at("state"), "open");
  clock_.set(*parse_rfc3339("2026-03-08T06:31:00Z"));
  auto ack = us_record("request.event", id, json::object{{"event", "acknowledge"}});
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return node_->ledger().ingest(db, ack, us_key_.public_key());
                  })
                  .is_ok());
  tick_at("2026-03-08T06:31:00Z");
  json::object esc = only_escalation();
  EXPECT_EQ(esc.at("state"), "resolved");
  EXPECT_EQ(esc.at("resolution"), "the request was acknowledged");
  tick_at("2026-03-08T07:30:00Z");
  EXPECT_EQ(mailed().size(), 1u);  // only the first tier-1 page went out

  // The request's clocks: acknowledged 61 minutes after the receipt, so met late.
  auto req = node::get_request(*node_, id);
  ASSERT_TRUE(req.is_ok());
  auto typed = model::request_from_text(*req);
  ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
  json::object deadlines;
  ASSERT_TRUE(node_->pool()
                  .read([&](store::Db& db) -> Status {
                    node::PolicyCache policies;
                    LIAISON_ASSIGN_OR_RETURN(
                        json::value d, node::request_deadlines_in(db, *node_, *typed, policies));
                    deadlines = d.as_object();
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(deadlines.at("started_at"), "2026-03-08T05:30:00Z");
  EXPECT_EQ(deadlines.at("clocks").at(0).at("clock"), "acknowledge");
  EXPECT_EQ(deadlines.at("clocks").at(0).at("state"), "met_late");
}

// Issue 15: the escalation projection is typed (hotline/escalation.h). What apply() stores
// reads back into the type and writes out byte for byte as stored (canonical JSON); a damaged
// document beside it is left out of the list (and logged) while the good one still climbs its
// ladder.
TEST_F(HotlineEngineTest, TheTypedEscalationKeepsTheStoredDocumentAndSkipsADamagedOne) {
  submit_p0("2026-03-08T05:30:00Z");
  tick_at("2026-03-08T06:30:00Z");
  tick_at("2026-03-08T06:45:00Z");
  const std::string id = str_of(only_escalation(), "id");
  std::string stored;
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                                             db.prepare("SELECT doc FROM escalations WHERE id=?"));
                    q.bind(1, id);
                    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                    if (row) stored = q.text(0);
                    return db.exec(
                        "INSERT INTO escalations(id, doc, last_record) VALUES ('damaged-9', "
                        "'{\"id\":\"damaged-9\",\"owner\":\"CN\",\"counterpart\":\"US\","
                        "\"trigger\":\"manual\",\"state\":\"open\",\"opened_at\":"
                        "\"2026-03-08T05:00:00Z\",\"start_tier\":1,\"tier\":7,\"steps\":[]}', "
                        "'CN:1')");
                  })
                  .is_ok());
  auto typed = hotline::escalation_from_text(stored);
  ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
  EXPECT_EQ(typed->steps.size(), 2u);
  EXPECT_EQ(typed->tier, 2);
  auto again = ledger::canonical_json(hotline::to_doc(*typed));  // as put_doc stores it
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, stored);
  auto damaged = hotline::escalation_from_text(
      R"({"id":"x","owner":"CN","counterpart":"US","trigger":"manual","state":"open",)"
      R"("opened_at":"2026-03-08T05:00:00Z","start_tier":1,"tier":7,"steps":[]})");
  ASSERT_FALSE(damaged.is_ok());
  EXPECT_EQ(damaged.status().field(), "tier");

  // The damaged row is left out of the list; the good escalation keeps climbing.
  tick_at("2026-03-08T07:16:00Z");
  json::object esc = only_escalation();
  EXPECT_EQ(str_of(esc, "id"), id);
  EXPECT_EQ(esc.at("steps").as_array().size(), 3u);
  auto one = node::get_escalation(*node_, officer(), "damaged-9");
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
}

TEST_F(HotlineEngineTest, FailedDeliveriesAreRetriedWithBackoffAndEveryAttemptIsLogged) {
  submit_p0("2026-03-08T05:30:00Z");
  smtp_.fail_next(1);
  tick_at("2026-03-08T06:30:00Z");
  EXPECT_EQ(smtp_.messages().size(), 0u);
  tick_at("2026-03-08T06:30:04Z");  // the first retry waits 5 s
  EXPECT_EQ(smtp_.messages().size(), 0u);
  tick_at("2026-03-08T06:30:05Z");
  ASSERT_EQ(smtp_.messages().size(), 1u);
  auto log = node::list_notifications(*node_, "");
  ASSERT_TRUE(log.is_ok());
  ASSERT_EQ(log->size(), 1u);
  json::object n = doc(log->front());
  EXPECT_EQ(n.at("status"), "sent");
  EXPECT_EQ(n.at("attempts"), 2);
  ASSERT_EQ(n.at("log").as_array().size(), 2u);
  EXPECT_EQ(n.at("log").at(0).at("ok"), false);
  EXPECT_NE(std::string(n.at("log").at(0).at("error").as_string()).find("451"), std::string::npos);
}

// The 24/7 directory (90 days by default): while one of this party's entries is stale,
// every maintainer (administrators and liaison officers with a channel) gets one reminder a
// week listing each stale entry; verifying ends it, and an entry turning stale later brings
// a new one. Another party's entries (US's, published by US) are US's to confirm: never
// listed here, stale or not; nor are retired ones.
TEST_F(HotlineEngineTest, StaleDirectoryEntriesRemindTheMaintainersOnceAWeek) {
  auto add = [&](const char* name, const char* verified) {
    json::object c{{"name", name}, {"tier", 1}, {"timezone", "UTC"}};
    if (*verified) c["last_verified"] = verified;
    auto d = node::create_contact(*node_, officer(), c);
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    return d.is_ok() ? std::string(doc(*d).at("id").as_string()) : "";
  };
  const std::string old_one = add("Li Na", "2025-11-01T00:00:00Z");   // due 2026-01-30
  const std::string fresh = add("Zhao Lei", "2026-03-01T00:00:00Z");  // due 2026-05-30
  const std::string retired = add("Wang Gone", "");
  ASSERT_TRUE(node::retire_contact(*node_, officer(), retired).is_ok());
  auto us = us_record(
      directory::kDirectoryContact, "us-tom",
      json::object{
          {"event", "create"},
          {"contact", json::object{{"name", "Tom Reed"}, {"tier", 1}, {"timezone", "UTC"}}}});
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return node_->ledger().ingest(db, us, us_key_.public_key());
                  })
                  .is_ok());
  auto us_stale = node::list_contacts(*node_, "US", 0, true);
  ASSERT_TRUE(us_stale.is_ok());
  ASSERT_EQ(us_stale->size(), 1u);  // stale (never verified), yet not this node's to remind

  tick_at("2026-03-08T05:00:00Z");
  const std::vector<std::string> maintainers = {"t1_a@cn.example", "t1_b@cn.example",
                                                "t2_x@cn.example", "t3_a@cn.example",
                                                "t3_b@cn.example"};
  EXPECT_EQ(mailed(), maintainers);
  const auto first = smtp_.messages();
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first[0].subject, "[liaison] 1 24/7 directory entry needs verifying");
  EXPECT_NE(first[0].body.find("- Li Na, CN tier 1: last verified 2025-11-01"), std::string::npos)
      << first[0].body;
  EXPECT_EQ(first[0].body.find("Tom Reed"), std::string::npos);
  EXPECT_EQ(first[0].body.find("Wang Gone"), std::string::npos);
  EXPECT_EQ(first[0].body.find("Zhao Lei"), std::string::npos);
  ASSERT_EQ(hooks_.requests().size(), 1u);  // t2_x's webhook
  json::object hook = json::parse(hooks_.requests()[0].body).as_object();
  EXPECT_EQ(hook.at("event"), "directory.stale");
  ASSERT_EQ(hook.at("contacts").as_array().size(), 1u);
  EXPECT_EQ(hook.at("contacts").at(0).at("verify_by").as_string(),
            format_rfc3339(*parse_rfc3339("2026-01-30T00:00:00Z")));

  tick_at("2026-03-10T12:00:00Z");  // the same week: nothing again
  EXPECT_EQ(smtp_.messages().size(), 5u);
  tick_at("2026-03-13T00:00:00Z");  // the next week (weeks start on Thursdays, 00:00 UTC)
  EXPECT_EQ(smtp_.messages().size(), 10u);

  ASSERT_TRUE(node::verify_contact(*node_, officer(), old_one).is_ok());
  tick_at("2026-03-20T00:00:00Z");  // nothing stale
  EXPECT_EQ(smtp_.messages().size(), 10u);

  tick_at("2026-05-31T00:00:00Z");  // Zhao Lei turned stale the day before
  ASSERT_EQ(smtp_.messages().size(), 15u);
  const auto last = smtp_.messages().back();
  EXPECT_EQ(last.subject, "[liaison] 1 24/7 directory entry needs verifying");
  EXPECT_NE(last.body.find("Zhao Lei"), std::string::npos);
  EXPECT_EQ(last.body.find("Li Na"), std::string::npos);
  auto stale = node::list_contacts(*node_, "CN", 0, true);
  ASSERT_TRUE(stale.is_ok());
  ASSERT_EQ(stale->size(), 1u);
  EXPECT_EQ(doc(stale->front()).at("id").as_string(), fresh);
}

}  // namespace
}  // namespace liaison::testing

namespace liaison::testing {
namespace {

// A request from US to CN (this node), as US would sign and send it, `priority` and `type`.
class ArrivalTest : public HotlineEngineTest {
 protected:
  std::string arrive(const char* type, const char* priority, const char* ref = "") {
    auto body = complete_preservation();
    body["type"] = type;
    body["priority"] = priority;
    if (*ref) body["requester_ref"] = ref;
    body["requesting_party"] = "US";
    body["requested_party"] = "CN";
    auto content = model::content_from_json(body);
    EXPECT_TRUE(content.is_ok()) << content.status().to_string();
    std::string id = new_uuid();
    auto r = us_record("request.event", id,
                       json::object{{"event", "submit"}, {"content", model::to_json(*content)}});
    Status st = node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return id;
  }
  Status ingest_us(const std::string& kind, const std::string& id, const json::object& payload) {
    auto r = us_record(kind, id, payload);
    return node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
  }
};

TEST_F(ArrivalTest, AP0RequestPagesTierOneOnCallOnceWhenItArrivesAndAP2PagesNobody) {
  clock_.set(
      *parse_rfc3339("2026-03-09T08:00:00Z"));  // Monday 04:00 EDT: day 8 of the rotation, t1_a
  std::string p2 = arrive("preservation", "P2");
  std::string p0 = arrive("preservation", "P0");
  std::string ed = arrive("emergency_disclosure", "P1");
  tick_at("2026-03-09T08:00:01Z");
  ASSERT_TRUE(smtp_.wait_for(2, seconds(10)));
  EXPECT_EQ(mailed(), (std::vector<std::string>{"t1_a@cn.example", "t1_a@cn.example"}));
  std::set<std::string> about;  // which request each e-mail names
  for (const auto& m : smtp_.messages()) {
    for (const auto& id : {p2, p0, ed}) {
      if (m.body.find(id) != std::string::npos) about.insert(id);
    }
  }
  EXPECT_EQ(about, (std::set<std::string>{p0, ed}));
  // Another pass, and a fresh engine (a restart): nothing more.
  tick_at("2026-03-09T08:00:02Z");
  engine_ = std::make_unique<node::HotlineEngine>(*node_, opts_);
  tick_at("2026-03-09T08:00:03Z");
  EXPECT_EQ(mailed().size(), 2u);
  auto list = node::list_emergencies(*node_);
  ASSERT_TRUE(list.is_ok());
  json::object banner = doc(*list);
  ASSERT_EQ(banner.at("total"), 2);
  for (const auto& e : banner.at("items").as_array()) {
    EXPECT_NE(e.at("id"), json::value(p2));
    EXPECT_EQ(e.at("paged_users"), (json::array{"t1_a"}));
  }
}

// Issue 15: the hotline reads requests typed (model::StoredRequest through its case feed). A
// damaged request document among the arrivals is logged and left out; the good emergency
// beside it is paged and listed, and the node goes on serving.
TEST_F(ArrivalTest, ADamagedRequestDocumentIsLeftOutAndTheGoodArrivalIsStillPaged) {
  clock_.set(*parse_rfc3339("2026-03-09T08:00:00Z"));
  std::string p0 = arrive("preservation", "P0");
  ASSERT_TRUE(
      node_->pool()
          .write([&](store::Db& db) -> Status {
            LIAISON_ASSIGN_OR_RETURN(
                store::Stmt q,
                db.prepare("INSERT INTO requests(id, doc, last_record) VALUES(?,?,?)"));
            q.bind(1, "damaged-1")
                .bind(2, R"({"id":"damaged-1","state":"submitted","resume_state":"acknowledged",)"
                         R"("requesting_party":"US","requested_party":"CN","type":"preservation",)"
                         R"("priority":"P9","submitted_at":"2026-03-09T07:00:00Z"})")
                .bind(3, "US:99");
            return q.run();
          })
          .is_ok());
  tick_at("2026-03-09T08:00:01Z");
  ASSERT_TRUE(smtp_.wait_for(1, seconds(10)));
  tick_at("2026-03-09T08:00:02Z");
  ASSERT_EQ(smtp_.messages().size(), 1u);
  EXPECT_NE(smtp_.messages()[0].body.find(p0), std::string::npos);
  auto list = node::list_emergencies(*node_);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  json::object banner = doc(*list);
  ASSERT_EQ(banner.at("total"), 1);
  EXPECT_EQ(banner.at("items").at(0).at("id"), json::value(p0));
  // Read on its own, the damaged request is an error naming the member, not a crash.
  auto one = model::request_from_text(*node::get_request(*node_, "damaged-1"));
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().field(), "priority");
}

// Issue 17, item 6: "On call now" names each person, their tier and how to reach them (this
// node's paging channels and the matched directory entry's, a webhook by its host only), and
// lists the other party's directory people per tier (the directory is on the ledger).
TEST_F(HotlineEngineTest, OnCallNowNamesEachPersonAndHowToReachThem) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  ASSERT_TRUE(node::update_user(*node_, admin, "t1_a", {.display_name = "Li Na"}).is_ok());
  auto mine = node::create_contact(
      *node_, admin,
      json::object{{"name", "Li Na (desk)"},
                   {"organisation", "MPS"},
                   {"tier", 1},
                   {"timezone", "Asia/Shanghai"},
                   {"channels",
                    json::array{json::object{{"kind", "email"}, {"value", "T1_A@cn.example"}},
                                json::object{{"kind", "phone"}, {"value", "+86 10 5555 0101"}}}}});
  ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
  json::object tom{
      {"name", "Tom Reed"},
      {"tier", 1},
      {"timezone", "America/New_York"},
      {"channels",
       json::array{json::object{{"kind", "phone"}, {"value", "+1 202 555 0100"}},
                   json::object{{"kind", "webhook"},
                                {"value", "https://ops:pw@hooks.us.example/T0/secret"}}}}};
  auto r = us_record("directory.contact", new_uuid(),
                     json::object{{"event", "create"}, {"contact", tom}, {"by", "jsmith"}});
  ASSERT_TRUE(
      node_->pool()
          .write([&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); })
          .is_ok());

  auto got = node::on_call_now(*node_, *parse_rfc3339("2026-03-09T08:00:00Z"));  // t1_a, t2_x
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  const json::object o = json::parse(*got).as_object();
  const json::object* cn = nullptr;
  const json::object* us = nullptr;
  for (const auto& p : o.at("parties").as_array()) {
    (p.at("party") == "CN" ? cn : us) = &p.as_object();
  }
  ASSERT_TRUE(cn && us) << *got;
  const json::object& t1 = cn->at("tiers").at(0).at("oncall").at(0).as_object();
  EXPECT_EQ(t1.at("user"), "t1_a");
  EXPECT_EQ(t1.at("name"), "Li Na");
  EXPECT_EQ(t1.at("directory_id"), json::parse(*mine).at("id"));
  EXPECT_EQ(json::serialize(t1.at("reach")),
            R"([{"kind":"email","value":"t1_a@cn.example","source":"user"},)"
            R"({"kind":"phone","value":"+86 10 5555 0101","source":"directory"}])");
  const json::object& t2 = cn->at("tiers").at(1).at("oncall").at(0).as_object();
  EXPECT_EQ(t2.at("user"), "t2_x");
  EXPECT_EQ(t2.at("name"), "t2_x");
  EXPECT_EQ(t2.at("directory_id"), "");
  ASSERT_EQ(t2.at("reach").as_array().size(), 2u);
  EXPECT_EQ(t2.at("reach").at(1).at("kind"), "webhook");
  EXPECT_EQ(t2.at("reach").at(1).at("value").as_string().rfind("127.0.0.1:", 0), 0u)
      << "a webhook by its host only: " << t2.at("reach");
  EXPECT_EQ(t2.at("reach").at(1).at("value").as_string().find('/'), std::string::npos);
  EXPECT_EQ(cn->at("directory_entries"), 1);
  // US: nobody on call known here, but its directory's tier-1 person and how to reach them.
  EXPECT_EQ(us->at("directory_entries"), 1);
  EXPECT_TRUE(us->at("tiers").at(0).at("oncall").as_array().empty());
  const json::object& reed = us->at("tiers").at(0).at("contacts").at(0).as_object();
  EXPECT_EQ(reed.at("name"), "Tom Reed");
  EXPECT_EQ(json::serialize(reed.at("reach")),
            R"([{"kind":"phone","value":"+1 202 555 0100","source":"directory"},)"
            R"({"kind":"webhook","value":"hooks.us.example","source":"directory"}])");
  EXPECT_TRUE(us->at("tiers").at(1).at("contacts").as_array().empty());
}

// The lead's note of stop 24: "arrival pages produce no inbox notice". The person paged on
// arrival has the page in their inbox too, once, high, linked to the request; nobody else.
TEST_F(ArrivalTest, AnArrivalPageIsInTheInboxOfThePersonPaged) {
  clock_.set(*parse_rfc3339("2026-03-09T08:00:00Z"));  // t1_a on call (as above)
  std::string p2 = arrive("preservation", "P2");
  std::string p0 = arrive("preservation", "P0");
  tick_at("2026-03-09T08:00:01Z");
  tick_at("2026-03-09T08:00:02Z");  // a second pass adds nothing
  const node::Actor t1a{"t1_a", node::Role::kLiaisonOfficer, "test"};
  auto mine = inbox::list_notices(*node_, t1a, false, 50);
  ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
  ASSERT_EQ(mine->items.size(), 1u);
  const auto& n = mine->items[0];
  EXPECT_EQ(n.event, "escalation.page");
  EXPECT_EQ(n.severity, "high");
  EXPECT_EQ(n.subject_id, p0);
  EXPECT_EQ(n.link, "/requests/" + p0);
  EXPECT_EQ(mine->unread, 1);
  json::object params = json::parse(n.params).as_object();
  EXPECT_EQ(params.at("trigger"), "arrival");
  EXPECT_EQ(params.at("request_id"), json::value(p0));
  EXPECT_EQ(params.at("priority"), "P0");
  EXPECT_EQ(params.at("requesting_party"), "US");
  EXPECT_EQ(params.at("tier"), 1);
  EXPECT_NE(n.text.find("Emergency P0 request"), std::string::npos) << n.text;
  // Not on call, not paged: nothing in t1_b's inbox from the engine.
  auto other =
      inbox::list_notices(*node_, {"t1_b", node::Role::kLiaisonOfficer, "test"}, false, 50);
  ASSERT_TRUE(other.is_ok());
  EXPECT_EQ(other->total, 0);
}

// Issue 17: nobody on call when an emergency arrives was only a log line. Before any roster
// starts (the rosters begin 2026-03-01), a P0 arrival pages nobody: every administrator gets
// the nobody-reached alert in their inbox, naming the request's reference and linked to it,
// once, and by webhook as they asked (on by default for this alert); a P2 alerts nobody.
TEST_F(ArrivalTest, AnEmergencyArrivingWhenNobodyIsOnCallAlertsTheAdministrators) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  ASSERT_TRUE(node::put_channels(*node_, admin, "admin",
                                 json::object{{"webhook_url", hooks_.url("/admin")}})
                  .is_ok());
  clock_.set(*parse_rfc3339("2026-02-20T08:00:00Z"));
  arrive("preservation", "P2");
  const std::string ref = "US-2026-000042";
  const std::string p0 = arrive("preservation", "P0", ref.c_str());
  auto got = node::get_request(*node_, p0);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  ASSERT_EQ(doc(*got).at("requester_ref"), json::value(ref));
  tick_at("2026-02-20T08:00:01Z");
  tick_at("2026-02-20T08:00:02Z");  // a second pass adds nothing
  auto alerts = inbox::list_notices(*node_, admin, false, 50);
  ASSERT_TRUE(alerts.is_ok()) << alerts.status().to_string();
  ASSERT_EQ(alerts->items.size(), 1u);
  const auto& n = alerts->items[0];
  EXPECT_EQ(n.event, "escalation.unreached");
  EXPECT_EQ(n.severity, "high");
  EXPECT_EQ(n.subject_id, p0);
  EXPECT_EQ(n.link, "/requests/" + p0);
  EXPECT_NE(n.text.find("Nobody is on call at tier 1 for emergency P0 request " + ref),
            std::string::npos)
      << n.text;
  json::object params = json::parse(n.params).as_object();
  EXPECT_EQ(params.at("trigger"), "arrival");
  EXPECT_EQ(params.at("ref"), json::value(ref));
  EXPECT_EQ(params.at("request_id"), json::value(p0));
  EXPECT_EQ(params.at("tier"), 1);
  EXPECT_EQ(params.at("why"), "nobody is on call");
  ASSERT_TRUE(hooks_.wait_for(1, seconds(5)));
  EXPECT_NE(hooks_.requests().front().body.find(ref), std::string::npos)
      << hooks_.requests().front().body;
  // Nobody was paged, so nobody else has anything in their inbox.
  auto t1 = inbox::list_notices(*node_, {"t1_a", node::Role::kLiaisonOfficer, "test"}, false, 50);
  ASSERT_TRUE(t1.is_ok());
  EXPECT_EQ(t1->total, 0);
}

TEST_F(ArrivalTest, OnlyTheRequestedPartyLogsAnOralRequestAndOnlyTheRequesterConfirmsIt) {
  auto body = complete_preservation();
  body["requesting_party"] = "US";
  body["requested_party"] = "CN";
  auto content = model::content_from_json(body);
  ASSERT_TRUE(content.is_ok());
  json::object call{{"caller", json::object{{"party", "US"}, {"name", "Agent Smith"}}},
                    {"taken_by", "officer"},
                    {"called_at", node_->now()},
                    {"summary", "by phone"}};
  // US cannot claim CN took its call.
  Status st = ingest_us("request.oral", "r-forged",
                        json::object{{"content", model::to_json(*content)}, {"call", call}});
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied) << st.to_string();

  // CN logs one; an unknown member of the call is refused by the declared schema.
  json::object oral{{"caller", json::object{{"party", "US"}, {"name", "Agent Smith"}}},
                    {"summary", "Asked to preserve by phone"},
                    {"request", json::object{{"type", "preservation"},
                                             {"title", json::object{{"original", "By phone"}}}}}};
  auto bad = oral;
  bad["caller"].as_object()["rank"] = "agent";
  auto refused = node::log_oral_request(*node_, officer(), bad);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().field(), "caller.rank");
  auto logged = node::log_oral_request(*node_, officer(), oral);
  ASSERT_TRUE(logged.is_ok()) << logged.status().to_string();
  std::string id(doc(*logged).at("id").as_string());
  EXPECT_EQ(doc(*logged).at("state"), "acknowledged");

  // CN (the requested party) cannot confirm it for US, neither through the API nor as a record.
  auto self = node::confirm_in_writing(*node_, officer(), id, json::object{});
  EXPECT_EQ(self.status().code(), StatusCode::kPermissionDenied);
  // US confirms with incomplete content: refused; complete: the clock stops.
  json::object thin = model::to_json(*content);
  thin["offence"] = json::object{{"original", ""}};
  auto partial = model::content_from_json(thin);
  ASSERT_TRUE(partial.is_ok());
  st = ingest_us("request.confirm", id, json::object{{"content", model::to_json(*partial)}});
  EXPECT_EQ(st.field(), "checklist") << st.to_string();
  st = ingest_us("request.confirm", id, json::object{{"content", model::to_json(*content)}});
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  auto got = node::get_request(*node_, id);
  ASSERT_TRUE(got.is_ok());
  EXPECT_EQ(doc(*got).at("written_confirmed_at"), json::value(node_->now()));
  st = ingest_us("request.confirm", id, json::object{{"content", model::to_json(*content)}});
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << st.to_string();
}

}  // namespace
}  // namespace liaison::testing

namespace liaison::testing {
namespace {

// Issue 17: a step whose every page failed for good (e-mail disabled, so each fails at once)
// reached nobody. The administrators get a notice of high severity in their inbox, and, as
// they asked by default, by webhook; the paged officer has the page in their inbox too.
TEST_F(HotlineEngineTest, AStepNobodyCouldBeReachedForAlertsTheAdministrators) {
  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  ASSERT_TRUE(node::put_channels(*node_, admin, "admin",
                                 json::object{{"webhook_url", hooks_.url("/admin")}})
                  .is_ok());
  opts_.smtp.url.clear();  // "e-mail is disabled": every e-mail page fails at once
  engine_ = std::make_unique<node::HotlineEngine>(*node_, opts_);
  submit_p0("2026-03-08T05:30:00Z");
  tick_at("2026-03-08T06:30:00Z");
  auto alerts = inbox::list_notices(*node_, admin, true, 50);
  ASSERT_TRUE(alerts.is_ok()) << alerts.status().to_string();
  ASSERT_EQ(alerts->items.size(), 1u);
  EXPECT_EQ(alerts->items[0].event, "escalation.unreached");
  EXPECT_EQ(alerts->items[0].severity, "high");
  EXPECT_NE(alerts->items[0].text.find("every page of the step failed"), std::string::npos)
      << alerts->items[0].text;
  EXPECT_EQ(alerts->unread, 1);
  // The alert's webhook goes out on the next pass.
  tick_at("2026-03-08T06:30:01Z");
  ASSERT_TRUE(hooks_.wait_for(1, seconds(5)));
  EXPECT_NE(hooks_.requests().front().body.find("escalation.unreached"), std::string::npos);
  // Whoever was paged has the page in their inbox (t1_a or t1_b, whoever is on call).
  int64_t pages = 0;
  for (const char* u : {"t1_a", "t1_b"}) {
    auto mine = inbox::list_notices(*node_, {u, node::Role::kLiaisonOfficer, "test"}, false, 50);
    ASSERT_TRUE(mine.is_ok());
    for (const auto& n : mine->items) pages += n.event == "escalation.page";
  }
  EXPECT_EQ(pages, 1);
  // The escalation's pages show their failure to the person paged and to supervisors; an
  // officer who was not paged for it does not read them.
  const std::string esc_id(only_escalation().at("id").as_string());
  std::string paged_user;
  auto all_pages = node::list_notifications(*node_, esc_id);
  ASSERT_TRUE(all_pages.is_ok());
  ASSERT_FALSE(all_pages->empty());
  paged_user = std::string(doc(all_pages->front()).at("username").as_string());
  auto seen = node::list_escalation_pages(*node_, {paged_user, node::Role::kLiaisonOfficer, "test"},
                                          esc_id);
  ASSERT_TRUE(seen.is_ok()) << seen.status().to_string();
  ASSERT_EQ(seen->size(), all_pages->size());
  EXPECT_EQ(doc(seen->front()).at("status"), "failed");
  EXPECT_EQ(doc(seen->front()).at("address"), "");  // addresses stay with administrators
  EXPECT_TRUE(node::list_escalation_pages(*node_, {"sup", node::Role::kSupervisor, "test"}, esc_id)
                  .is_ok());
  EXPECT_EQ(
      node::list_escalation_pages(*node_, {"t3_a", node::Role::kLiaisonOfficer, "test"}, esc_id)
          .status()
          .code(),
      StatusCode::kPermissionDenied);
  // A second pass alerts nobody again.
  tick_at("2026-03-08T06:31:00Z");
  EXPECT_EQ(inbox::list_notices(*node_, admin, false, 50)->total, 1);
}

}  // namespace
}  // namespace liaison::testing
