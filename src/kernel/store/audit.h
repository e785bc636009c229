// The audit log's table (audit_log) and what verifying it reads, on one connection inside the
// caller's transaction: the SQL behind node/audit. The chain's hashing stays in node/audit.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/db.h"

namespace liaison::store {

struct AuditRow {
  int64_t seq = 0;
  std::string at, actor, action, object, remote, detail, prev_hash, hash;
};

// The newest entry's seq and hash, if the log holds any.
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};
Result<std::optional<AuditHead>> audit_head(Db& db);
Status insert_audit_row(Db& db, const AuditRow& row);
// Every entry, oldest first.
Status for_each_audit_row(Db& db, const std::function<void(const AuditRow&)>& fn);
// The hash of entry `seq`, if it is there.
Result<std::optional<std::string>> audit_hash_at(Db& db, int64_t seq);

// What to list: each empty field matches everything; `action` is a prefix, `object` a
// substring, `from`/`to` bound `at` as [from, to).
struct AuditQuery {
  std::string actor, action, object, from, to;
};
Result<int64_t> audit_count(Db& db, const AuditQuery& q);
// A page of entries, newest first (detail and prev_hash left empty).
Result<std::vector<AuditRow>> audit_rows(Db& db, const AuditQuery& q, int limit, int64_t offset);

// The newest record of `kind` on `origin`'s chain: its seq and stored body.
struct RecordBody {
  int64_t seq = 0;
  std::string body;
};
Result<std::optional<RecordBody>> latest_record_of_kind(Db& db, const std::string& origin,
                                                        const std::string& kind);

// The SHA-256 of every blob this node must hold: its own party's attachments and the peers'
// blobs received in full.
Result<std::vector<std::string>> held_blob_hashes(Db& db, const std::string& party);

}  // namespace liaison::store
