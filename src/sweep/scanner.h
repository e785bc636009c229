// The sweep: reads log lines (plain, gzip or zstd; files or stdin), splits each line into
// fields, recognises IPv4/IPv6 addresses (also "ip:port" and "[v6]:port"), domains, URLs,
// e-mail addresses and hashes, and matches them against an Index. Fields, never substrings:
// 10.1.2.3 does not hit inside 110.1.2.34, evil.com does not hit notevil.com.
// Plain files are split across threads at line boundaries and scanned in place through a
// memory map (no copy); standard input and compressed input are read in chunks of whole
// lines, decompressed on one thread while another matches.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sweep/index.h"

namespace liaison::sweep {

struct Hit {
  uint64_t line = 0;       // 1-based line number in its input
  int32_t indicator = -1;  // Index id
  std::string value;       // the field as it appeared
};

struct ScanResult {
  uint64_t lines = 0;
  uint64_t lines_with_hits = 0;
  uint64_t bytes = 0;
  std::vector<Hit> hits;  // in line order (empty when count_only)
  double read_seconds = 0;   // reading and decompressing (summed over threads)
  double match_seconds = 0;  // finding and matching fields (summed over threads)
};

struct ScanOptions {
  int threads = 1;
  bool count_only = false;
  size_t max_hits = 1000000;  // hits kept in memory (counting goes on)
  // threads > 1: plain files are split into that many ranges; compressed input is
  // decompressed and matched on two threads.
};

// Scans one buffer of whole lines; `first_line` numbers them.
void scan_buffer(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
                 ScanResult& out);
// Scans a file ("-" = standard input); gzip/zstd are recognised by their magic bytes.
Result<ScanResult> scan_file(const Index& index, const std::string& path, const ScanOptions& opts);

// Indicator lists: one indicator per line; '#' and ';' start comments (IPsum, Spamhaus);
// IPsum's "ip<TAB>count" keeps the first column. Invalid lines are reported, not accepted.
struct ListError {
  uint64_t line;
  std::string text;
  std::string message;
};
Status load_list(Index& index, const std::string& path, std::vector<ListError>& errors,
                 uint64_t& added);
// The same for a list already in memory (lines numbered from 1).
void parse_list(Index& index, std::string_view text, std::vector<ListError>& errors, uint64_t& added);

}  // namespace liaison::sweep
