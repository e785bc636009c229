// Indicator sharing (brief §3.3, issue 5): indicator sets published to chosen parties as
// ledger records (deltas in chunks), sightings aggregated per indicator and sent back to the
// publisher, feedback on each sighting, and the effectiveness figures of a set.
// Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "sharing/kinds.h"
#include "sweep/index.h"

namespace liaison::node {

// Who may publish indicator sets, import them and give feedback on sightings (routes and
// service alike).
inline constexpr RoleSet kIndicatorSharers{Role::kAdministrator, Role::kAnalyst,
                                           Role::kLiaisonOfficer};

// The ledger's limit of an indicator_set.publish record.
inline constexpr size_t kIndicatorsPerRecord = static_cast<size_t>(sharing::kMaxIndicatorsPerRecord);


// {"name", "description"?, "tlp", "recipients": ["US"], "indicators": ["1.2.3.4", {…}]}
Result<std::string> create_indicator_set(Node& node, const Actor& actor,
                                         const boost::json::value& body);
// {"add": [...], "remove": ["value"], "name"?, "description"?}
Result<std::string> update_indicator_set(Node& node, const Actor& actor, const std::string& id,
                                         const boost::json::value& body);
struct ImportReport {
  int64_t added = 0;
  std::vector<std::pair<int64_t, std::string>> errors;  // line, message
};
// Imports a list into a set: format plain | ipsum | spamhaus | csv (column 1-based, header
// lines that do not parse are reported like any other bad line).
Result<ImportReport> import_indicators(Node& node, const Actor& actor, const std::string& id,
                                       const std::string& format, int column,
                                       const std::string& text);
Result<std::vector<std::string>> list_indicator_sets(Node& node);
// The set's document with its effectiveness figures under "effectiveness".
Result<std::string> get_indicator_set(Node& node, const std::string& id);
Result<std::vector<std::string>> list_indicators(Node& node, const std::string& set_id, int page,
                                                 int per_page, int64_t& total);

// Every live indicator this node holds (received and its own), for the sweep and /match.
struct NodeIndex {
  sweep::Index index;
  std::vector<std::string> set_of;  // by index id: the set id
};
Result<std::unique_ptr<NodeIndex>> build_node_index(Node& node);
// The same, built once and reused until a record is applied (or the minute turns, for
// indicators that expire): what POST /indicators/match uses.
Result<std::shared_ptr<const NodeIndex>> cached_node_index(Node& node);

// Records aggregated sightings (set id + value → count) as records to each set's publisher.
Result<int64_t> record_sightings(Node& node, const Actor& actor,
                                 const std::map<std::pair<std::string, std::string>, uint64_t>& hits,
                                 const std::string& where);
Result<std::vector<std::string>> list_sightings(Node& node, const std::string& set_id);
// {"false_positive": bool, "action": "...", "note"?}
Result<std::string> sighting_feedback(Node& node, const Actor& actor, const std::string& id,
                                      const boost::json::value& body);

}  // namespace liaison::node
