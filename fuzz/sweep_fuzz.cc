// Fuzzes the sweep's entry points: a log buffer through the field scanner, and the same
// bytes as an indicator list line. Must never crash; a listed value must always hit itself;
// shifting the text against the 64-byte blocks (a leading delimiter) changes no hit; the
// AVX2 and the generic walk agree, against a mixed index and an IPv4-only one (lean path);
// the lean walk finds exactly the IPv4 hits that the full walk finds for the same ranges
// (given one domain more, which it must then take).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sweep/index.h"
#include "sweep/scanner.h"
#include "sweep/walk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static liaison::sweep::Index* idx = [] {
    auto* i = new liaison::sweep::Index;
    for (const char* s : {"10.0.0.0/8", "192.0.2.1", "2001:db8::/32", "evil.com",
                          "http://evil.com/x", "a@b.org", "d41d8cd98f00b204e9800998ecf8427e"}) {
      (void)i->add(s);
    }
    i->build();
    return i;
  }();
  const auto v4_index = [](bool lean) {
    auto* i = new liaison::sweep::Index;
    for (const char* s : {"10.0.0.0/8", "192.0.2.1", "198.51.100.0/25"}) (void)i->add(s);
    if (!lean) (void)i->add("example.net");  // id 3
    i->build();
    return i;
  };
  static liaison::sweep::Index* v4 = v4_index(true);
  static liaison::sweep::Index* v4_full = v4_index(false);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (liaison::sweep::walk::have_avx2()) {
    for (const liaison::sweep::Index* index : {idx, v4}) {
      liaison::sweep::ScanResult g, a;
      liaison::sweep::walk::generic::scan(*index, text, 1, false, g);
      liaison::sweep::walk::avx2::scan(*index, text, 1, false, a);
      if (g.lines != a.lines || g.lines_with_hits != a.lines_with_hits ||
          g.hits.size() != a.hits.size()) {
        std::abort();
      }
      for (size_t i = 0; i < g.hits.size(); ++i) {
        if (g.hits[i].line != a.hits[i].line || g.hits[i].value != a.hits[i].value ||
            g.hits[i].indicator != a.hits[i].indicator) {
          std::abort();
        }
      }
    }
  }
  {
    liaison::sweep::ScanResult lean, full;
    liaison::sweep::scan_buffer(*v4, text, 1, false, lean);
    liaison::sweep::scan_buffer(*v4_full, text, 1, false, full);
    size_t k = 0;
    for (const auto& h : full.hits) {
      if (h.indicator == 3) continue;
      if (k >= lean.hits.size() || lean.hits[k].line != h.line || lean.hits[k].value != h.value ||
          lean.hits[k].indicator != h.indicator) {
        std::abort();
      }
      ++k;
    }
    if (k != lean.hits.size()) std::abort();
  }
  liaison::sweep::ScanResult r;
  liaison::sweep::scan_buffer(*idx, text, 1, false, r);
  // (Not for empty text, which has no line, nor for a leading '#' line, a comment only at
  // the very start.)
  for (size_t shift : {1, 37}) {
    if (text.empty() || text[0] == '#') break;
    std::string moved = std::string(shift, ' ') + std::string(text);
    liaison::sweep::ScanResult m;
    liaison::sweep::scan_buffer(*idx, moved, 1, false, m);
    if (m.lines != r.lines || m.lines_with_hits != r.lines_with_hits ||
        m.hits.size() != r.hits.size()) {
      std::abort();
    }
    for (size_t i = 0; i < r.hits.size(); ++i) {
      if (m.hits[i].line != r.hits[i].line || m.hits[i].value != r.hits[i].value) std::abort();
    }
  }
  liaison::sweep::Index one;
  auto id = one.add(text.substr(0, text.find('\n')));
  if (id.is_ok()) {
    one.build();
    (void)one.match_exact(liaison::sweep::IndicatorType::kDomain, text);
  }
  return 0;
}
