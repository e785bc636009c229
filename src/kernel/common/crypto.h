// Small wrappers over libsodium: hashing, randomness, encodings, identifiers.
// All functions are thread-safe once crypto_init() has run (call it at program start).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liaison {

// Initialises libsodium; returns false if it cannot (the program must stop).
bool crypto_init();

std::string sha256_hex(std::string_view data);
std::array<uint8_t, 32> sha256(std::string_view data);

// SHA-256 over a stream of pieces (OpenSSL: SHA-NI where the CPU has it, several times
// libsodium's portable code on a 200 MiB attachment). One thread at a time; movable.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(Sha256Stream&& o) noexcept : ctx_(o.ctx_) { o.ctx_ = nullptr; }
  Sha256Stream& operator=(Sha256Stream&& o) noexcept;
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(std::string_view data);
  // The lower-case hex digest; the stream starts again empty.
  std::string finish_hex();

 private:
  void* ctx_;  // EVP_MD_CTX
};

std::string to_hex(const uint8_t* data, size_t n);
inline std::string to_hex(std::string_view s) {
  return to_hex(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
std::optional<std::string> from_hex(std::string_view hex);
std::string to_base64(std::string_view bytes);  // standard alphabet, padded
std::optional<std::string> from_base64(std::string_view b64);
std::string to_base64url(std::string_view bytes);  // URL-safe, unpadded

std::string random_bytes(size_t n);
// A random version-4 UUID in lower-case text form.
std::string new_uuid();
// A random URL-safe token of `bytes` random bytes (for sessions, CSRF, API tokens).
std::string new_token(size_t bytes = 32);

// Constant-time comparison of equal-length secrets.
bool secure_equal(std::string_view a, std::string_view b);

// HMAC-SHA1 (TOTP, RFC 6238) and HMAC-SHA256.
std::string hmac_sha1(std::string_view key, std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// RFC 4648 base32 (TOTP secrets), upper-case, unpadded.
std::string to_base32(std::string_view bytes);
std::optional<std::string> from_base32(std::string_view b32);

}  // namespace liaison
