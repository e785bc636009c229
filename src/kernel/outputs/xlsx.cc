// The one place a list becomes XLSX (outputs/table.h to_xlsx). libxlsxwriter 1.1.4 (Debian 12)
// writes workbooks to files only, hence the scratch path.
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "outputs/table.h"

namespace liaison::outputs {

namespace {

constexpr size_t kSheetNameMax = 31;  // Excel's limit
constexpr double kMaxColumnWidth = 60;

// An RFC 3339 UTC time as libxlsxwriter's datetime; false when it is not one.
bool datetime_of(const std::string& s, lxw_datetime& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double sec = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf", &y, &mo, &d, &h, &mi, &sec) != 6) {
    return false;
  }
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  out = lxw_datetime{y, mo, d, h, mi, sec};
  return true;
}

std::string sheet_name(const std::string& name) {
  std::string out = name.empty() ? std::string("Sheet1") : name;
  for (char& c : out) {
    if (std::string_view("[]:*?/\\'").find(c) != std::string_view::npos) c = '_';
  }
  return out.substr(0, kSheetNameMax);
}

// A rough display width in characters (a CJK character counts two).
double width_of(const std::string& s) {
  double w = 0;
  for (unsigned char c : s) {
    if (c < 0x80) {
      w += 1;
    } else if (c >= 0xE0) {
      w += 2;  // the lead byte of a 3- or 4-byte sequence: CJK and wider
    }
  }
  return w;
}

void write_rows(lxw_worksheet* ws, const Table& t, lxw_format* date, std::vector<double>& widths) {
  lxw_row_t r = 1;
  for (const auto& row : t.rows) {
    for (size_t c = 0; c < row.size() && c < t.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (const auto* n = std::get_if<int64_t>(&row[c])) {
        worksheet_write_number(ws, r, col, static_cast<double>(*n), nullptr);
        widths[c] = std::max(widths[c], static_cast<double>(std::to_string(*n).size()));
        continue;
      }
      const std::string& s = std::get<std::string>(row[c]);
      if (s.empty()) continue;
      lxw_datetime dt;
      if (t.columns[c].kind == ColumnKind::kTime && datetime_of(s, dt)) {
        worksheet_write_datetime(ws, r, col, &dt, date);
        widths[c] = std::max(widths[c], 19.0);
      } else {
        worksheet_write_string(ws, r, col, s.c_str(), nullptr);
        widths[c] = std::max(widths[c], width_of(s));
      }
    }
    ++r;
  }
}

Status write_workbook(const Table& t, Lang lang, const std::string& sheet,
                      const std::string& path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to the file as written (100 000 rows fit)
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return internal_error("xlsx: cannot create " + path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd hh:mm:ss");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(sheet).c_str());
  std::vector<double> widths(t.columns.size(), 8);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const std::string& h = t.columns[c].header(lang);
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), bold);
    widths[c] = std::max(widths[c], width_of(h) + 2);
  }
  worksheet_freeze_panes(ws, 1, 0);
  write_rows(ws, t, date, widths);
  // The widths go into the sheet when the workbook is closed, so they may follow the rows.
  for (size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         std::min(widths[c] + 1, kMaxColumnWidth), nullptr);
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return internal_error(std::string("xlsx: ") + lxw_strerror(err));
  return Status::ok();
}

}  // namespace

Result<std::string> to_xlsx(const Table& t, Lang lang, const std::string& sheet,
                            const std::string& scratch_path) {
  Status st = write_workbook(t, lang, sheet, scratch_path);
  std::ostringstream bytes;
  if (st.is_ok()) {
    std::ifstream file(scratch_path, std::ios::binary);
    bytes << file.rdbuf();
    if (!file.good() && !file.eof()) st = internal_error("xlsx: cannot read " + scratch_path);
  }
  std::error_code ec;
  std::filesystem::remove(scratch_path, ec);
  if (!st.is_ok()) return st;
  return bytes.str();
}

}  // namespace liaison::outputs
