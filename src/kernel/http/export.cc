#include "http/export.h"

namespace liaison::http {

namespace {

void csv_cell(std::string& out, const std::string& v) {
  // A leading = + - @ would be read as a formula by spreadsheet programs: quote it with a '.
  const bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@');
  const bool quote = formula || v.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    out += v;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

Result<std::string> export_format(const Request& req) {
  std::string f = req.query_param("format");
  if (f.empty() || f == "json" || f == "csv") return f == "json" ? std::string() : f;
  return invalid_argument("format must be json or csv", "format");
}

std::string to_csv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    csv_cell(out, t.columns[i]);
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

Response csv_response(const Table& t, const std::string& basename) {
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = to_csv(t);
  r.set_header("Content-Disposition", "attachment; filename=\"" + basename + ".csv\"");
  return r;
}

}  // namespace liaison::http
