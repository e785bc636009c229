// How `liaison sweep -i LIST…` gets its index: the lists parsed and the index built each
// time, or through a saved index file: `--index FILE` uses FILE when it was built from these
// same lists (their bytes, in this order) and otherwise builds it again and saves it there;
// `--save-index FILE` builds and saves; `--index FILE` without lists uses FILE as it is.
// Called by the sweep subcommand's callback, on its thread.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::sweep {
class Index;
}

namespace liaison::cli {

struct SweepIndexSource {
  std::vector<std::string> lists;  // -i, in order
  std::string index_file;          // --index
  std::string save_file;           // --save-index
};

// Fills `index` (built) and `added` (how many indicators it holds). Bad list lines, and a
// saved index that could not be used (and why), are reported on `err`.
Status load_sweep_index(const SweepIndexSource& src, sweep::Index& index, uint64_t& added,
                        std::ostream& err);

}  // namespace liaison::cli
