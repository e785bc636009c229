// The figures of a report, computed from signed records only (figures.h): FiguresBuilder
// reads each counted record's payload once into typed facts for the period and for the
// previous one (figures_read.cc), then the sections are computed from those facts
// (figures_requests.cc, figures_sharing.cc, figures_cases.cc) and put together here with the
// leaders' summary. Numbers are integers; ratios and means are fixed-point strings (the
// canonical JSON carries no doubles: ledger::has_double).
#include "reports/figures.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "ledger/canonical_json.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"

namespace liaison::reports {

namespace detail {

// ---- numbers -----------------------------------------------------------------------------

// num/den with `places` decimals, rounded half up; null when den is 0.
json::value fixed(int64_t num, int64_t den, int places) {
  if (den <= 0) return nullptr;
  int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const int64_t v = (num * scale * 2 + den) / (den * 2);
  std::string frac = std::to_string(v % scale);
  frac.insert(0, static_cast<size_t>(places) - frac.size(), '0');
  return json::value(std::to_string(v / scale) + "." + frac);
}

// count, mean (floored), median and p90 (nearest rank) of whole seconds.
json::object durations(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  const int64_t n = static_cast<int64_t>(v.size());
  auto rank = [&](int64_t pct) -> json::value {
    if (n == 0) return nullptr;
    return v[static_cast<size_t>((pct * n + 99) / 100 - 1)];
  };
  int64_t sum = 0;
  for (int64_t x : v) sum += x;
  return {{"count", n},
          {"mean_seconds", n ? json::value(sum / n) : json::value(nullptr)},
          {"median_seconds", rank(50)},
          {"p90_seconds", rank(90)}};
}

json::object stats(const Sample& s) {
  const int64_t n = static_cast<int64_t>(s.seconds.size());
  json::object o = durations(s.seconds);
  o["within_deadline"] = s.within;
  o["share_within_deadline"] = fixed(s.within, n, 4);
  return o;
}

json::object map_object(const std::map<std::string, int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

json::value time_or_null(const std::optional<TimePoint>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

int64_t seconds_between(TimePoint a, TimePoint b) {
  return std::chrono::duration_cast<std::chrono::seconds>(b - a).count();
}

int64_t int_or(const json::object& o, const char* key, int64_t fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : fallback;
}

}  // namespace detail

using namespace detail;

namespace {

Result<Scope> scope_of(const Period& period, const std::vector<Position>& positions) {
  LIAISON_RETURN_IF_ERROR(check_period(period));
  std::set<std::string> origins;
  Scope s;
  for (const auto& p : positions) {
    origins.insert(p.origin);
    s.upto[p.origin] = p.seq;
  }
  if (origins.size() != 2 || positions.size() != 2) {
    return invalid_argument("a report's positions name exactly two parties", "positions");
  }
  s.a = *origins.begin();
  s.b = *origins.rbegin();
  s.from = *parse_rfc3339(period.from);
  s.to = *parse_rfc3339(period.to);
  return s;
}

// The raw numbers of the leaders' summary, for one period.
struct Headlines {
  int64_t submitted = 0, answered = 0, ack_within = 0, ack_count = 0, fulfil_within = 0,
          fulfil_count = 0, open_overdue = 0, leads_sent = 0, leads_without_outcome = 0,
          cases_active = 0, reports_on_time = 0, reports_posted = 0, sets_shared = 0;
};

struct Computed {
  json::object sections;
  Headlines h;
  std::vector<OverdueItem> overdue;
};

// The sections of `scope` from the facts of the records signed by its end.
Result<Computed> compute(Inputs& in, const Scope& scope) {
  Computed out;
  std::map<std::string, Direction> dirs;
  for (const auto& [from, to] : {std::pair{scope.a, scope.b}, {scope.b, scope.a}}) {
    dirs[from + "->" + to];
  }
  LIAISON_RETURN_IF_ERROR(add_requests(in, scope, dirs, out.overdue));
  json::object directions, reciprocity;
  Headlines& h = out.h;
  for (const auto& [name, d] : dirs) {
    directions[name] = direction_object(d);
    const std::string from = name.substr(0, name.find("->")), to = name.substr(name.find("->") + 2);
    json::object sharing = sharing_object(in, scope, from, to);
    h.sets_shared += sharing.at("indicator_sets").to_number<int64_t>();
    directions[name].as_object()["sharing"] = std::move(sharing);
    reciprocity[name] = json::object{{"sent", d.submitted}, {"answered", d.answered}};
    h.submitted += d.submitted;
    h.answered += d.answered;
    for (auto [clock, within, count] : {std::tuple{"acknowledge", &h.ack_within, &h.ack_count},
                                        {"fulfil", &h.fulfil_within, &h.fulfil_count}}) {
      auto it = d.clocks.find(clock);
      if (it == d.clocks.end()) continue;
      *within += it->second.within;
      *count += static_cast<int64_t>(it->second.seconds.size());
    }
    h.open_overdue += d.open_overdue_requests;
    h.leads_sent += d.leads;
    h.leads_without_outcome += d.leads - d.leads_with_outcome;
  }
  CaseTotals cases;
  auto [case_section, areas] = case_sections(in, scope, cases, out.overdue);
  h.cases_active = cases.active;
  h.reports_on_time = cases.on_time;
  h.reports_posted = cases.posted;
  out.sections = {{"directions", std::move(directions)},
                  {"reciprocity", std::move(reciprocity)},
                  {"priority_cases", std::move(case_section)},
                  {"priority_areas", std::move(areas)},
                  {"hotline", hotline_section(in.hotline, scope)}};
  return out;
}

// A fixed-point share's change ("+0.1250", "-0.0500", "0.0000"), null when either is null.
json::value share_change(const json::value& now, const json::value& before) {
  if (!now.is_string() || !before.is_string()) return nullptr;
  auto scaled = [](std::string_view s) {
    int64_t v = 0;
    for (char ch : s) {
      if (ch >= '0' && ch <= '9') v = v * 10 + (ch - '0');
    }
    return v;  // "0.1234" → 1234 (4 decimals)
  };
  const int64_t d = scaled(now.get_string()) - scaled(before.get_string());
  const int64_t a = d < 0 ? -d : d;
  std::string frac = std::to_string(a % 10000);
  frac.insert(0, 4 - frac.size(), '0');
  return json::value((d > 0 ? "+" : d < 0 ? "-" : "") + std::to_string(a / 10000) + "." + frac);
}

json::object headline(int64_t now, int64_t before) {
  return {{"value", now}, {"previous", before}, {"change", now - before}};
}
json::object headline(json::value now, json::value before) {
  json::value change = share_change(now, before);
  return {
      {"value", std::move(now)}, {"previous", std::move(before)}, {"change", std::move(change)}};
}

// At most this many overdue items are listed (the earliest due first); `total` counts all.
constexpr size_t kOverdueListed = 50;

// The leaders' summary: ten headline figures, each beside the previous period of the same
// length (the one that ends the second before this one starts), and the items overdue at the
// period's end.
json::object leaders_summary(const Computed& now, const Headlines& b, const Scope& before) {
  const Headlines& a = now.h;
  json::object headlines{
      {"requests_submitted", headline(a.submitted, b.submitted)},
      {"requests_answered", headline(a.answered, b.answered)},
      {"share_acknowledged_within_deadline",
       headline(fixed(a.ack_within, a.ack_count, 4), fixed(b.ack_within, b.ack_count, 4))},
      {"share_fulfilled_within_deadline", headline(fixed(a.fulfil_within, a.fulfil_count, 4),
                                                   fixed(b.fulfil_within, b.fulfil_count, 4))},
      {"open_requests_overdue", headline(a.open_overdue, b.open_overdue)},
      {"leads_sent", headline(a.leads_sent, b.leads_sent)},
      {"leads_without_outcome", headline(a.leads_without_outcome, b.leads_without_outcome)},
      {"priority_cases_active", headline(a.cases_active, b.cases_active)},
      {"share_status_reports_on_time", headline(fixed(a.reports_on_time, a.reports_posted, 4),
                                                fixed(b.reports_on_time, b.reports_posted, 4))},
      {"indicator_sets_shared", headline(a.sets_shared, b.sets_shared)}};
  std::vector<OverdueItem> items = now.overdue;
  std::sort(items.begin(), items.end(), [](const OverdueItem& x, const OverdueItem& y) {
    return x.due != y.due ? x.due < y.due : x.key < y.key;
  });
  json::object listed;
  for (size_t i = 0; i < items.size() && i < kOverdueListed; ++i)
    listed[items[i].key] = items[i].item;
  return {{"previous_period",
           json::object{{"from", format_rfc3339(before.from)}, {"to", format_rfc3339(before.to)}}},
          {"headlines", std::move(headlines)},
          {"overdue", json::object{{"total", static_cast<int64_t>(items.size())},
                                   {"listed", std::move(listed)}}}};
}

}  // namespace

Status check_period(const Period& period) {
  auto from = parse_rfc3339(period.from);
  auto to = parse_rfc3339(period.to);
  if (!from)
    return invalid_argument("from must be an RFC 3339 time", "from")
        .with_reason(Reason::kInvalidTime);
  if (!to)
    return invalid_argument("to must be an RFC 3339 time", "to").with_reason(Reason::kInvalidTime);
  if (*from > *to) return invalid_argument("from is later than to", "from");
  return Status::ok();
}

// ---- the builder -------------------------------------------------------------------------

struct FiguresBuilder::State {
  Scope now, before;  // the period and the previous one of the same length
  Inputs in_now, in_before;
  // A record's payload is parsed into this arena and dropped after its facts are taken.
  unsigned char buffer[64 * 1024];
  json::monotonic_resource arena{buffer, sizeof buffer};
  json::parser parser;

  // Parses `text` into the arena; null when it is not a JSON object.
  const json::object* parse(std::string_view text) {
    parser.reset(&arena);
    json::error_code ec;
    parser.write(text.data(), text.size(), ec);
    if (ec) return nullptr;
    // Constructed in place: assigning to a value of another memory resource would copy it.
    held.emplace(parser.release());
    return held->is_object() ? &held->get_object() : nullptr;
  }
  void done() {
    held.reset();
    parser.reset();
    arena.release();
  }
  void take(const Head& h, const RecordFacts& f) {
    take_record(in_now, h, f);
    if (h.at <= before.to) take_record(in_before, h, f);
  }
  std::optional<json::value> held;
};

FiguresBuilder::FiguresBuilder(std::unique_ptr<State> s) : s_(std::move(s)) {}
FiguresBuilder::FiguresBuilder(FiguresBuilder&&) noexcept = default;
FiguresBuilder& FiguresBuilder::operator=(FiguresBuilder&&) noexcept = default;
FiguresBuilder::~FiguresBuilder() = default;

Result<FiguresBuilder> FiguresBuilder::start(const Period& period,
                                             const std::vector<Position>& positions) {
  LIAISON_ASSIGN_OR_RETURN(Scope scope, scope_of(period, positions));
  auto s = std::make_unique<State>();
  s->now = scope;
  s->before = scope;
  s->before.to = scope.from - std::chrono::seconds(1);
  s->before.from = s->before.to - (scope.to - scope.from);
  return FiguresBuilder(std::move(s));
}

void FiguresBuilder::add(const ledger::Record& r) {
  if (r.redacted) return;
  auto at = parse_rfc3339(r.created_at);
  if (!at) return;
  const Head h{.origin = r.origin,
               .seq = r.seq,
               .kind = r.kind,
               .object_id = r.object_id,
               .at = *at,
               .recipients = r.recipients};
  if (!counts(s_->now, h)) return;
  if (const json::object* payload = s_->parse(r.payload)) {
    std::string scratch;
    s_->take(h, record_facts(r.kind, *payload, r.payload, scratch));
  }
  s_->done();
}

Status FiguresBuilder::add(const StoredFacts& f) {
  Head h{.origin = f.origin, .seq = f.seq};
  RecordFacts facts;
  if (!decode_facts(f.doc, h, facts)) {
    return internal_error("the figures' facts of record " + std::string(f.origin) + ":" +
                          std::to_string(f.seq) + " are damaged (" + kFactsTable + ")");
  }
  if (counts(s_->now, h)) s_->take(h, facts);
  return Status::ok();
}

Result<std::string> FiguresBuilder::finish() {
  State& s = *s_;
  LIAISON_ASSIGN_OR_RETURN(Computed prev, compute(s.in_before, s.before));
  LIAISON_ASSIGN_OR_RETURN(Computed now, compute(s.in_now, s.now));
  json::object out{{"format", kFiguresFormat},
                   {"period", json::object{{"from", format_rfc3339(s.now.from)},
                                           {"to", format_rfc3339(s.now.to)}}},
                   {"parties", json::array{json::value(s.now.a), json::value(s.now.b)}}};
  for (auto& kv : now.sections) out[kv.key()] = std::move(kv.value());
  out["leaders_summary"] = leaders_summary(now, prev.h, s.before);
  return ledger::canonicalize(json::serialize(out));
}

Result<std::string> figures(std::span<const ledger::Record> records, const Period& period,
                            const std::vector<Position>& positions) {
  LIAISON_ASSIGN_OR_RETURN(FiguresBuilder b, FiguresBuilder::start(period, positions));
  for (const auto& r : records) b.add(r);
  return b.finish();
}

namespace {

void flatten(const json::value& v, const std::string& path,
             std::map<std::string, std::string>& out) {
  if (v.is_object() && !v.get_object().empty()) {
    for (const auto& kv : v.get_object()) {
      flatten(kv.value(), path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key()),
              out);
    }
    return;
  }
  out[path] = json::serialize(v);
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> figure_rows(const std::string& figures) {
  json::error_code ec;
  json::value v = json::parse(figures, ec);
  if (ec) return invalid_argument("the figures are not JSON", "figures");
  std::map<std::string, std::string> flat;
  flatten(v, "", flat);
  return std::vector<std::pair<std::string, std::string>>(flat.begin(), flat.end());
}

Result<std::vector<FigureDifference>> compare_figures(const std::string& published,
                                                      const std::string& recomputed) {
  auto a = figure_rows(published);
  if (!a.is_ok()) return invalid_argument("the published figures are not JSON", "figures");
  LIAISON_ASSIGN_OR_RETURN(auto b, figure_rows(recomputed));
  std::map<std::string, std::string> fa(a->begin(), a->end()), fb(b.begin(), b.end());
  std::set<std::string> paths;
  for (const auto& kv : fa) paths.insert(kv.first);
  for (const auto& kv : fb) paths.insert(kv.first);
  std::vector<FigureDifference> out;
  for (const auto& p : paths) {
    std::string x = fa.count(p) ? fa[p] : "", y = fb.count(p) ? fb[p] : "";
    if (x != y) out.push_back({p, x, y});
  }
  return out;
}

}  // namespace liaison::reports
