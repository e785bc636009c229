#include "ledger/ledger.h"

#include <boost/json.hpp>
#include <map>

#include "ledger/canonical_json.h"

namespace liaison::ledger {

Result<Record> Ledger::append(store::Db& db, std::string kind, std::string object_id,
                              std::string payload_json, std::vector<std::string> recipients) {
  const std::unique_ptr<RecordLog> log = open_log_(db);
  LIAISON_ASSIGN_OR_RETURN(ChainHead head, log->chain_head(party_));
  Record r;
  r.origin = party_;
  r.seq = head.seq + 1;
  r.prev_hash = head.hash;
  r.kind = std::move(kind);
  r.object_id = std::move(object_id);
  r.payload = std::move(payload_json);
  r.created_at = format_rfc3339(clock_.now());
  r.recipients = std::move(recipients);
  LIAISON_RETURN_IF_ERROR(seal(r, key_));
  LIAISON_RETURN_IF_ERROR(kinds_.apply(r, log->projections()));
  LIAISON_RETURN_IF_ERROR(log->insert_record(r, r.created_at));
  LIAISON_RETURN_IF_ERROR(log->queue_outbox(r, r.created_at));
  written_.fetch_add(1, std::memory_order_relaxed);
  return r;
}

Status Ledger::ingest(store::Db& db, const Record& r, std::string_view public_key, bool verified) {
  const std::unique_ptr<RecordLog> log = open_log_(db);
  std::string now = format_rfc3339(clock_.now());
  auto quarantine = [&](const Status& why) -> Status {
    // Keep the record as it came (body, hash, signature) so administrators see what failed.
    // (Built as JSON, not pasted together: hash and signature are whatever the peer sent.)
    boost::json::value record = boost::json::object{};
    if (auto text = r.body(); text.is_ok()) {
      boost::system::error_code ec;
      auto parsed = boost::json::parse(*text, ec);
      if (!ec) record = std::move(parsed);
    }
    std::string body = boost::json::serialize(boost::json::object{
        {"record", std::move(record)}, {"hash", r.hash}, {"signature", r.signature}});
    LIAISON_RETURN_IF_ERROR(log->insert_quarantine(r, why.message(), body, now));
    return why;
  };
  if (r.origin == party_) return quarantine(permission_denied("a record claims to be ours"));
  LIAISON_ASSIGN_OR_RETURN(auto held, log->get_record(r.origin, r.seq));
  if (held) {
    if (held->hash == r.hash) {
      // Applied before: idempotent, but only for the same record. A replay that keeps the
      // hash and alters anything else is quarantined; a full copy of a record held redacted
      // must still match the header's content hash.
      auto held_header = held->header();
      auto header = r.header();
      bool same = held_header.is_ok() && header.is_ok() && *held_header == *header &&
                  held->signature == r.signature;
      if (same && !r.redacted) same = verify_record(r, public_key).is_ok();
      if (same) return Status::ok();
      return quarantine(invalid_argument("replayed record " + r.origin + ":" +
                                         std::to_string(r.seq) +
                                         " keeps the hash of the one held but its content or "
                                         "signature differs"));
    }
    return quarantine(invalid_argument("replayed or conflicting record: " + r.origin + ":" +
                                       std::to_string(r.seq) + " is held with another hash"));
  }
  Status sig = verified ? Status::ok() : verify_record(r, public_key);
  if (!sig.is_ok()) return quarantine(sig);
  LIAISON_ASSIGN_OR_RETURN(ChainHead head, log->chain_head(r.origin));
  if (r.seq > head.seq + 1) {
    return failed_precondition("gap: have " + r.origin + ":" + std::to_string(head.seq) +
                               ", got seq " + std::to_string(r.seq));
  }
  if (r.prev_hash != head.hash) {
    return quarantine(invalid_argument("broken chain link: prev_hash does not match " + r.origin +
                                       ":" + std::to_string(head.seq)));
  }
  if (!r.redacted && !r.addressed_to(party_)) {
    return quarantine(permission_denied("record " + r.origin + ":" + std::to_string(r.seq) +
                                        " is not addressed to " + party_));
  }
  // A redacted record only extends the origin's chain: its content was for other parties.
  // What apply() wrote is undone when storing fails, and the record goes to quarantine.
  // (If it cannot be undone, the whole transaction fails rather than commit a half-applied
  // record beside its quarantine row.)
  Status applied;
  LIAISON_RETURN_IF_ERROR(log->undo_on_failure(
      [&]() -> Status {
        if (!r.redacted) LIAISON_RETURN_IF_ERROR(kinds_.apply(r, log->projections()));
        return log->insert_record(r, now);
      },
      applied));
  if (!applied.is_ok()) return quarantine(applied);
  written_.fetch_add(1, std::memory_order_relaxed);
  return Status::ok();
}

Result<VerifyReport> verify_ledger(RecordLog& log, const KindRegistry& kinds,
                                   const std::vector<std::pair<std::string, std::string>>& keys) {
  std::map<std::string, std::string> key_of(keys.begin(), keys.end());
  VerifyReport report;
  std::map<std::string, ChainHead> heads;
  MemoryProjections memory;
  auto where = [](const std::string& origin, int64_t seq) {
    return "record " + origin + ":" + std::to_string(seq);
  };
  LIAISON_RETURN_IF_ERROR(log.for_each_record(
      [&](const Record& r) -> Status {
        ++report.records;
        auto& head = heads[r.origin];
        if (head.hash.empty()) head.hash = kGenesisHash;
        if (r.seq != head.seq + 1) {
          report.problems.push_back({where(r.origin, r.seq),
                                     "sequence gap: expected seq " + std::to_string(head.seq + 1)});
        } else if (r.prev_hash != head.hash) {
          report.problems.push_back({where(r.origin, r.seq), "chain broken: prev_hash differs"});
        }
        auto k = key_of.find(r.origin);
        if (k == key_of.end()) {
          report.problems.push_back({where(r.origin, r.seq), "no key known for " + r.origin});
        } else if (Status st = verify_record(r, k->second); !st.is_ok()) {
          report.problems.push_back({where(r.origin, r.seq), st.message()});
        }
        head.seq = r.seq;
        head.hash = r.hash;
        if (r.redacted) return Status::ok();
        if (Status st = kinds.apply(r, memory); !st.is_ok()) {
          report.problems.push_back({where(r.origin, r.seq), "replay fails: " + st.message()});
        }
        return Status::ok();
      },
      [&](const std::string& origin, int64_t seq, const std::string& why) -> Status {
        ++report.records;
        report.problems.push_back({where(origin, seq), "unreadable record: " + why});
        return Status::ok();
      }));

  // Compare the rebuilt projections with the tables, both ways.
  for (std::string_view table_name : kinds.tables()) {
    const std::string table(table_name);
    std::map<std::string, ProjectedDoc> expected;
    for (const auto& [key, doc] : memory.docs()) {
      if (key.first == table) expected[key.second] = doc;
    }
    LIAISON_RETURN_IF_ERROR(log.for_each_projection(table, [&](const std::string& id,
                                                               const std::string& doc,
                                                               const std::string& last) {
      ++report.documents;
      std::string w = std::string(table) + "/" + id;
      auto it = expected.find(id);
      if (it == expected.end()) {
        report.problems.push_back({w, "row has no record behind it (last record " + last + ")"});
        return;
      }
      if (it->second.doc != doc) {
        report.problems.push_back({w, "row differs from the ledger; record " +
                                          it->second.last_record +
                                          " produced the expected version"});
      }
      expected.erase(it);
    }));
    for (const auto& [id, doc] : expected) {
      report.problems.push_back({std::string(table) + "/" + id,
                                 "row missing; record " + doc.last_record + " produced it"});
    }
  }
  return report;
}

}  // namespace liaison::ledger
