// The 24/7 point-of-contact directory (brief §3.2): people of either party by tier, with
// time zone, languages, channels and the date each entry was last verified.
// Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::node {

// Who keeps the directory: they change entries, record checks, and are reminded of stale
// ones (the HTTP routes and the hotline engine both take them from here).
inline constexpr Role kDirectoryMaintainers[] = {Role::kAdministrator, Role::kLiaisonOfficer};

// Validates a contact body (full for create, partial over the stored one for update);
// errors name the field. Returns the document as list_contacts shows it.
Result<std::string> create_contact(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> update_contact(Node& node, const Actor& actor, const std::string& id,
                                   const boost::json::value& body);
// Records that the entry was checked with its person now: last_verified becomes the node's
// time (audited as contact.verify).
Result<std::string> verify_contact(Node& node, const Actor& actor, const std::string& id);
Status delete_contact(Node& node, const Actor& actor, const std::string& id);
// Entries by party and tier (empty, 0: all), and by staleness when `stale` is set. Every
// document returned (here and by create/update/verify) carries `stale` and `verify_by`,
// computed at the node's time from [directory] verify_days; they are not stored.
Result<std::vector<std::string>> list_contacts(Node& node, const std::string& party, int tier,
                                               std::optional<bool> stale = std::nullopt);

}  // namespace liaison::node
