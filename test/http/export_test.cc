// The generic list writer (outputs/table.h) and the export parameters (http/export.h): CSV
// quoting and headers in both languages, XLSX read back with python3-openpyxl, the row cap at
// exactly outputs::kMaxExportRows, and `format` / `lang` parsing naming the parameter.
#include "http/export.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/process.h"
#include "outputs/table.h"

namespace liaison::outputs {
namespace {

Table sample() {
  Table t{{{"ref", "Reference", "编号"},
           {"n", "Count", "次数", ColumnKind::kNumber},
           {"at", "Time", "时间", ColumnKind::kTime},
           {"note", "Note", "备注"}},
          {}};
  t.rows.push_back({std::string("CN-2026-000001"), int64_t{42}, std::string("2026-11-05T08:30:00Z"),
                    std::string("a, \"quoted\" note")});
  t.rows.push_back({std::string("=1+2"), int64_t{-7}, std::string("not a time"), std::string()});
  return t;
}

TEST(ExportTableTest, CsvHasTheHeaderInTheLanguageAndQuotesWhatNeedsIt) {
  EXPECT_EQ(to_csv(sample(), Lang::kEn),
            "\xEF\xBB\xBF"
            "Reference,Count,Time,Note\r\n"
            "CN-2026-000001,42,2026-11-05T08:30:00Z,\"a, \"\"quoted\"\" note\"\r\n"
            "\"'=1+2\",-7,not a time,\r\n");
  const std::string zh_header = "\xEF\xBB\xBF编号,次数,时间,备注\r\n";
  EXPECT_EQ(to_csv(sample(), Lang::kZh).substr(0, zh_header.size()), zh_header);
}

TEST(ExportTableTest, XlsxHasNumbersDatesAndABoldFrozenHeader) {
  if (!std::filesystem::exists("/usr/bin/python3") ||
      liaison::testing::run({"/usr/bin/python3", "-c", "import openpyxl"}).exit_code != 0) {
    GTEST_SKIP() << "python3-openpyxl is not installed";
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("export-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto bytes = to_xlsx(sample(), Lang::kZh, "register", (dir / "scratch.xlsx").string());
  ASSERT_TRUE(bytes.is_ok()) << bytes.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir / "scratch.xlsx"));  // the scratch file is removed
  const std::string path = (dir / "t.xlsx").string();
  std::ofstream(path, std::ios::binary) << *bytes;
  auto r = liaison::testing::run({"/usr/bin/python3", "-c", R"PY(
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(ws.title, ws.freeze_panes, ws["A1"].value, ws["A1"].font.b, ws["D1"].value)
print(repr(ws["B2"].value), ws["C2"].value.isoformat(), ws["C2"].number_format)
print(repr(ws["A3"].value), repr(ws["B3"].value), repr(ws["C3"].value), repr(ws["D3"].value))
)PY",
                                  path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "register A2 编号 True 备注\n"
            "42 2026-11-05T08:30:00 yyyy-mm-dd hh:mm:ss\n"
            "'=1+2' -7 'not a time' None\n");
  std::filesystem::remove_all(dir);
}

TEST(ExportTableTest, TheRowCapIsOneConstantAnd413NamingFormatBeyondIt) {
  EXPECT_TRUE(http::check_export_rows(kMaxExportRows).is_ok());
  const Status over = http::check_export_rows(kMaxExportRows + 1);
  EXPECT_EQ(over.code(), StatusCode::kTooLarge);
  EXPECT_EQ(over.field(), "format");
  EXPECT_NE(over.message().find(std::to_string(kMaxExportRows)), std::string::npos);
}

TEST(ExportTableTest, FormatAndLangAreParsedAndNamedWhenWrong) {
  http::Request req;
  auto e = http::export_of(req);
  ASSERT_TRUE(e.is_ok());
  EXPECT_FALSE(e->is_file());
  EXPECT_EQ(e->lang, Lang::kEn);
  req.headers["accept-language"] = "zh-CN,zh;q=0.9,en;q=0.8";
  req.query["format"] = "xlsx";
  e = http::export_of(req);
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->format, http::ExportFormat::kXlsx);
  EXPECT_EQ(e->lang, Lang::kZh);  // the browser's language when lang is absent
  req.query["lang"] = "en";
  EXPECT_EQ(http::export_of(req)->lang, Lang::kEn);
  req.query["lang"] = "fr";
  EXPECT_EQ(http::export_of(req).status().field(), "lang");
  req.query["lang"] = "zh-CN";
  req.query["format"] = "pdf";
  EXPECT_EQ(http::export_of(req).status().field(), "format");
  req.query["format"] = "csv";
  req.query["state"] = "draft";
  auto params = http::filter_params(req);
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "state");
}

}  // namespace
}  // namespace liaison::outputs
