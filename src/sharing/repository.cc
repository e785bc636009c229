#include "sharing/repository.h"

#include <spdlog/spdlog.h>

#include "node/store_helpers.h"

namespace liaison::sharing {

namespace {

// The typed projections of documents a `SELECT doc …` returned. A damaged document is
// logged with what is wrong and left out, so one bad row does not hide the others.
template <typename T, typename FromText>
std::vector<T> typed_list(const std::vector<std::string>& texts, const char* what,
                          FromText from_text) {
  std::vector<T> out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    auto v = from_text(t);
    if (!v.is_ok()) {
      spdlog::warn("sharing: skipped a damaged {} document: {} ({})", what, v.status().message(),
                   t.substr(0, 80));
      continue;
    }
    out.push_back(std::move(*v));
  }
  return out;
}

// The one row of `table` with `id`: not_found when there is none, internal when its document
// is damaged.
template <typename T, typename FromText>
Result<T> typed_one(store::Db& db, const char* table, const char* what, FromText from_text,
                    const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      node::query_texts(db, std::string("SELECT doc FROM ") + table + " WHERE id=?", {id}));
  if (texts.empty()) return not_found(std::string("no ") + what + " " + id, "id");
  auto v = from_text(texts.front());
  if (!v.is_ok()) {
    return internal_error(std::string(what) + " " + id + " is damaged: " + v.status().message());
  }
  return std::move(*v);
}

}  // namespace

Result<std::vector<IndicatorSet>> indicator_sets(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      node::query_texts(
          db, "SELECT doc FROM indicator_sets ORDER BY json_extract(doc, '$.updated_at') DESC"));
  return typed_list<IndicatorSet>(texts, "indicator set", indicator_set_from_text);
}

Result<IndicatorSet> indicator_set(store::Db& db, const std::string& id) {
  return typed_one<IndicatorSet>(db, "indicator_sets", "indicator_set", indicator_set_from_text,
                                 id);
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

Result<std::vector<Indicator>> indicators(store::Db& db, const std::string& set_id, int limit,
                                          int64_t offset) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT doc FROM indicators WHERE set_id=? ORDER BY value "
                                      "LIMIT ? OFFSET ?"));
  q.bind(1, set_id).bind(2, limit).bind(3, offset);
  LIAISON_ASSIGN_OR_RETURN(auto texts, q.texts());
  return typed_list<Indicator>(texts, "indicator", indicator_from_text);
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

Result<std::vector<Sighting>> sightings(store::Db& db, const std::string& set_id) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts, node::query_texts(db,
                                    "SELECT doc FROM sightings WHERE (?1 = '' OR set_id = ?1) "
                                    "ORDER BY json_extract(doc, '$.updated_at') DESC LIMIT 1000",
                                    {set_id}));
  return typed_list<Sighting>(texts, "sighting", sighting_from_text);
}

Result<Sighting> sighting(store::Db& db, const std::string& id) {
  return typed_one<Sighting>(db, "sightings", "sighting", sighting_from_text, id);
}

}  // namespace liaison::sharing
