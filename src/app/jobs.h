// The background jobs of a serving node, composed here: the kernel's (the federation syncer
// and the blob fetcher) and each capability's (the hotline engine, the sweep-index keeper, the
// report attester). `serve` wakes them after a commit that stored records, starts them once it
// listens and stops them when it ends.
#pragma once

#include <memory>

#include "common/status.h"
#include "federation/client.h"
#include "node/node.h"

namespace liaison::app {

class Jobs {
 public:
  // Reads each job's options from the node's configuration (as `serve` left it).
  static Result<std::unique_ptr<Jobs>> create(node::Node& node,
                                              const federation::ClientIdentity& id);
  ~Jobs();
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;

  void start();
  void wake();  // thread-safe
  void stop();  // in the reverse order of start()

 private:
  struct Parts;
  explicit Jobs(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace liaison::app
