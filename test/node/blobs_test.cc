#include "node/blobs.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "fixture.h"

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
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x42');
  }
  auto tampered = node::get_blob(dir, key, sha);
  EXPECT_EQ(tampered.status().code(), StatusCode::kInternal);
  EXPECT_EQ(node::get_blob(dir, key, std::string(64, 'a')).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(node::get_blob(dir, key, "../etc").status().code(), StatusCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace liaison::testing
