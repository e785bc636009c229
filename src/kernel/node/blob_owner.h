// The seam between the kernel's file transfers (node/transfers.h, federation/blob_fetch.h) and
// the capabilities whose records carry files: requests' attachments today, samples next. The
// kernel moves bytes and keeps its own bookkeeping (blob_serves, blob_transfers); which files a
// peer may take, which files we want, and what is signed once a file has moved belong to the
// capability that owns the records naming them. Each such capability hands the node one
// BlobOwner from src/app/ right after open() (Node::add_blob_owner).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::store {
class Db;
}

namespace liaison::node {

class Node;

// A file another party's record names, whose bytes we do not hold yet.
struct WantedBlob {
  std::string sha256, origin;
  int64_t size = 0;
};

// What happened to a file, for the capability to sign: the whole file went to `party` for the
// first time (kSent), arrived from `party` verified (kReceived), or was refused or quarantined
// when it came from `party` (kRefused, with the kernel's code and reason).
struct BlobMoved {
  enum class Kind { kSent, kReceived, kRefused };
  Kind kind = Kind::kSent;
  std::string sha256, party, code, reason;
};

struct BlobOwner {
  // Whether a record of ours (`self`) addressed to `peer` names the file.
  std::function<Result<bool>(store::Db&, const std::string& self, const std::string& peer,
                             const std::string& sha256)>
      offered_to;
  // The files other parties' records name, oldest first (the kernel drops those it holds or
  // whose transfer has ended).
  std::function<Result<std::vector<WantedBlob>>(store::Db&, const std::string& self)> named;
  // The capability's own records about a move, inside the kernel's write transaction.
  std::function<Status(Node&, store::Db&, const BlobMoved&)> moved;
};

}  // namespace liaison::node
