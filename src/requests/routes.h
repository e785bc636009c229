// The HTTP routes of requests for assistance, their thread, attachments, oral requests and written
// confirmation, with their role rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_request_routes(std::vector<Route>& routes);

// `fn` with the path's {id} given as a request's id or either party's reference
// ("CN-2026-000003"): a reference is replaced by the id before `fn` runs; one that names no
// request is 404 naming `id`. What looks like an id (a uuid) goes through untouched.
RouteFn by_request_ref(RouteFn fn);

// The register's text searches (GET /api/v1/requests?q=…), which `liaison serve` hands to
// threads of their own (ServerOptions::offload), and the answer to one turned away there:
// 429 naming q, with Retry-After.
bool is_search(const Request& req);
Response search_busy_response();

}  // namespace liaison::http
