// The one place that composes liaison's capabilities (brief §6): every capability's record
// kinds go into one registry here, and nowhere else names them all. Adding a capability
// means adding its folder and a line here (docs/ARCHITECTURE.md, "Adding a capability").
#pragma once

#include "ledger/kinds.h"

namespace liaison::app {

// Every record kind of every capability, built once on first use, immutable after (so
// thread-safe to read). Aborts at start-up if two capabilities claim one kind or table.
const ledger::KindRegistry& record_kinds();

}  // namespace liaison::app
