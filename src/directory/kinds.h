// The 24/7 directory's record kind (ledger/kinds.h): a party's own point of contact, created,
// updated, verified (confirmed with its person) and retired by that party only. Applied by
// directory/apply.cc.
#pragma once

#include "ledger/kinds.h"

namespace liaison::directory {

inline constexpr const char* kDirectoryContact = "directory.contact";

// This kind and the table it writes (contacts).
ledger::KindSet record_kinds();

}  // namespace liaison::directory
