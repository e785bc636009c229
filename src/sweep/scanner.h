// The sweep: reads log lines (plain, gzip or zstd; files or stdin), splits each line into
// fields, recognises IPv4/IPv6 addresses (also "ip:port" and "[v6]:port"), domains, URLs,
// e-mail addresses and hashes, and matches them against an Index. Fields, never substrings:
// 10.1.2.3 does not hit inside 110.1.2.34, evil.com does not hit notevil.com.
// Plain files are split across threads at line boundaries and read with pread into a
// buffer that stays in the cache (a memory map cost more than the copy on a log whose page
// cache folios are small, as a logger's writes leave them); standard input and compressed input are
// read in chunks of whole lines, decompressed on one thread while another matches.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "sweep/index.h"

namespace liaison::sweep {

// How a log names its fields. Fields are found the same way in every format; the format
// only decides what a hit's field is called: the Zeek column (from the #fields header), the
// CSV column (from the first line), the JSON key, or nothing for plain text.
enum class LogFormat { kAuto, kZeekTsv, kJsonLines, kCsv, kText };
// "auto", "zeek-tsv", "zeek-json" and "jsonl" (the same), "csv", "text".
std::optional<LogFormat> log_format_from(std::string_view name);

// What a walk knows of the field names so far: kAuto is settled by the first line, the
// columns are learnt from a Zeek #fields line or a CSV header. Carried from one buffer to
// the next of the same input (one per thread).
struct FieldNames {
  LogFormat format = LogFormat::kAuto;
  std::vector<std::string> columns;
};

struct Hit {
  uint64_t line = 0;       // 1-based line number in its input
  int32_t indicator = -1;  // Index id
  std::string value;       // the field as it appeared
  std::string field;       // its column or key ("" when the format names none)
};

struct ScanResult {
  uint64_t lines = 0;
  uint64_t lines_with_hits = 0;
  uint64_t bytes = 0;
  std::vector<Hit> hits;  // in line order (empty when count_only; at most max_hits)
  // Every hit counted per indicator id, also with count_only and past max_hits: what a
  // sighting reports, so a million hits on one indicator are one sighting with a count.
  std::unordered_map<int32_t, uint64_t> hits_by_indicator;
  // When each indicator was seen, from the times its lines carry (fields::line_time: Zeek
  // `ts`, a JSON or CSV time field, a leading ISO time), in microseconds since 1970 UTC; an
  // indicator none of whose lines carries a time is absent. Kept with count_only too.
  struct Seen {
    int64_t first_us = 0, last_us = 0;
  };
  std::unordered_map<int32_t, Seen> seen_by_indicator;
  double read_seconds = 0;   // reading and decompressing (summed over threads)
  double match_seconds = 0;  // finding and matching fields (summed over threads)
};

struct ScanOptions {
  int threads = 1;
  bool count_only = false;
  size_t max_hits = 1000000;  // hits kept in memory (counting goes on)
  // When set, bytes of the file read so far (compressed bytes for compressed input) are
  // added as they are read, from any of the scan's threads: for a progress display.
  std::atomic<uint64_t>* progress = nullptr;
  LogFormat format = LogFormat::kAuto;
  // threads > 1: plain files are cut at line boundaries into pieces of about piece_bytes,
  // which the threads take in turn; compressed input is decompressed and matched on two
  // threads.
  uint64_t piece_bytes = 16 << 20;
};

// Scans one buffer of whole lines; `first_line` numbers them. With `names`, hits get their
// field's name, and what the buffer teaches about names (its format, a header) is kept.
void scan_buffer(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
                 ScanResult& out, FieldNames* names = nullptr);
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
// A list file's bytes (what load_list parses).
Result<std::string> read_list_file(const std::string& path);
// The same for a list already in memory (lines numbered from 1).
void parse_list(Index& index, std::string_view text, std::vector<ListError>& errors,
                uint64_t& added);

}  // namespace liaison::sweep
