// Fuzzes the path a record takes from one party's public API to another party's ledger
// (issue 13: a record the API accepted was too deep for the peer's reader and stopped
// replication for good). Two nodes, CN and US, run in-process, peered with each other. Each
// input is one write through CN's API (`Api::handle`, with an administrator's token): the
// first byte picks the endpoint, the rest is the body. Whatever CN committed is then pushed
// to US exactly as the syncer does (outgoing_batch → wire JSON → US's POST
// /federation/v1/records handler); priority cases (issue 16) are written on cases seeded both
// ways. The oracle: every record CN accepted is ingested by US —
// the push answers 200, quarantines nothing and US's head of CN's chain reaches CN's head.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/compose.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "federation/exchange.h"
#include "federation/peers.h"
#include "http/api.h"
#include "ledger/limits.h"
#include "node/node.h"
#include "node/users.h"

namespace {

using namespace liaison;
namespace json = boost::json;

struct Pair {
  SystemClock clock;
  std::string root;
  std::unique_ptr<node::Node> cn, us;
  std::unique_ptr<http::Api> cn_api, us_api;
  std::string token, us_token, cn_fingerprint, us_fingerprint, request_id, draft_id;
  std::string accepted_case, proposed_case;  // CN's case US accepted; US's case to accept
};

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "federation_api_fuzz: %s\n", why.c_str());
  __builtin_trap();
}

http::Response call(Pair& p, const std::string& method, const std::string& path,
                    const std::string& body, bool as_us = false) {
  http::Request req;
  req.method = method;
  req.path = path;
  req.target = path;
  req.body = body;
  req.remote = "127.0.0.1:1";
  req.headers["authorization"] = "Bearer " + (as_us ? p.us_token : p.token);
  req.headers["content-type"] = "application/json";
  return (as_us ? p.us_api : p.cn_api)->handle(req);
}

std::string id_of(const http::Response& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("id")) fail("no id in " + r.body);
  return std::string(v.as_object().at("id").as_string());
}

void seed_cases(Pair& p);

Pair& pair() {
  static Pair* p = [] {
    auto* p = new Pair;
    if (!crypto_init()) fail("crypto_init");
    p->root =
        (std::filesystem::temp_directory_path() / ("liaison-fedfuzz-" + std::to_string(::getpid())))
            .string();
    std::filesystem::remove_all(p->root);
    node::InitResult ids[2];
    const char* parties[2] = {"CN", "US"};
    for (int i = 0; i < 2; ++i) {
      node::InitOptions o;
      o.dir = p->root + "/" + parties[i];
      o.party = parties[i];
      o.name = std::string(parties[i]) + " node";
      o.admin_password = "fuzzing password 1";
      auto r = liaison::app::init_node(o, p->clock);
      if (!r.is_ok()) fail(r.status().to_string());
      ids[i] = *r;
    }
    auto cn = liaison::app::open_node(p->root + "/CN", p->clock);
    auto us = liaison::app::open_node(p->root + "/US", p->clock);
    if (!cn.is_ok() || !us.is_ok()) fail("open");
    p->cn = std::move(*cn);
    p->us = std::move(*us);
    node::Actor admin{"admin", node::Role::kAdministrator, "fuzz"};
    federation::PeerSpec to_us{
        "US",      "https://127.0.0.1:9", ids[1].public_key_b64, ids[1].tls_fingerprint,
        "US node", "America/New_York"};
    federation::PeerSpec to_cn{
        "CN",      "https://127.0.0.1:9", ids[0].public_key_b64, ids[0].tls_fingerprint,
        "CN node", "Asia/Shanghai"};
    if (!federation::add_peer(*p->cn, admin, to_us).is_ok()) fail("peer US");
    if (!federation::add_peer(*p->us, admin, to_cn).is_ok()) fail("peer CN");
    p->cn_fingerprint = ids[0].tls_fingerprint;
    p->us_fingerprint = ids[1].tls_fingerprint;
    auto token = node::create_token(*p->cn, admin, "admin", "fuzz");
    if (!token.is_ok()) fail(token.status().to_string());
    p->token = *token;
    auto us_token = node::create_token(*p->us, admin, "admin", "fuzz");
    if (!us_token.is_ok()) fail(us_token.status().to_string());
    p->us_token = *us_token;
    p->cn_api = std::make_unique<http::Api>(*p->cn, "", app::routes());
    p->us_api = std::make_unique<http::Api>(*p->us, "", app::routes());
    // Objects for the endpoints that need one: a submitted request and a draft.
    const std::string request =
        R"({"type":"preservation","priority":"P1","priority_area":"hacking",)"
        R"("requested_party":"US","title":{"original":"保全勒索软件服务器日志"},)"
        R"("requesting_authority":{"original":"MPS Cybersecurity Bureau"},)"
        R"("legal_basis":{"original":"Agreement on MLA, 2000"},)"
        R"("offence":{"original":"Ransomware attack on a hospital"},)"
        R"("data_sought":{"original":"Access logs"},"data_link":{"original":"The C2 server"},)"
        R"("custodian":{"original":"Example Hosting LLC"},)"
        R"("necessity":{"original":"Logs are overwritten after 30 days"},"mla_to_follow":true,)"
        R"("data_categories":["traffic"],)"
        R"("identifiers":[{"kind":"ipv4","value":"203.0.113.45","port":443,)"
        R"("observed_at":"2026-11-18T02:14:00Z"}]})";
    auto created = call(*p, "POST", "/api/v1/requests", request);
    if (created.status != 201) fail("seed request: " + created.body);
    p->request_id = id_of(created);
    auto submitted =
        call(*p, "POST", "/api/v1/requests/" + p->request_id + "/events", R"({"event":"submit"})");
    if (submitted.status != 200) fail("seed submit: " + submitted.body);
    auto draft = call(*p, "POST", "/api/v1/requests", request);
    if (draft.status != 201) fail("seed draft: " + draft.body);
    p->draft_id = id_of(draft);
    seed_cases(*p);
    return p;
  }();
  return *p;
}

// Pushes everything `from` holds for `to`, as the syncer would, until `to` has its head.
void push(Pair& p, bool from_cn) {
  node::Node& from = from_cn ? *p.cn : *p.us;
  node::Node& to = from_cn ? *p.us : *p.cn;
  http::Api& to_api = from_cn ? *p.us_api : *p.cn_api;
  const std::string origin = from_cn ? "CN" : "US", dest = from_cn ? "US" : "CN";
  for (int round = 0; round < 100; ++round) {
    auto held = federation::held_seq(to, origin);
    auto head = federation::held_seq(from, origin);
    if (!held.is_ok() || !head.is_ok()) fail("held_seq");
    if (*held >= *head) return;
    auto batch = federation::outgoing_batch(from, dest, *held, federation::kMaxBatchRecords,
                                            federation::kMaxPushBytes);
    if (!batch.is_ok()) fail(batch.status().to_string());
    json::array arr;
    for (const auto& r : batch->records) arr.push_back(federation::to_wire(r));
    http::Request req;
    req.method = "POST";
    req.path = req.target = "/federation/v1/records";
    req.body = json::serialize(json::object{{"records", std::move(arr)}});
    req.remote = "127.0.0.1:2";
    req.tls = true;
    req.peer_fingerprint = from_cn ? p.cn_fingerprint : p.us_fingerprint;
    if (req.body.size() > ledger::kMaxPushBodyBytes) {
      fail("a push of " + std::to_string(req.body.size()) + " bytes is over the reader's limit");
    }
    auto res = to_api.handle(req);
    if (res.status != 200)
      fail(dest + " refused " + origin + "'s push: " + std::to_string(res.status) + " " + res.body);
    auto o = json::parse(res.body).as_object();
    if (!o.at("quarantined").as_array().empty()) fail(dest + " quarantined: " + res.body);
    if (o.at("received_up_to").as_int64() <= *held) fail("no progress: " + res.body);
  }
  fail("push did not converge");
}

void push_all(Pair& p) { push(p, true); }

// Priority cases to write to (issue 16): one CN proposed and US accepted (CN posts status
// updates on it), one US proposed (CN accepts it).
void seed_cases(Pair& p) {
  push(p, true);
  const std::string officer = R"("lead_officer":{"name":"Li Wei"})";
  auto mine = call(p, "POST", "/api/v1/cases",
                   R"({"title":{"original":"勒索软件","lang":"zh-CN"},"area":"hacking",)"
                   R"("requests":[")" +
                       p.request_id + R"("],)" + officer + "}");
  if (mine.status != 201) fail("seed case: " + mine.body);
  p.accepted_case = id_of(mine);
  push(p, true);
  auto acc = call(p, "POST", "/api/v1/cases/" + p.accepted_case + "/accept",
                  R"({"lead_officer":{"name":"J. Smith"}})", true);
  if (acc.status != 200) fail("seed accept: " + acc.body);
  auto theirs = call(p, "POST", "/api/v1/cases",
                     R"({"title":{"original":"fraud ring","lang":"en"},"area":"online_fraud",)"
                     R"("lead_officer":{"name":"J. Smith"}})",
                     true);
  if (theirs.status != 201) fail("seed US case: " + theirs.body);
  p.proposed_case = id_of(theirs);
  push(p, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Pair& p = pair();
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string req = "/api/v1/requests/" + p.request_id;
  struct Endpoint {
    const char* method;
    std::string path;
  };
  const Endpoint endpoints[] = {
      {"POST", "/api/v1/hotline/contacts"},
      {"POST", "/api/v1/requests"},
      {"POST", req + "/events"},
      {"POST", req + "/messages"},
      {"PATCH", "/api/v1/requests/" + p.draft_id},
      {"POST", "/api/v1/indicator-sets"},
      {"POST", "/api/v1/hotline/escalations"},
      {"POST", "/api/v1/hotline/drills"},
      {"PUT", "/api/v1/hotline/policy"},
      {"PUT", "/api/v1/hotline/rosters/fuzz-roster"},
      {"POST", "/api/v1/contacts"},
      {"POST", "/api/v1/cases"},
      {"POST", "/api/v1/cases/" + p.accepted_case + "/status"},
      {"POST", "/api/v1/cases/" + p.proposed_case + "/accept"},
      {"POST", req + "/lead-outcome"},
  };
  // '0'…'9', ':', ';', '<', '=', '>' name the endpoints in the corpus files; any byte picks one.
  const Endpoint& e = endpoints[static_cast<uint8_t>(data[0] - '0') % std::size(endpoints)];
  (void)call(p, e.method, e.path, body);
  push_all(p);
  return 0;
}
