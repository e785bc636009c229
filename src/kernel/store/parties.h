// The parties table (this node's party and the others it knows, with their signing keys), on
// one connection inside the caller's transaction: the SQL behind node::Node's parties.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

struct PartyRow {
  std::string code, name, timezone, public_key_b64;
  bool is_local = false;
};

// Whether the database answers at all (its migrations table can be read).
Status schema_ready(Db& db);
// Every party, this node's first, then by code.
Result<std::vector<PartyRow>> party_rows(Db& db);
// Adds a party; already_exists naming `code` when there is one with that code.
Status insert_party(Db& db, const PartyRow& p, const std::string& created_at);
// Sets the key of a party that has none; false when the party is unknown or has one.
Result<bool> set_party_key_if_unset(Db& db, const std::string& code,
                                    const std::string& public_key_b64);

}  // namespace liaison::store
