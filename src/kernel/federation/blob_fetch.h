// The blob fetcher: background threads that bring in the bytes of the attachments that
// peers' signed records addressed to this node (issue 14). Apart from the syncer, so records
// never wait for bytes. Each transfer pulls byte ranges over the same mutual TLS
// (GET /federation/v1/blobs/{sha256}?offset=&length=), seals them into blobs/partial/ in the
// store's encrypted format and notes each, so a transfer cut by a restart or a dropped link
// resumes where it stopped (from the chunks that authenticate: a partial file needs no fsync
// to be safe to resume; the finished one is synced before it moves into place). The SHA-256 of the
// whole stream must equal the one in the signed record before the file moves into place; otherwise
// it is quarantined with the reason. start()/stop()/wake() are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/wakeable_thread.h"
#include "federation/client.h"
#include "node/node.h"
#include "node/transfers.h"

namespace liaison::federation {

struct BlobFetchOptions {
  int workers = 2;                 // transfers at once
  int64_t range_bytes = 16 << 20;  // one request's worth (node::kMaxServeBytes)
  std::chrono::milliseconds idle_interval{2000};
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{30000};
};

class BlobFetcher {
 public:
  BlobFetcher(node::Node& node, ClientIdentity id, BlobFetchOptions opts = {});
  ~BlobFetcher();
  BlobFetcher(const BlobFetcher&) = delete;
  BlobFetcher& operator=(const BlobFetcher&) = delete;
  void start();
  void stop();
  void wake();
  // Brings one blob in, to the end or to the first error (the partial file stays for the
  // next attempt). A refusal or a quarantine is an outcome, not an error.
  Status fetch(const node::WantedBlob& b);

 private:
  std::chrono::steady_clock::time_point pass();

  node::Node& node_;
  ClientIdentity id_;
  BlobFetchOptions opts_;
  std::atomic<bool> stopping_{false};
  struct Backoff {
    int failures = 0;
    std::chrono::steady_clock::time_point next_attempt{};
  };
  std::mutex mu_;
  std::set<std::string> claimed_;  // sha256/origin being fetched by a worker
  std::map<std::string, Backoff> backoff_;
  std::vector<std::unique_ptr<WakeableThread>> threads_;  // last: stop before the state goes
};

}  // namespace liaison::federation
