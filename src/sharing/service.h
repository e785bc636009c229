// Indicator sharing (brief §3.3, issue 5): indicator sets published to chosen parties as
// ledger records (deltas in chunks), sightings aggregated per indicator and sent back to the
// publisher, feedback on each sighting, and the effectiveness figures of a set.
// Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/node.h"
#include "sharing/kinds.h"
#include "sharing/projections.h"
#include "sweep/index.h"

namespace liaison::node {

// Who may publish indicator sets, import them and give feedback on sightings (routes and
// service alike).
inline constexpr RoleSet kIndicatorSharers{Role::kAdministrator, Role::kAnalyst,
                                           Role::kLiaisonOfficer};

// The ledger's limit of an indicator_set.publish record.
inline constexpr size_t kIndicatorsPerRecord =
    static_cast<size_t>(sharing::kMaxIndicatorsPerRecord);

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
Result<std::vector<sharing::IndicatorSet>> list_indicator_sets(Node& node);
// The set's document with its effectiveness figures under "effectiveness".
Result<std::string> get_indicator_set(Node& node, const std::string& id);
Result<std::vector<sharing::Indicator>> list_indicators(Node& node, const std::string& set_id,
                                                        int page, int per_page, int64_t& total);

// The set each indicator of a NodeIndex is in, by index id: set_of[id] is the set's id
// (each set's id is held once, not once per indicator).
class SetOfIds {
 public:
  const std::string& operator[](size_t id) const { return sets_[number_[id]]; }
  size_t size() const { return number_.size(); }
  void set(size_t id, const std::string& set_id);
  // As kept in the node's index file; parse() refuses (false) bytes it did not write.
  void serialise(std::string& out) const;
  bool parse(std::string_view bytes, size_t ids);

 private:
  std::vector<std::string> sets_;
  std::vector<uint32_t> number_;
};

// Every live indicator this node holds (received and its own), for the sweep and /match.
struct NodeIndex {
  sweep::Index index;
  SetOfIds set_of;
  // What it was built from: records up to this local_order; the earliest valid_until of
  // an indicator in it ("" when none expires). sweep_index.cc tells from these when the
  // saved index is out of date.
  int64_t built_after = 0;
  std::string expires_at;
};
// Built from the store (about 0.3 s a million): what load_node_index() saves.
Result<std::unique_ptr<NodeIndex>> build_node_index(Node& node);
// The node's index as its file holds it when that is current, else built and saved
// (sweep_index.h): what `liaison sweep --data` and POST /indicators/match use.
Result<std::unique_ptr<NodeIndex>> load_node_index(Node& node);
// load_node_index() once, reused until a record is applied (or the minute turns, for
// indicators that expire): what POST /indicators/match uses.
Result<std::shared_ptr<const NodeIndex>> cached_node_index(Node& node);

// What a sweep saw of one indicator of one set: how often, and when by the log lines' own
// times (RFC 3339; empty when no line carried one: the sighting then says the sweep's time).
struct SweepSighting {
  uint64_t count = 0;
  std::string first_seen, last_seen;
};
// Records aggregated sightings (set id + value → what was seen) as records to each set's
// publisher.
Result<int64_t> record_sightings(
    Node& node, const Actor& actor,
    const std::map<std::pair<std::string, std::string>, SweepSighting>& hits,
    const std::string& where);
Result<std::vector<sharing::Sighting>> list_sightings(Node& node, const std::string& set_id);
// {"false_positive": bool, "action": "...", "note"?}
Result<std::string> sighting_feedback(Node& node, const Actor& actor, const std::string& id,
                                      const boost::json::value& body);

}  // namespace liaison::node
