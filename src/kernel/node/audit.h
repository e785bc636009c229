// The append-only, hash-chained audit log of local actions: who read or changed what, from
// where. Written inside the caller's transaction; verified by `liaison verify`.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "ledger/ledger.h"
#include "node/node.h"
#include "store/db.h"

namespace liaison::node {

Status audit(store::Db& db, const std::string& at, const Actor& actor, const std::string& action,
             const std::string& object, const std::string& detail = "");
// Convenience: its own write transaction.
Status audit(Node& node, const Actor& actor, const std::string& action, const std::string& object,
             const std::string& detail = "");
// One page of the audit log, newest first, and how many entries it holds.
struct AuditEntry {
  int64_t seq = 0;
  std::string at, actor, action, object, remote, hash;
};
struct AuditPage {
  std::vector<AuditEntry> items;
  int64_t total = 0;
};
// What to list: each empty field matches everything. `action` matches a prefix ("user."),
// `object` a substring, `from`/`to` compare with the entries' RFC 3339 UTC times [from, to).
struct AuditFilter {
  std::string actor, action, object, from, to;
};
Result<AuditPage> audit_page(Node& node, const AuditFilter& filter, int page, int per_page);
// Recomputes the chain; appends a problem per broken entry to `report`. The latest
// audit.anchor record of `party` must name an entry that is still there with that hash: a
// removed tail is reported unless it holds only entries written after the last anchor.
Status verify_audit(store::Db& db, ledger::VerifyReport& report, const std::string& party);
// Signs the audit log's head into this node's chain (an audit.anchor record, addressed to
// nobody, so peers hold only its header) when it moved since the last anchor. Returns
// whether it wrote one. Run by the hotline engine once a minute.
Result<bool> anchor_audit(Node& node);
// Decrypts and hashes every blob this node's attachment records name (a missing or altered
// one is a problem) and reports files under blobs/ that no record names; removes those when
// `remove_orphans` (listed in report.removed instead).
Status verify_blobs(Node& node, ledger::VerifyReport& report, bool remove_orphans);

}  // namespace liaison::node
