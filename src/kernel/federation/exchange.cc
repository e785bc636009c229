#include "federation/exchange.h"

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "ledger/canonical_json.h"
#include "ledger/kinds.h"
#include "store/records.h"

namespace liaison::federation {

namespace json = boost::json;

json::object to_wire(const ledger::Record& r) {
  json::object o;
  o["record"] = json::parse(*r.body());
  o["hash"] = r.hash;
  o["signature"] = r.signature;
  return o;
}

Result<ledger::Record> from_wire(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("record must be an object", "records")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& o = v.get_object();
  auto* body = o.if_contains("record");
  auto* hash = o.if_contains("hash");
  auto* sig = o.if_contains("signature");
  if (!body || !body->is_object()) return invalid_argument("missing record", "record");
  if (!hash || !hash->is_string()) return invalid_argument("missing hash", "hash");
  if (!sig || !sig->is_string()) return invalid_argument("missing signature", "signature");
  LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(*body));
  LIAISON_ASSIGN_OR_RETURN(ledger::Record r, ledger::record_from_body(text));
  r.hash = std::string(hash->get_string());
  r.signature = std::string(sig->get_string());
  return r;
}

Result<Batch> outgoing_batch(node::Node& node, const std::string& peer, int64_t after, int limit,
                             size_t max_bytes) {
  Batch batch;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::ChainHead head, store::chain_head(db, node.party()));
    batch.head = head.seq;
    size_t bytes = 0;
    return store::scan_chain(
        db, node.party(), after, limit,
        [&](const std::string& body, const std::string& hash,
            const std::string& signature) -> Result<bool> {
          LIAISON_ASSIGN_OR_RETURN(ledger::Record r, ledger::record_from_body(body));
          r.hash = hash;
          r.signature = signature;
          // TLP and every other marking: content only to the parties it is addressed to.
          if (!r.addressed_to(peer)) r = r.redact();
          // Its bytes on the wire: the body (a redacted header is smaller than the stored
          // body), the hash and signature, and the JSON around them.
          bytes += (r.redacted ? std::min<size_t>(body.size(), 512) : body.size()) + 256;
          if (!batch.records.empty() && bytes > max_bytes) return false;
          batch.records.push_back(std::move(r));
          return true;
        });
  }));
  return batch;
}

Result<int64_t> held_seq(node::Node& node, const std::string& origin) {
  int64_t seq = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::ChainHead head, store::chain_head(db, origin));
    seq = head.seq;
    return Status::ok();
  }));
  return seq;
}

Result<IngestResult> ingest_batch(node::Node& node, const std::string& origin,
                                  const std::vector<ledger::Record>& records, int64_t skew_ms) {
  std::string key;
  LIAISON_ASSIGN_OR_RETURN(auto keys, node.party_keys());
  for (const auto& [code, k] : keys) {
    if (code == origin) key = k;
  }
  if (key.empty()) return permission_denied("no key registered for party " + origin);
  for (const auto& r : records) {
    if (r.origin != origin) {
      return permission_denied("a peer may only send its own records; got one of " + r.origin);
    }
  }
  IngestResult result;
  int64_t receiptable = 0;
  TimePoint now = node.clock().now();
  // Signatures are checked in parallel before the writer is taken: Ed25519 verification is
  // the largest fixed cost per record and needs no database.
  std::vector<char> verified(records.size(), 0);
  {
    unsigned workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        for (size_t i = next++; i < records.size(); i = next++) {
          verified[i] = ledger::verify_record(records[i], key).is_ok() ? 1 : 0;
        }
      });
    }
    for (auto& t : pool) t.join();
  }
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      LIAISON_ASSIGN_OR_RETURN(store::ChainHead before, store::chain_head(db, origin));
      // A record that failed verification goes through ingest's own check, which
      // quarantines it with the reason.
      Status st = node.ledger().ingest(db, r, key, verified[i] != 0);
      if (st.code() == StatusCode::kFailedPrecondition && r.seq > before.seq + 1) {
        result.gap = true;
        break;
      }
      if (!st.is_ok()) {
        result.quarantined.emplace_back(r.seq, st.message());
        break;
      }
      if (r.seq == before.seq + 1) {
        ++result.accepted;
        // Only content addressed to us is receipted: not receipts (two nodes would answer
        // each other forever) and not redacted headers (with three nodes, each one's receipt
        // reaches the third as a header, which would start the same loop).
        if (!r.redacted && r.kind != ledger::kReceipt) ++receiptable;
        auto created = parse_rfc3339(r.created_at);
        int64_t off =
            created
                ? std::chrono::duration_cast<std::chrono::milliseconds>(*created - now).count() -
                      skew_ms
                : INT64_MAX;
        if (off > kPlausibleClockMs) {
          // Ahead of our clock (or unparseable): flagged, not silently trusted. Old
          // timestamps are normal after an outage, so only the future is implausible.
          LIAISON_RETURN_IF_ERROR(store::flag_record(db, r.origin, r.seq,
                                                     "created_at is " + std::to_string(off / 1000) +
                                                         " s ahead of our clock (after skew)"));
        }
      }
    }
    LIAISON_ASSIGN_OR_RETURN(store::ChainHead head, store::chain_head(db, origin));
    result.up_to_seq = head.seq;
    result.head_hash = head.hash;
    if (receiptable > 0) {
      json::object payload{{"origin", origin},
                           {"up_to_seq", head.seq},
                           {"head_hash", head.hash},
                           {"received_at", node.now()}};
      LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
      LIAISON_ASSIGN_OR_RETURN(
          ledger::Record receipt,
          node.ledger().append(db, ledger::kReceipt, origin + ":receipt", text, {origin}));
      result.receipt = std::move(receipt);
    }
    return Status::ok();
  }));
  return result;
}

Result<std::vector<std::string>> receipts_from(node::Node& node, const std::string& origin) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, store::receipt_docs(db, origin));
    return Status::ok();
  }));
  return out;
}

Result<QuarantinePage> quarantine_page(node::Node& node, int64_t limit) {
  QuarantinePage out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out.total, store::count_quarantine(db));
    LIAISON_ASSIGN_OR_RETURN(out.items, store::newest_quarantined(db, limit));
    return Status::ok();
  }));
  return out;
}

}  // namespace liaison::federation
