#include "node/blobs.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace liaison::node {

namespace {

constexpr size_t kV1Chunk = 64 * 1024;
constexpr char kMagic[8] = {'L', 'B', 'L', 'O', 'B', '2', '\n', '\0'};
constexpr int64_t kFileNonceBytes = 16;
constexpr int64_t kHeaderBytes = sizeof kMagic + kFileNonceBytes;
constexpr int64_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr int64_t kSealedChunk = kBlobChunk + kTagBytes;

static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kFileNonceBytes + 8);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES ==
              crypto_secretstream_xchacha20poly1305_KEYBYTES);

void chunk_nonce(const std::string& file_nonce, int64_t index, unsigned char* out) {
  std::memcpy(out, file_nonce.data(), kFileNonceBytes);
  uint64_t i = static_cast<uint64_t>(index);
  for (int b = 0; b < 8; ++b) out[kFileNonceBytes + b] = static_cast<unsigned char>(i >> (8 * b));
}

// The number of chunks of a `size`-byte blob (an empty blob has one, empty).
int64_t chunk_count(int64_t size) { return size == 0 ? 1 : (size + kBlobChunk - 1) / kBlobChunk; }

bool write_all(int fd, const char* p, size_t n, off_t at) {
  while (n > 0) {
    ssize_t w = ::pwrite(fd, p, n, at);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
    at += w;
  }
  return true;
}

bool read_all(int fd, char* p, size_t n, off_t at) {
  while (n > 0) {
    ssize_t r = ::pread(fd, p, n, at);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
    at += r;
  }
  return true;
}

Status sync_dir(const std::string& d) {
  int dfd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0 || ::fsync(dfd) != 0) {
    if (dfd >= 0) ::close(dfd);
    return internal_error("cannot sync blob directory " + d);
  }
  ::close(dfd);
  return Status::ok();
}

// Opens `chunk` (sealed bytes) of a format 2 file into `out`.
bool open_chunk(const std::string& key, const std::string& file_nonce, int64_t index, bool last,
                std::string_view sealed, std::string& out) {
  if (sealed.size() < static_cast<size_t>(kTagBytes)) return false;
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  chunk_nonce(file_nonce, index, nonce);
  const unsigned char ad = last ? 1 : 0;
  out.resize(sealed.size() - kTagBytes);
  unsigned long long n = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &n, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size(), &ad, 1, nonce,
          reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return false;
  }
  out.resize(n);
  return true;
}

// Format 1: the whole file decrypted (libsodium secretstream).
// Errors say what is wrong without naming the blob ("is truncated"): callers name it.
Result<std::string> decrypt_v1(const std::string& in, const std::string& key) {
  if (in.size() < crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return internal_error("is truncated");
  }
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &st, reinterpret_cast<const unsigned char*>(in.data()),
          reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return internal_error("has a bad header");
  }
  std::string out;
  size_t pos = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  bool final_seen = false;
  while (pos < in.size()) {
    size_t n = std::min(kV1Chunk + crypto_secretstream_xchacha20poly1305_ABYTES, in.size() - pos);
    size_t at = out.size();
    out.resize(at + n);
    unsigned long long len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &st, reinterpret_cast<unsigned char*>(out.data() + at), &len, &tag,
            reinterpret_cast<const unsigned char*>(in.data() + pos), n, nullptr, 0) != 0) {
      return internal_error("fails authentication (altered on disk)");
    }
    out.resize(at + len);
    pos += n;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      final_seen = true;
      break;
    }
  }
  if (!final_seen || pos != in.size()) return internal_error("is truncated");
  return out;
}

}  // namespace

std::string blob_file(const std::string& dir, const std::string& sha) {
  return dir + "/" + sha.substr(0, 2) + "/" + sha;
}

// ---- BlobWriter ----------------------------------------------------------------------

BlobWriter::BlobWriter(BlobWriter&& o) noexcept { *this = std::move(o); }

BlobWriter& BlobWriter::operator=(BlobWriter&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    key_ = std::move(o.key_);
    file_nonce_ = std::move(o.file_nonce_);
    pending_ = std::move(o.pending_);
    size_ = o.size_;
    written_ = o.written_;
    synced_ = o.synced_;
    index_ = o.index_;
    hash_ = std::move(o.hash_);
  }
  return *this;
}

BlobWriter::~BlobWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Result<BlobWriter> BlobWriter::create(const std::string& path, const std::string& key,
                                      int64_t size) {
  if (size < 0)
    return invalid_argument("negative blob size", "size")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{0}}});
  BlobWriter w;
  w.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (w.fd_ < 0) return internal_error("cannot write blob " + path);
  w.key_ = key;
  w.size_ = size;
  w.file_nonce_ = random_bytes(kFileNonceBytes);
  w.hash_ = std::make_unique<Sha256Stream>();
  std::string header(kMagic, sizeof kMagic);
  header += w.file_nonce_;
  if (!write_all(w.fd_, header.data(), header.size(), 0)) {
    return internal_error("cannot write blob " + path);
  }
  return w;
}

Result<BlobWriter> BlobWriter::resume(const std::string& path, const std::string& key,
                                      int64_t size) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return create(path, key, size);
  struct stat st {};
  std::string header(kHeaderBytes, '\0');
  bool ok = ::fstat(fd, &st) == 0 && st.st_size >= kHeaderBytes &&
            read_all(fd, header.data(), header.size(), 0) &&
            std::memcmp(header.data(), kMagic, sizeof kMagic) == 0;
  if (!ok) {
    ::close(fd);
    return create(path, key, size);
  }
  BlobWriter w;
  w.fd_ = fd;
  w.key_ = key;
  w.size_ = size;
  w.file_nonce_ = header.substr(sizeof kMagic);
  w.hash_ = std::make_unique<Sha256Stream>();
  // Whole non-final chunks only: the final one is sealed by finish(), which a crash did not
  // reach, or the file would have been moved into place.
  int64_t whole = (static_cast<int64_t>(st.st_size) - kHeaderBytes) / kSealedChunk;
  whole = std::min(whole, chunk_count(size) - 1);
  std::string sealed(kSealedChunk, '\0'), plain;
  for (int64_t i = 0; i < whole; ++i) {
    if (!read_all(fd, sealed.data(), sealed.size(), kHeaderBytes + i * kSealedChunk) ||
        !open_chunk(key, w.file_nonce_, i, false, sealed, plain)) {
      whole = i;  // keep what authenticates
      break;
    }
    w.hash_->update(plain);
  }
  if (::ftruncate(fd, kHeaderBytes + whole * kSealedChunk) != 0) {
    return internal_error("cannot resume blob " + path);
  }
  w.index_ = whole;
  w.written_ = w.synced_ = whole * kBlobChunk;
  return w;
}

Status BlobWriter::seal(bool last) {
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  chunk_nonce(file_nonce_, index_, nonce);
  const unsigned char ad = last ? 1 : 0;
  std::string out(pending_.size() + kTagBytes, '\0');
  unsigned long long n = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data()), &n,
      reinterpret_cast<const unsigned char*>(pending_.data()), pending_.size(), &ad, 1, nullptr,
      nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  if (!write_all(fd_, out.data(), n, kHeaderBytes + index_ * kSealedChunk)) {
    return internal_error("cannot write blob chunk");
  }
  hash_->update(pending_);
  written_ += static_cast<int64_t>(pending_.size());
  pending_.clear();
  ++index_;
  return Status::ok();
}

Status BlobWriter::append(std::string_view data) {
  if (fd_ < 0) return failed_precondition("blob writer is closed");
  if (static_cast<int64_t>(data.size()) > size_ - bytes()) {
    return invalid_argument("more bytes than the blob's size " + std::to_string(size_), "size")
        .with_reason(Reason::kPastTheEnd, {{"max", static_cast<int64_t>(size_)}});
  }
  while (!data.empty()) {
    size_t take = std::min(data.size(), static_cast<size_t>(kBlobChunk) - pending_.size());
    pending_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (static_cast<int64_t>(pending_.size()) == kBlobChunk && bytes() < size_) {
      LIAISON_RETURN_IF_ERROR(seal(false));
    }
  }
  return Status::ok();
}

Status BlobWriter::sync() {
  if (fd_ < 0 || ::fdatasync(fd_) != 0) return internal_error("cannot sync blob");
  synced_ = written_;
  return Status::ok();
}

void BlobWriter::start_writeback() {
  if (fd_ >= 0) (void)::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

Result<std::string> BlobWriter::finish() {
  if (bytes() != size_) {
    return failed_precondition("blob has " + std::to_string(bytes()) + " of " +
                               std::to_string(size_) + " bytes");
  }
  LIAISON_RETURN_IF_ERROR(seal(true));
  if (::fsync(fd_) != 0) return internal_error("cannot sync blob");
  synced_ = written_;
  ::close(fd_);
  fd_ = -1;
  return hash_->finish_hex();
}

// ---- BlobReader ----------------------------------------------------------------------

BlobReader::BlobReader(BlobReader&& o) noexcept { *this = std::move(o); }

BlobReader& BlobReader::operator=(BlobReader&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    key_ = std::move(o.key_);
    file_nonce_ = std::move(o.file_nonce_);
    whole_ = std::move(o.whole_);
    v1_ = o.v1_;
    size_ = o.size_;
    chunks_ = o.chunks_;
  }
  return *this;
}

BlobReader::~BlobReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<BlobReader> BlobReader::open(const std::string& path, const std::string& key) {
  BlobReader r;
  r.key_ = key;
  r.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (r.fd_ < 0) return not_found("no blob " + std::filesystem::path(path).filename().string());
  struct stat st {};
  if (::fstat(r.fd_, &st) != 0) return internal_error("cannot be read");
  const int64_t len = st.st_size;
  char magic[sizeof kMagic] = {};
  if (len >= kHeaderBytes && read_all(r.fd_, magic, sizeof magic, 0) &&
      std::memcmp(magic, kMagic, sizeof kMagic) == 0) {
    r.file_nonce_.resize(kFileNonceBytes);
    if (!read_all(r.fd_, r.file_nonce_.data(), kFileNonceBytes, sizeof kMagic)) {
      return internal_error("cannot be read");
    }
    const int64_t body = len - kHeaderBytes;
    r.chunks_ = std::max<int64_t>(1, (body + kSealedChunk - 1) / kSealedChunk);
    const int64_t last = body - (r.chunks_ - 1) * kSealedChunk;
    if (last < kTagBytes) return internal_error("is truncated");
    r.size_ = (r.chunks_ - 1) * kBlobChunk + last - kTagBytes;
    return r;
  }
  // Format 1.
  std::string in(static_cast<size_t>(len), '\0');
  if (!read_all(r.fd_, in.data(), in.size(), 0)) return internal_error("cannot be read");
  LIAISON_ASSIGN_OR_RETURN(r.whole_, decrypt_v1(in, key));
  r.v1_ = true;
  r.size_ = static_cast<int64_t>(r.whole_.size());
  return r;
}

Result<std::string> BlobReader::read(int64_t offset, int64_t length) {
  if (offset < 0 || length < 0)
    return invalid_argument("negative range", "offset")
        .with_reason(Reason::kAtLeast, {{"min", int64_t{0}}});
  if (offset >= size_ || length == 0) {
    if (offset > size_)
      return invalid_argument("offset past the end", "offset")
          .with_reason(Reason::kPastTheEnd, {{"max", static_cast<int64_t>(size_)}});
    if (size_ == 0 && !v1_) {  // still authenticate the one (empty) chunk
      std::string sealed(kTagBytes, '\0'), plain;
      if (!read_all(fd_, sealed.data(), sealed.size(), kHeaderBytes) ||
          !open_chunk(key_, file_nonce_, 0, true, sealed, plain)) {
        return internal_error("fails authentication (altered on disk)");
      }
    }
    return std::string();
  }
  length = std::min(length, size_ - offset);
  if (v1_) return whole_.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  std::string out;
  out.reserve(static_cast<size_t>(length));
  std::string sealed, plain;
  for (int64_t i = offset / kBlobChunk; i < chunks_ && static_cast<int64_t>(out.size()) < length;
       ++i) {
    const bool last = i == chunks_ - 1;
    const int64_t plain_len = last ? size_ - i * kBlobChunk : kBlobChunk;
    sealed.resize(static_cast<size_t>(plain_len + kTagBytes));
    if (!read_all(fd_, sealed.data(), sealed.size(), kHeaderBytes + i * kSealedChunk) ||
        !open_chunk(key_, file_nonce_, i, last, sealed, plain)) {
      return internal_error("fails authentication (altered on disk)");
    }
    const int64_t from =
        std::max<int64_t>(0, offset + static_cast<int64_t>(out.size()) - i * kBlobChunk);
    const int64_t want = length - static_cast<int64_t>(out.size());
    out.append(plain, static_cast<size_t>(from),
               static_cast<size_t>(std::min<int64_t>(want, plain_len - from)));
  }
  return out;
}

// ---- the store -------------------------------------------------------------------------

Result<StagedBlob> stage_blob(const std::string& blob_dir, const std::string& key,
                              const std::string& data) {
  std::error_code ec;
  std::filesystem::create_directories(blob_dir + "/" + kStagingDir, ec);
  StagedBlob staged;
  staged.path = blob_dir + "/" + kStagingDir + "/" + to_hex(random_bytes(8));
  auto fail = [&](Status st) {
    std::remove(staged.path.c_str());
    return st;
  };
  auto w = BlobWriter::create(staged.path, key, static_cast<int64_t>(data.size()));
  if (!w.is_ok()) return fail(w.status());
  if (Status st = w->append(data); !st.is_ok()) return fail(st);
  auto sha = w->finish();
  if (!sha.is_ok()) return fail(sha.status());
  staged.sha256 = *sha;
  return staged;
}

Status commit_blob(const std::string& blob_dir, const StagedBlob& staged) {
  const std::string shard = blob_dir + "/" + staged.sha256.substr(0, 2);
  std::error_code ec;
  std::filesystem::create_directories(shard, ec);
  if (std::rename(staged.path.c_str(), blob_file(blob_dir, staged.sha256).c_str()) != 0) {
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

bool have_blob(const std::string& blob_dir, const std::string& sha256) {
  if (sha256.size() != 64) return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(blob_file(blob_dir, sha256), ec);
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
    const std::string dir_name = shard.path().filename().string();
    if (dir_name == kPartialDir || dir_name == kQuarantineDir) continue;
    const bool staging = dir_name == kStagingDir;
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
  if (sha256.size() != 64 || !from_hex(sha256))
    return invalid_argument("bad sha256", "sha256")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kSha256Hex));
  auto reader = BlobReader::open(blob_file(blob_dir, sha256), key);
  if (!reader.is_ok()) {
    if (reader.status().code() == StatusCode::kNotFound) return no_such("blob", sha256, "");
    return internal_error("blob " + sha256 + " " + reader.status().message());
  }
  auto data = reader->read(0, reader->size());
  if (!data.is_ok()) return internal_error("blob " + sha256 + " " + data.status().message());
  if (sha256_hex(*data) != sha256) {
    return internal_error("blob content does not match its SHA-256 " + sha256);
  }
  return std::move(*data);
}

}  // namespace liaison::node
