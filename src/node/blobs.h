// Content-addressed, encrypted blob store for attachments: DIR/blobs/ab/<sha256>, each file
// encrypted with libsodium secretstream (XChaCha20-Poly1305) under the node's blob key.
// The SHA-256 of the plaintext is re-checked on every read. Thread-safe (files are written
// to a temporary name and renamed).
#pragma once

#include <string>

#include "common/status.h"

namespace liaison::node {

// Stores `data`; returns its SHA-256 hex. Storing the same content twice is a no-op.
Result<std::string> put_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& data);
// Reads and decrypts; internal error when the file was altered or its hash differs.
Result<std::string> get_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& sha256);

}  // namespace liaison::node
