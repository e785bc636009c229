// Store helpers shared by the node's services (requests, contacts, indicators, hotline and
// its engine): reading projections and query results, appending this node's records.
// Internal to src/node; include only from .cc files (Boost.JSON).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "store/db.h"

namespace liaison::node {

// A projection's document (table "requests", "indicator_sets", …), nullopt when absent.
Result<std::optional<boost::json::object>> doc_of(store::Db& db, const char* table,
                                                  const std::string& id);
// The same, absent being not_found ("no request <id>", field "id").
Result<boost::json::object> load_doc(store::Db& db, const char* table, const std::string& id);
// A projection's document as stored (text), "" when absent: what a write returns after
// reading back what it projected.
Result<std::string> doc_text(store::Db& db, const char* table, const std::string& id);
// The first column of every row a query returns, as text, with `binds` bound as text.
Result<std::vector<std::string>> query_texts(store::Db& db, const std::string& sql,
                                             const std::vector<std::string>& binds = {});
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
