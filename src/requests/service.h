// The request register's operations: each checks its input, writes one ledger record (which
// apply() turns into the projection) plus an audit entry in one transaction, and returns the
// new projection. Reads come from the projections. Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ledger/record.h"
#include "node/node.h"
#include "node/users.h"

namespace liaison::model {
struct RequestContent;
}
namespace liaison::store {
class Db;
}

namespace liaison::node {

// Who may create, edit and move requests, post messages and attach files (routes and
// service alike).
inline constexpr RoleSet kRequestWriters{Role::kAdministrator, Role::kLiaisonOfficer,
                                         Role::kSupervisor, Role::kPrincipal};

// Who may set or change a request's assignee on this party's side, and who may be assigned
// (an active user of this party who works requests).
inline constexpr RoleSet kRequestAssigners{Role::kLiaisonOfficer, Role::kSupervisor};
inline constexpr RoleSet kRequestAssignees{Role::kLiaisonOfficer, Role::kSupervisor,
                                           Role::kPrincipal};

struct RequestQuery {
  std::vector<std::string> states, types, priorities;
  std::string party;      // either party
  std::string direction;  // "outgoing" | "incoming" | ""
  std::string assignee;   // this party's assignee (a username; "me" is resolved by the caller)
  std::string q;          // text search: trimmed, valid UTF-8, empty or ≥ 2 characters
  std::string sort = "-updated_at";
  int page = 1;
  int per_page = 25;
};
struct DocPage {
  std::vector<std::string> docs;  // JSON documents
  // The register only: each document's version, its id and `last_record` ("ID ORIGIN:SEQ"):
  // only apply() writes a request, with the record it applies, so a version is one content
  // and what is derived from a document can be kept until its version changes.
  std::vector<std::string> versions;
  int64_t total = 0;
  // False when a text search stopped early (kSearchMatchLimit, kSearchScanLimit): `total` and
  // the pages then cover the most recently written matches only.
  bool total_exact = true;
};

// A text search collects at most this many matching requests (eight pages of 25: past them a
// user narrows the search; the count then reads "200+")...
inline constexpr int kSearchMatchLimit = 200;
// ...from at most this many candidate texts (a request's own or one of its messages, newest
// first), each checked for the text. Together they bound a search's work whatever the text
// and the filters: about 1.5 µs a candidate over a million requests, so about a millisecond
// for a common word and at worst under ten; this is how long a search may hold its thread
// while others wait their turn.
inline constexpr int kSearchScanLimit = 5000;

// Parses and checks a RequestQuery from query parameters; errors name the parameter.
Result<RequestQuery> parse_request_query(const std::vector<std::pair<std::string, std::string>>& q);

// The party's next reference number ("CN-2026-000042"), inside the caller's transaction.
Result<std::string> next_request_ref(store::Db& db, const std::string& party,
                                     const std::string& now);

Result<std::string> create_request(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> update_request(Node& node, const Actor& actor, const std::string& id,
                                   const boost::json::value& body);
Result<std::string> request_event(Node& node, const Actor& actor, const std::string& id,
                                  const boost::json::value& body);
Result<std::string> get_request(Node& node, const std::string& id);
// Sets (or, with an empty `assignee`, clears) who works request `id_or_ref` (its id or either
// party's reference) on this party's side: a request.assign record addressed to the other
// party. Body {"assignee": "username" | "", "party"?: this party's code}. Errors:
// permission_denied (the actor's role; `party` naming another party's side), invalid_argument
// naming `assignee` (unknown, disabled, or a role that does not work requests), not_found.
Result<std::string> assign_request(Node& node, const Actor& actor, const std::string& id_or_ref,
                                   const boost::json::value& body);
// Who may be assigned on this party's side (active users with kRequestAssignees roles), by
// username: what the console's assignee picker offers.
Result<std::vector<User>> assignable_users(Node& node);
// A request's id from its id or either party's reference ("CN-2026-000003"): what the CLI and
// the routes that take a request id accept. not_found naming `id` when neither matches;
// invalid_argument naming `id` when a reference names two requests.
Result<std::string> resolve_request_id(Node& node, const std::string& id_or_ref);

// Oral first, written later (docs/HOTLINE.md, oral_requests.cc). The requested party logs an
// emergency request it took on the hotline's telephone: a hotline.contact and a request.oral
// record, the request open and acknowledged at once. The requester confirms it in writing
// (a request.confirm record with the complete content), which stops the
// written_confirmation clock.
Result<std::string> log_oral_request(Node& node, const Actor& actor,
                                     const boost::json::value& body);
Result<std::string> confirm_in_writing(Node& node, const Actor& actor, const std::string& id,
                                       const boost::json::value& body);
// The register. A text search (q) runs on a connection set apart for searches
// (store::Pool::try_read_apart): when every one is busy it fails at once with
// resource_exhausted naming `q`, and the caller answers 429 rather than wait (`liaison serve`
// queues searches before they get here, one per such connection: http::is_search).
Result<DocPage> list_requests(Node& node, const RequestQuery& q);
// The same, then `then` on the page inside the same read (the register renders its rows
// there: one read per page, not two).
Result<DocPage> list_requests(Node& node, const RequestQuery& q,
                              const std::function<Status(store::Db&, const DocPage&)>& then);

Result<std::string> post_message(Node& node, const Actor& actor, const std::string& request_id,
                                 const boost::json::value& body);
Result<DocPage> list_messages(Node& node, const std::string& request_id);

Result<std::string> add_attachment(Node& node, const Actor& actor, const std::string& request_id,
                                   const std::string& filename, const std::string& content_type,
                                   const std::string& data);
Result<DocPage> list_attachments(Node& node, const std::string& request_id);
struct AttachmentFile {
  std::string filename, content_type, data;
};
Result<AttachmentFile> read_attachment(Node& node, const Actor& actor,
                                       const std::string& request_id, const std::string& sha256);

// Appends an attachment.custody record of ours about the attachment `sha256` of
// `request_id`, addressed to the request's other party (nobody while it is a draft), inside
// the caller's write transaction.
Status append_custody(Node& node, store::Db& db, const std::string& request_id,
                      const std::string& sha256, const std::string& action,
                      const std::string& actor, const std::string& reason = "",
                      const std::string& code = "");
// Forgets a quarantined or refused transfer of the attachment's file so the fetcher tries
// again (node::retry_transfer, audited against the request).
Status retry_attachment(Node& node, const Actor& actor, const std::string& request_id,
                        const std::string& sha256);
// Requests as the owner of their attachments' files (node/blob_owner.h): a peer may take a
// file an attachment record of ours addressed to it names; we want the files other parties
// attached; each move is a custody record ("sent", "received", "refused") per request.
BlobOwner attachment_blobs();

// The ledger records about a request (its own, its messages' and attachments'), oldest first.
Result<std::vector<ledger::Record>> request_records(Node& node, const std::string& request_id);

// Applies a record of another party (verified with that party's registered key). Used by
// federation and by tests that play the other party.
Status ingest_record(Node& node, const ledger::Record& r);

}  // namespace liaison::node
