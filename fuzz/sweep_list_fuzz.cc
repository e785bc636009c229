// Fuzzes the indicator list parser (plain lists, IPsum's "ip<TAB>count", Spamhaus's
// "net ; SBL…"): never crashes, every line is either added, skipped as blank or comment,
// or reported with its own line number, and every added indicator hits itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "sweep/index.h"
#include "sweep/scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  liaison::sweep::Index idx;
  std::vector<liaison::sweep::ListError> errors;
  uint64_t added = 0;
  liaison::sweep::parse_list(idx, text, errors, added);
  uint64_t lines = 0;
  for (size_t i = 0; i < text.size(); ++i) lines += text[i] == '\n';
  if (!text.empty() && text.back() != '\n') ++lines;
  if (added + errors.size() > lines) std::abort();
  uint64_t last = 0;
  for (const auto& e : errors) {
    if (e.line < 1 || e.line > lines || e.line <= last || e.message.empty()) std::abort();
    last = e.line;
  }
  if (idx.size() != added) std::abort();
  idx.build();
  for (size_t id = 0; id < idx.size(); ++id) {
    const auto& ind = idx.indicator(static_cast<int32_t>(id));
    if (ind.type == liaison::sweep::IndicatorType::kDomain && idx.match_domain(ind.value) < 0) {
      std::abort();
    }
    if (ind.type == liaison::sweep::IndicatorType::kIpv4) {
      auto addr = liaison::sweep::parse_ipv4(ind.value.substr(0, ind.value.find('/')));
      if (addr && idx.match_ipv4(*addr) < 0) std::abort();
    }
  }
  return 0;
}
