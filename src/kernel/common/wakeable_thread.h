// A background thread that runs one pass, sleeps until the time the pass asks for, and is
// woken early by wake() (e.g. after every commit) or stopped by stop(). The syncer and the
// hotline engine are both built on it. start()/stop()/wake()/stopping() are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace liaison {

class WakeableThread {
 public:
  using Clock = std::chrono::steady_clock;
  // One pass; returns when to run the next one at the latest.
  using Pass = std::function<Clock::time_point()>;

  WakeableThread() = default;
  ~WakeableThread() { stop(); }
  WakeableThread(const WakeableThread&) = delete;
  WakeableThread& operator=(const WakeableThread&) = delete;

  void start(Pass pass) {
    std::lock_guard lock(mu_);
    if (thread_.joinable()) return;
    stopping_ = false;
    pass_ = std::move(pass);
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  void wake() {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_all();
  }
  // For long passes that want to give up early.
  bool stopping() {
    std::lock_guard lock(mu_);
    return stopping_;
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      woken_ = false;
      lock.unlock();
      Clock::time_point next = pass_();
      lock.lock();
      cv_.wait_until(lock, next, [this] { return stopping_ || woken_; });
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  Pass pass_;
  std::thread thread_;
};

}  // namespace liaison
