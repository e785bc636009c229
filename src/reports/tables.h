// The figures' JSON as tables (internal to the renderers of reports/outputs.h): every section
// of the figures becomes one table of named figures, whatever the section is called.
//
//   - "directions": {"A->B": {section: {...}}, ...} gives one table per section with one
//     column per direction (both directions side by side);
//   - a top-level object whose members are all directions ("A->B") likewise gives one table;
//   - an array of objects gives a table with one row per item and one column per field;
//   - any other object gives a table with one "value" column.
// Nested objects flatten into row keys ("acknowledge.by_type.ip.count"). Numbers and numeric
// strings ("0.7500", the figures' fixed point) are numbers. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reports/outputs.h"

namespace liaison::reports {

struct Cell {
  enum class Kind { kEmpty, kNumber, kText } kind = Kind::kEmpty;
  double number = 0;
  bool integer = false;
  std::string text;  // the text as the figures have it (numbers too)
};

struct Row {
  std::vector<std::string> key;  // path segments below the section
  std::vector<Cell> cells;       // one per column
};

struct Table {
  std::string section;               // the figures' key ("timeliness", "priority_cases")
  std::vector<std::string> columns;  // directions, item fields, or {"value"}
  bool columns_are_directions = false;
  std::vector<Row> rows;
};

struct ReportTables {
  std::string from, to;  // the period, RFC 3339
  std::vector<std::string> parties;
  std::optional<Table> summary;  // the leaders' summary, when the figures carry one
  std::vector<Table> tables;
};

Result<ReportTables> tables_of(const std::string& figures);

// ---- labels (labels.cc): one table of zh/en labels; an unknown key is its own label -------

// The label of one key in `lang` (kBoth: "中文 / English"; the key itself when unknown).
std::string label(std::string_view key, Lang lang);
// One language's label (never both); the key when unknown.
std::string label_zh(std::string_view key);
std::string label_en(std::string_view key);
// A row key's label: its segments' labels joined by " · ".
std::string row_label(const std::vector<std::string>& key, Lang lang);
// A column's label: a direction "CN->US" as "CN → US", else the key's label.
std::string column_label(const std::string& column, Lang lang);
// A fixed phrase of the documents (title, attestation words) in `lang`.
std::string phrase(std::string_view id, Lang lang);

// How a figure is shown: by the last segment of its key.
enum class Measure { kCount, kSeconds, kShare, kScore, kText };
Measure measure_of(const std::vector<std::string>& key, const Cell& c);
// A cell as the PDF and CSV show it to a reader ("12.5 h", "75.0%", "3"); "" when empty.
std::string display(const Cell& c, Measure m);

}  // namespace liaison::reports
