// Pieces apply.cc shares with the per-area apply files (apply_hotline.cc). Internal to the
// ledger; include only from its .cc files.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <string>

#include "common/status.h"
#include "ledger/payload_schema.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::ledger::detail {

Result<boost::json::object> parse_object(std::string_view text, const char* what);
std::string record_ref(const Record& r);  // "ORIGIN:SEQ"
Status put_doc(Projections& p, const char* table, const std::string& id,
               const boost::json::object& doc, const Record& r);
Result<std::optional<boost::json::object>> get_object(Projections& p, const char* table,
                                                      const std::string& id);

// A record kind: its declared payload (nullptr: the whole payload is checked by the kind's
// typed parser, which must accept it unchanged) and the function that applies it.
struct KindSpec {
  std::string_view kind;
  const schema::Shape* shape;
  Status (*apply)(const Record& r, const boost::json::object& payload, Projections& p);
};

// policy.*, roster.*, escalation.*, hotline.*, drill.* records (apply_hotline.cc).
std::span<const KindSpec> hotline_kinds();
// directory.* records (apply_directory.cc).
std::span<const KindSpec> directory_kinds();

// A member checked by a typed parser must be exactly what the parsed value writes back
// (`typed`): no unknown or redundant members anywhere below it.
Status same_as_typed(const boost::json::value& raw, const boost::json::value& typed,
                     const std::string& field);

}  // namespace liaison::ledger::detail
