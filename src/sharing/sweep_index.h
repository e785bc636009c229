// The node's sweep index on disk (<data>/sweep.index), so that `liaison sweep --data` and
// POST /indicators/match load the index of every live indicator in milliseconds instead of
// building it from the store (0.3 s and more a million). The file says what it was built
// from; it is current while no indicator-set record has been applied since and none of its
// indicators has expired. A file out of date, cut short or corrupt is rebuilt, never used.
// SweepIndexKeeper rebuilds it in the background when indicator sets change, while `serve`
// runs, so that the next sweep finds it current. Thread-safe: files are replaced atomically.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace liaison::node {

class Node;
struct NodeIndex;

std::string node_index_path(Node& node);

// Whether the saved index at node_index_path() is current: Status ok when it is, else why
// not (not_found, failed_precondition naming the reason). `loaded`, when given, receives it.
Status check_node_index_file(Node& node, std::unique_ptr<NodeIndex>* loaded = nullptr);

// Builds the node's index from the store and saves it, whether or not the file was current.
Result<std::unique_ptr<NodeIndex>> rebuild_node_index_file(Node& node);

// Rebuilds the file when it is out of date, on its own thread, each time it is woken (wakes
// while it builds make one more pass, not one each). Started once; stop() joins.
class SweepIndexKeeper {
 public:
  explicit SweepIndexKeeper(Node& node) : node_(node) {}
  ~SweepIndexKeeper() { stop(); }
  SweepIndexKeeper(const SweepIndexKeeper&) = delete;
  SweepIndexKeeper& operator=(const SweepIndexKeeper&) = delete;

  void start();  // (and a first pass: a node started after a change finds its file current)
  void wake();
  void stop();
  // How many passes have rebuilt the file (for tests).
  uint64_t rebuilds() const;

 private:
  void run();

  Node& node_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = true, stopping_ = false;
  uint64_t rebuilds_ = 0;
  std::thread thread_;
};

}  // namespace liaison::node
