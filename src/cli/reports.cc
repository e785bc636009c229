// The command line's `report`: the figures of a period (reports/figures.h), published
// reports and their attestation by the other party.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <functional>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "reports/service.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One row per figure: its path and its value (strings without their quotes).
Result<std::string> figures_csv(const std::string& figures) {
  LIAISON_ASSIGN_OR_RETURN(auto rows, reports::figure_rows(figures));
  std::string out = "figure,value\n";
  for (const auto& [path, value] : rows) {
    std::string v = value;
    if (v.size() >= 2 && v.front() == '"') v = json::parse(v).as_string().c_str();
    if (v == "null") v.clear();
    out += csv_field(path) + "," + csv_field(v) + "\n";
  }
  return out;
}

class ReportCommands {
 public:
  ReportCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    auto* report = app.add_subcommand(
        "report",
        "Case-status reports: figures of a period computed from the signed records both "
        "parties hold, published and attested by the other party");
    report->require_subcommand(1);
    add_generate(report);
    auto* list = report->add_subcommand("list", "List published reports and their attestation");
    add_data_option(list, data);
    list->callback([&] { print(reports::list_reports); });
    auto* show = report->add_subcommand("show", "Show one report with its figures");
    add_data_option(show, data);
    show->add_option("id", id, "Report id")->required();
    show->callback([&] { print([&](node::Node& n) { return reports::get_report(n, id); }); });
    auto* countersign = report->add_subcommand(
        "countersign",
        "Recompute another party's report from this node's records and sign the answer: a "
        "countersign when identical, a dissent listing each differing figure otherwise");
    add_data_option(countersign, data);
    countersign->add_option("id", id, "Report id")->required();
    countersign->callback(
        [&] { print([&](node::Node& n) { return reports::attest_report(n, cli_actor(), id); }); });
    add_verify(report);
  }

 private:
  void add_generate(CLI::App* report) {
    auto* gen = report->add_subcommand(
        "generate",
        "Compute the figures of a period (from this node's records as they stand) and write "
        "them; with --publish also sign and send the report to the other party");
    add_data_option(gen, data);
    gen->add_option("--from", from, "Start of the period (RFC 3339)")->required();
    gen->add_option("--to", to, "End of the period (RFC 3339)")->required();
    gen->add_option("--party", party, "The other party (default: the only one)");
    gen->add_option("--format", format, "json (canonical figures) or csv (one row a figure)")
        ->check(CLI::IsMember({"json", "csv"}));
    gen->add_option("--output,-o", out, "The file to write (default: standard output)");
    gen->add_flag("--publish", publish, "Publish it as a signed report record");
    gen->callback([&] { generate(); });
  }

  void add_verify(CLI::App* report) {
    auto* verify = report->add_subcommand(
        "verify",
        "Recompute a report from this node's records and compare figure by figure (writes "
        "nothing); exit 3 when a figure or a position differs");
    add_data_option(verify, data);
    verify->add_option("id", id, "Report id")->required();
    verify->callback([&] {
      auto node = open_node_or_fail(data, clock, rc);
      if (!node) return;
      auto r = reports::recompute_report(*node, id);
      if (!r.is_ok()) {
        rc = fail(r.status());
        return;
      }
      if (!r->ready) {
        std::cout << "NOT READY: this node does not hold the records up to the report's "
                     "positions yet\n";
        rc = kExitVerify;
        return;
      }
      for (const auto& d : r->differences) {
        std::cout << "DIFFERS " << d.figure << ": published " << d.published << ", recomputed "
                  << d.recomputed << "\n";
      }
      std::cout << (r->differences.empty() ? "IDENTICAL" : "DIFFERENT") << ": report " << id << ", "
                << r->differences.size() << " differing figures\n";
      if (!r->differences.empty()) rc = kExitVerify;
    });
  }

  void generate() {
    auto node = open_node_or_fail(data, clock, rc);
    if (!node) return;
    reports::ReportSpec spec{{from, to}, party};
    if (publish) {
      auto doc = reports::publish_report(*node, cli_actor(), spec);
      if (!doc.is_ok()) {
        rc = fail(doc.status());
        return;
      }
      std::cerr << "published report " << json::parse(*doc).as_object().at("id").as_string().c_str()
                << "\n";
    }
    auto c = reports::compute_report(*node, spec);
    if (!c.is_ok()) {
      rc = fail(c.status());
      return;
    }
    std::string text = c->figures + "\n";
    if (format == "csv") {
      auto csv = figures_csv(c->figures);
      if (!csv.is_ok()) {
        rc = fail(csv.status());
        return;
      }
      text = *csv;
    }
    if (out.empty() || out == "-") {
      std::cout << text;
      return;
    }
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (Status st = write_atomic(out, text); !st.is_ok()) rc = fail(st);
  }

  // A command that prints one JSON answer of the service.
  void print(const std::function<Result<std::string>(node::Node&)>& fn) {
    auto node = open_node_or_fail(data, clock, rc);
    if (!node) return;
    Result<std::string> r = fn(*node);
    if (!r.is_ok()) {
      rc = fail(r.status());
      return;
    }
    print_json(*r);
  }

  const Clock& clock;
  int& rc;
  std::string data, id, from, to, party, out, format = "json";
  bool publish = false;
};

}  // namespace

void add_report_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<ReportCommands>(app, sh));
}

}  // namespace liaison::cli
