// Reading a file through a memory map without dying when the file shrinks under it.
//
// A page of a mapped file that a truncation cut off raises SIGBUS when it is read, which
// kills the process. A log rotated with copytruncate while a sweep reads it does just
// that. While a TruncationGuard lives, a SIGBUS for an address in its range (on its own
// thread) replaces the rest of the range with zero pages and marks the guard truncated;
// the read goes on over zeros, and the reader checks truncated() and gives up on what it
// read. Any other SIGBUS goes to the handler that was there before (by default: death).
#pragma once

#include <cstddef>

namespace liaison::sweep {

class TruncationGuard {
 public:
  // Guards [begin, begin + len), a read-only shared mapping of a file, on this thread.
  // One guard per thread at a time.
  TruncationGuard(const void* begin, size_t len);
  ~TruncationGuard();
  TruncationGuard(const TruncationGuard&) = delete;
  TruncationGuard& operator=(const TruncationGuard&) = delete;

  // Whether part of the range was cut off (and is read as zeros from then on).
  bool truncated() const;
};

}  // namespace liaison::sweep
