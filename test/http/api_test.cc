// The real HTTPS server on a loopback port with the node's API: authentication, CSRF,
// the role × endpoint table, input errors per endpoint, and the OpenAPI document.
#include "http/api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "common/crypto.h"
#include "http/server.h"
#include "http/test_client.h"
#include "node/fixture.h"
#include "node/tls_cert.h"
#include "node/users.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;
using node::Role;

class ApiTest : public NodeFixture {
 protected:
  void SetUp() override {
    NodeFixture::SetUp();
    api_ = std::make_unique<http::Api>(*node_, "", app::routes());
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.cert_file = dir_ + "/tls/cert.pem";
    o.key_file = dir_ + "/tls/key.pem";
    o.handle_signals = false;
    o.max_body_bytes = 64 * 1024;
    o.max_large_body_bytes = 256 * 1024;
    o.admit = [this](const http::Request& r) { return api_->admit(r); };
    server_ = std::make_unique<http::Server>(
        o, [this](const http::Request& r) { return api_->handle(r); });
    auto bound = server_->start();
    ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
    base_ = "https://" + *bound;
    thread_ = std::thread([this] { server_->run(); });
    node::Actor admin{"admin", Role::kAdministrator, "test"};
    for (Role r : node::all_roles()) {
      std::string name = std::string("u_") + node::to_string(r);
      ASSERT_TRUE(node::add_user(*node_, admin, name, name, r, "password for " + name).is_ok());
      tokens_[r] = *node::create_token(*node_, admin, name, "test");
    }
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
    server_.reset();
    NodeFixture::TearDown();
  }
  HttpResult call(Role role, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    return http_call(base_, method, target, body, {{"Authorization", "Bearer " + tokens_[role]}});
  }
  json::object error_of(const HttpResult& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("error")) return {};
    return v.as_object().at("error").as_object();
  }
  std::string field_of(const HttpResult& r) {
    auto e = error_of(r);
    return e.contains("field") ? std::string(e.at("field").as_string()) : "<none>";
  }
  int64_t record_count() {
    int64_t n = 0;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                                               db.prepare("SELECT count(*) FROM records"));
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      n = row ? q.int64(0) : 0;
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }
  std::string create_draft(const json::object& body = complete_preservation()) {
    auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).as_object().at("id").as_string());
  }

  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::string base_;
  std::map<Role, std::string> tokens_;
};

TEST_F(ApiTest, HealthAndReadiness) {
  EXPECT_EQ(http_call(base_, "GET", "/healthz").status, 200);
  EXPECT_EQ(http_call(base_, "GET", "/readyz").status, 200);
}

TEST_F(ApiTest, UnauthenticatedCallsGet401) {
  auto r = http_call(base_, "GET", "/api/v1/requests");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(error_of(r).at("code").as_string(), "unauthenticated");
  EXPECT_EQ(http_call(base_, "GET", "/api/v1/requests", "", {{"Authorization", "Bearer lia_wrong"}})
                .status,
            401);
}

TEST_F(ApiTest, SessionCookieIsSecureAndCsrfIsEnforced) {
  auto login = http_call(base_, "POST", "/api/v1/auth/login",
                         R"({"username":"admin","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie = login.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string session = cookie.substr(0, cookie.find(';'));
  std::string csrf(json::parse(login.body).as_object().at("csrf_token").as_string());
  std::string body = json::serialize(complete_preservation());

  auto no_csrf = http_call(base_, "POST", "/api/v1/requests", body, {{"Cookie", session}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(field_of(no_csrf), "X-CSRF-Token");
  auto wrong = http_call(base_, "POST", "/api/v1/requests", body,
                         {{"Cookie", session}, {"X-CSRF-Token", "nope"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(record_count(), 0);
  auto ok = http_call(base_, "POST", "/api/v1/requests", body,
                      {{"Cookie", session}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // GET needs no CSRF token.
  EXPECT_EQ(http_call(base_, "GET", "/api/v1/auth/me", "", {{"Cookie", session}}).status, 200);
  // After logout the cookie no longer works.
  EXPECT_EQ(http_call(base_, "POST", "/api/v1/auth/logout", "",
                      {{"Cookie", session}, {"X-CSRF-Token", csrf}})
                .status,
            204);
  EXPECT_EQ(http_call(base_, "GET", "/api/v1/auth/me", "", {{"Cookie", session}}).status, 401);
}

TEST_F(ApiTest, LoginErrorsAndRateLimit) {
  EXPECT_EQ(field_of(http_call(base_, "POST", "/api/v1/auth/login", R"({"username":"admin"})")),
            "password");
  EXPECT_EQ(field_of(http_call(base_, "POST", "/api/v1/auth/login", "{oops")), "body");
  for (int i = 0; i < node::kMaxLoginFailures; ++i) {
    auto r = http_call(base_, "POST", "/api/v1/auth/login",
                       R"({"username":"admin","password":"wrong wrong wrong"})");
    EXPECT_EQ(r.status, 401);
  }
  auto limited = http_call(base_, "POST", "/api/v1/auth/login",
                           R"({"username":"admin","password":"correct horse battery"})");
  EXPECT_EQ(limited.status, 429);
}

// The expected role table, written out independently of the route registrations.
struct Expectation {
  const char* method;
  const char* path;
  std::set<Role> allowed;
};

std::set<Role> all() {
  auto v = node::all_roles();
  return {v.begin(), v.end()};
}
const std::set<Role> kWriters = {Role::kAdministrator, Role::kLiaisonOfficer, Role::kSupervisor,
                                 Role::kPrincipal};

const std::set<Role> kSharers = {Role::kAdministrator, Role::kAnalyst, Role::kLiaisonOfficer};

std::vector<Expectation> expectations() {
  return {
      {"GET", "/api/v1/node", all()},
      {"GET", "/api/v1/request-types", all()},
      {"GET", "/api/v1/audit", {Role::kAdministrator, Role::kAuditor}},
      {"POST", "/api/v1/auth/logout", all()},
      {"GET", "/api/v1/auth/me", all()},
      {"POST", "/api/v1/auth/password", all()},
      {"POST", "/api/v1/auth/totp/setup", all()},
      {"POST", "/api/v1/auth/totp/confirm", all()},
      {"GET", "/api/v1/auth/totp/recovery-codes", all()},
      {"POST", "/api/v1/auth/totp/recovery-codes", all()},
      {"GET", "/api/v1/users", {Role::kAdministrator, Role::kAuditor}},
      {"POST", "/api/v1/users", {Role::kAdministrator}},
      {"PATCH", "/api/v1/users/{username}", {Role::kAdministrator}},
      {"GET", "/api/v1/tokens", all()},
      {"POST", "/api/v1/tokens", all()},
      {"DELETE", "/api/v1/tokens/{id}", all()},
      {"GET", "/api/v1/requests", all()},
      {"POST", "/api/v1/requests", kWriters},
      {"POST", "/api/v1/requests/validate", kWriters},
      {"GET", "/api/v1/requests/{id}", all()},
      {"PATCH", "/api/v1/requests/{id}", kWriters},
      {"POST", "/api/v1/requests/{id}/events", kWriters},
      {"GET", "/api/v1/requests/{id}/records", all()},
      {"POST", "/api/v1/requests/{id}/assignee", {Role::kLiaisonOfficer, Role::kSupervisor}},
      {"GET", "/api/v1/assignees", all()},
      {"GET", "/api/v1/notifications", all()},
      {"GET", "/api/v1/notifications/count", all()},
      {"POST", "/api/v1/notifications/read", all()},
      {"GET", "/api/v1/notifications/preferences", all()},
      {"PUT", "/api/v1/notifications/preferences", all()},
      {"GET", "/api/v1/requests/{id}/messages", all()},
      {"POST", "/api/v1/requests/{id}/messages", kWriters},
      {"GET", "/api/v1/requests/{id}/attachments", all()},
      {"POST", "/api/v1/requests/{id}/attachments", kWriters},
      {"GET", "/api/v1/requests/{id}/attachments/{sha256}", all()},
      {"GET", "/api/v1/requests/{id}/evidence", all()},
      {"POST", "/api/v1/requests/{id}/attachments/{sha256}/retry", {Role::kAdministrator}},
      {"GET", "/api/v1/contacts", all()},
      {"GET", "/api/v1/contacts/{id}", all()},
      {"GET", "/api/v1/contacts/{id}/history", all()},
      {"POST", "/api/v1/contacts", {Role::kAdministrator, Role::kLiaisonOfficer}},
      {"PATCH", "/api/v1/contacts/{id}", {Role::kAdministrator, Role::kLiaisonOfficer}},
      {"POST", "/api/v1/contacts/{id}/verify", {Role::kAdministrator, Role::kLiaisonOfficer}},
      {"DELETE", "/api/v1/contacts/{id}", {Role::kAdministrator, Role::kLiaisonOfficer}},
      {"GET", "/api/v1/peers", all()},
      {"GET", "/api/v1/quarantine", {Role::kAdministrator, Role::kAuditor}},
      {"POST", "/api/v1/peers", {Role::kAdministrator}},
      {"DELETE", "/api/v1/peers/{party}", {Role::kAdministrator}},
      {"GET", "/api/v1/indicator-sets", all()},
      {"POST", "/api/v1/indicator-sets", kSharers},
      {"GET", "/api/v1/indicator-sets/{id}", all()},
      {"PATCH", "/api/v1/indicator-sets/{id}", kSharers},
      {"POST", "/api/v1/indicator-sets/{id}/import", kSharers},
      {"GET", "/api/v1/indicator-sets/{id}/indicators", all()},
      {"GET", "/api/v1/sightings", all()},
      {"POST", "/api/v1/sightings/{id}/feedback", kSharers},
      {"POST", "/api/v1/indicators/match", all()},
      {"GET", "/api/v1/hotline/policy", all()},
      {"PUT", "/api/v1/hotline/policy", {Role::kAdministrator}},
      {"GET", "/api/v1/hotline/rosters", all()},
      {"PUT", "/api/v1/hotline/rosters/{id}", {Role::kAdministrator}},
      {"GET", "/api/v1/hotline/oncall", all()},
      {"GET", "/api/v1/hotline/channels", {Role::kAdministrator}},
      {"PUT", "/api/v1/hotline/channels/{username}", {Role::kAdministrator}},
      {"GET", "/api/v1/hotline/my-channels", kWriters},
      {"PUT", "/api/v1/hotline/my-channels", kWriters},
      {"GET", "/api/v1/hotline/escalations", all()},
      {"POST", "/api/v1/hotline/escalations", kWriters},
      {"GET", "/api/v1/hotline/escalations/{id}", all()},
      {"POST", "/api/v1/hotline/escalations/{id}/acknowledge", kWriters},
      {"POST", "/api/v1/hotline/escalations/{id}/resolve", kWriters},
      {"GET", "/api/v1/hotline/emergencies", all()},
      {"POST", "/api/v1/hotline/oral-requests", kWriters},
      {"POST", "/api/v1/requests/{id}/written-confirmation", kWriters},
      {"GET", "/api/v1/hotline/contacts", all()},
      {"POST", "/api/v1/hotline/contacts", kWriters},
      {"GET", "/api/v1/hotline/drills", all()},
      {"POST", "/api/v1/hotline/drills", {Role::kAdministrator}},
      {"POST", "/api/v1/hotline/drills/{id}/acknowledge", kWriters},
      {"GET", "/api/v1/hotline/review", all()},
      {"GET", "/api/v1/hotline/notifications", {Role::kAdministrator, Role::kAuditor}},
      {"GET", "/api/v1/hotline/escalations/{id}/pages", all()},
      {"GET", "/api/v1/requests/{id}/assessments", all()},
      {"POST", "/api/v1/requests/{id}/assessments", kWriters},
      {"GET", "/api/v1/assessments/pending", all()},
      {"GET", "/api/v1/leads", all()},
      {"GET", "/api/v1/requests/{id}/lead-outcome", all()},
      {"POST", "/api/v1/requests/{id}/lead-outcome", kWriters},
      {"GET", "/api/v1/reports", all()},
      {"POST", "/api/v1/reports", kWriters},
      {"GET", "/api/v1/reports/{id}", all()},
      {"GET", "/api/v1/report-figures", all()},
      {"GET", "/api/v1/reports/{id}/check", all()},
      {"POST", "/api/v1/reports/{id}/countersign", kWriters},
      {"GET", "/api/v1/cases", all()},
      {"POST", "/api/v1/cases", kWriters},
      {"GET", "/api/v1/cases/{id}", all()},
      {"POST", "/api/v1/cases/{id}/accept", kWriters},
      {"POST", "/api/v1/cases/{id}/status", kWriters},
  };
}

TEST_F(ApiTest, EveryRouteHasAnExpectedRoleRow) {
  auto exp = expectations();
  for (const auto& r : api_->routes()) {
    if (r.roles.empty()) continue;  // public (health, login, openapi) or federation (mTLS)
    bool found = false;
    for (const auto& e : exp) found = found || (r.method == e.method && r.pattern == e.path);
    EXPECT_TRUE(found) << "route without a row in the role table: " << r.method << " " << r.pattern;
  }
}

TEST_F(ApiTest, RoleTimesEndpoint) {
  for (const auto& e : expectations()) {
    std::string path = e.path;
    for (const char* p : {"{id}", "{username}", "{sha256}"}) {
      auto at = path.find(p);
      if (at != std::string::npos) path.replace(at, std::string(p).size(), "does-not-exist");
    }
    if (std::string(e.path) == "/api/v1/auth/logout") continue;  // would not change the answer
    for (Role role : node::all_roles()) {
      auto r = call(role, e.method, path, e.method == std::string("GET") ? "" : "{}");
      bool allowed = e.allowed.count(role) > 0;
      if (allowed) {
        EXPECT_NE(r.status, 403) << e.method << " " << e.path << " as " << node::to_string(role)
                                 << ": " << r.body;
        EXPECT_NE(r.status, 0) << r.error;
      } else {
        EXPECT_EQ(r.status, 403) << e.method << " " << e.path << " as " << node::to_string(role);
        EXPECT_EQ(error_of(r).at("code").as_string(), "permission_denied");
      }
    }
  }
  EXPECT_EQ(record_count(), 0);  // none of that changed anything
}

TEST_F(ApiTest, OpenApiDocumentListsEveryRoute) {
  auto r = http_call(base_, "GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("openapi").as_string().subview().substr(0, 2), "3.");
  auto& paths = doc.at("paths").as_object();
  for (const auto& route : api_->routes()) {
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(paths.contains(route.pattern)) << "missing path " << route.pattern;
    EXPECT_TRUE(paths.at(route.pattern).as_object().contains(method))
        << "missing " << route.method << " " << route.pattern;
  }
}

// Every refusal reason the node can give is in the OpenAPI document's ErrorReason enum, in the
// table's order (common/status.cc); the console's locale files are checked against that enum
// by web/tests/unit/reasons.test.ts, so a reason added here without its translations fails.
TEST_F(ApiTest, TheOpenApiErrorReasonEnumIsTheReasonTable) {
  auto doc = json::parse(http::openapi_document()).as_object();
  const auto& e = doc.at("components").at("schemas").at("ErrorReason").at("enum").as_array();
  std::vector<std::string> documented;
  for (const auto& v : e) documented.emplace_back(v.as_string());
  std::vector<std::string> table;
  for (const ReasonInfo& i : all_reasons()) table.emplace_back(i.name);
  EXPECT_EQ(documented, table);
  // Every Reason has its row (kLastReason is the enum's last).
  for (int r = 1; r <= static_cast<int>(Reason::kLastReason); ++r) {
    EXPECT_STRNE(reason_name(static_cast<Reason>(r)), "") << r;
  }
  EXPECT_EQ(table.size(), static_cast<size_t>(Reason::kLastReason));
}

// Every error code the node answers with is the document's ErrorCode enum; the console's
// i18n test holds both locale files' error titles to that enum (issue 17, "every server error
// code has a translation in both locale files").
TEST_F(ApiTest, TheOpenApiErrorCodeEnumIsEveryStatusCode) {
  auto doc = json::parse(http::openapi_document()).as_object();
  const auto& e = doc.at("components").at("schemas").at("ErrorCode").at("enum").as_array();
  std::set<std::string> documented;
  for (const auto& v : e) documented.emplace(v.as_string());
  std::set<std::string> codes;
  for (int c = static_cast<int>(StatusCode::kInvalidArgument);
       c <= static_cast<int>(StatusCode::kInternal); ++c) {
    codes.emplace(status_code_name(static_cast<StatusCode>(c)));
  }
  EXPECT_EQ(documented, codes);
  EXPECT_EQ(codes.size(), 11u);
}

// The forms an invalid_format refusal names by code (issue 17: the console says the form in its
// own language, not the English `expected`) are the document's ErrorForm enum, in the table's
// order; web/tests/unit/reasons.test.ts holds both locale files to that enum.
TEST_F(ApiTest, TheOpenApiErrorFormEnumIsTheFormTable) {
  auto doc = json::parse(http::openapi_document()).as_object();
  const auto& e = doc.at("components").at("schemas").at("ErrorForm").at("enum").as_array();
  std::vector<std::string> documented;
  for (const auto& v : e) documented.emplace_back(v.as_string());
  std::vector<std::string> table;
  for (const FormInfo& i : all_forms()) table.emplace_back(i.name);
  EXPECT_EQ(documented, table);
  EXPECT_EQ(table.size(), static_cast<size_t>(Form::kLastForm) + 1);
  // Each form's params: the English words and the code.
  for (const FormInfo& i : all_forms()) {
    std::vector<ReasonParam> p = expected_form(i.form);
    ASSERT_EQ(p.size(), 2u) << i.name;
    EXPECT_EQ(std::get<std::string>(p[0].value), i.english);
    EXPECT_EQ(p[1].name, "form");
    EXPECT_EQ(std::get<std::string>(p[1].value), i.name);
  }
}

// Issue 17, item 2: an error carries a machine reason with its params beside the English
// message, for the console to say in its own language; a plain not-found has none.
TEST_F(ApiTest, ErrorsCarryAReasonWithParamsNamingTheField) {
  auto reason_of = [&](const HttpResult& r) {
    auto e = error_of(r);
    return e.contains("reason") ? std::string(e.at("reason").as_string()) : "<none>";
  };
  auto params_of = [&](const HttpResult& r) {
    auto e = error_of(r);
    return e.contains("params") ? json::serialize(e.at("params")) : "<none>";
  };
  const int64_t before = record_count();
  json::object body = complete_preservation();
  body["priority"] = "P9";
  auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "priority");
  EXPECT_EQ(reason_of(r), "not_one_of");
  EXPECT_EQ(params_of(r), R"({"allowed":["P0","P1","P2","P3"]})");
  EXPECT_EQ(error_of(r).at("message"), "unknown priority 'P9'");

  body = complete_preservation();
  body["identifiers"] = json::array{json::object{{"kind", "ipv4"}, {"value", "999.1.1.1"}}};
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(field_of(r), "identifiers[0].value");
  EXPECT_EQ(reason_of(r), "invalid_ip");
  EXPECT_EQ(params_of(r), R"({"version":4})");

  body = complete_preservation();
  body["identifiers"] = json::array{json::object{{"kind", "phone"}, {"value", "call me"}}};
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(reason_of(r), "invalid_identifier");
  EXPECT_EQ(params_of(r), R"({"kind":"phone"})");
  // A URL's own check (ident) names its kind, not the caller.
  body = complete_preservation();
  body["identifiers"] = json::array{json::object{{"kind", "url"}, {"value", "example.org/x"}}};
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(reason_of(r), "invalid_identifier");
  EXPECT_EQ(params_of(r), R"({"kind":"url"})");

  body = complete_preservation();
  body["title"] = json::object{{"original", std::string(501, 'x')}, {"lang", "en"}};
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
  EXPECT_EQ(field_of(r), "title.original");
  EXPECT_EQ(reason_of(r), "too_long");
  EXPECT_EQ(params_of(r), R"({"max":500})");
  EXPECT_EQ(record_count(), before);

  // The builder's validation names every problem, each with its reason.
  body = complete_preservation();
  body["priority"] = "P9";
  body["respond_by"] = "tomorrow";
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests/validate", json::serialize(body));
  ASSERT_EQ(r.status, 200) << r.body;
  auto errors = json::parse(r.body).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u) << r.body;
  EXPECT_EQ(errors[0].at("field"), "priority");
  EXPECT_EQ(errors[0].at("reason"), "not_one_of");
  EXPECT_EQ(errors[1].at("field"), "respond_by");
  EXPECT_EQ(errors[1].at("reason"), "invalid_time");
  EXPECT_EQ(record_count(), before);

  r = call(Role::kAuditor, "GET", "/api/v1/audit?per_page=201");
  EXPECT_EQ(field_of(r), "per_page");
  EXPECT_EQ(reason_of(r), "out_of_range");
  EXPECT_EQ(params_of(r), R"({"min":1,"max":200})");
  r = call(Role::kAuditor, "GET", "/api/v1/audit?page=5abc");
  EXPECT_EQ(reason_of(r), "not_integer");

  r = call(Role::kAdministrator, "POST", "/api/v1/users",
           R"({"username":"new.user","role":"wizard","password":"long enough password"})");
  EXPECT_EQ(field_of(r), "role");
  EXPECT_EQ(reason_of(r), "not_one_of");
  r = call(Role::kAdministrator, "POST", "/api/v1/users",
           R"({"username":"new.user","role":"analyst","password":"short"})");
  EXPECT_EQ(field_of(r), "password");
  EXPECT_EQ(reason_of(r), "password_too_short");
  EXPECT_EQ(error_of(r).at("params").at("min").as_int64(),
            static_cast<int64_t>(node::kMinPasswordLength));
  r = call(Role::kAdministrator, "POST", "/api/v1/peers", R"({"party":"US"})");
  EXPECT_EQ(field_of(r), "url");
  EXPECT_EQ(reason_of(r), "required");
  EXPECT_EQ(params_of(r), "{}");
  r = call(Role::kAdministrator, "DELETE", "/api/v1/peers/ZZ");
  EXPECT_EQ(reason_of(r), "unknown_peer");
  EXPECT_EQ(params_of(r), R"({"party":"ZZ"})");
  r = call(Role::kAnalyst, "POST", "/api/v1/indicator-sets", R"({"tlp":"green"})");
  EXPECT_EQ(field_of(r), "name");
  EXPECT_EQ(reason_of(r), "required");
  r = call(Role::kLiaisonOfficer, "POST", "/api/v1/tokens", R"({"name":"t","expires_in_days":0})");
  EXPECT_EQ(reason_of(r), "out_of_range");
  r = http_call(base_, "POST", "/api/v1/auth/login",
                R"({"username":"u_analyst","password":"wrong wrong wrong"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(reason_of(r), "wrong_credentials");
  r = http_call(base_, "POST", "/api/v1/auth/login", "{oops");
  EXPECT_EQ(reason_of(r), "malformed_json");

  // Every refusal has a reason: a not-found names what it looked for.
  r = call(Role::kLiaisonOfficer, "GET", "/api/v1/requests/no-such-request");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(reason_of(r), "no_such");
  EXPECT_EQ(params_of(r), R"({"what":"request","id":"no-such-request"})");
}

TEST_F(ApiTest, MalformedJsonIsRejectedOnEveryJsonEndpoint) {
  std::string id = create_draft();
  auto contact = call(Role::kAdministrator, "POST", "/api/v1/contacts",
                      R"({"party":"CN","name":"Wang","tier":1,"timezone":"Asia/Shanghai"})");
  ASSERT_EQ(contact.status, 201) << contact.body;
  std::string cid(json::parse(contact.body).as_object().at("id").as_string());
  int64_t before = record_count();
  std::vector<std::pair<std::string, std::string>> endpoints = {
      {"POST", "/api/v1/requests"},
      {"POST", "/api/v1/requests/validate"},
      {"PATCH", "/api/v1/requests/" + id},
      {"POST", "/api/v1/requests/" + id + "/events"},
      {"POST", "/api/v1/requests/" + id + "/messages"},
      {"POST", "/api/v1/requests/" + id + "/written-confirmation"},
      {"POST", "/api/v1/hotline/oral-requests"},
      {"POST", "/api/v1/users"},
      {"PATCH", "/api/v1/users/u_analyst"},
      {"POST", "/api/v1/contacts"},
      {"PATCH", "/api/v1/contacts/" + cid},
      {"POST", "/api/v1/requests/" + id + "/assessments"},
      {"POST", "/api/v1/reports"},
      {"POST", "/api/v1/cases"},
  };
  for (const auto& [m, p] : endpoints) {
    for (const char* bad : {"{\"a\":", "[1,2", "not json", ""}) {
      auto r = call(Role::kAdministrator, m, p, bad);
      EXPECT_EQ(r.status, 400) << m << " " << p << " with " << bad;
      EXPECT_EQ(field_of(r), "body") << m << " " << p;
    }
    auto arr = call(Role::kAdministrator, m, p, "[]");
    EXPECT_EQ(arr.status, 400) << m << " " << p << ": " << arr.body;
  }
  EXPECT_EQ(record_count(), before);
}

TEST_F(ApiTest, WrongTypesAndUnknownValuesNameTheField) {
  int64_t before = record_count();
  struct Case {
    const char* key;
    json::value value;
    const char* field;
  };
  std::vector<Case> cases = {
      {"priority", 3, "priority"},
      {"priority", "P9", "priority"},
      {"type", "interrogation", "type"},
      {"mla_to_follow", "yes", "mla_to_follow"},
      {"requested_party", "XX", "requested_party"},
      {"identifiers", json::array{json::object{{"kind", "ipv4"}, {"value", "999.1.1.1"}}},
       "identifiers[0].value"},
      {"identifiers",
       json::array{json::object{{"kind", "ipv4"}, {"value", "1.2.3.4"}, {"port", 70000}}},
       "identifiers[0].port"},
      {"data_categories", json::array{"dna"}, "data_categories[0]"},
      {"respond_by", "tomorrow", "respond_by"},
      {"colour", "red", "colour"},
  };
  for (const auto& c : cases) {
    json::object body = complete_preservation();
    body[c.key] = c.value;
    auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", json::serialize(body));
    EXPECT_EQ(r.status, 400) << c.key << ": " << r.body;
    EXPECT_EQ(field_of(r), c.field) << c.key << ": " << r.body;
  }
  EXPECT_EQ(record_count(), before);
}

// Paging and other numeric query parameters are whole numbers in range, or a 400 naming
// the parameter and what is wrong: "5abc" is not read as 5, nor a number past int64 as 0;
// "-1", a leading space and hex are refused.
TEST_F(ApiTest, NumericQueryParametersAreStrict) {
  struct Case {
    Role role;
    std::string path;
    const char* field;
    const char* message;
  };
  const char* kWhole = "must be a whole number";
  const char* kRange = "must be between";
  const std::vector<Case> cases = {
      {Role::kAuditor, "/api/v1/audit?page=5abc", "page", kWhole},
      {Role::kAuditor, "/api/v1/audit?per_page=201", "per_page", kRange},
      {Role::kAuditor, "/api/v1/audit?page=-1", "page", kWhole},
      {Role::kAuditor, "/api/v1/audit?page=%205", "page", kWhole},
      {Role::kAuditor, "/api/v1/audit?per_page=0x10", "per_page", kWhole},
      {Role::kLiaisonOfficer, "/api/v1/requests?page=2x", "page", kWhole},
      {Role::kLiaisonOfficer, "/api/v1/requests?per_page=99999999999999999999", "per_page", kWhole},
      {Role::kAnalyst, "/api/v1/indicator-sets/nope/indicators?per_page=1e3", "per_page", kWhole},
  };
  for (const auto& c : cases) {
    auto r = call(c.role, "GET", c.path);
    EXPECT_EQ(r.status, 400) << c.path << ": " << r.body;
    EXPECT_EQ(field_of(r), c.field) << c.path << ": " << r.body;
    EXPECT_NE(r.body.find(c.message), std::string::npos) << c.path << ": " << r.body;
  }
  auto column = call(Role::kAnalyst, "POST",
                     "/api/v1/indicator-sets/nope/import?format=csv&column=2x", "1.2.3.4\n");
  EXPECT_EQ(column.status, 400) << column.body;
  EXPECT_EQ(field_of(column), "column") << column.body;
  EXPECT_NE(column.body.find(kWhole), std::string::npos) << column.body;
  auto ok = call(Role::kAuditor, "GET", "/api/v1/audit?page=1&per_page=200");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

// Issue 15: "incomplete" is a status code of its own, not an invalid_argument whose field
// happens to be "checklist".
TEST_F(ApiTest, IncompleteIsItsOwnStatusCodeAndNotAFieldName) {
  auto incomplete = http::error_response(liaison::incomplete("missing", {"title"}));
  EXPECT_EQ(incomplete.status, 422);
  auto e = json::parse(incomplete.body).at("error");
  EXPECT_EQ(e.at("code"), "incomplete");
  EXPECT_EQ(e.at("field"), "checklist");
  EXPECT_EQ(e.at("missing"), (json::array{"title"}));
  auto plain = http::error_response(invalid_argument("checklist must be an object", "checklist"));
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(json::parse(plain.body).at("error").at("code"), "invalid_argument");
}

// Issue 15: a request whose stored document cannot be rendered is a 500 with a JSON error,
// never a success code with an empty (or half-filled) object.
TEST_F(ApiTest, ARequestThatCannotBeRenderedIsA500WithAJsonError) {
  std::string id = create_draft(json::object{{"type", "preservation"}, {"requested_party", "US"}});
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(
                        store::Stmt q, db.prepare("UPDATE requests SET doc='[1]' WHERE id=?"));
                    q.bind(1, id);
                    return q.run();
                  })
                  .is_ok());
  auto r = call(Role::kLiaisonOfficer, "GET", "/api/v1/requests/" + id);
  EXPECT_EQ(r.status, 500) << r.body;
  auto e = error_of(r);
  EXPECT_EQ(e.at("code").as_string(), "internal");
  EXPECT_NE(std::string(e.at("message").as_string()).find("not a JSON object"), std::string::npos)
      << r.body;
  auto patched =
      call(Role::kLiaisonOfficer, "PATCH", "/api/v1/requests/" + id, R"({"priority":"P1"})");
  EXPECT_NE(patched.status / 100, 2) << patched.body;
}

TEST_F(ApiTest, IncompleteSubmitIs422WithMissingItems) {
  std::string id = create_draft(json::object{{"type", "preservation"}, {"requested_party", "US"}});
  int64_t before = record_count();
  auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests/" + id + "/events",
                R"({"event":"submit"})");
  ASSERT_EQ(r.status, 422) << r.body;
  auto e = error_of(r);
  EXPECT_EQ(e.at("code").as_string(), "incomplete");
  EXPECT_EQ(e.at("field").as_string(), "checklist");
  std::set<std::string> missing;
  for (const auto& m : e.at("missing").as_array()) missing.insert(std::string(m.as_string()));
  EXPECT_TRUE(missing.count("custodian"));
  EXPECT_TRUE(missing.count("title"));
  EXPECT_EQ(record_count(), before);
}

TEST_F(ApiTest, FullRequestFlowOverHttp) {
  std::string id = create_draft();
  auto sub = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests/" + id + "/events",
                  R"({"event":"submit"})");
  ASSERT_EQ(sub.status, 200) << sub.body;
  auto doc = json::parse(sub.body).as_object();
  EXPECT_EQ(doc.at("state").as_string(), "submitted");
  EXPECT_EQ(doc.at("direction").as_string(), "outgoing");
  // The requester may withdraw; acknowledging is the other party's.
  std::set<std::string> events;
  for (const auto& e : doc.at("allowed_events").as_array())
    events.insert(std::string(e.as_string()));
  EXPECT_TRUE(events.count("withdraw"));
  EXPECT_FALSE(events.count("acknowledge"));
  auto ack = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests/" + id + "/events",
                  R"({"event":"acknowledge"})");
  EXPECT_EQ(ack.status, 403);
  auto bad_event = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests/" + id + "/events",
                        R"({"event":"teleport"})");
  EXPECT_EQ(field_of(bad_event), "event");
  auto patch =
      call(Role::kLiaisonOfficer, "PATCH", "/api/v1/requests/" + id, R"({"priority":"P0"})");
  EXPECT_EQ(patch.status, 409);  // no longer a draft

  auto msg = call(
      Role::kLiaisonOfficer, "POST", "/api/v1/requests/" + id + "/messages",
      R"({"body":{"original":"请尽快处理","lang":"zh-CN","translation":"Please hurry","translation_lang":"en"}})");
  ASSERT_EQ(msg.status, 201) << msg.body;
  auto msgs = call(Role::kAuditor, "GET", "/api/v1/requests/" + id + "/messages");
  EXPECT_EQ(json::parse(msgs.body).as_object().at("total").as_int64(), 1);

  auto up = http_call(base_, "POST", "/api/v1/requests/" + id + "/attachments?filename=log.txt",
                      "line 1\nline 2\n",
                      {{"Authorization", "Bearer " + tokens_[Role::kLiaisonOfficer]},
                       {"Content-Type", "text/plain"}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string sha(json::parse(up.body).as_object().at("sha256").as_string());
  auto down = call(Role::kAuditor, "GET", "/api/v1/requests/" + id + "/attachments/" + sha);
  EXPECT_EQ(down.status, 200);
  EXPECT_EQ(down.body, "line 1\nline 2\n");
  auto package = call(Role::kAuditor, "GET", "/api/v1/requests/" + id + "/evidence");
  ASSERT_EQ(package.status, 200) << package.body;
  EXPECT_EQ(package.body.substr(0, 2), "PK");  // a zip
  EXPECT_NE(package.body.find("manifest.json"), std::string::npos);
  EXPECT_NE(package.body.find("line 1\nline 2\n"), std::string::npos);  // stored as attached
  auto no_package = call(Role::kAuditor, "GET", "/api/v1/requests/no-such-request/evidence");
  EXPECT_EQ(no_package.status, 404);
  EXPECT_EQ(field_of(no_package), "id");

  auto recs = call(Role::kAuditor, "GET", "/api/v1/requests/" + id + "/records");
  ASSERT_EQ(recs.status, 200);
  auto items = json::parse(recs.body).as_object().at("items").as_array();
  // draft, submit, message, attachment, and the download's and the export's custody records
  // (issue 14)
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[5].at("kind").as_string(), "attachment.custody");
  EXPECT_EQ(items[5].at("payload").as_object().at("action").as_string(), "exported");
  EXPECT_EQ(items[4].at("kind").as_string(), "attachment.custody") << json::serialize(items[4]);
  for (const auto& it : items) EXPECT_TRUE(it.as_object().at("signature_valid").as_bool());

  auto list = call(Role::kAuditor, "GET", "/api/v1/requests?state=submitted&q=ransomware");
  EXPECT_EQ(json::parse(list.body).as_object().at("total").as_int64(), 1);
  auto bad_filter = call(Role::kAuditor, "GET", "/api/v1/requests?state=lost");
  EXPECT_EQ(field_of(bad_filter), "state");
}

// Issue 13: a log-out with a bearer token answered 204 while the token kept working; an
// uploaded text/html or image/svg+xml was served as such (script in the console's origin).
TEST_F(ApiTest, BearerLogoutEndsTheTokenAndActiveUploadsAreServedAsBytes) {
  std::string id = create_draft();
  for (const auto& [type, served] : std::vector<std::pair<std::string, std::string>>{
           {"text/html", "application/octet-stream"},
           {"image/svg+xml", "application/octet-stream"},
           {"text/plain; charset=utf-8", "text/plain; charset=utf-8"},
           {"application/pdf", "application/pdf"}}) {
    auto up = http_call(
        base_, "POST",
        "/api/v1/requests/" + id + "/attachments?filename=f-" + std::to_string(served.size()) +
            type.substr(0, 4) + ".bin",
        "<script>alert(1)</script>" + type,
        {{"Authorization", "Bearer " + tokens_[Role::kLiaisonOfficer]}, {"Content-Type", type}});
    ASSERT_EQ(up.status, 201) << up.body;
    std::string sha(json::parse(up.body).as_object().at("sha256").as_string());
    auto down = call(Role::kAuditor, "GET", "/api/v1/requests/" + id + "/attachments/" + sha);
    ASSERT_EQ(down.status, 200);
    EXPECT_EQ(down.headers["content-type"], served) << type;
  }
  std::string tok = tokens_[Role::kAnalyst];
  auto me = http_call(base_, "GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + tok}});
  ASSERT_EQ(me.status, 200) << me.body;
  auto out =
      http_call(base_, "POST", "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + tok}});
  EXPECT_EQ(out.status, 204) << out.body;
  auto after = http_call(base_, "GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + tok}});
  EXPECT_EQ(after.status, 401) << after.body;
}

// Percent-encodes a query value (the test client sends targets as they are).
std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST_F(ApiTest, SearchFindsChineseAndSaysWhetherItsTotalIsExact) {
  std::string id = create_draft();  // 保全勒索软件服务器日志 / Preserve ransomware server logs
  for (const char* q : {"勒索软件", "勒索", "RANSOMWARE", "203.0.113"}) {
    auto r = call(Role::kAuditor, "GET", "/api/v1/requests?q=" + url_encode(q));
    ASSERT_EQ(r.status, 200) << q << ": " << r.body;
    auto page = json::parse(r.body).as_object();
    EXPECT_EQ(page.at("total").as_int64(), 1) << q;
    EXPECT_TRUE(page.at("total_exact").as_bool()) << q;
    EXPECT_EQ(page.at("items").as_array().at(0).at("id").as_string(), id) << q;
  }
  auto none = call(Role::kAuditor, "GET", "/api/v1/requests?q=" + url_encode("\"NEAR\" *"));
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(json::parse(none.body).as_object().at("total").as_int64(), 0);
  EXPECT_EQ(field_of(call(Role::kAuditor, "GET", "/api/v1/requests?q=x")), "q");
  EXPECT_EQ(field_of(call(Role::kAuditor, "GET", "/api/v1/requests?q=" + url_encode("勒"))), "q");
  EXPECT_EQ(field_of(call(Role::kAuditor, "GET", "/api/v1/requests?q=%FF%FE")), "q");
}

// While a search holds the one connection set apart for searches, every other search gets 429
// with Retry-After at once, and the node's other reads are all served.
TEST_F(ApiTest, ASearchFloodIsTurnedAwayWithoutBlockingOtherReads) {
  std::string id = create_draft();
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  std::thread holder([&] {
    (void)node_->pool().try_read_apart([&](store::Db&) {
      entered.set_value();
      released.wait();
      return Status::ok();
    });
  });
  entered.get_future().wait();
  std::atomic<int> refused{0}, served{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      auto r = call(Role::kAuditor, "GET", "/api/v1/requests?q=ransomware");
      if (r.status == 429 && r.headers["retry-after"] == "1" && field_of(r) == "q") ++refused;
    });
    clients.emplace_back([&] {
      if (call(Role::kAuditor, "GET", "/api/v1/node").status == 200 &&
          call(Role::kAuditor, "GET", "/api/v1/requests").status == 200 &&
          call(Role::kAuditor, "GET", "/api/v1/requests/" + id).status == 200) {
        ++served;
      }
    });
  }
  for (auto& t : clients) t.join();
  release.set_value();
  holder.join();
  EXPECT_EQ(refused.load(), 8);
  EXPECT_EQ(served.load(), 8);
  EXPECT_EQ(call(Role::kAuditor, "GET", "/api/v1/requests?q=ransomware").status, 200);
}

// Searches racing each other (no test holds the slot): each is answered 200 or 429, at least
// one is served, and reads of other kinds beside them are all served.
TEST_F(ApiTest, ConcurrentSearchesAreServedOrTurnedAwayNeverFailed) {
  create_draft();
  std::atomic<int> ok{0}, busy{0}, other{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 12; ++i) {
    clients.emplace_back([&] {
      for (int k = 0; k < 5; ++k) {
        int status = call(Role::kAuditor, "GET", "/api/v1/requests?q=server").status;
        (status == 200 ? ok : status == 429 ? busy : wrong)++;
      }
    });
  }
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      for (int k = 0; k < 5; ++k) {
        (call(Role::kAuditor, "GET", "/api/v1/node").status == 200 ? other : wrong)++;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(ok.load() + busy.load(), 60);
  EXPECT_GE(ok.load(), 1);
  EXPECT_EQ(other.load(), 20);
}

TEST_F(ApiTest, OversizeBodiesGet413AndChangeNothing) {
  std::string big(100 * 1024, 'x');
  auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests", "{\"a\":\"" + big + "\"}");
  EXPECT_EQ(r.status, 413);
  std::string id = create_draft();
  int64_t before = record_count();
  auto up = http_call(base_, "POST", "/api/v1/requests/" + id + "/attachments?filename=big.bin",
                      std::string(300 * 1024, 'y'),
                      {{"Authorization", "Bearer " + tokens_[Role::kLiaisonOfficer]}});
  EXPECT_EQ(up.status, 413);
  EXPECT_EQ(record_count(), before);
}

TEST_F(ApiTest, UnauthenticatedUploadIsRefusedBeforeItsBodyIsRead) {
  std::string id = create_draft();
  auto r = http_call(base_, "POST", "/api/v1/requests/" + id + "/attachments?filename=a.bin",
                     std::string(200 * 1024, 'z'));
  EXPECT_EQ(r.status, 401);  // unauthenticated, not forbidden (issue 13)
  // Refused by the header-stage check (not, say, by CSRF after the body was read).
  EXPECT_NE(r.body.find("log in before uploading"), std::string::npos) << r.body;
  // A large body on a non-upload path gets the small limit even if the query mentions it.
  auto sneaky = call(Role::kLiaisonOfficer, "POST", "/api/v1/requests?x=/attachments",
                     "{\"a\":\"" + std::string(100 * 1024, 'x') + "\"}");
  EXPECT_EQ(sneaky.status, 413);
}

TEST_F(ApiTest, FederationPathsRefuseClientsWithoutAPeerCertificate) {
  auto r = http_call(base_, "GET", "/federation/v1/records?after=0");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("client certificate"), std::string::npos);
}

// The 24/7 directory's freshness (90 days by default) is computed on read, filtered with
// ?stale=, and renewed by POST …/verify; a document sent back with its computed fields is
// taken as it was meant.
TEST_F(ApiTest, DirectoryEntriesTurnStaleAndAreVerified) {
  auto add = [&](const char* name, const char* verified) {
    json::object c{{"party", "CN"}, {"name", name}, {"tier", 2}, {"timezone", "UTC"}};
    if (*verified) c["last_verified"] = verified;
    auto r = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts", json::serialize(c));
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body).as_object();
  };
  json::object old_one = add("Old", "2026-08-01T00:00:00Z");  // 112 days before the clock
  json::object fresh = add("Fresh", "2026-11-01T00:00:00Z");
  json::object never = add("Never", "");
  EXPECT_EQ(old_one.at("stale"), true);
  EXPECT_EQ(fresh.at("stale"), false);
  EXPECT_EQ(fresh.at("verify_by").as_string(),
            format_rfc3339(*parse_rfc3339("2027-01-30T00:00:00Z")));
  EXPECT_EQ(never.at("stale"), true);
  EXPECT_EQ(never.at("verify_by"), "");
  auto names = [&](const char* query) {
    auto r = call(Role::kAnalyst, "GET", std::string("/api/v1/contacts") + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value list = json::parse(r.body);
    for (const auto& c : list.at("items").as_array()) out.emplace_back(c.at("name").as_string());
    return out;
  };
  EXPECT_EQ(names("?stale=true"), (std::vector<std::string>{"Never", "Old"}));
  EXPECT_EQ(names("?stale=false"), std::vector<std::string>{"Fresh"});
  EXPECT_EQ(names("?party=CN&tier=2").size(), 3u);

  const std::string old_id(old_one.at("id").as_string());
  auto verified = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts/" + old_id + "/verify");
  ASSERT_EQ(verified.status, 200) << verified.body;
  json::object v = json::parse(verified.body).as_object();
  EXPECT_EQ(v.at("last_verified").as_string(), format_rfc3339(clock_.now()));
  EXPECT_EQ(v.at("stale"), false);
  EXPECT_EQ(names("?stale=true"), std::vector<std::string>{"Never"});

  // Sent back as read, with a change: the computed fields are not stored.
  fresh["name"] = "Fresh Two";
  fresh["stale"] = true;
  auto patched =
      call(Role::kLiaisonOfficer, "PATCH",
           "/api/v1/contacts/" + std::string(fresh.at("id").as_string()), json::serialize(fresh));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body).at("stale"), false);

  clock_.advance(std::chrono::days(91));
  EXPECT_EQ(names("?stale=true"), (std::vector<std::string>{"Fresh Two", "Never", "Old"}));
}

// Issue 14: the directory is each party's own signed records. US's entry (as US's node
// published it) is listed read-only; changing it is refused with 403 naming `party`, and
// nothing is written. "Delete" retires this party's own entry: hidden from the list unless
// include_retired=true, kept with its history, and frozen (409).
TEST_F(ApiTest, DirectoryEntriesOfAnotherPartyAreReadOnlyAndDeleteRetires) {
  auto us = us_record("directory.contact", "us-jane",
                      json::object{{"event", "create"},
                                   {"contact", json::object{{"name", "Jane Miller"},
                                                            {"tier", 1},
                                                            {"timezone", "America/New_York"}}},
                                   {"last_verified", "2026-11-01T00:00:00Z"}});
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) {
                    return node_->ledger().ingest(db, us, us_key_.public_key());
                  })
                  .is_ok());
  auto jane = call(Role::kAnalyst, "GET", "/api/v1/contacts/us-jane");
  ASSERT_EQ(jane.status, 200) << jane.body;
  EXPECT_EQ(json::parse(jane.body).at("editable"), false);
  EXPECT_EQ(json::parse(jane.body).at("last_verified"), "2026-11-01T00:00:00Z");
  const int64_t before = record_count();
  for (auto [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PATCH", "/api/v1/contacts/us-jane", R"({"name":"Not Jane"})"},
           {"POST", "/api/v1/contacts/us-jane/verify", ""},
           {"DELETE", "/api/v1/contacts/us-jane", ""},
           {"POST", "/api/v1/contacts",
            R"({"party":"US","name":"Fake","tier":1,"timezone":"UTC"})"}}) {
    auto r = call(Role::kAdministrator, method, path, body);
    EXPECT_EQ(r.status, 403) << method << " " << path << ": " << r.body;
    EXPECT_EQ(error_of(r).at("code"), "permission_denied") << r.body;
    EXPECT_EQ(field_of(r), "party") << r.body;
  }
  EXPECT_EQ(record_count(), before);

  auto own = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts",
                  R"({"name":"Li Na","tier":2,"timezone":"Asia/Shanghai"})");
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string id(json::parse(own.body).at("id").as_string());
  EXPECT_EQ(json::parse(own.body).at("party"), "CN");
  EXPECT_EQ(json::parse(own.body).at("editable"), true);
  EXPECT_EQ(
      call(Role::kLiaisonOfficer, "DELETE", "/api/v1/contacts/" + id + "?reason=moved").status,
      204);
  auto ids = [&](const char* query) {
    auto r = call(Role::kAnalyst, "GET", std::string("/api/v1/contacts") + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value list = json::parse(r.body);
    for (const auto& c : list.at("items").as_array()) {
      out.emplace_back(c.at("id").as_string());
    }
    return out;
  };
  EXPECT_EQ(ids(""), std::vector<std::string>{"us-jane"});
  EXPECT_EQ(ids("?include_retired=true"), (std::vector<std::string>{id, "us-jane"}));
  auto frozen = call(Role::kLiaisonOfficer, "PATCH", "/api/v1/contacts/" + id, R"({"tier":1})");
  EXPECT_EQ(frozen.status, 409) << frozen.body;
  EXPECT_EQ(field_of(frozen), "retired");
  auto history = call(Role::kAnalyst, "GET", "/api/v1/contacts/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  auto items = json::parse(history.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("event"), "create");
  EXPECT_EQ(items[1].at("event"), "retire");
  EXPECT_EQ(items[1].at("reason"), "moved");
  EXPECT_EQ(items[1].at("by"), "u_liaison_officer");
  EXPECT_EQ(call(Role::kAnalyst, "GET", "/api/v1/contacts?include_retired=yes").status, 400);
}

TEST_F(ApiTest, UsersAndContactsValidateInput) {
  auto weak = call(Role::kAdministrator, "POST", "/api/v1/users",
                   R"({"username":"bob","role":"analyst","password":"short"})");
  EXPECT_EQ(field_of(weak), "password");
  auto role = call(Role::kAdministrator, "POST", "/api/v1/users",
                   R"({"username":"bob","role":"king","password":"long enough password"})");
  EXPECT_EQ(field_of(role), "role");
  auto ok = call(Role::kAdministrator, "POST", "/api/v1/users",
                 R"({"username":"bob","role":"analyst","password":"long enough password"})");
  EXPECT_EQ(ok.status, 201);
  auto dup = call(Role::kAdministrator, "POST", "/api/v1/users",
                  R"({"username":"bob","role":"analyst","password":"long enough password"})");
  EXPECT_EQ(dup.status, 409);
  auto tier = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts",
                   R"({"party":"CN","name":"X","tier":4,"timezone":"America/New_York"})");
  EXPECT_EQ(field_of(tier), "tier");
  auto tz = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts",
                 R"({"party":"CN","name":"X","tier":1,"timezone":"Nowhere/City"})");
  EXPECT_EQ(field_of(tz), "timezone");
  auto ch = call(
      Role::kLiaisonOfficer, "POST", "/api/v1/contacts",
      R"({"party":"CN","name":"X","tier":1,"timezone":"UTC","channels":[{"kind":"pigeon","value":"x"}]})");
  EXPECT_EQ(field_of(ch), "channels[0].kind");
  auto list = call(Role::kAnalyst, "GET", "/api/v1/contacts?party=US");
  EXPECT_EQ(json::parse(list.body).as_object().at("total").as_int64(), 0);
  auto stale = call(Role::kAnalyst, "GET", "/api/v1/contacts?stale=maybe");
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(field_of(stale), "stale");
  auto drill = call(Role::kAnalyst, "GET", "/api/v1/hotline/escalations?drill=1");
  EXPECT_EQ(drill.status, 400);
  EXPECT_EQ(field_of(drill), "drill");
  auto nobody = call(Role::kLiaisonOfficer, "POST", "/api/v1/contacts/no-such-id/verify");
  EXPECT_EQ(nobody.status, 404);
  // Paging channels get the checks the sender makes: what it would refuse when someone
  // needs paging is refused when it is saved.
  for (const char* email : {R"(a<b@example.org)", R"(a b@example.org)", "noat.example.org"}) {
    auto bad = call(Role::kLiaisonOfficer, "PUT", "/api/v1/hotline/my-channels",
                    json::serialize(json::object{{"email", email}}));
    EXPECT_EQ(bad.status, 400) << email;
    EXPECT_EQ(field_of(bad), "email") << email;
    // The form by code too, for the console to say in its language (issue 17).
    EXPECT_NE(bad.body.find(R"("form":"email")"), std::string::npos) << bad.body;
  }
  auto hook = call(Role::kAdministrator, "PUT", "/api/v1/hotline/my-channels",
                   R"({"webhook_url":"https://"})");
  EXPECT_EQ(field_of(hook), "webhook_url");
  // Issue 13: the metadata service and the node's own API were accepted as webhooks.
  for (const std::string& url : {std::string("http://169.254.169.254/latest/meta-data"),
                                 base_ + "/api/v1/users", std::string("http://10.0.0.5:8080/")}) {
    auto internal = call(Role::kAdministrator, "PUT", "/api/v1/hotline/my-channels",
                         json::serialize(json::object{{"webhook_url", url}}));
    EXPECT_EQ(internal.status, 400) << url << " " << internal.body;
    EXPECT_EQ(field_of(internal), "webhook_url") << url;
    EXPECT_NE(internal.body.find("webhook_allow"), std::string::npos) << internal.body;
    EXPECT_NE(internal.body.find(R"("reason":"invalid_format")"), std::string::npos)
        << internal.body;
    EXPECT_NE(internal.body.find(R"("form":"public_url")"), std::string::npos) << internal.body;
  }
  // Nothing set yet: empty strings; then the caller reads back what it set.
  auto none = call(Role::kLiaisonOfficer, "GET", "/api/v1/hotline/my-channels");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(json::parse(none.body).at("email"), "");
  auto good = call(Role::kLiaisonOfficer, "PUT", "/api/v1/hotline/my-channels",
                   R"({"email":"officer@example.org"})");
  EXPECT_EQ(good.status, 200) << good.body;
  auto mine = call(Role::kLiaisonOfficer, "GET", "/api/v1/hotline/my-channels");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(json::parse(mine.body).at("email"), "officer@example.org");
  EXPECT_EQ(json::parse(mine.body).at("webhook_url"), "");
  // Another person's are not the caller's.
  auto admin = call(Role::kAdministrator, "GET", "/api/v1/hotline/my-channels");
  EXPECT_EQ(json::parse(admin.body).at("email"), "");
}

}  // namespace
}  // namespace liaison::testing

namespace liaison::testing {
namespace {

// Every list the API returns has one envelope (http/list.h): items, total, page, per_page; a
// list that is not paged is page 1 of one page holding every item.
TEST_F(ApiTest, EveryListHasOneEnvelope) {
  const std::string id = create_draft();
  for (const char* target :
       {"/api/v1/requests", "/api/v1/contacts", "/api/v1/hotline/rosters",
        "/api/v1/hotline/escalations", "/api/v1/hotline/contacts", "/api/v1/hotline/drills",
        "/api/v1/hotline/emergencies", "/api/v1/indicator-sets", "/api/v1/sightings",
        "/api/v1/peers", "/api/v1/quarantine", "/api/v1/audit", "/api/v1/users"}) {
    auto r = call(Role::kAdministrator, "GET", target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    const json::object o = json::parse(r.body).as_object();
    for (const char* key : {"items", "total", "page", "per_page"}) {
      EXPECT_TRUE(o.contains(key)) << target << " has no " << key << ": " << r.body;
    }
  }
  for (const std::string& target :
       {"/api/v1/requests/" + id + "/records", "/api/v1/requests/" + id + "/messages"}) {
    auto r = call(Role::kAdministrator, "GET", target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    const json::object o = json::parse(r.body).as_object();
    const int64_t n = static_cast<int64_t>(o.at("items").as_array().size());
    EXPECT_EQ(o.at("total").as_int64(), n) << target;
    EXPECT_EQ(o.at("page").as_int64(), 1) << target;
    EXPECT_EQ(o.at("per_page").as_int64(), n) << target;
  }
  // The audit log is paged: the paging parameters come back, and a bad one is named.
  auto audit = call(Role::kAdministrator, "GET", "/api/v1/audit?page=2&per_page=3");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json::object a = json::parse(audit.body).as_object();
  EXPECT_EQ(a.at("page").as_int64(), 2);
  EXPECT_EQ(a.at("per_page").as_int64(), 3);
  EXPECT_LE(a.at("items").as_array().size(), 3u);
  auto bad = call(Role::kAdministrator, "GET", "/api/v1/audit?per_page=201");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "per_page");
}

TEST_F(ApiTest, ChangePasswordChecksTheCurrentOneAndThePolicy) {
  const std::string old_pw = "password for u_analyst";
  auto wrong = call(Role::kAnalyst, "POST", "/api/v1/auth/password",
                    R"({"current_password":"not it at all","new_password":"a new long password"})");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(field_of(wrong), "current_password");
  auto weak = call(Role::kAnalyst, "POST", "/api/v1/auth/password",
                   R"({"current_password":")" + old_pw + R"(","new_password":"short"})");
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_EQ(field_of(weak), "new_password");
  auto missing = call(Role::kAnalyst, "POST", "/api/v1/auth/password",
                      R"({"current_password":")" + old_pw + R"("})");
  EXPECT_EQ(field_of(missing), "new_password");
  // Nothing changed so far: the old password still logs in.
  EXPECT_TRUE(node::login(*node_, "u_analyst", old_pw, "", "127.0.0.1:1").is_ok());
  auto ok =
      call(Role::kAnalyst, "POST", "/api/v1/auth/password",
           R"({"current_password":")" + old_pw + R"(","new_password":"a new long password"})");
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(node::login(*node_, "u_analyst", old_pw, "", "127.0.0.1:2").status().field(),
            "password");
  EXPECT_TRUE(node::login(*node_, "u_analyst", "a new long password", "", "127.0.0.1:3").is_ok());
}

TEST_F(ApiTest, TotpEnrolmentStoresNothingUntilACodeForTheSecretChecks) {
  auto setup = call(Role::kAnalyst, "POST", "/api/v1/auth/totp/setup");
  ASSERT_EQ(setup.status, 200) << setup.body;
  const json::object o = json::parse(setup.body).as_object();
  const std::string secret(o.at("secret").as_string());
  EXPECT_EQ(std::string(o.at("otpauth_uri").as_string()),
            "otpauth://totp/liaison%20CN:u_analyst?secret=" + secret +
                "&issuer=liaison%20CN&algorithm=SHA1&digits=6&period=30");
  // Not enabled yet: the password alone still logs in.
  const std::string pw = "password for u_analyst";
  EXPECT_TRUE(node::login(*node_, "u_analyst", pw, "", "127.0.0.1:1").is_ok());

  auto bad_secret = call(Role::kAnalyst, "POST", "/api/v1/auth/totp/confirm",
                         R"({"secret":"not base32!","code":"123456"})");
  EXPECT_EQ(bad_secret.status, 400);
  EXPECT_EQ(field_of(bad_secret), "secret");
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const std::string code = node::totp_code(*from_base32(secret), now);
  const std::string wrong_code = code == "000000" ? "111111" : "000000";
  auto wrong = call(Role::kAnalyst, "POST", "/api/v1/auth/totp/confirm",
                    R"({"secret":")" + secret + R"(","code":")" + wrong_code + R"("})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(field_of(wrong), "code");
  EXPECT_TRUE(node::login(*node_, "u_analyst", pw, "", "127.0.0.1:1").is_ok());

  auto ok = call(Role::kAnalyst, "POST", "/api/v1/auth/totp/confirm",
                 R"({"secret":")" + secret + R"(","code":")" + code + R"("})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(json::parse(ok.body).as_object().at("totp_enabled").as_bool());
  EXPECT_EQ(node::login(*node_, "u_analyst", pw, "", "127.0.0.1:1").status().field(), "totp");
  // The confirming code is spent; the next step's code logs in.
  EXPECT_EQ(node::login(*node_, "u_analyst", pw, code, "127.0.0.1:1").status().field(), "totp");
  clock_.advance(std::chrono::seconds(60));
  EXPECT_TRUE(
      node::login(*node_, "u_analyst", pw, node::totp_code(*from_base32(secret), now + 60), "x:1")
          .is_ok());
}

TEST_F(ApiTest, AuditLogFiltersAndExportsTheWholeFilterAsCsv) {
  // The fixture's set-up wrote user.add and token.create entries for every role's user.
  auto users = call(Role::kAuditor, "GET", "/api/v1/audit?action=user.add&per_page=2");
  ASSERT_EQ(users.status, 200) << users.body;
  const json::object page = json::parse(users.body).as_object();
  const int64_t total = page.at("total").as_int64();
  EXPECT_GE(total, static_cast<int64_t>(node::all_roles().size()));
  EXPECT_EQ(page.at("items").as_array().size(), 2u);
  for (const auto& e : page.at("items").as_array()) {
    EXPECT_EQ(e.at("action").as_string(), "user.add");
  }
  auto one = call(Role::kAuditor, "GET", "/api/v1/audit?object=user/u_analyst&action=user.");
  const json::array items = json::parse(one.body).as_object().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << one.body;
  EXPECT_EQ(items[0].at("object").as_string(), "user/u_analyst");
  auto none = call(Role::kAuditor, "GET", "/api/v1/audit?from=2999-01-01");
  EXPECT_EQ(json::parse(none.body).as_object().at("total").as_int64(), 0);
  auto bad = call(Role::kAuditor, "GET", "/api/v1/audit?from=yesterday");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "from");
  auto fmt = call(Role::kAuditor, "GET", "/api/v1/audit?format=pdf");
  EXPECT_EQ(field_of(fmt), "format");

  // CSV: every entry of the filter (not one page), a header row, a byte-order mark.
  auto csv = call(Role::kAuditor, "GET", "/api/v1/audit?action=user.add&per_page=2&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  ASSERT_EQ(
      csv.body.rfind("\xEF\xBB\xBFSeq,Time (UTC),Actor,Action,Object,Remote address,Hash\r\n", 0),
      0u)
      << csv.body;
  int64_t lines = 0;
  for (char c : csv.body) lines += c == '\n';
  EXPECT_EQ(lines, total + 1);
  EXPECT_NE(csv.body.find(",admin,user.add,user/u_analyst,"), std::string::npos) << csv.body;
}

TEST_F(ApiTest, TokensAreCreatedWithAnExpiryListedWithoutTheirTextAndRevokedById) {
  auto bad = call(Role::kAnalyst, "POST", "/api/v1/tokens", R"({"name":"ci","expires_in_days":0})");
  EXPECT_EQ(field_of(bad), "expires_in_days");
  auto noname = call(Role::kAnalyst, "POST", "/api/v1/tokens", R"({"expires_in_days":3})");
  EXPECT_EQ(field_of(noname), "name");
  auto made =
      call(Role::kAnalyst, "POST", "/api/v1/tokens", R"({"name":"ci","expires_in_days":2})");
  ASSERT_EQ(made.status, 201) << made.body;
  const json::object m = json::parse(made.body).as_object();
  const std::string token(m.at("token").as_string());
  const json::object info = m.at("info").as_object();
  EXPECT_EQ(info.at("name").as_string(), "ci");
  EXPECT_EQ(info.at("username").as_string(), "u_analyst");
  EXPECT_EQ(std::string(info.at("expires_at").as_string()),
            format_rfc3339(clock_.now() + std::chrono::hours(48)));
  const std::string id(info.at("id").as_string());

  // The new token works; listing shows it (and the fixture's) but never a token's text.
  auto me = http_call(base_, "GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  auto list = call(Role::kAnalyst, "GET", "/api/v1/tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(token), std::string::npos);
  EXPECT_EQ(json::parse(list.body).as_object().at("total").as_int64(), 2);
  // Another user neither sees nor revokes it; an administrator sees every user's.
  auto other = call(Role::kLiaisonOfficer, "GET", "/api/v1/tokens");
  EXPECT_EQ(json::parse(other.body).as_object().at("total").as_int64(), 1);
  auto steal = call(Role::kLiaisonOfficer, "DELETE", "/api/v1/tokens/" + id);
  EXPECT_EQ(steal.status, 404);
  auto all_tokens = call(Role::kAdministrator, "GET", "/api/v1/tokens?all=true");
  EXPECT_EQ(json::parse(all_tokens.body).as_object().at("total").as_int64(),
            static_cast<int64_t>(node::all_roles().size()) + 1);

  // Past its expiry it no longer authenticates.
  clock_.advance(std::chrono::hours(49));
  auto expired =
      http_call(base_, "GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(expired.status, 401);
  auto gone = call(Role::kAnalyst, "DELETE", "/api/v1/tokens/" + id);
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(json::parse(call(Role::kAnalyst, "GET", "/api/v1/tokens").body)
                .as_object()
                .at("total")
                .as_int64(),
            1);
  EXPECT_EQ(call(Role::kAnalyst, "DELETE", "/api/v1/tokens/" + id).status, 404);
}

TEST_F(ApiTest, PeersAreAddedFromAnIdentityAndTheNodesOwnIsRefused) {
  const std::string other_key = to_base64(std::string(32, '\x07'));
  const std::string other_fp(64, 'a');
  auto body = [](const std::string& key, const std::string& fp) {
    return json::serialize(json::object{{"party", "GB"},
                                        {"url", "https://127.0.0.1:9"},
                                        {"key", key},
                                        {"tls_fingerprint", fp},
                                        {"name", "GB Liaison"},
                                        {"timezone", "Europe/London"}});
  };
  auto own_key = call(Role::kAdministrator, "POST", "/api/v1/peers",
                      body(node_->ledger().key().public_key_b64(), other_fp));
  EXPECT_EQ(own_key.status, 400) << own_key.body;
  EXPECT_EQ(field_of(own_key), "key");
  auto own_fp = node::certificate_fingerprint(dir_ + "/tls/cert.pem");
  ASSERT_TRUE(own_fp.is_ok());
  auto own_cert = call(Role::kAdministrator, "POST", "/api/v1/peers", body(other_key, *own_fp));
  EXPECT_EQ(own_cert.status, 400) << own_cert.body;
  EXPECT_EQ(field_of(own_cert), "tls_fingerprint");
  auto missing = call(Role::kAdministrator, "POST", "/api/v1/peers", R"({"party":"GB"})");
  EXPECT_EQ(field_of(missing), "url");
  auto unknown = call(Role::kAdministrator, "POST", "/api/v1/peers", R"({"colour":"red"})");
  EXPECT_EQ(field_of(unknown), "colour");
  // Refusals changed nothing.
  EXPECT_EQ(json::parse(call(Role::kAuditor, "GET", "/api/v1/peers").body)
                .as_object()
                .at("total")
                .as_int64(),
            0);

  auto added = call(Role::kAdministrator, "POST", "/api/v1/peers", body(other_key, other_fp));
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body).as_object().at("party").as_string(), "GB");
  EXPECT_EQ(json::parse(call(Role::kAuditor, "GET", "/api/v1/peers").body)
                .as_object()
                .at("total")
                .as_int64(),
            1);
  EXPECT_EQ(call(Role::kAdministrator, "DELETE", "/api/v1/peers/GB").status, 204);
  auto again = call(Role::kAdministrator, "DELETE", "/api/v1/peers/GB");
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(field_of(again), "party");
}

}  // namespace
}  // namespace liaison::testing
