#include "node/audit.h"

#include <set>

#include "node/blobs.h"

#include "common/crypto.h"
#include "ledger/record.h"

namespace liaison::node {

namespace {
std::string entry_hash(const std::string& prev, int64_t seq, const std::string& at,
                       const std::string& actor, const std::string& action,
                       const std::string& object, const std::string& remote,
                       const std::string& detail) {
  // Length-prefixed fields so no two different entries hash alike.
  std::string s = prev;
  for (const std::string* f : {&at, &actor, &action, &object, &remote, &detail}) {
    s += "|" + std::to_string(f->size()) + ":" + *f;
  }
  s += "|" + std::to_string(seq);
  return sha256_hex(s);
}
}  // namespace

Status audit(store::Db& db, const std::string& at, const Actor& actor, const std::string& action,
             const std::string& object, const std::string& detail) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  int64_t seq = row ? q.int64(0) + 1 : 1;
  std::string prev = row ? q.text(1) : std::string(ledger::kGenesisHash);
  std::string who = actor.username.empty() ? "system" : actor.username;
  std::string h = entry_hash(prev, seq, at, who, action, object, actor.remote, detail);
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt ins,
      db.prepare("INSERT INTO audit_log(seq, at, actor, action, object, remote, detail, "
                 "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?)"));
  ins.bind(1, seq).bind(2, at).bind(3, who).bind(4, action).bind(5, object);
  ins.bind(6, actor.remote).bind(7, detail).bind(8, prev).bind(9, h);
  return ins.run();
}

Status audit(Node& node, const Actor& actor, const std::string& action, const std::string& object,
             const std::string& detail) {
  return node.pool().write(
      [&](store::Db& db) { return audit(db, node.now(), actor, action, object, detail); });
}

Status verify_audit(store::Db& db, ledger::VerifyReport& report) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT seq, at, actor, action, object, remote, detail, "
                                "prev_hash, hash FROM audit_log ORDER BY seq"));
  std::string prev = ledger::kGenesisHash;
  int64_t expected = 1;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    ++report.audit_entries;
    int64_t seq = q.int64(0);
    std::string where = "audit " + std::to_string(seq);
    if (seq != expected) report.problems.push_back({where, "audit log gap"});
    if (q.text(7) != prev) report.problems.push_back({where, "audit chain broken"});
    std::string h = entry_hash(q.text(7), seq, q.text(1), q.text(2), q.text(3), q.text(4),
                               q.text(5), q.text(6));
    if (h != q.text(8)) report.problems.push_back({where, "audit entry altered"});
    prev = q.text(8);
    expected = seq + 1;
  }
  return Status::ok();
}

Status verify_blobs(Node& node, ledger::VerifyReport& report, bool remove_orphans) {
  std::set<std::string> expected;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    // Our own attachments: a peer's bytes are not held here (they do not cross yet).
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare("SELECT DISTINCT json_extract(doc, '$.sha256') FROM attachments "
                                  "WHERE json_extract(doc, '$.party') = ?"));
    q.bind(1, node.party());
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      expected.insert(q.text(0));
    }
    return Status::ok();
  }));
  LIAISON_ASSIGN_OR_RETURN(BlobCheck check, check_blobs(node.path("blobs"), node.blob_key(),
                                                        expected, remove_orphans));
  report.blobs = check.checked;
  for (const auto& sha : check.missing) {
    report.problems.push_back({"blob " + sha, "missing: an attachment record names it"});
  }
  for (const auto& [sha, why] : check.altered) report.problems.push_back({"blob " + sha, why});
  for (const auto& path : check.orphans) {
    if (remove_orphans) {
      report.removed.push_back("blobs/" + path);
    } else {
      report.problems.push_back({"blobs/" + path, "orphan: no attachment record names it "
                                                  "(remove with verify --remove-orphans)"});
    }
  }
  return Status::ok();
}

}  // namespace liaison::node
