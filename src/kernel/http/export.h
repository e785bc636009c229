// Lists as downloadable tables: one Table of typed cells rendered as CSV (RFC 4180, UTF-8 with
// a byte-order mark so spreadsheet programs read Chinese text right). A list route answers
// `?format=csv` with the whole filtered list, not one page. Plain values; no thread affinity.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace liaison::http {

// The most rows one export holds; a larger filtered list is refused (narrow the filter).
inline constexpr int kMaxExportRows = 100000;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::variant<std::string, int64_t>>> rows;
};

// The `format` query parameter: "" (JSON, the default), or "csv"; anything else is an error
// naming "format".
Result<std::string> export_format(const Request& req);
std::string to_csv(const Table& t);
// 200 text/csv with Content-Disposition naming `basename`.csv.
Response csv_response(const Table& t, const std::string& basename);

}  // namespace liaison::http
