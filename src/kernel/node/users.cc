#include "node/users.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

#include "common/crypto.h"
#include "node/audit.h"
#include "store/users.h"

namespace liaison::node {

namespace {

int64_t unix_now(const Node& node) {
  return std::chrono::duration_cast<std::chrono::seconds>(node.clock().now().time_since_epoch())
      .count();
}

// Test-only switch: with LIAISON_TEST_ARGON2_FAST=1 in its environment a process hashes
// passwords at libsodium's minimum argon2id cost (1 pass, 8 KiB) instead of the interactive
// cost (2 passes, 64 MiB), which was most of a test's set-up; ctest sets it for every test
// (test/CMakeLists.txt). Never set it for a real node: such hashes are cheap to guess. The
// cost is read back from each hash, so both kinds verify whatever the switch says.
bool fast_test_hashing() {
  static const bool fast = [] {
    const char* v = std::getenv("LIAISON_TEST_ARGON2_FAST");
    const bool on = v != nullptr && std::string_view(v) == "1";
    if (on) spdlog::warn("LIAISON_TEST_ARGON2_FAST=1: passwords are hashed at test cost");
    return on;
  }();
  return fast;
}

Result<std::string> hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  const bool fast = fast_test_hashing();
  const auto ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0) {
    return internal_error("out of memory hashing a password");
  }
  return std::string(out);
}

Status check_password_policy(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return invalid_argument(
               "password must have at least " + std::to_string(kMinPasswordLength) + " characters",
               "password")
        .with_reason(Reason::kPasswordTooShort,
                     {{"min", static_cast<int64_t>(kMinPasswordLength)}});
  }
  if (password.size() > 1024) {
    return invalid_argument("password too long", "password")
        .with_reason(Reason::kTooLong, {{"max", int64_t{1024}}});
  }
  return Status::ok();
}

User user_of(const store::UserRow& r) {
  User u;
  u.username = r.username;
  u.display_name = r.display_name;
  u.role = parse_role(r.role).value_or(Role::kAuditor);
  u.disabled = r.disabled;
  u.totp_enabled = !r.totp_secret.empty();
  u.created_at = r.created_at;
  return u;
}

}  // namespace

Result<std::optional<User>> find_user(store::Db& db, const std::string& username) {
  LIAISON_ASSIGN_OR_RETURN(auto row, store::user_row(db, username));
  if (!row) return std::optional<User>();
  return std::optional<User>(user_of(*row));
}

Result<std::vector<User>> users_in(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(auto rows, store::user_rows(db));
  std::vector<User> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(user_of(r));
  return out;
}

bool valid_username(const std::string& u) {
  if (u.size() < 2 || u.size() > 64 || !(u[0] >= 'a' && u[0] <= 'z')) return false;
  for (char c : u) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

Result<User> add_user(Node& node, const Actor& actor, const std::string& username,
                      const std::string& display_name, Role role, const std::string& password) {
  LIAISON_RETURN_IF_ERROR(require_role(kUserAdministrators, actor, "add users"));
  if (!valid_username(username)) {
    return invalid_argument("username must be 2-64 of a-z 0-9 . _ - starting with a letter",
                            "username")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kUsername));
  }
  if (display_name.size() > 200) {
    return invalid_argument("display name too long", "display_name")
        .with_reason(Reason::kTooLong, {{"max", int64_t{200}}});
  }
  LIAISON_RETURN_IF_ERROR(check_password_policy(password));
  LIAISON_ASSIGN_OR_RETURN(std::string hash, hash_password(password));
  User u{username, display_name.empty() ? username : display_name, role, false, false, node.now()};
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    store::UserRow row;
    row.username = u.username;
    row.display_name = u.display_name;
    row.role = to_string(role);
    row.password_hash = hash;
    row.created_at = u.created_at;
    LIAISON_RETURN_IF_ERROR(store::insert_user(db, row));
    return audit(db, node.now(), actor, "user.add", "user/" + username, to_string(role));
  }));
  return u;
}

Result<std::vector<User>> list_users(Node& node) {
  std::vector<User> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, users_in(db));
    return Status::ok();
  }));
  return out;
}

Result<User> get_user(Node& node, const std::string& username) {
  std::optional<User> u;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(u, find_user(db, username));
    return Status::ok();
  }));
  if (!u) return no_such("user", username, "username");
  return *u;
}

Result<User> update_user(Node& node, const Actor& actor, const std::string& username,
                         const UserPatch& patch) {
  LIAISON_RETURN_IF_ERROR(require_role(kUserAdministrators, actor, "change users"));
  std::string hash;
  if (patch.password) {
    LIAISON_RETURN_IF_ERROR(check_password_policy(*patch.password));
    LIAISON_ASSIGN_OR_RETURN(hash, hash_password(*patch.password));
  }
  if (patch.display_name && patch.display_name->size() > 200) {
    return invalid_argument("display name too long", "display_name")
        .with_reason(Reason::kTooLong, {{"max", int64_t{200}}});
  }
  std::optional<User> u;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(u, find_user(db, username));
    if (!u) return no_such("user", username, "username");
    std::string detail;
    if (patch.display_name) u->display_name = *patch.display_name;
    if (patch.role) {
      u->role = *patch.role;
      detail += std::string("role=") + to_string(*patch.role) + " ";
    }
    if (patch.disabled) {
      u->disabled = *patch.disabled;
      detail += std::string("disabled=") + (*patch.disabled ? "true " : "false ");
    }
    LIAISON_RETURN_IF_ERROR(
        store::update_user_row(db, username, u->display_name, to_string(u->role), u->disabled));
    if (patch.password) {
      LIAISON_RETURN_IF_ERROR(store::set_password_hash(db, username, hash));
      detail += "password ";
    }
    if (u->disabled || patch.password) {
      // A disabled user or a changed password ends every session of that user.
      LIAISON_RETURN_IF_ERROR(store::delete_sessions_of(db, username));
    }
    return audit(db, node.now(), actor, "user.update", "user/" + username, detail);
  }));
  return *u;
}

std::string totp_code(const std::string& secret, int64_t unix_seconds) {
  uint64_t counter = static_cast<uint64_t>(unix_seconds / 30);
  std::string msg(8, '\0');
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<size_t>(i)] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  std::string mac = hmac_sha1(secret, msg);
  int offset = mac[19] & 0x0f;
  uint32_t bin = ((static_cast<uint8_t>(mac[offset]) & 0x7f) << 24) |
                 (static_cast<uint8_t>(mac[offset + 1]) << 16) |
                 (static_cast<uint8_t>(mac[offset + 2]) << 8) |
                 static_cast<uint8_t>(mac[offset + 3]);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06u", bin % 1000000);
  return buf;
}

Result<std::string> enable_totp(Node& node, const Actor& actor, const std::string& username) {
  std::string secret = random_bytes(20);
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool set, store::set_totp_secret(db, username, to_base32(secret)));
    if (!set) return no_such("user", username, "username");
    return audit(db, node.now(), actor, "user.totp", "user/" + username);
  }));
  return to_base32(secret);
}

namespace {

// Percent-encodes for an otpauth URI's label and query (RFC 3986 unreserved kept).
std::string uri_escape(std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

TotpEnrolment new_totp_enrolment(const std::string& issuer, const std::string& username) {
  TotpEnrolment e;
  e.secret = to_base32(random_bytes(20));
  e.uri = "otpauth://totp/" + uri_escape(issuer) + ":" + uri_escape(username) +
          "?secret=" + e.secret + "&issuer=" + uri_escape(issuer) +
          "&algorithm=SHA1&digits=6&period=30";
  return e;
}

namespace {

std::string recovery_hash(const std::string& username, const std::string& code) {
  return sha256_hex(username + ":" + code);
}

// The canonical text of a recovery code: lower case, dashes and spaces dropped.
std::string normal_recovery_code(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Replaces `username`'s recovery codes with fresh ones, inside the caller's transaction.
Result<std::vector<std::string>> replace_recovery_codes(store::Db& db, const std::string& username,
                                                        const std::string& now) {
  std::vector<std::string> codes, hashes;
  while (codes.size() < static_cast<size_t>(kRecoveryCodes)) {
    std::string b32 = to_base32(random_bytes(10));  // 16 characters
    std::string code;
    for (char c : b32) code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    hashes.push_back(recovery_hash(username, code));
    codes.push_back(code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" +
                    code.substr(12, 4));
  }
  LIAISON_RETURN_IF_ERROR(store::replace_recovery_code_hashes(db, username, hashes, now));
  return codes;
}

// Whether `text` is one of `username`'s unused recovery codes (a read).
Result<bool> recovery_code_matches(store::Db& db, const std::string& username,
                                   const std::string& text) {
  return store::recovery_code_unused(db, username,
                                     recovery_hash(username, normal_recovery_code(text)));
}

}  // namespace

Result<int64_t> recovery_codes_left(Node& node, const Actor& actor) {
  int64_t n = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(n, store::unused_recovery_codes(db, actor.username));
    return Status::ok();
  }));
  return n;
}

Result<std::vector<std::string>> confirm_totp(Node& node, const Actor& actor,
                                              const std::string& secret_b32,
                                              const std::string& code) {
  auto secret = from_base32(secret_b32);
  if (!secret || secret->size() < 10) {
    return invalid_argument("secret is not a base32 TOTP secret", "secret")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTotpSecret));
  }
  if (code.size() != 6) {
    return invalid_argument("code must have 6 digits", "code").with_reason(Reason::kWrongCode);
  }
  const int64_t now = unix_now(node);
  int64_t step = 0;
  for (int drift : {-30, 0, 30}) {
    if (secure_equal(totp_code(*secret, now + drift), code)) step = (now + drift) / 30;
  }
  if (step == 0) {
    return invalid_argument("wrong one-time code for this secret", "code")
        .with_reason(Reason::kWrongCode);
  }
  std::vector<std::string> codes;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    // The confirming code counts as used: it cannot log in a second time.
    LIAISON_ASSIGN_OR_RETURN(bool set,
                             store::set_totp_secret(db, actor.username, secret_b32, step));
    if (!set) return no_such("user", actor.username, "username");
    LIAISON_ASSIGN_OR_RETURN(codes, replace_recovery_codes(db, actor.username, node.now()));
    return audit(db, node.now(), actor, "user.totp", "user/" + actor.username);
  }));
  return codes;
}

Status change_password(Node& node, const Actor& actor, const std::string& current,
                       const std::string& next) {
  if (Status st = check_password_policy(next); !st.is_ok()) {
    return invalid_argument(st.message(), "new_password").with_reason(st.reason(), st.params());
  }
  std::string hash;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto row, store::user_row(db, actor.username));
    if (!row) return no_such("user", actor.username, "username");
    hash = row->password_hash;
    return Status::ok();
  }));
  if (crypto_pwhash_str_verify(hash.c_str(), current.data(), current.size()) != 0) {
    return invalid_argument("the current password is wrong", "current_password")
        .with_reason(Reason::kWrongPassword);
  }
  LIAISON_ASSIGN_OR_RETURN(std::string fresh, hash_password(next));
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(store::set_password_hash(db, actor.username, fresh));
    return audit(db, node.now(), actor, "user.password", "user/" + actor.username);
  });
}

namespace {

// A log-in's second factor: a one-time code of `secret` not used before (`last_step`), or
// else one of the user's unused recovery codes (marked used in the log-in's write).
struct SecondFactor {
  bool ok = false;
  int64_t step = 0;       // the accepted code's time step (0: none)
  bool recovery = false;  // a recovery code was given
};
Result<SecondFactor> second_factor(Node& node, const std::string& username,
                                   const std::string& secret_b32, int64_t last_step,
                                   const std::string& code, int64_t now) {
  SecondFactor f;
  auto secret = from_base32(secret_b32);
  if (secret && code.size() == 6) {
    for (int drift : {-30, 0, 30}) {
      int64_t step = (now + drift) / 30;
      // Each code is good once: a step at or before the last accepted one is a replay.
      if (step > last_step && secure_equal(totp_code(*secret, now + drift), code)) {
        f.ok = true;
        f.step = step;
      }
    }
  }
  if (!f.ok && code.size() > 6) {
    LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(f.ok, recovery_code_matches(db, username, code));
      return Status::ok();
    }));
    f.recovery = f.ok;
  }
  return f;
}

// A failed log-in, counted against the user and the address (`keys`) and audited.
Status record_login_failure(Node& node, const std::string& username, const std::string& remote,
                            const std::vector<std::string>& keys, int64_t now) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(
        store::record_login_failures(db, keys, now, now - kLoginFailureWindowSeconds));
    Actor a{username, Role::kAuditor, remote};
    return audit(db, node.now(), a, "auth.login_failed", "user/" + username);
  });
}

}  // namespace

Result<std::vector<std::string>> new_recovery_codes(Node& node, const Actor& actor,
                                                    const std::string& password,
                                                    const std::string& totp) {
  const int64_t now = unix_now(node);
  bool found = false, enrolled = false;
  int64_t failures = 0, last_step = 0;
  std::string hash, secret;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(failures,
                             store::most_login_failures(db, {"user:" + actor.username},
                                                        now - kLoginFailureWindowSeconds));
    LIAISON_ASSIGN_OR_RETURN(auto row, store::user_row(db, actor.username));
    found = row.has_value();
    if (found) {
      hash = row->password_hash;
      secret = row->totp_secret;
      enrolled = !secret.empty();
      last_step = row->totp_last_step;
    }
    return Status::ok();
  }));
  if (!found) return no_such("user", actor.username, "username");
  if (!enrolled) return failed_precondition("recovery codes come with TOTP: enrol first", "totp");
  if (failures >= kMaxLoginFailures) {
    return Status(StatusCode::kResourceExhausted,
                  "too many failed attempts; try again in a few minutes");
  }
  // The same proof as a log-in (a stolen session alone must not make codes that outlive it),
  // failures counted against the user like a log-in's. 403, not 401: the session stays valid.
  const std::vector<std::string> keys = {"user:" + actor.username};
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
    LIAISON_RETURN_IF_ERROR(record_login_failure(node, actor.username, actor.remote, keys, now));
    return Status(StatusCode::kPermissionDenied, "the password is wrong", "password")
        .with_reason(Reason::kWrongPassword);
  }
  SecondFactor f;
  if (totp.size() == 6) {  // a one-time code of the app; a recovery code does not count here
    LIAISON_ASSIGN_OR_RETURN(f, second_factor(node, actor.username, secret, last_step, totp, now));
  }
  if (!f.ok) {
    if (!totp.empty()) {
      LIAISON_RETURN_IF_ERROR(record_login_failure(node, actor.username, actor.remote, keys, now));
    }
    return Status(StatusCode::kPermissionDenied,
                  totp.empty() ? "a one-time code is required" : "wrong or used one-time code",
                  "totp")
        .with_reason(totp.empty() ? Reason::kCodeRequired : Reason::kWrongCode);
  }
  std::vector<std::string> codes;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool newer, store::advance_totp_step(db, actor.username, f.step));
    if (!newer) {
      return Status(StatusCode::kPermissionDenied, "wrong or used one-time code", "totp")
          .with_reason(Reason::kWrongCode);
    }
    LIAISON_ASSIGN_OR_RETURN(codes, replace_recovery_codes(db, actor.username, node.now()));
    return audit(db, node.now(), actor, "user.recovery_codes", "user/" + actor.username);
  }));
  return codes;
}

Result<Session> login(Node& node, const std::string& username, const std::string& password,
                      const std::string& totp, const std::string& remote) {
  int64_t now = unix_now(node);
  std::string ip = remote.substr(0, remote.rfind(':'));
  std::string user_key = "user:" + username;
  std::string ip_key = "ip:" + ip;
  // 1. Rate limit and the stored hash, in a read transaction: argon2 below is slow on
  //    purpose and must not hold the single writer.
  int64_t failures = 0;
  bool found = false;
  std::string hash, totp_secret;
  int64_t totp_last_step = 0, totp_step = 0;
  bool recovery = false;  // logged in with a recovery code
  Session session;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        failures,
        store::most_login_failures(db, {user_key, ip_key}, now - kLoginFailureWindowSeconds));
    LIAISON_ASSIGN_OR_RETURN(auto row, store::user_row(db, username));
    found = row.has_value();
    if (found) {
      session.user = user_of(*row);
      hash = row->password_hash;
      totp_secret = row->totp_secret;
      totp_last_step = row->totp_last_step;
    }
    return Status::ok();
  }));
  if (failures >= kMaxLoginFailures) {
    return Status(StatusCode::kResourceExhausted,
                  "too many failed log-ins; try again in a few minutes");
  }
  // 2. Check the password (and the one-time code) with no lock held.
  bool ok = false;
  if (found) {
    ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0 &&
         !session.user.disabled;
  } else {
    // Spend comparable time so response timing does not reveal which usernames exist.
    (void)hash_password(password);
  }
  Status failure;
  if (ok && !totp_secret.empty()) {
    LIAISON_ASSIGN_OR_RETURN(SecondFactor f,
                             second_factor(node, username, totp_secret, totp_last_step, totp, now));
    const bool totp_ok = f.ok;
    totp_step = f.step;
    recovery = f.recovery;
    if (!totp_ok) {
      failure = Status(StatusCode::kUnauthenticated,
                       totp.empty() ? "a one-time code is required" : "wrong or used one-time code",
                       "totp")
                    .with_reason(totp.empty() ? Reason::kCodeRequired : Reason::kWrongCode);
      if (totp.empty()) return failure;  // asking for the code is not a failed attempt
      ok = false;
    }
  } else if (!ok) {
    failure = Status(StatusCode::kUnauthenticated, "wrong username or password", "password")
                  .with_reason(Reason::kWrongCredentials);
  }
  // 3. Record the outcome in a short write transaction.
  if (!ok) {
    LIAISON_RETURN_IF_ERROR(record_login_failure(node, username, remote, {user_key, ip_key}, now));
    return failure;
  }
  session.token = new_token();
  session.csrf = new_token();
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(store::insert_session(db, sha256_hex(session.token), username,
                                                  session.csrf, now, now + kSessionSeconds));
    if (totp_step > 0) {
      LIAISON_ASSIGN_OR_RETURN(bool newer, store::advance_totp_step(db, username, totp_step));
      if (!newer) {
        return Status(StatusCode::kUnauthenticated, "one-time code already used", "totp")
            .with_reason(Reason::kWrongCode);
      }
    }
    if (recovery) {
      LIAISON_ASSIGN_OR_RETURN(
          bool used,
          store::use_recovery_code(
              db, username, recovery_hash(username, normal_recovery_code(totp)), node.now()));
      if (!used) {
        return Status(StatusCode::kUnauthenticated, "recovery code already used", "totp")
            .with_reason(Reason::kWrongCode);
      }
    }
    Actor a{username, session.user.role, remote};
    return audit(db, node.now(), a, recovery ? "auth.login_recovery_code" : "auth.login",
                 "user/" + username);
  }));
  return session;
}

Status logout(Node& node, const std::string& token) {
  return node.pool().write(
      [&](store::Db& db) -> Status { return store::delete_session(db, sha256_hex(token)); });
}

Result<Session> session_user(Node& node, const std::string& token) {
  if (token.empty()) return Status(StatusCode::kUnauthenticated, "not logged in");
  Session s;
  bool found = false;
  int64_t now = unix_now(node);
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto row, store::session_row(db, sha256_hex(token), now));
    if (!row) return Status::ok();
    s.user = user_of(row->user);
    s.csrf = std::move(row->csrf);
    s.token = token;
    found = !s.user.disabled;
    return Status::ok();
  }));
  if (!found) return Status(StatusCode::kUnauthenticated, "session expired or unknown");
  return s;
}

Result<std::string> create_token(Node& node, const Actor& actor, const std::string& username,
                                 const std::string& name, const std::string& expires_at) {
  std::string token = "lia_" + new_token();
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto u, find_user(db, username));
    if (!u) return no_such("user", username, "user");
    LIAISON_RETURN_IF_ERROR(store::insert_token(
        db, store::TokenRow{sha256_hex(token), username, name, node.now(), expires_at}));
    return audit(db, node.now(), actor, "token.create", "user/" + username, name);
  }));
  return token;
}

Status revoke_token(Node& node, const Actor& actor, const std::string& token) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto gone, store::delete_token(db, sha256_hex(token), true, ""));
    if (!gone) return Status(StatusCode::kUnauthenticated, "unknown API token");
    return audit(db, node.now(), actor, "token.revoke", "user/" + actor.username, gone->name);
  });
}

Result<User> token_user(Node& node, const std::string& token) {
  std::optional<User> u;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto row, store::token_user_row(db, sha256_hex(token), node.now()));
    if (row) u = user_of(*row);
    return Status::ok();
  }));
  if (!u || u->disabled) return Status(StatusCode::kUnauthenticated, "unknown API token");
  return *u;
}

Result<std::vector<TokenInfo>> list_tokens(Node& node, const std::string& username) {
  std::vector<TokenInfo> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto rows, store::token_rows(db, username));
    for (auto& t : rows) {
      out.push_back(TokenInfo{std::move(t.token_hash), std::move(t.username), std::move(t.name),
                              std::move(t.created_at), std::move(t.expires_at)});
    }
    return Status::ok();
  }));
  return out;
}

Status revoke_token_id(Node& node, const Actor& actor, const std::string& id) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        auto gone, store::delete_token(db, id, actor.role == Role::kAdministrator, actor.username));
    if (!gone) return no_such("token", id);
    return audit(db, node.now(), actor, "token.revoke", "user/" + gone->username, gone->name);
  });
}

}  // namespace liaison::node
