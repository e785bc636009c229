// Evidence packages (issue 14): the files of one request with the signed records that prove
// where they came from, as one zip a court or a prosecutor can check without a node.
//
// FILE.zip holds
//   manifest.json  what the package claims: the request, each file (name, size, SHA-256,
//                  custody timeline), every record that proves it (full bodies, hashes,
//                  signatures; the origin's chain headers between a record and the receipt
//                  that covers it, redacted), and the public keys of the parties;
//   manifest.sig   the exporting node's Ed25519 signature of manifest.json;
//   cover.txt      a bilingual (Chinese and English) cover sheet for people;
//   files/SHA256/NAME  the bytes, as attached.
// verify_package() checks all of it offline and says exactly what is proven. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::evidence {

inline constexpr const char* kFormat = "liaison-evidence/1";

struct ExportSummary {
  int files = 0;          // files whose bytes are in the package
  int files_missing = 0;  // attached, but the bytes are not on this node (yet)
  int records = 0;
};

// Writes the package of `request_id` to `out_path` (replaced atomically), audited as
// evidence.export by `actor`.
Result<ExportSummary> export_package(node::Node& node, const node::Actor& actor,
                                     const std::string& request_id, const std::string& out_path);

struct VerifyReport {
  std::string request_id;
  std::vector<std::string> proven;    // one sentence per fact that checked out
  std::vector<std::string> problems;  // each names the member of the zip it is about
  bool ok() const { return problems.empty(); }
};

// Checks a package with nothing but the package: the manifest's signature, every record's
// hash and signature, the chains from each file's record to the receipt that covers it,
// and every file's bytes against the SHA-256 in its signed record.
Result<VerifyReport> verify_package(const std::string& path);

}  // namespace liaison::evidence
