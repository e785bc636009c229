// Two real nodes (issue 16, outputs): CN publishes a report, US countersigns it, and each
// written form says so: the PDF over HTTP (read back with pdftotext) names "jointly attested"
// in both languages with both key fingerprints, the XLSX and the CSV zip are served with their
// media types, the CLI writes the same documents; an unknown format or language is a 400
// naming `format` or `lang` (exit 6 on the command line).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "cluster.h"
#include "common/clock.h"
#include "common/crypto.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

bool have_pdftotext() { return std::filesystem::exists("/usr/bin/pdftotext"); }

std::string pdf_text(const std::string& path) {
  auto r = run({"/usr/bin/pdftotext", "-layout", path, "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

void expect_error(const HttpResult& r, int status, const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  auto v = json::parse(r.body);
  EXPECT_EQ(v.at("error").at("field").as_string(), field) << r.body;
}

std::string fingerprint(NodeProc& side) {
  auto key = from_base64(std::string(side.identity().at("key").as_string()));
  return key ? sha256_hex(*key).substr(0, 32) : "";
}

TEST(ReportOutputsIntegrationTest, AJointlyAttestedReportDownloadsAsPdfXlsxAndCsv) {
  ASSERT_TRUE(crypto_init());
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York");
  cn.start();
  us.start();
  peer_both(cn, us);
  std::string r1 = cn.submit_request("US"), r2 = us.submit_request("CN");
  ASSERT_TRUE(wait_until([&] { return us.state_of(r1) == "submitted"; })) << us.serve_log();
  ASSERT_TRUE(wait_until([&] { return cn.state_of(r2) == "submitted"; })) << cn.serve_log();

  const TimePoint now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const std::string from = format_rfc3339(now - std::chrono::hours(24)),
                    to = format_rfc3339(now + std::chrono::hours(24));
  auto made =
      cn.api("POST", "/api/v1/reports", json::serialize(json::object{{"from", from}, {"to", to}}));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id(json::parse(made.body).at("id").as_string());
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/reports/" + id);
    return o.contains("state") && o.at("state").as_string() == "jointly_attested";
  })) << us.serve_log();

  // Bad input first: nothing is rendered, the field is named.
  expect_error(cn.api("GET", "/api/v1/reports/" + id + "?format=docx"), 400, "format");
  expect_error(cn.api("GET", "/api/v1/reports/" + id + "?format=pdf&lang=fr"), 400, "lang");
  expect_error(cn.api("GET", "/api/v1/reports/" + id + ".docx"), 400, "format");
  expect_error(cn.api("GET", "/api/v1/report-figures?from=" + from + "&to=" + to + "&format=x"),
               400, "format");
  expect_error(cn.api("GET", "/api/v1/report-figures?from=" + to + "&to=" + from), 400, "from");
  expect_error(cn.api("GET", "/api/v1/reports/nope?format=pdf"), 404, "id");

  // The PDF over HTTP, on the publisher and on the countersigner alike.
  for (NodeProc* side : {&cn, &us}) {
    auto pdf = side->api("GET", "/api/v1/reports/" + id + "?format=pdf&lang=both");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
    EXPECT_NE(pdf.headers["content-disposition"].find("report-" + id + ".pdf"), std::string::npos);
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    if (!have_pdftotext()) continue;
    const std::string path = side->dir() + "/r.pdf";
    std::ofstream(path, std::ios::binary) << pdf.body;
    const std::string text = pdf_text(path);
    for (const std::string& s : {std::string("双方共同认证 / Jointly attested"), fingerprint(cn),
                                 fingerprint(us), std::string("CN → US"), id}) {
      EXPECT_NE(text.find(s), std::string::npos) << side->party() << " missing " << s << ":\n"
                                                 << text;
    }
  }
  auto by_suffix = us.api("GET", "/api/v1/reports/" + id + ".pdf");
  EXPECT_EQ(by_suffix.status, 200);
  EXPECT_EQ(by_suffix.headers["content-type"], "application/pdf");
  auto xlsx = cn.api("GET", "/api/v1/reports/" + id + "?format=xlsx&lang=en");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  auto zip = cn.api("GET", "/api/v1/reports/" + id + "?format=csv");
  ASSERT_EQ(zip.status, 200) << zip.body;
  EXPECT_EQ(zip.headers["content-type"], "application/zip");
  EXPECT_NE(zip.body.find("requests.csv"), std::string::npos);
  auto live = cn.api("GET", "/api/v1/report-figures?from=" + from + "&to=" + to);
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(json::parse(live.body).at("directions").at("CN->US").at("requests").at("submitted"),
            json::value(1));
  auto live_pdf =
      cn.api("GET", "/api/v1/report-figures?from=" + from + "&to=" + to + "&format=pdf&lang=en");
  ASSERT_EQ(live_pdf.status, 200) << live_pdf.body;
  EXPECT_EQ(live_pdf.body.rfind("%PDF-", 0), 0u);

  // The command line: show a published report as PDF; generate a period as XLSX and as CSV
  // tables in a directory; an unknown format or language is exit 6 naming it.
  const std::string pdf_path = us.dir() + "/show.pdf";
  auto show = run({liaison_bin(), "report", "show", "--data", us.dir(), id, "--format", "pdf",
                   "--lang", "en", "-o", pdf_path});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  if (have_pdftotext()) {
    const std::string text = pdf_text(pdf_path);
    EXPECT_NE(text.find("Jointly attested"), std::string::npos) << text;
    EXPECT_EQ(text.find("双方共同认证"), std::string::npos) << text;
  }
  const std::string xlsx_path = cn.dir() + "/q.xlsx";
  auto gen = run({liaison_bin(), "report", "generate", "--data", cn.dir(), "--from", from, "--to",
                  to, "--format", "xlsx", "-o", xlsx_path});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  EXPECT_EQ(slurp(xlsx_path).rfind("PK", 0), 0u);
  const std::string csv_dir = cn.dir() + "/csv/";
  auto csv = run({liaison_bin(), "report", "generate", "--data", cn.dir(), "--from", from, "--to",
                  to, "--format", "csv", "-o", csv_dir});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(slurp(csv_dir + "requests.csv").rfind("figure,label,CN->US,US->CN\n", 0), 0u)
      << slurp(csv_dir + "requests.csv");
  EXPECT_NE(slurp(csv_dir + "requests.csv").find("\nsubmitted,已提交 / Submitted,1,1\n"),
            std::string::npos)
      << slurp(csv_dir + "requests.csv");
  auto bad = run({liaison_bin(), "report", "generate", "--data", cn.dir(), "--from", from, "--to",
                  to, "--format", "docx"});
  EXPECT_EQ(bad.exit_code, 6) << bad.err;
  EXPECT_NE(bad.err.find("format"), std::string::npos) << bad.err;
  auto bad_lang = run(
      {liaison_bin(), "report", "show", "--data", cn.dir(), id, "--format", "pdf", "--lang", "fr"});
  EXPECT_EQ(bad_lang.exit_code, 6) << bad_lang.err;
  EXPECT_NE(bad_lang.err.find("lang"), std::string::npos) << bad_lang.err;
}

}  // namespace
}  // namespace liaison::testing
