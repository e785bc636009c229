#include "requests/repository.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "common/json_fields.h"
#include "hotline/case_feed.h"
#include "ledger/canonical_json.h"
#include "model/request_json.h"
#include "node/store_helpers.h"
#include "node/typed_rows.h"
#include "requests/kinds.h"
#include "store/text_search.h"

namespace liaison::requests {

Result<std::optional<std::string>> first_receipt_doc(store::Db& db, const std::string& origin,
                                                     int64_t seq,
                                                     const std::vector<std::string>& receivers) {
  std::optional<std::string> out;
  std::string in;
  for (size_t i = 0; i < receivers.size(); ++i) in += i ? ",?" : "?";
  if (in.empty()) return out;
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt * q,
      db.cached("SELECT doc FROM receipts WHERE origin=? AND up_to_seq>=? AND receiver IN (" + in +
                ") ORDER BY up_to_seq, json_extract(doc, '$.received_at') LIMIT 1"));
  store::StmtReset reset(*q);
  q->bind(1, origin).bind(2, seq);
  for (size_t i = 0; i < receivers.size(); ++i) q->bind(static_cast<int>(i + 3), receivers[i]);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (row) out = q->text(0);
  return out;
}

Result<std::optional<SubmitRecord>> submit_record(store::Db& db, const std::string& request_id,
                                                  const std::string& requesting_party) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * q,
                           db.cached("SELECT seq, created_at FROM records WHERE object_id=? AND "
                                     "origin=? AND kind='request.event' AND "
                                     "json_extract(body, '$.content.payload.event')='submit'"));
  store::StmtReset reset(*q);
  q->bind(1, request_id).bind(2, requesting_party);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  std::optional<SubmitRecord> out;
  if (row) out = SubmitRecord{q->int64(0), q->text(1)};
  return out;
}

RegisterFilter register_filter(const node::RequestQuery& q, const std::string& local_party) {
  RegisterFilter f;
  auto in_list = [&](const char* col, const std::vector<std::string>& vals) {
    if (vals.empty()) return;
    f.value_lists = true;
    f.conds += std::string(" AND ") + col + " IN (";
    for (size_t i = 0; i < vals.size(); ++i) {
      f.conds += i ? ",?" : "?";
      f.binds.push_back(vals[i]);
    }
    f.conds += ")";
  };
  in_list("state", q.states);
  in_list("type", q.types);
  in_list("priority", q.priorities);
  if (!q.party.empty()) {
    f.conds += " AND (requesting_party = ? OR requested_party = ?)";
    f.binds.push_back(q.party);
    f.binds.push_back(q.party);
  }
  if (!q.assignee.empty()) {
    // This party's assignee: its own side of the request's assignees.
    f.conds += " AND json_extract(doc, '$.assignees.' || ? || '.username') = ?";
    f.binds.push_back(local_party);
    f.binds.push_back(q.assignee);
  }
  if (q.direction == "outgoing") {
    f.conds += " AND requesting_party = ?";
    f.binds.push_back(local_party);
  } else if (q.direction == "incoming") {
    f.conds += " AND requested_party = ?";
    f.binds.push_back(local_party);
  }
  return f;
}

Status register_page(store::Db& db, const node::RequestQuery& q, const RegisterFilter& filter,
                     const std::string& key, bool desc, node::DocPage& page) {
  const std::string order = std::string(" ORDER BY ") + key + (desc ? " DESC" : " ASC") + ", id";
  const std::string where = " WHERE " + filter.conds;
  const auto& binds = filter.binds;
  // The register's statements without value lists (the default page among them) are
  // prepared once per connection; with lists there are too many shapes to keep them all.
  std::optional<store::Stmt> owned[2];
  auto statement = [&](int k, const std::string& sql) -> Result<store::Stmt*> {
    if (!filter.value_lists) return db.cached(sql);
    LIAISON_ASSIGN_OR_RETURN(store::Stmt fresh, db.prepare(sql));
    owned[k].emplace(std::move(fresh));
    return &*owned[k];
  };
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * c, statement(0, "SELECT count(*) FROM requests" + where));
  store::StmtReset reset_count(*c);
  for (size_t i = 0; i < binds.size(); ++i) c->bind(static_cast<int>(i + 1), binds[i]);
  LIAISON_ASSIGN_OR_RETURN(bool row, c->step());
  page.total = row ? c->int64(0) : 0;
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt * s, statement(1, "SELECT doc, id || ' ' || last_record FROM requests" + where +
                                        order + " LIMIT ? OFFSET ?"));
  store::StmtReset reset_page(*s);
  size_t i = 0;
  for (; i < binds.size(); ++i) s->bind(static_cast<int>(i + 1), binds[i]);
  s->bind(static_cast<int>(i + 1), static_cast<int64_t>(q.per_page));
  s->bind(static_cast<int>(i + 2), static_cast<int64_t>(q.page - 1) * q.per_page);
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool r, s->step());
    if (!r) break;
    page.docs.push_back(s->text(0));
    page.versions.push_back(s->text(1));
  }
  return Status::ok();
}

Status search_page(store::Db& db, const node::RequestQuery& q, const RegisterFilter& filter,
                   const std::string& key, bool desc, node::DocPage& page) {
  struct Match {
    std::string id;
    std::optional<std::string> key;
  };
  std::vector<Match> matches;
  LIAISON_ASSIGN_OR_RETURN(std::optional<store::TextQuery> text, store::text_query(db, q.q, "q"));
  if (!text) return Status::ok();  // no text in the index holds it
  // The check and the filters are a column, not a condition, so that every candidate counts
  // towards the scan limit. Prepared once per connection when the filters have no value
  // lists (searches run on a few long-lived connections); with lists there are too many
  // shapes to keep them all.
  const std::string sql = store::text_candidates_sql("d.request_id, instr(d.text, ?) > 0 AND (" +
                                                     filter.conds + "), d." + key);
  std::optional<store::Stmt> owned;
  store::Stmt* hits_stmt = nullptr;
  if (!filter.value_lists) {
    LIAISON_ASSIGN_OR_RETURN(hits_stmt, db.cached(sql));
  } else {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt fresh, db.prepare(sql));
    hits_stmt = &owned.emplace(std::move(fresh));
  }
  store::Stmt& hits = *hits_stmt;
  store::StmtReset reset_hits(hits);
  int n = 0;
  hits.bind(++n, text->folded);
  for (const auto& b : filter.binds) hits.bind(++n, b);
  hits.bind(++n, text->match);
  std::unordered_set<std::string> seen;
  for (int scanned = 0;; ++scanned) {
    LIAISON_ASSIGN_OR_RETURN(bool row, hits.step());
    if (!row) break;
    if (scanned == node::kSearchScanLimit) {
      page.total_exact = false;
      break;
    }
    if (hits.int64(1) == 0) continue;
    std::string id = hits.text(0);
    if (seen.count(id)) continue;
    if (static_cast<int>(matches.size()) == node::kSearchMatchLimit) {
      page.total_exact = false;
      break;
    }
    seen.insert(id);
    matches.push_back(
        {std::move(id), hits.is_null(2) ? std::nullopt : std::optional<std::string>(hits.text(2))});
  }
  page.total = static_cast<int64_t>(matches.size());
  const size_t from = static_cast<size_t>(q.page - 1) * static_cast<size_t>(q.per_page);
  if (from >= matches.size()) return Status::ok();
  const size_t to = std::min(matches.size(), from + static_cast<size_t>(q.per_page));
  std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(to),
                    matches.end(), [desc](const Match& a, const Match& b) {
                      if (a.key != b.key) return desc ? b.key < a.key : a.key < b.key;
                      return a.id < b.id;
                    });
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt * doc_stmt,
      db.cached("SELECT doc, id || ' ' || last_record FROM requests WHERE id = ?"));
  store::Stmt& doc = *doc_stmt;
  store::StmtReset reset_doc(doc);
  for (size_t i = from; i < to; ++i) {
    doc.reset();
    doc.bind(1, matches[i].id);
    LIAISON_ASSIGN_OR_RETURN(bool found, doc.step());
    if (!found) continue;
    page.docs.push_back(doc.text(0));
    page.versions.push_back(doc.text(1));
  }
  return Status::ok();
}

Result<int64_t> next_in_counter(store::Db& db, const std::string& name) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("INSERT INTO counters(name, value) VALUES(?, 1) "
                                      "ON CONFLICT(name) DO UPDATE SET value = value + 1 "
                                      "RETURNING value"));
  q.bind(1, name);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return internal_error("counter " + name + " returned no value");
  return q.int64(0);
}

Result<std::vector<std::string>> attachment_docs_of(store::Db& db, const std::string& request_id,
                                                    const std::string& party) {
  return node::query_texts(
      db,
      "SELECT doc FROM attachments WHERE request_id = ? AND json_extract(doc, '$.party') = ? "
      "ORDER BY json_extract(doc, '$.created_at'), id",
      {request_id, party});
}

Result<std::vector<std::string>> thread_docs(store::Db& db, const char* table,
                                             const std::string& request_id) {
  const std::string t = table;
  if (t != "messages" && t != "attachments") return internal_error("no thread table " + t);
  return node::query_texts(
      db,
      "SELECT doc FROM " + t + " WHERE request_id=? ORDER BY json_extract(doc, '$.created_at'), id",
      {request_id});
}

Result<std::vector<std::pair<std::string, int64_t>>> custody_record_keys(
    store::Db& db, const std::string& request_id) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT origin, seq FROM records WHERE "
                                      "substr(kind, length(kind) - 7) = '.custody' "
                                      "AND json_extract(body, '$.content.payload.request_id')=?"));
  q.bind(1, request_id);
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.emplace_back(q.text(0), q.int64(1));
  }
  return out;
}

Result<std::string> record_flag(store::Db& db, const std::string& origin, int64_t seq) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt * f,
                           db.cached("SELECT flag FROM records WHERE origin=? AND seq=?"));
  store::StmtReset reset(*f);
  f->bind(1, origin).bind(2, seq);
  LIAISON_ASSIGN_OR_RETURN(bool row, f->step());
  return row ? f->text(0) : std::string();
}

Result<std::vector<std::string>> requests_with_attachment(store::Db& db, const std::string& sha256,
                                                          const std::string& party) {
  return node::query_texts(
      db,
      "SELECT request_id FROM attachments WHERE json_extract(doc, '$.sha256') = ? "
      "AND json_extract(doc, '$.party') = ? ORDER BY request_id",
      {sha256, party});
}

Result<bool> attachment_offered_to(store::Db& db, const std::string& self, const std::string& peer,
                                   const std::string& sha256) {
  return node::row_exists(db,
                          "SELECT 1 FROM records WHERE origin = ? AND kind = ? AND "
                          "substr(object_id, length(object_id) - 63) = ? AND "
                          "instr(',' || recipients || ',', ?) > 0",
                          {self, kAttachmentAdd, sha256, "," + peer + ","});
}

Result<std::vector<node::WantedBlob>> attachments_of_others(store::Db& db,
                                                            const std::string& self) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT json_extract(doc, '$.sha256') AS s, json_extract(doc, '$.party') AS o, "
                 "max(json_extract(doc, '$.size')) FROM attachments "
                 "WHERE json_extract(doc, '$.party') != ?1 GROUP BY s, o "
                 "ORDER BY min(json_extract(doc, '$.created_at')), s"));
  q.bind(1, self);
  std::vector<node::WantedBlob> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.text(1), q.int64(2)});
  }
  return out;
}

namespace {

namespace json = boost::json;

Result<std::optional<StoredRequest>> find_request(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto docs,
                           node::query_docs(db, "SELECT doc FROM requests WHERE id=?", {id}));
  if (docs.empty()) return std::optional<StoredRequest>();
  LIAISON_ASSIGN_OR_RETURN(StoredRequest r, request_from_doc(docs.front()));
  return std::optional<StoredRequest>(std::move(r));
}

// The requests a `SELECT doc …` returns, a damaged one logged and left out (the hotline's
// lists go on).
Result<std::vector<StoredRequest>> typed_requests(Result<std::vector<std::string>> texts) {
  if (!texts.is_ok()) return texts.status();
  return node::typed_rows<StoredRequest>(*texts, "request", request_from_text);
}

Result<std::vector<StoredRequest>> submitted_to(store::Db& db, const std::string& party) {
  return typed_requests(
      node::query_texts(db,
                        "SELECT doc FROM requests WHERE state='submitted' AND "
                        "requested_party=? ORDER BY json_extract(doc, '$.submitted_at'), id",
                        {party}));
}

// `oral` is an object when present (the telephoned request's call, requests/apply.cc), so its
// presence is the test.
Result<std::vector<StoredRequest>> owed_confirmations(store::Db& db, const std::string& party) {
  return typed_requests(
      node::query_texts(db,
                        "SELECT doc FROM requests WHERE requesting_party=? AND "
                        "json_extract(doc, '$.oral') IS NOT NULL AND "
                        "json_extract(doc, '$.written_confirmed_at')='' AND state NOT IN "
                        "('withdrawn','closed','fulfilled','refused') "
                        "ORDER BY json_extract(doc, '$.oral.called_at'), id",
                        {party}));
}

Result<std::vector<std::string>> open_of(store::Db& db, const std::string& party) {
  return node::query_texts(db,
                           "SELECT id FROM requests WHERE "
                           "json_extract(doc, '$.requesting_party')=? AND "
                           "json_extract(doc, '$.state') NOT IN "
                           "('draft','withdrawn','closed','fulfilled','refused')",
                           {party});
}

}  // namespace

Result<std::vector<std::string>> request_ids_by_reference(store::Db& db, const std::string& ref) {
  return node::query_texts(db,
                           "SELECT id FROM requests WHERE json_extract(doc, '$.requester_ref') = ? "
                           "OR json_extract(doc, '$.requested_ref') = ? ORDER BY id LIMIT 2",
                           {ref, ref});
}

Result<StoredRequest> load_request(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, node::load_doc(db, "requests", id));
  return request_from_doc(doc);
}

Result<StoredAttachment> load_attachment(store::Db& db, const std::string& request_id,
                                         const std::string& sha256) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc,
                           node::load_doc(db, "attachments", request_id + ":" + sha256));
  return attachment_from_doc(doc);
}

hotline::CaseFeed case_feed() {
  hotline::CaseFeed feed;
  feed.find = find_request;
  feed.submitted_to = submitted_to;
  feed.owed_confirmations = owed_confirmations;
  feed.open_of = open_of;
  return feed;
}

Status renormalise_stored_identifiers(store::Db& db) {
  std::vector<std::pair<std::string, std::string>> changed;  // (id, doc in today's text)
  {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q,
        db.prepare(
            "SELECT id, doc FROM requests WHERE json_array_length(doc, '$.identifiers') > 0"));
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      auto doc = parse_json_object(q.text_view(1), "request");
      if (!doc.is_ok() || !model::renormalise_identifiers(*doc)) continue;
      LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(*doc));
      changed.emplace_back(q.text(0), std::move(text));
    }
  }
  LIAISON_ASSIGN_OR_RETURN(store::Stmt put, db.prepare("UPDATE requests SET doc = ? WHERE id = ?"));
  for (const auto& [id, doc] : changed) {
    put.reset();
    put.bind(1, doc).bind(2, id);
    LIAISON_RETURN_IF_ERROR(put.run());
  }
  spdlog::info("schema step requests/2: {} stored request(s) with identifiers in the older text",
               changed.size());
  return Status::ok();
}

}  // namespace liaison::requests
