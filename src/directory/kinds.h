// The 24/7 directory's record kind (ledger/kinds.h): a party's own point of contact, created,
// updated, verified (confirmed with its person) and retired by that party only. Applied by
// directory/apply.cc.
#pragma once

#include <span>

#include "ledger/kinds.h"

namespace liaison::directory {

inline constexpr const char* kDirectoryContact = "directory.contact";

// This kind and the table it writes (contacts).
ledger::KindSet record_kinds();

// Its tables, as schema steps (schema.cc).
std::span<const ledger::SchemaStep> schema_steps();

}  // namespace liaison::directory
