// Helpers for the handler files only (includes Boost.JSON; keep out of other headers).
#pragma once

#include <boost/json.hpp>

#include "http/api.h"
#include "ledger/limits.h"

namespace liaison::http {

// Parses the body as JSON; a malformed or too deeply nested body is a 400 naming "body".
// API bodies may nest as deep as a record's payload (ledger/limits.h); the federation reader
// passes the wire depth.
Result<boost::json::value> parse_body(const Request& req, int max_depth = ledger::kMaxApiBodyDepth);
Response json_response(int status, const boost::json::value& v);
// The error body's object for `st`: {code, message, field[, missing][, reason, params]}
// (docs/API.md, "Errors"); error_response() wraps it as {"error": …}.
boost::json::object error_json(const Status& st);
std::string json_text(const boost::json::value& v);
// Parses a stored JSON document (trusted: written by apply()).
boost::json::object parse_doc(const std::string& doc);

}  // namespace liaison::http
