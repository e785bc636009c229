// Content-addressed, encrypted blob store for attachments: DIR/blobs/ab/<sha256>, each file
// encrypted with libsodium secretstream (XChaCha20-Poly1305) under the node's blob key.
// The SHA-256 of the plaintext is re-checked on every read. Thread-safe (files are written
// to a temporary name and renamed).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace liaison::node {

// An upload written (encrypted, synced) under blobs/staging/ and not yet in place: it moves
// into place only with the committed record that names it, so a refused upload leaves
// nothing behind (issue 13: a writer could fill the disk with refused uploads).
struct StagedBlob {
  std::string sha256;
  std::string path;
};
inline constexpr const char* kStagingDir = "staging";
Result<StagedBlob> stage_blob(const std::string& blob_dir, const std::string& key,
                              const std::string& data);
// Moves a staged blob into place (content-addressed: the same content twice is one file).
Status commit_blob(const std::string& blob_dir, const StagedBlob& staged);
void discard_blob(const StagedBlob& staged);

// Stores `data` at once (stage + commit); returns its SHA-256 hex.
Result<std::string> put_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& data);
// Reads and decrypts; internal error when the file was altered or its hash differs.
Result<std::string> get_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& sha256);

// What `verify` finds under blobs/: every expected blob decrypted and hashed (missing,
// altered), and files no record names (orphans; a staged upload older than a minute is one).
struct BlobCheck {
  int64_t checked = 0;
  std::vector<std::string> missing;
  std::vector<std::pair<std::string, std::string>> altered;  // sha, why
  std::vector<std::string> orphans;                          // paths relative to blob_dir
};
Result<BlobCheck> check_blobs(const std::string& blob_dir, const std::string& key,
                              const std::set<std::string>& expected, bool remove_orphans);

}  // namespace liaison::node
