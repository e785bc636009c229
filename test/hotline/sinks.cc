#include "hotline/sinks.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <functional>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

#include "common/crypto.h"

namespace liaison::testing {

namespace {

// Bounds: a peer that says nothing for this long is dropped; nothing is buffered without limit.
constexpr std::chrono::milliseconds kIdleTimeout(10000);
constexpr std::chrono::milliseconds kLingerTimeout(1000);
constexpr size_t kMaxLine = 64 * 1024;
constexpr size_t kMaxMessage = 16 * 1024 * 1024;
constexpr size_t kMaxHeaders = 100;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view strip_eol(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Waits until `fd` is readable; false on timeout or when `wake_fd` fires (the sink stops).
bool wait_readable(int fd, int wake_fd, std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
  for (;;) {
    int rc = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    if (fds[1].revents != 0) return false;
    return true;
  }
}

}  // namespace

// One accepted connection: buffered reads with timeouts.
class SinkConnection {
 public:
  SinkConnection(int fd, int wake_fd) : fd_(fd), wake_fd_(wake_fd) {}

  // One line including its "\n"; nullopt on EOF, timeout, stop or a line longer than `max`.
  std::optional<std::string> read_line(size_t max = kMaxLine) {
    for (;;) {
      size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl + 1);
        buf_.erase(0, nl + 1);
        return line;
      }
      if (buf_.size() > max || !fill()) return std::nullopt;
    }
  }

  std::optional<std::string> read_exact(size_t n) {
    while (buf_.size() < n) {
      if (!fill()) return std::nullopt;
    }
    std::string out = buf_.substr(0, n);
    buf_.erase(0, n);
    return out;
  }

  bool write(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  bool fill() {
    if (!wait_readable(fd_, wake_fd_, kIdleTimeout)) return false;
    char chunk[16384];
    ssize_t n;
    do {
      n = ::recv(fd_, chunk, sizeof chunk, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  int wake_fd_;
  std::string buf_;
};

// Listens on 127.0.0.1:0 and runs the handler for each connection on its own thread. stop()
// writes to a pipe that every poll also watches, so it never waits for a timeout.
class LoopbackServer {
 public:
  using Handler = std::function<void(SinkConnection&)>;

  LoopbackServer() {
    if (::pipe(wake_) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) fail("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind");
    if (::listen(listen_fd_, 64) != 0) fail("listen");
    socklen_t len = sizeof addr;
    if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      fail("getsockname");
    }
    port_ = ntohs(addr.sin_port);
  }

  ~LoopbackServer() {
    stop();
    ::close(listen_fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  void start(Handler handler) {
    handler_ = std::move(handler);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  int port() const { return port_; }
  size_t connections() const { return connections_.load(); }

  void stop() {
    if (stopping_.exchange(true)) return;
    char b = 1;
    while (::write(wake_[1], &b, 1) < 0 && errno == EINTR) {
    }
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

 private:
  [[noreturn]] void fail(const char* what) {
    int err = errno;
    if (listen_fd_ >= 0) ::close(listen_fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
    throw std::system_error(err, std::generic_category(), what);
  }

  void accept_loop() {
    while (wait_readable(listen_fd_, wake_[0], std::chrono::hours(1))) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      threads_.emplace_back([this, fd] {
        SinkConnection conn(fd, wake_[0]);
        handler_(conn);
        // Close gracefully: let the client read the last reply and close first, so it never
        // sees a reset instead of the answer.
        ::shutdown(fd, SHUT_WR);
        char sink[512];
        while (wait_readable(fd, wake_[0], kLingerTimeout) &&
               ::recv(fd, sink, sizeof sink, 0) > 0) {
        }
        ::close(fd);
      });
    }
  }

  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> connections_{0};
  Handler handler_;
  std::mutex mu_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

namespace {

std::optional<std::string> decode_q(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      out += ' ';
    } else if (s[i] == '=' && i + 2 < s.size()) {
      auto byte = from_hex(s.substr(i + 1, 2));
      if (!byte) return std::nullopt;
      out += *byte;
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// One RFC 2047 word "=?UTF-8?B?...?=" starting at `pos`; other charsets are left as they are.
std::optional<std::string> decode_word(std::string_view s, size_t pos, size_t* end) {
  size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  size_t close = s.find("?=", q1 + 3);
  if (close == std::string_view::npos) return std::nullopt;
  if (lower(s.substr(pos + 2, q1 - pos - 2)) != "utf-8") return std::nullopt;
  std::string_view text = s.substr(q1 + 3, close - q1 - 3);
  std::optional<std::string> decoded;
  char enc = s[q1 + 1];
  if (enc == 'B' || enc == 'b') decoded = from_base64(text);
  if (enc == 'Q' || enc == 'q') decoded = decode_q(text);
  if (decoded) *end = close + 2;
  return decoded;
}

// Decodes encoded words; the white space between two adjacent words is dropped (RFC 2047 §6.2).
std::string decode_rfc2047(std::string_view s) {
  std::string out, pending_space;
  bool after_word = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = 0;
    if (s.compare(i, 2, "=?") == 0) {
      if (auto word = decode_word(s, i, &end)) {
        if (!after_word) out += pending_space;
        pending_space.clear();
        out += *word;
        after_word = true;
        i = end;
        continue;
      }
    }
    if (s[i] == ' ' || s[i] == '\t') {
      pending_space += s[i++];
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += s[i++];
    after_word = false;
  }
  return out + pending_space;
}

std::string decode_quoted_printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
    } else if (s.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (s.compare(i + 1, 1, "\n") == 0) {
      i += 1;
    } else if (auto byte = i + 2 < s.size() ? from_hex(s.substr(i + 1, 2)) : std::nullopt) {
      out += *byte;
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string crlf_to_lf(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

// Header lines (CRLF or LF), unfolded; the first of each name wins.
std::map<std::string, std::string> parse_headers(std::string_view block) {
  std::map<std::string, std::string> headers;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty()) headers.emplace(lower(name), std::string(trim(value)));
    name.clear();
    value.clear();
  };
  while (!block.empty()) {
    size_t nl = block.find('\n');
    std::string_view line = strip_eol(block.substr(0, nl));
    block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += line;
      continue;
    }
    flush();
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    name = std::string(trim(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();
  return headers;
}

SmtpMessage parse_message(std::string from, std::vector<std::string> to, std::string data) {
  SmtpMessage m;
  m.from = std::move(from);
  m.to = std::move(to);
  m.data = std::move(data);
  std::string_view d = m.data;
  size_t split = d.find("\r\n\r\n");
  size_t body_at = split == std::string_view::npos ? d.size() : split + 4;
  m.headers = parse_headers(d.substr(0, std::min(split, d.size())));
  std::string_view body = d.substr(body_at);
  std::string cte = m.headers.count("content-transfer-encoding")
                        ? lower(m.headers["content-transfer-encoding"])
                        : "";
  if (cte == "quoted-printable") {
    m.body = crlf_to_lf(decode_quoted_printable(body));
  } else if (cte == "base64") {
    std::string compact;
    for (char c : body) {
      if (c != '\r' && c != '\n' && c != ' ' && c != '\t') compact += c;
    }
    m.body = crlf_to_lf(from_base64(compact).value_or(std::string(body)));
  } else {
    m.body = crlf_to_lf(body);
  }
  if (m.headers.count("subject")) m.subject = decode_rfc2047(m.headers["subject"]);
  return m;
}

// The address inside "<...>" of "FROM:<a@b> SIZE=10"; nullopt when malformed.
std::optional<std::string> path_argument(std::string_view arg, std::string_view keyword) {
  if (lower(arg.substr(0, keyword.size())) != keyword) return std::nullopt;
  size_t open = arg.find('<');
  size_t close = arg.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return std::nullopt;
  return std::string(arg.substr(open + 1, close - open - 1));
}

}  // namespace

// ---- SmtpSink ----

SmtpSink::SmtpSink() : server_(std::make_unique<LoopbackServer>()) {
  server_->start([this](SinkConnection& conn) { serve(conn); });
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::stop() { server_->stop(); }
int SmtpSink::port() const { return server_->port(); }
std::string SmtpSink::url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
size_t SmtpSink::connections() const { return server_->connections(); }

std::vector<SmtpMessage> SmtpSink::messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_;
}

bool SmtpSink::wait_for(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
}

void SmtpSink::fail_next(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
}

void SmtpSink::serve(SinkConnection& conn) {
  std::optional<std::string> from;
  std::vector<std::string> to;
  auto reset = [&] {
    from.reset();
    to.clear();
  };
  if (!conn.write("220 127.0.0.1 ESMTP liaison test sink\r\n")) return;
  while (auto raw = conn.read_line()) {
    std::string_view line = strip_eol(*raw);
    size_t sp = line.find(' ');
    std::string verb = lower(line.substr(0, sp));
    std::string_view arg = sp == std::string_view::npos ? "" : trim(line.substr(sp + 1));
    std::string reply;
    if (verb == "ehlo") {
      reset();
      reply = "250-127.0.0.1 greets " + std::string(arg) + "\r\n250-8BITMIME\r\n250 SIZE " +
              std::to_string(kMaxMessage) + "\r\n";
    } else if (verb == "helo") {
      reset();
      reply = "250 127.0.0.1\r\n";
    } else if (verb == "mail") {
      auto path = path_argument(arg, "from:");
      if (!path) {
        reply = "501 5.5.4 syntax: MAIL FROM:<address>\r\n";
      } else {
        reset();
        from = *path;
        reply = "250 2.1.0 OK\r\n";
      }
    } else if (verb == "rcpt") {
      auto path = path_argument(arg, "to:");
      if (!from) {
        reply = "503 5.5.1 need MAIL first\r\n";
      } else if (!path) {
        reply = "501 5.5.4 syntax: RCPT TO:<address>\r\n";
      } else {
        to.push_back(*path);
        reply = "250 2.1.5 OK\r\n";
      }
    } else if (verb == "data") {
      bool fail = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (fail_next_ > 0 && from && !to.empty()) {
          --fail_next_;
          fail = true;
        }
      }
      if (!from || to.empty()) {
        reply = "503 5.5.1 need MAIL and RCPT first\r\n";
      } else if (fail) {
        reset();
        reply = "451 4.3.0 try again\r\n";
      } else {
        if (!conn.write("354 end data with <CR><LF>.<CR><LF>\r\n")) return;
        std::string data;
        for (;;) {
          auto dl = conn.read_line();
          if (!dl) return;
          if (*dl == ".\r\n" || *dl == ".\n") break;
          if (data.size() + dl->size() > kMaxMessage) return;
          data.append(*dl, (*dl)[0] == '.' ? 1 : 0);
        }
        SmtpMessage m = parse_message(*from, to, std::move(data));
        {
          std::lock_guard<std::mutex> lock(mu_);
          messages_.push_back(std::move(m));
        }
        cv_.notify_all();
        reset();
        reply = "250 2.0.0 OK queued\r\n";
      }
    } else if (verb == "rset") {
      reset();
      reply = "250 2.0.0 OK\r\n";
    } else if (verb == "noop") {
      reply = "250 2.0.0 OK\r\n";
    } else if (verb == "quit") {
      conn.write("221 2.0.0 bye\r\n");
      return;
    } else {
      reply = "500 5.5.2 unknown command\r\n";
    }
    if (!conn.write(reply)) return;
  }
}

// ---- WebhookSink ----

namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void respond(SinkConnection& conn, int status) {
  conn.write("HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
             "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

}  // namespace

WebhookSink::WebhookSink() : server_(std::make_unique<LoopbackServer>()) {
  server_->start([this](SinkConnection& conn) { serve(conn); });
}

WebhookSink::~WebhookSink() { stop(); }

void WebhookSink::stop() { server_->stop(); }
int WebhookSink::port() const { return server_->port(); }
std::string WebhookSink::url(const std::string& target) const {
  return "http://127.0.0.1:" + std::to_string(port()) + target;
}
size_t WebhookSink::connections() const { return server_->connections(); }

std::vector<WebhookRequest> WebhookSink::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

bool WebhookSink::wait_for(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

void WebhookSink::fail_next(int n, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
  fail_status_ = status;
}

void WebhookSink::serve(SinkConnection& conn) {
  auto request_line = conn.read_line(8192);
  if (!request_line) return;
  std::string_view rl = strip_eol(*request_line);
  size_t sp1 = rl.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : rl.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || rl.substr(sp2 + 1).substr(0, 5) != "HTTP/") {
    return respond(conn, 400);
  }
  WebhookRequest req;
  req.method = std::string(rl.substr(0, sp1));
  req.target = std::string(rl.substr(sp1 + 1, sp2 - sp1 - 1));

  std::string header_block;
  for (size_t count = 0;; ++count) {
    auto line = conn.read_line(8192);
    if (!line) return;
    if (strip_eol(*line).empty()) break;
    if (count >= kMaxHeaders) return respond(conn, 400);
    header_block += *line;
  }
  req.headers = parse_headers(header_block);

  if (req.headers.count("transfer-encoding")) return respond(conn, 501);
  size_t length = 0;
  if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
    if (it->second.empty() || it->second.find_first_not_of("0123456789") != std::string::npos ||
        it->second.size() > 9) {
      return respond(conn, 400);
    }
    length = std::stoul(it->second);
    if (length > kMaxMessage) return respond(conn, 413);
  }
  if (auto it = req.headers.find("expect");
      it != req.headers.end() && lower(it->second) == "100-continue") {
    if (!conn.write("HTTP/1.1 100 Continue\r\n\r\n")) return;
  }
  auto body = conn.read_exact(length);
  if (!body) return;
  req.body = std::move(*body);

  int status = 200;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fail_next_ > 0) {
      --fail_next_;
      status = fail_status_;
    }
    requests_.push_back(std::move(req));
  }
  cv_.notify_all();
  respond(conn, status);
}

}  // namespace liaison::testing
