// The append-only, hash-chained audit log of local actions: who read or changed what, from
// where. Written inside the caller's transaction; verified by `liaison verify`.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "ledger/ledger.h"
#include "node/node.h"
#include "store/sqlite/db.h"

namespace liaison::node {

Status audit(store::Db& db, const std::string& at, const Actor& actor, const std::string& action,
             const std::string& object, const std::string& detail = "");
// Convenience: its own write transaction.
Status audit(Node& node, const Actor& actor, const std::string& action, const std::string& object,
             const std::string& detail = "");
// Recomputes the chain; appends a problem per broken entry to `report`.
Status verify_audit(store::Db& db, ledger::VerifyReport& report);

}  // namespace liaison::node
