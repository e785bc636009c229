// An attachment's chain of custody and its files as the kernel's transfers see them
// (service.h: append_custody, retry_attachment, attachment_blobs).
#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "node/store_helpers.h"
#include "node/transfers.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "requests/service.h"

namespace liaison::node {

namespace json = boost::json;

Status append_custody(Node& node, store::Db& db, const std::string& request_id,
                      const std::string& sha256, const std::string& action,
                      const std::string& actor, const std::string& reason,
                      const std::string& code) {
  LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, request_id));
  LIAISON_ASSIGN_OR_RETURN(requests::StoredAttachment att,
                           requests::load_attachment(db, request_id, sha256));
  json::object payload;
  payload["request_id"] = request_id;
  payload["sha256"] = sha256;
  payload["size"] = att.size;
  payload["action"] = action;
  payload["actor"] = actor.empty() ? "system" : actor;
  if (!reason.empty()) payload["reason"] = reason.substr(0, 1000);
  if (!code.empty()) payload["code"] = code;
  return append_record(node, db, requests::kAttachmentCustody,
                       request_id + ":" + sha256 + ":custody:" + new_uuid(), payload,
                       req.recipients(node.party()));
}

Status retry_attachment(Node& node, const Actor& actor, const std::string& request_id,
                        const std::string& sha256) {
  std::string origin;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredAttachment a,
                             requests::load_attachment(db, request_id, sha256));
    origin = a.party;
    return Status::ok();
  }));
  return retry_transfer(node, actor, origin, sha256, "request/" + request_id);
}

namespace {

// The custody records of one move: for a file we sent, each request of ours (past its draft)
// whose other party is the peer; for a file that came, each request it is attached to.
Status sign_move(Node& node, store::Db& db, const BlobMoved& m) {
  const bool sent = m.kind == BlobMoved::Kind::kSent;
  LIAISON_ASSIGN_OR_RETURN(
      auto ids, requests::requests_with_attachment(db, m.sha256, sent ? node.party() : m.party));
  for (const auto& id : ids) {
    if (sent) {
      LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, id));
      if (req.is_draft() || !req.has_party(m.party)) continue;
    }
    const char* action = sent                                   ? "sent"
                         : m.kind == BlobMoved::Kind::kReceived ? "received"
                                                                : "refused";
    LIAISON_RETURN_IF_ERROR(
        append_custody(node, db, id, m.sha256, action, "system", m.reason, m.code));
  }
  return Status::ok();
}

}  // namespace

BlobOwner attachment_blobs() {
  BlobOwner owner;
  owner.offered_to = requests::attachment_offered_to;
  owner.named = requests::attachments_of_others;
  owner.moved = sign_move;
  return owner;
}

}  // namespace liaison::node
