// Users, passwords (argon2id), sessions with CSRF tokens, API tokens, TOTP and login rate
// limiting. Local to a node (not on the ledger). Thread-safe through the node's pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::node {

// Who may manage accounts (routes and service alike), and who may read the list of them.
inline constexpr RoleSet kUserAdministrators{Role::kAdministrator};
inline constexpr RoleSet kUserReaders{Role::kAdministrator, Role::kAuditor};

struct User {
  std::string username, display_name;
  Role role = Role::kAuditor;
  bool disabled = false;
  bool totp_enabled = false;
  std::string created_at;
};

inline constexpr size_t kMinPasswordLength = 12;
inline constexpr int kMaxLoginFailures = 5;             // per user and per address …
inline constexpr int kLoginFailureWindowSeconds = 300;  // … within five minutes
inline constexpr int kSessionSeconds = 12 * 3600;

// Usernames: 2–64 of [a-z0-9._-], starting with a letter.
bool valid_username(const std::string& u);

Result<User> add_user(Node& node, const Actor& actor, const std::string& username,
                      const std::string& display_name, Role role, const std::string& password);
Result<std::vector<User>> list_users(Node& node);
// The same inside the caller's transaction: every user by name, or one.
Result<std::vector<User>> users_in(store::Db& db);
Result<std::optional<User>> find_user(store::Db& db, const std::string& username);
Result<User> get_user(Node& node, const std::string& username);
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<bool> disabled;
  std::optional<std::string> password;
};
Result<User> update_user(Node& node, const Actor& actor, const std::string& username,
                         const UserPatch& patch);
// Enables TOTP for a user and returns the base32 secret (for an authenticator app).
Result<std::string> enable_totp(Node& node, const Actor& actor, const std::string& username);
// RFC 6238 code (6 digits, 30 s step) for a raw secret at a time.
std::string totp_code(const std::string& secret, int64_t unix_seconds);

// Self-service enrolment in two steps, with nothing stored until the code checks: a fresh
// base32 secret and its otpauth:// URI (for a QR code), then confirm_totp() with a code the
// authenticator app shows for it. Errors: invalid_argument naming "secret" or "code".
struct TotpEnrolment {
  std::string secret;  // base32
  std::string uri;     // otpauth://totp/<issuer>:<username>?secret=…&issuer=…
};
TotpEnrolment new_totp_enrolment(const std::string& issuer, const std::string& username);
// Returns the user's new recovery codes (below), shown this once.
Result<std::vector<std::string>> confirm_totp(Node& node, const Actor& actor,
                                              const std::string& secret_b32,
                                              const std::string& code);

// Recovery codes: kRecoveryCodes codes a user with TOTP may log in with instead of a one-time
// code, each once ("k7d2-m9qa-x4ve-3ntb": 16 base32 characters, 80 random bits; dashes,
// spaces and case do not matter). Only SHA-256(username ":" code) is stored: the codes are
// random, not chosen by people, so nobody can try 2^80 of them against a stolen database
// and a slow password hash would only slow the log-in down (it checks every unused code).
// Issuing new ones (at TOTP confirmation, or on request) voids the old ones.
inline constexpr int kRecoveryCodes = 10;
// Asks for the actor's password and a current one-time code again (permission_denied naming
// "password" or "totp"; failures count against the user like a log-in's);
// failed_precondition naming "totp" when the actor has no TOTP.
Result<std::vector<std::string>> new_recovery_codes(Node& node, const Actor& actor,
                                                    const std::string& password,
                                                    const std::string& totp);
// How many of the actor's recovery codes are unused.
Result<int64_t> recovery_codes_left(Node& node, const Actor& actor);
// Changes the actor's own password; the current one must match (invalid_argument naming
// "current_password" otherwise, so a wrong guess does not end the session), the new one
// passes the policy (naming "new_password").
Status change_password(Node& node, const Actor& actor, const std::string& current,
                       const std::string& next);

struct Session {
  std::string token;  // the cookie value (only its hash is stored)
  std::string csrf;
  User user;
};
// Checks the password (and TOTP when enabled) with rate limiting. Errors:
// unauthenticated (field "password" or "totp"), resource_exhausted when rate limited.
Result<Session> login(Node& node, const std::string& username, const std::string& password,
                      const std::string& totp, const std::string& remote);
Status logout(Node& node, const std::string& token);
// The session's user and CSRF token, or unauthenticated.
Result<Session> session_user(Node& node, const std::string& token);

// Creates an API token for `username`; returns the token text (shown once). `expires_at`:
// RFC 3339 UTC as Node::now() writes it, or "" for a token that does not expire.
Result<std::string> create_token(Node& node, const Actor& actor, const std::string& username,
                                 const std::string& name, const std::string& expires_at = "");
// A token as its owner and administrators see it: never the token text. `id` is the token's
// SHA-256 (what is stored), enough to revoke it and useless to log in with.
struct TokenInfo {
  std::string id, username, name, created_at, expires_at;
};
inline constexpr size_t kMaxTokenNameLength = 100;
inline constexpr int kMaxTokenDays = 366;
// Every token of `username`, or of every user when `username` is empty; newest first.
Result<std::vector<TokenInfo>> list_tokens(Node& node, const std::string& username);
// Revokes the token `id` (TokenInfo::id). Its owner or an administrator may; anyone else gets
// not_found, as for an id that does not exist.
Status revoke_token_id(Node& node, const Actor& actor, const std::string& id);
Result<User> token_user(Node& node, const std::string& token);
// Revokes the API token `token` (a log-out with a bearer token ends that token).
Status revoke_token(Node& node, const Actor& actor, const std::string& token);

}  // namespace liaison::node
