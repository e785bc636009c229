// The command line's `report`: the figures of a period (reports/figures.h), published
// reports and their attestation by the other party.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "common/crypto.h"
#include "outputs/table.h"
#include "reports/outputs.h"
#include "reports/service.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

// One row per figure: its path and its value (strings without their quotes).
Result<std::string> figures_csv(const std::string& figures) {
  LIAISON_ASSIGN_OR_RETURN(auto rows, reports::figure_rows(figures));
  std::string out = "figure,value\n";
  for (const auto& [path, value] : rows) {
    std::string v = value;
    if (v.size() >= 2 && v.front() == '"') v = json::parse(v).as_string().c_str();
    if (v == "null") v.clear();
    out += outputs::csv_quoted(path) + "," + outputs::csv_quoted(v) + "\n";
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
    auto* show = report->add_subcommand(
        "show",
        "Show one report with its figures and attestation; with --format pdf|xlsx|csv write "
        "it as a document (the attestation block with both key fingerprints)");
    add_data_option(show, data);
    show->add_option("id", id, "Report id")->required();
    add_output_options(show);
    show->callback([&] { show_report(); });
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
    add_output_options(gen);
    gen->add_flag("--publish", publish, "Publish it as a signed report record");
    gen->callback([&] { generate(); });
  }

  void add_output_options(CLI::App* cmd) {
    cmd->add_option("--format", format,
                    "json (canonical figures), pdf, xlsx (one sheet a section) or csv: one row a "
                    "figure, or one CSV per table when -o is a directory (existing, or ending "
                    "in /) or a .zip file");
    cmd->add_option("--lang", lang, "Labels of pdf, xlsx and csv: zh-CN, en or both")
        ->default_val("both");
    cmd->add_option("--output,-o", out, "The file to write (default: standard output)");
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

  // The chosen format and language, checked before anything is opened (errors name them).
  bool check_output() {
    auto f = reports::parse_output_format(format);
    auto l = reports::parse_lang(lang);
    if (!f.is_ok() || !l.is_ok()) {
      rc = fail(f.is_ok() ? l.status() : f.status());
      return false;
    }
    out_format = *f;
    out_lang = *l;
    return true;
  }

  // Writes a report's figures (and, when published, its attestation) as --format says.
  void write_output(const std::string& figures, const std::string& report_doc) {
    auto in = reports::output_input(figures, out_lang, report_doc);
    if (!in.is_ok()) {
      rc = fail(in.status());
      return;
    }
    if (out_format == reports::OutputFormat::kCsv && csv_per_table()) {
      write_csv_tables(*in);
      return;
    }
    Result<std::string> bytes = std::string();
    if (out_format == reports::OutputFormat::kCsv) {
      bytes = figures_csv(in->figures);
    } else if (out_format == reports::OutputFormat::kJson) {
      bytes = (report_doc.empty() ? figures : report_doc) + "\n";
    } else {
      bytes = reports::render(
          *in, out_format,
          (std::filesystem::temp_directory_path() / ("liaison-report-" + new_uuid() + ".xlsx"))
              .string());
    }
    if (!bytes.is_ok()) {
      rc = fail(bytes.status());
      return;
    }
    if (out.empty() || out == "-") {
      std::cout << *bytes;
      return;
    }
    std::string text = std::move(*bytes);
    if (out_format == reports::OutputFormat::kJson || out_format == reports::OutputFormat::kCsv) {
      if (!text.empty() && text.back() == '\n') text.pop_back();
      if (Status st = write_atomic(out, text); !st.is_ok()) rc = fail(st);
      return;
    }
    if (Status st = write_bytes(out, text); !st.is_ok()) rc = fail(st);
  }

  // CSV per table: -o names a directory (existing, or ending in '/') or a .zip file.
  bool csv_per_table() const {
    if (out.empty() || out == "-") return false;
    return std::filesystem::is_directory(out) || out.back() == '/' ||
           (out.size() > 4 && out.compare(out.size() - 4, 4, ".zip") == 0);
  }

  void write_csv_tables(const reports::OutputInput& in) {
    if (out.back() != '/' && !std::filesystem::is_directory(out)) {
      auto zip = reports::render_csv_zip(in);
      if (Status st = zip.is_ok() ? write_bytes(out, *zip) : zip.status(); !st.is_ok()) {
        rc = fail(st);
      }
      return;
    }
    auto files = reports::render_csv_tables(in);
    if (!files.is_ok()) {
      rc = fail(files.status());
      return;
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    for (const auto& f : *files) {
      if (Status st = write_atomic((std::filesystem::path(out) / f.name).string(), f.text);
          !st.is_ok()) {
        rc = fail(st);
        return;
      }
    }
    std::cerr << "wrote " << files->size() << " CSV files to " << out << "\n";
  }

  void show_report() {
    if (!check_output()) return;
    auto node = open_node_or_fail(data, clock, rc);
    if (!node) return;
    auto doc = reports::get_report(*node, id);
    if (!doc.is_ok()) {
      rc = fail(doc.status());
      return;
    }
    if (out_format == reports::OutputFormat::kJson && (out.empty() || out == "-")) {
      print_json(*doc);
      return;
    }
    write_output("", *doc);
  }

  void generate() {
    if (!check_output()) return;
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
    write_output(c->figures, "");
  }

  void print(const std::function<Result<std::string>(node::Node&)>& fn) {
    print_answer(data, clock, rc, fn);
  }

  const Clock& clock;
  int& rc;
  std::string data, id, from, to, party, out, format = "json", lang = "both";
  reports::OutputFormat out_format = reports::OutputFormat::kJson;
  reports::Lang out_lang = reports::Lang::kBoth;
  bool publish = false;
};

}  // namespace

void add_report_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<ReportCommands>(app, sh));
}

}  // namespace liaison::cli
