// The report outputs (reports/outputs.h): the PDF read back with pdftotext (poppler-utils),
// the XLSX with Python's openpyxl, the CSV tables as text, over a fixed figures' JSON that
// carries sections the renderers have no code for (priority_cases, leaders_summary).
#include "reports/outputs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/process.h"

namespace liaison::reports {
namespace {

using liaison::testing::run;
using liaison::testing::slurp;

// Two directions, a leaders' summary and a list section (priority cases), as figures.cc and
// the sections being added beside it write them.
constexpr const char* kFigures =
    R"({"directions":{"CN->US":{"leads":{"outcomes":{"opened_case":1},"sent":2,"with_outcome":1,"without_outcome":1},"quality":{"outcomes":{"fulfilled":7,"refused":2},"response_assessments":{"completeness":"3.00","count":1,"responsiveness":"4.00","usability":"5.00"},"share_sent_back":"0.1000"},"requests":{"answered":8,"ended":9,"open":1,"submitted":10},"timeliness":{"acknowledge":{"count":10,"median_seconds":3600,"share_within_deadline":"0.9000","within_deadline":9}}},"US->CN":{"leads":{"outcomes":{},"sent":0,"with_outcome":0,"without_outcome":0},"quality":{"outcomes":{"fulfilled":4},"response_assessments":{"completeness":null,"count":0,"responsiveness":null,"usability":null},"share_sent_back":"0.0000"},"requests":{"answered":4,"ended":4,"open":0,"submitted":4},"timeliness":{"acknowledge":{"count":4,"median_seconds":86400,"share_within_deadline":"0.5000","within_deadline":2}}}},"format":"liaison-figures/1","leaders_summary":[{"change":4,"figure":"requests_submitted","previous":10,"value":14}],"parties":["CN","US"],"period":{"from":"2026-01-01T00:00:00Z","to":"2026-03-31T23:59:59Z"},"priority_cases":[{"area":"online_fraud","latest_status":"Suspects identified","title":"Operation Lantern"}],"reciprocity":{"CN->US":{"answered":8,"sent":10},"US->CN":{"answered":4,"sent":4}}})";

constexpr const char* kAttestedDoc =
    R"({"id":"r-123","state":"jointly_attested","figures_sha256":"abcd1234","created_at":"2026-04-01T00:00:00Z","attestations":[{"party":"US","kind":"countersign","at":"2026-04-01T01:00:00Z"}],"signatures":[{"party":"CN","role":"publisher","key_fingerprint":"0011223344556677889900aabbccddee"},{"party":"US","role":"countersign","key_fingerprint":"ffeeddccbbaa99887766554433221100"}]})";

constexpr const char* kDisputedDoc =
    R"({"id":"r-9","state":"disputed","figures_sha256":"ab","created_at":"2026-04-01T00:00:00Z","attestations":[{"party":"US","kind":"dissent","at":"2026-04-01T01:00:00Z","differences":[{"figure":"directions.CN->US.requests.submitted","published":"10","recomputed":"9"}]}],"signatures":[{"party":"CN","role":"publisher","key_fingerprint":"0011"},{"party":"US","role":"dissent","key_fingerprint":"ffee"}]})";

class OutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("liaison-outputs-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The text pdftotext extracts from `pdf` (layout kept); "" when poppler-utils is missing.
  std::string pdf_text(const std::string& pdf) {
    const std::string path = (dir_ / "r.pdf").string();
    std::ofstream(path, std::ios::binary) << pdf;
    auto r = run({"/usr/bin/pdftotext", "-layout", path, "-"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  std::filesystem::path dir_;
};

bool have(const char* tool) { return std::filesystem::exists(tool); }

TEST_F(OutputsTest, PdfCarriesHeadlineFiguresAndAttestationInBothLanguages) {
  if (!have("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto in = output_input(kFigures, Lang::kBoth, kAttestedDoc);
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  auto pdf = render_pdf(*in);
  ASSERT_TRUE(pdf.is_ok()) << pdf.status().message();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = pdf_text(*pdf);
  for (const char* s : {"案件状况报告",
                        "Case status report",
                        "2026-01-01T00:00:00Z",
                        "2026-03-31T23:59:59Z",
                        "双方共同认证",
                        "Jointly attested",
                        "0011223344556677889900aabbccddee",
                        "ffeeddccbbaa99887766554433221100",
                        "期限内比例",
                        "Share within deadline",
                        "90.0%",
                        "50.0%",
                        "1.0 h",
                        "1.0 d",
                        "CN → US",
                        "US → CN",
                        "领导摘要",
                        "Leaders' summary",
                        "重点案件",
                        "Priority cases",
                        "Operation Lantern",
                        "网络诈骗",
                        "Suspects identified",
                        "Page 1 / "}) {
    EXPECT_NE(text.find(s), std::string::npos) << "missing '" << s << "' in:\n" << text;
  }
}

TEST_F(OutputsTest, PdfInOneLanguageAndAwaitingCountersign) {
  if (!have("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto doc = std::string(kAttestedDoc);
  doc.replace(doc.find("jointly_attested"), 16, "published");
  auto in = output_input(kFigures, Lang::kZh, doc);
  ASSERT_TRUE(in.is_ok());
  const std::string zh = pdf_text(*render_pdf(*in));
  EXPECT_NE(zh.find("待对方会签"), std::string::npos) << zh;
  EXPECT_NE(zh.find("提交"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("Awaiting countersign"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("Submitted"), std::string::npos) << zh;
  in->lang = Lang::kEn;
  const std::string en = pdf_text(*render_pdf(*in));
  EXPECT_NE(en.find("Awaiting countersign"), std::string::npos) << en;
  EXPECT_EQ(en.find("待对方会签"), std::string::npos) << en;
}

TEST_F(OutputsTest, PdfOfADissentListsEachDifferingFigure) {
  if (!have("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto in = output_input(kFigures, Lang::kEn, kDisputedDoc);
  ASSERT_TRUE(in.is_ok());
  const std::string text = pdf_text(*render_pdf(*in));
  EXPECT_NE(text.find("Dissent"), std::string::npos) << text;
  EXPECT_NE(text.find("directions.CN->US.requests.submitted"), std::string::npos) << text;
  EXPECT_NE(text.find("Published 10"), std::string::npos) << text;
  EXPECT_NE(text.find("Recomputed 9"), std::string::npos) << text;
}

TEST_F(OutputsTest, XlsxHasASheetASectionWithNumbersAndRealFormats) {
  if (!have("/usr/bin/python3") ||
      run({"/usr/bin/python3", "-c", "import openpyxl"}).exit_code != 0) {
    GTEST_SKIP() << "python3-openpyxl is not installed";
  }
  auto in = output_input(kFigures, Lang::kEn, kAttestedDoc);
  ASSERT_TRUE(in.is_ok());
  const std::string path = (dir_ / "r.xlsx").string();
  ASSERT_TRUE(write_xlsx(*in, path).is_ok());
  // Prints sheet names, then for chosen rows: key, value, its Python type and number format.
  const char* script = R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets", ",".join(wb.sheetnames))
r = wb["Report"]
print("from", type(r["B2"].value).__name__, r["B2"].value.isoformat(), r["B2"].number_format)
print("state", r["B5"].value)
def find(sheet, key):
    for row in wb[sheet].iter_rows(min_row=3):
        if row[0].value == key:
            return row
for sheet, key in [("requests", "submitted"), ("timeliness", "acknowledge.share_within_deadline"),
                   ("timeliness", "acknowledge.median_seconds"),
                   ("quality", "response_assessments.usability"), ("priority_cases", "1")]:
    row = find(sheet, key)
    print(sheet, key, *[f"{type(c.value).__name__}:{c.value}:{c.number_format}" for c in row[2:]])
)PY";
  auto r = run({"/usr/bin/python3", "-c", script, path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line :
       {"sheets Report,leaders_summary,requests,timeliness,quality,leads,priority_cases,"
        "reciprocity\n",
        "from datetime 2026-01-01T00:00:00 yyyy-mm-dd hh:mm\n", "state Jointly attested\n",
        "requests submitted int:10:0 int:4:0\n",
        "timeliness acknowledge.share_within_deadline float:0.9:0.0% float:0.5:0.0%\n",
        "quality response_assessments.usability int:5:0.00 NoneType:None:General\n",
        // Durations are days in a duration format, which openpyxl reads back as timedelta.
        "timeliness acknowledge.median_seconds timedelta:1:00:00:[h]:mm:ss timedelta:1 day, "
        "0:00:00:[h]:mm:ss\n",
        "priority_cases 1 str:online_fraud:General str:Suspects identified:General str:Operation "
        "Lantern:General\n"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing '" << line << "' in:\n" << r.out;
  }
}

TEST_F(OutputsTest, CsvPerTable) {
  auto in = output_input(kFigures, Lang::kEn, kAttestedDoc);
  ASSERT_TRUE(in.is_ok());
  auto files = render_csv_tables(*in);
  ASSERT_TRUE(files.is_ok());
  std::map<std::string, std::string> by_name;
  for (const auto& f : *files) by_name[f.name] = f.text;
  ASSERT_EQ(by_name.size(), 8u);
  EXPECT_EQ(by_name["requests.csv"],
            "figure,label,CN->US,US->CN\nanswered,Answered,8,4\nended,Ended,9,4\nopen,Open,1,0\n"
            "submitted,Submitted,10,4\n");
  EXPECT_NE(by_name["report.csv"].find("state,jointly_attested\n"), std::string::npos);
  EXPECT_NE(
      by_name["report.csv"].find("signature.countersign.US,ffeeddccbbaa99887766554433221100\n"),
      std::string::npos)
      << by_name["report.csv"];
  EXPECT_EQ(by_name["priority_cases.csv"],
            "figure,label,area,latest_status,title\n1,1,online_fraud,Suspects identified,"
            "Operation Lantern\n");
  auto zip = render_csv_zip(*in);
  ASSERT_TRUE(zip.is_ok());
  EXPECT_EQ(zip->rfind("PK\x03\x04", 0), 0u);
}

TEST(OutputsParseTest, UnknownFormatOrLangNamesTheField) {
  EXPECT_EQ(*parse_output_format("pdf"), OutputFormat::kPdf);
  EXPECT_EQ(*parse_lang("zh-CN"), Lang::kZh);
  auto f = parse_output_format("docx");
  ASSERT_FALSE(f.is_ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(f.status().field(), "format");
  auto l = parse_lang("fr");
  ASSERT_FALSE(l.is_ok());
  EXPECT_EQ(l.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(l.status().field(), "lang");
}

TEST(OutputsParseTest, FiguresThatAreNotAnObjectNameFigures) {
  auto pdf = render_pdf({"[1,2]", Lang::kEn, std::nullopt});
  ASSERT_FALSE(pdf.is_ok());
  EXPECT_EQ(pdf.status().field(), "figures");
}

}  // namespace
}  // namespace liaison::reports
