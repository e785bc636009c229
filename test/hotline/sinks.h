// Loopback servers that receive notifications in tests: SmtpSink speaks real SMTP, WebhookSink
// minimal HTTP/1.1. Each listens on 127.0.0.1 on an ephemeral port and serves every connection
// on its own thread; all methods are thread-safe. Every read has a timeout and the destructor
// stops and joins everything, so a test can never hang on a sink.
//
//   SmtpSink smtp;                      // smtp://127.0.0.1:<smtp.port()>
//   ... send ...
//   ASSERT_TRUE(smtp.wait_for(1, std::chrono::seconds(5)));
//   SmtpMessage m = smtp.messages()[0];
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace liaison::testing {

class LoopbackServer;  // sinks.cc
class SinkConnection;

struct SmtpMessage {
  std::string from;                            // envelope MAIL FROM, without <>
  std::vector<std::string> to;                 // envelope RCPT TO, without <>
  std::string data;                            // the DATA as received, dot-unstuffed, CRLF lines
  std::map<std::string, std::string> headers;  // lower-case name -> unfolded value (first one)
  std::string subject;  // decoded from RFC 2047 UTF-8 base64 words when encoded
  std::string body;     // decoded (quoted-printable / base64), CRLF turned into "\n"
};

class SmtpSink {
 public:
  SmtpSink();  // throws std::system_error if it cannot listen
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const;
  std::string url() const;  // "smtp://127.0.0.1:PORT"
  std::vector<SmtpMessage> messages() const;
  // True once at least n messages were accepted (each is stored before its final 250).
  bool wait_for(size_t n, std::chrono::milliseconds timeout) const;
  // Answer the next n DATA commands with "451 try again" (the transaction is dropped).
  void fail_next(int n);
  size_t connections() const;  // connections accepted so far
  void stop();                 // idempotent; the destructor calls it

 private:
  void serve(SinkConnection& conn);

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<SmtpMessage> messages_;
  int fail_next_ = 0;
  std::unique_ptr<LoopbackServer> server_;  // last: stops before the state above goes
};

struct WebhookRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;  // lower-case name -> value (first one)
  std::string body;
};

class WebhookSink {
 public:
  WebhookSink();  // throws std::system_error if it cannot listen
  ~WebhookSink();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  int port() const;
  std::string url(const std::string& target = "/") const;  // "http://127.0.0.1:PORT" + target
  // Every complete request, also those answered with a failure status; each is stored before
  // its response is written.
  std::vector<WebhookRequest> requests() const;
  bool wait_for(size_t n, std::chrono::milliseconds timeout) const;
  // Answer the next n requests with `status` instead of 200.
  void fail_next(int n, int status = 500);
  size_t connections() const;
  void stop();

 private:
  void serve(SinkConnection& conn);

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<WebhookRequest> requests_;
  int fail_next_ = 0;
  int fail_status_ = 500;
  std::unique_ptr<LoopbackServer> server_;
};

}  // namespace liaison::testing
