// Content-addressed, encrypted blob store for attachments: DIR/blobs/ab/<sha256>, encrypted
// under the node's blob key. The SHA-256 of the plaintext is re-checked on every whole read.
// Thread-safe (files are written under another name and renamed into place).
//
// Format 2 (written since issue 14): "LBLOB2\n\0", a random 16-byte file nonce, then the
// plaintext in chunks of kBlobChunk bytes (the last one shorter, possibly empty), each sealed
// alone with XChaCha20-Poly1305: nonce = file nonce ‖ chunk index (64-bit little endian),
// additional data = one byte, 1 on the last chunk. So any byte range decrypts without what
// precedes it (a peer's transfer is served chunk by chunk), a reordered, swapped or cut file
// fails authentication, and a transfer in progress is a prefix of its final file (BlobWriter
// resumes it after a crash). Format 1 (libsodium secretstream, 64 KiB messages) is still read.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/crypto.h"
#include "common/status.h"

namespace liaison::node {

inline constexpr int64_t kBlobChunk = 1 << 20;

// Writes a format 2 file of exactly `size` plaintext bytes at `path`. Thread-compatible.
class BlobWriter {
 public:
  // A new file (truncating any old one).
  static Result<BlobWriter> create(const std::string& path, const std::string& key, int64_t size);
  // Reopens a file an earlier writer left unfinished (a crash, a dropped link): keeps its
  // whole sealed chunks (a torn last write is cut off), re-hashes their plaintext, and
  // continues from there (bytes()). A file that is not a prefix of a `size`-byte blob
  // (another key, altered, too long) is started again from zero.
  static Result<BlobWriter> resume(const std::string& path, const std::string& key, int64_t size);
  BlobWriter(BlobWriter&&) noexcept;
  BlobWriter& operator=(BlobWriter&&) noexcept;
  ~BlobWriter();

  // Appends plaintext; a write beyond `size` is refused (invalid_argument, nothing written).
  Status append(std::string_view data);
  // Makes everything sealed so far durable (fdatasync).
  Status sync();
  // Starts writing back what is sealed without waiting for it (sync_file_range), so the
  // disk works while the next bytes arrive. A transfer needs no more than this between its
  // ranges: after a crash resume() keeps exactly the chunks that authenticate, and finish()
  // syncs the whole file before it can be moved into place.
  void start_writeback();
  // Seals the last chunk and syncs; fails unless exactly `size` bytes were appended.
  // Returns the SHA-256 (hex) of the plaintext.
  Result<std::string> finish();

  int64_t bytes() const { return written_ + static_cast<int64_t>(pending_.size()); }
  int64_t durable_bytes() const { return synced_; }  // plaintext in chunks fsynced
  int64_t size() const { return size_; }

 private:
  BlobWriter() = default;
  Status seal(bool last);

  int fd_ = -1;
  std::string key_, file_nonce_, pending_;
  int64_t size_ = 0, written_ = 0, synced_ = 0, index_ = 0;
  std::unique_ptr<Sha256Stream> hash_;
};

// Reads byte ranges of a stored blob without decrypting the rest (format 2; a format 1 file
// is decrypted whole once). Thread-compatible.
class BlobReader {
 public:
  static Result<BlobReader> open(const std::string& path, const std::string& key);
  BlobReader(BlobReader&&) noexcept;
  BlobReader& operator=(BlobReader&&) noexcept;
  ~BlobReader();
  int64_t size() const { return size_; }
  // Up to `length` bytes from `offset` (fewer at the end); internal error when a chunk fails
  // authentication.
  Result<std::string> read(int64_t offset, int64_t length);

 private:
  BlobReader() = default;
  int fd_ = -1;
  std::string key_, file_nonce_, whole_;  // whole_: a format 1 file's plaintext
  bool v1_ = false;
  int64_t size_ = 0, chunks_ = 0;
};

std::string blob_file(const std::string& blob_dir, const std::string& sha256);

// An upload written (encrypted, synced) under blobs/staging/ and not yet in place: it moves
// into place only with the committed record that names it, so a refused upload leaves
// nothing behind (issue 13: a writer could fill the disk with refused uploads).
struct StagedBlob {
  std::string sha256;
  std::string path;
};
inline constexpr const char* kStagingDir = "staging";
// Transfers from peers in progress (blobs/partial/<sha256>.<party>) and the ones refused for
// a SHA-256 mismatch (blobs/quarantine/), both in format 2.
inline constexpr const char* kPartialDir = "partial";
inline constexpr const char* kQuarantineDir = "quarantine";
Result<StagedBlob> stage_blob(const std::string& blob_dir, const std::string& key,
                              const std::string& data);
// Moves a staged (or fully received) blob into place (content-addressed: the same content
// twice is one file).
Status commit_blob(const std::string& blob_dir, const StagedBlob& staged);
void discard_blob(const StagedBlob& staged);
bool have_blob(const std::string& blob_dir, const std::string& sha256);

// Stores `data` at once (stage + commit); returns its SHA-256 hex.
Result<std::string> put_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& data);
// Reads and decrypts; internal error when the file was altered or its hash differs.
Result<std::string> get_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& sha256);

// What `verify` finds under blobs/: every expected blob decrypted and hashed (missing,
// altered), and files no record names (orphans; a staged upload older than a minute is one;
// transfers in progress and quarantined ones are not).
struct BlobCheck {
  int64_t checked = 0;
  std::vector<std::string> missing;
  std::vector<std::pair<std::string, std::string>> altered;  // sha, why
  std::vector<std::string> orphans;                          // paths relative to blob_dir
};
Result<BlobCheck> check_blobs(const std::string& blob_dir, const std::string& key,
                              const std::set<std::string>& expected, bool remove_orphans);

}  // namespace liaison::node
