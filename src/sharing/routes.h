// The HTTP routes of indicator sets, sightings, feedback and matching, with their role rules
// (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_indicator_routes(std::vector<Route>& routes);

}  // namespace liaison::http
