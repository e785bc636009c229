// The XLSX of a report with libxlsxwriter (reports/outputs.h write_xlsx): a "Report" sheet,
// then one sheet per table of reports/tables.h. Numbers are written as numbers with a real
// number format by their measure (count "0", share "0.0%", score "0.00", durations as days
// with "[h]:mm:ss"), the period as dates ("yyyy-mm-dd hh:mm").
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "reports/outputs.h"
#include "reports/tables.h"

namespace liaison::reports {

namespace {

constexpr size_t kSheetNameMax = 31;  // Excel's limit

struct Formats {
  lxw_format *bold, *count, *share, *score, *duration, *date, *wrap;
};

Formats formats_of(lxw_workbook* wb) {
  Formats f{};
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "0");
  f.share = workbook_add_format(wb);
  format_set_num_format(f.share, "0.0%");
  f.score = workbook_add_format(wb);
  format_set_num_format(f.score, "0.00");
  f.duration = workbook_add_format(wb);
  format_set_num_format(f.duration, "[h]:mm:ss");
  f.date = workbook_add_format(wb);
  format_set_num_format(f.date, "yyyy-mm-dd hh:mm");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  return f;
}

// An RFC 3339 UTC time as libxlsxwriter's datetime; false when it is not one.
bool datetime_of(const std::string& s, lxw_datetime& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double sec = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &sec) != 6) return false;
  out = lxw_datetime{y, mo, d, h, mi, sec};
  return true;
}

// A sheet name Excel accepts and no other sheet has.
std::string sheet_name(std::string name, std::set<std::string>& used) {
  for (char& c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
  }
  name = name.substr(0, kSheetNameMax);
  std::string candidate = name;
  for (int i = 2; !used.insert(candidate).second; ++i) {
    const std::string suffix = "_" + std::to_string(i);
    candidate = name.substr(0, kSheetNameMax - suffix.size()) + suffix;
  }
  return candidate;
}

void write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Row& row, const Cell& cell,
                const Formats& f) {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      return;
    case Cell::Kind::kText:
      worksheet_write_string(ws, r, c, cell.text.c_str(), nullptr);
      return;
    case Cell::Kind::kNumber:
      break;
  }
  switch (measure_of(row.key, cell)) {
    case Measure::kSeconds:
      worksheet_write_number(ws, r, c, cell.number / 86400.0, f.duration);
      return;
    case Measure::kShare:
      worksheet_write_number(ws, r, c, cell.number, f.share);
      return;
    case Measure::kScore:
      worksheet_write_number(ws, r, c, cell.number, f.score);
      return;
    default:
      worksheet_write_number(ws, r, c, cell.number, f.count);
  }
}

void table_sheet(lxw_workbook* wb, const Table& t, Lang lang, const Formats& f,
                 std::set<std::string>& used) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(t.section, used).c_str());
  worksheet_write_string(ws, 0, 0, label(t.section, lang).c_str(), f.bold);
  worksheet_write_string(ws, 1, 0, "figure", f.bold);
  worksheet_write_string(ws, 1, 1, phrase("figure", lang).c_str(), f.bold);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c + 2),
                           column_label(t.columns[c], lang).c_str(), f.bold);
  }
  lxw_row_t r = 2;
  for (const auto& row : t.rows) {
    std::string key;
    for (const auto& s : row.key) key += (key.empty() ? "" : ".") + s;
    worksheet_write_string(ws, r, 0, key.c_str(), nullptr);
    worksheet_write_string(ws, r, 1, row_label(row.key, lang).c_str(), nullptr);
    for (size_t c = 0; c < row.cells.size(); ++c) {
      write_cell(ws, r, static_cast<lxw_col_t>(c + 2), row, row.cells[c], f);
    }
    ++r;
  }
  worksheet_set_column(ws, 0, 0, 40, nullptr);
  worksheet_set_column(ws, 1, 1, 48, nullptr);
  worksheet_set_column(ws, 2, static_cast<lxw_col_t>(std::max<size_t>(2, t.columns.size() + 1)), 16,
                       nullptr);
  worksheet_freeze_panes(ws, 2, 2);
}

void report_sheet(lxw_workbook* wb, const ReportTables& rt, const OutputInput& in, const Formats& f,
                  std::set<std::string>& used) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name("Report", used).c_str());
  const Lang lang = in.lang;
  lxw_row_t r = 0;
  worksheet_write_string(ws, r++, 0, phrase("title", lang).c_str(), f.bold);
  auto line = [&](const std::string& k, const std::string& v) {
    worksheet_write_string(ws, r, 0, k.c_str(), f.bold);
    worksheet_write_string(ws, r++, 1, v.c_str(), nullptr);
  };
  for (const auto& [k, v] : {std::pair{std::string("from"), rt.from}, {"to", rt.to}}) {
    worksheet_write_string(ws, r, 0, (phrase("period", lang) + " (" + k + ")").c_str(), f.bold);
    lxw_datetime dt;
    if (datetime_of(v, dt)) {
      worksheet_write_datetime(ws, r++, 1, &dt, f.date);
    } else {
      worksheet_write_string(ws, r++, 1, v.c_str(), nullptr);
    }
  }
  std::string parties;
  for (const auto& p : rt.parties) parties += (parties.empty() ? "" : " ") + p;
  line(phrase("parties", lang), parties);
  const std::string state = in.attestation ? in.attestation->state : "not_published";
  line(phrase("attestation", lang), phrase(state, lang));
  if (in.attestation) {
    line(phrase("report_id", lang), in.attestation->report_id);
    line(phrase("figures_sha256", lang), in.attestation->figures_sha256);
    for (const auto& s : in.attestation->signers) {
      line(phrase(s.role, lang) + " " + s.party,
           phrase("key_fingerprint", lang) + " " + s.key_fingerprint);
    }
    for (const auto& d : in.attestation->dissent) {
      line(phrase("differences", lang) + " " + d.figure, d.published + " | " + d.recomputed);
    }
  }
  worksheet_set_column(ws, 0, 0, 36, nullptr);
  worksheet_set_column(ws, 1, 1, 70, nullptr);
}

}  // namespace

Status write_xlsx(const OutputInput& in, const std::string& path) {
  LIAISON_ASSIGN_OR_RETURN(ReportTables rt, tables_of(in.figures));
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return internal_error("xlsx: cannot create " + path);
  const Formats f = formats_of(wb);
  std::set<std::string> used;
  report_sheet(wb, rt, in, f, used);
  if (rt.summary) table_sheet(wb, *rt.summary, in.lang, f, used);
  for (const auto& t : rt.tables) table_sheet(wb, t, in.lang, f, used);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return internal_error(std::string("xlsx: ") + lxw_strerror(err));
  }
  return Status::ok();
}

}  // namespace liaison::reports
