// A liaison node: its data directory, configuration, keys, store and ledger. Created by
// init_node() (`liaison init`), opened by Node::open() for every other command.
// A Node is shared by all server threads: its members are thread-safe (the pool serialises
// writes) and immutable after open().
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "ledger/ledger.h"
#include "node/blob_owner.h"
#include "node/config.h"
#include "store/pool.h"

namespace liaison::node {

enum class Role { kAdministrator, kLiaisonOfficer, kAnalyst, kSupervisor, kPrincipal, kAuditor };
const char* to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
std::vector<Role> all_roles();

// Who may take an action: declared once, next to the action (e.g. requests::kRequestWriters
// in requests/service.h), and read both by the action's routes (http::Route::roles) and by
// the service itself, which callers other than routes reach too (the CLI, background jobs).
class RoleSet {
 public:
  constexpr RoleSet() = default;  // nobody (for a route: public, no authentication)
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= bit(r);
  }
  static constexpr RoleSet all() {
    return {Role::kAdministrator, Role::kLiaisonOfficer, Role::kAnalyst,
            Role::kSupervisor,    Role::kPrincipal,      Role::kAuditor};
  }
  constexpr bool allows(Role r) const { return (bits_ & bit(r)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  std::vector<Role> roles() const;

 private:
  static constexpr unsigned bit(Role r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

// Who is acting, for permission checks and the audit log.
struct Actor {
  std::string username;  // "" for the system
  Role role = Role::kAuditor;
  std::string remote;  // client address or "cli"
};

// ok when `who` allows the actor's role; otherwise permission_denied "role R may not WHAT".
Status require_role(const RoleSet& who, const Actor& actor, std::string_view what);

struct Party {
  std::string code, name, timezone, public_key_b64;
  bool is_local = false;
};

struct InitOptions {
  std::string dir;
  std::string party;
  std::string name;
  std::string timezone = "UTC";
  std::string admin_user = "admin";
  std::string admin_password;          // generated when empty
  std::vector<std::string> hostnames;  // extra DNS names for the certificate
};
struct InitResult {
  std::string admin_user;
  std::string admin_password;
  std::string public_key_b64;
  std::string tls_fingerprint;
};
// Creates DIR with liaison.db, keys/, tls/, config.toml and the first administrator.
// Refuses (already_exists) when DIR already holds a node.
// `kinds`: every record kind there is (app::record_kinds()); it outlives the node.
Result<InitResult> init_node(const InitOptions& opts, const Clock& clock,
                             const ledger::KindRegistry& kinds);

// Secrets at rest: refuses (permission_denied naming the file) when a key file under DIR
// (keys/*, tls/key.pem) is readable or writable by group or others, then tightens every
// directory under DIR to 0700 and every file to 0600. Returns how many it tightened. Run by
// `serve` before it opens the node; `init` creates them so.
Result<int> secure_data_dir(const std::string& dir);

class Node {
 public:
  // `kinds`: every record kind there is (app::record_kinds()); it outlives the node.
  static Result<std::unique_ptr<Node>> open(const std::string& dir, const Clock& clock,
                                            const ledger::KindRegistry& kinds);

  const std::string& dir() const { return dir_; }
  const NodeConfig& config() const { return config_; }
  NodeConfig& mutable_config() { return config_; }
  const std::string& party() const { return config_.party; }
  store::Pool& pool() { return *pool_; }
  // Whether the store answers a read (its migrations table), for GET /readyz.
  bool store_ready();
  ledger::Ledger& ledger() { return *ledger_; }
  const Clock& clock() const { return clock_; }
  std::string now() const { return format_rfc3339(clock_.now()); }
  const std::string& blob_key() const { return blob_key_; }
  // A number no other Node of this process had: a process-wide cache keys its entries by it
  // (an address could be a closed node's, reused).
  uint64_t serial() const { return serial_; }
  std::string path(const std::string& rel) const { return dir_ + "/" + rel; }

  Result<std::vector<Party>> parties();
  // Registers another party (or this one, at init) and runs the capabilities' steps for a
  // new party in the same transaction.
  Status add_party(const Party& p);
  // A capability's step when another party is added, registered by src/app/ right after
  // open() (the directory sends its live entries to the new party). Runs inside add_party's
  // write transaction; an error rolls the party back.
  using PartyAddedHook = std::function<Status(Node&, store::Db&, const std::string& party)>;
  void on_party_added(PartyAddedHook hook) { party_added_.push_back(std::move(hook)); }
  // A capability whose records carry files (node/blob_owner.h), registered by src/app/ right
  // after open(); the file transfers ask every owner in turn.
  void add_blob_owner(BlobOwner owner) { blob_owners_.push_back(std::move(owner)); }
  const std::vector<BlobOwner>& blob_owners() const { return blob_owners_; }
  // Sets the public key of a party registered without one (refuses to replace a key).
  Status set_party_key(const std::string& code, const std::string& public_key_b64);
  // (party code, raw public key) for every party with a key, for verification.
  Result<std::vector<std::pair<std::string, std::string>>> party_keys();

 private:
  Node(const Clock& clock);
  uint64_t serial_;
  std::string dir_;
  NodeConfig config_;
  const Clock& clock_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::string blob_key_;
  std::vector<PartyAddedHook> party_added_;
  std::vector<BlobOwner> blob_owners_;
};

// A hex secret kept in the data directory (e.g. "keys/webhook.secret"): read, or created
// with 32 random bytes the way the node's own keys are (0600 from the start, fsynced).
Result<std::string> node_secret(const Node& node, const std::string& rel);

}  // namespace liaison::node
