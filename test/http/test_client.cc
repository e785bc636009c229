#include "http/test_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace liaison::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

void copy_response(bhttp::response_parser<bhttp::string_body>& parser, HttpResult& out) {
  auto& res = parser.get();
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
}

template <typename Stream>
HttpResult exchange(Stream& stream, const std::string& host, const std::string& method,
                    const std::string& target, const std::string& body,
                    const std::map<std::string, std::string>& headers) {
  HttpResult out;
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, host);
  if (!body.empty() && !headers.count("Content-Type")) {
    req.set(bhttp::field::content_type, "application/json");
  }
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  bhttp::write(stream, req, ec);
  if (ec) {
    out.error = ec.message();
    return out;
  }
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256u << 20);
  bhttp::read(stream, buf, parser, ec);
  if (ec) {
    out.error = ec.message();
    return out;
  }
  copy_response(parser, out);
  return out;
}

}  // namespace

HttpResult http_call(const std::string& base, const std::string& method, const std::string& target,
                     const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpResult out;
  bool tls = base.rfind("https://", 0) == 0;
  std::string hostport = base.substr(tls ? 8 : 7);
  auto colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon);
  std::string port = hostport.substr(colon + 1);
  if (!host.empty() && host[0] == '[') host = host.substr(1, host.size() - 2);
  try {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    auto eps = resolver.resolve(host, port);
    if (tls) {
      asio::ssl::context ctx(asio::ssl::context::tls_client);
      ctx.set_verify_mode(asio::ssl::verify_none);
      beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
      beast::get_lowest_layer(stream).connect(eps);
      stream.handshake(asio::ssl::stream_base::client);
      out = exchange(stream, hostport, method, target, body, headers);
      beast::error_code ec;
      stream.shutdown(ec);
    } else {
      beast::tcp_stream stream(ioc);
      stream.expires_after(std::chrono::seconds(30));
      stream.connect(eps);
      out = exchange(stream, hostport, method, target, body, headers);
    }
  } catch (const std::exception& e) {
    out.status = 0;
    out.error = e.what();
  }
  return out;
}

struct RawConnection::Impl {
  asio::io_context ioc;
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  std::unique_ptr<beast::tcp_stream> plain;
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  // Runs one asynchronous operation to its end (or its deadline).
  void run() {
    ioc.restart();
    ioc.run();
  }
  template <typename F>
  void on_stream(F f) {
    if (tls) {
      f(*tls);
    } else {
      f(*plain);
    }
  }
};

RawConnection::RawConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RawConnection::~RawConnection() = default;

std::unique_ptr<RawConnection> RawConnection::open(const std::string& base,
                                                   const std::string& source) {
  bool tls = base.rfind("https://", 0) == 0;
  std::string hostport = base.substr(tls ? 8 : 7);
  auto colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon);
  if (!host.empty() && host[0] == '[') host = host.substr(1, host.size() - 2);
  auto impl = std::make_unique<Impl>();
  beast::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(host, ec),
                   static_cast<unsigned short>(std::stoi(hostport.substr(colon + 1))));
  if (ec) return nullptr;
  tcp::socket sock(impl->ioc);
  sock.open(ep.protocol(), ec);
  if (!ec && !source.empty()) sock.bind(tcp::endpoint(asio::ip::make_address(source), 0), ec);
  if (!ec) sock.connect(ep, ec);
  if (ec) return nullptr;
  if (!tls) {
    impl->plain = std::make_unique<beast::tcp_stream>(std::move(sock));
    return std::unique_ptr<RawConnection>(new RawConnection(std::move(impl)));
  }
  impl->ctx.set_verify_mode(asio::ssl::verify_none);
  impl->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(
      beast::tcp_stream(std::move(sock)), impl->ctx);
  impl->lowest().expires_after(std::chrono::seconds(10));
  impl->tls->async_handshake(asio::ssl::stream_base::client,
                             [&](const beast::error_code& e) { ec = e; });
  impl->run();
  if (ec) return nullptr;
  return std::unique_ptr<RawConnection>(new RawConnection(std::move(impl)));
}

bool RawConnection::send(std::string_view bytes) {
  beast::error_code ec;
  impl_->lowest().expires_after(std::chrono::seconds(10));
  impl_->on_stream([&](auto& s) {
    asio::async_write(s, asio::buffer(bytes.data(), bytes.size()),
                      [&](const beast::error_code& e, size_t) { ec = e; });
  });
  impl_->run();
  return !ec;
}

HttpResult RawConnection::read_response(std::chrono::milliseconds timeout) {
  HttpResult out;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256u << 20);
  beast::error_code ec;
  impl_->lowest().expires_after(timeout);
  impl_->on_stream([&](auto& s) {
    bhttp::async_read(s, impl_->buffer, parser,
                      [&](const beast::error_code& e, size_t) { ec = e; });
  });
  impl_->run();
  if (ec) {
    out.error = ec.message();
    return out;
  }
  copy_response(parser, out);
  return out;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  if (impl_->buffer.size() > 0) return false;
  beast::error_code ec;
  size_t n = 0;
  char byte = 0;
  impl_->lowest().expires_after(timeout);
  impl_->on_stream([&](auto& s) {
    s.async_read_some(asio::buffer(&byte, 1), [&](const beast::error_code& e, size_t got) {
      ec = e;
      n = got;
    });
  });
  impl_->run();
  return n == 0 && ec && ec != beast::error::timeout;
}

HttpResult raw_call(const std::string& base, std::string_view bytes) {
  auto conn = RawConnection::open(base);
  if (!conn) return HttpResult{0, "", {}, "cannot connect"};
  // A server that refuses early may close before all is written; its answer is still there.
  conn->send(bytes);
  return conn->read_response();
}

}  // namespace liaison::testing
