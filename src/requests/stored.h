// The requests capability's other projections as typed values: a message, an attachment with
// its chain of custody (a request itself is model::StoredRequest, model/stored_request.h,
// which the hotline reads too). apply() reads and writes these; the services and the printout
// read them. JSON only at the edges: from_doc / to_doc convert a projection row's document
// (the text the API answers). Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/request.h"
#include "model/stored_request.h"

namespace liaison::requests {

// The request projection is the model's (one type for every capability that reads it).
using model::Assignee;
using model::OralCall;
using model::Pause;
using model::Refusal;
using model::request_from_doc;
using model::request_from_text;
using model::StoredRequest;
using model::to_doc;

struct StoredMessage {
  std::string id, request_id, party, author, created_at;
  model::BilingualText body;
  bool operator==(const StoredMessage&) const = default;
};

// One step of an attachment's chain of custody, signed by the party that took it.
struct CustodyStep {
  std::string at, by, party, action, record, reason, code;
  bool operator==(const CustodyStep&) const = default;
};

struct StoredAttachment {
  std::string id;  // request_id ":" sha256
  std::string request_id, sha256, filename, content_type, party, added_by, created_at;
  int64_t size = 0;
  bool shared = false;  // addressed to the other party (a draft's are not, until submitted)
  std::vector<CustodyStep> custody;
  bool operator==(const StoredAttachment&) const = default;
};

Result<StoredMessage> message_from_doc(const boost::json::object& doc);
Result<StoredAttachment> attachment_from_doc(const boost::json::object& doc);
Result<StoredAttachment> attachment_from_text(std::string_view text);

boost::json::object to_doc(const StoredMessage& m);
boost::json::object to_doc(const StoredAttachment& a);

}  // namespace liaison::requests
