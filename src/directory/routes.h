// The HTTP routes of the 24/7 directory, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_contact_routes(std::vector<Route>& routes);

}  // namespace liaison::http
