// The clock, injected everywhere time matters so deadline logic can be tested by moving a
// fake clock forward (STYLE habit 5). SystemClock is thread-safe; FakeClock is too (atomic).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace liaison {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  int64_t now_ms() const { return now().time_since_epoch().count(); }  // since the epoch
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : ms_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::milliseconds(ms_.load())); }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }
  void set(TimePoint t) { ms_ = t.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> ms_;
};

// Test-only: the system clock moved forward by the whole number of milliseconds written in
// the file `path` (0 when it is missing or unreadable), read again at most every 20 ms. A test
// rewrites the file to move the time of a node it runs as a process, which it cannot hand a
// FakeClock (`liaison` uses it when LIAISON_TEST_CLOCK_OFFSET_FILE is set; never in a
// deployment). Thread-safe.
class OffsetFileClock final : public Clock {
 public:
  explicit OffsetFileClock(std::string path) : path_(std::move(path)) {}
  TimePoint now() const override;

 private:
  std::string path_;
  mutable std::atomic<int64_t> offset_ms_{0};
  mutable std::atomic<int64_t> read_at_ns_{INT64_MIN};  // steady clock
};

// RFC 3339 UTC with millisecond precision: "2026-11-21T05:50:00.123Z" (".000" is omitted).
std::string format_rfc3339(TimePoint t);
// Parses "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)"; nullopt when malformed or out of range.
std::optional<TimePoint> parse_rfc3339(std::string_view s);

}  // namespace liaison
