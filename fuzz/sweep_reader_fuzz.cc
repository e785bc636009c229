// Fuzzes the sweep's readers: the bytes go to a file (memfd) read as plain text, or behind
// a gzip or zstd magic number (the first byte chooses), so the decoders meet arbitrary
// input. Never crashes; a corrupt archive is an error, not a partial answer; a plain file
// gives the same lines and hits on one thread and on three.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "sweep/index.h"
#include "sweep/scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static liaison::sweep::Index* idx = [] {
    auto* i = new liaison::sweep::Index;
    for (const char* s : {"10.0.0.0/8", "192.0.2.1", "evil.com"}) (void)i->add(s);
    i->build();
    return i;
  }();
  if (size == 0) return 0;
  std::string bytes;
  switch (data[0] % 3) {
    case 1:
      bytes = "\x1f\x8b";
      break;
    case 2:
      bytes = "\x28\xb5\x2f\xfd";
      break;
    default:
      break;
  }
  bytes.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  int fd = memfd_create("sweep-reader-fuzz", 0);
  if (fd < 0) return 0;
  if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
    ::close(fd);
    return 0;
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  liaison::sweep::ScanOptions one;
  auto a = liaison::sweep::scan_file(*idx, path, one);
  if (data[0] % 3 == 0) {
    liaison::sweep::ScanOptions three;
    three.threads = 3;
    auto b = liaison::sweep::scan_file(*idx, path, three);
    if (!a.is_ok() || !b.is_ok() || a->lines != b->lines ||
        a->lines_with_hits != b->lines_with_hits || a->hits.size() != b->hits.size()) {
      std::abort();
    }
  }
  ::close(fd);
  return 0;
}
