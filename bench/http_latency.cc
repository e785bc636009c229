// bench/http_latency: real `liaison serve` processes (HTTPS on loopback, durable stores) whose
// registers hold a few hundred requests. Measures GET /api/v1/requests (the default page, 25
// requests) and GET /healthz (the reference: no store, a few bytes):
//   1. latency on one keep-alive connection (p50, p99 of N requests in a row);
//   2. throughput on 64 keep-alive connections for a few seconds (req/s, p50, p99);
// and prints both against issue 13's targets (default page p50 <= 2 ms on one connection,
// >= 5,000 req/s at 64 connections on 2 cores). A page of 22-55 KB used to stall 44 ms
// (Nagle's algorithm meeting delayed ACKs: see http/server.cc).
//
// The register measured first is a mixed one, as a working node's is: CN is peered with a
// second node, US (both started here, mutual TLS), and CN's register holds, in turns, drafts,
// requests submitted to US and delivered (US's signed receipt), requests US acknowledged, and
// requests US submitted to CN (incoming): every row but a draft's reads its submission record
// and receipt, and runs its deadline clocks. Beside it, the figure for a node whose register
// holds drafts only (no delivery lookups, no clocks), as this bench measured before.
//
// The load client is this program (Asio and Beast, one thread, TLS like a browser), so on a
// 2-core host it shares the cores with the node as wrk would. The node allows 64 connections
// per address, so each phase connects from its own loopback address (127.0.0.2, .3, …): the
// previous phase's connections may not all be closed on the server yet.
//
// Usage: http_latency [--bin PATH] [--requests N] [--samples N] [--connections N]
//                     [--seconds S] [--drafts-only]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.h"

namespace {

using liaison::bench::slurp;
using liaison::bench::spawn;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// Runs a `liaison` command to completion; returns its output, or "" when it failed.
std::string run(const std::vector<std::string>& args, const std::string& dir) {
  std::string log = dir + ".cmd.log";
  const int rc = liaison::bench::run_logged(args, log);
  std::string out = slurp(log);
  fs::remove(log);
  if (rc != 0) {
    std::fprintf(stderr, "http_latency: %s %s failed: %s\n", args[0].c_str(), args[1].c_str(),
                 out.c_str());
    return "";
  }
  return out;
}

// A complete preservation request, in Chinese with an English translation, as the console
// writes them (about 2 KB in the register's page).
json::object request_content(int i) {
  auto bt = [](const char* zh, const char* en) {
    return json::object{
        {"original", zh}, {"lang", "zh-CN"}, {"translation", en}, {"translation_lang", "en"}};
  };
  std::string title_en = "Preserve ransomware server logs #" + std::to_string(i);
  return json::object{
      {"type", "preservation"},
      {"priority", "P1"},
      {"priority_area", "hacking"},
      {"requested_party", "US"},
      {"title", bt("保全勒索软件服务器日志", title_en.c_str())},
      {"requesting_authority", bt("公安部网络安全保卫局", "MPS Cybersecurity Bureau")},
      {"legal_basis", bt("布达佩斯公约第29条", "Budapest Convention Art. 29")},
      {"offence", bt("勒索软件攻击医院", "Ransomware attack on a hospital")},
      {"data_sought", bt("访问日志", "Access logs")},
      {"data_link", bt("该服务器为控制服务器", "The server is the C2")},
      {"custodian", bt("示例主机公司", "Example Hosting LLC")},
      {"necessity", bt("日志30天后被覆盖", "Logs are overwritten after 30 days")},
      {"mla_to_follow", true},
      {"data_categories", json::array{"traffic", "subscriber"}},
      {"identifiers", json::array{json::object{{"kind", "ipv4"},
                                               {"value", "203.0.113.45"},
                                               {"port", 443},
                                               {"observed_at", "2026-11-18T02:14:00Z"}}}},
  };
}

struct Sample {
  std::vector<double> latency_ms;
  int64_t errors = 0;
  int64_t bytes = 0;
  int last_status = 0;
  std::string last_body;
};

struct Load {
  tcp::endpoint server;
  asio::ip::address source;
  std::string method = "GET";
  std::string target;
  std::string token;
  std::vector<std::string> bodies;  // request n sends bodies[n % size]; none: no body
  int max_requests = 0;             // per connection; 0: until `end`
  Clock::time_point end;
};

// GCC 12 at -O2 reports the frame of this coroutine as freed by a mismatched operator delete:
// both are asio's awaitable_frame_base operators, so the warning is false.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
// One keep-alive connection issuing requests one after another. A connection refused by the
// server (the per-address limit) is retried a few times.
asio::awaitable<void> client(asio::ssl::context& ctx, const Load& load, Sample& out) {
  auto ex = co_await asio::this_coro::executor;
  for (int attempt = 0; attempt < 5; ++attempt) {
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    auto& lowest = beast::get_lowest_layer(stream);
    beast::error_code ec;
    lowest.socket().open(tcp::v4(), ec);
    if (!ec) lowest.socket().bind(tcp::endpoint(load.source, 0), ec);
    if (!ec) lowest.socket().set_option(tcp::no_delay(true), ec);
    if (ec) break;
    lowest.expires_after(std::chrono::seconds(10));
    auto [cec] = co_await lowest.async_connect(load.server, kTuple);
    if (cec) continue;
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kTuple);
    if (hec) {
      asio::steady_timer pause(ex, std::chrono::milliseconds(20));
      co_await pause.async_wait(kTuple);
      continue;
    }
    bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(load.method), load.target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::authorization, "Bearer " + load.token);
    if (!load.bodies.empty()) req.set(bhttp::field::content_type, "application/json");
    beast::flat_buffer buffer;
    for (int n = 0; load.max_requests == 0 || n < load.max_requests; ++n) {
      if (load.max_requests == 0 && Clock::now() >= load.end) co_return;
      if (!load.bodies.empty()) req.body() = load.bodies[n % load.bodies.size()];
      req.prepare_payload();
      auto t0 = Clock::now();
      lowest.expires_after(std::chrono::seconds(10));
      auto [wec, wn] = co_await bhttp::async_write(stream, req, kTuple);
      if (wec) {
        ++out.errors;
        break;  // reconnect
      }
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(64u << 20);
      auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (rec) {
        ++out.errors;
        break;
      }
      out.latency_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      out.last_status = static_cast<int>(parser.get().result_int());
      out.bytes += static_cast<int64_t>(parser.get().body().size());
      if (out.last_status >= 300) {
        ++out.errors;
        out.last_body = parser.get().body();
      }
    }
    co_return;
  }
  ++out.errors;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// Runs `connections` clients of `load` on one thread; returns all their samples together.
Sample run_load(const Load& load, int connections) {
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);  // the node's fresh self-signed certificate
  std::vector<Sample> samples(connections);
  for (int i = 0; i < connections; ++i) {
    asio::co_spawn(ioc, client(ctx, load, samples[i]), asio::detached);
  }
  ioc.run();
  Sample all;
  for (auto& s : samples) {
    all.latency_ms.insert(all.latency_ms.end(), s.latency_ms.begin(), s.latency_ms.end());
    all.errors += s.errors;
    all.bytes += s.bytes;
    all.last_status = std::max(all.last_status, s.last_status);
    if (!s.last_body.empty()) all.last_body = s.last_body;
  }
  std::sort(all.latency_ms.begin(), all.latency_ms.end());
  return all;
}

double pct(const Sample& s, double p) {
  if (s.latency_ms.empty()) return 0;
  return s.latency_ms[std::min(s.latency_ms.size() - 1, size_t(p * s.latency_ms.size()))];
}

struct Result {
  double p50 = 0, p99 = 0;  // one connection
  double rate = 0;          // at `connections`
  double load_p50 = 0, load_p99 = 0;
  double kb = 0;
  int64_t errors = 0;
};

// wrk (when it is installed) at the same number of connections, as a cross-check of this
// program's load client; it connects from 127.0.0.1, which no other phase uses.
struct WrkResult {
  bool ran = false;
  double rate = 0, p50 = 0, p99 = 0;
};

// The program's full path, or "".
std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string d; std::getline(dirs, d, ':');) {
    if (!d.empty() && access((d + "/" + name).c_str(), X_OK) == 0) return d + "/" + name;
  }
  return "";
}

// wrk prints latencies as "850.00us", "1.23ms" or "1.02s".
double wrk_ms(const std::string& text) {
  double v = std::atof(text.c_str());
  if (text.find("us") != std::string::npos) return v / 1000.0;
  if (text.find("ms") != std::string::npos) return v;
  if (text.find('m') != std::string::npos) return v * 60000.0;
  return v * 1000.0;  // seconds
}

WrkResult run_wrk(const std::string& url, const std::string& token, int connections, double seconds,
                  const std::string& log) {
  WrkResult r;
  std::string wrk = find_on_path("wrk");
  if (wrk.empty()) return r;
  pid_t pid = spawn({wrk, "-t2", "-c" + std::to_string(connections),
                     "-d" + std::to_string(static_cast<int>(seconds + 0.5)) + "s", "--latency",
                     "-H", "Authorization: Bearer " + token, url},
                    log);
  int st = 0;
  waitpid(pid, &st, 0);
  std::istringstream out(slurp(log));
  fs::remove(log);
  for (std::string line; std::getline(out, line);) {
    std::istringstream words(line);
    std::string first, second;
    words >> first >> second;
    if (first == "Requests/sec:") r.rate = std::atof(second.c_str());
    if (first == "50%") r.p50 = wrk_ms(second);
    if (first == "99%") r.p99 = wrk_ms(second);
  }
  r.ran = WIFEXITED(st) && WEXITSTATUS(st) == 0 && r.rate > 0;
  return r;
}

// One blocking keep-alive HTTPS connection from `source`, for making the registers.
class Client {
 public:
  Client(tcp::endpoint server, asio::ip::address source, std::string token)
      : ctx_(asio::ssl::context::tls_client),
        server_(server),
        source_(std::move(source)),
        token_(std::move(token)) {
    ctx_.set_verify_mode(asio::ssl::verify_none);
  }
  // The status and body of one call (status 0: no connection).
  std::pair<int, std::string> call(const std::string& method, const std::string& target,
                                   const std::string& body = "") {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!stream_ && !connect()) return {0, ""};
      bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
      req.set(bhttp::field::host, "127.0.0.1");
      req.set(bhttp::field::authorization, "Bearer " + token_);
      if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      beast::error_code ec;
      bhttp::write(*stream_, req, ec);
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(64u << 20);
      if (!ec) bhttp::read(*stream_, buffer_, parser, ec);
      if (!ec) return {static_cast<int>(parser.get().result_int()), parser.get().body()};
      stream_.reset();
    }
    return {0, ""};
  }

 private:
  bool connect() {
    beast::error_code ec;
    stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, ctx_);
    auto& sock = beast::get_lowest_layer(*stream_).socket();
    sock.open(tcp::v4(), ec);
    if (!ec) sock.bind(tcp::endpoint(source_, 0), ec);
    if (!ec) sock.set_option(tcp::no_delay(true), ec);
    if (!ec) sock.connect(server_, ec);
    if (!ec) stream_->handshake(asio::ssl::stream_base::client, ec);
    if (ec) stream_.reset();
    buffer_.clear();
    return !ec;
  }
  asio::io_context ioc_;
  asio::ssl::context ctx_;
  tcp::endpoint server_;
  asio::ip::address source_;
  std::string token_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream_;
  beast::flat_buffer buffer_;
};

// A node of its own data directory, served by a `liaison serve` process.
struct NodeProc {
  std::string party, tz, dir, addr, token;
  pid_t pid = -1;

  tcp::endpoint endpoint() const {
    return tcp::endpoint(asio::ip::make_address(addr.substr(0, addr.rfind(':'))),
                         static_cast<unsigned short>(std::stoi(addr.substr(addr.rfind(':') + 1))));
  }
  // init and an administrator's token.
  bool init(const std::string& bin) {
    dir = (fs::temp_directory_path() /
           ("liaison-bench-http-" + party + "-" + std::to_string(getpid())))
              .string();
    if (run({bin, "init", "--data", dir, "--party", party, "--name", party, "--timezone", tz}, dir)
            .empty()) {
      return false;
    }
    token = trim(run({bin, "token", "create", "--data", dir, "--user", "admin"}, dir));
    return !token.empty();
  }
  bool start(const std::string& bin) {
    fs::remove(dir + "/run/listen");
    pid = spawn({bin, "serve", "--data", dir, "--listen", "127.0.0.1:0"}, dir + ".serve.log");
    for (int i = 0; i < 2000 && addr.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      addr = trim(slurp(dir + "/run/listen"));
    }
    if (addr.empty()) {
      std::fprintf(stderr, "http_latency: the node %s did not start: %s\n", party.c_str(),
                   slurp(dir + ".serve.log").c_str());
    }
    return !addr.empty();
  }
  void stop() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    pid = -1;
  }
  void remove() {
    stop();
    fs::remove_all(dir);
    fs::remove(dir + ".serve.log");
  }
};

// `a` takes `b` as its peer (b's URL, key and TLS fingerprint from `liaison identity`).
bool peer(const std::string& bin, const NodeProc& a, const NodeProc& b) {
  const std::string text = run({bin, "identity", "--data", b.dir, "--json"}, b.dir);
  if (text.empty()) return false;
  json::object id = json::parse(text).as_object();
  return !run({bin, "peer", "add", "--data", a.dir, "--party", b.party, "--url",
               std::string(id["url"].as_string()), "--key", std::string(id["key"].as_string()),
               "--tls-fingerprint", std::string(id["tls_fingerprint"].as_string()), "--timezone",
               b.tz},
              a.dir)
              .empty();
}

std::string id_of(const std::string& doc) {
  boost::system::error_code ec;
  json::value v = json::parse(doc, ec);
  if (ec || !v.is_object() || !v.as_object().contains("id")) return "";
  return std::string(v.as_object().at("id").as_string());
}

// Creates a request on `c` (to `to`), and submits it unless `draft`; returns its id or "".
std::string create(Client& c, int i, const std::string& to, bool draft) {
  json::object content = request_content(i);
  content["requested_party"] = to;
  auto [status, body] = c.call("POST", "/api/v1/requests", json::serialize(content));
  const std::string id = status == 201 ? id_of(body) : "";
  if (id.empty()) {
    std::fprintf(stderr, "http_latency: creating a request failed (HTTP %d): %s\n", status,
                 body.c_str());
    return "";
  }
  if (draft) return id;
  auto [s2, b2] = c.call("POST", "/api/v1/requests/" + id + "/events", R"({"event":"submit"})");
  if (s2 != 200) {
    std::fprintf(stderr, "http_latency: submitting failed (HTTP %d): %s\n", s2, b2.c_str());
    return "";
  }
  return id;
}

// How many of the register's rows on `c` are in each delivery state ("local", "queued",
// "delivered", "acknowledged") and how many are incoming.
std::map<std::string, int> register_counts(Client& c) {
  std::map<std::string, int> n;
  for (int page = 1; page < 100; ++page) {
    auto [status, body] =
        c.call("GET", "/api/v1/requests?per_page=200&page=" + std::to_string(page));
    if (status != 200) break;
    json::object o = json::parse(body).as_object();
    const json::array& items = o.at("items").as_array();
    for (const auto& item : items) {
      const json::object& r = item.as_object();
      if (r.at("direction").as_string() == "incoming") {
        ++n["incoming"];
      } else {
        ++n[std::string(r.at("delivery").as_object().at("state").as_string())];
      }
    }
    if (items.size() < 200) break;
  }
  return n;
}

// CN's register of `requests` rows in rounds of eight, newest rows mixed: two drafts, two
// requests submitted to US (delivered: US's receipt), two that US then acknowledges, two that
// US submits to CN (incoming). Returns once CN shows every one so (or after a minute: false).
bool make_mixed(NodeProc& cn, NodeProc& us, int requests, Client& c, Client& u) {
  for (int i = 0; i < requests;) {
    std::vector<std::string> to_ack;
    for (int k = 0; k < 8 && i < requests; ++k, ++i) {
      std::string id;
      switch (k / 2) {
        case 0:
          id = create(c, i, us.party, true);
          break;
        case 1:
          id = create(c, i, us.party, false);
          break;
        case 2:
          id = create(c, i, us.party, false);
          to_ack.push_back(id);
          break;
        default:
          id = create(u, i, cn.party, false);
          break;
      }
      if (id.empty()) return false;
    }
    for (const auto& id : to_ack) {
      int status = 0;
      for (int t = 0; t < 2000 && status != 200; ++t) {
        status = u.call("GET", "/api/v1/requests/" + id).first;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      auto [s, b] = u.call("POST", "/api/v1/requests/" + id + "/events",
                           R"({"event":"acknowledge","requested_ref":"US-2026-1"})");
      if (s != 200) {
        std::fprintf(stderr, "http_latency: acknowledging failed (HTTP %d): %s\n", s, b.c_str());
        return false;
      }
    }
  }
  const int rounds = requests / 8, rest = requests % 8;
  const std::map<std::string, int> want = {
      {"local", rounds * 2 + std::min(rest, 2)},
      {"delivered", rounds * 2 + std::clamp(rest - 2, 0, 2)},
      {"acknowledged", rounds * 2 + std::clamp(rest - 4, 0, 2)},
      {"incoming", rounds * 2 + std::clamp(rest - 6, 0, 2)}};
  std::map<std::string, int> got;
  for (auto t0 = Clock::now(); Clock::now() - t0 < std::chrono::minutes(1);) {
    got = register_counts(c);
    if (got == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::fprintf(stderr, "http_latency: CN's register did not settle:");
  for (const auto& [k, v] : got) std::fprintf(stderr, " %s %d", k.c_str(), v);
  std::fprintf(stderr, "\n");
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string bin = (fs::path(argv[0]).parent_path().parent_path() / "liaison").string();
  int requests = 300, samples = 2000, connections = 64;
  double seconds = 5;
  bool drafts_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--bin" && has_value) {
      bin = argv[++i];
    } else if (a == "--requests" && has_value) {
      requests = std::atoi(argv[++i]);
    } else if (a == "--samples" && has_value) {
      samples = std::atoi(argv[++i]);
    } else if (a == "--connections" && has_value) {
      connections = std::atoi(argv[++i]);
    } else if (a == "--seconds" && has_value) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--drafts-only") {
      drafts_only = true;
    } else {
      bool help = a == "--help" || a == "-h";
      std::fprintf(help ? stdout : stderr,
                   "Usage: http_latency [--bin PATH] [--requests N] [--samples N] "
                   "[--connections N] [--seconds S] [--drafts-only]\n"
                   "Starts two peered nodes (CN, US) on loopback, makes CN's register of N\n"
                   "requests (default 300: drafts, delivered, acknowledged and incoming ones),\n"
                   "and measures GET /api/v1/requests and /healthz on CN: latency on one\n"
                   "keep-alive connection (N samples, default 2000) and req/s at N connections\n"
                   "(default 64) for S seconds (default 5); then the same page on a node whose\n"
                   "register holds N drafts (only that with --drafts-only).\n");
      return help ? 0 : 2;
    }
  }
  if (!fs::exists(bin) || requests < 1 || samples < 1 || connections < 1 || seconds <= 0) {
    std::fprintf(stderr, "http_latency: liaison binary not found at %s (or a bad option)\n",
                 bin.c_str());
    return 2;
  }

  // Each phase connects from the next loopback address (see the header).
  int next_source = 2;
  auto source = [&] { return asio::ip::make_address("127.0.0." + std::to_string(next_source++)); };

  auto measure = [&](const tcp::endpoint& server, const std::string& token,
                     const std::string& target) {
    Result r;
    Load warm{server, source(), "GET", target, token, {}, 50, {}};
    (void)run_load(warm, 1);
    Load one{server, source(), "GET", target, token, {}, samples, {}};
    Sample s = run_load(one, 1);
    r.p50 = pct(s, 0.5);
    r.p99 = pct(s, 0.99);
    r.kb = s.latency_ms.empty() ? 0 : double(s.bytes) / double(s.latency_ms.size()) / 1024.0;
    r.errors += s.errors;
    auto t0 = Clock::now();
    Load many{server, source(), "GET", target,
              token,  {},       0,     t0 + std::chrono::microseconds(int64_t(seconds * 1e6))};
    Sample m = run_load(many, connections);
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    r.rate = double(m.latency_ms.size()) / secs;
    r.load_p50 = pct(m, 0.5);
    r.load_p99 = pct(m, 0.99);
    r.errors += m.errors;
    return r;
  };

  // 1. The mixed register: CN and US peered; US is stopped once CN's register is made, so
  // that only CN runs while it is measured (wrk's connections come from 127.0.0.1, as US's
  // syncer's would).
  Result mixed, health, drafts;
  WrkResult wrk_mixed, wrk_health, wrk_drafts;
  if (!drafts_only) {
    NodeProc cn{"CN", "Asia/Shanghai"}, us{"US", "America/New_York"};
    const bool ready = cn.init(bin) && us.init(bin) && cn.start(bin) && us.start(bin) &&
                       peer(bin, cn, us) && peer(bin, us, cn);
    bool made = false;
    if (ready) {
      Client c(cn.endpoint(), source(), cn.token), u(us.endpoint(), source(), us.token);
      made = make_mixed(cn, us, requests, c, u);
    }
    us.stop();
    if (made) {
      mixed = measure(cn.endpoint(), cn.token, "/api/v1/requests");
      health = measure(cn.endpoint(), cn.token, "/healthz");
      const std::string base = "https://" + cn.addr;
      wrk_mixed =
          run_wrk(base + "/api/v1/requests", cn.token, connections, seconds, cn.dir + ".wrk.log");
      wrk_health = run_wrk(base + "/healthz", cn.token, connections, seconds, cn.dir + ".wrk.log");
    }
    cn.remove();
    us.remove();
    if (!made) return 1;
  }

  // 2. Drafts only: one node, its register made of `requests` drafts.
  {
    NodeProc cn{"CN", "Asia/Shanghai"};
    cn.party = "CN";
    if (!cn.init(bin) ||
        run({bin, "party", "add", "--data", cn.dir, "--code", "US", "--name", "US", "--timezone",
             "America/New_York"},
            cn.dir)
            .empty() ||
        !cn.start(bin)) {
      cn.remove();
      return 1;
    }
    std::vector<std::string> bodies;
    for (int i = 0; i < requests; ++i) bodies.push_back(json::serialize(request_content(i)));
    Load create_load{cn.endpoint(), source(), "POST",   "/api/v1/requests",
                     cn.token,      bodies,   requests, {}};
    Sample created = run_load(create_load, 1);
    if (created.errors > 0 || created.latency_ms.size() != size_t(requests)) {
      std::fprintf(stderr, "http_latency: creating requests failed (HTTP %d): %s\n",
                   created.last_status, created.last_body.c_str());
      cn.remove();
      return 1;
    }
    drafts = measure(cn.endpoint(), cn.token, "/api/v1/requests");
    if (drafts_only) health = measure(cn.endpoint(), cn.token, "/healthz");
    const std::string base = "https://" + cn.addr;
    wrk_drafts =
        run_wrk(base + "/api/v1/requests", cn.token, connections, seconds, cn.dir + ".wrk.log");
    if (drafts_only) {
      wrk_health = run_wrk(base + "/healthz", cn.token, connections, seconds, cn.dir + ".wrk.log");
    }
    cn.remove();
  }
  if (drafts_only) {
    mixed = drafts;
    wrk_mixed = wrk_drafts;
  }

  unsigned cores = std::thread::hardware_concurrency();
  std::printf(
      "\nliaison HTTP latency (HTTPS on loopback, keep-alive; %d requests in the register; "
      "%u cores, node and load client on the same host)\n",
      requests, cores);
  std::printf("register \"mixed\": %s; \"drafts\": a node whose register holds drafts only\n",
              drafts_only ? "not measured (--drafts-only), the drafts figure repeated"
                          : "CN peered with US, a quarter each drafts, delivered, acknowledged "
                            "and incoming");
  std::printf("%-30s %16s %16s %10s %8s %10s\n", "measure", "requests mixed", "requests drafts",
              "/healthz", "ratio", "target");
  auto row = [](const std::string& label, double a, double d, double b, const char* target) {
    std::printf("%-30s %16.2f %16.2f %10.2f %8.2f %10s\n", label.c_str(), a, d, b,
                a / std::max(1e-3, b), target);
  };
  const std::string n = std::to_string(connections);
  row("response body (KB)", mixed.kb, drafts.kb, health.kb, "");
  row("one connection, p50 (ms)", mixed.p50, drafts.p50, health.p50, "<= 2");
  row("one connection, p99 (ms)", mixed.p99, drafts.p99, health.p99, "");
  row(n + " connections, req/s", mixed.rate, drafts.rate, health.rate, ">= 5000");
  row(n + " connections, p50 (ms)", mixed.load_p50, drafts.load_p50, health.load_p50, "");
  row(n + " connections, p99 (ms)", mixed.load_p99, drafts.load_p99, health.load_p99, "");
  if (wrk_mixed.ran && wrk_drafts.ran && wrk_health.ran) {
    row("wrk -t2 -c" + n + ", req/s", wrk_mixed.rate, wrk_drafts.rate, wrk_health.rate, ">= 5000");
    row("wrk -t2 -c" + n + ", p50 (ms)", wrk_mixed.p50, wrk_drafts.p50, wrk_health.p50, "");
    row("wrk -t2 -c" + n + ", p99 (ms)", wrk_mixed.p99, wrk_drafts.p99, wrk_health.p99, "");
  } else {
    std::printf("(no wrk rows: wrk is not installed or did not run)\n");
  }
  const int64_t errors = mixed.errors + drafts.errors + health.errors;
  std::printf(
      "(%d samples on one connection, %.0f s at %d connections; errors: %lld; ratio: mixed to "
      "/healthz; targets from issue 13, on the mixed register: %s, %s with this client, %s with "
      "wrk)\n",
      samples, seconds, connections, static_cast<long long>(errors),
      mixed.p50 <= 2.0 ? "p50 met" : "p50 MISSED",
      mixed.rate >= 5000 ? "req/s met" : "req/s MISSED",
      !wrk_mixed.ran           ? "not measured"
      : wrk_mixed.rate >= 5000 ? "req/s met"
                               : "req/s MISSED");
  // This client is one thread: at tens of KB a response its own TLS and parsing bound the
  // rate it can drive (it reaches ~35,000 req/s on /healthz); wrk runs two threads.
  return errors > 0 ? 1 : 0;
}
