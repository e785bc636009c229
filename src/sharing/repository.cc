#include "sharing/repository.h"

#include "node/store_helpers.h"

namespace liaison::sharing {

Result<std::vector<std::string>> set_docs(store::Db& db) {
  return node::query_texts(
      db, "SELECT doc FROM indicator_sets ORDER BY json_extract(doc, '$.updated_at') DESC");
}

Result<std::vector<PartySightings>> sightings_by_party(store::Db& db, const std::string& set_id) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT json_extract(s.doc, '$.reporter'), count(*), "
                 "sum(json_extract(s.doc, '$.count')), "
                 "sum(CASE WHEN json_extract(s.doc, '$.feedback.false_positive') = 1 "
                 "THEN 1 ELSE 0 END), "
                 "avg((julianday(json_extract(s.doc, '$.reported_at')) - "
                 "julianday(json_extract(i.doc, '$.added_at'))) * 86400.0) "
                 "FROM sightings s JOIN indicators i ON i.id = "
                 "json_extract(s.doc, '$.set_id') || ':' || json_extract(s.doc, '$.indicator') "
                 "WHERE s.set_id = ? GROUP BY 1 ORDER BY 1"));
  q.bind(1, set_id);
  std::vector<PartySightings> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back(PartySightings{q.text(0), q.int64(1), q.int64(2), q.int64(3), q.real(4)});
  }
  return out;
}

Result<int64_t> indicator_count(store::Db& db, const std::string& set_id) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt c,
                           db.prepare("SELECT count(*) FROM indicators WHERE set_id=?"));
  c.bind(1, set_id);
  LIAISON_ASSIGN_OR_RETURN(bool row, c.step());
  return row ? c.int64(0) : 0;
}

Result<std::vector<std::string>> indicator_docs(store::Db& db, const std::string& set_id, int limit,
                                                int64_t offset) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT doc FROM indicators WHERE set_id=? ORDER BY value "
                                      "LIMIT ? OFFSET ?"));
  q.bind(1, set_id).bind(2, limit).bind(3, offset);
  return q.texts();
}

Status for_each_live_indicator(
    store::Db& db, const std::string& now,
    const std::function<void(const std::string& set_id, const std::string& value,
                             const std::string& valid_until)>& fn) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT set_id, value, coalesce(json_extract(doc, '$.valid_until'), "
                 "'') FROM indicators WHERE removed = 0 AND "
                 "(json_extract(doc, '$.valid_until') = '' OR "
                 "json_extract(doc, '$.valid_until') > ?)"));
  q.bind(1, now);
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    fn(q.text(0), q.text(1), q.text(2));
  }
  return Status::ok();
}

Result<std::vector<std::string>> sighting_docs(store::Db& db, const std::string& set_id) {
  return node::query_texts(db,
                           "SELECT doc FROM sightings WHERE (?1 = '' OR set_id = ?1) "
                           "ORDER BY json_extract(doc, '$.updated_at') DESC LIMIT 1000",
                           {set_id});
}

}  // namespace liaison::sharing
