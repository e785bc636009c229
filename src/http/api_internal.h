// Helpers for the handler files only (includes Boost.JSON; keep out of other headers).
#pragma once

#include <boost/json.hpp>

#include "http/api.h"

namespace liaison::http {

// Parses the body as JSON; a malformed body is a 400 naming "body".
Result<boost::json::value> parse_body(const Request& req);
Response json_response(int status, const boost::json::value& v);
std::string json_text(const boost::json::value& v);
// Parses a stored JSON document (trusted: written by apply()).
boost::json::object parse_doc(const std::string& doc);

}  // namespace liaison::http
