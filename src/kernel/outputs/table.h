// A list as a downloadable table: typed columns with headers in both languages, rows of
// text and integer cells, written as CSV (RFC 4180, UTF-8 with a byte-order mark) or XLSX
// (libxlsxwriter, kept out of this header). Every list export of the API (the register,
// indicators, sightings, the hotline log, the audit log) goes through here. Plain values and
// pure functions; thread-safe.
//
//   outputs::Table t{{{"ref", "Reference", "编号"}, {"created_at", "Created", "创建时间",
//                      outputs::ColumnKind::kTime}}, {}};
//   t.rows.push_back({std::string("CN-2026-000001"), std::string("2026-11-05T08:00:00Z")});
//   std::string csv = outputs::to_csv(t, outputs::Lang::kEn);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace liaison::outputs {

// The most rows one export holds (every list's CSV and XLSX); a larger filtered list is
// refused with 413 naming `format` (narrow the filter). docs/API.md cites this number.
inline constexpr int kMaxExportRows = 100000;

enum class Lang { kEn, kZh };
// "en" | "zh-CN" (also "zh"); anything else is an error naming `lang`.
Result<Lang> parse_lang(std::string_view text);
// The language of an Accept-Language header: Chinese when its first language is zh.
Lang lang_of_accept_language(std::string_view header);

// kTime cells are RFC 3339 UTC text ("2026-11-05T08:00:00Z"); the XLSX holds them as dates
// with a date format, the CSV as the text. kNumber cells are integers.
enum class ColumnKind { kText, kNumber, kTime };

struct Column {
  std::string key;  // the field it shows (API name)
  std::string en, zh;
  ColumnKind kind = ColumnKind::kText;
  const std::string& header(Lang lang) const { return lang == Lang::kZh ? zh : en; }
};

using Cell = std::variant<std::string, int64_t>;

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

// One CSV field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma,
// a quote or a line break, else as it is. No formula guard: for values that are data, such
// as a report's figures ("-0.5").
std::string csv_quoted(std::string_view v);

// The header row in `lang`, then each row. Cells that a spreadsheet would read as a formula
// (a leading = + - @) are quoted with a leading '.
std::string to_csv(const Table& t, Lang lang);

// An XLSX workbook of one sheet named `sheet`: the header row bold and frozen, numbers as
// numbers, times as dates ("yyyy-mm-dd hh:mm:ss"). Written through `scratch_path` (a file
// name the caller owns; removed afterwards).
Result<std::string> to_xlsx(const Table& t, Lang lang, const std::string& sheet,
                            const std::string& scratch_path);

}  // namespace liaison::outputs
