// Store helpers shared by the hotline service (hotline.cc) and its engine
// (hotline_engine.cc). Internal to src/node; include only from .cc files (Boost.JSON).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "store/sqlite/db.h"

namespace liaison::node {

// The JSON documents a `SELECT doc …` returns, with `binds` bound as text.
Result<std::vector<boost::json::object>> query_docs(store::Db& db, const std::string& sql,
                                                    const std::vector<std::string>& binds = {});
// Whether the query returns a row.
Result<bool> row_exists(store::Db& db, const std::string& sql,
                        const std::vector<std::string>& binds);
// Appends one of this node's records (payload canonicalised) inside the caller's transaction.
Status append_record(Node& node, store::Db& db, const char* kind, const std::string& id,
                     const boost::json::object& payload, std::vector<std::string> recipients);

}  // namespace liaison::node
