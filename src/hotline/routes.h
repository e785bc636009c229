// The HTTP routes of the hotline: policies, rosters, on-call, escalations, the hotline log, drills,
// the review, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_hotline_routes(std::vector<Route>& routes);

}  // namespace liaison::http
