// How `liaison sweep` shows its hits: JSON lines for pipes and programs, or a table for a
// person at a terminal, with a progress bar on standard error while the files are read.
// The table and the JSON lines are written by the caller's thread; the progress bar redraws
// itself from its own thread, and print_above() keeps the two from mixing on one terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace liaison::cli {

struct SweepRow {
  std::string file;
  uint64_t line = 0;
  std::string field;  // the column or key the value was in, when the format names it
  std::string value;
  std::string type;
  std::string indicator;
  std::string set_id;  // with --data
};

// Rows as aligned columns under a header line (a cell wider than 48 columns is cut with
// "…"). The optional columns (field, set) are left out when no row has one.
void print_table(std::ostream& out, const std::vector<SweepRow>& rows);

// When an indicator (of a set, "" without --data) was first and last seen, by the times its
// log lines carry (RFC 3339, UTC).
using SeenTimes =
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>;

// What a sweep found per indicator, most hits first (ties by indicator): INDICATOR, TYPE, HITS,
// the first hit's FILE:LINE, FIRST SEEN and LAST SEEN by the log lines' own times (when any
// line carried one: `seen`), and SET with --data. What a terminal shows before any row.
void print_indicator_summary(std::ostream& out, const std::vector<SweepRow>& rows,
                             const SeenTimes& seen = {});

// The columns a terminal draws UTF-8 text in: 2 for each East Asian wide or fullwidth
// character (Chinese file names), 1 for any other (a broken byte counts as one).
size_t display_width(std::string_view s);

// "1.2 GB", "340 MB", "12 kB".
std::string human_bytes(uint64_t n);

class ProgressBar {
 public:
  // `total` 0: the size is not known (standard input); `done` is advanced by the scan;
  // `label` is in the first frame already (set_label changes it for the next).
  ProgressBar(std::ostream& err, uint64_t total, const std::atomic<uint64_t>& done,
              std::string label);
  ~ProgressBar();  // stops and erases the bar
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void set_label(const std::string& label);
  // Erases the bar, runs fn (which prints other output), and lets the bar redraw after.
  template <class Fn>
  void print_above(Fn&& fn) {
    std::lock_guard lock(mu_);
    erase_locked();
    fn();
  }
  // One frame of the bar: "[#####.....]  50%  1.0 GB / 2.0 GB  1.5 GB/s  label", at most
  // width - 1 columns; a label too long for it keeps its end after "…" (the file's name).
  static std::string render(uint64_t done, uint64_t total, double seconds, const std::string& label,
                            int width);

 private:
  void run();
  void draw_locked();
  void erase_locked();

  std::ostream& err_;
  const uint64_t total_;
  const std::atomic<uint64_t>& done_;
  std::string label_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool drawn_ = false;
  const std::chrono::steady_clock::time_point start_;
  std::thread thread_;  // last: starts once the rest is set
};

}  // namespace liaison::cli
