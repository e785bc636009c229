// A background thread that runs one pass, sleeps until the time the pass asks for, and is
// woken early by wake() (e.g. after every commit) or stopped by stop(). The syncer and the
// hotline engine are both built on it. start()/stop()/wake()/stopping() are thread-safe.
// A pass that throws is logged and the next one runs after kRetryAfterThrow: one bad
// document must not end the thread (and with it the node, through std::terminate).
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace liaison {

class WakeableThread {
 public:
  using Clock = std::chrono::steady_clock;
  // One pass; returns when to run the next one at the latest.
  using Pass = std::function<Clock::time_point()>;
  static constexpr std::chrono::milliseconds kRetryAfterThrow{1000};

  // `name` names the thread in the log line of a pass that threw.
  explicit WakeableThread(std::string name = "background") : name_(std::move(name)) {}
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
      const Clock::time_point next = guarded_pass();
      lock.lock();
      cv_.wait_until(lock, next, [this] { return stopping_ || woken_; });
    }
  }

  Clock::time_point guarded_pass() {
    try {
      return pass_();
    } catch (const std::exception& e) {
      log_thrown(name_, e.what());
    } catch (...) {
      log_thrown(name_, "an exception that is not a std::exception");
    }
    return Clock::now() + kRetryAfterThrow;
  }
  // In wakeable_thread.cc: keeps spdlog out of this widely included header.
  static void log_thrown(const std::string& name, const char* what);

  std::string name_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  Pass pass_;
  std::thread thread_;
};

}  // namespace liaison
