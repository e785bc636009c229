#include "cli/sweep_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <ostream>
#include <utility>
#include <vector>

namespace liaison::cli {

namespace {

constexpr size_t kMaxCell = 48;

// The code point at s[i] (a byte that starts no valid sequence stands for itself); `len`
// gets its length in bytes.
char32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  len = 1;
  if (n <= 1 || i + n > s.size()) return c;
  char32_t cp = c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return c;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  len = n;
  return cp;
}

// Columns a terminal gives a code point: 2 for East Asian wide and fullwidth ones (Han,
// kana, Hangul, fullwidth forms, most emoji), 1 for the rest.
size_t columns_of(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) ||
                    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
                    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
                    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
                    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
}

// The longest head of s (whole characters) that takes at most `columns`.
std::string cut_to(const std::string& s, size_t columns) {
  size_t used = 0, i = 0;
  while (i < s.size()) {
    size_t len;
    const size_t w = columns_of(decode(s, i, len));
    if (used + w > columns) break;
    used += w;
    i += len;
  }
  return s.substr(0, i);
}

// The longest tail of s (whole characters) that takes at most `columns`.
std::string tail_to(const std::string& s, size_t columns) {
  size_t used = 0, i = 0, keep = s.size();
  std::vector<std::pair<size_t, size_t>> starts;  // (byte offset, columns) of each character
  while (i < s.size()) {
    size_t len;
    starts.emplace_back(i, columns_of(decode(s, i, len)));
    i += len;
  }
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    if (used + it->second > columns) break;
    used += it->second;
    keep = it->first;
  }
  return s.substr(keep);
}

std::string cell(const std::string& s) {
  return display_width(s) <= kMaxCell ? s : cut_to(s, kMaxCell - 1) + "\u2026";
}

void pad(std::ostream& out, const std::string& s, size_t width, bool right) {
  const size_t w = display_width(s);
  if (right) out << std::string(width > w ? width - w : 0, ' ') << s;
  if (!right) out << s << std::string(width > w ? width - w : 0, ' ');
}

}  // namespace

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0, len; i < s.size(); i += len) n += columns_of(decode(s, i, len));
  return n;
}

namespace {

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
    return std::any_of(rows.begin(), rows.end(),
                       [member](const SweepRow& r) { return !(r.*member).empty(); });
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
    size_t w = display_width(c.title);
    for (const auto& r : rows) w = std::max(w, display_width(text(r, c)));
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

void print_indicator_summary(std::ostream& out, const std::vector<SweepRow>& rows,
                             const SeenTimes& seen) {
  struct Entry {
    const SweepRow* first = nullptr;
    uint64_t hits = 0;
  };
  std::map<std::pair<std::string, std::string>, Entry> by;  // (indicator, set)
  for (const auto& r : rows) {
    Entry& e = by[{r.indicator, r.set_id}];
    if (!e.first) e.first = &r;
    ++e.hits;
  }
  std::vector<std::pair<const std::pair<std::string, std::string>*, Entry>> sorted;
  for (const auto& [k, e] : by) sorted.emplace_back(&k, e);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.hits > b.second.hits; });
  const bool sets =
      std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return !r.set_id.empty(); });
  const bool times = !seen.empty();
  std::vector<std::vector<std::string>> table{{"INDICATOR", "TYPE", "HITS", "FIRST SEEN AT"}};
  if (times) {
    table[0].push_back("FIRST SEEN (UTC)");
    table[0].push_back("LAST SEEN (UTC)");
  }
  if (sets) table[0].push_back("SET");
  for (const auto& [k, e] : sorted) {
    table.push_back({cell(k->first), e.first->type, std::to_string(e.hits),
                     cell(e.first->file) + ":" + std::to_string(e.first->line)});
    if (times) {
      auto t = seen.find(*k);
      table.back().push_back(t == seen.end() ? "-" : t->second.first);
      table.back().push_back(t == seen.end() ? "-" : t->second.second);
    }
    if (sets) table.back().push_back(k->second);
  }
  std::vector<size_t> widths(table[0].size(), 0);
  for (const auto& row : table) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  for (const auto& row : table) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out << "  ";
      if (i + 1 == row.size()) {
        out << row[i];
      } else {
        pad(out, row[i], widths[i], i == 2);
      }
    }
    out << "\n";
  }
}

ProgressBar::ProgressBar(std::ostream& err, uint64_t total, const std::atomic<uint64_t>& done,
                         std::string label)
    : err_(err),
      total_(total),
      done_(done),
      label_(std::move(label)),
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
  // A label too long for the line keeps its end, the file's own name: "…/logs/conn.log".
  auto fitted = [&](const std::string& head, size_t least_bar) {
    const size_t room = static_cast<size_t>(std::max(width - 1, 0));
    const size_t used = display_width(head) + least_bar;
    if (used + display_width(label) <= room) return label;
    if (used + 1 > room) return std::string();
    return "\u2026" + tail_to(label, room - used - 1);
  };
  if (total > 0) {
    const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(share * 100));
    tail = std::string(pct) + "  " + human_bytes(std::min(done, total)) + " / " +
           human_bytes(total) + "  " + rate + "  ";
    tail += fitted(tail, 10 + 4);
    // (The line may take width - 1 columns; the bar's brackets and gap take 4.)
    const int cells = std::clamp(width - 1 - static_cast<int>(display_width(tail)) - 4, 10, 40);
    const int full = static_cast<int>(share * cells);
    bar = "[" + std::string(static_cast<size_t>(full), '#') +
          std::string(static_cast<size_t>(cells - full), '.') + "]  ";
  } else {
    tail = human_bytes(done) + "  " + rate + "  ";
    tail += fitted(tail, 0);
  }
  std::string line = bar + tail;
  // Never wider than the terminal: a wrapped bar cannot be erased with one \r.
  return cut_to(line, static_cast<size_t>(std::max(width - 1, 0)));
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
