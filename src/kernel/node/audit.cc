#include "node/audit.h"

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "common/crypto.h"
#include "ledger/canonical_json.h"
#include "ledger/kinds.h"
#include "ledger/record.h"
#include "node/blobs.h"
#include "store/audit.h"

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
  LIAISON_ASSIGN_OR_RETURN(auto head, store::audit_head(db));
  store::AuditRow r;
  r.seq = head ? head->seq + 1 : 1;
  r.prev_hash = head ? head->hash : std::string(ledger::kGenesisHash);
  r.at = at;
  r.actor = actor.username.empty() ? "system" : actor.username;
  r.action = action;
  r.object = object;
  r.remote = actor.remote;
  r.detail = detail;
  r.hash = entry_hash(r.prev_hash, r.seq, at, r.actor, action, object, actor.remote, detail);
  return store::insert_audit_row(db, r);
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
  LIAISON_ASSIGN_OR_RETURN(auto latest,
                           store::latest_record_of_kind(db, party, ledger::kAuditAnchor));
  if (!latest) return std::optional<Anchor>();
  LIAISON_ASSIGN_OR_RETURN(ledger::Record r, ledger::record_from_body(latest->body));
  boost::system::error_code ec;
  auto v = boost::json::parse(r.payload, ec);
  if (ec || !v.is_object()) return internal_error("unreadable audit anchor " + party);
  const auto& o = v.get_object();
  Anchor a;
  a.record = party + ":" + std::to_string(latest->seq);
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
    LIAISON_ASSIGN_OR_RETURN(auto head, store::audit_head(db));
    if (!head) return Status::ok();
    const int64_t seq = head->seq;
    const std::string hash = head->hash;
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

Result<AuditPage> audit_page(Node& node, const AuditFilter& filter, int page, int per_page) {
  AuditPage out;
  const store::AuditQuery q{filter.actor, filter.action, filter.object, filter.from, filter.to};
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out.total, store::audit_count(db, q));
    LIAISON_ASSIGN_OR_RETURN(
        auto rows, store::audit_rows(db, q, per_page, static_cast<int64_t>(page - 1) * per_page));
    for (auto& r : rows) {
      out.items.push_back(AuditEntry{r.seq, std::move(r.at), std::move(r.actor),
                                     std::move(r.action), std::move(r.object), std::move(r.remote),
                                     std::move(r.hash)});
    }
    return Status::ok();
  }));
  return out;
}

Status verify_audit(store::Db& db, ledger::VerifyReport& report, const std::string& party) {
  std::string prev = ledger::kGenesisHash;
  int64_t expected = 1;
  LIAISON_RETURN_IF_ERROR(store::for_each_audit_row(db, [&](const store::AuditRow& r) {
    ++report.audit_entries;
    std::string where = "audit " + std::to_string(r.seq);
    if (r.seq != expected) report.problems.push_back({where, "audit log gap"});
    if (r.prev_hash != prev) report.problems.push_back({where, "audit chain broken"});
    std::string h =
        entry_hash(r.prev_hash, r.seq, r.at, r.actor, r.action, r.object, r.remote, r.detail);
    if (h != r.hash) report.problems.push_back({where, "audit entry altered"});
    prev = r.hash;
    expected = r.seq + 1;
  }));
  LIAISON_ASSIGN_OR_RETURN(auto anchor, latest_anchor(db, party));
  if (anchor) {
    LIAISON_ASSIGN_OR_RETURN(auto held, store::audit_hash_at(db, anchor->audit_seq));
    if (!held) {
      report.problems.push_back({"audit " + std::to_string(anchor->audit_seq),
                                 "audit log truncated: the signed anchor " + anchor->record +
                                     " names entry " + std::to_string(anchor->audit_seq) +
                                     ", the log ends at " + std::to_string(expected - 1)});
    } else if (*held != anchor->audit_hash) {
      report.problems.push_back({"audit " + std::to_string(anchor->audit_seq),
                                 "audit entry differs from the signed anchor " + anchor->record});
    }
  }
  return Status::ok();
}

Status verify_blobs(Node& node, ledger::VerifyReport& report, bool remove_orphans) {
  std::set<std::string> expected;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto hashes, store::held_blob_hashes(db, node.party()));
    expected.insert(hashes.begin(), hashes.end());
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
