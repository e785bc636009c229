#include "node/node.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "node/tls_cert.h"
#include "node/users.h"
#include "store/open.h"
#include "store/parties.h"
#include "store/records.h"

namespace liaison::node {

namespace fs = std::filesystem;

const char* to_string(Role r) {
  switch (r) {
    case Role::kAdministrator:
      return "administrator";
    case Role::kLiaisonOfficer:
      return "liaison_officer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kPrincipal:
      return "principal";
    case Role::kAuditor:
      return "auditor";
  }
  return "auditor";
}

std::vector<Role> all_roles() {
  return {Role::kAdministrator, Role::kLiaisonOfficer, Role::kAnalyst,
          Role::kSupervisor,    Role::kPrincipal,      Role::kAuditor};
}

std::vector<Role> RoleSet::roles() const {
  std::vector<Role> out;
  for (Role r : all_roles()) {
    if (allows(r)) out.push_back(r);
  }
  return out;
}

Status require_role(const RoleSet& who, const Actor& actor, std::string_view what) {
  if (who.allows(actor.role)) return Status::ok();
  return permission_denied(std::string("role ") + to_string(actor.role) + " may not " +
                           std::string(what));
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : all_roles()) {
    if (s == to_string(r)) return r;
  }
  return std::nullopt;
}

namespace {

Status write_secret_file(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return internal_error("cannot create " + path);
  ssize_t n = ::write(fd, content.data(), content.size());
  ::fsync(fd);
  ::close(fd);
  if (n != static_cast<ssize_t>(content.size())) return internal_error("cannot write " + path);
  return Status::ok();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return not_found("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string generate_password() {
  // 20 characters from an alphabet without look-alikes: ~115 bits.
  static const char* kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(56)];
  return out;
}

}  // namespace

Result<InitResult> init_node(const InitOptions& opts, const Clock& clock,
                             const ledger::KindRegistry& kinds) {
  if (!valid_party_code(opts.party)) {
    return invalid_argument("party must be 2-8 upper-case letters or digits", "party")
        .with_reason(Reason::kInvalidPartyCode);
  }
  if (opts.name.empty())
    return invalid_argument("name must not be empty", "name").with_reason(Reason::kRequired);
  if (!valid_timezone(opts.timezone)) {
    return invalid_argument("unknown IANA time zone '" + opts.timezone + "'", "timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  }
  if (opts.dir.empty())
    return invalid_argument("data directory must be given", "data").with_reason(Reason::kRequired);
  if (fs::exists(opts.dir + "/liaison.db") || fs::exists(opts.dir + "/config.toml") ||
      fs::exists(opts.dir + "/keys")) {
    return already_exists("a node already exists in " + opts.dir + "; refusing to overwrite",
                          "data");
  }
  std::error_code ec;
  for (const char* sub : {"", "/keys", "/tls", "/blobs", "/run"}) {
    fs::create_directories(opts.dir + sub, ec);
    if (ec) return internal_error("cannot create " + opts.dir + sub + ": " + ec.message());
  }
  // Case content, TOTP secrets and keys live here: nobody but the node's user reads them
  // (whatever the umask of the shell that ran `init`).
  for (const char* sub : {"", "/keys", "/tls", "/blobs", "/run"}) {
    ::chmod((opts.dir + sub).c_str(), 0700);
  }

  ledger::SigningKey key = ledger::SigningKey::generate();
  LIAISON_RETURN_IF_ERROR(write_secret_file(opts.dir + "/keys/node.key", key.to_b64() + "\n"));
  LIAISON_RETURN_IF_ERROR(write_secret_file(
      opts.dir + "/keys/blob.key",
      to_base64(random_bytes(crypto_secretstream_xchacha20poly1305_KEYBYTES)) + "\n"));

  std::vector<std::string> dns = {"localhost"};
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) == 0 && host[0]) dns.emplace_back(host);
  for (const auto& h : opts.hostnames) dns.push_back(h);
  LIAISON_RETURN_IF_ERROR(generate_self_signed(opts.party + " liaison node", dns,
                                               {"127.0.0.1", "::1"}, opts.dir + "/tls/cert.pem",
                                               opts.dir + "/tls/key.pem"));

  NodeConfig cfg;
  cfg.party = opts.party;
  cfg.name = opts.name;
  cfg.timezone = opts.timezone;
  LIAISON_RETURN_IF_ERROR(save_config(opts.dir + "/config.toml", cfg));
  ::chmod((opts.dir + "/config.toml").c_str(), 0600);
  {
    // SQLite gives the -wal and -shm files the database file's mode.
    int fd = ::open((opts.dir + "/liaison.db").c_str(), O_WRONLY | O_CREAT, 0600);
    if (fd >= 0) ::close(fd);
  }

  LIAISON_ASSIGN_OR_RETURN(auto node, Node::open(opts.dir, clock, kinds));
  Party self{opts.party, opts.name, opts.timezone, key.public_key_b64(), true};
  LIAISON_RETURN_IF_ERROR(node->add_party(self));

  InitResult res;
  res.admin_user = opts.admin_user;
  res.admin_password = opts.admin_password.empty() ? generate_password() : opts.admin_password;
  Actor system{"", Role::kAdministrator, "cli"};
  LIAISON_RETURN_IF_ERROR(add_user(*node, system, res.admin_user, "Administrator",
                                   Role::kAdministrator, res.admin_password)
                              .status());
  res.public_key_b64 = key.public_key_b64();
  LIAISON_ASSIGN_OR_RETURN(res.tls_fingerprint,
                           certificate_fingerprint(opts.dir + "/tls/cert.pem"));
  return res;
}

Result<int> secure_data_dir(const std::string& dir) {
  std::error_code ec;
  for (const char* key : {"keys/node.key", "keys/blob.key", "keys/webhook.secret", "tls/key.pem"}) {
    struct stat st {};
    const std::string path = dir + "/" + key;
    if (::stat(path.c_str(), &st) != 0) continue;
    if ((st.st_mode & 077) != 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
      return Status(StatusCode::kPermissionDenied,
                    path + " is readable by others (mode " + mode +
                        "): a key must be the node user's only; run chmod 600 " + path +
                        " (and consider the key compromised if others read it)",
                    "data");
    }
  }
  int tightened = 0;
  auto tighten = [&](const fs::path& p, bool is_dir) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
    const mode_t want = is_dir ? 0700 : 0600;
    if ((st.st_mode & 077) != 0 && ::chmod(p.c_str(), (st.st_mode & 0700) | (want & 0700)) == 0) {
      ++tightened;
    }
  };
  tighten(dir, true);
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    tighten(it->path(), it->is_directory(ec));
  }
  return tightened;
}

Node::Node(const Clock& clock) : clock_(clock) {
  static std::atomic<uint64_t> opened{0};
  serial_ = ++opened;
}

Result<std::unique_ptr<Node>> Node::open(const std::string& dir, const Clock& clock,
                                         const ledger::KindRegistry& kinds) {
  if (!fs::exists(dir + "/config.toml")) {
    return not_found("no liaison node in " + dir + " (run `liaison init` first)", "data");
  }
  std::unique_ptr<Node> n(new Node(clock));
  n->dir_ = dir;
  LIAISON_ASSIGN_OR_RETURN(n->config_, load_config(dir + "/config.toml"));
  LIAISON_ASSIGN_OR_RETURN(std::string key_b64, read_file(dir + "/keys/node.key"));
  LIAISON_ASSIGN_OR_RETURN(ledger::SigningKey key, ledger::SigningKey::from_b64(key_b64));
  LIAISON_ASSIGN_OR_RETURN(std::string blob_b64, read_file(dir + "/keys/blob.key"));
  auto blob = from_base64(blob_b64);
  if (!blob || blob->size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return invalid_argument("keys/blob.key is malformed")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kKeyBase64));
  }
  n->blob_key_ = *blob;
  store::Pool::SchemaSteps schema;
  for (const ledger::SchemaStep& step : kinds.schema()) {
    store::SchemaStepSql run{step.name, step.sql, step.made_by_migrations_1_to_10};
    if (step.replays_observers || step.after) {
      const std::string_view owner = kinds.owner_of_step(step.name);
      run.after = [&kinds, owner, name = step.name, replays = step.replays_observers,
                   after = step.after](store::Db& db) -> Status {
        if (replays) {
          spdlog::info("schema step {}: passing the stored records to {}'s observers", name, owner);
          auto log = store::open_record_log(db);
          LIAISON_RETURN_IF_ERROR(kinds.replay_observers(owner, *log));
        }
        return after ? after(db) : Status::ok();
      };
    }
    schema.push_back(std::move(run));
  }
  const char* kind_env = std::getenv("LIAISON_STORE");
  const std::string kind = kind_env && *kind_env ? kind_env : n->config_.store_kind;
  LIAISON_ASSIGN_OR_RETURN(store::Opener open_db, store::opener(kind));
  LIAISON_ASSIGN_OR_RETURN(n->pool_,
                           store::Pool::open(std::move(open_db), dir + "/liaison.db", schema));
  n->ledger_ = std::make_unique<ledger::Ledger>(n->config_.party, std::move(key), clock, kinds,
                                                &store::open_record_log);
  return n;
}

bool Node::store_ready() {
  return pool_->read([](store::Db& db) { return store::schema_ready(db); }).is_ok();
}

Result<std::vector<Party>> Node::parties() {
  std::vector<Party> out;
  LIAISON_RETURN_IF_ERROR(pool_->read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto rows, store::party_rows(db));
    for (auto& r : rows) {
      out.push_back({std::move(r.code), std::move(r.name), std::move(r.timezone),
                     std::move(r.public_key_b64), r.is_local});
    }
    return Status::ok();
  }));
  return out;
}

Status Node::add_party(const Party& p) {
  if (!valid_party_code(p.code))
    return invalid_argument("bad party code", "code").with_reason(Reason::kInvalidPartyCode);
  if (p.name.empty())
    return invalid_argument("party name must not be empty", "name").with_reason(Reason::kRequired);
  if (!valid_timezone(p.timezone))
    return invalid_argument("unknown time zone", "timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  if (!p.public_key_b64.empty()) {
    auto raw = from_base64(p.public_key_b64);
    if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) {
      return invalid_argument("public key must be 32 bytes of base64", "key")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kKeyBase64));
    }
  }
  return pool_->write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(
        store::insert_party(db, {p.code, p.name, p.timezone, p.public_key_b64, p.is_local}, now()));
    if (p.is_local) return Status::ok();
    for (const PartyAddedHook& hook : party_added_)
      LIAISON_RETURN_IF_ERROR(hook(*this, db, p.code));
    return Status::ok();
  });
}

Status Node::set_party_key(const std::string& code, const std::string& public_key_b64) {
  auto raw = from_base64(public_key_b64);
  if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) {
    return invalid_argument("public key must be 32 bytes of base64", "key")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kKeyBase64));
  }
  return pool_->write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool set, store::set_party_key_if_unset(db, code, public_key_b64));
    if (!set) {
      return failed_precondition("party " + code + " is unknown or already has a key", "code");
    }
    return Status::ok();
  });
}

Result<std::vector<std::pair<std::string, std::string>>> Node::party_keys() {
  LIAISON_ASSIGN_OR_RETURN(auto ps, parties());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : ps) {
    auto raw = from_base64(p.public_key_b64);
    if (raw && raw->size() == 32) out.emplace_back(p.code, *raw);
  }
  return out;
}

Result<std::string> node_secret(const Node& node, const std::string& rel) {
  std::string path = node.path(rel);
  auto held = read_file(path);
  if (held.is_ok() && held->size() >= 32) return *held;
  std::string secret = to_hex(random_bytes(32));
  std::error_code ec;
  fs::remove(path, ec);  // a short or empty file left by a crash: replace it
  LIAISON_RETURN_IF_ERROR(write_secret_file(path, secret + "\n"));
  return secret;
}

}  // namespace liaison::node
