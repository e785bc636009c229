// Ledger records: the signed, hash-chained facts every projection is built from (brief §4).
//
// A record has a header {origin, seq, prev_hash, created_at, content_hash} and a content
// {kind, object_id, payload, recipients}. content_hash = SHA-256 of the canonical content
// (RFC 8785); the record's hash is SHA-256 of the canonical header, and its Ed25519
// signature signs the canonical header. So a party that is not a recipient can be sent a
// *redacted* record (header, hash and signature only): it can verify the origin's whole
// chain — like a Certificate Transparency log — without ever seeing content that was not
// addressed to it. Plain value types and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::ledger {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct Record {
  // header
  std::string origin;        // party code of the node that wrote it
  int64_t seq = 0;           // 1, 2, 3 … per origin, gap-free
  std::string prev_hash;     // hash of (origin, seq-1), kGenesisHash for seq 1
  std::string created_at;    // RFC 3339 UTC, by the origin's clock
  std::string content_hash;  // hex SHA-256 of content()
  // content (empty when redacted)
  bool redacted = false;
  std::string kind;       // e.g. "request.draft", "request.event", "message.post", "receipt"
  std::string object_id;  // the object the record is about
  std::string payload;    // canonical JSON object text
  std::vector<std::string> recipients;  // parties it is addressed to (sorted, unique)
  // seal
  std::string hash;       // hex SHA-256 of header()
  std::string signature;  // base64 Ed25519 signature of header()

  Result<std::string> header() const;
  Result<std::string> content() const;
  // The canonical stored/wire form: the header's members plus "content" unless redacted.
  Result<std::string> body() const;
  // A copy without content, for a party the record is not addressed to.
  Record redact() const;
  bool addressed_to(const std::string& party) const;
};

// An Ed25519 signing key. The secret never leaves this struct except to the key file.
struct SigningKey {
  std::string secret;              // 64 bytes (libsodium seed+public form)
  std::string public_key() const;  // 32 bytes
  std::string public_key_b64() const;
  static SigningKey generate();
  static Result<SigningKey> from_b64(std::string_view b64);
  std::string to_b64() const;
};

// Canonicalises payload and recipients in place and computes content_hash, hash, signature.
Status seal(Record& r, const SigningKey& key);

// Checks (unless redacted) that the payload is canonical and content_hash matches the
// content; then that the hash matches the header and the signature verifies with
// `public_key` (32 raw bytes). The error's field says which check failed.
Status verify_record(const Record& r, std::string_view public_key);

// Parses a body (as produced by body()) back into a record (hash/signature left empty).
Result<Record> record_from_body(std::string_view body);

}  // namespace liaison::ledger
