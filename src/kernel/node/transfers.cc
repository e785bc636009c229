#include "node/transfers.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "common/crypto.h"
#include "node/audit.h"
#include "node/blobs.h"
#include "node/store_helpers.h"

namespace liaison::node {

namespace {

bool valid_sha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Test-only fault switch: with LIAISON_TEST_TAMPER_BLOB_AT=N in its environment, a node
// serves byte N of every blob it sends altered, so an integration test can run a real sender
// that lies (docs/ARCHITECTURE.md). Read once; unset in every real deployment.
int64_t tamper_offset() {
  static const int64_t at = [] {
    const char* v = std::getenv("LIAISON_TEST_TAMPER_BLOB_AT");
    return v && *v ? std::strtoll(v, nullptr, 10) : int64_t{-1};
  }();
  return at;
}

// Test-only fault switch: with LIAISON_TEST_BLOB_HOLD=PATH, while the file PATH exists this
// node serves only the first range of a blob and answers the rest "unavailable", like a link
// that dropped after it: an end-to-end test sees a transfer stand "arriving" with its
// progress, then lets it finish by removing PATH (no timing involved). Unset in every real
// deployment.
bool held_back(int64_t offset) {
  static const std::string path = [] {
    const char* v = std::getenv("LIAISON_TEST_BLOB_HOLD");
    return std::string(v ? v : "");
  }();
  std::error_code ec;
  return offset > 0 && !path.empty() && std::filesystem::exists(path, ec);
}

Result<Transfer> transfer_from(store::Stmt& q) {
  Transfer t;
  t.sha256 = q.text(0);
  t.origin = q.text(1);
  t.state = q.text(2);
  t.size = q.int64(3);
  t.received_bytes = q.int64(4);
  t.fetched_bytes = q.int64(5);
  t.resumed_from = q.int64(6);
  t.attempts = q.int64(7);
  t.reason = q.text(8);
  t.last_error = q.text(9);
  t.started_at = q.text(10);
  t.updated_at = q.text(11);
  t.completed_at = q.text(12);
  t.code = q.text(13);
  return t;
}

// Tells every owner that a file moved, inside the caller's write transaction.
Status tell_owners(Node& node, store::Db& db, const BlobMoved& m) {
  for (const BlobOwner& owner : node.blob_owners()) {
    if (owner.moved) LIAISON_RETURN_IF_ERROR(owner.moved(node, db, m));
  }
  return Status::ok();
}

}  // namespace

Result<BlobRange> serve_blob(Node& node, const std::string& peer, const std::string& sha256,
                             int64_t offset, int64_t length) {
  if (!valid_sha(sha256)) {
    return invalid_argument("sha256 must be 64 lower-case hex digits", "sha256");
  }
  if (offset < 0) return invalid_argument("offset must be a non-negative integer", "offset");
  if (length < 1 || length > kMaxServeBytes) {
    return invalid_argument("length must be 1 to " + std::to_string(kMaxServeBytes), "length");
  }
  bool addressed = false;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    for (const BlobOwner& owner : node.blob_owners()) {
      if (addressed || !owner.offered_to) continue;
      LIAISON_ASSIGN_OR_RETURN(addressed, owner.offered_to(db, node.party(), peer, sha256));
    }
    return Status::ok();
  }));
  if (!addressed) return not_found("no blob " + sha256, "sha256");
  if (held_back(offset)) return unavailable("held back (LIAISON_TEST_BLOB_HOLD)");
  auto reader = BlobReader::open(blob_file(node.path("blobs"), sha256), node.blob_key());
  if (!reader.is_ok()) {
    if (reader.status().code() == StatusCode::kNotFound) return not_found("no blob " + sha256);
    return internal_error("blob " + sha256 + " " + reader.status().message());
  }
  if (offset > reader->size()) {
    return invalid_argument(
        "offset is past the end of the file (" + std::to_string(reader->size()) + " bytes)",
        "offset");
  }
  BlobRange out;
  out.size = reader->size();
  auto data = reader->read(offset, length);
  if (!data.is_ok()) return internal_error("blob " + sha256 + " " + data.status().message());
  out.data = std::move(*data);
  if (const int64_t t = tamper_offset();
      t >= offset && t < offset + static_cast<int64_t>(out.data.size())) {
    out.data[static_cast<size_t>(t - offset)] ^= 0x01;
  }
  const int64_t served = static_cast<int64_t>(out.data.size());
  const bool ends = offset + served == out.size;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        bool sent_before,
        row_exists(db,
                   "SELECT 1 FROM blob_serves WHERE sha256 = ? AND peer = ? AND completed_at != ''",
                   {sha256, peer}));
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt up,
        db.prepare("INSERT INTO blob_serves(sha256, peer, bytes_served, requests, completed_at, "
                   "updated_at) VALUES(?1, ?2, ?3, 1, ?4, ?5) ON CONFLICT(sha256, peer) DO "
                   "UPDATE SET bytes_served = bytes_served + ?3, requests = requests + 1, "
                   "completed_at = CASE WHEN completed_at = '' THEN ?4 ELSE completed_at END, "
                   "updated_at = ?5"));
    up.bind(1, sha256).bind(2, peer).bind(3, served);
    up.bind(4, ends ? node.now() : std::string()).bind(5, node.now());
    LIAISON_RETURN_IF_ERROR(up.run());
    if (!ends || sent_before) return Status::ok();
    // The first time the whole file has gone out to this peer: the owners sign it.
    return tell_owners(node, db, {BlobMoved::Kind::kSent, sha256, peer, "", ""});
  }));
  return out;
}

Result<std::vector<WantedBlob>> wanted_blobs(Node& node) {
  std::vector<WantedBlob> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    std::set<std::pair<std::string, std::string>> ended;
    {
      LIAISON_ASSIGN_OR_RETURN(
          store::Stmt q,
          db.prepare("SELECT sha256, origin FROM blob_transfers WHERE state != 'arriving'"));
      for (;;) {
        LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
        if (!row) break;
        ended.emplace(q.text(0), q.text(1));
      }
    }
    std::map<std::pair<std::string, std::string>, size_t> at;  // each file once, largest size
    for (const BlobOwner& owner : node.blob_owners()) {
      if (!owner.named) continue;
      LIAISON_ASSIGN_OR_RETURN(auto named, owner.named(db, node.party()));
      for (WantedBlob& b : named) {
        auto key = std::make_pair(b.sha256, b.origin);
        if (ended.count(key)) continue;
        if (auto it = at.find(key); it != at.end()) {
          out[it->second].size = std::max(out[it->second].size, b.size);
          continue;
        }
        at.emplace(std::move(key), out.size());
        out.push_back(std::move(b));
      }
    }
    return Status::ok();
  }));
  return out;
}

Result<std::optional<Transfer>> transfer_of(Node& node, const std::string& sha256,
                                            const std::string& origin) {
  std::optional<Transfer> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("SELECT sha256, origin, state, size, received_bytes, fetched_bytes, "
                   "resumed_from, attempts, reason, last_error, started_at, updated_at, "
                   "completed_at, code FROM blob_transfers WHERE sha256 = ? AND origin = ?"));
    q.bind(1, sha256).bind(2, origin);
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (row) {
      LIAISON_ASSIGN_OR_RETURN(Transfer t, transfer_from(q));
      out = std::move(t);
    }
    return Status::ok();
  }));
  return out;
}

Status note_transfer_start(Node& node, const WantedBlob& b, int64_t resumed_from) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("INSERT INTO blob_transfers(sha256, origin, size, state, received_bytes, "
                   "resumed_from, attempts, started_at, updated_at) "
                   "VALUES(?1, ?2, ?3, 'arriving', ?4, ?4, 1, ?5, ?5) "
                   "ON CONFLICT(sha256, origin) DO UPDATE SET received_bytes = ?4, "
                   "resumed_from = ?4, attempts = attempts + 1, updated_at = ?5"));
    q.bind(1, b.sha256).bind(2, b.origin).bind(3, b.size).bind(4, resumed_from);
    q.bind(5, node.now());
    return q.run();
  });
}

Status note_transfer_progress(Node& node, const WantedBlob& b, int64_t received_bytes,
                              int64_t fetched, const std::string& error) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("UPDATE blob_transfers SET received_bytes = ?3, "
                   "fetched_bytes = fetched_bytes + ?4, last_error = ?5, updated_at = ?6 "
                   "WHERE sha256 = ?1 AND origin = ?2"));
    q.bind(1, b.sha256).bind(2, b.origin).bind(3, received_bytes).bind(4, fetched);
    q.bind(5, error).bind(6, node.now());
    return q.run();
  });
}

Status note_transfer_received(Node& node, const WantedBlob& b) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("INSERT INTO blob_transfers(sha256, origin, size, state, received_bytes, "
                   "started_at, updated_at, completed_at) "
                   "VALUES(?1, ?2, ?3, 'received', ?3, ?4, ?4, ?4) "
                   "ON CONFLICT(sha256, origin) DO UPDATE SET state = 'received', "
                   "received_bytes = ?3, last_error = '', updated_at = ?4, completed_at = ?4"));
    q.bind(1, b.sha256).bind(2, b.origin).bind(3, b.size).bind(4, node.now());
    LIAISON_RETURN_IF_ERROR(q.run());
    return tell_owners(node, db, {BlobMoved::Kind::kReceived, b.sha256, b.origin, "", ""});
  });
}

Status note_transfer_failed(Node& node, const WantedBlob& b, const std::string& state,
                            const std::string& code, const std::string& reason) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare(
            "INSERT INTO blob_transfers(sha256, origin, size, state, reason, code, "
            "started_at, updated_at, completed_at) VALUES(?1, ?2, ?3, ?4, ?5, ?7, ?6, ?6, ?6) "
            "ON CONFLICT(sha256, origin) DO UPDATE SET state = ?4, reason = ?5, code = ?7, "
            "updated_at = ?6, completed_at = ?6"));
    q.bind(1, b.sha256).bind(2, b.origin).bind(3, b.size).bind(4, state).bind(5, reason);
    q.bind(6, node.now()).bind(7, code);
    LIAISON_RETURN_IF_ERROR(q.run());
    return tell_owners(node, db, {BlobMoved::Kind::kRefused, b.sha256, b.origin, code, reason});
  });
}

Result<int64_t> bytes_from(Node& node, const std::string& origin, const std::string& except) {
  int64_t total = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare("SELECT coalesce(sum(size), 0) FROM blob_transfers WHERE origin = ? AND "
                   "sha256 != ? AND state IN ('arriving', 'received')"));
    q.bind(1, origin).bind(2, except);
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    total = row ? q.int64(0) : 0;
    return Status::ok();
  }));
  return total;
}

Status retry_transfer(Node& node, const Actor& actor, const std::string& origin,
                      const std::string& sha256, const std::string& object) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare("DELETE FROM blob_transfers WHERE sha256 = ? AND origin = ? AND "
                                  "state IN ('quarantined', 'refused')"));
    q.bind(1, sha256).bind(2, origin);
    LIAISON_RETURN_IF_ERROR(q.run());
    if (db.changes() == 0) {
      return failed_precondition("no quarantined or refused transfer of this file to retry",
                                 "sha256");
    }
    return audit(db, node.now(), actor, "attachment.retry", object, sha256);
  });
}

}  // namespace liaison::node
