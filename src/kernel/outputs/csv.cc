#include <string>

#include "outputs/table.h"

namespace liaison::outputs {

namespace {

// `v` in quotes, its own quotes doubled.
std::string quoted(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::string csv_quoted(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  return quoted(v);
}

namespace {

void csv_cell(std::string& out, const std::string& v) {
  // A leading = + - @ would be read as a formula by spreadsheet programs: quote it with a '.
  const bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@');
  out += formula ? quoted("'" + v) : csv_quoted(v);
}

}  // namespace

Result<Lang> parse_lang(std::string_view text) {
  if (text == "en") return Lang::kEn;
  if (text == "zh-CN" || text == "zh") return Lang::kZh;
  return invalid_argument("lang must be zh-CN or en", "lang");
}

Lang lang_of_accept_language(std::string_view header) {
  const size_t start = header.find_first_not_of(' ');
  if (start == std::string_view::npos) return Lang::kEn;
  const std::string_view first = header.substr(start, 2);
  return first == "zh" || first == "ZH" ? Lang::kZh : Lang::kEn;
}

std::string to_csv(const Table& t, Lang lang) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    csv_cell(out, t.columns[i].header(lang));
  }
  out += "\r\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      if (const auto* n = std::get_if<int64_t>(&row[i])) {
        out += std::to_string(*n);
      } else {
        csv_cell(out, std::get<std::string>(row[i]));
      }
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace liaison::outputs
