#include "http/server.h"

#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "node/tls_cert.h"

namespace liaison::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr uint64_t kDrainLimit = 8u << 20;
using namespace asio::experimental::awaitable_operators;

Status parse_listen(const std::string& listen, std::string& host, unsigned short& port) {
  std::string port_text;
  if (!listen.empty() && listen[0] == '[') {
    auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return invalid_argument("listen address must be ADDR:PORT or [V6]:PORT", "listen")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kListen));
    }
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return invalid_argument("listen address must be ADDR:PORT", "listen")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kListen));
    }
    host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
  }
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    return invalid_argument("listen port must be 0..65535", "listen")
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{65535}}});
  }
  port = static_cast<unsigned short>(std::stoi(port_text));
  boost::system::error_code ec;
  if (host != "localhost") {
    asio::ip::make_address(host, ec);
    if (ec)
      return invalid_argument("listen host must be an IP address", "listen")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kListen));
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

// One header (request line and fields) may be this large; a longer request line is a 414.
constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kReadChunk = 16 * 1024;
// After a framing error the rest of what the client sends is read and dropped (up to this
// much, for this long) before the close, so the client reads the error instead of a reset.
constexpr uint64_t kLingerBytes = 1u << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);
// Memory is handed back to the system when the open connections fall to a quarter of a
// peak of at least this many since the last time.
constexpr int kTrimAfterPeak = 32;
constexpr rlim_t kSpareDescriptors = 256;

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
    for (auto& c : k)
      if (c == '+') c = ' ';
    for (auto& c : v)
      if (c == '+') c = ' ';
    if (!k.empty()) req.query[url_decode(k)] = url_decode(v);
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
}

// A JSON string literal for any bytes: escapes what JSON requires and turns every byte that
// is not part of well-formed UTF-8 into U+FFFD, so an error never carries raw client bytes.
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
    i += n;
  }
  out += '"';
}

std::string error_body(std::string_view code, std::string_view message,
                       std::string_view field = {}) {
  std::string out = "{\"error\":{\"code\":";
  append_json_string(out, code);
  out += ",\"message\":";
  append_json_string(out, message);
  out += ",\"field\":";
  append_json_string(out, field);
  out += "}}";
  return out;
}

// What the server answers itself (framing errors, limits, refusals) before closing.
struct Refusal {
  unsigned status = 400;
  std::string code = "invalid_argument";
  std::string message;
  std::string field = "header";
};

// The first line of a request must be METHOD SP TARGET SP HTTP/x.y CRLF. Checked by hand
// because Beast calls a missing version a "bad target" and a bare LF a "bad version".
std::string request_line_problem(std::string_view head) {
  auto eol = head.find('\n');
  if (eol == std::string_view::npos) return {};
  if (eol == 0 || head[eol - 1] != '\r') return "bare LF line ending: header lines end with CRLF";
  std::string_view line = head.substr(0, eol - 1);
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) {
    return "request line without an HTTP version (HTTP/0.9 is not supported)";
  }
  if (line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0) return "only HTTP/1.0 and HTTP/1.1 are served";
  return {};
}

bool has_field(std::string_view head, std::string_view lower_name) {
  std::string lower(head);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("\n" + std::string(lower_name) + ":") != std::string::npos;
}

// The 4xx for a header Beast refused, from its error and the bytes it saw (`head`: the
// header as far as it came). Nothing for errors that leave nobody to answer (end of stream,
// a timeout, a reset).
std::optional<Refusal> framing_refusal(const beast::error_code& ec, std::string_view head) {
  // Beast's parser errors share one category; Asio's timeouts and resets are not in it.
  if (ec.category() != bhttp::make_error_code(bhttp::error::need_more).category()) return {};
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return {};
  Refusal r;
  if (ec == bhttp::error::header_limit) {
    if (head.find('\n') == std::string_view::npos) {
      r.status = 414;
      r.message = "request target too long (the request line exceeds " +
                  std::to_string(kHeaderLimit) + " bytes)";
      r.field = "target";
    } else {
      r.status = 431;
      r.message = "request header exceeds " + std::to_string(kHeaderLimit) + " bytes";
    }
    return r;
  }
  auto end = head.find("\r\n\r\n");
  std::string_view header = head.substr(0, end);
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == '\n' && (i == 0 || header[i - 1] != '\r')) {
      r.message = "bare LF line ending: header lines end with CRLF";
      return r;
    }
  }
  if (header.find('\0') != std::string_view::npos) {
    r.message = "NUL byte in the request header";
  } else if (ec == bhttp::error::multiple_content_length) {
    r.message = "duplicate Content-Length";
  } else if ((ec == bhttp::error::bad_transfer_encoding ||
              ec == bhttp::error::bad_content_length) &&
             has_field(header, "content-length") && has_field(header, "transfer-encoding")) {
    r.message = "Content-Length together with Transfer-Encoding";
  } else if (auto line = request_line_problem(head); !line.empty()) {
    r.message = std::move(line);
  } else {
    r.message = "malformed request header: " + ec.message();
  }
  return r;
}

// Decoded path and query must be clean text; the error names the query parameter.
std::optional<Refusal> target_refusal(const Request& req) {
  Refusal r;
  r.field = "target";
  if (!clean_text(req.path)) {
    r.message = "the request path is not valid UTF-8 text (or has control characters)";
    return r;
  }
  for (const auto& [k, v] : req.query) {
    if (!clean_text(k)) {
      r.message = "a query parameter name is not valid UTF-8 text (or has control characters)";
      return r;
    }
    if (!clean_text(v)) {
      r.message = "query parameter " + k + " is not valid UTF-8 text (or has control characters)";
      r.field = k;
      return r;
    }
  }
  return {};
}

size_t resident_bytes() {
  std::ifstream f("/proc/self/statm");
  size_t pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

std::string_view buffer_text(const beast::flat_buffer& b) {
  auto d = b.data();
  return {static_cast<const char*>(d.data()), d.size()};
}

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  Handler handler;

  // Admitted connections, per remote address and in all. Declared before `ioc`: coroutine
  // frames destroyed with the io_context release their slots here.
  std::mutex conn_mu;
  std::map<asio::ip::address, int> per_address;
  int open = 0;
  int peak_since_trim = 0;
  std::atomic<uint64_t> refused{0};
  std::atomic<uint64_t> trims{0};

  asio::io_context ioc;
  ssl::context ssl_ctx{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::thread stopper;  // waits for requests in flight, then stops the pool
  // ServerOptions::offload's threads (after `ioc`: joined before the coroutines waiting on
  // them are destroyed with it), and how many requests wait for them or run on them.
  std::optional<asio::thread_pool> offload_pool;
  std::atomic<int> offload_waiting{0};

  // One admitted connection; releases its place when the session ends. Move-only.
  class Slot {
   public:
    Slot(Impl* impl, asio::ip::address addr) : impl_(impl), addr_(std::move(addr)) {}
    Slot(Slot&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)), addr_(o.addr_) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (impl_) impl_->release(addr_);
    }

   private:
    Impl* impl_;
    asio::ip::address addr_;
  };

  bool try_admit(const asio::ip::address& addr) {
    std::lock_guard lock(conn_mu);
    int& mine = per_address[addr];
    if (open >= opts.max_connections || mine >= opts.max_connections_per_address) {
      if (mine == 0) per_address.erase(addr);
      return false;
    }
    ++mine;
    ++open;
    peak_since_trim = std::max(peak_since_trim, open);
    return true;
  }

  void release(const asio::ip::address& addr) {
    int peak = 0, now = 0;
    {
      std::lock_guard lock(conn_mu);
      auto it = per_address.find(addr);
      if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
      now = --open;
      if (peak_since_trim < kTrimAfterPeak || now * 4 > peak_since_trim) return;
      peak = std::exchange(peak_since_trim, now);
    }
    // glibc keeps freed memory in its arenas (the node stayed at 311 MB after a burst that
    // had taken it from 28 MB); give it back once the burst is over.
    size_t before = resident_bytes();
    malloc_trim(0);
    ++trims;
    spdlog::info("connections down to {} from {}: resident memory {} -> {} MiB", now, peak,
                 before >> 20, resident_bytes() >> 20);
  }

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

  // Reads one request header into `parser`, like bhttp::async_read_header, but keeps the
  // bytes of the header in `head` so a refusal can say what was wrong with them.
  template <typename Stream, typename Parser>
  asio::awaitable<beast::error_code> read_header(Stream& stream, beast::flat_buffer& buffer,
                                                 Parser& parser, std::string& head) {
    head.clear();
    for (;;) {
      if (buffer.size() > 0) {
        std::string_view data = buffer_text(buffer);
        beast::error_code ec;
        size_t used = parser.put(asio::buffer(data.data(), data.size()), ec);
        if (ec && ec != bhttp::error::need_more) {
          head.append(data.substr(0, std::min(data.size(), kHeaderLimit + kReadChunk)));
          co_return ec;
        }
        head.append(data.substr(0, used));
        buffer.consume(used);
        if (parser.is_header_done()) co_return beast::error_code{};
      }
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
      if (ec == asio::error::eof) {
        co_return parser.got_some() || buffer.size() > 0 ? bhttp::error::partial_message
                                                         : bhttp::error::end_of_stream;
      }
      if (ec) co_return ec;
      buffer.commit(n);
    }
  }

  bhttp::response<bhttp::string_body> error_message(const Refusal& r, bool tls) {
    bhttp::response<bhttp::string_body> res;
    res.version(11);
    res.result(r.status);
    set_common_headers(res, tls);
    res.set(bhttp::field::content_type, "application/json");
    res.body() = error_body(r.code, r.message, r.field);
    res.keep_alive(false);
    res.prepare_payload();
    return res;
  }

  static void set_common_headers(bhttp::response<bhttp::string_body>& res, bool tls) {
    res.set(bhttp::field::server, "liaison");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "no-referrer");
    if (tls) res.set("Strict-Transport-Security", "max-age=31536000");
  }

  // Answers a request whose framing cannot be trusted, then reads and drops what the client
  // still sends (bounded), so it reads the answer rather than a reset.
  template <typename Stream>
  asio::awaitable<void> refuse_and_close(Stream& stream, const Refusal& r, bool tls) {
    auto& sock = beast::get_lowest_layer(stream);
    auto res = error_message(r, tls);
    sock.expires_after(opts.transfer_timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, res, kTuple);
    if (wec) co_return;
    beast::error_code ec;
    if (!tls) sock.socket().shutdown(tcp::socket::shutdown_send, ec);
    sock.expires_after(kLingerTime);
    std::vector<char> sink(kReadChunk);
    for (uint64_t dropped = 0; dropped < kLingerBytes;) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (rec) break;
      dropped += n;
    }
  }

  Response call_handler(const Request& req) {
    try {
      return handler(req);
    } catch (const std::exception& e) {
      spdlog::error("handler threw: {}", e.what());
      Response out;
      out.status = 500;
      out.body = error_body("internal", "internal error");
      return out;
    }
  }

  Response offload_refusal() {
    if (opts.offload_busy) return opts.offload_busy();
    Response out;
    out.status = 503;
    out.body = error_body("unavailable", "too many requests waiting; retry in a moment");
    out.set_header("Retry-After", "1");
    return out;
  }

  // The handler on the offload pool (ServerOptions::offload), in turn; this coroutine and its
  // I/O thread go on with other connections meanwhile.
  asio::awaitable<Response> handle_offloaded(const Request& req) {
    const int limit = opts.offload_threads + opts.offload_queue;
    if (offload_waiting.fetch_add(1) >= limit) {
      --offload_waiting;
      co_return offload_refusal();
    }
    struct Leave {
      std::atomic<int>& n;
      ~Leave() { --n; }
    } leave{offload_waiting};
    const auto queued_at = std::chrono::steady_clock::now();
    auto job = [this, &req, queued_at]() -> asio::awaitable<Response> {
      if (std::chrono::steady_clock::now() - queued_at > opts.offload_wait) {
        co_return offload_refusal();
      }
      co_return call_handler(req);
    };
    Response out = co_await asio::co_spawn(*offload_pool, std::move(job), asio::use_awaitable);
    co_return out;
  }

  // The request as the handler sees it: method, target split into path and query, header
  // names in lower case, where it came from.
  static Request request_of(const bhttp::request<bhttp::string_body>& msg,
                            const std::string& remote, bool tls, const std::string& peer_fp) {
    std::string target(msg.target());
    Request req;
    req.method = std::string(msg.method_string());
    req.target = target;
    split_target(target, req);
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(f.value());
    }
    req.remote = remote;
    req.tls = tls;
    req.peer_fingerprint = peer_fp;
    return req;
  }

  // A refusal at the header stage (the target, then ServerOptions::admit), before any body.
  std::optional<Refusal> header_refusal(const Request& req) {
    if (auto r = target_refusal(req)) return r;
    if (!opts.admit) return std::nullopt;
    Status refusal = opts.admit(req);
    if (refusal.is_ok()) return std::nullopt;
    return Refusal{static_cast<unsigned>(http_status(refusal.code())),
                   status_code_name(refusal.code()), refusal.message(), refusal.field()};
  }

  // The body limit of a request: the large one for POSTs to the large-body paths.
  size_t body_limit_for(const Request& req) const {
    for (const auto& sfx : opts.large_body_suffixes) {
      if (req.method == "POST" && req.path.size() >= sfx.size() &&
          req.path.compare(req.path.size() - sfx.size(), sfx.size(), sfx) == 0) {
        return opts.max_large_body_bytes;
      }
    }
    return opts.max_body_bytes;
  }

  // The handler's answer as Beast writes it (a HEAD gets the headers only).
  static bhttp::response<bhttp::string_body> response_of(Response out, bool tls, bool keep_alive,
                                                         bool head_only) {
    bhttp::response<bhttp::string_body> res;
    res.version(11);
    res.result(static_cast<unsigned>(out.status));
    set_common_headers(res, tls);
    res.set(bhttp::field::content_type, out.content_type.find_first_of("\r\n") == std::string::npos
                                            ? out.content_type
                                            : std::string("application/octet-stream"));
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
    if (head_only) res.body().clear();  // keeps Content-Length, sends no body
    return res;
  }

  using TcpCork = asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_CORK>;
  // Responses above this many bytes (more than one TLS record) are written corked.
  static constexpr size_t kCorkAbove = 16 * 1024;

  // A response as it goes on the wire, its header and body in one buffer, written at once:
  // Beast's serializer would write the header on its own when header and body pass 64 KiB
  // (a TLS record and a segment of its own), and cost a composed operation per piece.
  static std::string wire_of(const bhttp::response<bhttp::string_body>& res) {
    std::string out;
    out.reserve(res.body().size() + 512);
    out += "HTTP/1.1 ";
    out += std::to_string(res.result_int());
    out += ' ';
    out += res.reason();
    out += "\r\n";
    for (const auto& f : res) {
      out += f.name_string();
      out += ": ";
      out += f.value();
      out += "\r\n";
    }
    out += "\r\n";
    out += res.body();
    return out;
  }

  template <typename Stream>
  asio::awaitable<void> serve_stream(Stream& stream, std::string remote, bool tls,
                                     std::string peer_fp = {}) {
    beast::flat_buffer buffer;
    std::string head;
    auto& sock = beast::get_lowest_layer(stream);
    for (bool first = true;; first = false) {
      // A keep-alive connection may idle between requests; once a request starts, its whole
      // header must arrive within header_timeout.
      if (!first && buffer.size() == 0) {
        sock.expires_after(opts.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
        if (ec) co_return;
        buffer.commit(n);
      }
      bhttp::request_parser<bhttp::string_body> parser;
      // Beast checks Content-Length against body_limit when the header completes, so the
      // header is read with the largest limit plus the drain allowance.
      parser.body_limit(opts.max_large_body_bytes + kDrainLimit);
      parser.header_limit(kHeaderLimit);
      sock.expires_after(opts.header_timeout);
      auto ec = co_await read_header(stream, buffer, parser, head);
      bool way_too_large = ec == bhttp::error::body_limit;
      if (ec && !way_too_large) {
        if (auto r = framing_refusal(ec, head)) co_await refuse_and_close(stream, *r, tls);
        co_return;
      }
      // Beast merges two equal Content-Length fields; a proxy in front may not, so a request
      // with two is refused as smuggling-prone rather than guessed at.
      if (parser.get().count(bhttp::field::content_length) > 1) {
        // A named value: GCC 12 frees a temporary in a co_await expression twice.
        const Refusal duplicate{400, "invalid_argument", "duplicate Content-Length", "header"};
        co_await refuse_and_close(stream, duplicate, tls);
        co_return;
      }
      // From here to the end of the response write this request counts as in flight, so a
      // graceful stop never cuts a response whose write has committed.
      ++in_flight;
      struct InFlight {
        std::atomic<int>& n;
        ~InFlight() { --n; }
      } in_flight_guard{in_flight};
      sock.expires_after(opts.transfer_timeout);
      Request req = request_of(parser.get(), remote, tls, peer_fp);
      // Refusals at the header stage. The body (if small) is dropped first so the client,
      // still sending, gets the answer rather than a reset; anything bigger is cut off.
      std::optional<Refusal> early;
      if (!way_too_large) early = header_refusal(req);
      if (early) {
        if (!co_await drain(stream, buffer, parser, 0)) co_return;
        auto deny = error_message(*early, tls);
        co_await bhttp::async_write(stream, deny, kTuple);
        co_return;
      }
      const size_t limit = body_limit_for(req);
      auto len = parser.content_length();
      Response out;
      bool read_ok = true;
      if (way_too_large) {
        out.status = 413;
        out.body = error_body("too_large",
                              "request body exceeds " + std::to_string(limit) + " bytes", "body");
        read_ok = false;
      } else if (len && *len > limit) {
        out.status = 413;
        out.body = error_body("too_large",
                              "request body exceeds " + std::to_string(limit) + " bytes", "body");
        read_ok = false;
        // Read and drop a moderately oversized body so the client, still sending, gets the
        // 413 instead of a reset connection; beyond that, answer and close at once.
        if (!co_await drain(stream, buffer, parser, limit)) co_return;
      } else {
        parser.body_limit(limit);
        auto [ec2, n2] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
        if (ec2 == bhttp::error::body_limit) {
          out.status = 413;
          out.body = error_body("too_large", "request body exceeds the limit", "body");
          read_ok = false;
        } else if (ec2) {
          co_return;
        }
      }
      auto& msg = parser.get();
      bool keep_alive = read_ok && !way_too_large && msg.keep_alive() && !stopping;
      if (read_ok) {
        req.body = std::move(msg.body());
        if (offload_pool && opts.offload(req)) {
          out = co_await handle_offloaded(req);
        } else {
          out = call_handler(req);
        }
      }
      const std::string wire =
          wire_of(response_of(std::move(out), tls, keep_alive, req.method == "HEAD"));
      const bool written = co_await write_response(stream, wire);
      if (!written || !keep_alive) co_return;
    }
  }

  // A response of several TLS records goes out corked: the records are written one by one
  // (one system call each), and with TCP_NODELAY each would leave as a segment of its own and
  // wake the client; corked they leave together when the last is written. False on an error.
  template <typename Stream>
  asio::awaitable<bool> write_response(Stream& stream, const std::string& wire) {
    auto& sock = beast::get_lowest_layer(stream);
    sock.expires_after(opts.transfer_timeout);
    const bool cork = wire.size() > kCorkAbove;
    beast::error_code cork_ec;
    if (cork) sock.socket().set_option(TcpCork(true), cork_ec);
    auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(wire), kTuple);
    if (cork && !wec) sock.socket().set_option(TcpCork(false), cork_ec);
    co_return !wec;
  }

  asio::awaitable<void> session_tls(tcp::socket sock, std::string remote,
                                    [[maybe_unused]] Slot slot) {
    auto deadline = std::chrono::steady_clock::now() + opts.handshake_timeout;
    // No TLS state until the client sends its first byte: a flood of connections that never
    // start TLS then costs a socket each, not the ~50 KiB of an SSL stream.
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_at(deadline);
    for (;;) {
      auto ready =
          co_await (sock.async_wait(tcp::socket::wait_read, kTuple) || timer.async_wait(kTuple));
      if (ready.index() != 0 || std::get<0>(std::get<0>(ready))) co_return;
      // A readiness wait may wake with nothing to read (seen under load with two threads):
      // peek to tell data from a close and from a spurious wake-up.
      boost::system::error_code ec, mode_ec;
      char byte = 0;
      sock.non_blocking(true, mode_ec);
      size_t n = sock.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
      sock.non_blocking(false, mode_ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) continue;
      if (ec || n == 0) co_return;  // closed or reset before a byte
      break;
    }
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), ssl_ctx);
    beast::get_lowest_layer(stream).expires_at(deadline);
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

  asio::awaitable<void> session_plain(tcp::socket sock, std::string remote,
                                      [[maybe_unused]] Slot slot) {
    beast::tcp_stream stream(std::move(sock));
    co_await serve_stream(stream, remote, false);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, sock] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (!acceptor.is_open()) co_return;
        // Out of descriptors (EMFILE) and the like: retrying at once would spin.
        asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
        co_await pause.async_wait(kTuple);
        continue;
      }
      boost::system::error_code ep_ec;
      auto ep = sock.remote_endpoint(ep_ec);
      if (ep_ec) continue;  // already gone
      if (!try_admit(ep.address())) {
        // Refused at once with a reset: no TLS, no buffers, no TIME_WAIT left behind here.
        ++refused;
        sock.set_option(asio::socket_base::linger(true, 0), ep_ec);
        sock.close(ep_ec);
        continue;
      }
      Slot slot(this, ep.address());
      // Responses are written as a header and then the body (and TLS cuts a body into 16 KiB
      // records, each its own send): with Nagle's algorithm the second send waits for the
      // client's delayed ACK of the first, 40 ms on Linux.
      sock.set_option(tcp::no_delay(true), ep_ec);
      std::string remote = ep.address().to_string() + ":" + std::to_string(ep.port());
      auto ex = asio::make_strand(ioc);
      if (opts.tls) {
        asio::co_spawn(ex, session_tls(std::move(sock), std::move(remote), std::move(slot)),
                       asio::detached);
      } else {
        asio::co_spawn(ex, session_plain(std::move(sock), std::move(remote), std::move(slot)),
                       asio::detached);
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
  // glibc gives freed memory back to the system on its own whenever the top of a heap is
  // free beyond a threshold, and serves large blocks by mmap: every page of the register
  // (tens of KB, built and freed per request) then paid a madvise or brk, a TLB flush and
  // page faults on the next one (a fifth of the CPU at 64 connections). Memory goes back
  // to the system once a burst is over, by `release` above, instead.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  std::string host;
  unsigned short port = 0;
  LIAISON_RETURN_IF_ERROR(parse_listen(im.opts.listen, host, port));
  if (host == "localhost") host = "127.0.0.1";
  if (!im.opts.tls && !is_loopback_host(host)) {
    return invalid_argument("plain HTTP is only allowed on a loopback address", "listen")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kListen));
  }
  boost::system::error_code ec;
  if (im.opts.tls) {
    im.ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1);
    im.ssl_ctx.use_certificate_chain_file(im.opts.cert_file, ec);
    if (ec)
      return invalid_argument("cannot load certificate " + im.opts.cert_file, "tls")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPem));
    im.ssl_ctx.use_private_key_file(im.opts.key_file, ssl::context::pem, ec);
    if (ec)
      return invalid_argument("cannot load TLS key " + im.opts.key_file, "tls")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kPem));
    // Ask for a client certificate without requiring one (browsers have none); any
    // certificate is accepted at this layer because peers are pinned by fingerprint in
    // `admit`, not by a certificate authority.
    im.ssl_ctx.set_verify_mode(ssl::verify_peer);
    im.ssl_ctx.set_verify_callback([](bool, ssl::verify_context&) { return true; });
    static const unsigned char kSessionId[] = "liaison";
    SSL_CTX_set_session_id_context(im.ssl_ctx.native_handle(), kSessionId, sizeof kSessionId - 1);
  }
  // Every connection is a descriptor, and the store, logs and clients want some more: a soft
  // limit of 1024 (a common default) would fail accepts well below max_connections.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    rlim_t want = static_cast<rlim_t>(im.opts.max_connections) + kSpareDescriptors;
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < want) {
      files.rlim_cur = files.rlim_max == RLIM_INFINITY ? want : std::min(want, files.rlim_max);
      if (setrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur < want) {
        spdlog::warn("open files limited to {}: fewer than {} connections may be accepted",
                     files.rlim_cur, im.opts.max_connections);
      }
    }
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
  if (im.opts.offload && !im.offload_pool) {
    im.offload_pool.emplace(static_cast<size_t>(std::max(1, im.opts.offload_threads)));
  }
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

Server::Counts Server::counts() const {
  std::lock_guard lock(impl_->conn_mu);
  return Counts{impl_->open, impl_->refused.load(), impl_->trims.load(),
                impl_->offload_waiting.load()};
}

}  // namespace liaison::http
