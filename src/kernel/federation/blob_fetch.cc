#include "federation/blob_fetch.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <filesystem>
#include <future>
#include <random>
#include <utility>

#include "common/crypto.h"
#include "federation/peers.h"
#include "node/blobs.h"

namespace liaison::federation {

namespace json = boost::json;

BlobFetcher::BlobFetcher(node::Node& node, ClientIdentity id, BlobFetchOptions opts)
    : node_(node), id_(std::move(id)), opts_(opts) {}

BlobFetcher::~BlobFetcher() { stop(); }

void BlobFetcher::start() {
  stopping_ = false;
  for (int i = 0; i < std::max(1, opts_.workers); ++i) {
    threads_.push_back(std::make_unique<WakeableThread>());
    threads_.back()->start([this] { return pass(); });
  }
}

void BlobFetcher::stop() {
  stopping_ = true;
  for (auto& t : threads_) t->stop();
  threads_.clear();
}

void BlobFetcher::wake() {
  for (auto& t : threads_) t->wake();
}

Status BlobFetcher::fetch(const node::WantedBlob& b) {
  const std::string blobs = node_.path("blobs");
  if (node::have_blob(blobs, b.sha256)) return node::note_transfer_received(node_, b);
  // Limits (docs/ARCHITECTURE.md): refused, and the sender told why by a signed record.
  const auto& cfg = node_.config();
  if (b.size > cfg.max_attachment_bytes) {
    return node::note_transfer_failed(node_, b, "refused", "too_large",
                                      "the file is " + std::to_string(b.size) + " bytes; " +
                                          node_.party() + " takes at most " +
                                          std::to_string(cfg.max_attachment_bytes) +
                                          " bytes a file ([limits] max_attachment_bytes)");
  }
  LIAISON_ASSIGN_OR_RETURN(int64_t held, node::bytes_from(node_, b.origin, b.sha256));
  if (held + b.size > cfg.peer_blob_quota_bytes) {
    return node::note_transfer_failed(
        node_, b, "refused", "quota_exceeded",
        node_.party() + " holds " + std::to_string(held) + " bytes of " + b.origin +
            "'s files; this one (" + std::to_string(b.size) + " bytes) would pass its quota of " +
            std::to_string(cfg.peer_blob_quota_bytes) + " ([limits] peer_blob_quota_bytes)");
  }
  LIAISON_ASSIGN_OR_RETURN(auto peer, peer_by_party(node_, b.origin));
  if (!peer) return unavailable("no peer is registered for party " + b.origin);
  std::error_code ec;
  std::filesystem::create_directories(blobs + "/" + node::kPartialDir, ec);
  const std::string partial = blobs + "/" + node::kPartialDir + "/" + b.sha256 + "." + b.origin;
  LIAISON_ASSIGN_OR_RETURN(node::BlobWriter writer,
                           node::BlobWriter::resume(partial, node_.blob_key(), b.size));
  LIAISON_RETURN_IF_ERROR(node::note_transfer_start(node_, b, writer.bytes()));
  if (writer.bytes() > 0) {
    spdlog::info("blob {} from {}: resuming at {} of {} bytes", b.sha256.substr(0, 12), b.origin,
                 writer.bytes(), b.size);
  }
  // One range ahead: the next one is on the wire (and being decrypted by the owner) while
  // this one is sealed, hashed and synced here.
  auto ask = [this, &b, &peer](int64_t off) {
    const int64_t len = std::min<int64_t>(opts_.range_bytes, b.size - off);
    return std::async(std::launch::async, [this, &b, &peer, off, len] {
      return std::make_pair(
          len, peer_call(id_, peer->url, peer->tls_fingerprint, "GET",
                         "/federation/v1/blobs/" + b.sha256 + "?offset=" + std::to_string(off) +
                             "&length=" + std::to_string(len),
                         "", std::chrono::seconds(60)));
    });
  };
  std::future<std::pair<int64_t, Result<PeerResponse>>> next;
  if (writer.bytes() < b.size) next = ask(writer.bytes());
  while (writer.bytes() < b.size) {
    auto [len, r] = next.get();
    std::string error;
    if (!r.is_ok()) {
      error = r.status().message();
    } else if (r->status != 200) {
      error = error_text(*r);
    } else if (static_cast<int64_t>(r->body.size()) != len) {
      error = "peer sent " + std::to_string(r->body.size()) + " bytes for a range of " +
              std::to_string(len);
    }
    if (!error.empty()) {
      (void)node::note_transfer_progress(node_, b, writer.bytes(), 0, error);
      return unavailable("blob " + b.sha256 + " from " + b.origin + ": " + error);
    }
    const int64_t after = writer.bytes() + len;
    if (after < b.size && !stopping_) next = ask(after);
    LIAISON_RETURN_IF_ERROR(writer.append(r->body));
    writer.start_writeback();
    LIAISON_RETURN_IF_ERROR(node::note_transfer_progress(node_, b, writer.bytes(), len, ""));
    if (stopping_) return Status::ok();  // the partial file keeps what came
  }
  LIAISON_ASSIGN_OR_RETURN(std::string got, writer.finish());
  if (got != b.sha256) {
    // Never stored as the file: kept aside for inspection, with the reason in the API.
    std::filesystem::create_directories(blobs + "/" + node::kQuarantineDir, ec);
    const std::string aside = blobs + "/" + node::kQuarantineDir + "/" + b.sha256 + "." + b.origin +
                              "." + to_hex(random_bytes(4));
    std::filesystem::rename(partial, aside, ec);
    if (ec) std::filesystem::remove(partial, ec);
    const std::string why = "the " + std::to_string(b.size) + " bytes received hash to " + got +
                            ", not to " + b.sha256 + " that the signed record names";
    spdlog::warn("blob from {} quarantined: {}", b.origin, why);
    return node::note_transfer_failed(node_, b, "quarantined", "hash_mismatch", why);
  }
  LIAISON_RETURN_IF_ERROR(node::commit_blob(blobs, node::StagedBlob{b.sha256, partial}));
  spdlog::info("blob {} from {}: received {} bytes", b.sha256.substr(0, 12), b.origin, b.size);
  return node::note_transfer_received(node_, b);
}

std::chrono::steady_clock::time_point BlobFetcher::pass() {
  using clock = std::chrono::steady_clock;
  auto next_wake = clock::now() + opts_.idle_interval;
  auto wanted = node::wanted_blobs(node_);
  if (!wanted.is_ok()) return next_wake;
  for (const auto& b : *wanted) {
    if (stopping_) break;
    const std::string key = b.sha256 + "/" + b.origin;
    {
      std::lock_guard lock(mu_);
      auto bo = backoff_.find(key);
      if (claimed_.count(key)) continue;
      if (bo != backoff_.end() && bo->second.next_attempt > clock::now()) {
        next_wake = std::min(next_wake, bo->second.next_attempt);
        continue;
      }
      claimed_.insert(key);
    }
    Status st = fetch(b);
    std::lock_guard lock(mu_);
    claimed_.erase(key);
    if (st.is_ok()) {
      backoff_.erase(key);
      continue;
    }
    auto& bo = backoff_[key];
    ++bo.failures;
    auto wait = std::min<std::chrono::milliseconds>(
        opts_.first_backoff * (1LL << std::min(bo.failures, 16)), opts_.max_backoff);
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    bo.next_attempt = clock::now() + std::chrono::milliseconds(static_cast<int64_t>(
                                         static_cast<double>(wait.count()) * jitter(rng)));
    next_wake = std::min(next_wake, bo.next_attempt);
    spdlog::warn("blob transfer failed ({} in a row): {}", bo.failures, st.message());
  }
  return next_wake;
}

}  // namespace liaison::federation
