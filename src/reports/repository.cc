#include "reports/repository.h"

#include "node/store_helpers.h"
#include "store/records.h"

namespace liaison::reports {

Result<std::vector<std::string>> assessment_docs(store::Db& db, const std::string& request_id) {
  return node::query_texts(db,
                           "SELECT doc FROM report_assessments WHERE request_id = ? "
                           "ORDER BY json_extract(doc, '$.kind'), json_extract(doc, '$.party')",
                           {request_id});
}

Result<bool> assessed_by(store::Db& db, const std::string& request_id, const std::string& party) {
  return node::row_exists(
      db,
      "SELECT 1 FROM report_assessments WHERE request_id = ? AND json_extract(doc, '$.party') = ?",
      {request_id, party});
}

Result<std::optional<std::string>> lead_outcome_doc(store::Db& db, const std::string& request_id,
                                                    const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(
      auto docs, node::query_texts(db,
                                   "SELECT doc FROM lead_outcomes WHERE request_id = ? AND "
                                   "json_extract(doc, '$.party') = ?",
                                   {request_id, party}));
  if (docs.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(docs.front()));
}

Result<std::vector<std::string>> case_docs(store::Db& db, const std::string& state) {
  if (state.empty()) {
    return node::query_texts(db, "SELECT doc FROM priority_cases ORDER BY proposed_at DESC, id");
  }
  return node::query_texts(
      db, "SELECT doc FROM priority_cases WHERE state = ? ORDER BY proposed_at DESC, id", {state});
}

Result<std::optional<std::string>> case_doc(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto docs, node::query_texts(db, "SELECT doc FROM priority_cases WHERE id = ?", {id}));
  if (docs.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(docs.front()));
}

Result<std::vector<std::string>> running_case_docs(store::Db& db) {
  return node::query_texts(
      db, "SELECT doc FROM priority_cases WHERE state = 'accepted' ORDER BY proposed_at, id");
}

Result<std::vector<std::string>> report_docs(store::Db& db) {
  return node::query_texts(db, "SELECT doc FROM reports ORDER BY created_at DESC, id");
}

Result<std::optional<std::string>> report_doc(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto docs,
                           node::query_texts(db, "SELECT doc FROM reports WHERE id = ?", {id}));
  if (docs.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(docs.front()));
}

Result<std::vector<std::string>> unattested_report_ids(store::Db& db, const std::string& party) {
  return node::query_texts(
      db,
      "SELECT id FROM reports WHERE json_extract(doc, '$.counterparty') = ? AND NOT EXISTS "
      "(SELECT 1 FROM json_each(doc, '$.attestations') a WHERE "
      "json_extract(a.value, '$.party') = ?) ORDER BY created_at, id",
      {party, party});
}

Result<Position> head_of(store::Db& db, const std::string& origin) {
  LIAISON_ASSIGN_OR_RETURN(store::ChainHead head, store::chain_head(db, origin));
  return Position{origin, head.seq, head.hash};
}

Result<std::optional<std::string>> hash_at(store::Db& db, const std::string& origin, int64_t seq) {
  if (seq == 0) return std::optional<std::string>(ledger::kGenesisHash);
  LIAISON_ASSIGN_OR_RETURN(auto r, store::get_record(db, origin, seq));
  if (!r) return std::optional<std::string>();
  return std::optional<std::string>(r->hash);
}

Result<std::vector<ledger::Record>> records_up_to(store::Db& db,
                                                  const std::vector<Position>& positions) {
  std::vector<ledger::Record> out;
  constexpr int kBatch = 5000;
  for (const Position& p : positions) {
    int64_t after = 0;
    while (after < p.seq) {
      int64_t got = 0;
      Status bad = Status::ok();
      LIAISON_RETURN_IF_ERROR(
          store::scan_chain(db, p.origin, after, kBatch,
                            [&](const std::string& body, const std::string& hash,
                                const std::string& signature) -> Result<bool> {
                              auto r = ledger::record_from_body(body);
                              if (!r.is_ok()) {
                                bad = r.status();
                                return false;
                              }
                              if (r->seq > p.seq) return false;
                              r->hash = hash;
                              r->signature = signature;
                              after = r->seq;
                              ++got;
                              out.push_back(std::move(*r));
                              return true;
                            }));
      LIAISON_RETURN_IF_ERROR(bad);
      if (got < kBatch) break;
    }
  }
  return out;
}

}  // namespace liaison::reports
