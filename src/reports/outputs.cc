// Formats and languages of report outputs, their input, and CSV per table (reports/outputs.h).
#include "reports/outputs.h"

#include <zip.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "outputs/table.h"
#include "reports/tables.h"

namespace liaison::reports {

namespace json = boost::json;

Result<OutputFormat> parse_output_format(std::string_view text) {
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "pdf") return OutputFormat::kPdf;
  if (text == "xlsx") return OutputFormat::kXlsx;
  return invalid_argument("format must be json, csv, pdf or xlsx", "format");
}

Result<Lang> parse_lang(std::string_view text) {
  if (text == "zh-CN" || text == "zh") return Lang::kZh;
  if (text == "en") return Lang::kEn;
  if (text == "both") return Lang::kBoth;
  return invalid_argument("lang must be zh-CN, en or both", "lang");
}

const char* content_type(OutputFormat f) {
  switch (f) {
    case OutputFormat::kJson:
      return "application/json";
    case OutputFormat::kCsv:
      return "application/zip";
    case OutputFormat::kPdf:
      return "application/pdf";
    case OutputFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

const char* extension(OutputFormat f) {
  switch (f) {
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "zip";
    case OutputFormat::kPdf:
      return "pdf";
    case OutputFormat::kXlsx:
      return "xlsx";
  }
  return "bin";
}

namespace {

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string().c_str()) : std::string();
}

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.get_string().c_str()) : json::serialize(v);
}

Attestation attestation_of(const json::object& doc) {
  Attestation a{str(doc, "id"), str(doc, "state"), str(doc, "figures_sha256"), {}, {}};
  std::string published_at = str(doc, "created_at");
  std::map<std::string, std::string> at_of;
  if (auto* as = doc.if_contains("attestations"); as && as->is_array()) {
    for (const auto& x : as->get_array()) {
      if (!x.is_object()) continue;
      const auto& o = x.get_object();
      at_of[str(o, "party")] = str(o, "at");
      auto* diffs = o.if_contains("differences");
      if (!diffs || !diffs->is_array()) continue;
      for (const auto& d : diffs->get_array()) {
        if (!d.is_object()) continue;
        const auto& dd = d.get_object();
        a.dissent.push_back({str(dd, "figure"),
                             dd.contains("published") ? text_of(dd.at("published")) : "",
                             dd.contains("recomputed") ? text_of(dd.at("recomputed")) : ""});
      }
    }
  }
  if (auto* ss = doc.if_contains("signatures"); ss && ss->is_array()) {
    for (const auto& x : ss->get_array()) {
      if (!x.is_object()) continue;
      const auto& o = x.get_object();
      const std::string party = str(o, "party"), role = str(o, "role");
      a.signers.push_back({party, role, str(o, "key_fingerprint"),
                           role == "publisher" ? published_at : at_of[party]});
    }
  }
  return a;
}

std::string joined_key(const std::vector<std::string>& key) {
  std::string k;
  for (const auto& s : key) k += (k.empty() ? "" : ".") + s;
  return k;
}

std::string table_csv(const Table& t, Lang lang) {
  std::string out = "figure,label";
  for (const auto& c : t.columns) out += "," + outputs::csv_quoted(c);
  out += "\n";
  for (const auto& row : t.rows) {
    out += outputs::csv_quoted(joined_key(row.key)) + "," +
           outputs::csv_quoted(row_label(row.key, lang));
    for (const auto& c : row.cells) out += "," + outputs::csv_quoted(c.text);
    out += "\n";
  }
  return out;
}

std::string report_csv(const ReportTables& rt, const OutputInput& in) {
  std::string out = "field,value\n";
  out += "period.from," + outputs::csv_quoted(rt.from) + "\n";
  out += "period.to," + outputs::csv_quoted(rt.to) + "\n";
  std::string parties;
  for (const auto& p : rt.parties) parties += (parties.empty() ? "" : " ") + p;
  out += "parties," + outputs::csv_quoted(parties) + "\n";
  if (!in.attestation) {
    out += "state,not_published\n";
    return out;
  }
  const Attestation& a = *in.attestation;
  out += "report_id," + outputs::csv_quoted(a.report_id) + "\nstate," +
         outputs::csv_quoted(a.state) + "\nfigures_sha256," +
         outputs::csv_quoted(a.figures_sha256) + "\n";
  for (const auto& s : a.signers) {
    out += "signature." + outputs::csv_quoted(s.role) + "." + outputs::csv_quoted(s.party) + "," +
           outputs::csv_quoted(s.key_fingerprint) + "\n";
  }
  for (const auto& d : a.dissent) {
    out += "dissent." + outputs::csv_quoted(d.figure) + "," +
           outputs::csv_quoted(d.published + " | " + d.recomputed) + "\n";
  }
  return out;
}

}  // namespace

Result<OutputInput> output_input(std::string figures, Lang lang, const std::string& report_doc) {
  OutputInput in{std::move(figures), lang, std::nullopt};
  if (report_doc.empty()) return in;
  json::error_code ec;
  json::value v = json::parse(report_doc, ec);
  if (ec || !v.is_object()) return internal_error("a report document that is not JSON");
  const json::object& doc = v.get_object();
  if (in.figures.empty()) {
    auto* f = doc.if_contains("figures");
    if (!f) return internal_error("a report document without figures");
    in.figures = f->is_string() ? std::string(f->get_string().c_str()) : json::serialize(*f);
  }
  in.attestation = attestation_of(doc);
  return in;
}

Result<std::vector<CsvFile>> render_csv_tables(const OutputInput& in) {
  LIAISON_ASSIGN_OR_RETURN(ReportTables rt, tables_of(in.figures));
  std::vector<CsvFile> out{{"report.csv", report_csv(rt, in)}};
  if (rt.summary) out.push_back({rt.summary->section + ".csv", table_csv(*rt.summary, in.lang)});
  for (const auto& t : rt.tables) out.push_back({t.section + ".csv", table_csv(t, in.lang)});
  return out;
}

Result<std::string> render_csv_zip(const OutputInput& in) {
  LIAISON_ASSIGN_OR_RETURN(auto files, render_csv_tables(in));
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* mem = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!mem) return internal_error("zip: cannot create a buffer");
  zip_source_keep(mem);
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(mem, zip_source_free);
  zip_t* z = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
  if (!z) return internal_error("zip: cannot open the buffer");
  for (const auto& f : files) {
    zip_source_t* src = zip_source_buffer(z, f.text.data(), f.text.size(), 0);
    if (!src || zip_file_add(z, f.name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      return internal_error("zip: cannot add " + f.name);
    }
  }
  if (zip_close(z) < 0) {
    zip_discard(z);
    return internal_error("zip: cannot write the archive");
  }
  if (zip_source_open(mem) < 0) return internal_error("zip: cannot read the archive");
  zip_source_seek(mem, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(mem);
  zip_source_seek(mem, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  const zip_int64_t got = zip_source_read(mem, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(mem);
  if (got != size) return internal_error("zip: short read of the archive");
  return out;
}

Result<std::string> render(const OutputInput& in, OutputFormat format,
                           const std::string& scratch_path) {
  switch (format) {
    case OutputFormat::kJson:
      return in.figures;
    case OutputFormat::kCsv:
      return render_csv_zip(in);
    case OutputFormat::kPdf:
      return render_pdf(in);
    case OutputFormat::kXlsx:
      break;
  }
  Status st = write_xlsx(in, scratch_path);
  std::ostringstream bytes;
  if (st.is_ok()) {
    std::ifstream file(scratch_path, std::ios::binary);
    bytes << file.rdbuf();
  }
  std::error_code ec;
  std::filesystem::remove(scratch_path, ec);
  if (!st.is_ok()) return st;
  return bytes.str();
}

}  // namespace liaison::reports
