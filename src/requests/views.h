// How the API shows requests to one user, each read inside one transaction: a request with
// its delivery, direction, the events this user may cause and its deadline clocks; a page of
// the register; a request's ledger records with the receipts that cover them. The answers
// are JSON text, ready to send.
#pragma once

#include <string>

#include "common/status.h"
#include "node/node.h"
#include "requests/service.h"

namespace liaison::requests {

// A stored request document as GET /requests/{id} shows it to a user of `role`. A failed
// read or a document that is not an object is an error, never an empty object.
Result<std::string> request_view(node::Node& node, node::Role role, const std::string& doc);

// A page of the register ({"items", "total", "total_exact", "page", "per_page"}); a search
// turned away because too many run is kResourceExhausted.
Result<std::string> register_view(node::Node& node, const node::RequestQuery& q);

// A request's records, each with the receipt that covers it, its flag and whether its
// signature verifies ({"items": [...]}).
Result<std::string> records_view(node::Node& node, const std::string& request_id);

}  // namespace liaison::requests
