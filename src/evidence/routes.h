// The HTTP routes of evidence packages, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_evidence_routes(std::vector<Route>& routes);

}  // namespace liaison::http
