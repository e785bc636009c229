#include "store/users.h"

namespace liaison::store {

namespace {

constexpr const char* kUserColumns =
    "username, display_name, role, disabled, totp_secret, created_at";

// The columns of kUserColumns, from column `first` on.
UserRow user_of(Stmt& q, int first = 0) {
  UserRow u;
  u.username = q.text(first);
  u.display_name = q.text(first + 1);
  u.role = q.text(first + 2);
  u.disabled = q.int64(first + 3) != 0;
  u.totp_secret = q.text(first + 4);
  u.created_at = q.text(first + 5);
  return u;
}

}  // namespace

// ---- users

Result<std::optional<UserRow>> user_row(Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare(std::string("SELECT ") + kUserColumns +
                                              ", password_hash, totp_last_step FROM users "
                                              "WHERE username=?"));
  q.bind(1, username);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<UserRow>();
  UserRow u = user_of(q);
  u.password_hash = q.text(6);
  u.totp_last_step = q.int64(7);
  return std::optional<UserRow>(std::move(u));
}

Result<std::vector<UserRow>> user_rows(Db& db) {
  std::vector<UserRow> out;
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back(user_of(q));
  }
  return out;
}

Status insert_user(Db& db, const UserRow& u) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("INSERT INTO users(username, display_name, role, "
                                              "password_hash, created_at) VALUES(?,?,?,?,?)"));
  q.bind(1, u.username).bind(2, u.display_name).bind(3, u.role).bind(4, u.password_hash);
  q.bind(5, u.created_at);
  Status st = q.run();
  if (st.code() == StatusCode::kAlreadyExists) {
    return already_exists("user " + u.username + " exists", "username")
        .with_reason(Reason::kAlreadyExists, {{"value", u.username}});
  }
  return st;
}

Status update_user_row(Db& db, const std::string& username, const std::string& display_name,
                       const std::string& role, bool disabled) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("UPDATE users SET display_name=?, role=?, disabled=? WHERE username=?"));
  q.bind(1, display_name).bind(2, role).bind(3, disabled ? 1 : 0).bind(4, username);
  return q.run();
}

Status set_password_hash(Db& db, const std::string& username, const std::string& hash) {
  LIAISON_ASSIGN_OR_RETURN(Stmt p, db.prepare("UPDATE users SET password_hash=? WHERE username=?"));
  p.bind(1, hash).bind(2, username);
  return p.run();
}

Result<bool> set_totp_secret(Db& db, const std::string& username, const std::string& secret_b32,
                             std::optional<int64_t> last_step) {
  if (last_step) {
    LIAISON_ASSIGN_OR_RETURN(
        Stmt q, db.prepare("UPDATE users SET totp_secret=?, totp_last_step=? WHERE username=?"));
    q.bind(1, secret_b32).bind(2, *last_step).bind(3, username);
    LIAISON_RETURN_IF_ERROR(q.run());
  } else {
    LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("UPDATE users SET totp_secret=? WHERE username=?"));
    q.bind(1, secret_b32).bind(2, username);
    LIAISON_RETURN_IF_ERROR(q.run());
  }
  return db.changes() > 0;
}

Result<bool> advance_totp_step(Db& db, const std::string& username, int64_t step) {
  // Conditional on the step still being newer, so two log-ins racing with one code cannot
  // both win.
  LIAISON_ASSIGN_OR_RETURN(Stmt t, db.prepare("UPDATE users SET totp_last_step=? WHERE "
                                              "username=? AND totp_last_step < ?"));
  t.bind(1, step).bind(2, username).bind(3, step);
  LIAISON_RETURN_IF_ERROR(t.run());
  return db.changes() > 0;
}

// ---- TOTP recovery codes

Status replace_recovery_code_hashes(Db& db, const std::string& username,
                                    const std::vector<std::string>& hashes,
                                    const std::string& created_at) {
  LIAISON_ASSIGN_OR_RETURN(Stmt del, db.prepare("DELETE FROM totp_recovery_codes WHERE "
                                                "username=?"));
  del.bind(1, username);
  LIAISON_RETURN_IF_ERROR(del.run());
  LIAISON_ASSIGN_OR_RETURN(Stmt ins, db.prepare("INSERT INTO totp_recovery_codes(username, "
                                                "code_hash, created_at) VALUES(?,?,?)"));
  for (const auto& h : hashes) {
    ins.reset();
    ins.bind(1, username).bind(2, h).bind(3, created_at);
    LIAISON_RETURN_IF_ERROR(ins.run());
  }
  return Status::ok();
}

Result<bool> recovery_code_unused(Db& db, const std::string& username, const std::string& hash) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT 1 FROM totp_recovery_codes WHERE "
                                              "username=? AND code_hash=? AND used_at=''"));
  q.bind(1, username).bind(2, hash);
  return q.step();
}

Result<int64_t> unused_recovery_codes(Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT count(*) FROM totp_recovery_codes WHERE "
                                              "username=? AND used_at=''"));
  q.bind(1, username);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row ? q.int64(0) : 0;
}

Result<bool> use_recovery_code(Db& db, const std::string& username, const std::string& hash,
                               const std::string& at) {
  // Conditional on the code being unused, so two log-ins racing with it cannot both win.
  LIAISON_ASSIGN_OR_RETURN(Stmt u, db.prepare("UPDATE totp_recovery_codes SET used_at=? WHERE "
                                              "username=? AND code_hash=? AND used_at=''"));
  u.bind(1, at).bind(2, username).bind(3, hash);
  LIAISON_RETURN_IF_ERROR(u.run());
  return db.changes() > 0;
}

// ---- failed log-ins

Result<int64_t> most_login_failures(Db& db, const std::vector<std::string>& keys, int64_t since) {
  if (keys.empty()) return 0;
  std::string marks;
  for (size_t i = 0; i < keys.size(); ++i) marks += i ? ", ?" : "?";
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("SELECT count(*) FROM login_failures WHERE key IN (" + marks +
                                      ") AND at >= ? GROUP BY key ORDER BY count(*) "
                                      "DESC LIMIT 1"));
  int i = 1;
  for (const auto& k : keys) q.bind(i++, k);
  q.bind(i, since);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  return row ? q.int64(0) : 0;
}

Status record_login_failures(Db& db, const std::vector<std::string>& keys, int64_t at,
                             int64_t purge_before) {
  LIAISON_ASSIGN_OR_RETURN(Stmt purge, db.prepare("DELETE FROM login_failures WHERE at < ?"));
  purge.bind(1, purge_before);
  LIAISON_RETURN_IF_ERROR(purge.run());
  LIAISON_ASSIGN_OR_RETURN(Stmt f, db.prepare("INSERT INTO login_failures(key, at) VALUES(?,?)"));
  for (const auto& k : keys) {
    f.reset();
    f.bind(1, k).bind(2, at);
    LIAISON_RETURN_IF_ERROR(f.run());
  }
  return Status::ok();
}

// ---- sessions

Status insert_session(Db& db, const std::string& token_hash, const std::string& username,
                      const std::string& csrf, int64_t created_at, int64_t expires_at) {
  LIAISON_ASSIGN_OR_RETURN(Stmt s, db.prepare("INSERT INTO sessions(token_hash, username, csrf, "
                                              "created_at, expires_at) VALUES(?,?,?,?,?)"));
  s.bind(1, token_hash).bind(2, username).bind(3, csrf).bind(4, created_at).bind(5, expires_at);
  return s.run();
}

Status delete_session(Db& db, const std::string& token_hash) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("DELETE FROM sessions WHERE token_hash=?"));
  q.bind(1, token_hash);
  return q.run();
}

Status delete_sessions_of(Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(Stmt d, db.prepare("DELETE FROM sessions WHERE username=?"));
  d.bind(1, username);
  return d.run();
}

Result<std::optional<SessionRow>> session_row(Db& db, const std::string& token_hash, int64_t now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * q, db.cached("SELECT u.username, u.display_name, u.role, u.disabled, u.totp_secret, "
                          "u.created_at, s.csrf FROM sessions s JOIN users u USING(username) "
                          "WHERE s.token_hash=? AND s.expires_at > ?"));
  StmtReset reset(*q);
  q->bind(1, token_hash).bind(2, now);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row) return std::optional<SessionRow>();
  return std::optional<SessionRow>(SessionRow{user_of(*q), q->text(6)});
}

// ---- API tokens

Status insert_token(Db& db, const TokenRow& t) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("INSERT INTO api_tokens(token_hash, username, name, "
                                              "created_at, expires_at) VALUES(?,?,?,?,?)"));
  q.bind(1, t.token_hash).bind(2, t.username).bind(3, t.name).bind(4, t.created_at);
  q.bind(5, t.expires_at);
  return q.run();
}

Result<std::optional<UserRow>> token_user_row(Db& db, const std::string& token_hash,
                                              const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * q, db.cached("SELECT u.username, u.display_name, u.role, u.disabled, u.totp_secret, "
                          "u.created_at FROM api_tokens t JOIN users u USING(username) "
                          "WHERE t.token_hash=? AND (t.expires_at = '' OR t.expires_at > ?)"));
  StmtReset reset(*q);
  q->bind(1, token_hash).bind(2, now);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row) return std::optional<UserRow>();
  return std::optional<UserRow>(user_of(*q));
}

Result<std::vector<TokenRow>> token_rows(Db& db, const std::string& username) {
  std::vector<TokenRow> out;
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT token_hash, username, name, created_at, expires_at FROM "
                         "api_tokens WHERE ?1 = '' OR username = ?1 "
                         "ORDER BY created_at DESC, name"));
  q.bind(1, username);
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back(TokenRow{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  }
  return out;
}

Result<std::optional<TokenRow>> delete_token(Db& db, const std::string& token_hash, bool any_owner,
                                             const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q,
                           db.prepare("DELETE FROM api_tokens WHERE token_hash = ?1 AND (?2 OR "
                                      "username = ?3) RETURNING username, name"));
  q.bind(1, token_hash).bind(2, static_cast<int64_t>(any_owner ? 1 : 0)).bind(3, username);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<TokenRow>();
  TokenRow t;
  t.token_hash = token_hash;
  t.username = q.text(0);
  t.name = q.text(1);
  q.reset();  // finishes the DELETE before the caller writes again
  return std::optional<TokenRow>(std::move(t));
}

}  // namespace liaison::store
