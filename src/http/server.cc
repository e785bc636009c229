#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include "node/tls_cert.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace liaison::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr uint64_t kDrainLimit = 8u << 20;

Status parse_listen(const std::string& listen, std::string& host, unsigned short& port) {
  std::string port_text;
  if (!listen.empty() && listen[0] == '[') {
    auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return invalid_argument("listen address must be ADDR:PORT or [V6]:PORT", "listen");
    }
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return invalid_argument("listen address must be ADDR:PORT", "listen");
    }
    host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
  }
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    return invalid_argument("listen port must be 0..65535", "listen");
  }
  port = static_cast<unsigned short>(std::stoi(port_text));
  boost::system::error_code ec;
  if (host != "localhost") {
    asio::ip::make_address(host, ec);
    if (ec) return invalid_argument("listen host must be an IP address", "listen");
  }
  return Status::ok();
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto a = asio::ip::make_address(host, ec);
  return !ec && a.is_loopback();
}

namespace {

std::string url_decode(std::string_view s) {
  boost::urls::pct_string_view pv;
  auto r = boost::urls::make_pct_string_view(s);
  if (!r) return std::string(s);
  std::string out;
  out.resize(r->decoded_size());
  r->decode({}, boost::urls::string_token::assign_to(out));
  return out;
}

void split_target(const std::string& target, Request& req) {
  auto q = target.find('?');
  req.path = url_decode(target.substr(0, q));
  if (q == std::string::npos) return;
  std::string_view qs(target);
  qs.remove_prefix(q + 1);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    auto eq = part.find('=');
    std::string k(part.substr(0, eq));
    std::string v = eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1));
    for (auto& c : k) if (c == '+') c = ' ';
    for (auto& c : v) if (c == '+') c = ' ';
    if (!k.empty()) req.query[url_decode(k)] = url_decode(v);
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
}

std::string error_body(const char* code, const std::string& msg) {
  return std::string("{\"error\":{\"code\":\"") + code + "\",\"message\":\"" + msg +
         "\",\"field\":\"\"}}";
}

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  Handler handler;
  asio::io_context ioc;
  ssl::context ssl_ctx{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::thread stopper;  // waits for requests in flight, then stops the pool

  // Reads and drops the body of a refused request when it is at most `allowed` +
  // kDrainLimit bytes, so a client that is still sending gets the error response instead of a
  // reset. Returns false when the connection is unusable.
  template <typename Stream, typename Parser>
  asio::awaitable<bool> drain(Stream& stream, beast::flat_buffer& buffer, Parser& parser,
                              uint64_t allowed) {
    auto len = parser.content_length();
    if (!len || *len > allowed + kDrainLimit) co_return true;  // answer and close at once
    parser.body_limit(*len);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
    if (ec) co_return false;
    parser.get().body().clear();
    co_return true;
  }

  template <typename Stream>
  asio::awaitable<void> serve_stream(Stream& stream, std::string remote, bool tls,
                                     std::string peer_fp = {}) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      // Beast checks Content-Length against body_limit when the header completes, so the
      // header is read with the largest limit plus the drain allowance.
      parser.body_limit(opts.max_large_body_bytes + kDrainLimit);
      parser.header_limit(16 * 1024);
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
      bhttp::response<bhttp::string_body> res;
      Response out;
      bool read_ok = true;
      bool way_too_large = ec == bhttp::error::body_limit;
      if (ec && !way_too_large) co_return;
      // From here to the end of the response write this request counts as in flight, so a
      // graceful stop never cuts a response whose write has committed.
      ++in_flight;
      struct InFlight {
        std::atomic<int>& n;
        ~InFlight() { --n; }
      } in_flight_guard{in_flight};
      std::string target(parser.get().target());
      Request req;
      req.method = std::string(parser.get().method_string());
      req.target = target;
      split_target(target, req);
      for (const auto& f : parser.get()) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers[name] = std::string(f.value());
      }
      req.remote = remote;
      req.tls = tls;
      req.peer_fingerprint = peer_fp;
      if (opts.admit && !way_too_large) {
        std::string refusal = opts.admit(req);
        if (!refusal.empty()) {
          // Drop (never parse) a small body first so the client, still sending, gets the
          // 403 rather than a reset; anything bigger is cut off at once.
          if (!co_await drain(stream, buffer, parser, 0)) co_return;
          bhttp::response<bhttp::string_body> deny;
          deny.version(11);
          deny.result(bhttp::status::forbidden);
          deny.set(bhttp::field::content_type, "application/json");
          deny.body() = error_body("permission_denied", refusal);
          deny.keep_alive(false);
          deny.prepare_payload();
          co_await bhttp::async_write(stream, deny, kTuple);
          co_return;
        }
      }
      bool large = false;
      for (const auto& sfx : opts.large_body_suffixes) {
        large = large || (req.method == "POST" && req.path.size() >= sfx.size() &&
                          req.path.compare(req.path.size() - sfx.size(), sfx.size(), sfx) == 0);
      }
      size_t limit = large ? opts.max_large_body_bytes : opts.max_body_bytes;
      auto len = parser.content_length();
      if (way_too_large) {
        out.status = 413;
        out.body = error_body("too_large", "request body exceeds " + std::to_string(limit) +
                                               " bytes");
        read_ok = false;
      } else if (len && *len > limit) {
        out.status = 413;
        out.body = error_body("too_large", "request body exceeds " + std::to_string(limit) +
                                               " bytes");
        read_ok = false;
        // Read and drop a moderately oversized body so the client, still sending, gets the
        // 413 instead of a reset connection; beyond that, answer and close at once.
        if (!co_await drain(stream, buffer, parser, limit)) co_return;
      } else {
        parser.body_limit(limit);
        auto [ec2, n2] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
        if (ec2 == bhttp::error::body_limit) {
          out.status = 413;
          out.body = error_body("too_large", "request body exceeds the limit");
          read_ok = false;
        } else if (ec2) {
          co_return;
        }
      }
      auto& msg = parser.get();
      bool keep_alive = read_ok && !way_too_large && msg.keep_alive() && !stopping;
      if (read_ok) {
        req.body = std::move(msg.body());
        try {
          out = handler(req);
        } catch (const std::exception& e) {
          spdlog::error("handler threw: {}", e.what());
          out = Response{};
          out.status = 500;
          out.body = error_body("internal", "internal error");
        }
      }
      res.version(11);
      res.result(static_cast<unsigned>(out.status));
      res.set(bhttp::field::server, "liaison");
      res.set(bhttp::field::content_type,
              out.content_type.find_first_of("\r\n") == std::string::npos
                  ? out.content_type
                  : std::string("application/octet-stream"));
      res.set("X-Content-Type-Options", "nosniff");
      res.set("X-Frame-Options", "DENY");
      res.set("Referrer-Policy", "no-referrer");
      if (tls) res.set("Strict-Transport-Security", "max-age=31536000");
      for (const auto& [k, v] : out.headers) {
        // Never let a stored value split the response.
        if (k.find_first_of("\r\n") != std::string::npos ||
            v.find_first_of("\r\n") != std::string::npos) {
          continue;
        }
        res.insert(k, v);
      }
      if (!out.file_path.empty()) {
        std::ifstream f(out.file_path, std::ios::binary);
        if (!f) {
          res.result(bhttp::status::not_found);
          res.set(bhttp::field::content_type, "application/json");
          res.body() = error_body("not_found", "file vanished");
        } else {
          std::ostringstream ss;
          ss << f.rdbuf();
          res.body() = ss.str();
        }
      } else {
        res.body() = std::move(out.body);
      }
      res.keep_alive(keep_alive);
      res.prepare_payload();
      if (req.method == "HEAD") res.body().clear();  // keeps Content-Length, sends no body
      auto [wec, wn] = co_await bhttp::async_write(stream, res, kTuple);
      if (wec || !keep_alive) co_return;
    }
  }

  asio::awaitable<void> session_tls(tcp::socket sock) {
    std::string remote;
    boost::system::error_code ec;
    auto ep = sock.remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), ssl_ctx);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
    if (hec) co_return;
    std::string fp;
    if (X509* cert = SSL_get1_peer_certificate(stream.native_handle())) {
      fp = node::certificate_fingerprint(cert);
      X509_free(cert);
    }
    co_await serve_stream(stream, remote, true, fp);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(kTuple);
  }

  asio::awaitable<void> session_plain(tcp::socket sock) {
    std::string remote;
    boost::system::error_code ec;
    auto ep = sock.remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    beast::tcp_stream stream(std::move(sock));
    co_await serve_stream(stream, remote, false);
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, sock] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (!acceptor.is_open()) co_return;
        continue;
      }
      auto ex = asio::make_strand(ioc);
      if (opts.tls) {
        asio::co_spawn(ex, session_tls(std::move(sock)), asio::detached);
      } else {
        asio::co_spawn(ex, session_plain(std::move(sock)), asio::detached);
      }
    }
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    asio::post(ioc, [this] {
      boost::system::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
    });
    // Wait for requests in flight (each write commits before its response), then stop.
    stopper = std::thread([this] {
      for (int i = 0; i < 200 && in_flight.load() > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      ioc.stop();
    });
  }
};

Server::Server(ServerOptions opts, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(opts);
  impl_->handler = std::move(handler);
}

Server::~Server() {
  impl_->ioc.stop();
  if (impl_->stopper.joinable()) impl_->stopper.join();
}

Result<std::string> Server::start() {
  auto& im = *impl_;
  std::string host;
  unsigned short port = 0;
  LIAISON_RETURN_IF_ERROR(parse_listen(im.opts.listen, host, port));
  if (host == "localhost") host = "127.0.0.1";
  if (!im.opts.tls && !is_loopback_host(host)) {
    return invalid_argument("plain HTTP is only allowed on a loopback address", "listen");
  }
  boost::system::error_code ec;
  if (im.opts.tls) {
    im.ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1);
    im.ssl_ctx.use_certificate_chain_file(im.opts.cert_file, ec);
    if (ec) return invalid_argument("cannot load certificate " + im.opts.cert_file, "tls");
    im.ssl_ctx.use_private_key_file(im.opts.key_file, ssl::context::pem, ec);
    if (ec) return invalid_argument("cannot load TLS key " + im.opts.key_file, "tls");
    // Ask for a client certificate without requiring one (browsers have none); any
    // certificate is accepted at this layer because peers are pinned by fingerprint in
    // `admit`, not by a certificate authority.
    im.ssl_ctx.set_verify_mode(ssl::verify_peer);
    im.ssl_ctx.set_verify_callback([](bool, ssl::verify_context&) { return true; });
    static const unsigned char kSessionId[] = "liaison";
    SSL_CTX_set_session_id_context(im.ssl_ctx.native_handle(), kSessionId, sizeof kSessionId - 1);
  }
  tcp::endpoint ep(asio::ip::make_address(host), port);
  im.acceptor.open(ep.protocol(), ec);
  if (!ec) im.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(ep, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return unavailable("cannot listen on " + im.opts.listen + ": " + ec.message());
  auto bound = im.acceptor.local_endpoint();
  std::string addr = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  asio::co_spawn(im.ioc, im.accept_loop(), asio::detached);
  if (im.opts.handle_signals) {
    im.signals.add(SIGINT);
    im.signals.add(SIGTERM);
    im.signals.async_wait([this](const boost::system::error_code& e, int sig) {
      if (e) return;
      spdlog::info("signal {}: shutting down gracefully", sig);
      impl_->begin_stop();
    });
  }
  return addr + ":" + std::to_string(bound.port());
}

void Server::run() {
  auto& im = *impl_;
  std::vector<std::thread> threads;
  for (int i = 1; i < im.opts.threads; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() { impl_->begin_stop(); }

}  // namespace liaison::http
