#include "node/blobs.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "node/fixture.h"
#include "node/transfers.h"

namespace liaison::testing {
namespace {

TEST(Blobs, RoundTripLargeAndEmptyAndDetectTampering) {
  ASSERT_TRUE(crypto_init());
  std::string dir = temp_dir("blobs");
  std::string key = random_bytes(crypto_secretstream_xchacha20poly1305_KEYBYTES);
  std::string big(200 * 1024 + 17, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31);
  for (const std::string& data : {big, std::string()}) {
    auto sha = node::put_blob(dir, key, data);
    ASSERT_TRUE(sha.is_ok());
    auto back = node::get_blob(dir, key, *sha);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(*back, data);
  }
  std::string sha = sha256_hex(big);
  std::string path = dir + "/" + sha.substr(0, 2) + "/" + sha;
  {
    // Flip one bit: writing a fixed byte left the file as it was whenever the ciphertext
    // already held that byte there (1 run in 256, which is how CI found it).
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(100);
    char c = 0;
    f.get(c);
    f.seekp(100);
    f.put(static_cast<char>(c ^ 0x01));
  }
  auto tampered = node::get_blob(dir, key, sha);
  EXPECT_EQ(tampered.status().code(), StatusCode::kInternal);
  EXPECT_EQ(node::get_blob(dir, key, std::string(64, 'a')).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(node::get_blob(dir, key, "../etc").status().code(), StatusCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

// Issue 14: a transfer cut short resumes from its last whole chunk, re-hashing what it holds;
// any byte range reads alone; a cut or altered chunk fails authentication.
TEST(Blobs, WriterResumesAfterACutAndReaderServesRanges) {
  ASSERT_TRUE(crypto_init());
  std::string dir = temp_dir("blobs");
  std::string key = random_bytes(crypto_secretstream_xchacha20poly1305_KEYBYTES);
  const int64_t size = 3 * node::kBlobChunk + 12345;
  std::string data(static_cast<size_t>(size), '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 7919) >> 3);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/partial";
  {
    auto w = node::BlobWriter::create(path, key, size);
    ASSERT_TRUE(w.is_ok());
    ASSERT_TRUE(w->append(std::string_view(data).substr(0, 2 * node::kBlobChunk + 100)).is_ok());
    ASSERT_TRUE(w->sync().is_ok());
    EXPECT_EQ(w->durable_bytes(), 2 * node::kBlobChunk);
    // Dropped without finish(): a crash. A torn write after the sealed chunks is cut off.
  }
  {
    std::ofstream f(path, std::ios::binary | std::ios::app);
    f << "torn";
  }
  auto w = node::BlobWriter::resume(path, key, size);
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  EXPECT_EQ(w->bytes(), 2 * node::kBlobChunk);
  EXPECT_FALSE(w->append(std::string(static_cast<size_t>(size), 'x')).is_ok());  // past size
  ASSERT_TRUE(w->append(std::string_view(data).substr(static_cast<size_t>(w->bytes()))).is_ok());
  auto sha = w->finish();
  ASSERT_TRUE(sha.is_ok());
  EXPECT_EQ(*sha, sha256_hex(data));
  auto r = node::BlobReader::open(path, key);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->size(), size);
  for (int64_t off : {int64_t{0}, node::kBlobChunk - 3, 2 * node::kBlobChunk, size - 10}) {
    auto got = r->read(off, node::kBlobChunk + 7);
    ASSERT_TRUE(got.is_ok());
    EXPECT_EQ(*got,
              data.substr(static_cast<size_t>(off), static_cast<size_t>(node::kBlobChunk + 7)));
  }
  // A file cut at a chunk boundary loses its final flag: refused, not read as a shorter file.
  std::filesystem::resize_file(path, 24 + 3 * (node::kBlobChunk + 16));
  auto cut = node::BlobReader::open(path, key);
  ASSERT_TRUE(cut.is_ok());
  EXPECT_EQ(cut->read(2 * node::kBlobChunk, 10).status().code(), StatusCode::kInternal);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace liaison::testing

namespace liaison::testing {
namespace {

// The kernel's file transfers know no capability: which files a peer may take, which files
// this node wants and what is signed after a move come from the capabilities' BlobOwners
// (node/blob_owner.h). A second owner, as samples will be, plugs in beside requests'.
class BlobOwnerTest : public NodeFixture {
 protected:
  static constexpr const char* kSha =
      "1111111111111111111111111111111111111111111111111111111111111111";
  std::vector<node::BlobMoved> moved_;
  void add_things_owner(std::vector<node::WantedBlob> named) {
    node::BlobOwner things;
    things.offered_to = [](store::Db&, const std::string& self, const std::string& peer,
                           const std::string& sha256) -> Result<bool> {
      return self == "CN" && peer == "US" && sha256 == kSha;
    };
    things.named = [named](store::Db&,
                           const std::string&) -> Result<std::vector<node::WantedBlob>> {
      return named;
    };
    things.moved = [this](node::Node&, store::Db&, const node::BlobMoved& m) -> Status {
      moved_.push_back(m);
      return Status::ok();
    };
    node_->add_blob_owner(std::move(things));
  }
};

TEST_F(BlobOwnerTest, APeerTakesOnlyWhatAnOwnerOfferedItAndTheOwnerSignsTheMove) {
  add_things_owner({});
  const std::string data(1000, 'x');
  auto sha = node::put_blob(node_->path("blobs"), node_->blob_key(), data);
  ASSERT_TRUE(sha.is_ok()) << sha.status().to_string();
  // Not offered by anyone: a peer learns nothing, as for a file we do not hold.
  auto refused = node::serve_blob(*node_, "US", *sha, 0, 1000);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(moved_.empty());

  // Offered to US by the things owner: served, and the owner hears of the whole file once.
  node::BlobOwner one_file;
  one_file.offered_to = [sha = *sha](store::Db&, const std::string&, const std::string& peer,
                                     const std::string& s) -> Result<bool> {
    return peer == "US" && s == sha;
  };
  node_->add_blob_owner(std::move(one_file));
  auto first = node::serve_blob(*node_, "US", *sha, 0, 600);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->data, data.substr(0, 600));
  EXPECT_TRUE(moved_.empty()) << "only the range that ends the file is a move";
  auto rest = node::serve_blob(*node_, "US", *sha, 600, 1000);
  ASSERT_TRUE(rest.is_ok()) << rest.status().to_string();
  EXPECT_EQ(rest->data, data.substr(600));
  ASSERT_EQ(moved_.size(), 1u);
  EXPECT_EQ(moved_[0].kind, node::BlobMoved::Kind::kSent);
  EXPECT_EQ(moved_[0].party, "US");
  EXPECT_EQ(moved_[0].sha256, *sha);
  ASSERT_TRUE(node::serve_blob(*node_, "US", *sha, 0, 1000).is_ok());
  EXPECT_EQ(moved_.size(), 1u) << "sent once per peer";
  auto to_uk = node::serve_blob(*node_, "UK", *sha, 0, 1000);
  ASSERT_FALSE(to_uk.is_ok()) << "not offered to UK";
  EXPECT_EQ(to_uk.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(to_uk.status().field(), "sha256");
}

TEST_F(BlobOwnerTest, WantedFilesComeFromEveryOwnerOnceAndEndedTransfersDropOut) {
  add_things_owner({{kSha, "US", 10}, {kSha, "US", 30}});
  auto wanted = node::wanted_blobs(*node_);
  ASSERT_TRUE(wanted.is_ok()) << wanted.status().to_string();
  ASSERT_EQ(wanted->size(), 1u) << "one file named twice is wanted once";
  EXPECT_EQ((*wanted)[0].sha256, kSha);
  EXPECT_EQ((*wanted)[0].origin, "US");
  EXPECT_EQ((*wanted)[0].size, 30) << "the largest size named";

  ASSERT_TRUE(node::note_transfer_start(*node_, (*wanted)[0], 0).is_ok());
  wanted = node::wanted_blobs(*node_);
  ASSERT_TRUE(wanted.is_ok());
  EXPECT_EQ(wanted->size(), 1u) << "an arriving file is still wanted (the fetcher resumes it)";

  ASSERT_TRUE(
      node::note_transfer_failed(*node_, {kSha, "US", 30}, "refused", "too_large", "big").is_ok());
  ASSERT_EQ(moved_.size(), 1u);
  EXPECT_EQ(moved_[0].kind, node::BlobMoved::Kind::kRefused);
  EXPECT_EQ(moved_[0].code, "too_large");
  EXPECT_EQ(moved_[0].reason, "big");
  wanted = node::wanted_blobs(*node_);
  ASSERT_TRUE(wanted.is_ok());
  EXPECT_TRUE(wanted->empty()) << "a refused transfer is not tried again by itself";

  node::Actor admin{"admin", node::Role::kAdministrator, "test"};
  ASSERT_TRUE(node::retry_transfer(*node_, admin, "US", kSha, "thing/1").is_ok());
  wanted = node::wanted_blobs(*node_);
  ASSERT_TRUE(wanted.is_ok());
  EXPECT_EQ(wanted->size(), 1u) << "a retried transfer is wanted again";
  auto again = node::retry_transfer(*node_, admin, "US", kSha, "thing/1");
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.field(), "sha256");
}

}  // namespace
}  // namespace liaison::testing
