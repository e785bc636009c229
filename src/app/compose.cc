#include "app/compose.h"

#include <cstdio>
#include <cstdlib>

#include "directory/kinds.h"
#include "hotline/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::app {

namespace {

ledger::KindRegistry compose_kinds() {
  ledger::KindRegistry kinds;
  for (const ledger::KindSet& set : {requests::record_kinds(), sharing::record_kinds(),
                                     hotline::record_kinds(), directory::record_kinds()}) {
    if (Status st = kinds.add(set); !st.is_ok()) {
      // A programming error in the composition, found on the first run of any test.
      std::fprintf(stderr, "liaison: %s\n", st.to_string().c_str());
      std::abort();
    }
  }
  return kinds;
}

}  // namespace

const ledger::KindRegistry& record_kinds() {
  static const ledger::KindRegistry kinds = compose_kinds();
  return kinds;
}

}  // namespace liaison::app
