// The HTTP routes of requests for assistance, their thread, attachments, oral requests and written confirmation, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_request_routes(std::vector<Route>& routes);

}  // namespace liaison::http
