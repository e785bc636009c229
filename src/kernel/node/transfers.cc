#include "node/transfers.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "common/crypto.h"
#include "node/audit.h"
#include "node/blobs.h"
#include "store/blob_transfers.h"

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
    return invalid_argument("sha256 must be 64 lower-case hex digits", "sha256")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kSha256Hex));
  }
  if (offset < 0)
    return invalid_argument("offset must be a non-negative integer", "offset")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{0}}});
  if (length < 1 || length > kMaxServeBytes) {
    return invalid_argument("length must be 1 to " + std::to_string(kMaxServeBytes), "length")
        .with_reason(Reason::kOutOfRange,
                     {{"min", int64_t{1}}, {"max", static_cast<int64_t>(kMaxServeBytes)}});
  }
  bool addressed = false;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    for (const BlobOwner& owner : node.blob_owners()) {
      if (addressed || !owner.offered_to) continue;
      LIAISON_ASSIGN_OR_RETURN(addressed, owner.offered_to(db, node.party(), peer, sha256));
    }
    return Status::ok();
  }));
  if (!addressed) return no_such("blob", sha256, "sha256");
  if (held_back(offset)) return unavailable("held back (LIAISON_TEST_BLOB_HOLD)");
  auto reader = BlobReader::open(blob_file(node.path("blobs"), sha256), node.blob_key());
  if (!reader.is_ok()) {
    if (reader.status().code() == StatusCode::kNotFound) return no_such("blob", sha256, "");
    return internal_error("blob " + sha256 + " " + reader.status().message());
  }
  if (offset > reader->size()) {
    return invalid_argument(
               "offset is past the end of the file (" + std::to_string(reader->size()) + " bytes)",
               "offset")
        .with_reason(Reason::kPastTheEnd, {{"max", static_cast<int64_t>(reader->size())}});
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
    LIAISON_ASSIGN_OR_RETURN(bool sent_before, store::blob_sent_before(db, sha256, peer));
    LIAISON_RETURN_IF_ERROR(store::note_blob_served(db, sha256, peer, served,
                                                    ends ? node.now() : std::string(), node.now()));
    if (!ends || sent_before) return Status::ok();
    // The first time the whole file has gone out to this peer: the owners sign it.
    return tell_owners(node, db, {BlobMoved::Kind::kSent, sha256, peer, "", ""});
  }));
  return out;
}

Result<std::vector<WantedBlob>> wanted_blobs(Node& node) {
  std::vector<WantedBlob> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto ended_rows, store::ended_transfers(db));
    const std::set<std::pair<std::string, std::string>> ended(ended_rows.begin(), ended_rows.end());
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
    LIAISON_ASSIGN_OR_RETURN(out, store::blob_transfer(db, sha256, origin));
    return Status::ok();
  }));
  return out;
}

namespace {
store::BlobTransfer of(const WantedBlob& b) {
  store::BlobTransfer t;
  t.sha256 = b.sha256;
  t.origin = b.origin;
  t.size = b.size;
  return t;
}
}  // namespace

Status note_transfer_start(Node& node, const WantedBlob& b, int64_t resumed_from) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::transfer_started(db, of(b), resumed_from, node.now());
  });
}

Status note_transfer_progress(Node& node, const WantedBlob& b, int64_t received_bytes,
                              int64_t fetched, const std::string& error) {
  return node.pool().write([&](store::Db& db) -> Status {
    return store::transfer_progress(db, of(b), received_bytes, fetched, error, node.now());
  });
}

Status note_transfer_received(Node& node, const WantedBlob& b) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(store::transfer_received(db, of(b), node.now()));
    return tell_owners(node, db, {BlobMoved::Kind::kReceived, b.sha256, b.origin, "", ""});
  });
}

Status note_transfer_failed(Node& node, const WantedBlob& b, const std::string& state,
                            const std::string& code, const std::string& reason) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(store::transfer_failed(db, of(b), state, code, reason, node.now()));
    return tell_owners(node, db, {BlobMoved::Kind::kRefused, b.sha256, b.origin, code, reason});
  });
}

Result<int64_t> bytes_from(Node& node, const std::string& origin, const std::string& except) {
  int64_t total = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(total, store::transfer_bytes_from(db, origin, except));
    return Status::ok();
  }));
  return total;
}

Status retry_transfer(Node& node, const Actor& actor, const std::string& origin,
                      const std::string& sha256, const std::string& object) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool forgotten, store::forget_ended_transfer(db, sha256, origin));
    if (!forgotten) {
      return failed_precondition("no quarantined or refused transfer of this file to retry",
                                 "sha256");
    }
    return audit(db, node.now(), actor, "attachment.retry", object, sha256);
  });
}

}  // namespace liaison::node
