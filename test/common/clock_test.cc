#include "common/clock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace liaison {
namespace {

TEST(Rfc3339, RoundTripsWholeSecondsAndMillis) {
  auto t = parse_rfc3339("2026-11-21T05:50:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-21T05:50:00Z");
  auto m = parse_rfc3339("2026-11-21T05:50:00.123Z");
  ASSERT_TRUE(m);
  EXPECT_EQ(format_rfc3339(*m), "2026-11-21T05:50:00.123Z");
}

TEST(Rfc3339, AppliesOffsets) {
  auto shanghai = parse_rfc3339("2026-11-21T13:50:00+08:00");
  auto ny = parse_rfc3339("2026-11-21T00:50:00-05:00");
  ASSERT_TRUE(shanghai && ny);
  EXPECT_EQ(format_rfc3339(*shanghai), "2026-11-21T05:50:00Z");
  EXPECT_EQ(format_rfc3339(*ny), "2026-11-21T05:50:00Z");
}

TEST(Rfc3339, RejectsMalformed) {
  for (const char* bad : {"", "2026-11-21", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-11-21T24:00:00Z", "2026-11-21T05:50:00", "2026-11-21 05:50:00Z",
                          "2026-11-21T05:50:00Zjunk", "2026-11-21T05:50:00.Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock c(*parse_rfc3339("2026-01-01T00:00:00Z"));
  EXPECT_EQ(format_rfc3339(c.now()), "2026-01-01T00:00:00Z");
  c.advance(std::chrono::hours(36));
  EXPECT_EQ(format_rfc3339(c.now()), "2026-01-02T12:00:00Z");
}

// The test-only clock a test moves through a file (LIAISON_TEST_CLOCK_OFFSET_FILE).
TEST(OffsetFileClockTest, IsTheSystemClockPlusTheFilesMillisecondsReadAgainWhenChanged) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("liaison-clock-offset-" + std::to_string(::getpid())))
                               .string();
  OffsetFileClock clock(path);
  using std::chrono::hours;
  const auto near = [](TimePoint a, TimePoint b) {
    return std::chrono::abs(a - b) < std::chrono::seconds(5);
  };
  EXPECT_TRUE(near(clock.now(), SystemClock().now()));  // no file: no offset
  std::ofstream(path) << 3 * 3600 * 1000 << "\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_TRUE(near(clock.now(), SystemClock().now() + hours(3)));
  std::ofstream(path) << "not a number\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_TRUE(near(clock.now(), SystemClock().now()));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace liaison
