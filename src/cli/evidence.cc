// The command line's `evidence`: evidence packages, exported from a node and checked offline.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "evidence/package.h"
#include "node/users.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

class EvidenceCommands {
 public:
  EvidenceCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // evidence
    auto* evidence = app.add_subcommand("evidence",
                                        "Evidence packages: a request's files with the "
                                        "signed records that prove them, checked offline");
    evidence->require_subcommand(1);
    auto* ev_export = evidence->add_subcommand(
        "export",
        "Write a request's evidence package (zip: files, manifest.json with custody and "
        "signed records, manifest.sig, bilingual cover.txt)");
    add_data_option(ev_export, ev_data);
    ev_export->add_option("--request", ev_request, "Request id")->required();
    ev_export->add_option("--output,-o", ev_out, "The zip to write")->required();
    ev_export->add_option("--as", ev_as, "Export as this user (default: the CLI administrator)")
        ->envname("LIAISON_AS");
    ev_export->callback([&] {
      auto node = open_node_or_fail(ev_data, clock, rc);
      if (!node) return;
      node::Actor actor = cli_actor();
      if (!ev_as.empty()) {
        auto u = node::get_user(*node, ev_as);
        if (!u.is_ok()) {
          rc = fail(u.status());
          return;
        }
        actor = node::Actor{u->username, u->role, "cli"};
      }
      auto done = evidence::export_package(*node, actor, ev_request, ev_out);
      if (!done.is_ok()) {
        rc = fail(done.status());
        return;
      }
      std::cout << "wrote " << ev_out << ": " << done->files << " files, " << done->records
                << " signed records";
      if (done->files_missing > 0) {
        std::cout << "; " << done->files_missing << " attached files whose bytes this node does "
                  << "not hold are listed without their bytes";
      }
      std::cout << "\n";
    });
    auto* ev_verify = evidence->add_subcommand(
        "verify",
        "Check an evidence package offline (no node needed): signatures, hash chains, "
        "receipts and every file's bytes; exit 3 when something does not hold");
    ev_verify->add_option("package", ev_package, "The zip")->required();
    ev_verify->add_flag("--json", ev_json, "JSON output");
    ev_verify->callback([&] {
      auto report = evidence::verify_package(ev_package);
      if (!report.is_ok()) {
        rc = fail(report.status());
        return;
      }
      if (ev_json) {
        std::cout << json::serialize(json::object{{"ok", report->ok()},
                                                  {"request", report->request_id},
                                                  {"proven", json::value_from(report->proven)},
                                                  {"problems", json::value_from(report->problems)}})
                  << "\n";
      } else {
        for (const auto& p : report->proven) std::cout << "PROVEN " << p << "\n";
        for (const auto& p : report->problems) std::cout << "FAIL " << p << "\n";
        std::cout << (report->ok() ? "OK" : "FAILED") << ": evidence package of request "
                  << report->request_id << ", " << report->problems.size() << " problems\n";
      }
      if (!report->ok()) rc = kExitVerify;
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string ev_data, ev_request, ev_out, ev_as, ev_package;
  bool ev_json = false;
};

}  // namespace

void add_evidence_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<EvidenceCommands>(app, sh));
}

}  // namespace liaison::cli
