#include "app/demo.h"

#include <boost/json.hpp>
#include <fstream>

#include "common/crypto.h"
#include "directory/kinds.h"
#include "directory/service.h"
#include "federation/peers.h"
#include "hotline/service.h"
#include "ledger/canonical_json.h"
#include "model/request.h"
#include "model/request_json.h"
#include "requests/kinds.h"
#include "requests/service.h"
#include "store/records.h"

namespace liaison::node {

namespace json = boost::json;
using model::BilingualText;

namespace {

BilingualText zh(std::string original, std::string en) {
  return BilingualText{std::move(original), "zh-CN", std::move(en), "en"};
}
BilingualText en(std::string original, std::string zh) {
  return BilingualText{std::move(original), "en", std::move(zh), "zh-CN"};
}

model::RequestContent preservation(const std::string& from, const std::string& to) {
  model::RequestContent c;
  c.type = model::RequestType::kPreservation;
  c.priority = model::Priority::kP1;
  c.priority_area = model::PriorityArea::kHacking;
  c.requesting_party = from;
  c.requested_party = to;
  c.title = zh("保全勒索软件控制服务器的日志", "Preserve logs of a ransomware C2 server");
  c.requesting_authority = zh("公安部网络安全保卫局", "MPS Cybersecurity Bureau");
  c.legal_basis = en("Budapest Convention Art. 29; 18 USC 2703(f)", "布达佩斯公约第29条");
  c.offence = zh("勒索软件攻击医院信息系统，造成服务中断", "Ransomware attack on hospital systems");
  c.data_sought = zh("服务器访问日志及订阅者信息", "Server access logs and subscriber data");
  c.data_link = zh("该服务器被用作勒索软件的控制服务器", "The server was the ransomware's C2");
  c.custodian = en("Example Hosting LLC, Ashburn VA", "示例主机公司");
  c.necessity = zh("日志将在30天后被覆盖", "Logs are overwritten after 30 days");
  c.mla_to_follow = true;
  c.data_categories = {model::DataCategory::kTraffic, model::DataCategory::kSubscriber};
  model::Identifier ip;
  ip.kind = model::IdentifierKind::kIpv4;
  ip.value = "203.0.113.45";
  ip.port = 443;
  ip.observed_at = "2026-11-18T02:14:00Z";
  ip.note = "C2";
  c.identifiers = {ip};
  return c;
}

Result<std::string> save_key(Node& node, const std::string& code, ledger::SigningKey& key) {
  std::string path = node.path("keys/demo-" + code + ".key");
  std::ifstream in(path);
  std::string b64;
  if (in >> b64) {
    LIAISON_ASSIGN_OR_RETURN(key, ledger::SigningKey::from_b64(b64));
    return path;
  }
  key = ledger::SigningKey::generate();
  std::ofstream out(path, std::ios::trunc);
  out << key.to_b64() << "\n";
  return path;
}

// Writes a record as the demo peer would have and ingests it through the normal path.
Status peer_record(Node& node, const ledger::SigningKey& key, const std::string& peer,
                   const std::string& kind, const std::string& object_id,
                   const json::object& payload) {
  store::ChainHead head;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(head, store::chain_head(db, peer));
    return Status::ok();
  }));
  ledger::Record r;
  r.origin = peer;
  r.seq = head.seq + 1;
  r.prev_hash = head.hash;
  r.kind = kind;
  r.object_id = object_id;
  LIAISON_ASSIGN_OR_RETURN(r.payload, ledger::canonical_json(payload));
  r.created_at = node.now();
  r.recipients = {node.party()};
  LIAISON_RETURN_IF_ERROR(ledger::seal(r, key));
  return ingest_record(node, r);
}

std::string id_of(const std::string& doc) {
  return std::string(json::parse(doc).as_object().at("id").as_string());
}

// Outgoing requests and this party's contacts only.
Result<int> load_own_part(Node& node, const Actor& actor, const std::string& self,
                          const std::string& peer) {
  bool cn = self == "CN";
  json::object contact{
      {"party", self},
      {"name", cn ? "王伟 Wang Wei" : "Jane Miller"},
      {"organisation", cn ? "MPS" : "DOJ CCIPS"},
      {"tier", 1},
      {"timezone", cn ? "Asia/Shanghai" : "America/New_York"},
      {"languages", json::array{"zh-CN", "en"}},
      {"channels", json::array{json::object{
                       {"kind", "email"}, {"value", cn ? "duty@cn.example" : "duty@us.example"}}}},
      {"last_verified", "2026-10-01T00:00:00Z"}};
  LIAISON_RETURN_IF_ERROR(create_contact(node, actor, contact).status());
  // One on-call schedule per tier, with the demo's administrator on call, so the hotline page
  // shows who would be paged (an unacknowledged P0 escalates after an hour).
  for (int tier = 1; tier <= 3; ++tier) {
    std::string id = self + ":tier" + std::to_string(tier);
    json::object schedule{{"id", id},
                          {"party", self},
                          {"name", "Tier " + std::to_string(tier)},
                          {"tier", tier},
                          {"timezone", cn ? "Asia/Shanghai" : "America/New_York"},
                          {"layers", json::array{json::object{{"name", "duty officer"},
                                                              {"start", "2026-01-05T09:00"},
                                                              {"rotation_length", 1},
                                                              {"rotation_unit", "weeks"},
                                                              {"users", json::array{"admin"}}}}}};
    LIAISON_RETURN_IF_ERROR(put_roster(node, actor, id, schedule).status());
  }
  int count = 0;
  model::RequestContent c = preservation(self, peer);
  if (!cn) {
    c.title = en("Preserve mailbox of a business e-mail compromise crew",
                 "保全商业电子邮件诈骗团伙的邮箱");
    c.requesting_authority = en("FBI Cyber Division", "美国联邦调查局网络部");
    c.priority_area = model::PriorityArea::kFraud;
    c.custodian = zh("某邮件服务提供商，杭州", "A mail provider in Hangzhou");
  }
  json::object body = model::to_json(c);
  body.erase("requester_ref");
  LIAISON_ASSIGN_OR_RETURN(std::string doc, create_request(node, actor, body));
  LIAISON_RETURN_IF_ERROR(
      request_event(node, actor, id_of(doc), json::object{{"event", "submit"}}).status());
  ++count;
  if (cn) {
    c.type = model::RequestType::kEmergencyDisclosure;
    c.priority = model::Priority::kP0;
    c.priority_area = model::PriorityArea::kCriticalInfrastructure;
    c.title = zh("电网调度系统遭入侵：紧急披露攻击者账户信息",
                 "Power-grid dispatch intrusion: emergency disclosure of attacker accounts");
    c.respond_by = format_rfc3339(node.clock().now() + std::chrono::hours(8));
    body = model::to_json(c);
    body.erase("requester_ref");
    LIAISON_ASSIGN_OR_RETURN(doc, create_request(node, actor, body));
    LIAISON_RETURN_IF_ERROR(
        request_event(node, actor, id_of(doc), json::object{{"event", "submit"}}).status());
    ++count;
  }
  return count;
}

// The demo peer: its key (kept in the data directory) and its party entry.
Result<ledger::SigningKey> play_peer(Node& node, const std::string& peer) {
  ledger::SigningKey peer_key;
  LIAISON_RETURN_IF_ERROR(save_key(node, peer, peer_key).status());
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  bool have_peer = false;
  for (const auto& p : parties) {
    if (p.code != peer) continue;
    have_peer = true;
    if (p.public_key_b64.empty()) {
      LIAISON_RETURN_IF_ERROR(node.set_party_key(peer, peer_key.public_key_b64()));
    } else if (p.public_key_b64 != peer_key.public_key_b64()) {
      return failed_precondition("party " + peer + " already has another key; the demo plays " +
                                 peer + " only on a node without a real peer");
    }
  }
  if (!have_peer) {
    LIAISON_RETURN_IF_ERROR(node.add_party(Party{
        peer,
        peer == "US" ? "US Department of Justice, Cybercrime Liaison" : "中国公安部网络安全保卫局",
        peer == "US" ? "America/New_York" : "Asia/Shanghai", peer_key.public_key_b64(), false}));
  }
  return peer_key;
}

// Two people of each party in the 24/7 directory.
Status demo_contacts(Node& node, const Actor& actor, const std::string& self,
                     const std::string& peer, const ledger::SigningKey& peer_key) {
  // This party's entries are its own records; the demo peer's come signed by the peer.
  auto contact = [&](const std::string& party, const std::string& name, int tier,
                     const std::string& tz, const std::string& email) {
    json::object c{{"name", name},
                   {"organisation", party == "CN" ? "MPS" : "DOJ CCIPS"},
                   {"tier", tier},
                   {"timezone", tz},
                   {"languages", json::array{"zh-CN", "en"}},
                   {"channels", json::array{json::object{{"kind", "email"}, {"value", email}}}}};
    if (party == self) {
      c["last_verified"] = "2026-10-01T00:00:00Z";
      return create_contact(node, actor, c).status();
    }
    return peer_record(node, peer_key, peer, directory::kDirectoryContact, new_uuid(),
                       json::object{{"event", "create"},
                                    {"contact", std::move(c)},
                                    {"last_verified", "2026-10-01T00:00:00Z"}});
  };
  LIAISON_RETURN_IF_ERROR(contact("CN", "王伟 Wang Wei", 1, "Asia/Shanghai", "duty@cn.example"));
  LIAISON_RETURN_IF_ERROR(contact("CN", "李娜 Li Na", 2, "Asia/Shanghai", "head@cn.example"));
  LIAISON_RETURN_IF_ERROR(contact("US", "Jane Miller", 1, "America/New_York", "duty@us.example"));
  return contact("US", "Robert Chen", 2, "America/New_York", "chief@us.example");
}

// 1. An outgoing preservation request, submitted.
Status demo_preservation(Node& node, const Actor& actor, const std::string& self,
                         const std::string& peer, const ledger::SigningKey& /*peer_key*/) {
  json::object body = model::to_json(preservation(self, peer));
  body.erase("requester_ref");
  LIAISON_ASSIGN_OR_RETURN(std::string doc, create_request(node, actor, body));
  LIAISON_RETURN_IF_ERROR(
      request_event(node, actor, id_of(doc), json::object{{"event", "submit"}}).status());
  return Status::ok();
}

// 2. An outgoing emergency disclosure, submitted and acknowledged by the peer.
Status demo_emergency(Node& node, const Actor& actor, const std::string& self,
                      const std::string& peer, const ledger::SigningKey& peer_key) {
  model::RequestContent c = preservation(self, peer);
  c.type = model::RequestType::kEmergencyDisclosure;
  c.priority = model::Priority::kP0;
  c.priority_area = model::PriorityArea::kCriticalInfrastructure;
  c.title = zh("电网调度系统遭入侵：紧急披露攻击者账户信息",
               "Power-grid dispatch intrusion: emergency disclosure of attacker accounts");
  c.respond_by = format_rfc3339(node.clock().now() + std::chrono::hours(8));
  json::object body = model::to_json(c);
  body.erase("requester_ref");
  LIAISON_ASSIGN_OR_RETURN(std::string doc, create_request(node, actor, body));
  std::string id = id_of(doc);
  LIAISON_RETURN_IF_ERROR(
      request_event(node, actor, id, json::object{{"event", "submit"}}).status());
  LIAISON_RETURN_IF_ERROR(
      peer_record(node, peer_key, peer, requests::kRequestEvent, id,
                  json::object{{"event", "acknowledge"},
                               {"args", json::object{{"requested_ref", peer + "-EM-2026-0042"}}}}));
  LIAISON_RETURN_IF_ERROR(peer_record(
      node, peer_key, peer, requests::kMessagePost, id + ":msg:" + new_uuid(),
      json::object{{"request_id", id},
                   {"author", "jmiller"},
                   {"body", model::to_json(en("Received; provider contacted, expect data "
                                              "within 6 hours.",
                                              "已收到；已联系服务商，预计6小时内提供数据。"))}}));
  return Status::ok();
}

// 3. An outgoing draft that is not complete yet.
Status demo_draft(Node& node, const Actor& actor, const std::string& self, const std::string& peer,
                  const ledger::SigningKey& /*peer_key*/) {
  model::RequestContent c;
  c.type = model::RequestType::kStoredDataProduction;
  c.priority = model::Priority::kP2;
  c.priority_area = model::PriorityArea::kFraud;
  c.requesting_party = self;
  c.requested_party = peer;
  c.title = zh("电信诈骗团伙使用的电子邮件账户内容", "E-mail content of a telecom-fraud ring");
  json::object body = model::to_json(c);
  body.erase("requester_ref");
  LIAISON_RETURN_IF_ERROR(create_request(node, actor, body).status());
  return Status::ok();
}

// 4. An incoming technical-advice request from the peer, acknowledged here.
Status demo_incoming(Node& node, const Actor& actor, const std::string& self,
                     const std::string& peer, const ledger::SigningKey& peer_key) {
  model::RequestContent c;
  c.type = model::RequestType::kTechnicalAdvice;
  c.priority = model::Priority::kP2;
  c.priority_area = model::PriorityArea::kDarknetTrade;
  c.requesting_party = peer;
  c.requested_party = self;
  c.title = en("Technical advice on a darknet market's payment infrastructure",
               "关于暗网市场支付基础设施的技术咨询");
  c.requesting_authority = en("FBI Cyber Division", "美国联邦调查局网络部");
  c.offence = en("Sale of firearms and narcotics on a darknet market", "暗网市场销售枪支和毒品");
  c.data_sought = en("Analysis of wallet clustering", "钱包聚类分析");
  c.necessity = en("Takedown planned within the quarter", "计划在本季度内关闭");
  model::Identifier w;
  w.kind = model::IdentifierKind::kWallet;
  w.value = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
  c.identifiers = {w};
  c.requester_ref = peer + "-2026-000317";
  std::string id = new_uuid();
  LIAISON_RETURN_IF_ERROR(peer_record(
      node, peer_key, peer, requests::kRequestEvent, id,
      json::object{{"event", "submit"}, {"args", json::object{}}, {"content", model::to_json(c)}}));
  LIAISON_RETURN_IF_ERROR(request_event(node, actor, id,
                                        json::object{{"event", "acknowledge"},
                                                     {"requested_ref", self + "-IN-2026-0007"}})
                              .status());
  return Status::ok();
}

}  // namespace

Result<int> load_demo(Node& node, const Actor& actor) {
  const std::string self = node.party();
  const std::string peer = self == "US" ? "CN" : "US";
  // With a real peer node (two-node `make run`), this node only does its own part: the
  // peer's records come from the peer.
  bool real_peer = false;
  LIAISON_ASSIGN_OR_RETURN(auto peer_node, federation::peer_by_party(node, peer));
  real_peer = peer_node.has_value();
  if (real_peer) return load_own_part(node, actor, self, peer);
  LIAISON_ASSIGN_OR_RETURN(ledger::SigningKey peer_key, play_peer(node, peer));
  LIAISON_RETURN_IF_ERROR(demo_contacts(node, actor, self, peer, peer_key));
  int count = 0;
  for (auto* one : {demo_preservation, demo_emergency, demo_draft, demo_incoming}) {
    LIAISON_RETURN_IF_ERROR(one(node, actor, self, peer, peer_key));
    ++count;
  }
  return count;
}

}  // namespace liaison::node
