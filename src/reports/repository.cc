#include "reports/repository.h"

#include <spdlog/spdlog.h>

#include "node/store_helpers.h"
#include "node/typed_rows.h"
#include "reports/kinds.h"
#include "store/records.h"

namespace liaison::reports {

Result<std::vector<Assessment>> assessments(store::Db& db, const std::string& request_id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      node::query_texts(db,
                        "SELECT doc FROM report_assessments WHERE request_id = ? "
                        "ORDER BY json_extract(doc, '$.kind'), json_extract(doc, '$.party')",
                        {request_id}));
  return node::typed_rows<Assessment>(texts, "reports assessment", assessment_from_text);
}

Result<std::optional<Assessment>> assessment(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts, node::query_texts(db, "SELECT doc FROM report_assessments WHERE id = ?", {id}));
  if (texts.empty()) return std::optional<Assessment>();
  auto a = assessment_from_text(texts.front());
  if (!a.is_ok()) {
    return internal_error("assessment " + id + " is damaged: " + a.status().message());
  }
  return std::optional<Assessment>(std::move(*a));
}

Result<bool> assessed_by(store::Db& db, const std::string& request_id, const std::string& party) {
  return node::row_exists(
      db,
      "SELECT 1 FROM report_assessments WHERE request_id = ? AND json_extract(doc, '$.party') = ?",
      {request_id, party});
}

Result<std::optional<LeadOutcome>> lead_outcome_of(store::Db& db, const std::string& request_id,
                                                   const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(
      auto docs, node::query_texts(db,
                                   "SELECT doc FROM lead_outcomes WHERE request_id = ? AND "
                                   "json_extract(doc, '$.party') = ?",
                                   {request_id, party}));
  if (docs.empty()) return std::optional<LeadOutcome>();
  auto o = lead_outcome_from_text(docs.front());
  if (!o.is_ok()) {
    return internal_error("lead outcome " + request_id + ":" + kLeadOutcome + ":" + party +
                          " is damaged: " + o.status().message());
  }
  return std::optional<LeadOutcome>(std::move(*o));
}

namespace {

// The cases of stored documents; a damaged one is logged and left out.
std::vector<PriorityCase> cases_of(const std::vector<std::string>& texts) {
  return node::typed_rows<PriorityCase>(texts, "reports priority case", priority_case_from_text);
}

}  // namespace

Result<std::vector<PriorityCase>> priority_cases(store::Db& db, const std::string& state) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      state.empty()
          ? node::query_texts(db, "SELECT doc FROM priority_cases ORDER BY proposed_at DESC, id")
          : node::query_texts(
                db, "SELECT doc FROM priority_cases WHERE state = ? ORDER BY proposed_at DESC, id",
                {state}));
  return cases_of(texts);
}

Result<std::optional<PriorityCase>> priority_case(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto docs, node::query_texts(db, "SELECT doc FROM priority_cases WHERE id = ?", {id}));
  if (docs.empty()) return std::optional<PriorityCase>();
  auto c = priority_case_from_text(docs.front());
  if (!c.is_ok()) {
    return internal_error("priority case " + id + " is damaged: " + c.status().message());
  }
  return std::optional<PriorityCase>(std::move(*c));
}

Result<std::vector<PriorityCase>> running_cases(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      node::query_texts(
          db, "SELECT doc FROM priority_cases WHERE state = 'accepted' ORDER BY proposed_at, id"));
  return cases_of(texts);
}

Result<std::vector<PublishedReport>> published_reports(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts, node::query_texts(db, "SELECT doc FROM reports ORDER BY created_at DESC, id"));
  return node::typed_rows<PublishedReport>(texts, "reports report", published_report_from_text);
}

Result<std::optional<PublishedReport>> published_report(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto docs,
                           node::query_texts(db, "SELECT doc FROM reports WHERE id = ?", {id}));
  if (docs.empty()) return std::optional<PublishedReport>();
  auto r = published_report_from_text(docs.front());
  if (!r.is_ok()) {
    return internal_error("report " + id + " is damaged: " + r.status().message());
  }
  return std::optional<PublishedReport>(std::move(*r));
}

Result<std::vector<std::string>> unattested_report_ids(store::Db& db, const std::string& party) {
  // The attestations are looked at in the typed report rather than walked in SQL (json_each()
  // is SQLite's); the reports addressed to a party are few (one a period).
  LIAISON_ASSIGN_OR_RETURN(auto texts,
                           node::query_texts(db,
                                             "SELECT doc FROM reports WHERE json_extract(doc, "
                                             "'$.counterparty') = ? ORDER BY created_at, id",
                                             {party}));
  std::vector<std::string> out;
  for (auto& r :
       node::typed_rows<PublishedReport>(texts, "reports report", published_report_from_text)) {
    if (r.attestation_of(party) == nullptr) out.push_back(std::move(r.id));
  }
  return out;
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

Status read_for_figures(store::Db& db, const std::vector<Position>& positions, FiguresBuilder& b) {
  // One origin's facts rows are one range of the table's key (kinds.h, facts_id), read in
  // chain order from the table's own b-tree, whole: the store is told a large scan is coming
  // (on SQLite: the file mapped and the table's pages read ahead) until the scope ends, after
  // the statement below.
  const store::ScanScope scan = db.large_scan(kFactsTable);
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT id, doc FROM report_facts WHERE id > ? AND id <= ? ORDER BY id"));
  for (const Position& p : positions) {
    q.reset();
    q.bind(1, p.origin + ":").bind(2, facts_id(p.origin, p.seq));
    const size_t prefix = p.origin.size() + 1;
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      const std::string_view id = q.text_view(0);
      int64_t seq = 0;
      for (char c : id.substr(prefix)) seq = seq * 10 + (c - '0');
      LIAISON_RETURN_IF_ERROR(
          b.add(StoredFacts{.origin = p.origin, .seq = seq, .doc = q.text_view(1)}));
    }
  }
  return Status::ok();
}

}  // namespace liaison::reports
