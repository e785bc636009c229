// Which store implementation a node's database is: chosen by name ([store] kind in
// config.toml, or LIAISON_STORE), "sqlite" by default. A PostgreSQL store would add its name
// here and its folder beside store/sqlite/; nothing above the store changes.
#pragma once

#include <string_view>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

inline constexpr std::string_view kDefaultStoreKind = "sqlite";

// The opener for store `kind`:
//   "sqlite"                 — the SQLite file DIR/liaison.db;
//   "sqlite-portable-check"  — the same behind PortableDb (store/portable_db.h), which refuses
//                              SQL outside the portable subset: tests run whole nodes on it.
// Another name is invalid_argument naming the field "store.kind".
Result<Opener> opener(std::string_view kind);

}  // namespace liaison::store
