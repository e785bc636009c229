// One list envelope for every list the API returns — {"items": […], "total": N, "page": P,
// "per_page": K} — and one reading of the paging parameters. A list that is not paged is
// page 1 of one page holding every item. Include only from handler .cc files (Boost.JSON).
#pragma once

#include <boost/json.hpp>
#include <cstdint>

#include "common/status.h"
#include "http/message.h"

namespace liaison::http {

struct Paging {
  int page = 1;
  int per_page = 0;
};
// The `page` (1 to kMaxPage, default 1) and `per_page` (1 to `max_per_page`, default
// `fallback_per_page`) query parameters; an error names the parameter.
Result<Paging> paging(const Request& req, int fallback_per_page, int max_per_page);

// The envelope of one page of a longer list of `total` items.
boost::json::object list_envelope(boost::json::array items, int64_t total, const Paging& p);
// The envelope of a whole list.
boost::json::object list_envelope(boost::json::array items);

// 200 with the envelope.
Response list_response(boost::json::array items, int64_t total, const Paging& p);
Response list_response(boost::json::array items);

}  // namespace liaison::http
