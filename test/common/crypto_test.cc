#include "common/crypto.h"

#include <gtest/gtest.h>

namespace liaison {
namespace {

TEST(Crypto, Sha256KnownVector) {
  ASSERT_TRUE(crypto_init());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HexAndBase64RoundTrip) {
  std::string bytes("\x00\x01\xfe\xff", 4);
  EXPECT_EQ(to_hex(bytes), "0001feff");
  EXPECT_EQ(*from_hex("0001FEff"), bytes);
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_EQ(*from_base64(to_base64(bytes)), bytes);
  EXPECT_FALSE(from_base64("not base64!"));
}

TEST(Crypto, Base32MatchesRfc4648) {
  EXPECT_EQ(to_base32("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(*from_base32("MZXW6YTBOI"), "foobar");
}

TEST(Crypto, HmacSha1Rfc2202Case2) {
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, UuidShape) {
  std::string u = new_uuid();
  ASSERT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '4');
  EXPECT_NE(new_uuid(), u);
}

}  // namespace
}  // namespace liaison
