// The written forms of a report (issue 16): PDF, XLSX, CSV per table and JSON, all drawn from
// the canonical figures' JSON (reports/figures.h) plus, for a published report, its
// attestation. Renderers are generic over the figures: sections of named figures become
// tables whatever their names, so a section added to the figures renders without code here.
// Pure functions of their input (no clock, no store); thread-safe.
//
//   auto in = reports::output_input(figures_json, Lang::kBoth, report_doc);  // doc optional
//   Result<std::string> pdf = reports::render_pdf(*in);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::reports {

enum class OutputFormat { kJson, kCsv, kPdf, kXlsx };
// Which languages labels are written in: Chinese, English, or both ("中文 / English").
enum class Lang { kZh, kEn, kBoth };

// "json" | "csv" | "pdf" | "xlsx"; the error names `format`.
Result<OutputFormat> parse_output_format(std::string_view text);
// "zh-CN" | "en" | "both"; the error names `lang`.
Result<Lang> parse_lang(std::string_view text);
// The media type and file name extension of a format.
const char* content_type(OutputFormat f);
const char* extension(OutputFormat f);

// Who signed a published report: the publisher, then the countersign or dissent.
struct Signer {
  std::string party, role, key_fingerprint, at;
};
// A figure the other party's recomputation disagreed on.
struct Dissent {
  std::string figure, published, recomputed;
};
// A published report's attestation as the renderers show it. `state` is the report's state:
// published (awaiting countersign), jointly_attested or disputed.
struct Attestation {
  std::string report_id, state, figures_sha256;
  std::vector<Signer> signers;
  std::vector<Dissent> dissent;
};

struct OutputInput {
  std::string figures;  // canonical figures' JSON
  Lang lang = Lang::kBoth;
  std::optional<Attestation> attestation;  // none: generated, not published
};

// Builds the input from a figures' JSON text and, for a published report, the report's
// document as reports::get_report returns it (figures taken from it when `figures` is "").
Result<OutputInput> output_input(std::string figures, Lang lang,
                                 const std::string& report_doc = {});

// A PDF document (A4): title page with period, parties and the attestation block, the
// leaders' summary when the figures carry one, a table and bar chart per section, page numbers.
Result<std::string> render_pdf(const OutputInput& in);
// An XLSX workbook written to `path`: a "Report" sheet (period as dates, parties,
// attestation), then one sheet per section with numbers as numbers in real number formats.
Status write_xlsx(const OutputInput& in, const std::string& path);

// One CSV text per table: `<section>.csv` with a header row (figure key, label, one column a
// direction or item field), plus `report.csv` (period, parties, attestation).
struct CsvFile {
  std::string name, text;
};
Result<std::vector<CsvFile>> render_csv_tables(const OutputInput& in);
// The same files in one zip archive (the HTTP download of format=csv).
Result<std::string> render_csv_zip(const OutputInput& in);

// The bytes of `in` as `format` (json: the canonical figures; csv: the zip of
// render_csv_zip). XLSX is written through `scratch_path` (removed afterwards).
Result<std::string> render(const OutputInput& in, OutputFormat format,
                           const std::string& scratch_path);

}  // namespace liaison::reports
