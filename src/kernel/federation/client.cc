#include "federation/client.h"

#include <openssl/x509.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include "common/crypto.h"
#include "federation/peers.h"
#include "node/tls_cert.h"

namespace liaison::federation {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

Result<PeerResponse> peer_call(const ClientIdentity& id, const std::string& url,
                               const std::string& fingerprint, const std::string& method,
                               const std::string& target, const std::string& body,
                               std::chrono::milliseconds timeout) {
  std::string host, port;
  LIAISON_RETURN_IF_ERROR(parse_peer_url(url, host, port));
  auto start = std::chrono::steady_clock::now();
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(id.cert_file, ec);
  if (!ec) ctx.use_private_key_file(id.key_file, asio::ssl::context::pem, ec);
  if (ec) return internal_error("cannot load this node's TLS identity: " + ec.message());
  bool pinned_ok = false;
  std::string seen;
  ctx.set_verify_mode(asio::ssl::verify_peer);
  ctx.set_verify_callback([&](bool, asio::ssl::verify_context& vc) {
    // Trust comes from the pinned fingerprint alone (self-signed certificates, no CA): the
    // leaf must match; intermediate positions are irrelevant for a one-certificate chain.
    X509* cert = X509_STORE_CTX_get_current_cert(vc.native_handle());
    int depth = X509_STORE_CTX_get_error_depth(vc.native_handle());
    if (depth != 0) return true;
    seen = node::certificate_fingerprint(cert);
    pinned_ok = !seen.empty() && secure_equal(seen, fingerprint);
    return pinned_ok;
  });
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  tcp::resolver resolver(ioc);
  auto eps = resolver.resolve(host, port, ec);
  if (ec) return unavailable("cannot resolve " + host + ": " + ec.message());
  beast::get_lowest_layer(stream).expires_after(timeout);
  beast::get_lowest_layer(stream).connect(eps, ec);
  if (ec) return unavailable("cannot connect to " + url + ": " + ec.message());
  // The request goes out as a header and then a body (one TLS record each, or several for a
  // large push): with Nagle's algorithm the body would wait for the server's delayed ACK of
  // the header, 40 ms on Linux, on every push.
  boost::system::error_code nodelay_ec;  // best effort: only latency depends on it
  beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true), nodelay_ec);
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    if (!pinned_ok && !seen.empty()) {
      return unavailable("peer certificate fingerprint " + seen + " does not match the pinned " +
                         fingerprint);
    }
    return unavailable("TLS handshake with " + url + " failed: " + ec.message());
  }
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, host + ":" + port);
  req.set(bhttp::field::user_agent, "liaison-federation");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req, ec);
  if (ec) return unavailable("sending to " + url + " failed: " + ec.message());
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  bhttp::read(stream, buf, parser, ec);
  if (ec) return unavailable("reading from " + url + " failed: " + ec.message());
  PeerResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  out.body = std::move(parser.get().body());
  out.rtt_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count();
  stream.shutdown(ec);  // best effort
  return out;
}

std::string error_text(const PeerResponse& r) {
  std::string msg = "HTTP " + std::to_string(r.status);
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (!ec && v.is_object()) {
    if (auto* e = v.get_object().if_contains("error"); e && e->is_object()) {
      if (auto* m = e->get_object().if_contains("message"); m && m->is_string()) {
        msg += ": " + std::string(m->get_string());
      }
    }
  }
  return msg;
}

}  // namespace liaison::federation
