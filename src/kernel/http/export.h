// Lists as downloadable files: every list route answers `?format=csv|xlsx` (with the same
// filter parameters as its JSON list) with the whole filtered list, not one page, bounded by
// outputs::kMaxExportRows, its column headers in `?lang=zh-CN|en` (default: the browser's
// Accept-Language). The table itself is an outputs::Table (outputs/table.h). Plain values; no
// thread affinity.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/message.h"
#include "outputs/table.h"

namespace liaison::http {

struct Context;

using outputs::kMaxExportRows;

enum class ExportFormat { kJson, kCsv, kXlsx };

struct Export {
  ExportFormat format = ExportFormat::kJson;
  outputs::Lang lang = outputs::Lang::kEn;
  bool is_file() const { return format != ExportFormat::kJson; }
};

// `format` ("" or json, csv, xlsx) and `lang` (zh-CN, en; absent: Accept-Language). An
// unknown value is an error naming `format` or `lang`.
Result<Export> export_of(const Request& req);

// The query parameters other than `format` and `lang`: the list's own filter.
std::vector<std::pair<std::string, std::string>> filter_params(const Request& req);

// ok for up to kMaxExportRows rows; beyond, 413 (too_large) naming `format`: narrow the filter.
Status check_export_rows(size_t rows);

// 200 with the table as `basename`.csv or .xlsx (a sheet named `basename`); an XLSX is
// written through a scratch file in the node's run/ directory.
Response export_response(Context& ctx, const outputs::Table& t, const Export& e,
                         const std::string& basename);

}  // namespace liaison::http
