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
  auto& res = parser.get();
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
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

}  // namespace liaison::testing
