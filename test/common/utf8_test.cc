#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace liaison {
namespace {

// The one UTF-8 check of the server's paths and queries, upload names and search text.
TEST(Utf8, WellFormedTextOnly) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("勒索 ransomware ü 🙂"));
  EXPECT_TRUE(valid_utf8("\xf4\x8f\xbf\xbf"));       // U+10FFFF, the last code point
  for (const std::string bad : {"\xc0\xaf",          // overlong '/'
                                "\xe0\x80\xaf",      // overlong, three bytes
                                "\xed\xa0\x80",      // a UTF-16 surrogate
                                "\xf4\x90\x80\x80",  // past U+10FFFF
                                "\xe5\x8b",          // cut short
                                "\x80",              // a lone continuation byte
                                "ab\xff"}) {
    EXPECT_FALSE(valid_utf8(bad)) << bad.size();
  }
}

TEST(Utf8, CleanTextHasNoControlCharacters) {
  EXPECT_TRUE(clean_text("报告 2026.pdf"));
  EXPECT_FALSE(clean_text(std::string("a\0b", 3)));
  EXPECT_FALSE(clean_text("a\nb"));
  EXPECT_FALSE(clean_text("a\x7f"));
  EXPECT_FALSE(clean_text("\xff\xfe.txt"));
  EXPECT_EQ(utf8_sequence("勒", 0), 3u);
  EXPECT_EQ(utf8_sequence("\xe5\x8b", 0), 0u);
}

}  // namespace
}  // namespace liaison
