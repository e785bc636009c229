// The command line's `init`, `identity`, `verify` and `demo`: a node's data directory.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "app/compose.h"
#include "app/demo.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "ledger/ledger.h"
#include "node/audit.h"
#include "node/blobs.h"
#include "node/tls_cert.h"
#include "store/pool.h"
#include "store/records.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

class InitCommand {
 public:
  InitCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // init
    auto* init = app.add_subcommand("init",
                                    "Create a node: database, keys, TLS certificate, "
                                    "config and the first administrator");
    init->add_option("--data,-d", init_opts.dir, "Data directory to create")
        ->envname("LIAISON_DATA")
        ->required();
    init->add_option("--party", init_opts.party, "This node's party code, e.g. CN")
        ->envname("LIAISON_PARTY")
        ->required();
    init->add_option("--name", init_opts.name, "This party's name")
        ->envname("LIAISON_NAME")
        ->required();
    init->add_option("--timezone", init_opts.timezone, "IANA time zone, e.g. Asia/Shanghai")
        ->envname("LIAISON_TIMEZONE")
        ->default_val("UTC");
    init->add_option("--admin-user", init_opts.admin_user, "First administrator's username")
        ->envname("LIAISON_ADMIN_USER")
        ->default_val("admin");
    init->add_option("--hostname", init_opts.hostnames, "Extra DNS names for the certificate");
    init->add_flag("--json", init_json, "Print the result as one JSON line");
    init->callback([&] {
      init_opts.admin_password.clear();
      if (const char* p = std::getenv("LIAISON_ADMIN_PASSWORD")) init_opts.admin_password = p;
      auto res = liaison::app::init_node(init_opts, clock);
      if (!res.is_ok()) {
        rc = fail(res.status());
        return;
      }
      if (init_json) {
        json::object o{{"party", init_opts.party},
                       {"admin_user", res->admin_user},
                       {"admin_password", res->admin_password},
                       {"public_key", res->public_key_b64},
                       {"tls_fingerprint", res->tls_fingerprint},
                       {"data", init_opts.dir}};
        std::cout << json::serialize(o) << "\n";
      } else {
        std::cout << "Created node " << init_opts.party << " in " << init_opts.dir << "\n"
                  << "  public key:      " << res->public_key_b64 << "\n"
                  << "  TLS fingerprint: " << res->tls_fingerprint << "\n"
                  << "  administrator:   " << res->admin_user << "\n"
                  << "  password:        " << res->admin_password
                  << "   (shown once: store it now)\n";
      }
    });
  }

 private:
  const Clock& clock;
  int& rc;
  node::InitOptions init_opts;
  bool init_json = false;
};

class IdentityCommand {
 public:
  IdentityCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // identity
    auto* identity = app.add_subcommand("identity",
                                        "Print this node's party, URL, public key and "
                                        "TLS fingerprint, to give to peers");
    add_data_option(identity, id_data);
    identity->add_flag("--json", id_json, "One JSON object: party, url, key, tls_fingerprint");
    identity->callback([&] {
      auto node = open_node_or_fail(id_data, clock, rc);
      if (!node) return;
      std::string url = node->config().url;
      if (url.empty()) {
        std::ifstream f(id_data + "/run/listen");
        std::string bound;
        if (f >> bound)
          url = "https://" + bound;
        else
          url = "https://" + node->config().listen;
      }
      auto fp = node::certificate_fingerprint(id_data + "/tls/cert.pem");
      if (!fp.is_ok()) {
        rc = fail(fp.status());
        return;
      }
      std::string key = node->ledger().key().public_key_b64();
      if (id_json) {
        std::cout << json::serialize(json::object{{"party", node->party()},
                                                  {"url", url},
                                                  {"key", key},
                                                  {"tls_fingerprint", *fp}})
                  << "\n";
      } else {
        std::cout << "party            " << node->party() << "\nurl              " << url
                  << "\nkey              " << key << "\ntls_fingerprint  " << *fp << "\n";
      }
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string id_data;
  bool id_json = false;
};

class VerifyCommand {
 public:
  VerifyCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // verify
    auto* verify = app.add_subcommand("verify",
                                      "Check every signature, the hash chains and the "
                                      "audit log; rebuild the projections and compare");
    add_data_option(verify, verify_data);
    verify->add_flag("--json", verify_json, "JSON output");
    verify->add_flag("--quick", verify_quick,
                     "Skip the blobs (attachments are otherwise decrypted and hashed one by one)");
    verify->add_flag("--remove-orphans", verify_remove_orphans,
                     "Delete blob files that no attachment record names (left by a crash)");
    verify->callback([&] {
      auto node = open_node_or_fail(verify_data, clock, rc);
      if (!node) return;
      auto keys = node->party_keys();
      if (!keys.is_ok()) {
        rc = fail(keys.status());
        return;
      }
      ledger::VerifyReport report;
      Status st = node->pool().read([&](store::Db& db) -> Status {
        store::SqliteRecordLog log(db);
        LIAISON_ASSIGN_OR_RETURN(report,
                                 ledger::verify_ledger(log, liaison::app::record_kinds(), *keys));
        return node::verify_audit(db, report, node->party());
      });
      if (st.is_ok() && !verify_quick) {
        st = node::verify_blobs(*node, report, verify_remove_orphans);
      }
      if (!st.is_ok()) {
        rc = fail(st);
        return;
      }
      if (verify_json) {
        json::array problems;
        for (const auto& p : report.problems) {
          problems.push_back(json::object{{"where", p.where}, {"what", p.what}});
        }
        std::cout << json::serialize(json::object{{"ok", report.ok()},
                                                  {"records", report.records},
                                                  {"documents", report.documents},
                                                  {"audit_entries", report.audit_entries},
                                                  {"blobs", report.blobs},
                                                  {"removed", json::value_from(report.removed)},
                                                  {"problems", std::move(problems)}})
                  << "\n";
      } else {
        for (const auto& p : report.problems)
          std::cout << "FAIL " << p.where << ": " << p.what << "\n";
        for (const auto& r : report.removed) std::cout << "removed orphan " << r << "\n";
        std::cout << (report.ok() ? "OK" : "FAILED") << ": " << report.records << " records, "
                  << report.documents << " projected documents, " << report.audit_entries
                  << " audit entries, "
                  << (report.blobs < 0 ? std::string("blobs not checked (--quick)")
                                       : std::to_string(report.blobs) + " blobs")
                  << ", " << report.problems.size() << " problems\n";
      }
      if (!report.ok()) rc = kExitVerify;
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string verify_data;
  bool verify_json = false;
  bool verify_quick = false, verify_remove_orphans = false;
};

class DemoCommand {
 public:
  DemoCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // demo
    auto* demo = app.add_subcommand("demo",
                                    "Load demonstration data (a US party, contacts and "
                                    "requests in several states)");
    add_data_option(demo, demo_data);
    demo->callback([&] {
      auto node = open_node_or_fail(demo_data, clock, rc);
      if (!node) return;
      auto n = node::load_demo(*node, cli_actor());
      if (!n.is_ok())
        rc = fail(n.status());
      else
        std::cout << "loaded " << *n << " demo requests\n";
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string demo_data;
};

}  // namespace

void add_init_command(CLI::App& app, Shell& sh) { sh.keep(std::make_shared<InitCommand>(app, sh)); }
void add_identity_command(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<IdentityCommand>(app, sh));
}
void add_verify_command(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<VerifyCommand>(app, sh));
}
void add_demo_command(CLI::App& app, Shell& sh) { sh.keep(std::make_shared<DemoCommand>(app, sh)); }

}  // namespace liaison::cli
