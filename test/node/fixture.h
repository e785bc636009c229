// Test fixture: a real node in a temporary directory with a fake clock, a US party whose
// signing key the test holds (to play the requested party), and helpers to write US records.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/compose.h"
#include "common/crypto.h"
#include "ledger/canonical_json.h"
#include "ledger/kinds.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "node/node.h"
#include "requests/kinds.h"
#include "requests/service.h"
#include "store/records.h"

namespace liaison::testing {

inline std::string temp_dir(const std::string& tag) {
  std::string base = (std::filesystem::temp_directory_path() / ("liaison-" + tag + "-")).string();
  base += new_uuid().substr(0, 8);
  return base;
}

// A complete preservation request from CN to US (all Budapest Art. 29 items present).
inline boost::json::object complete_preservation() {
  auto bt = [](const char* zh, const char* en) {
    return boost::json::object{
        {"original", zh}, {"lang", "zh-CN"}, {"translation", en}, {"translation_lang", "en"}};
  };
  return boost::json::object{
      {"type", "preservation"},
      {"priority", "P1"},
      {"priority_area", "hacking"},
      {"requested_party", "US"},
      {"title", bt("保全勒索软件服务器日志", "Preserve ransomware server logs")},
      {"requesting_authority", bt("公安部网络安全保卫局", "MPS Cybersecurity Bureau")},
      {"legal_basis", bt("布达佩斯公约第29条", "Budapest Convention Art. 29")},
      {"offence", bt("勒索软件攻击医院", "Ransomware attack on a hospital")},
      {"data_sought", bt("访问日志", "Access logs")},
      {"data_link", bt("该服务器为控制服务器", "The server is the C2")},
      {"custodian", bt("示例主机公司", "Example Hosting LLC")},
      {"necessity", bt("日志30天后被覆盖", "Logs are overwritten after 30 days")},
      {"mla_to_follow", true},
      {"data_categories", boost::json::array{"traffic", "subscriber"}},
      {"identifiers",
       boost::json::array{boost::json::object{{"kind", "ipv4"},
                                              {"value", "203.0.113.45"},
                                              {"port", 443},
                                              {"observed_at", "2026-11-18T02:14:00Z"}}}},
  };
}

// The time every NodeFixture's clock starts at.
inline TimePoint fixture_start() { return *parse_rfc3339("2026-11-21T01:00:00Z"); }

// A freshly initialised CN node (signing and blob keys, TLS key and certificate, the admin's
// password hash, the migrated database), made once per test process and copied for each test:
// making it was most of a short test's time. Removed when the process exits.
class TemplateNodeDir {
 public:
  static const std::string& path() {
    static TemplateNodeDir t;
    return t.dir_;
  }

 private:
  TemplateNodeDir() : dir_(temp_dir("node-template")) {
    FakeClock clock{fixture_start()};
    node::InitOptions o;
    o.dir = dir_;
    o.party = "CN";
    o.name = "CN National Cybercrime Centre";
    o.timezone = "Asia/Shanghai";
    o.admin_password = "correct horse battery";
    auto init = liaison::app::init_node(o, clock);
    if (!init.is_ok()) {
      ADD_FAILURE() << init.status().to_string();
      dir_.clear();
    }
  }
  ~TemplateNodeDir() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
};

class NodeFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = temp_dir("node");
    const std::string& tmpl = TemplateNodeDir::path();
    ASSERT_FALSE(tmpl.empty()) << "the template node could not be made";
    std::error_code ec;
    std::filesystem::copy(tmpl, dir_, std::filesystem::copy_options::recursive, ec);
    ASSERT_FALSE(ec) << "copying " << tmpl << ": " << ec.message();
    auto n = liaison::app::open_node(dir_, clock_);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    node_ = std::move(*n);
    us_key_ = ledger::SigningKey::generate();
    ASSERT_TRUE(node_
                    ->add_party({"US", "US Liaison Office", "America/New_York",
                                 us_key_.public_key_b64(), false})
                    .is_ok());
  }
  void TearDown() override {
    node_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A US record with the next seq on the US chain as this node holds it.
  ledger::Record us_record(const std::string& kind, const std::string& object_id,
                           const boost::json::object& payload) {
    store::ChainHead head;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(head, store::chain_head(db, "US"));
                      return Status::ok();
                    })
                    .is_ok());
    ledger::Record r;
    r.origin = "US";
    r.seq = head.seq + 1;
    r.prev_hash = head.hash;
    r.kind = kind;
    r.object_id = object_id;
    r.payload = *ledger::canonical_json(payload);
    r.created_at = node_->now();
    r.recipients = {"CN"};
    EXPECT_TRUE(ledger::seal(r, us_key_).is_ok());
    return r;
  }

  // A peer's (US's) record taken in; the test fails when it is refused.
  void ingest(const ledger::Record& r) {
    Status st = node_->pool().write(
        [&](store::Db& db) { return node_->ledger().ingest(db, r, us_key_.public_key()); });
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  // US's signed receipt of CN's chain up to its head as this node holds it, received at `at`
  // (the clock's now when empty), about `object_id`.
  ledger::Record us_receipt(const std::string& at = "", const std::string& object_id = "CN") {
    store::ChainHead head;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(head, store::chain_head(db, "CN"));
                      return Status::ok();
                    })
                    .is_ok());
    return us_record(ledger::kReceipt, object_id,
                     boost::json::object{{"origin", "CN"},
                                         {"up_to_seq", head.seq},
                                         {"head_hash", head.hash},
                                         {"received_at", at.empty() ? node_->now() : at}});
  }
  // US's receipt taken in: the clocks of the requests it covers start at `at`.
  void received_by_peer(const std::string& at = "") { ingest(us_receipt(at)); }
  // US's receipt of CN's chain, then its acknowledgement of request `id`, taken in.
  void acknowledged_by_peer(const std::string& id) {
    received_by_peer();
    ingest(us_record(requests::kRequestEvent, id, boost::json::object{{"event", "acknowledge"}}));
  }
  // A projection row's stored document ("" when there is none), and one written raw, as a
  // damaged row would be.
  std::string stored(const char* table, const std::string& id) {
    std::string text;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(
                          store::Stmt q,
                          db.prepare(std::string("SELECT doc FROM ") + table + " WHERE id=?"));
                      q.bind(1, id);
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      if (row) text = q.text(0);
                      return Status::ok();
                    })
                    .is_ok());
    return text;
  }
  void put_raw(const char* table, const std::string& id, const std::string& doc) {
    ASSERT_TRUE(node_->pool()
                    .write([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(
                          store::Stmt q,
                          db.prepare(std::string("INSERT INTO ") + table +
                                     "(id, doc, last_record) VALUES (?, ?, 'CN:1')"));
                      q.bind(1, id).bind(2, doc);
                      return q.run();
                    })
                    .is_ok());
  }
  boost::json::object doc(const std::string& text) { return boost::json::parse(text).as_object(); }

  node::Actor officer() { return node::Actor{"officer", node::Role::kLiaisonOfficer, "test"}; }

  // Creates `body` (a complete preservation request to US by default) as the officer and
  // submits it; returns its id.
  std::string submitted_request(const boost::json::object& body = complete_preservation()) {
    auto created = node::create_request(*node_, officer(), body);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    if (!created.is_ok()) return "";
    std::string id(doc(*created).at("id").as_string());
    auto sub = node::request_event(*node_, officer(), id, boost::json::object{{"event", "submit"}});
    EXPECT_TRUE(sub.is_ok()) << sub.status().to_string();
    return id;
  }

  FakeClock clock_{fixture_start()};
  std::string dir_;
  std::unique_ptr<node::Node> node_;
  ledger::SigningKey us_key_;
  // What `liaison verify` reports of this node's ledger and projections (no problem: empty).
  std::vector<ledger::VerifyProblem> ledger_problems() {
    auto keys = node_->party_keys();
    EXPECT_TRUE(keys.is_ok());
    if (!keys.is_ok()) return {{"keys", keys.status().to_string()}};
    ledger::VerifyReport report;
    Status st = node_->pool().read([&](store::Db& db) -> Status {
      store::SqliteRecordLog log(db);
      LIAISON_ASSIGN_OR_RETURN(report,
                               ledger::verify_ledger(log, liaison::app::record_kinds(), *keys));
      return Status::ok();
    });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return report.problems;
  }
};

}  // namespace liaison::testing
