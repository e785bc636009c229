#include "ledger/canonical_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace liaison::ledger {
namespace {

std::string canon(const char* text) {
  auto r = canonicalize(text);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : "";
}

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  EXPECT_EQ(canon(R"({ "b": 1, "a": [ true, null, "x" ] })"), R"({"a":[true,null,"x"],"b":1})");
}

// The example of RFC 8785 §3.2.2 (numbers and strings). The numbers are built in C++
// because Boost.JSON 1.81's parser does not round every decimal to the nearest double
// (which is why ledger payloads carry integers only: see record.cc).
TEST(CanonicalJson, Rfc8785Example) {
  boost::json::object o;
  o["numbers"] =
      boost::json::array{333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001};
  o["string"] = "\xe2\x82\xac$\x0f\nA'B\"\\\\\"/";
  o["literals"] = boost::json::array{nullptr, true, false};
  auto out = canonical_json(o);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(*out,
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,"
            "1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 §3.2.3: keys sort by UTF-16 code units, not by UTF-8 bytes.
TEST(CanonicalJson, Rfc8785KeyOrder) {
  const char* in =
      "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
      "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
      "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
      "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
  std::string out = canon(in);
  const char* order[] = {
      "\\r", "1", "\xc2\x80", "\xc3\xb6", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xac\xb3"};
  size_t pos = 0;
  for (const char* k : order) {
    size_t at = out.find(std::string("\"") + k + "\"", pos);
    ASSERT_NE(at, std::string::npos) << k;
    pos = at;
  }
}

TEST(CanonicalJson, NumbersInEcmaScriptForm) {
  EXPECT_EQ(canon("[0, -0, 1, -1, 1.5, 100, 1e21, 1e20, 123456789012, 0.1, 1e-7, 1.0E-6]"),
            "[0,0,1,-1,1.5,100,1e+21,100000000000000000000,123456789012,0.1,1e-7,0.000001]");
}

TEST(CanonicalJson, IsAFixedPointAndRejectsMalformed) {
  std::string once = canon(R"({"z":{"y":[1,{"b":2,"a":1}]},"a":"中文"})");
  EXPECT_EQ(canon(once.c_str()), once);
  auto bad = canonicalize("{\"a\":");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace liaison::ledger
