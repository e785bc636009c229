// The HTTP routes of the notification inbox (every signed-in user, their own inbox only),
// registered by src/app/.
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_inbox_routes(std::vector<Route>& routes);

}  // namespace liaison::http
