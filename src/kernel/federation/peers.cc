#include "federation/peers.h"

#include "common/crypto.h"
#include "node/audit.h"
#include "node/tls_cert.h"

namespace liaison::federation {

Status parse_peer_url(const std::string& url, std::string& host, std::string& port) {
  const std::string scheme = "https://";
  if (url.rfind(scheme, 0) != 0)
    return invalid_argument("peer URL must start with https://", "url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
  std::string rest = url.substr(scheme.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find('/') != std::string::npos)
    return invalid_argument("peer URL must have no path", "url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
  size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos)
      return invalid_argument("bad IPv6 host in URL", "url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
    host = rest.substr(1, close - 1);
    colon = close + 1;
    if (colon >= rest.size() || rest[colon] != ':')
      return invalid_argument("URL needs a port", "url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
  } else {
    colon = rest.rfind(':');
    if (colon == std::string::npos) {
      return invalid_argument("URL needs a port", "url")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
    }
    host = rest.substr(0, colon);
  }
  port = rest.substr(colon + 1);
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
      std::stoi(port) > 65535) {
    return invalid_argument("peer URL must be https://HOST:PORT", "url")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kHttpsHostPort));
  }
  return Status::ok();
}

Result<std::string> normalise_fingerprint(const std::string& fp) {
  std::string out;
  for (char c : fp) {
    if (c == ':') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.size() != 64 || !from_hex(out)) {
    return invalid_argument("TLS fingerprint must be a SHA-256 in hex", "tls_fingerprint")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kSha256Hex));
  }
  return out;
}

Status add_peer(node::Node& node, const node::Actor& actor, const PeerSpec& spec) {
  if (!node::valid_party_code(spec.party))
    return invalid_argument("bad party code", "party").with_reason(Reason::kInvalidPartyCode);
  if (spec.party == node.party())
    return invalid_argument("a node cannot peer with itself", "party")
        .with_reason(Reason::kSelfRequest);
  std::string host, port;
  LIAISON_RETURN_IF_ERROR(parse_peer_url(spec.url, host, port));
  LIAISON_ASSIGN_OR_RETURN(std::string fp, normalise_fingerprint(spec.tls_fingerprint));
  auto key = from_base64(spec.key_b64);
  if (!key || key->size() != 32)
    return invalid_argument("key must be 32 bytes of base64", "key")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kKeyBase64));
  // This node's own identity pasted by mistake: it would sync with itself under another name.
  if (spec.key_b64 == node.ledger().key().public_key_b64()) {
    // (No reason: the console shows this message as it is; no translation says it better.)
    return invalid_argument("this is this node's own signing key, not a peer's", "key");
  }
  if (auto own = node::certificate_fingerprint(node.dir() + "/tls/cert.pem");
      own.is_ok() && *own == fp) {
    return invalid_argument("this is this node's own TLS certificate, not a peer's",
                            "tls_fingerprint");
  }
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  const node::Party* existing = nullptr;
  for (const auto& p : parties) {
    if (p.code == spec.party) existing = &p;
  }
  if (existing && !existing->public_key_b64.empty() && existing->public_key_b64 != spec.key_b64) {
    return already_exists("party " + spec.party + " is registered with another key", "key");
  }
  if (!existing) {
    LIAISON_RETURN_IF_ERROR(
        node.add_party(node::Party{spec.party, spec.name.empty() ? spec.party : spec.name,
                                   spec.timezone, spec.key_b64, false}));
  } else if (existing->public_key_b64.empty()) {
    LIAISON_RETURN_IF_ERROR(node.set_party_key(spec.party, spec.key_b64));
  }
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(store::upsert_peer(db, spec.party, spec.url, fp, node.now()));
    return node::audit(db, node.now(), actor, "peer.add", "peer/" + spec.party, spec.url);
  });
}

Status remove_peer(node::Node& node, const node::Actor& actor, const std::string& party) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool removed, store::delete_peer(db, party));
    if (!removed) {
      return not_found("no peer " + party, "party")
          .with_reason(Reason::kUnknownPeer, {{"party", party}});
    }
    return node::audit(db, node.now(), actor, "peer.remove", "peer/" + party);
  });
}

Result<std::vector<Peer>> list_peers(node::Node& node) {
  std::vector<Peer> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, store::peer_rows(db, node.party()));
    return Status::ok();
  }));
  return out;
}

namespace {
Result<std::optional<Peer>> one_peer(node::Node& node, store::PeerKey key, const std::string& v) {
  std::optional<Peer> out;
  if (v.empty()) return out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, store::peer_row(db, node.party(), key, v));
    return Status::ok();
  }));
  return out;
}
}  // namespace

Result<std::optional<Peer>> peer_by_fingerprint(node::Node& node, const std::string& fingerprint) {
  return one_peer(node, store::PeerKey::kFingerprint, fingerprint);
}

Result<std::optional<Peer>> peer_by_party(node::Node& node, const std::string& party) {
  return one_peer(node, store::PeerKey::kParty, party);
}

Status note_contact(node::Node& node, const std::string& party, const std::string& error,
                    std::optional<int64_t> skew_ms, std::optional<int64_t> rtt_ms,
                    std::optional<int64_t> remote_head) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::update_peer_contact(db, party, error, node.now(), skew_ms, rtt_ms, remote_head);
  });
}

Status note_pushed(node::Node& node, const std::string& party, int64_t up_to_seq) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::set_peer_pushed(db, party, up_to_seq, false, node.now(), node.party());
  });
}

Status note_refused(node::Node& node, const std::string& party, int64_t seq,
                    const std::string& reason) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::set_peer_refused(db, party, seq, reason.substr(0, 2000), node.now());
  });
}

Status note_pushed_at_least(node::Node& node, const std::string& party, int64_t seq) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::set_peer_pushed(db, party, seq, true, node.now(), node.party());
  });
}

}  // namespace liaison::federation
