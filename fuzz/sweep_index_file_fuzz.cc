// Fuzzes loading a saved sweep index (index_file.cc) from a file whose checksums are right
// (a crafted file has them right: the digest is not a signature). The input is the file;
// its header's magic, version, sizes and digests are set right before it is written, so
// every input reaches the section and structure checks. Must never crash or read outside
// the mapping (ASan); a file that loads must answer lookups and a scan, and name only
// indicators it holds.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "sweep/index.h"
#include "sweep/scanner.h"

namespace {

std::string sealed(std::string file) {
  if (file.size() < 64) file.resize(64, '\0');
  file.resize(64 + (file.size() - 64) / 32 * 32);  // the payload is whole 32-byte units
  const uint32_t version = 2, header = 64;
  const uint64_t payload = file.size() - 64;
  std::memcpy(file.data(), "LSWEEPIX", 8);
  std::memcpy(file.data() + 8, &version, 4);
  std::memcpy(file.data() + 12, &header, 4);
  std::memcpy(file.data() + 24, &payload, 8);
  const uint64_t d = liaison::sweep::digest(std::string_view(file).substr(64));
  std::memcpy(file.data() + 32, &d, 8);
  const uint64_t h = liaison::sweep::digest(std::string_view(file).substr(0, 56));
  std::memcpy(file.data() + 56, &h, 8);
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("liaison-index-fuzz-" + std::to_string(::getpid())))
                                      .string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      << sealed(std::string(reinterpret_cast<const char*>(data), size));
  liaison::sweep::Index idx;
  liaison::sweep::Index::FileMeta meta;
  const liaison::Status st = idx.load(path, meta);
  std::filesystem::remove(path);
  if (!st.is_ok()) {
    if (st.code() != liaison::StatusCode::kFailedPrecondition) std::abort();
    return 0;
  }
  const auto n = static_cast<int32_t>(idx.size());
  size_t text = 0;
  for (int32_t id = 0; id < n; ++id) text += idx.text(id).size();
  if (text != idx.text_bytes()) std::abort();
  const auto in_range = [n](int32_t id) { return id >= -1 && id < n; };
  for (uint32_t a : {0u, 0x0a000001u, 0xc0000201u, 0xffffffffu}) {
    if (!in_range(idx.match_ipv4(a))) std::abort();
  }
  for (const char* name : {"evil.com", "www.evil.com", "a.b.c.d.e"}) {
    if (!in_range(idx.match_domain(name))) std::abort();
  }
  liaison::sweep::ScanResult r;
  liaison::sweep::scan_buffer(
      idx, "10.0.0.1 evil.com http://evil.com/x a@b.org 2001:db8::1 192.0.2.1\n", 1, false, r);
  for (const auto& hit : r.hits) {
    if (hit.indicator < 0 || hit.indicator >= n) std::abort();
  }
  return 0;
}
