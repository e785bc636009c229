#include "hotline/calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>

namespace liaison::hotline {

namespace {

using std::chrono::milliseconds;

Result<const date::time_zone*> zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return invalid_argument("unknown time zone '" + name + "'", "timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  }
}

std::string ymd_string(date::year_month_day d) {
  const int y = static_cast<int>(d.year());
  if (y < 0 || y > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
  }
  const unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
  std::string s = "0000-00-00";
  s[0] = static_cast<char>('0' + y / 1000);
  s[1] = static_cast<char>('0' + y / 100 % 10);
  s[2] = static_cast<char>('0' + y / 10 % 10);
  s[3] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + m / 10);
  s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + dd / 10);
  s[9] = static_cast<char>('0' + dd % 10);
  return s;
}

// Whether `ymd` (a valid date) falls on one of the calendar's working weekdays.
bool weekday_works(const Calendar& cal, date::year_month_day ymd) {
  if (!ymd.ok()) return false;
  unsigned iso = date::weekday{date::sys_days{ymd}}.iso_encoding();
  return std::find(cal.working_days.begin(), cal.working_days.end(), static_cast<int>(iso)) !=
         cal.working_days.end();
}

// Calendar::is_working_day for a day already split into its parts.
bool working_day(const Calendar& cal, date::year_month_day ymd) {
  if (!cal.holidays.empty() || !cal.extra_working_days.empty()) {
    const std::string d = ymd_string(ymd);
    if (cal.extra_working_days.count(d)) return true;
    if (cal.holidays.count(d)) return false;
  }
  return weekday_works(cal, ymd);
}

TimePoint midnight(const date::time_zone* z, date::local_days d) {
  // A midnight skipped by a DST change (some zones change at 00:00) maps to the change.
  const date::local_seconds local(d.time_since_epoch());
  auto info = z->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return std::chrono::time_point_cast<milliseconds>(info.first.end);
  }
  // Unique or ambiguous: the earliest is the first offset's (what to_sys(earliest) gives).
  return std::chrono::time_point_cast<milliseconds>(
      date::sys_seconds((local - info.first.offset).time_since_epoch()));
}

// Active spans [from, to) from `start` on, with the pauses cut out; the last may be open.
struct Span {
  TimePoint from;
  std::optional<TimePoint> to;
};
std::vector<Span> active_spans(TimePoint start, std::vector<Pause> pauses) {
  std::sort(pauses.begin(), pauses.end(),
            [](const Pause& a, const Pause& b) { return a.from < b.from; });
  std::vector<Span> spans;
  TimePoint cur = start;
  for (const auto& p : pauses) {
    if (p.to && *p.to <= cur) continue;
    if (p.from > cur) spans.push_back({cur, p.from});
    if (!p.to) return spans;  // the clock stops here for now
    cur = std::max(cur, *p.to);
  }
  spans.push_back({cur, std::nullopt});
  return spans;
}

// One working day, in units of the overlap's share of that day.
constexpr int64_t kDayUnits = 86'400'000;
constexpr int kMaxDays = 3700;  // ten years of search, then give up

}  // namespace

bool Calendar::is_working_day(const std::string& d) const {
  if (extra_working_days.count(d)) return true;
  if (holidays.count(d)) return false;
  int y = 0;
  unsigned m = 0, dd = 0;
  if (std::sscanf(d.c_str(), "%d-%u-%u", &y, &m, &dd) != 3) return false;
  return weekday_works(*this, date::year_month_day{date::year{y}, date::month{m}, date::day{dd}});
}

const char* to_string(Unit u) {
  switch (u) {
    case Unit::kSeconds:
      return "seconds";
    case Unit::kMinutes:
      return "minutes";
    case Unit::kHours:
      return "hours";
    case Unit::kDays:
      return "days";
    case Unit::kBusinessDays:
      return "business_days";
  }
  return "?";
}

std::optional<Unit> parse_unit(std::string_view s) {
  if (s == "seconds") return Unit::kSeconds;
  if (s == "minutes") return Unit::kMinutes;
  if (s == "hours") return Unit::kHours;
  if (s == "days") return Unit::kDays;
  if (s == "business_days") return Unit::kBusinessDays;
  return std::nullopt;
}

Result<std::optional<TimePoint>> due_time(TimePoint start, int64_t amount, Unit unit,
                                          const std::vector<Pause>& pauses, const Calendar& cal) {
  if (amount < 0)
    return invalid_argument("a clock's amount cannot be negative", "amount")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{0}}});
  auto spans = active_spans(start, pauses);
  if (unit != Unit::kBusinessDays) {
    milliseconds left = unit == Unit::kSeconds   ? milliseconds(std::chrono::seconds(amount))
                        : unit == Unit::kMinutes ? milliseconds(std::chrono::minutes(amount))
                        : unit == Unit::kHours   ? milliseconds(std::chrono::hours(amount))
                                                 : milliseconds(std::chrono::hours(24 * amount));
    for (const auto& s : spans) {
      if (!s.to || *s.to - s.from >= left) return std::optional<TimePoint>(s.from + left);
      left -= *s.to - s.from;
    }
    return std::optional<TimePoint>();
  }

  if (cal.working_days.empty() && cal.extra_working_days.empty()) {
    return invalid_argument("the calendar has no working days", "working_days")
        .with_reason(Reason::kRequired);
  }
  LIAISON_ASSIGN_OR_RETURN(const date::time_zone* z, zone(cal.timezone));
  int64_t left = amount * kDayUnits;
  if (left == 0) return std::optional<TimePoint>(spans.empty() ? start : spans.front().from);
  for (const auto& s : spans) {
    auto local = z->to_local(s.from);
    date::local_days day = date::floor<date::days>(local);
    TimePoint end = midnight(z, day);
    for (int i = 0; i < kMaxDays; ++i, day += date::days(1)) {
      TimePoint begin = end;  // this day's midnight is the last one's end
      end = midnight(z, day + date::days(1));
      if (s.to && begin >= *s.to) break;
      TimePoint a = std::max(begin, s.from);
      TimePoint b = s.to ? std::min(end, *s.to) : end;
      if (b <= a || !working_day(cal, date::year_month_day{day})) continue;
      int64_t len = (end - begin).count();
      int64_t units = (b - a).count() * kDayUnits / len;
      if (units >= left) {
        // Exact millisecond where the remaining share of this day runs out (rounded up).
        int64_t ms = (left * len + kDayUnits - 1) / kDayUnits;
        return std::optional<TimePoint>(a + milliseconds(ms));
      }
      left -= units;
    }
    if (!s.to)
      return invalid_argument("no working day within ten years", "working_days")
          .with_reason(Reason::kRequired);
  }
  return std::optional<TimePoint>();
}

std::string local_date(TimePoint t, const std::string& tz) {
  auto z = zone(tz);
  auto local = z.is_ok() ? (*z)->to_local(t) : date::local_time<milliseconds>(t.time_since_epoch());
  return ymd_string(date::year_month_day{date::floor<date::days>(local)});
}

std::string local_time_string(TimePoint t, const std::string& tz) {
  auto z = zone(tz);
  auto local = z.is_ok() ? (*z)->to_local(t) : date::local_time<milliseconds>(t.time_since_epoch());
  auto day = date::floor<date::days>(local);
  auto hm = date::hh_mm_ss<milliseconds>(local - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d", ymd_string(date::year_month_day{day}).c_str(),
                static_cast<int>(hm.hours().count()), static_cast<int>(hm.minutes().count()));
  return buf;
}

Result<TimePoint> from_local(const std::string& local, const std::string& tz) {
  int y = 0, sec = 0;
  unsigned m = 0, d = 0, hh = 0, mm = 0;
  int n = std::sscanf(local.c_str(), "%d-%u-%uT%u:%u:%d", &y, &m, &d, &hh, &mm, &sec);
  bool shape = local.size() == 16 || (local.size() == 19 && n == 6);
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (n < 5 || !shape || !ymd.ok() || hh > 23 || mm > 59 || sec < 0 || sec > 59) {
    return invalid_argument("expected a local time YYYY-MM-DDTHH:MM", "start")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kLocalDateTime));
  }
  LIAISON_ASSIGN_OR_RETURN(const date::time_zone* z, zone(tz));
  auto lt = date::local_seconds(date::local_days{ymd}.time_since_epoch()) + std::chrono::hours(hh) +
            std::chrono::minutes(mm) + std::chrono::seconds(sec);
  auto info = z->get_info(lt);
  if (info.result == date::local_info::nonexistent) {
    return std::chrono::time_point_cast<milliseconds>(info.first.end);
  }
  return std::chrono::time_point_cast<milliseconds>(z->to_sys(lt, date::choose::earliest));
}

}  // namespace liaison::hotline
