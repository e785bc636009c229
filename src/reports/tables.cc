// The figures' JSON as tables (reports/tables.h).
#include "reports/tables.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cstdio>
#include <map>

namespace liaison::reports {

namespace json = boost::json;

namespace {

bool is_direction(std::string_view key) { return key.find("->") != std::string_view::npos; }

// A numeric string of the figures' fixed point ("0.7500", "-3", "12.25").
std::optional<double> numeric_text(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || (c == '-' && i == 0))) {
      return std::nullopt;
    }
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Cell cell_of(const json::value& v) {
  Cell c;
  if (v.is_int64() || v.is_uint64()) {
    c.kind = Cell::Kind::kNumber;
    c.integer = true;
    c.number =
        v.is_int64() ? static_cast<double>(v.get_int64()) : static_cast<double>(v.get_uint64());
    c.text = json::serialize(v);
  } else if (v.is_double()) {
    c.kind = Cell::Kind::kNumber;
    c.number = v.get_double();
    c.text = json::serialize(v);
  } else if (v.is_bool()) {
    c.kind = Cell::Kind::kText;
    c.text = v.get_bool() ? "true" : "false";
  } else if (v.is_string()) {
    c.text = v.get_string().c_str();
    if (auto n = numeric_text(c.text)) {
      c.kind = Cell::Kind::kNumber;
      c.number = *n;
      c.integer = c.text.find('.') == std::string::npos;
    } else {
      c.kind = Cell::Kind::kText;
    }
  } else if (v.is_array()) {
    // An array of scalars (or anything else left at a leaf) as its items joined.
    c.kind = Cell::Kind::kText;
    for (const auto& item : v.get_array()) {
      if (!c.text.empty()) c.text += ", ";
      c.text += item.is_string() ? std::string(item.get_string().c_str()) : json::serialize(item);
    }
  }
  return c;
}

using Leaves = std::vector<std::pair<std::vector<std::string>, Cell>>;

// Every leaf under `v`, in key order; an array of objects flattens by index.
void leaves(const json::value& v, std::vector<std::string>& path, Leaves& out) {
  if (v.is_object() && !v.get_object().empty()) {
    for (const auto& kv : v.get_object()) {
      path.emplace_back(kv.key());
      leaves(kv.value(), path, out);
      path.pop_back();
    }
    return;
  }
  if (v.is_array() && !v.get_array().empty() && v.get_array()[0].is_object()) {
    for (size_t i = 0; i < v.get_array().size(); ++i) {
      path.push_back(std::to_string(i + 1));
      leaves(v.get_array()[i], path, out);
      path.pop_back();
    }
    return;
  }
  out.emplace_back(path, cell_of(v));
}

// Adds `leaves` as column `col` of `t`, rows in first-seen order.
void add_column(Table& t, size_t col, const Leaves& ls, std::map<std::string, size_t>& index) {
  for (const auto& [key, cell] : ls) {
    std::string k;
    for (const auto& s : key) k += s + "\x1f";
    auto [it, fresh] = index.try_emplace(k, t.rows.size());
    if (fresh) t.rows.push_back({key, std::vector<Cell>(t.columns.size())});
    t.rows[it->second].cells[col] = cell;
  }
}

Table direction_table(std::string section,
                      const std::vector<std::pair<std::string, const json::value*>>& cols) {
  Table t{std::move(section), {}, true, {}};
  for (const auto& c : cols) t.columns.push_back(c.first);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < cols.size(); ++i) {
    Leaves ls;
    std::vector<std::string> path;
    leaves(*cols[i].second, path, ls);
    add_column(t, i, ls, index);
  }
  return t;
}

// An array of objects: one row per item (keyed by its number), one column per field.
Table list_table(std::string section, const json::array& items) {
  Table t{std::move(section), {}, false, {}};
  std::map<std::string, size_t> colindex;
  std::vector<Leaves> per_item;
  for (const auto& item : items) {
    Leaves ls;
    std::vector<std::string> path;
    leaves(item, path, ls);
    for (const auto& [key, cell] : ls) {
      std::string k;
      for (const auto& s : key) k += (k.empty() ? "" : ".") + s;
      if (colindex.try_emplace(k, t.columns.size()).second) t.columns.push_back(k);
    }
    per_item.push_back(std::move(ls));
  }
  for (size_t i = 0; i < per_item.size(); ++i) {
    Row row{{std::to_string(i + 1)}, std::vector<Cell>(t.columns.size())};
    for (const auto& [key, cell] : per_item[i]) {
      std::string k;
      for (const auto& s : key) k += (k.empty() ? "" : ".") + s;
      row.cells[colindex[k]] = cell;
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table section_table(const std::string& key, const json::value& v) {
  if (v.is_array() && !v.get_array().empty() && v.get_array()[0].is_object()) {
    return list_table(key, v.get_array());
  }
  if (v.is_object() && !v.get_object().empty()) {
    bool all_directions = true;
    for (const auto& kv : v.get_object()) all_directions = all_directions && is_direction(kv.key());
    if (all_directions) {
      std::vector<std::pair<std::string, const json::value*>> cols;
      for (const auto& kv : v.get_object()) cols.emplace_back(kv.key(), &kv.value());
      return direction_table(key, cols);
    }
  }
  return direction_table(key, {{"value", &v}});
}

bool is_summary(std::string_view key) { return key == "leaders_summary" || key == "summary"; }

// The order readers expect the sections in (a report reads from requests to sharing); a
// section not named here follows, in the figures' order.
constexpr std::string_view kSectionOrder[] = {"requests",       "timeliness", "open_overdue",
                                              "quality",        "leads",      "sharing",
                                              "priority_cases", "hotline",    "reciprocity"};

size_t rank_of(std::string_view section) {
  for (size_t i = 0; i < std::size(kSectionOrder); ++i) {
    if (kSectionOrder[i] == section) return i;
  }
  return std::size(kSectionOrder);
}

}  // namespace

Result<ReportTables> tables_of(const std::string& figures) {
  json::error_code ec;
  json::value v = json::parse(figures, ec);
  if (ec || !v.is_object()) return invalid_argument("the figures are not a JSON object", "figures");
  const json::object& o = v.get_object();
  ReportTables out;
  if (auto* p = o.if_contains("period"); p && p->is_object()) {
    if (auto* f = p->get_object().if_contains("from"); f && f->is_string()) {
      out.from = f->get_string().c_str();
    }
    if (auto* t = p->get_object().if_contains("to"); t && t->is_string()) {
      out.to = t->get_string().c_str();
    }
  }
  if (auto* ps = o.if_contains("parties"); ps && ps->is_array()) {
    for (const auto& p : ps->get_array()) {
      if (p.is_string()) out.parties.emplace_back(p.get_string().c_str());
    }
  }
  // Sections under "directions": one table each, the directions side by side.
  if (auto* d = o.if_contains("directions"); d && d->is_object()) {
    std::map<std::string, std::vector<std::pair<std::string, const json::value*>>> sections;
    std::vector<std::string> order;
    for (const auto& dir : d->get_object()) {
      if (!dir.value().is_object()) continue;
      for (const auto& sec : dir.value().get_object()) {
        auto& cols = sections[std::string(sec.key())];
        if (cols.empty()) order.emplace_back(sec.key());
        cols.emplace_back(dir.key(), &sec.value());
      }
    }
    for (const auto& name : order) out.tables.push_back(direction_table(name, sections[name]));
  }
  for (const auto& kv : o) {
    const std::string key(kv.key());
    if (key == "format" || key == "period" || key == "parties" || key == "directions") continue;
    Table t = section_table(key, kv.value());
    if (is_summary(key)) {
      out.summary = std::move(t);
    } else {
      out.tables.push_back(std::move(t));
    }
  }
  std::stable_sort(out.tables.begin(), out.tables.end(), [](const Table& a, const Table& b) {
    return rank_of(a.section) < rank_of(b.section);
  });
  return out;
}

Measure measure_of(const std::vector<std::string>& key, const Cell& c) {
  if (c.kind != Cell::Kind::kNumber) return Measure::kText;
  const std::string& last = key.empty() ? std::string() : key.back();
  auto ends = [&](std::string_view s) {
    return last.size() >= s.size() && last.compare(last.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("_seconds")) return Measure::kSeconds;
  if (last.rfind("share", 0) == 0 || ends("_share") || ends("_rate")) return Measure::kShare;
  if (!c.integer) return Measure::kScore;
  return Measure::kCount;
}

std::string display(const Cell& c, Measure m) {
  if (c.kind == Cell::Kind::kEmpty) return "";
  char buf[64];
  switch (m) {
    case Measure::kSeconds:
      if (c.number >= 86400) {
        std::snprintf(buf, sizeof buf, "%.1f d", c.number / 86400);
      } else {
        std::snprintf(buf, sizeof buf, "%.1f h", c.number / 3600);
      }
      return buf;
    case Measure::kShare:
      std::snprintf(buf, sizeof buf, "%.1f%%", c.number * 100);
      return buf;
    default:
      return c.text;
  }
}

}  // namespace liaison::reports
