// The command line's `sweep`: log files matched against indicator lists or the node's
// indicator sets; hits printed as JSON lines or a table, sightings sent to the publishers.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "cli/sweep_index.h"
#include "cli/sweep_output.h"
#include "common/clock.h"
#include "sharing/service.h"
#include "sharing/sweep_index.h"
#include "sweep/scanner.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

// What a sighting tells the publisher about where it was seen when the user set no --label:
// the logs' format and date ("text log of 2026-12-05", "JSON lines log (gzip) of 2026-12-01 to
// 2026-12-05") — never a path: nothing about this party's own systems crosses unless the user
// writes it into the label (issue 17, item 7).
std::string default_sighting_label(const std::vector<std::string>& files,
                                   const std::string& format) {
  std::set<std::string> kinds;
  std::string first_day, last_day;
  for (const auto& f : files) {
    std::string name = f.substr(f.find_last_of('/') + 1), packed;
    for (const char* z : {".gz", ".zst"}) {
      if (name.size() > std::strlen(z) && name.ends_with(z)) {
        packed = std::string(" (") + (z[1] == 'g' ? "gzip" : "zstd") + ")";
        name.resize(name.size() - std::strlen(z));
      }
    }
    std::string kind = format;
    if (kind == "auto") {
      const std::string ext =
          name.find('.') == std::string::npos ? "" : name.substr(name.rfind('.') + 1);
      kind = ext == "json" || ext == "jsonl" || ext == "ndjson" ? "JSON lines"
             : ext == "csv"                                     ? "CSV"
             : ext == "tsv"                                     ? "TSV"
                                                                : "text";
    }
    kinds.insert(kind + packed);
    struct stat st {};
    if (f == "-" || ::stat(f.c_str(), &st) != 0) continue;
    const std::string day = format_rfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::from_time_t(st.st_mtime)))
                                .substr(0, 10);
    if (first_day.empty() || day < first_day) first_day = day;
    if (last_day.empty() || day > last_day) last_day = day;
  }
  std::string label;
  for (const auto& k : kinds) label += (label.empty() ? "" : ", ") + k;
  label += kinds.size() > 1 ? " logs" : " log";
  if (!first_day.empty())
    label += " of " + first_day + (last_day != first_day ? " to " + last_day : "");
  return label;
}

class SweepCommand {
 public:
  SweepCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    auto* sweep_cmd = app.add_subcommand(
        "sweep",
        "Match log files (plain, gzip, zstd; '-' = stdin) against indicators: every field "
        "holding an IP, domain, URL, e-mail or hash; prints hits as a table on a "
        "terminal, as JSON lines otherwise");
    sweep_cmd
        ->add_option("--data,-d", sweep_data,
                     "Node data directory: sweep against every indicator set the node holds "
                     "and send the sightings to each set's publisher (first and last seen: "
                     "the matched lines' own times, e.g. a Zeek log's ts)")
        ->envname("LIAISON_DATA");
    // One file per -i (repeat it for more), so `-i list.txt a.log b.log` sweeps both logs.
    sweep_cmd
        ->add_option("--indicators,-i", sweep_indicators,
                     "Indicator list file, one indicator per line (IPsum and Spamhaus "
                     "formats too); repeat -i for more lists")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->envname("LIAISON_SWEEP_INDICATORS");
    sweep_cmd
        ->add_option("--format", sweep_format,
                     "auto | zeek-tsv | zeek-json | jsonl | csv | text: how a hit's field is "
                     "named (the Zeek #fields column, the JSON key, the CSV header column); "
                     "auto reads it from the first line (*.csv: csv). Fields are found the "
                     "same way in each")
        ->check(CLI::IsMember({"auto", "zeek-tsv", "zeek-json", "jsonl", "csv", "text"}));
    sweep_cmd
        ->add_option("--threads,-t", sweep_threads,
                     "Threads (default 1): they take a plain file in pieces of about 16 MiB cut "
                     "at line boundaries; compressed input is decompressed on one while "
                     "another matches")
        ->envname("LIAISON_SWEEP_THREADS")
        ->check(CLI::Range(1, 64));
    sweep_cmd
        ->add_option("--output,-o", sweep_output,
                     "auto | jsonl | table: how hits are printed (auto: a table on a "
                     "terminal, JSON lines otherwise)")
        ->check(CLI::IsMember({"auto", "jsonl", "table"}));
    sweep_cmd->add_flag("--rows", sweep_rows,
                        "On a table: after the summary per indicator (hits, first hit, first "
                        "and last seen by the lines' own times), every hit's row (file, line, "
                        "field, value)");
    sweep_cmd->add_flag("--no-progress", sweep_no_progress,
                        "No progress bar (shown on standard error when it is a terminal)");
    sweep_cmd->add_flag("--count,-c", sweep_count,
                        "Print only the number of lines with a hit (with --data the sightings "
                        "are recorded all the same)");
    sweep_cmd->add_flag("--dry-run", sweep_dry_run, "With --data: record no sightings");
    sweep_cmd->add_option("--label", sweep_label,
                          "With --data: what the publishers are told about where the hits "
                          "were seen (default: the logs' format and date, never their path)");
    sweep_cmd->add_flag("--stats", sweep_stats,
                        "Print index size, build time, scan rate, and the time spent reading or "
                        "decompressing versus matching, to standard error");
    sweep_cmd->add_option("--index", source_.index_file,
                          "Saved index file for the -i lists: used when it was built from the "
                          "same lists, else built again and saved there (bad list lines are "
                          "reported when it is built); without -i, used as it is");
    sweep_cmd
        ->add_option("--save-index", source_.save_file,
                     "Build the index of the -i lists and save it to this file (no log "
                     "files needed)")
        ->excludes("--index");
    sweep_cmd->add_option("files", sweep_files,
                          "Log files, or - for standard input (required unless --save-index)");
    sweep_cmd->callback([this] { rc = run(); });
  }

 private:
  // What the scan of every file found.
  struct Totals {
    uint64_t lines = 0, hits = 0, shown = 0, bytes = 0;
    double read_seconds = 0, match_seconds = 0;
    // (set, value) → hits, and when by the log lines' times
    std::map<std::pair<std::string, std::string>, node::SweepSighting> sightings;
    // (indicator, set) → first and last seen in microseconds, by the log lines' times
    std::map<std::pair<std::string, std::string>, sweep::ScanResult::Seen> seen;
  };

  // RFC 3339 to the second (the sighting record compares these as text).
  static std::string seen_text(int64_t us) {
    const int64_t ms = (us >= 0 ? us : us - 999999) / 1000000 * 1000;
    return format_rfc3339(TimePoint(std::chrono::milliseconds(ms)));
  }

  static void widen(sweep::ScanResult::Seen& into, const sweep::ScanResult::Seen& s, bool fresh) {
    if (fresh) {
      into = s;
      return;
    }
    into.first_us = std::min(into.first_us, s.first_us);
    into.last_us = std::max(into.last_us, s.last_us);
  }

  int run() {
    if (sweep_indicators.empty() && sweep_data.empty() && source_.index_file.empty()) {
      return fail(
          invalid_argument("give --indicators FILE, or --data DIR to sweep the node's "
                           "indicator sets",
                           "indicators"));
    }
    if (sweep_files.empty() && source_.save_file.empty()) {
      return fail(invalid_argument("give the log files to sweep", "files"));
    }
    const SteadyTime t_start = std::chrono::steady_clock::now();
    if (Status st = load_index(); !st.is_ok()) return fail(st);
    if (sweep_files.empty()) {  // --save-index alone
      std::cerr << "liaison: saved the index of " << added_ << " indicators to "
                << source_.save_file << "\n";
      return kExitOk;
    }
    const SteadyTime t_built = std::chrono::steady_clock::now();
    sweep::ScanOptions opts;
    opts.threads = sweep_threads;
    // With a node, every hit is counted per indicator for the sightings, --count or not.
    opts.count_only = sweep_count;
    opts.format = *sweep::log_format_from(sweep_format);  // (checked by the option)
    table_ = sweep_output == "table" || (sweep_output == "auto" && isatty(STDOUT_FILENO));
    std::atomic<uint64_t> progress{0};
    start_progress_bar(opts, progress);
    Totals t;
    for (const auto& file : sweep_files) {
      if (Status st = scan_one(file, opts, t); !st.is_ok()) {
        bar_.reset();
        return fail(st);
      }
    }
    bar_.reset();
    // The sweep's end: what the summary and --stats report (not the printing after it).
    const double scan_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_built).count();
    print_summary(t, opts, scan_s);
    if (Status st = record_sightings(t); !st.is_ok()) return fail(st);
    if (sweep_stats) {
      const double build_s = std::chrono::duration<double>(t_built - t_start).count();
      std::cerr << "indicators " << added_ << "  index " << index().memory_bytes() / (1 << 20)
                << " MiB built in " << build_s << " s  scanned " << t.bytes << " bytes in "
                << scan_s << " s = " << (static_cast<double>(t.bytes) / 1e9) / scan_s
                << " GB/s  (thread time: reading/decompressing " << t.read_seconds
                << " s, matching " << t.match_seconds << " s)\n";
    }
    return kExitOk;
  }

  const sweep::Index& index() const { return node_index_ ? node_index_->index : list_index_; }

  // The node's indicator sets (--data: its saved index, current or rebuilt), or the lists
  // given with -i (or a saved index of them, cli/sweep_index.h).
  Status load_index() {
    if (sweep_indicators.empty() && source_.index_file.empty()) {
      LIAISON_ASSIGN_OR_RETURN(node_, open_node(sweep_data, clock));
      LIAISON_ASSIGN_OR_RETURN(node_index_, node::load_node_index(*node_));
      added_ = node_index_->index.size();
      return Status::ok();
    }
    source_.lists = sweep_indicators;
    return cli::load_sweep_index(source_, list_index_, added_, std::cerr);
  }

  void start_progress_bar(sweep::ScanOptions& opts, std::atomic<uint64_t>& progress) {
    if (sweep_no_progress || !isatty(STDERR_FILENO)) return;
    uint64_t total_size = 0;
    for (const auto& file : sweep_files) {
      struct stat st {};
      if (file == "-" || ::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        total_size = 0;  // a pipe: no percentage
        break;
      }
      total_size += static_cast<uint64_t>(st.st_size);
    }
    opts.progress = &progress;
    // (The first file's name is in the first frame: the bar draws at once, maybe before
    // the scan names the file.)
    bar_ = std::make_unique<cli::ProgressBar>(std::cerr, total_size, progress, sweep_files.front());
  }

  Status scan_one(const std::string& file, const sweep::ScanOptions& opts, Totals& t) {
    if (bar_) bar_->set_label(file);
    LIAISON_ASSIGN_OR_RETURN(sweep::ScanResult res, sweep::scan_file(index(), file, opts));
    t.lines += res.lines_with_hits;
    t.bytes += res.bytes;
    t.read_seconds += res.read_seconds;
    t.match_seconds += res.match_seconds;
    for (const auto& [id, n] : res.hits_by_indicator) {
      t.hits += n;
      const std::string& value = index().indicator(id).value;
      const std::string set = node_index_ ? node_index_->set_of[static_cast<size_t>(id)] : "";
      auto when = res.seen_by_indicator.find(id);
      if (when != res.seen_by_indicator.end()) {
        auto [it, fresh] = t.seen.try_emplace({value, set});
        widen(it->second, when->second, fresh);
      }
      if (node_index_) t.sightings[{set, value}].count += n;
    }
    t.shown += res.hits.size();
    print_hits(file, res);
    return Status::ok();
  }

  // JSON lines, written out 64 KiB at a time; or rows kept for the table.
  void print_hits(const std::string& file, sweep::ScanResult& res) {
    std::string lines;
    const auto flush = [&] {
      if (lines.empty()) return;
      const auto print = [&] { std::cout << lines << std::flush; };
      bar_ ? bar_->print_above(print) : print();
      lines.clear();
    };
    static const std::string kNoSet;
    for (auto& h : res.hits) {
      const auto& ind = index().indicator(h.indicator);
      const std::string& set_id =
          node_index_ ? node_index_->set_of[static_cast<size_t>(h.indicator)] : kNoSet;
      if (table_) {  // (the hit's own strings are not needed after)
        rows_.push_back({file, h.line, std::move(h.field), std::move(h.value),
                         sweep::to_string(ind.type), ind.value, set_id});
        continue;
      }
      json::object hit{{"file", file},
                       {"line", h.line},
                       {"value", h.value},
                       {"type", sweep::to_string(ind.type)},
                       {"indicator", ind.value}};
      if (!h.field.empty()) hit["field"] = h.field;
      if (node_index_) hit["set_id"] = set_id;
      lines += json::serialize(hit);
      lines += '\n';
      if (lines.size() >= (64 << 10)) flush();
    }
    flush();
  }

  void print_summary(const Totals& t, const sweep::ScanOptions& opts, double scan_s) {
    if (!sweep_count && t.shown < t.hits) {
      std::cerr << "liaison: " << t.hits - t.shown << " hits past the first " << opts.max_hits
                << " of a file were counted but not printed\n";
    }
    if (table_ && !sweep_count) {
      // A summary per indicator first; every hit's row only when asked (--rows).
      cli::print_indicator_summary(std::cout, rows_, seen_texts(t));
      if (sweep_rows && !rows_.empty()) {
        std::cout << "\n";
        cli::print_table(std::cout, rows_);
      }
      // (Formatted apart: std::cerr keeps its own precision for --stats.)
      std::ostringstream summary;
      summary << "liaison: " << t.hits << (t.hits == 1 ? " hit" : " hits") << " on " << t.lines
              << (t.lines == 1 ? " line" : " lines") << "; " << cli::human_bytes(t.bytes)
              << " swept in " << std::fixed << std::setprecision(2) << scan_s << " s ("
              << cli::human_bytes(
                     static_cast<uint64_t>(static_cast<double>(t.bytes) / std::max(scan_s, 1e-9)))
              << "/s)\n";
      std::cerr << summary.str();
    }
    if (sweep_count) std::cout << t.lines << "\n";
  }

  static cli::SeenTimes seen_texts(const Totals& t) {
    cli::SeenTimes out;
    for (const auto& [k, s] : t.seen) out[k] = {seen_text(s.first_us), seen_text(s.last_us)};
    return out;
  }

  // One sighting per indicator with its count, not one record per hit, first and last seen
  // by the times in the log lines (the sweep's own time only when no line carried one).
  Status record_sightings(Totals& t) {
    if (!node_ || sweep_dry_run || t.sightings.empty()) return Status::ok();
    for (auto& [k, s] : t.sightings) {
      auto when = t.seen.find({k.second, k.first});
      if (when == t.seen.end()) continue;
      s.first_seen = seen_text(when->second.first_us);
      s.last_seen = seen_text(when->second.last_us);
    }
    if (sweep_label.size() > 500) return invalid_argument("--label is at most 500 bytes", "label");
    const std::string where =
        sweep_label.empty() ? default_sighting_label(sweep_files, sweep_format) : sweep_label;
    LIAISON_ASSIGN_OR_RETURN(auto n,
                             node::record_sightings(*node_, cli_actor(), t.sightings, where));
    std::cerr << "liaison: recorded " << n << " sightings for the publishers\n";
    return Status::ok();
  }

  const Clock& clock;
  int& rc;
  std::vector<std::string> sweep_indicators, sweep_files;
  std::string sweep_data;
  std::string sweep_format = "auto";
  std::string sweep_label;
  std::string sweep_output = "auto";
  int sweep_threads = 1;
  bool sweep_count = false, sweep_dry_run = false, sweep_stats = false;
  bool sweep_no_progress = false, sweep_rows = false;
  cli::SweepIndexSource source_;
  // The run's state.
  std::unique_ptr<node::Node> node_;
  std::unique_ptr<node::NodeIndex> node_index_;
  sweep::Index list_index_;
  uint64_t added_ = 0;
  bool table_ = false;
  std::unique_ptr<cli::ProgressBar> bar_;
  std::vector<cli::SweepRow> rows_;
};

}  // namespace

void add_sweep_command(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<SweepCommand>(app, sh));
}

}  // namespace liaison::cli
