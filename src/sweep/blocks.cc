#include "sweep/blocks.h"

namespace liaison::sweep::blocks {

void classify_scalar(const char* p, Block& out) {
  Block k{};
  for (int i = 0; i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    uint64_t bit = uint64_t{1} << i;
    if (is_delim(c))
      k.delim |= bit;
    else if (!is_simple(c))
      k.bad |= bit;
    if (c == '.') k.dot |= bit;
    if (c == ':') k.colon |= bit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k.alpha |= bit;
    if (c == '-' || c == '_') k.dash |= bit;
    if (c == '\n') k.newline |= bit;
    if (c == '#') k.hash |= bit;
    if (!is_delim(c) && c != '.' && (c < '0' || c > '9')) k.impure |= bit;
  }
  out = k;
}

}  // namespace liaison::sweep::blocks
