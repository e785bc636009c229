#include "http/export.h"

#include "common/crypto.h"
#include "http/api.h"
#include "node/node.h"

namespace liaison::http {

Result<Export> export_of(const Request& req) {
  Export e;
  const std::string f = req.query_param("format");
  if (f == "csv") {
    e.format = ExportFormat::kCsv;
  } else if (f == "xlsx") {
    e.format = ExportFormat::kXlsx;
  } else if (!f.empty() && f != "json") {
    return invalid_argument("format must be json, csv or xlsx", "format")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"json", "csv", "xlsx"}}});
  }
  if (req.query.count("lang")) {
    LIAISON_ASSIGN_OR_RETURN(e.lang, outputs::parse_lang(req.query_param("lang")));
  } else {
    e.lang = outputs::lang_of_accept_language(req.header("accept-language"));
  }
  return e;
}

std::vector<std::pair<std::string, std::string>> filter_params(const Request& req) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : req.query) {
    if (k != "format" && k != "lang") out.emplace_back(k, v);
  }
  return out;
}

Status check_export_rows(size_t rows) {
  if (rows <= static_cast<size_t>(kMaxExportRows)) return Status::ok();
  return Status(StatusCode::kTooLarge,
                "more than " + std::to_string(kMaxExportRows) +
                    " rows match: narrow the filter to export them",
                "format");
}

Response export_response(Context& ctx, const outputs::Table& t, const Export& e,
                         const std::string& basename) {
  Response r;
  r.status = 200;
  std::string ext = "csv";
  if (e.format == ExportFormat::kXlsx) {
    auto bytes =
        outputs::to_xlsx(t, e.lang, basename, ctx.node.path("run/export-" + new_uuid() + ".xlsx"));
    if (!bytes.is_ok()) return error_response(bytes.status());
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = std::move(*bytes);
    ext = "xlsx";
  } else {
    r.content_type = "text/csv; charset=utf-8";
    r.body = outputs::to_csv(t, e.lang);
  }
  r.set_header("Content-Disposition", "attachment; filename=\"" + basename + "." + ext + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace liaison::http
