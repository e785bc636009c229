#include "cli/cli.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "common/json_fields.h"
#include "common/crypto.h"
#include "evidence/package.h"
#include "federation/blob_fetch.h"
#include "federation/peers.h"
#include "federation/sync.h"
#include "http/api.h"
#include "node/tls_cert.h"
#include "http/server.h"
#include "ledger/limits.h"
#include "ledger/ledger.h"
#include "model/request.h"
#include "node/audit.h"
#include "node/demo.h"
#include "node/hotline_engine.h"
#include "node/node.h"
#include "node/requests.h"
#include "node/indicators.h"
#include "node/users.h"
#include "cli/sweep_output.h"
#include "sweep/scanner.h"

#ifndef LIAISON_VERSION
#define LIAISON_VERSION "dev"
#endif
#ifndef LIAISON_DEFAULT_WEB_ROOT
#define LIAISON_DEFAULT_WEB_ROOT ""
#endif

namespace liaison::cli {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 failure; 2 usage error; 3 verify found problems; 4 not found;\n"
    "5 conflict (exists / not allowed in this state); 6 invalid input (the field is named).\n"
    "Options can also be set with an environment variable (shown as ENV), a TOML file\n"
    "given with --config ([command] sections), and for serve in DATA/config.toml; flags win\n"
    "over the environment, which wins over the files.";

int exit_code_for(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kNotFound: return kExitNotFound;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied: return kExitConflict;
    case StatusCode::kInvalidArgument:
    case StatusCode::kIncomplete:
    case StatusCode::kTooLarge: return kExitInvalid;
    default: return kExitFailure;
  }
}

int fail(const Status& st) {
  std::string msg = "liaison: " + st.message();
  if (!st.field().empty()) msg += " (field: " + st.field() + ")";
  if (!st.details().empty()) {
    msg += " [missing:";
    for (const auto& d : st.details()) msg += " " + d;
    msg += "]";
  }
  std::cerr << msg << "\n";
  return exit_code_for(st);
}

std::string cli_user() {
  const char* u = std::getenv("USER");
  return std::string("cli:") + (u ? u : "unknown");
}

node::Actor cli_actor() { return node::Actor{cli_user(), node::Role::kAdministrator, "cli"}; }

// Reads a password from standard input (one line), or generates none.
std::string read_line_stdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

Result<std::string> read_input(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream f(path, std::ios::binary);
    if (!f) return not_found("cannot read " + path, "file");
    ss << f.rdbuf();
  }
  return ss.str();
}

Result<json::value> parse_json_text(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalid_argument("malformed JSON: " + ec.message(), "body");
  return v;
}

void print_json(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  std::cout << (ec ? text : json::serialize(v)) << "\n";
}


void add_data_option(CLI::App* app, std::string& data) {
  app->add_option("--data,-d", data, "Node data directory")
      ->envname("LIAISON_DATA")
      ->required();
}

Result<std::unique_ptr<node::Node>> open_node(const std::string& dir, const Clock& clock) {
  return node::Node::open(dir, clock);
}

Status write_atomic(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << content << "\n";
    if (!f) return internal_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return internal_error("cannot write " + path);
  return Status::ok();
}

}  // namespace

int run(int argc, char** argv) {
  // Everything liaison creates (the database and its -wal/-shm, blobs, keys, exports) is the
  // node user's alone.
  ::umask(077);
  if (!crypto_init()) {
    std::cerr << "liaison: cannot initialise libsodium\n";
    return kExitFailure;
  }
  SystemClock system_clock;
  // Test-only (docs/ARCHITECTURE.md): a test moves this process's time through a file.
  std::optional<OffsetFileClock> test_clock;
  if (const char* f = std::getenv("LIAISON_TEST_CLOCK_OFFSET_FILE"); f != nullptr && *f) {
    test_clock.emplace(f);
  }
  const Clock& clock = test_clock ? static_cast<const Clock&>(*test_clock) : system_clock;
  CLI::App app{"liaison: requests for assistance, a three-tier hotline and threat-information "
               "sharing between the cybercrime bodies of two or more countries, on signed, "
               "hash-chained records."};
  app.footer(kExitCodesHelp);
  app.require_subcommand(1);
  app.set_version_flag("--version", LIAISON_VERSION);
  // Any option of any command can also come from a TOML file: [serve] listen = "…".
  app.set_config("--config", "", "Read options from this TOML file ([command] sections)")
      ->envname("LIAISON_CONFIG");
  int rc = kExitOk;

  // ---- version
  auto* version = app.add_subcommand("version", "Print the version");
  version->callback([&] { std::cout << "liaison " << LIAISON_VERSION << "\n"; });

  // ---- init
  node::InitOptions init_opts;
  bool init_json = false;
  auto* init = app.add_subcommand("init", "Create a node: database, keys, TLS certificate, "
                                          "config and the first administrator");
  init->add_option("--data,-d", init_opts.dir, "Data directory to create")
      ->envname("LIAISON_DATA")->required();
  init->add_option("--party", init_opts.party, "This node's party code, e.g. CN")
      ->envname("LIAISON_PARTY")->required();
  init->add_option("--name", init_opts.name, "This party's name")->envname("LIAISON_NAME")->required();
  init->add_option("--timezone", init_opts.timezone, "IANA time zone, e.g. Asia/Shanghai")
      ->envname("LIAISON_TIMEZONE")->default_val("UTC");
  init->add_option("--admin-user", init_opts.admin_user, "First administrator's username")
      ->envname("LIAISON_ADMIN_USER")->default_val("admin");
  init->add_option("--hostname", init_opts.hostnames, "Extra DNS names for the certificate");
  init->add_flag("--json", init_json, "Print the result as one JSON line");
  init->callback([&] {
    init_opts.admin_password.clear();
    if (const char* p = std::getenv("LIAISON_ADMIN_PASSWORD")) init_opts.admin_password = p;
    auto res = node::init_node(init_opts, clock);
    if (!res.is_ok()) {
      rc = fail(res.status());
      return;
    }
    if (init_json) {
      json::object o{{"party", init_opts.party},
                     {"admin_user", res->admin_user},
                     {"admin_password", res->admin_password},
                     {"public_key", res->public_key_b64},
                     {"tls_fingerprint", res->tls_fingerprint},
                     {"data", init_opts.dir}};
      std::cout << json::serialize(o) << "\n";
    } else {
      std::cout << "Created node " << init_opts.party << " in " << init_opts.dir << "\n"
                << "  public key:      " << res->public_key_b64 << "\n"
                << "  TLS fingerprint: " << res->tls_fingerprint << "\n"
                << "  administrator:   " << res->admin_user << "\n"
                << "  password:        " << res->admin_password
                << "   (shown once: store it now)\n";
    }
  });

  // ---- serve
  std::string serve_data, listen, web_root, smtp_url, smtp_from;
  int64_t hotline_tick_ms = 0;
  bool insecure_http = false;
  int threads = 0;
  auto* serve = app.add_subcommand("serve", "Serve the API and the console over HTTPS");
  add_data_option(serve, serve_data);
  serve->add_option("--listen", listen, "ADDR:PORT to listen on (port 0 picks a free port; the "
                                        "bound address is written to DATA/run/listen)")
      ->envname("LIAISON_LISTEN");
  serve->add_flag("--insecure-http", insecure_http,
                  "Plain HTTP instead of HTTPS (development only; loopback addresses only)")
      ->envname("LIAISON_INSECURE_HTTP");
  serve->add_option("--threads", threads, "Server threads (default 2)")
      ->envname("LIAISON_THREADS")->check(CLI::Range(1, 64));
  serve->add_option("--web-root", web_root, "Directory of the built console (web/dist)")
      ->envname("LIAISON_WEB_ROOT");
  serve->add_option("--smtp-url", smtp_url,
                    "SMTP server for hotline e-mail, e.g. smtp://127.0.0.1:25 (config [notify] "
                    "smtp_url; e-mail is off when empty)")
      ->envname("LIAISON_SMTP_URL");
  serve->add_option("--smtp-from", smtp_from, "Sender address of hotline e-mail")
      ->envname("LIAISON_SMTP_FROM");
  serve->add_option("--hotline-tick-ms", hotline_tick_ms,
                    "How often escalation ladders and deliveries are checked (default 1000)")
      ->envname("LIAISON_HOTLINE_TICK_MS")->check(CLI::Range(10, 600000));
  std::vector<std::string> webhook_allow;
  serve->add_option("--webhook-allow", webhook_allow,
                    "Host names or addresses a webhook may reach although they are loopback, "
                    "link-local or private (config [notify] webhook_allow; LIAISON_WEBHOOK_ALLOW "
                    "takes a comma-separated list)")
      ->envname("LIAISON_WEBHOOK_ALLOW")->delimiter(',');
  serve->callback([&] {
    if (std::filesystem::exists(serve_data + "/config.toml")) {
      auto tightened = node::secure_data_dir(serve_data);
      if (!tightened.is_ok()) {
        rc = fail(tightened.status());
        return;
      }
      if (*tightened > 0) {
        spdlog::warn("{}: {} files or directories were readable by others; now 0600/0700 "
                     "(the node user's only)",
                     serve_data, *tightened);
      }
    }
    auto node = open_node(serve_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto& cfg = (*node)->mutable_config();
    spdlog::set_level(spdlog::level::from_str(cfg.log_level));
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
    std::string root = !web_root.empty() ? web_root : cfg.web_root;
    if (root.empty() && fs::exists(std::string(LIAISON_DEFAULT_WEB_ROOT) + "/index.html")) {
      root = LIAISON_DEFAULT_WEB_ROOT;
    }
    // Text searches run on connections of their own, one fewer than the server's threads, so
    // a flood of them always leaves a thread for everything else (store::Pool::try_read_apart).
    (*node)->pool().set_apart_slots(std::max(1, opts.threads - 1));
    http::Api api(**node, root);
    opts.admit = [&api](const http::Request& r) { return api.admit(r); };
    http::Server server(opts, [&api](const http::Request& r) { return api.handle(r); });
    federation::Syncer syncer(**node, {opts.cert_file, opts.key_file});
    federation::BlobFetcher fetcher(**node, {opts.cert_file, opts.key_file});
    if (!smtp_url.empty()) cfg.smtp_url = smtp_url;
    for (const auto& h : webhook_allow) cfg.webhook_allow.push_back(h);
    if (!smtp_from.empty()) cfg.smtp_from = smtp_from;
    if (hotline_tick_ms > 0) cfg.hotline_tick_ms = hotline_tick_ms;
    auto engine_opts = node::engine_options(**node);
    if (!engine_opts.is_ok()) {
      rc = fail(engine_opts.status());
      return;
    }
    node::HotlineEngine engine(**node, *engine_opts);
    // Wake the syncer and the engine when a commit stored records, not on every commit:
    // their own passes commit (contact notes, pushed marks), so waking on those would have
    // two idle peers wake each other without end.
    std::atomic<uint64_t> records_seen{0};
    const ledger::Ledger& ledger = (*node)->ledger();
    (*node)->pool().set_after_commit([&syncer, &engine, &fetcher, &records_seen, &ledger] {
      uint64_t now = ledger.records_written();
      if (records_seen.exchange(now) == now) return;
      syncer.wake();
      engine.wake();
      fetcher.wake();
    });
    auto bound = server.start();
    if (!bound.is_ok()) {
      rc = fail(bound.status());
      return;
    }
    std::error_code ec;
    fs::create_directories(serve_data + "/run", ec);
    if (Status st = write_atomic(serve_data + "/run/listen", *bound); !st.is_ok()) {
      rc = fail(st);
      return;
    }
    spdlog::info("liaison {} party {} serving {}://{} (console: {})", LIAISON_VERSION,
                 (*node)->party(), opts.tls ? "https" : "http", *bound,
                 root.empty() ? "not installed" : root);
    syncer.start();
    engine.start();
    fetcher.start();
    server.run();
    fetcher.stop();
    engine.stop();
    syncer.stop();
    (*node)->pool().set_after_commit(nullptr);
    fs::remove(serve_data + "/run/listen", ec);
    spdlog::info("stopped");
  });

  // ---- party
  std::string party_data;
  node::Party party;
  auto* party_cmd = app.add_subcommand("party", "Parties this node works with");
  party_cmd->require_subcommand(1);
  auto* party_add = party_cmd->add_subcommand("add", "Register another party");
  add_data_option(party_add, party_data);
  party_add->add_option("--code", party.code, "Party code, e.g. US")->envname("LIAISON_PARTY_CODE")->required();
  party_add->add_option("--name", party.name, "Party name")->envname("LIAISON_PARTY_NAME")->required();
  party_add->add_option("--timezone", party.timezone, "IANA time zone")
      ->envname("LIAISON_PARTY_TIMEZONE")->default_val("UTC");
  party_add->add_option("--key", party.public_key_b64, "The party's Ed25519 public key (base64)")
      ->envname("LIAISON_PARTY_KEY");
  party_add->callback([&] {
    auto node = open_node(party_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    if (Status st = (*node)->add_party(party); !st.is_ok()) rc = fail(st);
    else std::cout << "added party " << party.code << "\n";
  });
  auto* party_list = party_cmd->add_subcommand("list", "List parties");
  add_data_option(party_list, party_data);
  party_list->callback([&] {
    auto node = open_node(party_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto ps = (*node)->parties();
    if (!ps.is_ok()) {
      rc = fail(ps.status());
      return;
    }
    for (const auto& p : *ps) {
      std::cout << p.code << "\t" << p.name << "\t" << p.timezone << "\t"
                << (p.is_local ? "local" : "peer") << "\t" << p.public_key_b64 << "\n";
    }
  });

  // ---- user
  std::string user_data, username, role_name, display_name;
  bool password_stdin = false;
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user (password from stdin or generated)");
  add_data_option(user_add, user_data);
  user_add->add_option("--username,-u", username, "Username")->envname("LIAISON_USERNAME")->required();
  user_add->add_option("--role,-r", role_name,
                       "administrator | liaison_officer | analyst | supervisor | principal | "
                       "auditor")
      ->envname("LIAISON_ROLE")->required();
  user_add->add_option("--display-name", display_name, "Name shown in the console");
  user_add->add_flag("--password-stdin", password_stdin, "Read the password from stdin");
  user_add->callback([&] {
    auto role = node::parse_role(role_name);
    if (!role) {
      rc = fail(invalid_argument("unknown role '" + role_name + "'", "role"));
      return;
    }
    auto node = open_node(user_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    std::string password = password_stdin ? read_line_stdin() : new_token(15);
    auto u = node::add_user(**node, cli_actor(), username, display_name, *role, password);
    if (!u.is_ok()) {
      rc = fail(u.status());
      return;
    }
    std::cout << "added " << username << " (" << role_name << ")";
    if (!password_stdin) std::cout << " password: " << password << "   (shown once)";
    std::cout << "\n";
  });
  auto* user_list = user->add_subcommand("list", "List users");
  add_data_option(user_list, user_data);
  user_list->callback([&] {
    auto node = open_node(user_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto users = node::list_users(**node);
    if (!users.is_ok()) {
      rc = fail(users.status());
      return;
    }
    for (const auto& u : *users) {
      std::cout << u.username << "\t" << node::to_string(u.role) << "\t"
                << (u.disabled ? "disabled" : "active") << "\t"
                << (u.totp_enabled ? "totp" : "-") << "\t" << u.display_name << "\n";
    }
  });
  auto user_patch = [&](const std::string& what, node::UserPatch patch) {
    auto node = open_node(user_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto u = node::update_user(**node, cli_actor(), username, patch);
    if (!u.is_ok()) rc = fail(u.status());
    else std::cout << what << " " << username << "\n";
  };
  auto* user_disable = user->add_subcommand("disable", "Disable a user (ends their sessions)");
  add_data_option(user_disable, user_data);
  user_disable->add_option("username", username, "Username")->required();
  user_disable->callback([&] {
    node::UserPatch p;
    p.disabled = true;
    user_patch("disabled", p);
  });
  auto* user_enable = user->add_subcommand("enable", "Enable a disabled user");
  add_data_option(user_enable, user_data);
  user_enable->add_option("username", username, "Username")->required();
  user_enable->callback([&] {
    node::UserPatch p;
    p.disabled = false;
    user_patch("enabled", p);
  });
  auto* user_passwd = user->add_subcommand("passwd", "Set a user's password (read from stdin)");
  add_data_option(user_passwd, user_data);
  user_passwd->add_option("username", username, "Username")->required();
  user_passwd->callback([&] {
    node::UserPatch p;
    p.password = read_line_stdin();
    user_patch("changed the password of", p);
  });
  auto* user_totp = user->add_subcommand("totp", "Enable TOTP for a user; prints the secret");
  add_data_option(user_totp, user_data);
  user_totp->add_option("username", username, "Username")->required();
  user_totp->callback([&] {
    auto node = open_node(user_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto secret = node::enable_totp(**node, cli_actor(), username);
    if (!secret.is_ok()) {
      rc = fail(secret.status());
      return;
    }
    std::cout << "otpauth://totp/liaison:" << username << "?secret=" << *secret
              << "&issuer=liaison\n";
  });

  // ---- token
  std::string token_data, token_user, token_name = "cli";
  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token (printed once)");
  add_data_option(token_create, token_data);
  token_create->add_option("--user,-u", token_user, "The user the token acts as")
      ->envname("LIAISON_TOKEN_USER")->required();
  token_create->add_option("--name", token_name, "A label for the token");
  token_create->callback([&] {
    auto node = open_node(token_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto t = node::create_token(**node, cli_actor(), token_user, token_name);
    if (!t.is_ok()) rc = fail(t.status());
    else std::cout << *t << "\n";
  });

  // ---- request
  std::string req_data, req_file = "-", req_id, req_as;
  std::string f_state, f_type, f_priority, f_q;
  bool req_json = false;
  std::string ev_name, ev_reason, ev_ground, ev_until, ev_preserved, ev_ref;
  int ev_rating = 0;
  auto* request = app.add_subcommand("request", "Requests for assistance");
  request->require_subcommand(1);
  auto actor_for = [&](node::Node& n) -> Result<node::Actor> {
    if (req_as.empty()) return cli_actor();
    LIAISON_ASSIGN_OR_RETURN(node::User u, node::get_user(n, req_as));
    return node::Actor{u.username, u.role, "cli"};
  };
  auto* req_create = request->add_subcommand("create", "Create a draft from a JSON file");
  add_data_option(req_create, req_data);
  req_create->add_option("--file,-f", req_file, "JSON request content ('-' = stdin)");
  req_create->add_option("--as", req_as, "Act as this user (default: the CLI administrator)")
      ->envname("LIAISON_AS");
  req_create->callback([&] {
    auto node = open_node(req_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto text = read_input(req_file);
    if (!text.is_ok()) {
      rc = fail(text.status());
      return;
    }
    auto body = parse_json_text(*text);
    if (!body.is_ok()) {
      rc = fail(body.status());
      return;
    }
    auto actor = actor_for(**node);
    if (!actor.is_ok()) {
      rc = fail(actor.status());
      return;
    }
    auto doc = node::create_request(**node, *actor, *body);
    if (!doc.is_ok()) rc = fail(doc.status());
    else print_json(*doc);
  });
  auto* req_list = request->add_subcommand("list", "List requests");
  add_data_option(req_list, req_data);
  req_list->add_option("--state", f_state, "Comma-separated states");
  req_list->add_option("--type", f_type, "Comma-separated types");
  req_list->add_option("--priority", f_priority, "Comma-separated priorities");
  req_list->add_option("--search,-q", f_q, "Text search");
  req_list->add_flag("--json", req_json, "JSON output");
  req_list->callback([&] {
    auto node = open_node(req_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    std::vector<std::pair<std::string, std::string>> params{{"per_page", "200"}};
    if (!f_state.empty()) params.emplace_back("state", f_state);
    if (!f_type.empty()) params.emplace_back("type", f_type);
    if (!f_priority.empty()) params.emplace_back("priority", f_priority);
    if (!f_q.empty()) params.emplace_back("q", f_q);
    auto q = node::parse_request_query(params);
    if (!q.is_ok()) {
      rc = fail(q.status());
      return;
    }
    auto page = node::list_requests(**node, *q);
    if (!page.is_ok()) {
      rc = fail(page.status());
      return;
    }
    for (const auto& d : page->docs) {
      if (req_json) {
        std::cout << d << "\n";
        continue;
      }
      json::object o = json::parse(d).as_object();
      std::string title = o["title"].as_object()["original"].as_string().c_str();
      std::cout << str_of(o, "id") << "  " << str_of(o, "requester_ref") << "  "
                << str_of(o, "priority") << "  " << str_of(o, "type") << "  "
                << str_of(o, "state") << "  " << str_of(o, "requesting_party") << "->"
                << str_of(o, "requested_party") << "  " << title << "\n";
    }
  });
  auto* req_show = request->add_subcommand("show", "Show a request");
  add_data_option(req_show, req_data);
  req_show->add_option("id", req_id, "Request id")->required();
  req_show->callback([&] {
    auto node = open_node(req_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto doc = node::get_request(**node, req_id);
    if (!doc.is_ok()) rc = fail(doc.status());
    else print_json(*doc);
  });
  auto* req_tr = request->add_subcommand("transition", "Apply a state-machine event");
  add_data_option(req_tr, req_data);
  req_tr->add_option("id", req_id, "Request id")->required();
  req_tr->add_option("--event,-e", ev_name, "submit | acknowledge | start | confirm_preserved | "
                                            "request_info | provide_info | postpone | resume | "
                                            "fulfil_partially | fulfil | refuse | withdraw | close")
      ->required();
  req_tr->add_option("--reason", ev_reason, "Reason (request_info, postpone, withdraw, refuse)");
  req_tr->add_option("--ground", ev_ground, "Refusal ground");
  req_tr->add_option("--until", ev_until, "Postponed until (RFC 3339 UTC)");
  req_tr->add_option("--preserved-until", ev_preserved, "Preserved until (RFC 3339 UTC)");
  req_tr->add_option("--rating", ev_rating, "Quality rating 1-5 (close)");
  req_tr->add_option("--requested-ref", ev_ref, "The requested party's reference (acknowledge)");
  req_tr->add_option("--as", req_as, "Act as this user")->envname("LIAISON_AS");
  req_tr->callback([&] {
    auto node = open_node(req_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    json::object body{{"event", ev_name}};
    if (!ev_reason.empty()) body["reason"] = ev_reason;
    if (!ev_ground.empty()) body["ground"] = ev_ground;
    if (!ev_until.empty()) body["until"] = ev_until;
    if (!ev_preserved.empty()) body["preserved_until"] = ev_preserved;
    if (ev_rating != 0) body["rating"] = ev_rating;
    if (!ev_ref.empty()) body["requested_ref"] = ev_ref;
    auto actor = actor_for(**node);
    if (!actor.is_ok()) {
      rc = fail(actor.status());
      return;
    }
    auto doc = node::request_event(**node, *actor, req_id, body);
    if (!doc.is_ok()) rc = fail(doc.status());
    else print_json(*doc);
  });

  // ---- identity
  std::string id_data;
  bool id_json = false;
  auto* identity = app.add_subcommand("identity", "Print this node's party, URL, public key and "
                                                  "TLS fingerprint, to give to peers");
  add_data_option(identity, id_data);
  identity->add_flag("--json", id_json, "One JSON object: party, url, key, tls_fingerprint");
  identity->callback([&] {
    auto node = open_node(id_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    std::string url = (*node)->config().url;
    if (url.empty()) {
      std::ifstream f(id_data + "/run/listen");
      std::string bound;
      if (f >> bound) url = "https://" + bound;
      else url = "https://" + (*node)->config().listen;
    }
    auto fp = node::certificate_fingerprint(id_data + "/tls/cert.pem");
    if (!fp.is_ok()) {
      rc = fail(fp.status());
      return;
    }
    std::string key = (*node)->ledger().key().public_key_b64();
    if (id_json) {
      std::cout << json::serialize(json::object{{"party", (*node)->party()},
                                                {"url", url},
                                                {"key", key},
                                                {"tls_fingerprint", *fp}})
                << "\n";
    } else {
      std::cout << "party            " << (*node)->party() << "\nurl              " << url
                << "\nkey              " << key << "\ntls_fingerprint  " << *fp << "\n";
    }
  });

  // ---- peer
  std::string peer_data;
  federation::PeerSpec peer_spec;
  bool peer_json_out = false;
  auto* peer = app.add_subcommand("peer", "Peers: other parties' nodes");
  peer->require_subcommand(1);
  auto* peer_add = peer->add_subcommand("add", "Register a peer (pinned key and TLS fingerprint)");
  add_data_option(peer_add, peer_data);
  peer_add->add_option("--party", peer_spec.party, "The peer's party code")
      ->envname("LIAISON_PEER_PARTY")->required();
  peer_add->add_option("--url", peer_spec.url, "https://HOST:PORT of the peer")
      ->envname("LIAISON_PEER_URL")->required();
  peer_add->add_option("--key", peer_spec.key_b64, "The peer's Ed25519 public key (base64)")
      ->envname("LIAISON_PEER_KEY")->required();
  peer_add->add_option("--tls-fingerprint", peer_spec.tls_fingerprint,
                       "SHA-256 of the peer's TLS certificate (hex)")
      ->envname("LIAISON_PEER_TLS_FINGERPRINT")->required();
  peer_add->add_option("--name", peer_spec.name, "The party's name (if not yet registered)");
  peer_add->add_option("--timezone", peer_spec.timezone, "The party's IANA time zone")
      ->default_val("UTC");
  peer_add->callback([&] {
    auto node = open_node(peer_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    if (Status st = federation::add_peer(**node, cli_actor(), peer_spec); !st.is_ok()) rc = fail(st);
    else std::cout << "peer " << peer_spec.party << " at " << peer_spec.url << "\n";
  });
  auto* peer_remove = peer->add_subcommand("remove", "Stop exchanging records with a peer");
  add_data_option(peer_remove, peer_data);
  peer_remove->add_option("party", peer_spec.party, "The peer's party code")->required();
  peer_remove->callback([&] {
    auto node = open_node(peer_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    if (Status st = federation::remove_peer(**node, cli_actor(), peer_spec.party); !st.is_ok()) {
      rc = fail(st);
    } else {
      std::cout << "removed peer " << peer_spec.party << "\n";
    }
  });
  auto peer_print = [&](bool status) {
    auto node = open_node(peer_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto peers = federation::list_peers(**node);
    if (!peers.is_ok()) {
      rc = fail(peers.status());
      return;
    }
    for (const auto& p : *peers) {
      if (peer_json_out) {
        std::cout << json::serialize(json::object{
                         {"party", p.party}, {"url", p.url}, {"tls_fingerprint", p.tls_fingerprint},
                         {"last_contact", p.last_contact}, {"last_error", p.last_error},
                         {"backlog_out", p.backlog_out()}, {"backlog_in", p.backlog_in()},
                         {"skew_ms", p.skew_ms}, {"rtt_ms", p.rtt_ms},
                         {"pushed_seq", p.pushed_seq}, {"held_seq", p.held_seq},
                         {"refused_seq", p.refused_seq}, {"refused_reason", p.refused_reason},
                         {"refused_at", p.refused_at}})
                  << "\n";
      } else if (status) {
        std::cout << p.party << "  last contact " << (p.last_contact.empty() ? "never" : p.last_contact)
                  << "  backlog out " << p.backlog_out() << " in " << p.backlog_in()
                  << "  skew " << p.skew_ms << " ms  rtt " << p.rtt_ms << " ms"
                  << (p.last_error.empty() ? "" : "  last error: " + p.last_error) << "\n";
        if (p.refused_seq > 0) {
          std::cout << "  REFUSED: " << p.party << " refuses our record " << p.refused_seq
                    << " since " << p.refused_at << " (replication to it is held): "
                    << p.refused_reason << "\n";
        }
      } else {
        std::cout << p.party << "\t" << p.url << "\t" << p.tls_fingerprint << "\n";
      }
    }
  };
  auto* peer_list = peer->add_subcommand("list", "List peers");
  add_data_option(peer_list, peer_data);
  peer_list->add_flag("--json", peer_json_out, "JSON lines");
  peer_list->callback([&] { peer_print(false); });
  auto* peer_status = peer->add_subcommand("status", "Last contact, backlog each way, clock skew, "
                                                     "last error");
  add_data_option(peer_status, peer_data);
  peer_status->add_flag("--json", peer_json_out, "JSON lines");
  peer_status->callback([&] { peer_print(true); });

  // ---- quarantine
  std::string q_data;
  auto* quarantine = app.add_subcommand("quarantine", "Records refused from peers, with reasons");
  add_data_option(quarantine, q_data);
  quarantine->callback([&] {
    auto node = open_node(q_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    Status st = (*node)->pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("SELECT received_at, origin, seq, reason "
                                                         "FROM quarantine ORDER BY id"));
      for (;;) {
        LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
        if (!row) break;
        std::cout << q.text(0) << "  " << q.text(1) << ":" << q.int64(2) << "  " << q.text(3)
                  << "\n";
      }
      return Status::ok();
    });
    if (!st.is_ok()) rc = fail(st);
  });

  // ---- sweep
  std::vector<std::string> sweep_indicators, sweep_files;

  std::string sweep_format = "auto";
  int sweep_threads = 1;
  bool sweep_count = false, sweep_dry_run = false, sweep_stats = false;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Match log files (plain, gzip, zstd; '-' = stdin) against indicators: every field "
               "holding an IP, domain, URL, e-mail or hash; prints hits as a table on a "
               "terminal, as JSON lines otherwise");
  std::string sweep_data;
  sweep_cmd->add_option("--data,-d", sweep_data,
                        "Node data directory: sweep against every indicator set the node holds "
                        "and send the sightings to each set's publisher")
      ->envname("LIAISON_DATA");
  // One file per -i (repeat it for more), so `-i list.txt a.log b.log` sweeps both logs.
  sweep_cmd->add_option("--indicators,-i", sweep_indicators,
                        "Indicator list file, one indicator per line (IPsum and Spamhaus "
                        "formats too); repeat -i for more lists")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->envname("LIAISON_SWEEP_INDICATORS");
  sweep_cmd->add_option("--format", sweep_format,
                        "auto | zeek-tsv | zeek-json | jsonl | csv | text: how a hit's field is "
                        "named (the Zeek #fields column, the JSON key, the CSV header column); "
                        "auto reads it from the first line (*.csv: csv). Fields are found the "
                        "same way in each")
      ->check(CLI::IsMember({"auto", "zeek-tsv", "zeek-json", "jsonl", "csv", "text"}));
  sweep_cmd->add_option("--threads,-t", sweep_threads,
                        "Threads (default 1): they take a plain file in pieces of about 16 MiB cut "
                        "at line boundaries; compressed input is decompressed on one while "
                        "another matches")
      ->envname("LIAISON_SWEEP_THREADS")->check(CLI::Range(1, 64));
  std::string sweep_output = "auto";
  bool sweep_no_progress = false;
  sweep_cmd->add_option("--output,-o", sweep_output,
                        "auto | jsonl | table: how hits are printed (auto: a table on a "
                        "terminal, JSON lines otherwise)")
      ->check(CLI::IsMember({"auto", "jsonl", "table"}));
  sweep_cmd->add_flag("--no-progress", sweep_no_progress,
                      "No progress bar (shown on standard error when it is a terminal)");
  sweep_cmd->add_flag("--count,-c", sweep_count,
                      "Print only the number of lines with a hit (with --data the sightings "
                      "are recorded all the same)");
  sweep_cmd->add_flag("--dry-run", sweep_dry_run, "With --data: record no sightings");
  sweep_cmd->add_flag("--stats", sweep_stats,
                      "Print index size, build time, scan rate, and the time spent reading or "
                      "decompressing versus matching, to standard error");
  sweep_cmd->add_option("files", sweep_files, "Log files, or - for standard input")->required();

  sweep_cmd->callback([&] {
    if (sweep_indicators.empty() && sweep_data.empty()) {
      rc = fail(invalid_argument("give --indicators FILE, or --data DIR to sweep the node's "
                                 "indicator sets",
                                 "indicators"));
      return;
    }
    auto t_start = std::chrono::steady_clock::now();
    std::unique_ptr<node::Node> held_node;
    std::unique_ptr<node::NodeIndex> node_index;
    sweep::Index list_index;
    uint64_t added = 0;
    if (sweep_indicators.empty()) {
      auto n = open_node(sweep_data, clock);
      if (!n.is_ok()) {
        rc = fail(n.status());
        return;
      }
      held_node = std::move(*n);
      auto idx = node::build_node_index(*held_node);
      if (!idx.is_ok()) {
        rc = fail(idx.status());
        return;
      }
      node_index = std::move(*idx);
      added = node_index->index.size();
    } else {
      std::vector<sweep::ListError> errors;
      for (const auto& f : sweep_indicators) {
        if (Status st = sweep::load_list(list_index, f, errors, added); !st.is_ok()) {
          rc = fail(st);
          return;
        }
      }
      for (const auto& e : errors) {
        std::cerr << "liaison: indicator list line " << e.line << ": " << e.message << "\n";
      }
      list_index.build();
    }
    const sweep::Index& index = node_index ? node_index->index : list_index;
    std::map<std::pair<std::string, std::string>, uint64_t> sightings;
    auto t_built = std::chrono::steady_clock::now();
    uint64_t scanned_bytes = 0;
    double read_seconds = 0, match_seconds = 0;
    sweep::ScanOptions opts;
    opts.threads = sweep_threads;
    // With a node, every hit is counted per indicator for the sightings, --count or not.
    opts.count_only = sweep_count;
    opts.format = *sweep::log_format_from(sweep_format);  // (checked by the option)
    const bool table = sweep_output == "table" || (sweep_output == "auto" && isatty(STDOUT_FILENO));
    std::atomic<uint64_t> progress{0};
    std::unique_ptr<cli::ProgressBar> bar;
    if (!sweep_no_progress && isatty(STDERR_FILENO)) {
      uint64_t total_size = 0;
      for (const auto& file : sweep_files) {
        struct stat st {};
        if (file == "-" || ::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
          total_size = 0;  // a pipe: no percentage
          break;
        }
        total_size += static_cast<uint64_t>(st.st_size);
      }
      opts.progress = &progress;
      // (The first file's name is in the first frame: the bar draws at once, maybe before
      // the loop below names the file.)
      bar = std::make_unique<cli::ProgressBar>(std::cerr, total_size, progress,
                                               sweep_files.front());
    }
    std::vector<cli::SweepRow> rows;
    uint64_t total = 0, hit_count = 0, shown = 0;
    for (const auto& file : sweep_files) {
      if (bar) bar->set_label(file);
      auto res = sweep::scan_file(index, file, opts);
      if (!res.is_ok()) {
        bar.reset();
        rc = fail(res.status());
        return;
      }
      total += res->lines_with_hits;
      scanned_bytes += res->bytes;
      read_seconds += res->read_seconds;
      match_seconds += res->match_seconds;
      for (const auto& [id, n] : res->hits_by_indicator) {
        hit_count += n;
        if (node_index) {
          sightings[{node_index->set_of[static_cast<size_t>(id)], index.indicator(id).value}] += n;
        }
      }
      std::string lines;  // JSON lines, written out 64 KiB at a time
      const auto flush = [&] {
        if (lines.empty()) return;
        const auto print = [&] { std::cout << lines << std::flush; };
        bar ? bar->print_above(print) : print();
        lines.clear();
      };
      shown += res->hits.size();
      static const std::string kNoSet;
      for (auto& h : res->hits) {
        const auto& ind = index.indicator(h.indicator);
        const std::string& set_id =
            node_index ? node_index->set_of[static_cast<size_t>(h.indicator)] : kNoSet;
        if (table) {  // (the hit's own strings are not needed after)
          rows.push_back({file, h.line, std::move(h.field), std::move(h.value),
                          sweep::to_string(ind.type), ind.value, set_id});
          continue;
        }
        json::object hit{{"file", file},
                         {"line", h.line},
                         {"value", h.value},
                         {"type", sweep::to_string(ind.type)},
                         {"indicator", ind.value}};
        if (!h.field.empty()) hit["field"] = h.field;
        if (node_index) hit["set_id"] = set_id;
        lines += json::serialize(hit);
        lines += '\n';
        if (lines.size() >= (64 << 10)) flush();
      }
      flush();
    }
    bar.reset();
    // The sweep's end: what the summary and --stats report (not the printing after it).
    const auto t_scanned = std::chrono::steady_clock::now();
    const double scan_s = std::chrono::duration<double>(t_scanned - t_built).count();
    if (!sweep_count && shown < hit_count) {
      std::cerr << "liaison: " << hit_count - shown << " hits past the first " << opts.max_hits
                << " of a file were counted but not printed\n";
    }
    if (table && !sweep_count) {
      cli::print_table(std::cout, rows);
      // (Formatted apart: std::cerr keeps its own precision for --stats below.)
      std::ostringstream summary;
      summary << "liaison: " << hit_count << (hit_count == 1 ? " hit" : " hits") << " on "
              << total << (total == 1 ? " line" : " lines") << "; "
              << cli::human_bytes(scanned_bytes) << " swept in " << std::fixed
              << std::setprecision(2) << scan_s << " s ("
              << cli::human_bytes(static_cast<uint64_t>(static_cast<double>(scanned_bytes) /
                                                        std::max(scan_s, 1e-9)))
              << "/s)\n";
      std::cerr << summary.str();
    }
    if (sweep_count) std::cout << total << "\n";
    if (held_node && !sweep_dry_run && !sightings.empty()) {
      // One sighting per indicator with its count, not one record per hit.
      std::string where;
      for (const auto& f : sweep_files) where += (where.empty() ? "" : ", ") + f;
      auto n = node::record_sightings(*held_node, cli_actor(), sightings, "sweep of " + where);
      if (!n.is_ok()) {
        rc = fail(n.status());
        return;
      }
      std::cerr << "liaison: recorded " << *n << " sightings for the publishers\n";
    }
    if (sweep_stats) {
      const double build_s = std::chrono::duration<double>(t_built - t_start).count();
      std::cerr << "indicators " << added << "  index " << index.memory_bytes() / (1 << 20)
                << " MiB built in " << build_s << " s  scanned " << scanned_bytes << " bytes in "
                << scan_s << " s = " << (static_cast<double>(scanned_bytes) / 1e9) / scan_s
                << " GB/s  (thread time: reading/decompressing " << read_seconds << " s, matching "
                << match_seconds << " s)\n";
    }
  });

  // ---- verify
  std::string verify_data;
  bool verify_json = false;
  auto* verify = app.add_subcommand("verify", "Check every signature, the hash chains and the "
                                              "audit log; rebuild the projections and compare");
  bool verify_quick = false, verify_remove_orphans = false;
  add_data_option(verify, verify_data);
  verify->add_flag("--json", verify_json, "JSON output");
  verify->add_flag("--quick", verify_quick,
                   "Skip the blobs (attachments are otherwise decrypted and hashed one by one)");
  verify->add_flag("--remove-orphans", verify_remove_orphans,
                   "Delete blob files that no attachment record names (left by a crash)");
  verify->callback([&] {
    auto node = open_node(verify_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto keys = (*node)->party_keys();
    if (!keys.is_ok()) {
      rc = fail(keys.status());
      return;
    }
    ledger::VerifyReport report;
    Status st = (*node)->pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(report, ledger::verify_ledger(db, *keys));
      return node::verify_audit(db, report, (*node)->party());
    });
    if (st.is_ok() && !verify_quick) {
      st = node::verify_blobs(**node, report, verify_remove_orphans);
    }
    if (!st.is_ok()) {
      rc = fail(st);
      return;
    }
    if (verify_json) {
      json::array problems;
      for (const auto& p : report.problems) {
        problems.push_back(json::object{{"where", p.where}, {"what", p.what}});
      }
      std::cout << json::serialize(json::object{{"ok", report.ok()},
                                                {"records", report.records},
                                                {"documents", report.documents},
                                                {"audit_entries", report.audit_entries},
                                                {"blobs", report.blobs},
                                                {"removed", json::value_from(report.removed)},
                                                {"problems", std::move(problems)}})
                << "\n";
    } else {
      for (const auto& p : report.problems) std::cout << "FAIL " << p.where << ": " << p.what << "\n";
      for (const auto& r : report.removed) std::cout << "removed orphan " << r << "\n";
      std::cout << (report.ok() ? "OK" : "FAILED") << ": " << report.records << " records, "
                << report.documents << " projected documents, " << report.audit_entries
                << " audit entries, "
                << (report.blobs < 0 ? std::string("blobs not checked (--quick)")
                                     : std::to_string(report.blobs) + " blobs")
                << ", " << report.problems.size() << " problems\n";
    }
    if (!report.ok()) rc = kExitVerify;
  });

  // ---- evidence
  std::string ev_data, ev_request, ev_out, ev_as, ev_package;
  bool ev_json = false;
  auto* evidence = app.add_subcommand("evidence", "Evidence packages: a request's files with the "
                                                  "signed records that prove them, checked offline");
  evidence->require_subcommand(1);
  auto* ev_export = evidence->add_subcommand(
      "export", "Write a request's evidence package (zip: files, manifest.json with custody and "
                "signed records, manifest.sig, bilingual cover.txt)");
  add_data_option(ev_export, ev_data);
  ev_export->add_option("--request", ev_request, "Request id")->required();
  ev_export->add_option("--output,-o", ev_out, "The zip to write")->required();
  ev_export->add_option("--as", ev_as, "Export as this user (default: the CLI administrator)")
      ->envname("LIAISON_AS");
  ev_export->callback([&] {
    auto node = open_node(ev_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    node::Actor actor = cli_actor();
    if (!ev_as.empty()) {
      auto u = node::get_user(**node, ev_as);
      if (!u.is_ok()) {
        rc = fail(u.status());
        return;
      }
      actor = node::Actor{u->username, u->role, "cli"};
    }
    auto done = evidence::export_package(**node, actor, ev_request, ev_out);
    if (!done.is_ok()) {
      rc = fail(done.status());
      return;
    }
    std::cout << "wrote " << ev_out << ": " << done->files << " files, " << done->records
              << " signed records";
    if (done->files_missing > 0) {
      std::cout << "; " << done->files_missing << " attached files whose bytes this node does "
                << "not hold are listed without their bytes";
    }
    std::cout << "\n";
  });
  auto* ev_verify = evidence->add_subcommand(
      "verify", "Check an evidence package offline (no node needed): signatures, hash chains, "
                "receipts and every file's bytes; exit 3 when something does not hold");
  ev_verify->add_option("package", ev_package, "The zip")->required();
  ev_verify->add_flag("--json", ev_json, "JSON output");
  ev_verify->callback([&] {
    auto report = evidence::verify_package(ev_package);
    if (!report.is_ok()) {
      rc = fail(report.status());
      return;
    }
    if (ev_json) {
      std::cout << json::serialize(json::object{{"ok", report->ok()},
                                                {"request", report->request_id},
                                                {"proven", json::value_from(report->proven)},
                                                {"problems", json::value_from(report->problems)}})
                << "\n";
    } else {
      for (const auto& p : report->proven) std::cout << "PROVEN " << p << "\n";
      for (const auto& p : report->problems) std::cout << "FAIL " << p << "\n";
      std::cout << (report->ok() ? "OK" : "FAILED") << ": evidence package of request "
                << report->request_id << ", " << report->problems.size() << " problems\n";
    }
    if (!report->ok()) rc = kExitVerify;
  });

  // ---- demo
  std::string demo_data;
  auto* demo = app.add_subcommand("demo", "Load demonstration data (a US party, contacts and "
                                          "requests in several states)");
  add_data_option(demo, demo_data);
  demo->callback([&] {
    auto node = open_node(demo_data, clock);
    if (!node.is_ok()) {
      rc = fail(node.status());
      return;
    }
    auto n = node::load_demo(**node, cli_actor());
    if (!n.is_ok()) rc = fail(n.status());
    else std::cout << "loaded " << *n << " demo requests\n";
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return rc;
}

}  // namespace liaison::cli
