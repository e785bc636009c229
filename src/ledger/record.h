// Ledger records: the signed, hash-chained facts every projection is built from (brief §4).
// A record's body is its canonical JSON (RFC 8785) without hash and signature; its hash is
// SHA-256 of the body; its signature is Ed25519 over the body by the origin's key.
// Plain value types and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::ledger {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct Record {
  std::string origin;     // party code of the node that wrote it
  int64_t seq = 0;        // 1, 2, 3 … per origin, gap-free
  std::string prev_hash;  // hash of (origin, seq-1), kGenesisHash for seq 1
  std::string kind;       // e.g. "request.draft", "request.event", "message.post"
  std::string object_id;  // the object the record is about
  std::string payload;    // canonical JSON object text
  std::string created_at; // RFC 3339 UTC, by the origin's clock
  std::vector<std::string> recipients;  // parties it is addressed to (sorted, unique)
  std::string hash;       // hex SHA-256 of body()
  std::string signature;  // base64 Ed25519 signature of body()

  // The canonical body that is hashed and signed. Fails if payload is not valid JSON.
  Result<std::string> body() const;
};

// An Ed25519 signing key. The secret never leaves this struct except to the key file.
struct SigningKey {
  std::string secret;  // 64 bytes (libsodium seed+public form)
  std::string public_key() const;  // 32 bytes
  std::string public_key_b64() const;
  static SigningKey generate();
  static Result<SigningKey> from_b64(std::string_view b64);
  std::string to_b64() const;
};

// Fills prev_hash's successor fields: computes hash and signature. `r.payload` is
// canonicalised in place.
Status seal(Record& r, const SigningKey& key);

// Checks that `r.payload` is canonical, the hash matches the body, and the signature verifies
// with `public_key` (32 raw bytes). The error message says which check failed.
Status verify_record(const Record& r, std::string_view public_key);

// Parses a body (canonical JSON) back into a record's fields (hash/signature left empty).
Result<Record> record_from_body(std::string_view body);

}  // namespace liaison::ledger
