// One process-wide feed another capability hands the hotline once, from src/app/: the first
// install wins and later ones change nothing (every node of a process opens through the same
// composition). Thread-safe: installed before any engine thread runs and never replaced, so
// reads take no lock. Internal to the hotline's *_feed.cc files.
#pragma once

#include <mutex>
#include <type_traits>
#include <utility>

namespace liaison::hotline {

template <typename T>
class Feed {
 public:
  void install(T feed) {
    std::call_once(once_, [&] { feed_ = std::move(feed); });
  }
  const T& get() const { return feed_; }

  // The feed's `member` called with `args`, or an empty answer (no list, no document) when the
  // feed was never installed or lacks that member.
  template <typename Fn, typename... Args>
  auto call(Fn T::*member, Args&&... args) const {
    const Fn& fn = feed_.*member;
    using R = decltype(fn(std::forward<Args>(args)...));
    using Value = std::remove_cvref_t<decltype(*std::declval<R&>())>;
    if (!fn) return R(Value());
    return fn(std::forward<Args>(args)...);
  }

 private:
  std::once_flag once_;
  T feed_;  // written once under once_
};

}  // namespace liaison::hotline
