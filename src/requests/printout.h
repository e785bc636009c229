// A request as a printed form (issue 17): one PDF, Chinese and English labels side by side,
// with the request's header (references, parties, type, priority, state, deadlines), its
// content, checklist, identifiers, attachments with their SHA-256, and the timeline of its
// signed records, each with its signer's key fingerprint and hash — what an officer files or
// hands to a prosecutor. Drawn on outputs::PdfCanvas. Reads through the requests service;
// thread-safe like it.
//
//   Result<requests::Printout> p = requests::print_request(node, "CN-2026-000003");
#pragma once

#include <string>

#include "common/status.h"
#include "node/node.h"

namespace liaison::requests {

struct Printout {
  std::string id;         // the request's id
  std::string reference;  // the requester's reference ("" for a draft without one)
  std::string pdf;        // the bytes
};

// The request by its id or either party's reference; not_found naming `id` otherwise.
Result<Printout> print_request(node::Node& node, const std::string& id_or_ref);

}  // namespace liaison::requests
