#include "sharing/repository.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>

#include "common/clock.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "node/store_helpers.h"
#include "node/typed_rows.h"

namespace liaison::sharing {

namespace {

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
  return node::typed_rows<IndicatorSet>(texts, "indicator set", indicator_set_from_text);
}

Result<IndicatorSet> indicator_set(store::Db& db, const std::string& id) {
  return typed_one<IndicatorSet>(db, "indicator_sets", "indicator_set", indicator_set_from_text,
                                 id);
}

Result<std::vector<PartySightings>> sightings_by_party(store::Db& db, const std::string& set_id) {
  // One row a sighting, summed here: the seconds between two RFC 3339 times are computed in
  // C++ (SQL has no portable way to read one), so the rows are grouped here too.
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q,
      db.prepare("SELECT json_extract(s.doc, '$.reporter'), json_extract(s.doc, '$.count'), "
                 "CASE WHEN json_extract(s.doc, '$.feedback.false_positive') = 1 "
                 "THEN 1 ELSE 0 END, "
                 "json_extract(s.doc, '$.reported_at'), json_extract(i.doc, '$.added_at') "
                 "FROM sightings s JOIN indicators i ON i.id = "
                 "json_extract(s.doc, '$.set_id') || ':' || json_extract(s.doc, '$.indicator') "
                 "WHERE s.set_id = ?"));
  q.bind(1, set_id);
  struct Sums {
    PartySightings party;
    double latency_sum = 0;
    int64_t latencies = 0;  // sightings whose two times both read
  };
  std::map<std::string, Sums> by_reporter;  // ordered by party, as the summary shows them
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    Sums& sums = by_reporter[q.text(0)];
    sums.party.party = q.text(0);
    ++sums.party.indicators_sighted;
    if (!q.is_null(1)) sums.party.hits += q.int64(1);
    sums.party.false_positives += q.int64(2);
    const auto reported = parse_rfc3339(q.text_view(3));
    const auto added = parse_rfc3339(q.text_view(4));
    if (reported && added) {
      sums.latency_sum += std::chrono::duration<double>(*reported - *added).count();
      ++sums.latencies;
    }
  }
  std::vector<PartySightings> out;
  out.reserve(by_reporter.size());
  for (auto& [reporter, sums] : by_reporter) {
    if (sums.latencies > 0) {
      sums.party.mean_latency_seconds = sums.latency_sum / static_cast<double>(sums.latencies);
    }
    out.push_back(std::move(sums.party));
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
  return node::typed_rows<Indicator>(texts, "indicator", indicator_from_text);
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
  return node::typed_rows<Sighting>(texts, "sighting", sighting_from_text);
}

Result<Sighting> sighting(store::Db& db, const std::string& id) {
  return typed_one<Sighting>(db, "sightings", "sighting", sighting_from_text, id);
}

namespace {

// A projection row to move to the id today's text gives it, with its document rewritten.
struct MovedRow {
  std::string old_id, new_id, doc, last_record, set_id;
};

// The rows of `table` whose document `fix` rewrites (it returns the new id, or "" to leave
// the row as it is).
Result<std::vector<MovedRow>> rows_to_move(
    store::Db& db, const std::string& table,
    const std::function<std::string(boost::json::object&)>& fix) {
  std::vector<MovedRow> out;
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT id, doc, last_record FROM " + table + " ORDER BY id"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    auto doc = parse_json_object(q.text_view(1), table.c_str());
    if (!doc.is_ok()) continue;  // a damaged row: verify names it
    const std::string new_id = fix(*doc);
    if (new_id.empty() || new_id == q.text(0)) continue;
    LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(*doc));
    out.push_back({q.text(0), new_id, std::move(text), q.text(2), str_of(*doc, "set_id")});
  }
  return out;
}

// Moves the rows; returns the sets where a row already held the new id (the older one went).
Result<std::set<std::string>> move_rows(store::Db& db, const std::string& table,
                                        const std::vector<MovedRow>& rows) {
  std::set<std::string> merged;
  for (const auto& m : rows) {
    LIAISON_ASSIGN_OR_RETURN(
        bool taken, node::row_exists(db, "SELECT 1 FROM " + table + " WHERE id=?", {m.new_id}));
    LIAISON_ASSIGN_OR_RETURN(store::Stmt del, db.prepare("DELETE FROM " + table + " WHERE id=?"));
    del.bind(1, m.old_id);
    LIAISON_RETURN_IF_ERROR(del.run());
    if (taken) {
      merged.insert(m.set_id);
      continue;
    }
    LIAISON_ASSIGN_OR_RETURN(store::Stmt ins, db.prepare("INSERT INTO " + table +
                                                         "(id, doc, last_record) VALUES(?, ?, ?)"));
    ins.bind(1, m.new_id).bind(2, m.doc).bind(3, m.last_record);
    LIAISON_RETURN_IF_ERROR(ins.run());
  }
  return merged;
}

// A set's indicator_count as its live indicators say.
Status recount(store::Db& db, const std::string& set_id) {
  LIAISON_ASSIGN_OR_RETURN(IndicatorSet set, indicator_set(db, set_id));
  LIAISON_ASSIGN_OR_RETURN(set.indicator_count, indicator_count(db, set_id));
  LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(to_doc(set)));
  LIAISON_ASSIGN_OR_RETURN(store::Stmt u,
                           db.prepare("UPDATE indicator_sets SET doc = ? WHERE id = ?"));
  u.bind(1, text).bind(2, set_id);
  return u.run();
}

}  // namespace

Status renormalise_stored_indicators(store::Db& db) {
  LIAISON_ASSIGN_OR_RETURN(
      auto indicators, rows_to_move(db, "indicators", [](boost::json::object& d) -> std::string {
        const std::string value = str_of(d, "value"), today = todays_indicator_text(value);
        if (today == value) return "";
        const std::string id = str_of(d, "set_id") + ":" + today;
        d["value"] = today;
        d["id"] = id;
        return id;
      }));
  LIAISON_ASSIGN_OR_RETURN(
      auto sightings, rows_to_move(db, "sightings", [](boost::json::object& d) -> std::string {
        const std::string value = str_of(d, "indicator"), today = todays_indicator_text(value);
        if (today == value) return "";
        const std::string id = str_of(d, "set_id") + ":" + today + ":" + str_of(d, "reporter");
        d["indicator"] = today;
        d["id"] = id;
        return id;
      }));
  LIAISON_ASSIGN_OR_RETURN(std::set<std::string> merged, move_rows(db, "indicators", indicators));
  LIAISON_RETURN_IF_ERROR(move_rows(db, "sightings", sightings).status());
  for (const auto& set_id : merged) LIAISON_RETURN_IF_ERROR(recount(db, set_id));
  spdlog::info("schema step sharing/2: {} stored indicator(s) and {} sighting(s) in the older text",
               indicators.size(), sightings.size());
  return Status::ok();
}

}  // namespace liaison::sharing
