#include "node/blobs.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"

namespace liaison::node {

namespace {
constexpr size_t kChunk = 64 * 1024;

std::string blob_path(const std::string& dir, const std::string& sha) {
  return dir + "/" + sha.substr(0, 2) + "/" + sha;
}
}  // namespace

namespace {
Status sync_dir(const std::string& d) {
  int dfd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0 || ::fsync(dfd) != 0) {
    if (dfd >= 0) ::close(dfd);
    return internal_error("cannot sync blob directory " + d);
  }
  ::close(dfd);
  return Status::ok();
}
}  // namespace

Result<StagedBlob> stage_blob(const std::string& blob_dir, const std::string& key,
                              const std::string& data) {
  StagedBlob staged;
  staged.sha256 = sha256_hex(data);
  std::error_code ec;
  std::filesystem::create_directories(blob_dir + "/" + kStagingDir, ec);
  crypto_secretstream_xchacha20poly1305_state st;
  std::string out(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
  crypto_secretstream_xchacha20poly1305_init_push(
      &st, reinterpret_cast<unsigned char*>(out.data()),
      reinterpret_cast<const unsigned char*>(key.data()));
  size_t pos = 0;
  do {
    size_t n = std::min(kChunk, data.size() - pos);
    bool last = pos + n == data.size();
    size_t at = out.size();
    out.resize(at + n + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_secretstream_xchacha20poly1305_push(
        &st, reinterpret_cast<unsigned char*>(out.data() + at), nullptr,
        reinterpret_cast<const unsigned char*>(data.data() + pos), n, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    pos += n;
  } while (pos < data.size());
  staged.path = blob_dir + "/" + kStagingDir + "/" + staged.sha256 + "." +
                to_hex(random_bytes(8));
  int fd = ::open(staged.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return internal_error("cannot write blob");
  bool ok = ::write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::remove(staged.path.c_str());
    return internal_error("cannot write blob");
  }
  return staged;
}

Status commit_blob(const std::string& blob_dir, const StagedBlob& staged) {
  const std::string shard = blob_dir + "/" + staged.sha256.substr(0, 2);
  std::error_code ec;
  std::filesystem::create_directories(shard, ec);
  if (std::rename(staged.path.c_str(), blob_path(blob_dir, staged.sha256).c_str()) != 0) {
    std::remove(staged.path.c_str());
    return internal_error("cannot move blob " + staged.sha256 + " into place");
  }
  // The rename and a new shard directory are durable only once their directories are synced.
  LIAISON_RETURN_IF_ERROR(sync_dir(shard));
  return sync_dir(blob_dir);
}

void discard_blob(const StagedBlob& staged) {
  if (!staged.path.empty()) std::remove(staged.path.c_str());
}

Result<std::string> put_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& data) {
  LIAISON_ASSIGN_OR_RETURN(StagedBlob staged, stage_blob(blob_dir, key, data));
  LIAISON_RETURN_IF_ERROR(commit_blob(blob_dir, staged));
  return staged.sha256;
}

Result<BlobCheck> check_blobs(const std::string& blob_dir, const std::string& key,
                              const std::set<std::string>& expected, bool remove_orphans) {
  BlobCheck out;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& sha : expected) {
    auto data = get_blob(blob_dir, key, sha);
    if (data.is_ok()) {
      ++out.checked;
    } else if (data.status().code() == StatusCode::kNotFound) {
      out.missing.push_back(sha);
    } else {
      out.altered.emplace_back(sha, data.status().message());
    }
  }
  if (!fs::exists(blob_dir, ec)) return out;
  for (const auto& shard : fs::directory_iterator(blob_dir, ec)) {
    if (!shard.is_directory(ec)) continue;
    const bool staging = shard.path().filename() == kStagingDir;
    for (const auto& f : fs::directory_iterator(shard.path(), ec)) {
      const std::string name = f.path().filename().string();
      // A staged upload is an orphan once its request has ended; an upload in flight is
      // younger than a minute.
      if (staging) {
        auto age = fs::file_time_type::clock::now() - fs::last_write_time(f.path(), ec);
        if (ec || age < std::chrono::minutes(1)) continue;
      } else if (expected.count(name)) {
        continue;
      }
      out.orphans.push_back(f.path().lexically_relative(blob_dir).string());
      if (remove_orphans) fs::remove(f.path(), ec);
    }
  }
  return out;
}

Result<std::string> get_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& sha256) {
  if (sha256.size() != 64 || !from_hex(sha256)) return invalid_argument("bad sha256", "sha256");
  std::ifstream f(blob_path(blob_dir, sha256), std::ios::binary);
  if (!f) return not_found("no blob " + sha256);
  std::ostringstream ss;
  ss << f.rdbuf();
  std::string in = ss.str();
  if (in.size() < crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return internal_error("blob " + sha256 + " is truncated");
  }
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &st, reinterpret_cast<const unsigned char*>(in.data()),
          reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return internal_error("blob " + sha256 + " has a bad header");
  }
  std::string out;
  size_t pos = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  bool final_seen = false;
  while (pos < in.size()) {
    size_t n = std::min(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES, in.size() - pos);
    size_t at = out.size();
    out.resize(at + n);
    unsigned long long len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &st, reinterpret_cast<unsigned char*>(out.data() + at), &len, &tag,
            reinterpret_cast<const unsigned char*>(in.data() + pos), n, nullptr, 0) != 0) {
      return internal_error("blob " + sha256 + " fails authentication (altered on disk)");
    }
    out.resize(at + len);
    pos += n;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      final_seen = true;
      break;
    }
  }
  if (!final_seen || pos != in.size()) return internal_error("blob " + sha256 + " is truncated");
  if (sha256_hex(out) != sha256) {
    return internal_error("blob content does not match its SHA-256 " + sha256);
  }
  return out;
}

}  // namespace liaison::node
