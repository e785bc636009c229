#include "hotline/notify.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "hotline/sinks.h"

namespace liaison::hotline {
namespace {

using liaison::testing::SmtpMessage;
using liaison::testing::SmtpSink;
using liaison::testing::WebhookSink;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kWait(5000);

SmtpConfig config_for(const SmtpSink& sink) {
  SmtpConfig cfg;
  cfg.url = sink.url();
  cfg.from = "liaison@cn.example";
  cfg.timeout_ms = 5000;
  return cfg;
}

Email escalation_email() {
  Email e;
  e.to = "duty-officer@hk.example";
  e.subject = "紧急升级 tier 2";
  e.body_text =
      "您好，\n"
      ".这一行以点开头\n"
      "..two dots\n"
      ".\n"
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n"
      "trailing space \n"
      "a=b\tc\n";
  e.message_id = "<esc-42.step-1.u7.email@liaison>";
  e.delivery_id = "esc-42:1:u7:email";
  return e;
}

// A loopback socket bound to 127.0.0.1:0. Closed -> a port nobody listens on (connection
// refused); listening but never accepting -> a server that never sends its greeting.
struct LoopbackSocket {
  int fd = -1;
  int port = 0;
  LoopbackSocket() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port = ntohs(addr.sin_port);
  }
  ~LoopbackSocket() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Computed here with OpenSSL directly, not with the code under test.
std::string openssl_signature(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  std::string hex = "sha256=";
  char byte[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

TEST(SendEmail, ChineseSubjectArrivesWithHeadersAndDotLinesIntact) {
  SmtpSink sink;
  Email email = escalation_email();
  Status st = send_email(config_for(sink), email);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  ASSERT_TRUE(sink.wait_for(1, kWait));

  std::vector<SmtpMessage> got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  const SmtpMessage& m = got[0];
  EXPECT_EQ(m.from, "liaison@cn.example");
  EXPECT_EQ(m.to, std::vector<std::string>{"duty-officer@hk.example"});
  EXPECT_EQ(m.subject, "紧急升级 tier 2");
  EXPECT_EQ(m.headers.at("subject").rfind("=?UTF-8?B?", 0), 0u) << m.headers.at("subject");
  EXPECT_EQ(m.headers.at("message-id"), "<esc-42.step-1.u7.email@liaison>");
  EXPECT_EQ(m.headers.at("x-liaison-delivery"), "esc-42:1:u7:email");
  EXPECT_EQ(m.headers.at("from"), "liaison@cn.example");
  EXPECT_EQ(m.headers.at("to"), "duty-officer@hk.example");
  EXPECT_EQ(m.headers.at("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(m.headers.at("content-transfer-encoding"), "quoted-printable");
  EXPECT_EQ(m.headers.at("mime-version"), "1.0");
  const std::string& date = m.headers.at("date");
  EXPECT_EQ(date.size(), 31u) << date;  // "Thu, 02 Jan 2025 03:04:05 +0000"
  EXPECT_EQ(date.substr(date.size() - 5), "+0000");
  // The body survives dot-stuffing (curl) and unstuffing (sink), including a line that is a
  // lone dot, which would end DATA if it were not stuffed.
  EXPECT_EQ(m.body, email.body_text);

  // On the wire: CRLF only, lines within RFC 5322 / 2045 limits, 7-bit.
  for (size_t i = 0; i < m.data.size(); ++i) {
    if (m.data[i] == '\n') {
      ASSERT_TRUE(i > 0 && m.data[i - 1] == '\r') << "bare LF at " << i;
    }
    ASSERT_LT(static_cast<unsigned char>(m.data[i]), 0x80) << "8-bit byte at " << i;
  }
  size_t start = 0;
  for (size_t nl; (nl = m.data.find("\r\n", start)) != std::string::npos; start = nl + 2) {
    EXPECT_LE(nl - start, 78u) << m.data.substr(start, nl - start);
  }
  EXPECT_NE(m.data.find("\r\n.=E8=BF=99"), std::string::npos) << "line starting with a dot lost";
  EXPECT_NE(m.data.find("\r\n..two dots\r\n.\r\n"), std::string::npos) << m.data;
}

TEST(SendEmail, LongSubjectIsFoldedIntoSeveralWordsAndHeaderInjectionIsEncoded) {
  SmtpSink sink;
  Email email = escalation_email();
  email.subject = "跨境请求 REQ-2024-0042 已超过确认时限：请立即升级到第二级值班负责人处理";
  ASSERT_TRUE(send_email(config_for(sink), email).is_ok());
  email.subject = "hello\r\nBcc: evil@attacker.example";
  ASSERT_TRUE(send_email(config_for(sink), email).is_ok());
  ASSERT_TRUE(sink.wait_for(2, kWait));

  std::vector<SmtpMessage> got = sink.messages();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].subject,
            "跨境请求 REQ-2024-0042 已超过确认时限：请立即升级到第二级值班负责人处理");
  EXPECT_NE(got[0].data.find("?=\r\n =?UTF-8?B?"), std::string::npos) << got[0].data;
  EXPECT_EQ(got[1].subject, "hello\r\nBcc: evil@attacker.example");
  EXPECT_EQ(got[1].headers.count("bcc"), 0u);
  EXPECT_EQ(got[1].to, std::vector<std::string>{"duty-officer@hk.example"});
}

TEST(SendEmail, TemporaryFailureIsUnavailableWithTheCodeThenTheRetrySucceeds) {
  SmtpSink sink;
  sink.fail_next(1);
  Status st = send_email(config_for(sink), escalation_email());
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("(SMTP 451)"), std::string::npos) << st.message();
  EXPECT_TRUE(sink.messages().empty());

  Status retry = send_email(config_for(sink), escalation_email());
  ASSERT_TRUE(retry.is_ok()) << retry.to_string();
  EXPECT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(sink.connections(), 2u);
}

TEST(SendEmail, ClosedPortIsUnavailableAtOnce) {
  LoopbackSocket closed;
  closed.close();
  SmtpConfig cfg;
  cfg.url = "smtp://127.0.0.1:" + std::to_string(closed.port);
  cfg.from = "liaison@cn.example";
  cfg.timeout_ms = 3000;
  auto begin = steady_clock::now();
  Status st = send_email(cfg, escalation_email());
  auto took = steady_clock::now() - begin;
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("connect"), std::string::npos) << st.message();
  EXPECT_LT(took, milliseconds(3000));
}

TEST(SendEmail, SilentServerIsUnavailableWhenTheTimeoutExpires) {
  LoopbackSocket silent;
  ASSERT_EQ(::listen(silent.fd, 4), 0);  // the kernel accepts; nobody ever greets
  SmtpConfig cfg;
  cfg.url = "smtp://127.0.0.1:" + std::to_string(silent.port);
  cfg.from = "liaison@cn.example";
  cfg.timeout_ms = 300;
  auto begin = steady_clock::now();
  Status st = send_email(cfg, escalation_email());
  auto took = steady_clock::now() - begin;
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("imeout"), std::string::npos) << st.message();
  EXPECT_GE(took, milliseconds(250));
  EXPECT_LT(took, milliseconds(3000));
}

TEST(SendEmail, BadAddressesAreInvalidAndNothingIsSent) {
  SmtpSink sink;
  for (const char* to : {"a@b\r\nRCPT TO:<x@y>", "no-at", "", "two@@example", "a b@example",
                         "<a@example>", "@example", "a@"}) {
    Email email = escalation_email();
    email.to = to;
    Status st = send_email(config_for(sink), email);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << to;
    EXPECT_EQ(st.field(), "email") << to;
  }
  SmtpConfig bad_from = config_for(sink);
  bad_from.from = "liaison@cn.example\r\nX: y";
  Status st = send_email(bad_from, escalation_email());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "from");

  Email bad_id = escalation_email();
  bad_id.message_id = "<a@b>\r\nBcc: x@y";
  EXPECT_EQ(send_email(config_for(sink), bad_id).field(), "message_id");

  EXPECT_EQ(sink.connections(), 0u);
  EXPECT_TRUE(sink.messages().empty());
}

TEST(SendEmail, DisabledOrWrongSchemeIsRefused) {
  SmtpConfig disabled;
  disabled.from = "liaison@cn.example";
  Status st = send_email(disabled, escalation_email());
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.field(), "smtp.url");

  SmtpConfig http = disabled;
  http.url = "http://127.0.0.1:1/";
  st = send_email(http, escalation_email());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "smtp.url");
}

TEST(SendEmail, ParallelSendersEachDeliverOneMessage) {
  SmtpSink sink;
  constexpr int kSenders = 4;
  std::vector<Status> results(kSenders);
  std::vector<std::thread> threads;
  for (int i = 0; i < kSenders; ++i) {
    threads.emplace_back([&, i] {
      Email e = escalation_email();
      e.delivery_id = "d" + std::to_string(i);
      results[i] = send_email(config_for(sink), e);
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& st : results) EXPECT_TRUE(st.is_ok()) << st.to_string();
  ASSERT_TRUE(sink.wait_for(kSenders, kWait));
  std::set<std::string> ids;
  for (const SmtpMessage& m : sink.messages()) ids.insert(m.headers.at("x-liaison-delivery"));
  EXPECT_EQ(ids, (std::set<std::string>{"d0", "d1", "d2", "d3"}));
}

Webhook escalation_hook(const WebhookSink& sink) {
  Webhook hook;
  hook.url = sink.url("/hooks/liaison?team=duty");
  hook.allow = {"127.0.0.1"};  // the sink listens on loopback
  hook.secret = "whsec-test-key";
  hook.body = R"({"event":"escalation.step","tier":2,"reason":"确认超时"})";
  hook.delivery_id = "esc-42:1:u7:webhook";
  hook.timestamp = 1700000000;
  hook.timeout_ms = 5000;
  return hook;
}

TEST(PostWebhook, BodyHeadersAndSignatureArrive) {
  WebhookSink sink;
  Webhook hook = escalation_hook(sink);
  Status st = post_webhook(hook);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  ASSERT_TRUE(sink.wait_for(1, kWait));

  auto got = sink.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/hooks/liaison?team=duty");
  EXPECT_EQ(got[0].body, hook.body);
  EXPECT_EQ(got[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(got[0].headers.at("content-length"), std::to_string(hook.body.size()));
  EXPECT_EQ(got[0].headers.at("x-liaison-delivery"), "esc-42:1:u7:webhook");
  EXPECT_EQ(got[0].headers.at("x-liaison-timestamp"), "1700000000");
  EXPECT_EQ(got[0].headers.at("x-liaison-signature"),
            openssl_signature("whsec-test-key", "1700000000." + hook.body));
  EXPECT_EQ(got[0].headers.count("expect"), 0u);
}

TEST(PostWebhook, ErrorStatusIsUnavailableWithTheStatus) {
  WebhookSink sink;
  sink.fail_next(1);
  Status st = post_webhook(escalation_hook(sink));
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(st.message(), "webhook answered 500");

  sink.fail_next(1, 302);  // redirects are not followed
  st = post_webhook(escalation_hook(sink));
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(st.message(), "webhook answered 302");

  EXPECT_TRUE(post_webhook(escalation_hook(sink)).is_ok());
  EXPECT_EQ(sink.requests().size(), 3u);
}

TEST(PostWebhook, ClosedPortIsUnavailable) {
  LoopbackSocket closed;
  closed.close();
  Webhook hook;
  hook.url = "http://127.0.0.1:" + std::to_string(closed.port) + "/";
  hook.allow = {"127.0.0.1"};
  hook.timeout_ms = 3000;
  Status st = post_webhook(hook);
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("connect"), std::string::npos) << st.message();
}

TEST(PostWebhook, BadUrlsAreInvalidAndNothingIsSent) {
  WebhookSink sink;
  std::string good = sink.url("/");
  for (const std::string& url :
       {std::string("ftp://x"), std::string("http://a b"), std::string(""), std::string("http://"),
        std::string("file:///etc/passwd"), good + "\r\nX-Evil: 1", good + " x"}) {
    Webhook hook = escalation_hook(sink);
    hook.url = url;
    Status st = post_webhook(hook);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(st.field(), "webhook_url") << url;
  }
  EXPECT_EQ(sink.connections(), 0u);
}

// Issue 13: webhooks reached the cloud metadata service and the node's own API. Internal
// destinations are refused (naming webhook_url) unless allowed by host name or address, and
// nothing is sent to them.
TEST(PostWebhook, InternalDestinationsAreRefusedUnlessAllowed) {
  WebhookSink sink;
  const std::string port = sink.url("/").substr(sink.url("/").rfind(':') + 1);
  for (const std::string& url :
       {std::string("http://169.254.169.254/latest/meta-data"), sink.url("/"),
        "http://localhost:" + port, "http://[::1]:" + port + "/", std::string("http://10.1.2.3/"),
        std::string("http://192.168.0.1/"), std::string("http://172.20.0.1/"),
        std::string("http://100.64.0.1/"), std::string("http://0.0.0.0/"),
        std::string("http://[fe80::1]/"), std::string("http://[fd00::1]/"),
        std::string("http://[::ffff:127.0.0.1]/"), std::string("http://user@example.org/")}) {
    Webhook hook = escalation_hook(sink);
    hook.url = url;
    hook.allow = {};
    Status st = post_webhook(hook);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << url << " " << st.message();
    EXPECT_EQ(st.field(), "webhook_url") << url;
  }
  EXPECT_EQ(sink.connections(), 0u);
  // Allowed by address, and by host name (the address checked is the one connected to).
  Webhook by_address = escalation_hook(sink);
  EXPECT_TRUE(post_webhook(by_address).is_ok());
  Webhook by_name = escalation_hook(sink);
  by_name.url = "http://localhost:" + port + "/hooks";
  by_name.allow = {"localhost"};
  Status named = post_webhook(by_name);
  EXPECT_TRUE(named.is_ok()) << named.to_string();
  EXPECT_EQ(sink.requests().size(), 2u);
  for (const char* ip : {"8.8.8.8", "2001:4860:4860::8888", "198.51.100.7"}) {
    EXPECT_FALSE(is_internal_address(ip)) << ip;
  }
  for (const char* ip : {"127.0.0.1", "10.0.0.1", "169.254.0.1", "::1", "fc00::1",
                         "::", "224.0.0.1", "not an address"}) {
    EXPECT_TRUE(is_internal_address(ip)) << ip;
  }
}

TEST(WebhookSignature, MatchesOpensslCommandLine) {
  // $ printf '%s' '1700000000.{"event":"escalation.step","tier":2}' |
  // >   openssl dgst -sha256 -hmac 'whsec-test-key'
  // SHA2-256(stdin)= 339d78bcad4f4c8620ffe6546b39e5450c19f1382f47e910b6c12f7c68f23c9a
  EXPECT_EQ(
      webhook_signature("whsec-test-key", 1700000000, R"({"event":"escalation.step","tier":2})"),
      "sha256=339d78bcad4f4c8620ffe6546b39e5450c19f1382f47e910b6c12f7c68f23c9a");
}

}  // namespace
}  // namespace liaison::hotline
