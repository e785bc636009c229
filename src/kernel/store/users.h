// Users, their sessions, API tokens, TOTP recovery codes and failed log-ins (the tables
// users, sessions, api_tokens, totp_recovery_codes, login_failures), on one connection inside
// the caller's transaction: the SQL behind node/users. Hashing, passwords and roles stay in
// node/users.cc; here a role is its wire name and a secret is only ever a hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

struct UserRow {
  std::string username, display_name, role;
  bool disabled = false;
  std::string totp_secret;  // base32; "" when TOTP is off
  std::string created_at;
  std::string password_hash;   // only from user_row()
  int64_t totp_last_step = 0;  // only from user_row()
};

// ---- users
Result<std::optional<UserRow>> user_row(Db& db, const std::string& username);
Result<std::vector<UserRow>> user_rows(Db& db);  // by username, without hashes
// already_exists naming "username" when there is one.
Status insert_user(Db& db, const UserRow& u);
Status update_user_row(Db& db, const std::string& username, const std::string& display_name,
                       const std::string& role, bool disabled);
Status set_password_hash(Db& db, const std::string& username, const std::string& hash);
// Sets the TOTP secret (and, when given, the last used step); false for an unknown user.
Result<bool> set_totp_secret(Db& db, const std::string& username, const std::string& secret_b32,
                             std::optional<int64_t> last_step = std::nullopt);
// Records `step` as the last used one when it is newer; false when it is not (a replay).
Result<bool> advance_totp_step(Db& db, const std::string& username, int64_t step);

// ---- TOTP recovery codes (by hash)
Status replace_recovery_code_hashes(Db& db, const std::string& username,
                                    const std::vector<std::string>& hashes,
                                    const std::string& created_at);
Result<bool> recovery_code_unused(Db& db, const std::string& username, const std::string& hash);
Result<int64_t> unused_recovery_codes(Db& db, const std::string& username);
// Marks an unused code used; false when it was not unused (a race lost).
Result<bool> use_recovery_code(Db& db, const std::string& username, const std::string& hash,
                               const std::string& at);

// ---- failed log-ins (by key: "user:NAME", "ip:ADDRESS"; `at` in Unix seconds)
// The most failures of any of the keys since `since`.
Result<int64_t> most_login_failures(Db& db, const std::vector<std::string>& keys, int64_t since);
// Drops failures before `purge_before` and records one for each key at `at`.
Status record_login_failures(Db& db, const std::vector<std::string>& keys, int64_t at,
                             int64_t purge_before);

// ---- sessions (by the token's hash; times in Unix seconds)
Status insert_session(Db& db, const std::string& token_hash, const std::string& username,
                      const std::string& csrf, int64_t created_at, int64_t expires_at);
Status delete_session(Db& db, const std::string& token_hash);
Status delete_sessions_of(Db& db, const std::string& username);
struct SessionRow {
  UserRow user;  // without hashes
  std::string csrf;
};
// The live session's user (a cached statement: every request asks).
Result<std::optional<SessionRow>> session_row(Db& db, const std::string& token_hash, int64_t now);

// ---- API tokens (by the token's hash)
struct TokenRow {
  std::string token_hash, username, name, created_at, expires_at;
};
Status insert_token(Db& db, const TokenRow& t);
// The user of a live token (a cached statement); `now` is RFC 3339.
Result<std::optional<UserRow>> token_user_row(Db& db, const std::string& token_hash,
                                              const std::string& now);
// Every token of `username` ("" for all), newest first.
Result<std::vector<TokenRow>> token_rows(Db& db, const std::string& username);
// Deletes the token and returns its row; nullopt when there is none (or, unless `any_owner`,
// when it is not `username`'s).
Result<std::optional<TokenRow>> delete_token(Db& db, const std::string& token_hash, bool any_owner,
                                             const std::string& username);

}  // namespace liaison::store
