#include "node/audit.h"

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "common/crypto.h"
#include "ledger/canonical_json.h"
#include "ledger/kinds.h"
#include "ledger/record.h"
#include "node/blobs.h"

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
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
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

namespace {

struct Anchor {
  std::string record;  // "CN:57"
  int64_t audit_seq = 0;
  std::string audit_hash;
};

Result<std::optional<Anchor>> latest_anchor(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT seq, body FROM records WHERE origin=? AND kind=? "
                                      "ORDER BY seq DESC LIMIT 1"));
  q.bind(1, party).bind(2, ledger::kAuditAnchor);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::optional<Anchor>();
  LIAISON_ASSIGN_OR_RETURN(ledger::Record r, ledger::record_from_body(q.text(1)));
  boost::system::error_code ec;
  auto v = boost::json::parse(r.payload, ec);
  if (ec || !v.is_object()) return internal_error("unreadable audit anchor " + party);
  const auto& o = v.get_object();
  Anchor a;
  a.record = party + ":" + std::to_string(q.int64(0));
  a.audit_seq =
      o.contains("audit_seq") && o.at("audit_seq").is_int64() ? o.at("audit_seq").get_int64() : 0;
  a.audit_hash = o.contains("audit_hash") && o.at("audit_hash").is_string()
                     ? std::string(o.at("audit_hash").get_string())
                     : "";
  return std::optional<Anchor>(a);
}

}  // namespace

Result<bool> anchor_audit(Node& node) {
  bool wrote = false;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt h, db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    LIAISON_ASSIGN_OR_RETURN(bool row, h.step());
    if (!row) return Status::ok();
    const int64_t seq = h.int64(0);
    const std::string hash = h.text(1);
    LIAISON_ASSIGN_OR_RETURN(auto last, latest_anchor(db, node.party()));
    if (last && last->audit_seq == seq) return Status::ok();
    boost::json::object payload{
        {"audit_seq", seq}, {"audit_hash", hash}, {"anchored_at", node.now()}};
    LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
    LIAISON_RETURN_IF_ERROR(
        node.ledger().append(db, ledger::kAuditAnchor, node.party() + ":audit", text, {}).status());
    wrote = true;
    return Status::ok();
  }));
  return wrote;
}

namespace {

constexpr const char* kAuditWhere =
    " FROM audit_log WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR substr(action, 1, "
    "length(?2)) = ?2) AND (?3 = '' OR instr(object, ?3) > 0) AND (?4 = '' OR at >= ?4) AND "
    "(?5 = '' OR at < ?5)";

void bind_filter(store::Stmt& q, const AuditFilter& f) {
  q.bind(1, f.actor).bind(2, f.action).bind(3, f.object).bind(4, f.from).bind(5, f.to);
}

}  // namespace

Result<AuditPage> audit_page(Node& node, const AuditFilter& filter, int page, int per_page) {
  AuditPage out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt c,
                             db.prepare(std::string("SELECT count(*)") + kAuditWhere));
    bind_filter(c, filter);
    LIAISON_ASSIGN_OR_RETURN(bool row, c.step());
    out.total = row ? c.int64(0) : 0;
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare(std::string("SELECT seq, at, actor, action, object, remote, hash") +
                   kAuditWhere + " ORDER BY seq DESC LIMIT ?6 OFFSET ?7"));
    bind_filter(q, filter);
    q.bind(6, per_page).bind(7, static_cast<int64_t>(page - 1) * per_page);
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool r, q.step());
      if (!r) break;
      out.items.push_back(
          AuditEntry{q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
    }
    return Status::ok();
  }));
  return out;
}

Status verify_audit(store::Db& db, ledger::VerifyReport& report, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT seq, at, actor, action, object, remote, detail, "
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
  LIAISON_ASSIGN_OR_RETURN(auto anchor, latest_anchor(db, party));
  if (anchor) {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt a, db.prepare("SELECT hash FROM audit_log WHERE seq=?"));
    a.bind(1, anchor->audit_seq);
    LIAISON_ASSIGN_OR_RETURN(bool held, a.step());
    if (!held) {
      report.problems.push_back({"audit " + std::to_string(anchor->audit_seq),
                                 "audit log truncated: the signed anchor " + anchor->record +
                                     " names entry " + std::to_string(anchor->audit_seq) +
                                     ", the log ends at " + std::to_string(expected - 1)});
    } else if (a.text(0) != anchor->audit_hash) {
      report.problems.push_back({"audit " + std::to_string(anchor->audit_seq),
                                 "audit entry differs from the signed anchor " + anchor->record});
    }
  }
  return Status::ok();
}

Status verify_blobs(Node& node, ledger::VerifyReport& report, bool remove_orphans) {
  std::set<std::string> expected;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    // Our own attachments, and a peer's once its bytes were received and verified (one still
    // arriving is not missing: blobs/partial/ holds it).
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare("SELECT DISTINCT json_extract(doc, '$.sha256') FROM attachments "
                                  "WHERE json_extract(doc, '$.party') = ?1 UNION "
                                  "SELECT sha256 FROM blob_transfers WHERE state = 'received'"));
    q.bind(1, node.party());
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      expected.insert(q.text(0));
    }
    return Status::ok();
  }));
  LIAISON_ASSIGN_OR_RETURN(
      BlobCheck check, check_blobs(node.path("blobs"), node.blob_key(), expected, remove_orphans));
  report.blobs = check.checked;
  for (const auto& sha : check.missing) {
    report.problems.push_back({"blob " + sha, "missing: an attachment record names it"});
  }
  for (const auto& [sha, why] : check.altered) report.problems.push_back({"blob " + sha, why});
  for (const auto& path : check.orphans) {
    if (remove_orphans) {
      report.removed.push_back("blobs/" + path);
    } else {
      report.problems.push_back({"blobs/" + path,
                                 "orphan: no attachment record names it "
                                 "(remove with verify --remove-orphans)"});
    }
  }
  return Status::ok();
}

}  // namespace liaison::node
