// The SQL the request views read beyond the projections' documents (receipts and records),
// on one connection inside the caller's read.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "node/blob_owner.h"
#include "requests/service.h"
#include "requests/stored.h"
#include "store/db.h"

namespace liaison::hotline {
struct CaseFeed;
}

namespace liaison::requests {

// A request's projection; not_found naming `id` when there is none.
Result<StoredRequest> load_request(store::Db& db, const std::string& id);
// An attachment's projection; not_found when the request has no such file.
Result<StoredAttachment> load_attachment(store::Db& db, const std::string& request_id,
                                         const std::string& sha256);

// The ids of the requests that carry `ref` as either party's reference (requester_ref or
// requested_ref), at most two (more than one is ambiguous). A scan: used only for what does
// not look like a request id (node::resolve_request_id).
Result<std::vector<std::string>> request_ids_by_reference(store::Db& db, const std::string& ref);

// Requests as the cases the hotline watches (hotline/case_feed.h), their SQL here.
hotline::CaseFeed case_feed();

// The receipts projection's document of the earliest receipt by one of `receivers` that
// covers (origin, seq), or none. Prepared once per connection and number of receivers.
Result<std::optional<std::string>> first_receipt_doc(store::Db& db, const std::string& origin,
                                                     int64_t seq,
                                                     const std::vector<std::string>& receivers);

// The requesting party's `submit` event of a request: its seq and created_at.
struct SubmitRecord {
  int64_t seq = 0;
  std::string created_at;
};
Result<std::optional<SubmitRecord>> submit_record(store::Db& db, const std::string& request_id,
                                                  const std::string& requesting_party);

// The register's filters (states, types, priorities, party, direction) as a SQL condition
// over the keys that `requests` (generated columns) and `search_docs` (copies) both have.
struct RegisterFilter {
  std::string conds = "1=1";
  std::vector<std::string> binds;
  bool value_lists = false;  // some filter is a list of values (too many shapes to keep)
};
RegisterFilter register_filter(const node::RequestQuery& q, const std::string& local_party);

// A page of the register ordered by `key` (checked by parse_request_query), with its total.
Status register_page(store::Db& db, const node::RequestQuery& q, const RegisterFilter& filter,
                     const std::string& key, bool desc, node::DocPage& page);

// A page of a text search (q.q) over the index of migration 7 (store/text_search.h): the
// texts that may hold it, newest first, each checked for it (instr) and filtered, each
// request once, at most kSearchMatchLimit of them from kSearchScanLimit candidates; then the
// requested page in the requested order (NULL lowest, then text byte by byte; ties by id).
Status search_page(store::Db& db, const node::RequestQuery& q, const RegisterFilter& filter,
                   const std::string& key, bool desc, node::DocPage& page);

// Adds one to the counter `name` (made at 1) and returns its value.
Result<int64_t> next_in_counter(store::Db& db, const std::string& name);

// The attachments of a request that `party` attached, in the order they were attached.
Result<std::vector<std::string>> attachment_docs_of(store::Db& db, const std::string& request_id,
                                                    const std::string& party);

// A request's messages or attachments (`table`: "messages" or "attachments"), oldest first.
Result<std::vector<std::string>> thread_docs(store::Db& db, const char* table,
                                             const std::string& request_id);

// The custody records (origin, seq) that name `request_id` in their payload.
Result<std::vector<std::pair<std::string, int64_t>>> custody_record_keys(
    store::Db& db, const std::string& request_id);

// The requests whose attachment `sha256` was attached by `party`, by id.
Result<std::vector<std::string>> requests_with_attachment(store::Db& db, const std::string& sha256,
                                                          const std::string& party);

// Whether an attachment record of `self` addressed to `peer` names `sha256`.
Result<bool> attachment_offered_to(store::Db& db, const std::string& self, const std::string& peer,
                                   const std::string& sha256);

// The files attached by parties other than `self`, each (sha256, party) once with its
// largest size, the first attached first.
Result<std::vector<node::WantedBlob>> attachments_of_others(store::Db& db, const std::string& self);

// Schema step requests/2: rewrites each stored request whose identifiers are not in today's
// canonical text (model::renormalise_identifiers), inside the step's transaction.
Status renormalise_stored_identifiers(store::Db& db);

// The flag a stored record carries ("" when none, or when there is no such record).
Result<std::string> record_flag(store::Db& db, const std::string& origin, int64_t seq);

}  // namespace liaison::requests
