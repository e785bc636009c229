// Helpers for capabilities' apply functions (ledger/kinds.h): reading and writing projection
// documents as JSON objects, and the record reference kept as a document's `last_record`.
// Include from apply .cc files only (it brings Boost.JSON).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::ledger {

Result<boost::json::object> parse_object(std::string_view text, const char* what);
std::string record_ref(const Record& r);  // "ORIGIN:SEQ"
Status put_doc(Projections& p, const char* table, const std::string& id,
               const boost::json::object& doc, const Record& r);
Result<std::optional<boost::json::object>> get_object(Projections& p, const char* table,
                                                      const std::string& id);

// A member checked by a typed parser must be exactly what the parsed value writes back
// (`typed`): no unknown or redundant members anywhere below it.
Status same_as_typed(const boost::json::value& raw, const boost::json::value& typed,
                     const std::string& field);

}  // namespace liaison::ledger
