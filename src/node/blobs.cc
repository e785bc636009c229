#include "node/blobs.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

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

Result<std::string> put_blob(const std::string& blob_dir, const std::string& key,
                             const std::string& data) {
  std::string sha = sha256_hex(data);
  std::string path = blob_path(blob_dir, sha);
  if (std::filesystem::exists(path)) return sha;
  std::error_code ec;
  std::filesystem::create_directories(blob_dir + "/" + sha.substr(0, 2), ec);
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
  std::string tmp = path + ".tmp" + to_hex(random_bytes(4));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return internal_error("cannot write blob");
  bool ok = ::write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return internal_error("cannot write blob");
  }
  // The rename and a new shard directory are durable only once their directories are
  // synced; the attachment record that names this blob commits right after.
  for (const std::string& d : {blob_dir + "/" + sha.substr(0, 2), blob_dir}) {
    int dfd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd < 0 || ::fsync(dfd) != 0) {
      if (dfd >= 0) ::close(dfd);
      return internal_error("cannot sync blob directory " + d);
    }
    ::close(dfd);
  }
  return sha;
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
