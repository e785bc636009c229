// Pieces apply.cc shares with the per-area apply files (apply_hotline.cc). Internal to the
// ledger; include only from its .cc files.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "common/status.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::ledger::detail {

Result<boost::json::object> parse_object(std::string_view text, const char* what);
std::string record_ref(const Record& r);  // "ORIGIN:SEQ"
Status put_doc(Projections& p, const char* table, const std::string& id,
               const boost::json::object& doc, const Record& r);
Result<std::optional<boost::json::object>> get_object(Projections& p, const char* table,
                                                      const std::string& id);

// policy.*, roster.*, escalation.*, hotline.*, drill.* records.
Status apply_hotline(const Record& r, const boost::json::object& payload, Projections& p);

}  // namespace liaison::ledger::detail
