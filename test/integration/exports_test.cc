// Issue 17, "Export and print", over two real nodes: every list exports CSV and XLSX of its
// filter (the CSV parsed, the XLSX read back with python3-openpyxl), bad `format` and `lang`
// are 400s naming them, a filtered register exports only its matching rows; a request prints
// as a bilingual PDF (read back with pdftotext) naming its reference, both languages' labels
// and the signer's key fingerprint, over HTTP by id or reference and from the command line.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "cluster.h"
#include "common/crypto.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

bool have(const char* tool) { return std::filesystem::exists(tool); }
bool have_openpyxl() {
  return have("/usr/bin/python3") &&
         run({"/usr/bin/python3", "-c", "import openpyxl"}).exit_code == 0;
}

void expect_error(const HttpResult& r, int status, const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  if (r.status != status) return;
  auto v = json::parse(r.body);
  EXPECT_EQ(v.at("error").at("field").as_string(), field) << r.body;
}

// RFC 4180 as to_csv writes it (no newline inside the fields these tests use): rows of cells,
// the byte-order mark dropped.
std::vector<std::vector<std::string>> parse_csv(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells{""};
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.emplace_back();
      } else {
        cells.back() += c;
      }
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

// What openpyxl reads from sheet one of `path`: its name, the freeze pane, whether A1 is bold,
// then each row as "type:value" cells joined by a tab (datetime cells with their format).
std::string read_xlsx(const std::string& path) {
  const char* script = R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print("sheet", ws.title, "freeze", ws.freeze_panes, "bold", ws["A1"].font.b)
for row in ws.iter_rows():
    out = []
    for c in row:
        v = c.value
        if v is None:
            out.append("")
        elif hasattr(v, "isoformat"):
            out.append("date:" + v.isoformat() + "|" + c.number_format)
        else:
            out.append(type(v).__name__ + ":" + str(v))
    print("\t".join(out))
)PY";
  auto r = run({"/usr/bin/python3", "-c", script, path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

std::string save(NodeProc& n, const std::string& name, const std::string& bytes) {
  const std::string path = n.dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string grouped_fingerprint(NodeProc& side) {
  auto key = from_base64(std::string(side.identity().at("key").as_string()));
  std::string hex = key ? sha256_hex(*key).substr(0, 32) : "";
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 4) out += (i ? " " : "") + hex.substr(i, 4);
  return out;
}

class ExportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto_init());
    cn_ = new NodeProc("CN", "Asia/Shanghai");
    us_ = new NodeProc("US", "America/New_York");
    cn_->start();
    us_->start();
    peer_both(*cn_, *us_);
    submitted_ = cn_->submit_request("US", "已提交的请求");
    auto body = complete_preservation();
    body["title"] =
        json::object{{"original", "一份草稿"}, {"translation", "A draft, with a comma"}};
    auto c = cn_->api("POST", "/api/v1/requests", json::serialize(body));
    ASSERT_EQ(c.status, 201) << c.body;
    draft_ = std::string(json::parse(c.body).at("id").as_string());
    draft_ref_ = std::string(json::parse(c.body).at("requester_ref").as_string());
    submitted_ref_ = std::string(
        cn_->get_json("/api/v1/requests/" + submitted_).at("requester_ref").as_string());
  }
  static void TearDownTestSuite() {
    delete cn_;
    delete us_;
  }

  static NodeProc* cn_;
  static NodeProc* us_;
  static std::string submitted_, submitted_ref_, draft_, draft_ref_;
};

NodeProc* ExportsTest::cn_ = nullptr;
NodeProc* ExportsTest::us_ = nullptr;
std::string ExportsTest::submitted_, ExportsTest::submitted_ref_, ExportsTest::draft_,
    ExportsTest::draft_ref_;

TEST_F(ExportsTest, BadFormatOrLangIsA400NamingItOnEveryList) {
  for (const std::string list : {"/api/v1/requests", "/api/v1/audit", "/api/v1/indicator-sets",
                                 "/api/v1/sightings", "/api/v1/hotline/contacts"}) {
    SCOPED_TRACE(list);
    expect_error(cn_->api("GET", list + "?format=docx"), 400, "format");
    expect_error(cn_->api("GET", list + "?format=csv&lang=fr"), 400, "lang");
  }
  expect_error(cn_->api("GET", "/api/v1/requests?state=nope&format=csv"), 400, "state");
  expect_error(cn_->api("GET", "/api/v1/requests/" + submitted_ + "?format=xlsx"), 400, "format");
  expect_error(cn_->api("GET", "/api/v1/requests/" + submitted_ + ".pdf?format=json"), 400,
               "format");
  expect_error(cn_->api("GET", "/api/v1/requests/CN-1999-000999.pdf"), 404, "id");
}

TEST_F(ExportsTest, TheRegisterAsCsvHoldsOnlyTheFilteredRows) {
  auto all = cn_->api("GET", "/api/v1/requests?format=csv&lang=en");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(all.headers["content-disposition"].find("register.csv"), std::string::npos);
  auto rows = parse_csv(all.body);
  ASSERT_EQ(rows.size(), 3u) << all.body;  // header + 2
  const size_t ref = column(rows[0], "Requester's reference");
  const size_t state = column(rows[0], "State");
  const size_t title_tr = column(rows[0], "Title (translation)");

  auto drafts = cn_->api("GET", "/api/v1/requests?state=draft&format=csv&lang=en&page=2");
  ASSERT_EQ(drafts.status, 200) << drafts.body;
  rows = parse_csv(drafts.body);
  ASSERT_EQ(rows.size(), 2u) << drafts.body;  // every page of the filter, not page 2
  EXPECT_EQ(rows[1][ref], draft_ref_);
  EXPECT_EQ(rows[1][state], "draft");
  EXPECT_EQ(rows[1][title_tr], "A draft, with a comma");

  auto zh = cn_->api("GET", "/api/v1/requests?state=submitted&format=csv&lang=zh-CN");
  ASSERT_EQ(zh.status, 200) << zh.body;
  rows = parse_csv(zh.body);
  ASSERT_EQ(rows.size(), 2u) << zh.body;
  EXPECT_EQ(rows[0][0], "请求方编号");
  EXPECT_EQ(rows[1][0], submitted_ref_);
}

TEST_F(ExportsTest, TheRegisterAsXlsxReadsBackWithDatesNumbersAndAFrozenBoldHeader) {
  if (!have_openpyxl()) GTEST_SKIP() << "python3-openpyxl is not installed";
  auto x = cn_->api("GET", "/api/v1/requests?state=submitted&format=xlsx&lang=zh-CN");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(x.headers["content-disposition"].find("register.xlsx"), std::string::npos);
  const std::string out = read_xlsx(save(*cn_, "register.xlsx", x.body));
  EXPECT_NE(out.find("sheet register freeze A2 bold True"), std::string::npos) << out;
  EXPECT_NE(out.find("str:请求方编号\tstr:被请求方编号\tstr:标题"), std::string::npos) << out;
  EXPECT_NE(out.find("str:" + submitted_ref_), std::string::npos) << out;
  EXPECT_EQ(out.find("str:" + draft_ref_), std::string::npos) << out;
  EXPECT_NE(out.find("|yyyy-mm-dd hh:mm:ss"), std::string::npos) << out;  // times as dates
  size_t lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 3u) << out;  // the sheet line, the header, one request
}

TEST_F(ExportsTest, IndicatorsSightingsHotlineLogAndAuditExport) {
  auto created = cn_->api(
      "POST", "/api/v1/indicator-sets",
      R"J({"name":"C2, exported","tlp":"amber","recipients":["US"],)J"
      R"J("indicators":["203.0.113.5",{"value":"evil.example.com","confidence":90,"tags":["c2"]}]})J");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string set(json::parse(created.body).at("id").as_string());

  auto sets = parse_csv(cn_->api("GET", "/api/v1/indicator-sets?format=csv&lang=en").body);
  ASSERT_GE(sets.size(), 2u);
  EXPECT_EQ(sets[0][0], "Name");
  EXPECT_EQ(sets[1][0], "C2, exported");
  EXPECT_EQ(sets[1][column(sets[0], "Indicators")], "2");

  auto inds = cn_->api("GET", "/api/v1/indicator-sets/" + set + "/indicators?format=csv&lang=en");
  ASSERT_EQ(inds.status, 200) << inds.body;
  auto rows = parse_csv(inds.body);
  ASSERT_EQ(rows.size(), 3u) << inds.body;
  EXPECT_EQ(rows[0][0], "Indicator");
  std::string values = rows[1][0] + " " + rows[2][0];
  EXPECT_NE(values.find("203.0.113.5"), std::string::npos) << values;
  EXPECT_NE(values.find("evil.example.com"), std::string::npos) << values;
  if (have_openpyxl()) {
    auto x = cn_->api("GET", "/api/v1/indicator-sets/" + set + "/indicators?format=xlsx&lang=en");
    ASSERT_EQ(x.status, 200);
    const std::string out = read_xlsx(save(*cn_, "indicators.xlsx", x.body));
    EXPECT_NE(out.find("str:evil.example.com\tstr:domain\tint:90"), std::string::npos) << out;
  }

  auto sightings = cn_->api("GET", "/api/v1/sightings?set=" + set + "&format=csv&lang=zh-CN");
  ASSERT_EQ(sightings.status, 200) << sightings.body;
  rows = parse_csv(sightings.body);
  ASSERT_EQ(rows.size(), 1u) << sightings.body;  // the header of an empty list
  EXPECT_EQ(rows[0][0], "指标");

  json::object contact{{"tier", 2},
                       {"caller", json::object{{"party", "CN"}, {"name", "Li Wei"}}},
                       {"callee", json::object{{"party", "US"}, {"name", "J. Smith"}}},
                       {"channel", "phone"},
                       {"started_at", "2026-11-20T01:00:00Z"},
                       {"summary", "=cmd, a formula-looking summary"}};
  ASSERT_EQ(cn_->api("POST", "/api/v1/hotline/contacts", json::serialize(contact)).status, 201);
  auto log = cn_->api("GET", "/api/v1/hotline/contacts?format=csv&lang=en");
  ASSERT_EQ(log.status, 200) << log.body;
  rows = parse_csv(log.body);
  ASSERT_EQ(rows.size(), 2u) << log.body;
  EXPECT_EQ(rows[1][column(rows[0], "Started (UTC)")], "2026-11-20T01:00:00Z");
  EXPECT_EQ(rows[1][column(rows[0], "Tier")], "2");
  EXPECT_EQ(rows[1][column(rows[0], "Caller")], "CN Li Wei");
  EXPECT_EQ(rows[1][column(rows[0], "Summary")], "'=cmd, a formula-looking summary");
  if (have_openpyxl()) {
    auto x = cn_->api("GET", "/api/v1/hotline/contacts?format=xlsx&lang=en");
    const std::string out = read_xlsx(save(*cn_, "log.xlsx", x.body));
    EXPECT_NE(out.find("date:2026-11-20T01:00:00|yyyy-mm-dd hh:mm:ss"), std::string::npos) << out;
    EXPECT_NE(out.find("\tint:2\tstr:phone"), std::string::npos) << out;
  }

  auto audit = cn_->api("GET", "/api/v1/audit?action=request.&format=xlsx&lang=en");
  ASSERT_EQ(audit.status, 200) << audit.body;
  if (have_openpyxl()) {
    const std::string out = read_xlsx(save(*cn_, "audit.xlsx", audit.body));
    EXPECT_NE(out.find("sheet audit freeze A2 bold True"), std::string::npos) << out;
    EXPECT_NE(out.find("str:Seq\tstr:Time (UTC)"), std::string::npos) << out;
    EXPECT_NE(out.find("\nint:"), std::string::npos) << out;  // seq as a number
  }
}

TEST_F(ExportsTest, ARequestPrintsAsABilingualPdfByIdOrReferenceAndFromTheCli) {
  auto pdf = cn_->api("GET", "/api/v1/requests/" + submitted_ + ".pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  EXPECT_NE(pdf.headers["content-disposition"].find("request-" + submitted_ref_ + ".pdf"),
            std::string::npos);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  auto by_ref = cn_->api("GET", "/api/v1/requests/" + submitted_ref_ + "?format=pdf");
  ASSERT_EQ(by_ref.status, 200) << by_ref.body;
  EXPECT_EQ(by_ref.body.rfind("%PDF-", 0), 0u);

  const std::string out = cn_->dir() + "/printed.pdf";
  auto cli =
      run({liaison_bin(), "request", "print", "--data", cn_->dir(), submitted_ref_, "-o", out});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find(submitted_ref_), std::string::npos) << cli.out;
  auto missing = run({liaison_bin(), "request", "print", "--data", cn_->dir(), "CN-1999-000999",
                      "-o", cn_->dir() + "/no.pdf"});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;

  if (!have("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  for (const std::string& path : {save(*cn_, "http.pdf", pdf.body), out}) {
    auto text = run({"/usr/bin/pdftotext", "-layout", path, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const std::string& s :
         {submitted_ref_, std::string("协助请求"), std::string("Request for assistance"),
          std::string("要素清单"), std::string("Checklist"), std::string("标识符"),
          std::string("Identifiers"), std::string("时间线与签名"),
          std::string("Timeline and signatures"), std::string("数据保全 / Preservation of data"),
          std::string("已提交的请求"), std::string("公安部网络安全保卫局"),
          std::string("MPS Cybersecurity Bureau"), std::string("203.0.113.45"),
          std::string("request.event submit"), grouped_fingerprint(*cn_)}) {
      EXPECT_NE(text.out.find(s), std::string::npos) << s << " not in:\n" << text.out;
    }
  }
  // Printing is in the audit trail like reading.
  auto audit = cn_->get_json("/api/v1/audit?action=request.print");
  EXPECT_GE(audit.at("total").as_int64(), 2);
}

}  // namespace
}  // namespace liaison::testing
