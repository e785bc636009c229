// The syncer: one background thread that keeps every peer up to date. For each peer it pulls
// the peer's records after the last one we hold, then pushes ours after the last one the
// peer confirmed; it runs right after every local commit (wake()), every few seconds to
// catch up, and backs off exponentially with jitter while a peer is unreachable.
// start()/stop()/wake() are thread-safe.
#pragma once

#include <map>
#include <random>

#include "common/status.h"
#include "common/wakeable_thread.h"
#include "federation/client.h"
#include "federation/peers.h"
#include "node/node.h"

namespace liaison::federation {

struct SyncOptions {
  std::chrono::milliseconds idle_interval{2000};  // catch-up pull when nothing happens
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::milliseconds first_backoff{250};
};

class Syncer {
 public:
  Syncer(node::Node& node, ClientIdentity id, SyncOptions opts = {});
  ~Syncer();
  void start();
  void stop();
  void wake();
  // One exchange with one peer: pull everything, then push everything. Used by the loop.
  Status sync_peer(const Peer& peer);

 private:
  Status pull(const Peer& peer, int64_t& skew_ms);
  Status push(const Peer& peer);
  // One round over every peer that is not backing off; returns when the next round is due.
  std::chrono::steady_clock::time_point pass();

  node::Node& node_;
  ClientIdentity id_;
  SyncOptions opts_;
  struct PeerState {
    int failures = 0;
    std::chrono::steady_clock::time_point next_attempt{};
  };
  std::map<std::string, PeerState> state_;  // used by the thread only
  std::mt19937_64 rng_{std::random_device{}()};
  WakeableThread thread_{"sync"};  // last: stops before the state above goes
};

}  // namespace liaison::federation
