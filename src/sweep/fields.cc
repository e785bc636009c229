#include "sweep/fields.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace liaison::sweep::fields {

namespace {

bool ascii_lower_into(std::string_view s, char* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out[i] = c;
  }
  return true;
}

}  // namespace

// The class bits decide what a field can be, so most fields are dismissed without a lookup.
int32_t match_field(const Index& index, std::string_view f, uint16_t cls,
                    const char* readable_end) {
  if (f.size() < 3 || f.size() > 2048) return -1;
  const bool simple = (cls & kSimple) != 0;
  cls = static_cast<uint16_t>(cls & ~kSimple);
  const bool digit_dot_only = (cls & ~(kDigit | kDot)) == 0;
  const bool has_alpha = (cls & (kHexAlpha | kAlpha)) != 0;
  const bool has_dot = (cls & kDot) != 0;
  const bool has_colon = (cls & kColon) != 0;
  const bool has_at = (cls & kAt) != 0;
  const bool all_hex = (cls & ~(kDigit | kHexAlpha)) == 0;
  // IPv4: digits and dots only, or with a :port.
  if (digit_dot_only) {
    if (!has_dot || f.size() < 7 || f.size() > 15 || !index.has_type(IndicatorType::kIpv4))
      return -1;
    uint32_t v4;
    return parse_ipv4(f, v4, readable_end) ? index.match_ipv4(v4) : -1;
  }
  if (has_colon && !has_alpha && has_dot && f.find("://") == std::string_view::npos) {
    auto colon = f.find(':');
    if (colon >= 7 && colon <= 15 && f.find(':', colon + 1) == std::string_view::npos) {
      uint32_t v4;
      if (parse_ipv4(f.substr(0, colon), v4, readable_end)) return index.match_ipv4(v4);
    }
  }
  if (has_colon && f.find("://") != std::string_view::npos) {
    auto u = normalise_url(f);
    if (!u) return -1;
    int32_t id = index.match_exact(IndicatorType::kUrl, *u);
    if (id >= 0) return id;
    // The URL's host is a field of its own.
    std::string_view rest = std::string_view(*u).substr(u->find("://") + 3);
    if (!rest.empty() && rest[0] == '[') {
      auto close = rest.find(']');
      auto v6 =
          close == std::string_view::npos ? std::nullopt : parse_ipv6(rest.substr(1, close - 1));
      return v6 ? index.match_ipv6(*v6) : -1;
    }
    std::string_view host = rest.substr(0, rest.find_first_of("/:"));
    if (auto v4 = parse_ipv4(host)) return index.match_ipv4(*v4);
    return index.match_domain(host);
  }
  if (has_colon) {
    std::string_view a = f;
    // IPv6 text has at least two colons ("::1", "2001:db8::1"); JSON's "key":value does not.
    size_t first = a.find(':');
    if (a.find(':', first + 1) == std::string_view::npos) return -1;
    if (a[0] == '[') {
      auto close = a.find(']');
      if (close == std::string_view::npos) return -1;
      a = a.substr(1, close - 1);
    }
    auto v6 = parse_ipv6(a);
    if (!v6) return -1;
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6->data(), kMapped, 12) == 0) {
      uint32_t v4 = (uint32_t((*v6)[12]) << 24) | (uint32_t((*v6)[13]) << 16) |
                    (uint32_t((*v6)[14]) << 8) | (*v6)[15];
      int32_t id = index.match_ipv4(v4);
      if (id >= 0) return id;
    }
    return index.match_ipv6(*v6);
  }
  if (!has_alpha || f.size() > 253) return -1;
  if (has_at || (all_hex && (f.size() == 32 || f.size() == 40 || f.size() == 64))) {
    char low[256];
    ascii_lower_into(f, low);
    std::string_view lf(low, f.size());
    if (!has_at) return index.match_exact(IndicatorType::kHash, lf);
    int32_t id = index.match_exact(IndicatorType::kEmail, lf);
    if (id >= 0) return id;
    std::string_view dom = lf.substr(lf.find('@') + 1);
    if (!dom.empty() && dom.back() == '.') dom.remove_suffix(1);
    return dom.find('.') != std::string_view::npos ? index.match_domain(dom) : -1;
  }
  if (!has_dot) return -1;
  if (f.back() == '.') f.remove_suffix(1);
  // Only plausible host names go to the domain table (the walker's simple fields are).
  if (!simple) {
    for (char c : f) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_')) {
        return -1;
      }
    }
  }
  return index.match_domain(f);  // case-folded as it hashes
}

namespace {

std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r' || quoted) {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

void learn_from_first_line(std::string_view line, FieldNames& names) {
  if (names.format == LogFormat::kAuto) {
    if (!line.empty() && line[0] == '{') {
      names.format = LogFormat::kJsonLines;
    } else if (line.starts_with("#separator") || line.starts_with("#fields")) {
      names.format = LogFormat::kZeekTsv;
    } else {
      names.format = LogFormat::kText;
    }
  }
  if (names.format == LogFormat::kCsv && names.columns.empty()) names.columns = split_csv(line);
  if (line.starts_with("#fields")) learn_zeek_fields(line, names);
}

void learn_zeek_fields(std::string_view line, FieldNames& names) {
  if (!line.starts_with("#fields\t")) return;
  if (names.format == LogFormat::kAuto) names.format = LogFormat::kZeekTsv;
  if (names.format != LogFormat::kZeekTsv) return;
  names.columns.clear();
  line.remove_prefix(8);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  for (;;) {
    const size_t tab = line.find('\t');
    names.columns.emplace_back(line.substr(0, tab));
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
}

std::string field_name(const FieldNames& names, std::string_view prefix) {
  const auto column = [&](size_t i) { return i < names.columns.size() ? names.columns[i] : ""; };
  switch (names.format) {
    case LogFormat::kZeekTsv:
      return column(static_cast<size_t>(std::count(prefix.begin(), prefix.end(), '\t')));
    case LogFormat::kCsv: {
      size_t commas = 0;
      bool quoted = false;
      for (char c : prefix) {
        if (c == '"') quoted = !quoted;
        commas += c == ',' && !quoted;
      }
      return column(commas);
    }
    case LogFormat::kJsonLines: {
      // Back over the value's opening quote and blanks to the ':' after its key; a value in
      // an array ("answers":["a","b"]) takes the array's key.
      size_t i = prefix.size();
      const auto skip_blanks = [&] {
        while (i > 0 && (prefix[i - 1] == ' ' || prefix[i - 1] == '\t')) --i;
      };
      if (i > 0 && prefix[i - 1] == '"') --i;
      skip_blanks();
      if (i > 0 && (prefix[i - 1] == ',' || prefix[i - 1] == '[')) {
        const size_t open = prefix.rfind('[', i - 1);
        if (open == std::string_view::npos) return "";
        i = open;
        skip_blanks();
      }
      if (i == 0 || prefix[i - 1] != ':') return "";
      --i;
      skip_blanks();
      if (i < 2 || prefix[i - 1] != '"') return "";
      const size_t close = i - 1;
      const size_t open = prefix.rfind('"', close - 1);
      if (open == std::string_view::npos) return "";
      return std::string(prefix.substr(open + 1, close - open - 1));
    }
    case LogFormat::kAuto:
    case LogFormat::kText:
      return "";
  }
  return "";
}

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int64_t number(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// "S[.fraction]": microseconds (the fraction cut or padded to 6 digits).
std::optional<int64_t> seconds_and_fraction(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  if (!digits(whole) || whole.size() > 11) return std::nullopt;
  int64_t us = number(whole) * 1000000;
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (!digits(frac)) return std::nullopt;
    frac = frac.substr(0, 6);
    int64_t f = number(frac);
    for (size_t i = frac.size(); i < 6; ++i) f *= 10;
    us += f;
  }
  return us;
}

// "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|±HH:MM|±HHMM]"; no zone: UTC.
std::optional<int64_t> iso_time(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const std::string_view y = s.substr(0, 4), mo = s.substr(5, 2), d = s.substr(8, 2),
                         h = s.substr(11, 2), mi = s.substr(14, 2);
  if (!digits(y) || !digits(mo) || !digits(d) || !digits(h) || !digits(mi)) return std::nullopt;
  const int64_t month = number(mo), day = number(d), hour = number(h), minute = number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) {
    return std::nullopt;
  }
  size_t end = 19;
  while (end < s.size() && (s[end] == '.' || (s[end] >= '0' && s[end] <= '9'))) ++end;
  auto sec = seconds_and_fraction(s.substr(17, end - 17));
  if (!sec || *sec >= 61 * int64_t{1000000}) return std::nullopt;
  int64_t offset = 0;
  std::string_view zone = s.substr(end);
  if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
    std::string_view hh = zone.substr(1, 2), mm = zone.size() >= 6 && zone[3] == ':'
                                                      ? zone.substr(4, 2)
                                                      : zone.substr(3, 2);
    if (!digits(hh) || hh.size() != 2 || !digits(mm) || mm.size() != 2) return std::nullopt;
    offset = (number(hh) * 60 + number(mm)) * 60 * (zone[0] == '-' ? -1 : 1);
  }
  const int64_t days = days_from_civil(number(y), month, day);
  return (days * 86400 + hour * 3600 + minute * 60 - offset) * 1000000 + *sec;
}

bool time_name(std::string_view name) {
  return name == "ts" || name == "timestamp" || name == "@timestamp" || name == "time";
}

// The `i`th field of a line split at `sep` (CSV: outside quotes), quotes dropped.
std::string_view nth_field(std::string_view line, size_t i, char sep) {
  size_t start = 0, n = 0;
  bool quoted = false;
  for (size_t k = 0; k <= line.size(); ++k) {
    const char c = k < line.size() ? line[k] : sep;
    if (c == '"' && sep == ',') quoted = !quoted;
    if (c != sep || quoted) continue;
    if (n == i) {
      std::string_view f = line.substr(start, k - start);
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
      return f;
    }
    ++n;
    start = k + 1;
  }
  return {};
}

// A JSON line's value of the first of the time keys it has: a number or a string's text.
std::optional<int64_t> json_time(std::string_view line) {
  for (std::string_view key : {"\"ts\"", "\"timestamp\"", "\"@timestamp\"", "\"time\""}) {
    size_t at = line.find(key);
    if (at == std::string_view::npos) continue;
    at += key.size();
    while (at < line.size() && (line[at] == ' ' || line[at] == ':')) ++at;
    if (at >= line.size()) continue;
    if (line[at] == '"') {
      const size_t close = line.find('"', at + 1);
      if (close == std::string_view::npos) continue;
      if (auto t = parse_log_time(line.substr(at + 1, close - at - 1))) return t;
      continue;
    }
    size_t end = at;
    while (end < line.size() && (line[end] == '.' || (line[end] >= '0' && line[end] <= '9'))) ++end;
    if (auto t = parse_log_time(line.substr(at, end - at))) return t;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> parse_log_time(std::string_view text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.size() >= 19 && text[4] == '-') return iso_time(text);
  return seconds_and_fraction(text);
}

std::optional<int64_t> line_time(const FieldNames* names, std::string_view line) {
  const LogFormat format = names ? names->format : LogFormat::kText;
  const auto column = [&]() -> std::optional<size_t> {
    for (size_t i = 0; i < names->columns.size(); ++i) {
      if (time_name(names->columns[i])) return i;
    }
    return std::nullopt;
  };
  switch (format) {
    case LogFormat::kZeekTsv:
    case LogFormat::kCsv: {
      const auto i = column();
      if (!i) return std::nullopt;
      return parse_log_time(nth_field(line, *i, format == LogFormat::kCsv ? ',' : '\t'));
    }
    case LogFormat::kJsonLines:
      return json_time(line);
    case LogFormat::kAuto:
    case LogFormat::kText: {
      // An ISO time at the start of the line (its first token, or the first two: date, time).
      if (line.size() < 19) return std::nullopt;
      return iso_time(line.substr(0, std::min<size_t>(line.size(), 35)));
    }
  }
  return std::nullopt;
}

}  // namespace liaison::sweep::fields
