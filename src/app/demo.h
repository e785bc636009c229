// Demonstration data for `make run` and the console walk-through: a US party, contacts, and
// requests both ways in several states. The US records are signed with a demo key kept in
// DATA/keys/demo-US.key (with one node there is no real US node yet).
#pragma once

#include "common/status.h"
#include "node/node.h"

namespace liaison::node {

Result<int> load_demo(Node& node, const Actor& actor);

}  // namespace liaison::node
