// WakeableThread: a pass that throws is logged and the thread goes on (issue 15: one bad
// document must not end a background thread, and with it the node).
#include "common/wakeable_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "common/status.h"

namespace liaison {
namespace {

TEST(WakeableThreadTest, APassThatThrowsIsLoggedAndTheNextPassRuns) {
  std::atomic<int> passes{0};
  WakeableThread t("test");
  t.start([&] {
    const int n = ++passes;
    if (n == 1) throw std::out_of_range("key not found");
    if (n == 2) throw 42;  // not even a std::exception
    return WakeableThread::Clock::now() + std::chrono::milliseconds(5);
  });
  // Two passes throw; woken, the thread runs a third and more (not waiting out the retry).
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (passes < 4 && std::chrono::steady_clock::now() < end) {
    t.wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  t.stop();
  EXPECT_GE(passes.load(), 4);
}

TEST(StatusTest, IncompleteIsA422NamedIncompleteWithTheMissingItems) {
  const Status st = incomplete("the checklist is incomplete", {"title", "custodian"});
  EXPECT_EQ(st.code(), StatusCode::kIncomplete);
  EXPECT_EQ(http_status(st.code()), 422);
  EXPECT_STREQ(status_code_name(st.code()), "incomplete");
  EXPECT_EQ(st.field(), "checklist");
  EXPECT_EQ(st.details(), (std::vector<std::string>{"title", "custodian"}));
  EXPECT_EQ(http_status(StatusCode::kInvalidArgument), 400);
}

}  // namespace
}  // namespace liaison
