// Fuzzes the federation record entry point: parsing a record body, canonicalising and
// verifying it must never crash, whatever the bytes.
#include <cstdint>
#include <string>

#include "ledger/canonical_json.h"
#include "ledger/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto canon = liaison::ledger::canonicalize(text);
  if (canon.is_ok()) {
    // Canonical form is a fixed point.
    auto again = liaison::ledger::canonicalize(*canon);
    if (!again.is_ok() || *again != *canon) __builtin_trap();
  }
  auto r = liaison::ledger::record_from_body(text);
  if (r.is_ok()) {
    r->hash = std::string(64, '0');
    r->signature = "AAAA";
    (void)liaison::ledger::verify_record(*r, std::string(32, '\0'));
  }
  return 0;
}
