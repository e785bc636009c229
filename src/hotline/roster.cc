#include "hotline/roster.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

#include "common/json_fields.h"
#include "hotline/calendar.h"

namespace liaison::hotline {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

int minutes_of(const std::string& hhmm) {
  unsigned h = 0, m = 0;
  if (hhmm.size() != 5 || std::sscanf(hhmm.c_str(), "%u:%u", &h, &m) != 2 || h > 24 || m > 59 ||
      (h == 24 && m != 0)) {
    return -1;
  }
  return static_cast<int>(h * 60 + m);
}

// The shift of one layer at `t`: which user, and its [since, until).
std::optional<OnCall> layer_shift(const Layer& l, const date::time_zone* z, TimePoint t) {
  if (l.users.empty() || l.rotation_length < 1) return std::nullopt;
  auto start = from_local(l.start, z->name());
  if (!start.is_ok() || t < *start) return std::nullopt;
  int64_t k = 0;
  TimePoint since, until;
  if (l.rotation_unit == "hours") {
    milliseconds len = std::chrono::hours(l.rotation_length);
    k = (t - *start) / len;
    since = *start + len * k;
    until = since + len;
  } else {
    // Day and week rotations count wall-clock days in the zone, so 09:00 stays 09:00.
    int64_t days = l.rotation_length * (l.rotation_unit == "weeks" ? 7 : 1);
    auto local_start = z->to_local(*start);
    auto local_t = z->to_local(t);
    auto elapsed = std::chrono::duration_cast<milliseconds>(local_t - local_start);
    k = elapsed / milliseconds(std::chrono::hours(24 * days));
    auto to_sys = [&](auto local) {
      auto info = z->get_info(date::floor<std::chrono::seconds>(local));
      if (info.result == date::local_info::nonexistent) {
        return std::chrono::time_point_cast<milliseconds>(info.first.end);
      }
      return std::chrono::time_point_cast<milliseconds>(z->to_sys(local, date::choose::earliest));
    };
    since = to_sys(local_start + date::days(days * k));
    until = to_sys(local_start + date::days(days * (k + 1)));
    // Around a fall-back change the wall-clock arithmetic can land one shift off.
    if (t < since) {
      --k;
      until = since;
      since = to_sys(local_start + date::days(days * k));
    } else if (t >= until) {
      ++k;
      since = until;
      until = to_sys(local_start + date::days(days * (k + 1)));
    }
  }
  OnCall oc{l.users[static_cast<size_t>(k % static_cast<int64_t>(l.users.size()))], since, until};
  if (l.window_from.empty()) return oc;

  // Restricted to a daily window: is `t` inside today's window (in local time)?
  auto local_t = z->to_local(t);
  auto day = date::floor<date::days>(local_t);
  unsigned iso = date::weekday{day}.iso_encoding();
  if (!l.window_days.empty() && std::find(l.window_days.begin(), l.window_days.end(),
                                          static_cast<int>(iso)) == l.window_days.end()) {
    return std::nullopt;
  }
  int from = minutes_of(l.window_from), to = minutes_of(l.window_to);
  int now_min =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local_t - day).count());
  if (from < 0 || to < 0 || now_min < from || now_min >= to) return std::nullopt;
  auto window_end = z->to_sys(
      date::local_seconds(day.time_since_epoch()) + std::chrono::minutes(to), date::choose::latest);
  oc.until = std::min(oc.until, std::chrono::time_point_cast<milliseconds>(window_end));
  return oc;
}

}  // namespace

std::optional<OnCall> on_call(const Schedule& s, TimePoint t) {
  const date::time_zone* z = nullptr;
  try {
    z = date::locate_zone(s.timezone);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  for (const auto& o : s.overrides) {
    if (o.start <= t && t < o.end) return OnCall{o.user, o.start, o.end};
  }
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    if (auto oc = layer_shift(*it, z, t)) {
      // An override starting before the shift ends cuts it short.
      for (const auto& o : s.overrides) {
        if (o.start > t && o.start < oc->until) oc->until = o.start;
      }
      return oc;
    }
  }
  return std::nullopt;
}

namespace {

Status check_user(const json::value& v, const std::string& field) {
  if (!v.is_string() || v.get_string().empty() || v.get_string().size() > 64) {
    return invalid_argument("a user is a user name of 1-64 characters", field)
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{64}}});
  }
  return Status::ok();
}

// A layer's daily window {from, to, days} into `l`.
Status read_window(const json::value& w, const std::string& f, Layer& l) {
  if (!w.is_object())
    return invalid_argument("window is {from, to, days}", f + ".window")
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{from, to, days}")}});
  l.window_from = str_of(w.get_object(), "from");
  l.window_to = str_of(w.get_object(), "to");
  int a = minutes_of(l.window_from), b = minutes_of(l.window_to);
  if (a < 0 || b < 0 || b <= a) {
    return invalid_argument("window from/to must be HH:MM with from before to", f + ".window")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeWindow));
  }
  if (auto* d = w.get_object().if_contains("days")) {
    if (!d->is_array())
      return invalid_argument("days must be ISO weekdays", f + ".window.days")
          .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{7}}});
    for (const auto& x : d->get_array()) {
      if (!x.is_int64() || x.get_int64() < 1 || x.get_int64() > 7) {
        return invalid_argument("days must be ISO weekdays 1-7", f + ".window.days")
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{7}}});
      }
      l.window_days.push_back(static_cast<int>(x.get_int64()));
    }
  }
  return Status::ok();
}

// The layer at `f` (e.g. "layers[0]"), its local start read in the schedule's zone.
Result<Layer> layer_from_json(const json::value& lv, const std::string& f,
                              const std::string& timezone) {
  if (!lv.is_object())
    return invalid_argument("a layer is an object", f)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& lo = lv.get_object();
  Layer l;
  l.name = str_of(lo, "name");
  l.start = str_of(lo, "start");
  if (!from_local(l.start, timezone).is_ok()) {
    return invalid_argument("start must be a local time YYYY-MM-DDTHH:MM", f + ".start")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kLocalDateTime));
  }
  auto* len = lo.if_contains("rotation_length");
  if (!len || !len->is_int64() || len->get_int64() < 1 || len->get_int64() > 1000) {
    return invalid_argument("rotation_length must be an integer 1-1000", f + ".rotation_length")
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{1000}}});
  }
  l.rotation_length = len->get_int64();
  l.rotation_unit = str_of(lo, "rotation_unit");
  if (l.rotation_unit != "hours" && l.rotation_unit != "days" && l.rotation_unit != "weeks") {
    return invalid_argument("rotation_unit must be hours, days or weeks", f + ".rotation_unit")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"hours", "days", "weeks"}}});
  }
  auto* users = lo.if_contains("users");
  if (!users || !users->is_array() || users->get_array().empty() ||
      users->get_array().size() > 100) {
    return invalid_argument("users must list 1-100 people", f + ".users")
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{100}}});
  }
  size_t j = 0;
  for (const auto& u : users->get_array()) {
    LIAISON_RETURN_IF_ERROR(check_user(u, f + ".users[" + std::to_string(j++) + "]"));
    l.users.emplace_back(u.get_string());
  }
  if (auto* w = lo.if_contains("window"); w && !w->is_null()) {
    LIAISON_RETURN_IF_ERROR(read_window(*w, f, l));
  }
  return l;
}

// The schedule's overrides (absent means none) into `s`.
Status read_overrides(const json::object& o, Schedule& s) {
  auto* ov = o.if_contains("overrides");
  if (!ov) return Status::ok();
  if (!ov->is_array() || ov->get_array().size() > 200) {
    return field_wrong_type("overrides", "array");
  }
  size_t j = 0;
  for (const auto& x : ov->get_array()) {
    std::string f = "overrides[" + std::to_string(j++) + "]";
    if (!x.is_object())
      return invalid_argument("an override is an object", f)
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    const auto& xo = x.get_object();
    LIAISON_RETURN_IF_ERROR(
        check_user(xo.contains("user") ? xo.at("user") : json::value(), f + ".user"));
    auto a = parse_rfc3339(str_of(xo, "start"));
    auto b = parse_rfc3339(str_of(xo, "end"));
    if (!a)
      return invalid_argument("start must be RFC 3339", f + ".start")
          .with_reason(Reason::kInvalidTime);
    if (!b || *b <= *a)
      return invalid_argument("end must be RFC 3339 after start", f + ".end")
          .with_reason(Reason::kInvalidTime);
    s.overrides.push_back({str_of(xo, "user"), *a, *b});
  }
  return Status::ok();
}

}  // namespace

Result<Schedule> schedule_from_json(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("a schedule is a JSON object", "")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& o = v.get_object();
  for (const auto& kv : o) {
    static const char* kKeys[] = {"id",       "party",  "name",      "tier",
                                  "timezone", "layers", "overrides", "updated_at"};
    bool known = false;
    for (const char* k : kKeys) known = known || kv.key() == k;
    if (!known)
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
  }
  Schedule s;
  s.id = str_of(o, "id");
  s.party = str_of(o, "party");
  s.name = str_of(o, "name");
  s.timezone = str_of(o, "timezone");
  if (s.party.empty() || s.id.rfind(s.party + ":", 0) != 0 || s.id.size() == s.party.size() + 1 ||
      s.id.size() > 80) {
    return invalid_argument("id must be PARTY:name of the schedule's party", "id")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kScheduleId));
  }
  if (s.name.empty() || s.name.size() > 200) return field_required("name");
  auto* tier = o.if_contains("tier");
  if (!tier || !tier->is_int64() || tier->get_int64() < 1 || tier->get_int64() > 3) {
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  }
  s.tier = static_cast<int>(tier->get_int64());
  try {
    (void)date::locate_zone(s.timezone);
  } catch (const std::exception&) {
    return invalid_argument("timezone must be an IANA time zone such as America/New_York",
                            "timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  }
  auto* layers = o.if_contains("layers");
  if (!layers || !layers->is_array() || layers->get_array().size() > 10) {
    return invalid_argument("layers must be an array of at most 10 layers", "layers")
        .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
  }
  size_t i = 0;
  for (const auto& lv : layers->get_array()) {
    auto l = layer_from_json(lv, "layers[" + std::to_string(i++) + "]", s.timezone);
    if (!l.is_ok()) return l.status();
    s.layers.push_back(std::move(*l));
  }
  LIAISON_RETURN_IF_ERROR(read_overrides(o, s));
  return s;
}

json::object to_json(const Schedule& s) {
  json::array layers;
  for (const auto& l : s.layers) {
    json::array users;
    for (const auto& u : l.users) users.emplace_back(u);
    json::object lo{{"name", l.name},
                    {"start", l.start},
                    {"rotation_length", l.rotation_length},
                    {"rotation_unit", l.rotation_unit},
                    {"users", std::move(users)}};
    if (!l.window_from.empty()) {
      json::array days;
      for (int d : l.window_days) days.emplace_back(d);
      lo["window"] = json::object{{"from", l.window_from}, {"to", l.window_to}, {"days", days}};
    }
    layers.push_back(std::move(lo));
  }
  json::array overrides;
  for (const auto& o : s.overrides) {
    overrides.push_back(json::object{
        {"user", o.user}, {"start", format_rfc3339(o.start)}, {"end", format_rfc3339(o.end)}});
  }
  return json::object{{"id", s.id},
                      {"party", s.party},
                      {"name", s.name},
                      {"tier", s.tier},
                      {"timezone", s.timezone},
                      {"layers", std::move(layers)},
                      {"overrides", std::move(overrides)}};
}

}  // namespace liaison::hotline
