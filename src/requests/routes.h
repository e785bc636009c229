// The HTTP routes of requests for assistance, their thread, attachments, oral requests and written
// confirmation, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_request_routes(std::vector<Route>& routes);

// The register's text searches (GET /api/v1/requests?q=…), which `liaison serve` hands to
// threads of their own (ServerOptions::offload), and the answer to one turned away there:
// 429 naming q, with Retry-After.
bool is_search(const Request& req);
Response search_busy_response();

}  // namespace liaison::http
