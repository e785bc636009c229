#include "hotline/clock_feed.h"

#include <mutex>
#include <utility>

namespace liaison::hotline {

namespace {

struct Feeds {
  std::mutex mu;
  std::vector<std::pair<std::string, ClockFeed>> list;
};

Feeds& feeds() {
  static Feeds* f = new Feeds();  // never destroyed: engine threads may read it at exit
  return *f;
}

}  // namespace

void add_clock_feed(const std::string& name, ClockFeed feed) {
  Feeds& f = feeds();
  std::lock_guard lock(f.mu);
  for (const auto& [n, _] : f.list) {
    if (n == name) return;
  }
  f.list.emplace_back(name, std::move(feed));
}

std::vector<ClockFeed> clock_feeds() {
  Feeds& f = feeds();
  std::lock_guard lock(f.mu);
  std::vector<ClockFeed> out;
  for (const auto& [_, feed] : f.list) out.push_back(feed);
  return out;
}

}  // namespace liaison::hotline
