// Real liaison nodes as processes on loopback for integration tests: init, serve on a free
// port, exchange identities, kill -9 and restart. Each node has its own temp directory.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "http/test_client.h"
#include "node/fixture.h"
#include "process.h"

namespace liaison::testing {

inline const std::string& liaison_bin() {
  static const std::string bin = LIAISON_BIN;
  return bin;
}

// Polls `fn` until it returns true or `timeout` passes.
inline bool wait_until(const std::function<bool()>& fn,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (fn()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return fn();
}

class NodeProc {
 public:
  NodeProc(std::string party, std::string tz) : party_(std::move(party)), tz_(std::move(tz)) {
    dir_ = temp_dir("node-" + party_);
    auto r = run({liaison_bin(), "init", "--data", dir_, "--party", party_, "--name",
                  party_ + " node", "--timezone", tz_, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto t = run({liaison_bin(), "token", "create", "--data", dir_, "--user", "admin"});
    token_ = t.out.substr(0, t.out.find('\n'));
  }
  ~NodeProc() {
    stop(SIGKILL);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void start() {
    std::filesystem::remove(dir_ + "/run/listen");
    pid_ = spawn({liaison_bin(), "serve", "--data", dir_, "--listen", listen_}, dir_ + "/serve.out",
                 dir_ + "/serve.err." + std::to_string(++starts_));
    std::string addr = wait_for_file(dir_ + "/run/listen", std::chrono::seconds(30));
    ASSERT_FALSE(addr.empty()) << slurp(dir_ + "/serve.err." + std::to_string(starts_));
    base_ = "https://" + addr;
    listen_ = addr;  // restart on the same port so peers' URLs stay right
  }
  int stop(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // CPU time the process has used, in clock ticks (user + system, /proc/PID/stat).
  long cpu_ticks() const {
    std::string stat = slurp("/proc/" + std::to_string(pid_) + "/stat");
    std::istringstream in(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {  // fields 14 and 15 after "(comm)"
      if (i == 14) utime = std::stol(field);
      if (i == 15) stime = std::stol(field);
    }
    return utime + stime;
  }
  boost::json::object identity() {
    auto r = run({liaison_bin(), "identity", "--data", dir_, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out).as_object();
  }
  // Registers `other` as a peer of this node (this node must know other's URL).
  void add_peer(NodeProc& other, const std::string& fingerprint_override = "") {
    auto id = other.identity();
    std::string fp = fingerprint_override.empty()
                         ? std::string(id.at("tls_fingerprint").as_string())
                         : fingerprint_override;
    auto r =
        run({liaison_bin(), "peer", "add", "--data", dir_, "--party", other.party_, "--url",
             std::string(id.at("url").as_string()), "--key", std::string(id.at("key").as_string()),
             "--tls-fingerprint", fp, "--timezone", other.tz_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  HttpResult api(const std::string& method, const std::string& target,
                 const std::string& body = "") {
    return http_call(base_, method, target, body, {{"Authorization", "Bearer " + token_}});
  }
  boost::json::object get_json(const std::string& target) {
    auto r = api("GET", target);
    if (r.status != 200) return {};
    return boost::json::parse(r.body).as_object();
  }
  // Creates and submits a complete preservation request to `to`; returns its id.
  std::string submit_request(const std::string& to, const std::string& title = "") {
    auto body = complete_preservation();
    body["requested_party"] = to;
    if (!title.empty()) body["title"] = boost::json::object{{"original", title}};
    auto c = api("POST", "/api/v1/requests", boost::json::serialize(body));
    EXPECT_EQ(c.status, 201) << c.body;
    std::string id(boost::json::parse(c.body).as_object().at("id").as_string());
    auto s = api("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})");
    EXPECT_EQ(s.status, 200) << s.body;
    return id;
  }
  std::string state_of(const std::string& id) {
    auto o = get_json("/api/v1/requests/" + id);
    return o.contains("state") ? std::string(o.at("state").as_string()) : "";
  }
  int verify_exit() { return run({liaison_bin(), "verify", "--data", dir_}).exit_code; }
  std::string verify_out() { return run({liaison_bin(), "verify", "--data", dir_}).out; }
  std::string query_text(const std::string& sql) {
    auto db = store::Db::open(dir_ + "/liaison.db", true);
    if (!db.is_ok()) return "<no db>";
    auto q = (*db)->prepare(sql);
    if (!q.is_ok()) return "<bad sql>";
    auto row = q->step();
    return (row.is_ok() && *row) ? q->text(0) : "<no row>";
  }
  int64_t query_int(const std::string& sql) {
    auto db = store::Db::open(dir_ + "/liaison.db", true);
    if (!db.is_ok()) return -1;
    auto q = (*db)->prepare(sql);
    if (!q.is_ok()) return -1;
    auto row = q->step();
    return (row.is_ok() && *row) ? q->int64(0) : -1;
  }

  const std::string& party() const { return party_; }
  const std::string& dir() const { return dir_; }
  const std::string& base() const { return base_; }
  const std::string& token() const { return token_; }
  // The standard error of this node's latest `serve`, for a failed assertion's message.
  std::string serve_log() const {
    return party_ + "'s serve log:\n" + slurp(dir_ + "/serve.err." + std::to_string(starts_));
  }

 private:
  std::string party_, tz_, dir_, token_, base_;
  std::string listen_ = "127.0.0.1:0";
  pid_t pid_ = -1;
  int starts_ = 0;
};

// Peers two running nodes with each other.
inline void peer_both(NodeProc& a, NodeProc& b) {
  a.add_peer(b);
  b.add_peer(a);
}

}  // namespace liaison::testing
