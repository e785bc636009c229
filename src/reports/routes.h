// The HTTP routes of reports (assessments, reports and their attestation), with their role
// rules (registered by src/app/).
#pragma once

#include <vector>

#include "http/api.h"

namespace liaison::http {

void add_report_routes(std::vector<Route>& routes);

}  // namespace liaison::http
