// The 24/7 point-of-contact directory (brief §3.2): people of either party by tier, with
// time zone, languages, channels and the date each entry was last verified.
// Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::node {

// Validates a contact body (full for create, partial over `base` for update); errors name
// the field. Returns the canonical document.
Result<std::string> create_contact(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> update_contact(Node& node, const Actor& actor, const std::string& id,
                                   const boost::json::value& body);
Status delete_contact(Node& node, const Actor& actor, const std::string& id);
Result<std::vector<std::string>> list_contacts(Node& node, const std::string& party, int tier);

}  // namespace liaison::node
