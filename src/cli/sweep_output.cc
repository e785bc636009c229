#include "cli/sweep_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ostream>

namespace liaison::cli {

namespace {

constexpr size_t kMaxCell = 48;

// Characters, not bytes (UTF-8 continuation bytes do not count), so file names in Chinese
// line up too (as far as a terminal draws them one column wide).
size_t width_of(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

std::string cell(const std::string& s) {
  if (width_of(s) <= kMaxCell) return s;
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 && ++chars == kMaxCell) break;
  }
  return s.substr(0, i) + "\u2026";
}

void pad(std::ostream& out, const std::string& s, size_t width, bool right) {
  const size_t w = width_of(s);
  if (right) out << std::string(width > w ? width - w : 0, ' ') << s;
  if (!right) out << s << std::string(width > w ? width - w : 0, ' ');
}

int terminal_width(int fd) {
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

}  // namespace

std::string human_bytes(uint64_t n) {
  char buf[32];
  const double v = static_cast<double>(n);
  if (n >= 1000000000ull) {
    std::snprintf(buf, sizeof buf, "%.2f GB", v / 1e9);
  } else if (n >= 1000000ull) {
    std::snprintf(buf, sizeof buf, "%.1f MB", v / 1e6);
  } else if (n >= 1000ull) {
    std::snprintf(buf, sizeof buf, "%.0f kB", v / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  }
  return buf;
}

void print_table(std::ostream& out, const std::vector<SweepRow>& rows) {
  const auto any = [&rows](std::string SweepRow::*member) {
    return std::any_of(rows.begin(), rows.end(), [member](const SweepRow& r) {
      return !(r.*member).empty();
    });
  };
  struct Column {
    const char* title;
    std::string SweepRow::*member;  // null: the line number
    bool right;
  };
  std::vector<Column> cols = {{"FILE", &SweepRow::file, false}, {"LINE", nullptr, true}};
  if (any(&SweepRow::field)) cols.push_back({"FIELD", &SweepRow::field, false});
  cols.push_back({"TYPE", &SweepRow::type, false});
  cols.push_back({"VALUE", &SweepRow::value, false});
  cols.push_back({"INDICATOR", &SweepRow::indicator, false});
  if (any(&SweepRow::set_id)) cols.push_back({"SET", &SweepRow::set_id, false});
  const auto text = [](const SweepRow& r, const Column& c) {
    return c.member ? cell(r.*c.member) : std::to_string(r.line);
  };
  std::vector<size_t> widths;
  for (const auto& c : cols) {
    size_t w = width_of(c.title);
    for (const auto& r : rows) w = std::max(w, width_of(text(r, c)));
    widths.push_back(w);
  }
  const auto line = [&](auto&& value_of) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out << "  ";
      if (i + 1 == cols.size()) {
        out << value_of(cols[i]);  // no trailing spaces
      } else {
        pad(out, value_of(cols[i]), widths[i], cols[i].right);
      }
    }
    out << "\n";
  };
  line([](const Column& c) { return std::string(c.title); });
  for (const auto& r : rows) line([&](const Column& c) { return text(r, c); });
}

ProgressBar::ProgressBar(std::ostream& err, uint64_t total, const std::atomic<uint64_t>& done)
    : err_(err),
      total_(total),
      done_(done),
      start_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

ProgressBar::~ProgressBar() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  thread_.join();
  std::lock_guard lock(mu_);
  erase_locked();
}

void ProgressBar::set_label(const std::string& label) {
  std::lock_guard lock(mu_);
  label_ = label;
}

void ProgressBar::erase_locked() {
  if (drawn_) err_ << "\r\x1b[2K" << std::flush;
  drawn_ = false;
}

std::string ProgressBar::render(uint64_t done, uint64_t total, double seconds,
                                const std::string& label, int width) {
  std::string rate =
      seconds > 0 ? human_bytes(static_cast<uint64_t>(static_cast<double>(done) / seconds)) + "/s"
                  : "";
  std::string tail;
  std::string bar;
  if (total > 0) {
    const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(share * 100));
    tail = std::string(pct) + "  " + human_bytes(std::min(done, total)) + " / " +
           human_bytes(total) + "  " + rate + "  " + label;
    // (The line may take width - 1 columns; the bar's brackets and gap take 4.)
    const int cells = std::clamp(width - 1 - static_cast<int>(width_of(tail)) - 4, 10, 40);
    const int full = static_cast<int>(share * cells);
    bar = "[" + std::string(static_cast<size_t>(full), '#') +
          std::string(static_cast<size_t>(cells - full), '.') + "]  ";
  } else {
    tail = human_bytes(done) + "  " + rate + "  " + label;
  }
  std::string line = bar + tail;
  // Never wider than the terminal: a wrapped bar cannot be erased with one \r.
  while (!line.empty() && static_cast<int>(width_of(line)) > width - 1) line.pop_back();
  return line;
}

void ProgressBar::draw_locked() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  err_ << "\r\x1b[2K"
       << render(done_.load(std::memory_order_relaxed), total_, seconds, label_,
                 terminal_width(STDERR_FILENO))
       << std::flush;
  drawn_ = true;
}

void ProgressBar::run() {
  std::unique_lock lock(mu_);
  do {
    draw_locked();
  } while (!cv_.wait_for(lock, std::chrono::milliseconds(120), [&] { return stop_; }));
}

}  // namespace liaison::cli
