// Evidence packages (issue 14): exported from a real node, checked offline, and refused —
// naming the member — when one byte of a file or of the manifest changes.
#include <zip.h>

#include <fstream>
#include <sstream>

#include "evidence/package.h"
#include "ledger/kinds.h"
#include "node/fixture.h"

namespace liaison {
namespace {

namespace json = boost::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

// Replaces one member of a zip with `data`, the way any zip tool would (fresh CRC).
void rezip_member(const std::string& path, const std::string& name, const std::string& data) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), 0, &err);
  ASSERT_NE(z, nullptr);
  zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
  ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8), 0);
  ASSERT_EQ(zip_close(z), 0);
}

std::string member(const std::string& path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  EXPECT_NE(z, nullptr);
  zip_stat_t st;
  EXPECT_EQ(zip_stat(z, name.c_str(), 0, &st), 0) << name;
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  EXPECT_EQ(zip_fread(f, out.data(), out.size()), static_cast<zip_int64_t>(out.size()));
  zip_fclose(f);
  zip_discard(z);
  return out;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

class EvidenceTest : public testing::NodeFixture {
 protected:
  void SetUp() override {
    NodeFixture::SetUp();
    auto doc = node::create_request(*node_, officer(), testing::complete_preservation());
    ASSERT_TRUE(doc.is_ok()) << doc.status().to_string();
    id_ = this->doc(*doc).at("id").as_string().c_str();
    ASSERT_TRUE(
        node::request_event(*node_, officer(), id_, json::object{{"event", "submit"}}).is_ok());
    log_ = "2026-11-18 02:14:00 203.0.113.45 GET /panel 200\n";
    for (int i = 0; i < 200; ++i)
      log_ += "2026-11-18 02:14:0" + std::to_string(i % 10) + " beacon\n";
    auto att = node::add_attachment(*node_, officer(), id_, "access.log", "text/plain", log_);
    ASSERT_TRUE(att.is_ok()) << att.status().to_string();
    sha_ = sha256_hex(log_);
    zip_ = dir_ + "-evidence.zip";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(zip_, ec);
    NodeFixture::TearDown();
  }
  // US's signed receipt of CN's chain up to its head, as US's node would send it.
  void receive_on_us() {
    // (Through the node's ingest path, as a peer's record arrives, not the ledger's alone.)
    Status st = node::ingest_record(*node_, us_receipt("2026-11-21T01:00:05Z", "CN:receipt"));
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  std::string file_path() const { return "files/" + sha_ + "/access.log"; }

  std::string id_, log_, sha_, zip_;
};

TEST_F(EvidenceTest, AnExportedPackageVerifiesOfflineAndSaysWhatIsProven) {
  receive_on_us();
  auto done = evidence::export_package(*node_, officer(), id_, zip_);
  ASSERT_TRUE(done.is_ok()) << done.status().to_string();
  EXPECT_EQ(done->files, 1);
  EXPECT_EQ(done->files_missing, 0);
  EXPECT_EQ(member(zip_, file_path()), log_);
  std::string cover = member(zip_, "cover.txt");
  EXPECT_NE(cover.find("证据包 / Evidence package"), std::string::npos);
  EXPECT_NE(cover.find(sha_), std::string::npos);

  node_.reset();  // offline: nothing but the zip
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_TRUE(report->ok()) << (report->problems.empty() ? "" : report->problems[0]);
  EXPECT_EQ(report->request_id, id_);
  EXPECT_TRUE(mentions(report->proven, "'access.log' (" + std::to_string(log_.size()) +
                                           " bytes, SHA-256 " + sha_ + ") was attached by CN"));
  EXPECT_TRUE(mentions(report->proven, "the bytes in this package are unchanged"));
  EXPECT_TRUE(mentions(report->proven, "US's node received it at 2026-11-21T01:00:05Z"));
  EXPECT_TRUE(mentions(report->proven, "The manifest was exported by CN"));
}

TEST_F(EvidenceTest, WithoutAReceiptNothingClaimsTheFileWasReceived) {
  ASSERT_TRUE(evidence::export_package(*node_, officer(), id_, zip_).is_ok());
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->ok());
  EXPECT_FALSE(mentions(report->proven, "received it"));
}

TEST_F(EvidenceTest, OneByteOfAFileChangedInPlaceFailsNamingTheFile) {
  ASSERT_TRUE(evidence::export_package(*node_, officer(), id_, zip_).is_ok());
  std::string raw = slurp(zip_);
  size_t at = raw.find("203.0.113.45 GET /panel");  // the file is stored, not deflated
  ASSERT_NE(at, std::string::npos);
  raw[at] = '9';
  spit(zip_, raw);
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_FALSE(report->ok());
  EXPECT_TRUE(mentions(report->problems, file_path() + ": "));
}

TEST_F(EvidenceTest, AFileReplacedWithAFreshChecksumFailsOnItsSignedHash) {
  ASSERT_TRUE(evidence::export_package(*node_, officer(), id_, zip_).is_ok());
  std::string altered = log_;
  altered[10] = altered[10] == '1' ? '2' : '1';
  rezip_member(zip_, file_path(), altered);
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok());
  ASSERT_FALSE(report->ok());
  EXPECT_TRUE(mentions(report->problems,
                       file_path() + ": SHA-256 " + sha256_hex(altered) + " differs from " + sha_));
}

TEST_F(EvidenceTest, OneByteOfTheManifestChangedFailsNamingTheManifest) {
  ASSERT_TRUE(evidence::export_package(*node_, officer(), id_, zip_).is_ok());
  std::string manifest = member(zip_, "manifest.json");
  size_t at = manifest.find("\"exported_at\":\"2026");
  ASSERT_NE(at, std::string::npos);
  manifest[at + 15] = '1';  // 2026 -> 2016
  rezip_member(zip_, "manifest.json", manifest);
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok());
  ASSERT_FALSE(report->ok());
  EXPECT_TRUE(mentions(report->problems, "manifest.json: its signature does not verify"));
}

TEST_F(EvidenceTest, AFileAddedAfterExportIsNamed) {
  ASSERT_TRUE(evidence::export_package(*node_, officer(), id_, zip_).is_ok());
  rezip_member(zip_, "files/extra.txt", "planted");
  auto report = evidence::verify_package(zip_);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(mentions(report->problems, "files/extra.txt: not in the manifest"));
}

TEST_F(EvidenceTest, NotAZipIsAClearError) {
  spit(zip_, "not a zip at all");
  auto report = evidence::verify_package(zip_);
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().field(), "package");
}

}  // namespace
}  // namespace liaison
