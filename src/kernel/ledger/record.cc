#include "ledger/record.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "common/crypto.h"
#include "ledger/canonical_json.h"

namespace liaison::ledger {

namespace json = boost::json;

Result<std::string> Record::header() const {
  json::object o;
  o["origin"] = origin;
  o["seq"] = seq;
  o["prev_hash"] = prev_hash;
  o["created_at"] = created_at;
  o["content_hash"] = content_hash;
  return canonical_json(o);
}

namespace {
Result<json::object> content_object(const Record& r) {
  boost::system::error_code ec;
  json::value p = json::parse(r.payload, ec);
  if (ec || !p.is_object()) return invalid_argument("payload is not a JSON object", "payload");
  if (has_double(p)) return invalid_argument("payload numbers must be integers", "payload");
  json::array rec;
  for (const auto& x : r.recipients) rec.emplace_back(x);
  json::object o;
  o["kind"] = r.kind;
  o["object_id"] = r.object_id;
  o["payload"] = std::move(p);
  o["recipients"] = std::move(rec);
  return o;
}
}  // namespace

Result<std::string> Record::content() const {
  if (redacted) return failed_precondition("a redacted record has no content");
  LIAISON_ASSIGN_OR_RETURN(json::object o, content_object(*this));
  return canonical_json(o);
}

Result<std::string> Record::body() const {
  json::object o;
  o["origin"] = origin;
  o["seq"] = seq;
  o["prev_hash"] = prev_hash;
  o["created_at"] = created_at;
  o["content_hash"] = content_hash;
  if (!redacted) {
    LIAISON_ASSIGN_OR_RETURN(json::object c, content_object(*this));
    o["content"] = std::move(c);
  }
  return canonical_json(o);
}

Record Record::redact() const {
  Record r;
  r.origin = origin;
  r.seq = seq;
  r.prev_hash = prev_hash;
  r.created_at = created_at;
  r.content_hash = content_hash;
  r.redacted = true;
  r.hash = hash;
  r.signature = signature;
  return r;
}

bool Record::addressed_to(const std::string& party) const {
  for (const auto& p : recipients) {
    if (p == party) return true;
  }
  return false;
}

std::string SigningKey::public_key() const { return secret.substr(32, 32); }
std::string SigningKey::public_key_b64() const { return to_base64(public_key()); }

SigningKey SigningKey::generate() {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKey k;
  k.secret.assign(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  return k;
}

Result<SigningKey> SigningKey::from_b64(std::string_view b64) {
  auto raw = from_base64(b64);
  if (!raw || raw->size() != crypto_sign_SECRETKEYBYTES) {
    return invalid_argument("signing key is not 64 bytes of base64");
  }
  SigningKey k;
  k.secret = std::move(*raw);
  return k;
}

std::string SigningKey::to_b64() const { return to_base64(secret); }

Status seal(Record& r, const SigningKey& key) {
  if (r.redacted) return failed_precondition("cannot seal a redacted record");
  std::sort(r.recipients.begin(), r.recipients.end());
  r.recipients.erase(std::unique(r.recipients.begin(), r.recipients.end()), r.recipients.end());
  LIAISON_ASSIGN_OR_RETURN(r.payload, canonicalize(r.payload));
  LIAISON_ASSIGN_OR_RETURN(std::string content, r.content());
  r.content_hash = sha256_hex(content);
  LIAISON_ASSIGN_OR_RETURN(std::string header, r.header());
  r.hash = sha256_hex(header);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(header.data()),
                       header.size(), reinterpret_cast<const unsigned char*>(key.secret.data()));
  r.signature = to_base64(std::string_view(reinterpret_cast<char*>(sig), sizeof sig));
  return Status::ok();
}

Status verify_record(const Record& r, std::string_view public_key) {
  if (!r.redacted) {
    // One parse of the payload serves both checks: canonical form and content hash.
    LIAISON_ASSIGN_OR_RETURN(json::object content, content_object(r));
    LIAISON_ASSIGN_OR_RETURN(std::string canon_payload, canonical_json(content["payload"]));
    if (canon_payload != r.payload) {
      return invalid_argument("payload is not canonical JSON", "payload");
    }
    LIAISON_ASSIGN_OR_RETURN(std::string text, canonical_json(content));
    if (sha256_hex(text) != r.content_hash) {
      return invalid_argument("hash does not match the record's content", "hash");
    }
  }
  auto header = r.header();
  if (!header.is_ok()) return header.status();
  if (sha256_hex(*header) != r.hash) {
    return invalid_argument("hash does not match the record's header", "hash");
  }
  auto sig = from_base64(r.signature);
  if (!sig || sig->size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    return invalid_argument("signature is malformed", "signature");
  }
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                  reinterpret_cast<const unsigned char*>(header->data()),
                                  header->size(),
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    return invalid_argument("signature does not verify with the origin's key", "signature");
  }
  return Status::ok();
}

Result<Record> record_from_body(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return invalid_argument("record body is not a JSON object");
  const auto& o = v.get_object();
  Record r;
  auto str = [](const json::object& obj, const char* k, std::string& out) -> Status {
    auto* p = obj.if_contains(k);
    if (!p || !p->is_string()) return invalid_argument(std::string("missing ") + k, k);
    out = std::string(p->get_string());
    return Status::ok();
  };
  LIAISON_RETURN_IF_ERROR(str(o, "origin", r.origin));
  LIAISON_RETURN_IF_ERROR(str(o, "prev_hash", r.prev_hash));
  LIAISON_RETURN_IF_ERROR(str(o, "created_at", r.created_at));
  LIAISON_RETURN_IF_ERROR(str(o, "content_hash", r.content_hash));
  auto* seq = o.if_contains("seq");
  if (!seq || !seq->is_int64() || seq->get_int64() < 1) return invalid_argument("bad seq", "seq");
  r.seq = seq->get_int64();
  auto* c = o.if_contains("content");
  if (!c) {
    r.redacted = true;
    return r;
  }
  if (!c->is_object())
    return invalid_argument("content must be an object", "content")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& co = c->get_object();
  LIAISON_RETURN_IF_ERROR(str(co, "kind", r.kind));
  LIAISON_RETURN_IF_ERROR(str(co, "object_id", r.object_id));
  auto* p = co.if_contains("payload");
  if (!p || !p->is_object()) return invalid_argument("missing payload", "payload");
  LIAISON_ASSIGN_OR_RETURN(r.payload, canonical_json(*p));
  auto* rec = co.if_contains("recipients");
  if (!rec || !rec->is_array()) return invalid_argument("missing recipients", "recipients");
  for (const auto& e : rec->get_array()) {
    if (!e.is_string()) return invalid_argument("bad recipient", "recipients");
    r.recipients.emplace_back(e.get_string());
  }
  return r;
}

}  // namespace liaison::ledger
