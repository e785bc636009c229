// The command line's `serve`: the API, the console, federation and the background jobs of
// every capability (app/jobs.h).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>

#include "app/compose.h"
#include "app/jobs.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "http/api.h"
#include "http/server.h"
#include "ledger/ledger.h"
#include "ledger/limits.h"

#ifndef LIAISON_VERSION
#define LIAISON_VERSION "dev"
#endif
#ifndef LIAISON_DEFAULT_WEB_ROOT
#define LIAISON_DEFAULT_WEB_ROOT ""
#endif

namespace liaison::cli {

namespace fs = std::filesystem;

namespace {

class ServeCommand {
 public:
  ServeCommand(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // serve
    auto* serve = app.add_subcommand("serve", "Serve the API and the console over HTTPS");
    add_data_option(serve, serve_data);
    serve
        ->add_option("--listen", listen,
                     "ADDR:PORT to listen on (port 0 picks a free port; the "
                     "bound address is written to DATA/run/listen)")
        ->envname("LIAISON_LISTEN");
    serve
        ->add_flag("--insecure-http", insecure_http,
                   "Plain HTTP instead of HTTPS (development only; loopback addresses only)")
        ->envname("LIAISON_INSECURE_HTTP");
    serve->add_option("--threads", threads, "Server threads (default 2)")
        ->envname("LIAISON_THREADS")
        ->check(CLI::Range(1, 64));
    serve->add_option("--web-root", web_root, "Directory of the built console (web/dist)")
        ->envname("LIAISON_WEB_ROOT");
    serve
        ->add_option("--smtp-url", smtp_url,
                     "SMTP server for hotline e-mail, e.g. smtp://127.0.0.1:25 (config [notify] "
                     "smtp_url; e-mail is off when empty)")
        ->envname("LIAISON_SMTP_URL");
    serve->add_option("--smtp-from", smtp_from, "Sender address of hotline e-mail")
        ->envname("LIAISON_SMTP_FROM");
    serve
        ->add_option("--hotline-tick-ms", hotline_tick_ms,
                     "How often escalation ladders and deliveries are checked (default 1000)")
        ->envname("LIAISON_HOTLINE_TICK_MS")
        ->check(CLI::Range(10, 600000));
    serve
        ->add_option("--webhook-allow", webhook_allow,
                     "Host names or addresses a webhook may reach although they are loopback, "
                     "link-local or private (config [notify] webhook_allow; LIAISON_WEBHOOK_ALLOW "
                     "takes a comma-separated list)")
        ->envname("LIAISON_WEBHOOK_ALLOW")
        ->delimiter(',');
    serve->callback([this] { rc = run(); });
  }

 private:
  int run() {
    // A server's log is its standard output (the other commands log to standard error).
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "", std::make_shared<spdlog::sinks::stdout_color_sink_mt>()));
    if (std::filesystem::exists(serve_data + "/config.toml")) {
      auto tightened = node::secure_data_dir(serve_data);
      if (!tightened.is_ok()) return fail(tightened.status());
      if (*tightened > 0) {
        spdlog::warn(
            "{}: {} files or directories were readable by others; now 0600/0700 "
            "(the node user's only)",
            serve_data, *tightened);
      }
    }
    auto node = open_node(serve_data, clock);
    if (!node.is_ok()) return fail(node.status());
    auto& cfg = (*node)->mutable_config();
    spdlog::set_level(spdlog::level::from_str(cfg.log_level));
    http::ServerOptions opts = server_options(cfg);
    std::string root = !web_root.empty() ? web_root : cfg.web_root;
    if (root.empty() && fs::exists(std::string(LIAISON_DEFAULT_WEB_ROOT) + "/index.html")) {
      root = LIAISON_DEFAULT_WEB_ROOT;
    }
    // Text searches wait their turn, first come first served, for threads and connections
    // of their own (as many as the server's threads), so a flood of them neither holds the
    // server's threads nor takes the readers that everything else uses; one that waits over
    // two seconds, or beyond 64 waiting, is answered 429 (http::Server's offload).
    opts.offload = app::offloaded;
    opts.offload_busy = app::offload_busy_response;
    opts.offload_threads = opts.threads;
    (*node)->pool().set_apart_slots(opts.offload_threads);
    http::Api api(**node, root, app::routes());
    opts.admit = [&api](const http::Request& r) { return api.admit(r); };
    http::Server server(opts, [&api](const http::Request& r) { return api.handle(r); });
    if (!smtp_url.empty()) cfg.smtp_url = smtp_url;
    for (const auto& h : webhook_allow) cfg.webhook_allow.push_back(h);
    if (!smtp_from.empty()) cfg.smtp_from = smtp_from;
    if (hotline_tick_ms > 0) cfg.hotline_tick_ms = hotline_tick_ms;
    auto jobs = app::Jobs::create(**node, {opts.cert_file, opts.key_file});
    if (!jobs.is_ok()) return fail(jobs.status());
    // Wake the jobs when a commit stored records, not on every commit: their own passes
    // commit (contact notes, pushed marks), so waking on those would have two idle peers wake
    // each other without end.
    std::atomic<uint64_t> records_seen{0};
    const ledger::Ledger& ledger = (*node)->ledger();
    app::Jobs& background = **jobs;
    (*node)->pool().set_after_commit([&background, &records_seen, &ledger] {
      uint64_t now = ledger.records_written();
      if (records_seen.exchange(now) == now) return;
      background.wake();
    });
    auto bound = server.start();
    if (!bound.is_ok()) return fail(bound.status());
    std::error_code ec;
    fs::create_directories(serve_data + "/run", ec);
    if (Status st = write_atomic(serve_data + "/run/listen", *bound); !st.is_ok()) return fail(st);
    spdlog::info("liaison {} party {} serving {}://{} (console: {})", LIAISON_VERSION,
                 (*node)->party(), opts.tls ? "https" : "http", *bound,
                 root.empty() ? "not installed" : root);
    background.start();
    server.run();
    background.stop();
    (*node)->pool().set_after_commit(nullptr);
    fs::remove(serve_data + "/run/listen", ec);
    spdlog::info("stopped");
    return kExitOk;
  }

  http::ServerOptions server_options(const node::NodeConfig& cfg) const {
    http::ServerOptions opts;
    opts.listen = !listen.empty() ? listen : cfg.listen;
    opts.tls = !(insecure_http || cfg.insecure_http);
    opts.threads = threads > 0 ? threads : cfg.threads;
    opts.cert_file = serve_data + "/tls/cert.pem";
    opts.key_file = serve_data + "/tls/key.pem";
    opts.max_body_bytes = static_cast<size_t>(cfg.max_body_bytes);
    opts.max_large_body_bytes = static_cast<size_t>(cfg.max_attachment_bytes);
    // A peer's push is as large as the ledger's limits make it, whatever the API's limits
    // are set to: a smaller limit here would refuse a record this node's peer could write.
    opts.large_body_suffixes.push_back("/federation/v1/records");
    opts.max_large_body_bytes = std::max(opts.max_large_body_bytes, ledger::kMaxPushBodyBytes);
    return opts;
  }

  const Clock& clock;
  int& rc;
  std::string serve_data, listen, web_root, smtp_url, smtp_from;
  int64_t hotline_tick_ms = 0;
  bool insecure_http = false;
  int threads = 0;
  std::vector<std::string> webhook_allow;
};

}  // namespace

void add_serve_command(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<ServeCommand>(app, sh));
}

}  // namespace liaison::cli
