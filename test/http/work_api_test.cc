// Issue 17 over the real HTTPS server: a request's assignee on each side (request.assign),
// the register filtered by assignee, and each user's notification inbox (what makes a notice,
// unread counts, marking read, preferences), with the roles and the bad input of each route.
// Issue 16's lead list: each lead's outcome due under its receiver's deadline policy.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <thread>

#include "common/crypto.h"
#include "hotline/deadline_policy.h"
#include "hotline/kinds.h"
#include "http/api.h"
#include "http/server.h"
#include "http/test_client.h"
#include "inbox/inbox.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "node/users.h"
#include "requests/kinds.h"
#include "requests/service.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
using node::Role;

class WorkApiTest : public NodeFixture {
 protected:
  void SetUp() override {
    NodeFixture::SetUp();
    api_ = std::make_unique<http::Api>(*node_, "", app::routes());
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.cert_file = dir_ + "/tls/cert.pem";
    o.key_file = dir_ + "/tls/key.pem";
    o.handle_signals = false;
    server_ = std::make_unique<http::Server>(
        o, [this](const http::Request& r) { return api_->handle(r); });
    auto bound = server_->start();
    ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
    base_ = "https://" + *bound;
    thread_ = std::thread([this] { server_->run(); });
    node::Actor admin{"admin", Role::kAdministrator, "test"};
    for (Role r : node::all_roles()) add(std::string("u_") + node::to_string(r), r);
    add("officer2", Role::kLiaisonOfficer);
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
    server_.reset();
    NodeFixture::TearDown();
  }
  void add(const std::string& name, Role r) {
    node::Actor admin{"admin", Role::kAdministrator, "test"};
    ASSERT_TRUE(
        node::add_user(*node_, admin, name, "Name of " + name, r, "password for " + name).is_ok());
    tokens_[name] = *node::create_token(*node_, admin, name, "test");
  }
  // Before reading an inbox, one pass of the Collector `serve` runs after each commit (this
  // test runs the server without the background jobs): the read sees every stored record.
  HttpResult call(const std::string& user, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    if (target.rfind("/api/v1/notifications", 0) == 0) {
      EXPECT_TRUE(inbox::catch_up(*node_).is_ok());
    }
    return http_call(base_, method, target, body, {{"Authorization", "Bearer " + tokens_[user]}});
  }
  json::object body_of(const HttpResult& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    return ec || !v.is_object() ? json::object() : v.as_object();
  }
  std::string field_of(const HttpResult& r) {
    auto o = body_of(r);
    auto* e = o.if_contains("error");
    if (!e || !e->is_object() || !e->as_object().contains("field")) return "<none>";
    return std::string(e->as_object().at("field").as_string());
  }
  int64_t unread(const std::string& user) {
    auto r = call(user, "GET", "/api/v1/notifications/count");
    EXPECT_EQ(r.status, 200) << r.body;
    return body_of(r).at("unread").as_int64();
  }
  // A request submitted by the officer; its id.
  std::string submitted() {
    auto r = call("u_liaison_officer", "POST", "/api/v1/requests",
                  json::serialize(complete_preservation()));
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id(body_of(r).at("id").as_string());
    EXPECT_EQ(call("u_liaison_officer", "POST", "/api/v1/requests/" + id + "/events",
                   R"({"event":"submit"})")
                  .status,
              200);
    return id;
  }
  int64_t records() {
    int64_t n = 0;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(n, store::newest_local_order(db));
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }

  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::string base_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(WorkApiTest, ASupervisorAssignsAnOfficerWhoSeesItInTheRegisterAndTheInbox) {
  const std::string id = submitted();
  const std::string ref(doc(*node::get_request(*node_, id)).at("requester_ref").as_string());
  EXPECT_EQ(unread("u_liaison_officer"), 0);
  // By reference, as people name requests.
  auto r = call("u_supervisor", "POST", "/api/v1/requests/" + ref + "/assignee",
                R"({"assignee":"u_liaison_officer"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto mine = body_of(r).at("assignees").at("CN").as_object();
  EXPECT_EQ(mine.at("username"), "u_liaison_officer");
  EXPECT_EQ(mine.at("name"), "Name of u_liaison_officer");
  EXPECT_EQ(mine.at("by"), "u_supervisor");
  // The register: mine, somebody else's, nobody's.
  auto page = body_of(call("u_liaison_officer", "GET", "/api/v1/requests?assignee=me"));
  ASSERT_EQ(page.at("total"), 1);
  EXPECT_EQ(page.at("items").at(0).at("id"), id.c_str());
  EXPECT_EQ(body_of(call("u_supervisor", "GET", "/api/v1/requests?assignee=me")).at("total"), 0);
  EXPECT_EQ(body_of(call("u_supervisor", "GET", "/api/v1/requests?assignee=u_liaison_officer"))
                .at("total"),
            1);
  EXPECT_EQ(field_of(call("u_supervisor", "GET", "/api/v1/requests?assignee=No%20One")),
            "assignee");
  // The assignee's inbox: one unread notice naming the request and who assigned it.
  EXPECT_EQ(unread("u_liaison_officer"), 1);
  EXPECT_EQ(unread("u_supervisor"), 0);  // the assigner is not told of their own act
  auto inbox = body_of(call("u_liaison_officer", "GET", "/api/v1/notifications?unread=1"));
  ASSERT_EQ(inbox.at("items").as_array().size(), 1u);
  auto n = inbox.at("items").at(0).as_object();
  EXPECT_EQ(n.at("event"), "request.assigned");
  EXPECT_EQ(n.at("params").at("ref"), ref.c_str());
  EXPECT_EQ(n.at("params").at("by"), "u_supervisor");
  EXPECT_EQ(n.at("link"), ("/requests/" + id).c_str());
  EXPECT_EQ(n.at("read"), false);
  EXPECT_EQ(inbox.at("unread"), 1);
  // Marked read: the count drops, the notice stays in the full list.
  auto m = call("u_liaison_officer", "POST", "/api/v1/notifications/read",
                "{\"ids\":[" + std::to_string(n.at("id").as_int64()) + "]}");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(body_of(m).at("marked"), 1);
  EXPECT_EQ(body_of(m).at("unread"), 0);
  EXPECT_EQ(body_of(call("u_liaison_officer", "GET", "/api/v1/notifications")).at("total"), 1);
  // Somebody else cannot mark it (it is not in their inbox): nothing changes.
  m = call("officer2", "POST", "/api/v1/notifications/read",
           "{\"ids\":[" + std::to_string(n.at("id").as_int64()) + "]}");
  EXPECT_EQ(body_of(m).at("marked"), 0);
  // Clearing the assignee.
  r = call("u_liaison_officer", "POST", "/api/v1/requests/" + id + "/assignee",
           R"({"assignee":null})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(body_of(r).at("assignees").as_object().contains("CN"));
}

TEST_F(WorkApiTest, AssigningRefusesBadInputNamingTheFieldAndChangesNothing) {
  const std::string id = submitted();
  node::Actor admin{"admin", Role::kAdministrator, "test"};
  node::UserPatch off;
  off.disabled = true;
  ASSERT_TRUE(node::update_user(*node_, admin, "officer2", off).is_ok());
  const int64_t before = records();
  const std::string path = "/api/v1/requests/" + id + "/assignee";
  struct Bad {
    const char* body;
    int status;
    const char* field;
  };
  for (const Bad& b : std::vector<Bad>{
           {R"({})", 400, "assignee"},
           {R"({"assignee":7})", 400, "assignee"},
           {R"({"assignee":"nobody"})", 400, "assignee"},
           {R"({"assignee":"u_analyst"})", 400, "assignee"},
           {R"({"assignee":"u_administrator"})", 400, "assignee"},
           {R"({"assignee":"officer2"})", 400, "assignee"},  // disabled
           {R"({"assignee":"u_liaison_officer","colour":"red"})", 400, "colour"},
           {R"({"assignee":"u_liaison_officer","party":"US"})", 403, "party"},
       }) {
    auto r = call("u_supervisor", "POST", path, b.body);
    EXPECT_EQ(r.status, b.status) << b.body << ": " << r.body;
    EXPECT_EQ(field_of(r), b.field) << b.body;
  }
  // Only liaison officers and supervisors assign.
  for (const char* u : {"u_administrator", "u_analyst", "u_principal", "u_auditor"}) {
    auto r = call(u, "POST", path, R"({"assignee":"u_liaison_officer"})");
    EXPECT_EQ(r.status, 403) << u;
  }
  EXPECT_EQ(call("u_supervisor", "POST", "/api/v1/requests/CN-2026-999999/assignee",
                 R"({"assignee":"u_liaison_officer"})")
                .status,
            404);
  EXPECT_EQ(records(), before);
  // A principal may be assigned (principals work requests).
  EXPECT_EQ(call("u_supervisor", "POST", path, R"({"assignee":"u_principal"})").status, 200);
}

TEST_F(WorkApiTest, TheOtherPartysAssigneeShowsOnItsSideAndItsRecordsMakeNotices) {
  const std::string id = submitted();
  ASSERT_EQ(call("u_supervisor", "POST", "/api/v1/requests/" + id + "/assignee",
                 R"({"assignee":"u_liaison_officer"})")
                .status,
            200);
  // US assigns its own officer: CN shows it as US's side, with the name the record carries.
  auto assign = us_record(
      requests::kRequestAssign, id + ":assign:1",
      json::object{{"request_id", id},
                   {"assignee", json::object{{"username", "jsmith"}, {"name", "Jane Smith"}}},
                   {"by", "lead"}});
  ASSERT_TRUE(node::ingest_record(*node_, assign).is_ok())
      << node::ingest_record(*node_, assign).to_string();
  auto view = body_of(call("u_auditor", "GET", "/api/v1/requests/" + id));
  EXPECT_EQ(view.at("assignees").at("US").at("name"), "Jane Smith");
  EXPECT_EQ(view.at("assignees").at("CN").at("username"), "u_liaison_officer");
  // A US message on it goes to CN's assignee only.
  auto msg = us_record(requests::kMessagePost, id + ":msg:1",
                       json::object{{"request_id", id},
                                    {"author", "jsmith"},
                                    {"body", json::object{{"original", "Logs preserved."}}}});
  ASSERT_TRUE(node::ingest_record(*node_, msg).is_ok())
      << node::ingest_record(*node_, msg).to_string();
  auto inbox = body_of(call("u_liaison_officer", "GET", "/api/v1/notifications?unread=1"));
  ASSERT_EQ(inbox.at("unread"), 2);
  EXPECT_EQ(inbox.at("items").at(0).at("event"), "request.message");
  EXPECT_EQ(inbox.at("items").at(0).at("params").at("party"), "US");
  EXPECT_EQ(unread("u_supervisor"), 0);
  EXPECT_EQ(unread("officer2"), 0);
  // A request that arrives from US goes to every officer and supervisor of CN.
  auto content = complete_preservation();
  content["requesting_party"] = "US";
  content["requested_party"] = "CN";
  content["requester_ref"] = "US-2026-000001";
  auto typed = model::content_from_json(content);
  ASSERT_TRUE(typed.is_ok()) << typed.status().to_string();
  auto submit = us_record(requests::kRequestEvent, "us-request-1",
                          json::object{{"event", "submit"}, {"content", model::to_json(*typed)}});
  ASSERT_TRUE(node::ingest_record(*node_, submit).is_ok())
      << node::ingest_record(*node_, submit).to_string();
  for (const char* u : {"u_supervisor", "officer2"}) EXPECT_EQ(unread(u), 1) << u;
  EXPECT_EQ(unread("u_analyst"), 0);
  auto arrived = body_of(call("officer2", "GET", "/api/v1/notifications"));
  EXPECT_EQ(arrived.at("items").at(0).at("event"), "request.arrived");
  EXPECT_EQ(arrived.at("items").at(0).at("params").at("ref"), "US-2026-000001");
  // Mark all read.
  auto m = call("officer2", "POST", "/api/v1/notifications/read", R"({"all":true})");
  EXPECT_EQ(body_of(m).at("marked"), 1);
  EXPECT_EQ(unread("officer2"), 0);
}

// A clock of a request assigned to me about to run out (the register's deadline: soon within
// 24 h, then overdue) is a notice once per state, not once per pass.
TEST_F(WorkApiTest, AClockOfMyRequestDueSoonThenOverdueIsNoticedOnceEach) {
  const std::string id = submitted();
  // US's receipt starts the clocks.
  received_by_peer();
  ASSERT_EQ(call("u_supervisor", "POST", "/api/v1/requests/" + id + "/assignee",
                 R"({"assignee":"u_liaison_officer"})")
                .status,
            200);
  auto clocks = [&] {
    int n = 0;
    auto page = body_of(call("u_liaison_officer", "GET", "/api/v1/notifications"));
    for (const auto& item : page.at("items").as_array()) n += item.at("event") == "request.clock";
    return n;
  };
  ASSERT_TRUE(inbox::collect_timed(*node_).is_ok());
  EXPECT_EQ(clocks(), 0);  // nothing due yet
  // Forward to a minute before the most urgent clock (inside its warning), then past it.
  auto reg = body_of(call("u_liaison_officer", "GET", "/api/v1/requests?assignee=me"));
  const auto& dl = reg.at("items").at(0).at("deadline");
  ASSERT_TRUE(dl.is_object()) << reg;
  const auto due = *parse_rfc3339(std::string(dl.at("due_at").as_string()));
  clock_.set(due - std::chrono::minutes(1));
  ASSERT_TRUE(inbox::collect_timed(*node_).is_ok());
  ASSERT_TRUE(inbox::collect_timed(*node_).is_ok());
  EXPECT_EQ(clocks(), 1);
  clock_.set(due + std::chrono::minutes(1));
  ASSERT_TRUE(inbox::collect_timed(*node_).is_ok());
  EXPECT_EQ(clocks(), 2);
  auto page = body_of(call("u_liaison_officer", "GET", "/api/v1/notifications"));
  EXPECT_EQ(page.at("items").at(0).at("severity"), "high");
  EXPECT_EQ(page.at("items").at(0).at("params").at("state"), "overdue");
  EXPECT_EQ(unread("officer2"), 0);  // not theirs
}

TEST_F(WorkApiTest, InboxRoutesRefuseBadInputNamingTheField) {
  EXPECT_EQ(field_of(call("u_auditor", "GET", "/api/v1/notifications?unread=yes")), "unread");
  EXPECT_EQ(field_of(call("u_auditor", "GET", "/api/v1/notifications?colour=red")), "colour");
  EXPECT_EQ(field_of(call("u_auditor", "GET", "/api/v1/notifications?per_page=0")), "per_page");
  for (const auto& [body, field] :
       std::vector<std::pair<const char*, const char*>>{{R"({})", "ids"},
                                                        {R"({"ids":[]})", "ids"},
                                                        {R"({"ids":[1],"all":true})", "ids"},
                                                        {R"({"ids":[-1]})", "ids"},
                                                        {R"({"ids":"1"})", "ids"},
                                                        {R"({"all":"yes"})", "all"},
                                                        {R"({"every":true})", "every"}}) {
    auto r = call("u_auditor", "POST", "/api/v1/notifications/read", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(field_of(r), field) << body;
  }
  // Preferences: every event type with its default; a choice is kept per user.
  auto prefs = body_of(call("u_auditor", "GET", "/api/v1/notifications/preferences"));
  ASSERT_EQ(prefs.at("items").as_array().size(), 6u);
  EXPECT_EQ(field_of(call("u_auditor", "PUT", "/api/v1/notifications/preferences",
                          R"({"items":[{"event":"request.lost","email":true}]})")),
            "event");
  EXPECT_EQ(field_of(call("u_auditor", "PUT", "/api/v1/notifications/preferences",
                          R"({"items":[{"event":"request.message","email":"yes"}]})")),
            "email");
  auto put = call("u_auditor", "PUT", "/api/v1/notifications/preferences",
                  R"({"items":[{"event":"request.message","email":true}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  bool found = false;
  const json::object saved = body_of(put);
  for (const auto& p : saved.at("items").as_array()) {
    if (p.at("event") == "request.message") {
      found = true;
      EXPECT_EQ(p.at("email"), true);
      EXPECT_EQ(p.at("webhook"), false);
    }
  }
  EXPECT_TRUE(found);
  auto other = body_of(call("u_analyst", "GET", "/api/v1/notifications/preferences"));
  for (const auto& p : other.at("items").as_array()) {
    if (p.at("event") == "request.message") {
      EXPECT_EQ(p.at("email"), false);
    }
  }
}

TEST_F(WorkApiTest, AnEventTypeTurnedOffInTheInboxIsNotShownButPagesAlwaysAre) {
  const std::string prefs = "/api/v1/notifications/preferences";
  auto got = body_of(call("u_liaison_officer", "GET", prefs));
  for (const auto& p : got.at("items").as_array()) {
    EXPECT_EQ(p.at("inbox"), true) << json::serialize(p);
    const bool fixed =
        p.at("event") == "escalation.page" || p.at("event") == "escalation.unreached";
    EXPECT_EQ(p.at("inbox_fixed"), fixed) << json::serialize(p);
  }
  // A page cannot leave the inbox; an unknown switch is named.
  auto page_off = call("u_liaison_officer", "PUT", prefs,
                       R"({"items":[{"event":"escalation.page","inbox":false}]})");
  EXPECT_EQ(page_off.status, 400) << page_off.body;
  EXPECT_EQ(field_of(page_off), "inbox");
  EXPECT_EQ(field_of(call("u_liaison_officer", "PUT", prefs,
                          R"({"items":[{"event":"request.assigned","sms":true}]})")),
            "sms");
  EXPECT_EQ(field_of(call("u_liaison_officer", "PUT", prefs,
                          R"({"items":[{"event":"request.assigned","inbox":0}]})")),
            "inbox");
  auto off = call("u_liaison_officer", "PUT", prefs,
                  R"({"items":[{"event":"request.assigned","inbox":false,"email":true}]})");
  ASSERT_EQ(off.status, 200) << off.body;
  const json::object after = body_of(off);
  for (const auto& p : after.at("items").as_array()) {
    if (p.at("event") != "request.assigned") continue;
    EXPECT_EQ(p.at("inbox"), false);
    EXPECT_EQ(p.at("email"), true);
    EXPECT_EQ(p.at("webhook"), false);
  }
  // Assigned while it is off: no notice, no count.
  const std::string id = submitted();
  ASSERT_EQ(call("u_supervisor", "POST", "/api/v1/requests/" + id + "/assignee",
                 R"({"assignee":"u_liaison_officer"})")
                .status,
            200);
  EXPECT_EQ(unread("u_liaison_officer"), 0);
  EXPECT_EQ(body_of(call("u_liaison_officer", "GET", "/api/v1/notifications")).at("total"), 0);
  // On again: the next assignment shows (the earlier one stays out: it was made while off).
  ASSERT_EQ(call("u_liaison_officer", "PUT", prefs,
                 R"({"items":[{"event":"request.assigned","inbox":true}]})")
                .status,
            200);
  const std::string second = submitted();
  ASSERT_EQ(call("u_supervisor", "POST", "/api/v1/requests/" + second + "/assignee",
                 R"({"assignee":"u_liaison_officer"})")
                .status,
            200);
  EXPECT_EQ(unread("u_liaison_officer"), 1);
  auto list = body_of(call("u_liaison_officer", "GET", "/api/v1/notifications"));
  ASSERT_EQ(list.at("total"), 1);
  EXPECT_EQ(list.at("items").at(0).at("subject_id"), second.c_str());
}

TEST_F(WorkApiTest, TotpRecoveryCodesAreShownOnceAndEachLogsInOnce) {
  const std::string pw = "password for u_analyst";
  // None before TOTP.
  auto early = call("u_analyst", "POST", "/api/v1/auth/totp/recovery-codes",
                    R"({"password":"password for u_analyst","totp":"123456"})");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(field_of(early), "totp");
  auto setup = body_of(call("u_analyst", "POST", "/api/v1/auth/totp/setup"));
  const std::string secret(setup.at("secret").as_string());
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  auto ok = call("u_analyst", "POST", "/api/v1/auth/totp/confirm",
                 R"({"secret":")" + secret + R"(","code":")" +
                     node::totp_code(*from_base32(secret), now) + R"("})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto codes = body_of(ok).at("recovery_codes").as_array();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> distinct;
  for (const auto& c : codes) {
    const std::string text(c.as_string());
    EXPECT_EQ(text.size(), 19u) << text;  // xxxx-xxxx-xxxx-xxxx
    distinct.insert(text);
  }
  EXPECT_EQ(distinct.size(), 10u);
  const std::string first(codes.at(0).as_string()), second(codes.at(1).as_string());
  EXPECT_EQ(body_of(call("u_analyst", "GET", "/api/v1/auth/totp/recovery-codes")).at("remaining"),
            10);
  // A wrong code is refused naming totp; a right one logs in once (case and dashes aside).
  EXPECT_EQ(
      node::login(*node_, "u_analyst", pw, "aaaa-bbbb-cccc-dddd", "127.0.0.1:1").status().field(),
      "totp");
  std::string upper;
  for (char ch : first) {
    if (ch != '-') upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  EXPECT_TRUE(node::login(*node_, "u_analyst", pw, upper, "127.0.0.1:2").is_ok());
  auto again = node::login(*node_, "u_analyst", pw, first, "127.0.0.1:3");
  EXPECT_EQ(again.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(again.status().field(), "totp");
  // A recovery code does not replace the password.
  EXPECT_EQ(
      node::login(*node_, "u_analyst", "wrong password!", second, "127.0.0.1:4").status().field(),
      "password");
  EXPECT_EQ(body_of(call("u_analyst", "GET", "/api/v1/auth/totp/recovery-codes")).at("remaining"),
            9);
  // New codes ask for the password and a one-time code again, and void the old ones.
  // (Past the log-in failures' window: the failed log-ins above counted against the user.)
  clock_.advance(std::chrono::seconds(node::kLoginFailureWindowSeconds + 30));
  const std::string code =
      node::totp_code(*from_base32(secret), now + node::kLoginFailureWindowSeconds + 30);
  const std::string path = "/api/v1/auth/totp/recovery-codes";
  auto bare = call("u_analyst", "POST", path);
  EXPECT_EQ(bare.status, 400) << bare.body;
  EXPECT_EQ(field_of(bare), "body");
  auto no_pw = call("u_analyst", "POST", path, R"({"totp":")" + code + R"("})");
  EXPECT_EQ(no_pw.status, 400) << no_pw.body;
  EXPECT_EQ(field_of(no_pw), "password");
  auto wrong_pw = call("u_analyst", "POST", path,
                       R"({"password":"not the password","totp":")" + code + R"("})");
  EXPECT_EQ(wrong_pw.status, 403) << wrong_pw.body;
  EXPECT_EQ(field_of(wrong_pw), "password");
  auto wrong_code =
      call("u_analyst", "POST", path, R"({"password":")" + pw + R"(","totp":"000000"})");
  EXPECT_EQ(wrong_code.status, 403) << wrong_code.body;
  EXPECT_EQ(field_of(wrong_code), "totp");
  auto by_recovery =  // a recovery code does not make new ones
      call("u_analyst", "POST", path, R"({"password":")" + pw + R"(","totp":")" + second + R"("})");
  EXPECT_EQ(by_recovery.status, 403) << by_recovery.body;
  EXPECT_EQ(field_of(by_recovery), "totp");
  // Refused attempts changed nothing: the old codes still count.
  EXPECT_EQ(body_of(call("u_analyst", "GET", path)).at("remaining"), 9);
  auto fresh =
      call("u_analyst", "POST", path, R"({"password":")" + pw + R"(","totp":")" + code + R"("})");
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  // The one-time code was used up by that.
  auto replay =
      call("u_analyst", "POST", path, R"({"password":")" + pw + R"(","totp":")" + code + R"("})");
  EXPECT_EQ(replay.status, 403) << replay.body;
  EXPECT_EQ(field_of(replay), "totp");
  // Each refusal counted against the user like a failed log-in: a sixth attempt within the
  // window is refused whatever it carries.
  const int64_t tried = [&] {
    int64_t n = 0;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      auto q = db.prepare("SELECT count(*) FROM login_failures WHERE key=?");
                      if (!q.is_ok()) return q.status();
                      q->bind(1, "user:u_analyst");
                      LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
                      n = row ? q->int64(0) : 0;
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }();
  EXPECT_EQ(tried, 4);  // wrong password, wrong code, a recovery code, the replay
  clock_.advance(std::chrono::seconds(node::kLoginFailureWindowSeconds + 30));
  EXPECT_EQ(body_of(fresh).at("recovery_codes").as_array().size(), 10u);
  EXPECT_EQ(node::login(*node_, "u_analyst", pw, second, "127.0.0.1:5").status().field(), "totp");
  const std::string renewed(body_of(fresh).at("recovery_codes").at(0).as_string());
  EXPECT_TRUE(node::login(*node_, "u_analyst", pw, renewed, "127.0.0.1:6").is_ok());
}

// GET /leads gives each lead's `outcome_due` by the receiver's published deadline policy,
// from the lead's submission (as the sender's escalation clock): the shipped 30 days without
// a policy, the policy's days and source once the receiver publishes one.
TEST_F(WorkApiTest, ALeadsOutcomeDueComesFromTheReceiversPolicy) {
  auto body = complete_preservation();
  body["type"] = "lead_sharing";
  auto made = call("u_liaison_officer", "POST", "/api/v1/requests", json::serialize(body));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string lead(body_of(made).at("id").as_string());
  ASSERT_EQ(call("u_liaison_officer", "POST", "/api/v1/requests/" + lead + "/events",
                 R"({"event":"submit"})")
                .status,
            200);
  const std::string other = submitted();  // not a lead: not listed
  auto only = [&](const std::string& target) {
    auto r = call("u_analyst", "GET", target);
    EXPECT_EQ(r.status, 200) << r.body;
    auto page = body_of(r);
    EXPECT_EQ(page.at("total"), 1) << r.body;
    EXPECT_EQ(page.at("items").as_array().size(), 1u) << r.body;
    return page.at("items").at(0).as_object();
  };
  json::object item = only("/api/v1/leads?direction=outgoing");
  EXPECT_EQ(item.at("id"), json::value(lead));
  EXPECT_EQ(item.at("direction"), "outgoing");
  const auto submitted_at = parse_rfc3339(std::string(item.at("submitted_at").as_string()));
  ASSERT_TRUE(submitted_at);
  EXPECT_EQ(item.at("outcome_due"),
            json::value(format_rfc3339(*submitted_at + std::chrono::days(30))));
  EXPECT_NE(std::string(item.at("outcome_due_source").as_string()).find("30"), std::string::npos);
  EXPECT_EQ(body_of(call("u_analyst", "GET", "/api/v1/leads?direction=incoming")).at("total"), 0);

  // US, the receiver, publishes a policy whose lead-outcome clock is 10 days.
  hotline::DeadlinePolicy policy = hotline::default_policy("US", "America/New_York");
  policy.lead_outcome_days = 10;
  policy.lead_outcome_source = hotline::SourceText{"agreement of 2026-03-01", ""};
  auto published = us_record(hotline::kPolicyPublish, "US", hotline::to_json(policy));
  ASSERT_TRUE(node::ingest_record(*node_, published).is_ok());
  item = only("/api/v1/leads");
  EXPECT_EQ(item.at("outcome_due"),
            json::value(format_rfc3339(*submitted_at + std::chrono::days(10))));
  EXPECT_EQ(item.at("outcome_due_source"), "agreement of 2026-03-01");
  EXPECT_NE(item.at("id"), json::value(other));

  // Bad input names the parameter.
  auto bad = call("u_analyst", "GET", "/api/v1/leads?direction=sideways");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "direction");
  bad = call("u_analyst", "GET", "/api/v1/leads?per_page=0");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "per_page");
}

}  // namespace
}  // namespace liaison::testing
