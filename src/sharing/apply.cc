// How the sharing capability's records become projections: indicator sets and their
// deltas, sightings and the publisher's feedback on them. Registered with the ledger through
// record_kinds() (sharing/kinds.h).
#include <boost/json.hpp>

#include "common/clock.h"
#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "ledger/canonical_json.h"
#include "ledger/limits.h"
#include "ledger/payload_schema.h"
#include "sharing/kinds.h"
#include "sharing/projections.h"
#include "sweep/index.h"

namespace liaison::sharing {

namespace json = boost::json;
using ledger::get_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;

namespace {

// ---- indicator sharing -----------------------------------------------------------------

bool valid_tlp(const std::string& t) {
  return t == "clear" || t == "green" || t == "amber" || t == "amber+strict" || t == "red";
}

Result<std::optional<IndicatorSet>> stored_set(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "indicator_sets", id));
  if (!doc) return std::optional<IndicatorSet>();
  LIAISON_ASSIGN_OR_RETURN(IndicatorSet s, indicator_set_from_doc(*doc));
  return std::optional<IndicatorSet>(std::move(s));
}

Result<std::optional<Indicator>> stored_indicator(Projections& p, const std::string& key) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "indicators", key));
  if (!doc) return std::optional<Indicator>();
  LIAISON_ASSIGN_OR_RETURN(Indicator i, indicator_from_doc(*doc));
  return std::optional<Indicator>(std::move(i));
}

Result<std::optional<Sighting>> stored_sighting(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "sightings", id));
  if (!doc) return std::optional<Sighting>();
  LIAISON_ASSIGN_OR_RETURN(Sighting s, sighting_from_doc(*doc));
  return std::optional<Sighting>(std::move(s));
}

// The set's name, description and TLP from the payload (a new set needs a name and a TLP;
// TLP:RED needs named recipients).
Status apply_set_meta(const Record& r, const json::object& payload, bool is_new,
                      IndicatorSet& set) {
  if (is_new && str_of(payload, "name").empty()) {
    return invalid_argument("a new set needs a name", "name").with_reason(Reason::kRequired);
  }
  for (const char* k : {"name", "description"}) {
    auto* v = payload.if_contains(k);
    if (!v) continue;
    if (!v->is_string()) return field_wrong_type(k, "string");
    const int64_t max = k[0] == 'n' ? 200 : 5000;
    if (v->get_string().size() > static_cast<size_t>(max)) {
      return invalid_argument(std::string(k) + " is longer than " + std::to_string(max) + " bytes",
                              k)
          .with_reason(Reason::kTooLong, {{"max", max}});
    }
    (k[0] == 'n' ? set.name : set.description) = std::string(v->get_string());
  }
  if (auto* t = payload.if_contains("tlp")) {
    if (!t->is_string() || !valid_tlp(std::string(t->get_string()))) {
      return invalid_argument("tlp must be clear, green, amber, amber+strict or red", "tlp")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"clear", "green", "amber",
                                                             "amber+strict", "red"}}});
    }
    set.tlp = std::string(t->get_string());
  }
  if (set.tlp.empty()) {
    return invalid_argument("a new set needs a tlp", "tlp").with_reason(Reason::kRequired);
  }
  if (set.tlp == "red" && r.recipients.empty()) {
    return invalid_argument("TLP:RED goes only to named parties: name at least one", "recipients")
        .with_reason(Reason::kRequired);
  }
  set.recipients = r.recipients;
  return Status::ok();
}

// One added indicator {"value", "confidence"?, "first_seen"?, "last_seen"?, "valid_until"?,
// "tags"?} (`field` names it in errors); counts it when it was not live.
Status apply_added_indicator(const Record& r, const json::value& v, const std::string& field,
                             Projections& p, int64_t& count) {
  if (!v.is_object())
    return invalid_argument("indicator must be an object", field)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& in = v.get_object();
  sweep::Index scratch;
  auto id = scratch.add(str_of(in, "value"));
  if (!id.is_ok()) {
    Status bad = invalid_argument(id.status().message(), field + ".value");
    return bad.with_reason(id.status().reason(), id.status().params());
  }
  const auto& norm = scratch.indicator(*id);
  Indicator ind;
  ind.id = r.object_id + ":" + norm.value;
  LIAISON_ASSIGN_OR_RETURN(auto prior, stored_indicator(p, ind.id));
  bool was_live = prior && !prior->removed;
  ind.set_id = r.object_id;
  ind.value = norm.value;
  ind.type = sweep::to_string(norm.type);
  auto* conf = in.if_contains("confidence");
  if (conf && (!conf->is_int64() || conf->get_int64() < 0 || conf->get_int64() > 100)) {
    return invalid_argument("confidence must be an integer 0-100", field + ".confidence")
        .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{100}}});
  }
  ind.confidence = conf ? conf->get_int64() : 50;
  for (auto [t, out] :
       {std::pair{"first_seen", &ind.first_seen}, std::pair{"last_seen", &ind.last_seen},
        std::pair{"valid_until", &ind.valid_until}}) {
    *out = str_of(in, t);
    if (!out->empty() && !parse_rfc3339(*out)) {
      return invalid_argument(std::string(t) + " must be RFC 3339", field + "." + t)
          .with_reason(Reason::kInvalidTime);
    }
  }
  if (auto* tg = in.if_contains("tags")) {
    if (!tg->is_array())
      return invalid_argument("tags must be an array", field + ".tags")
          .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
    for (const auto& t : tg->get_array()) {
      if (!t.is_string() || t.get_string().size() > 100) {
        return invalid_argument("tags must be short strings", field + ".tags");
      }
      ind.tags.emplace_back(t.get_string());
    }
  }
  ind.added_at = prior ? prior->added_at : r.created_at;
  if (!was_live) ++count;
  return put_doc(p, "indicators", ind.id, to_doc(ind), r);
}

// One removed value; removing one that is not live is harmless.
Status apply_removed_indicator(const Record& r, const json::value& v, const std::string& field,
                               Projections& p, int64_t& count) {
  if (!v.is_string()) return invalid_argument("removed values are strings", field);
  sweep::Index scratch;
  auto id = scratch.add(v.get_string());
  if (!id.is_ok()) return invalid_argument(id.status().message(), field);
  std::string key = r.object_id + ":" + scratch.indicator(*id).value;
  LIAISON_ASSIGN_OR_RETURN(auto prior, stored_indicator(p, key));
  if (!prior || prior->removed) return Status::ok();
  prior->removed = true;
  prior->removed_at = r.created_at;
  --count;
  return put_doc(p, "indicators", key, to_doc(*prior), r);
}

// {"name"?, "description"?, "tlp"?, "added": [{"value", "confidence"?, "first_seen"?,
//  "last_seen"?, "valid_until"?, "tags"?}], "removed": ["value", …]}
Status apply_indicator_set(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto existing, stored_set(p, r.object_id));
  IndicatorSet set;
  if (existing) {
    set = std::move(*existing);
    if (set.publisher != r.origin) {
      return permission_denied("only the publisher " + set.publisher +
                               " may change indicator set " + r.object_id);
    }
  } else {
    set.id = r.object_id;
    set.publisher = r.origin;
    set.created_at = r.created_at;
  }
  LIAISON_RETURN_IF_ERROR(apply_set_meta(r, payload, !existing, set));
  int64_t count = set.indicator_count;
  if (auto* added = payload.if_contains("added")) {
    if (!added->is_array()) return field_wrong_type("added", "array");
    size_t i = 0;
    for (const auto& v : added->get_array()) {
      LIAISON_RETURN_IF_ERROR(
          apply_added_indicator(r, v, "added[" + std::to_string(i++) + "]", p, count));
    }
  }
  if (auto* removed = payload.if_contains("removed")) {
    if (!removed->is_array()) return field_wrong_type("removed", "array");
    size_t i = 0;
    for (const auto& v : removed->get_array()) {
      LIAISON_RETURN_IF_ERROR(
          apply_removed_indicator(r, v, "removed[" + std::to_string(i++) + "]", p, count));
    }
  }
  set.indicator_count = count;
  set.version += 1;
  set.updated_at = r.created_at;
  return put_doc(p, "indicator_sets", r.object_id, to_doc(set), r);
}

// {"set_id", "indicator", "count", "first_seen", "last_seen", "where"}: added to the
// reporter's aggregate sighting of that indicator (one document per set, indicator, party).
Status apply_sighting(const Record& r, const json::object& payload, Projections& p) {
  std::string set_id = str_of(payload, "set_id");
  // The record names the indicator in its reporter's text, which an older node kept as
  // written; the sighting is kept under today's text, where the indicator is.
  const std::string signed_value = str_of(payload, "indicator");
  const std::string value = todays_indicator_text(signed_value);
  LIAISON_ASSIGN_OR_RETURN(auto set, stored_set(p, set_id));
  if (!set) return no_such("indicator set", set_id, "set_id");
  if (!set->addressed_to(r.origin)) {
    return permission_denied("party " + r.origin + " did not receive indicator set " + set_id);
  }
  LIAISON_ASSIGN_OR_RETURN(auto ind, stored_indicator(p, set_id + ":" + value));
  if (!ind) return not_found("no indicator " + signed_value + " in set " + set_id, "indicator");
  if (r.object_id != set_id + ":" + signed_value + ":" + r.origin) {
    return invalid_argument("sighting object id must be set:indicator:party");
  }
  const std::string id = set_id + ":" + value + ":" + r.origin;
  auto* count = payload.if_contains("count");
  if (!count || !count->is_int64() || count->get_int64() < 1) {
    return invalid_argument("count must be a positive integer", "count");
  }
  std::string first = str_of(payload, "first_seen"), last = str_of(payload, "last_seen");
  if (!parse_rfc3339(first) || !parse_rfc3339(last) || last < first) {
    return invalid_argument("first_seen/last_seen must be RFC 3339, first ≤ last", "first_seen")
        .with_reason(Reason::kInvalidTime);
  }
  LIAISON_ASSIGN_OR_RETURN(auto prior, stored_sighting(p, id));
  Sighting s;
  if (prior) {
    s = std::move(*prior);
    s.count += count->get_int64();
    if (first < s.first_seen) s.first_seen = first;
    if (last > s.last_seen) s.last_seen = last;
  } else {
    s.id = id;
    s.set_id = set_id;
    s.indicator = value;
    s.reporter = r.origin;
    s.count = count->get_int64();
    s.first_seen = first;
    s.last_seen = last;
    s.reported_at = r.created_at;
  }
  s.where = str_of(payload, "where");
  if (s.where.size() > 500) {
    return invalid_argument("where is too long", "where")
        .with_reason(Reason::kTooLong, {{"max", int64_t{500}}});
  }
  s.updated_at = r.created_at;
  return put_doc(p, "sightings", id, to_doc(s), r);
}

// {"false_positive": bool, "action": "none|blocked|host_cleaned|case_opened", "note"}
Status apply_sighting_feedback(const Record& r, const json::object& payload, Projections& p) {
  // Named as its reporter knew it (an older node: the indicator as written), kept under today's.
  const std::string id = todays_sighting_id(r.object_id);
  LIAISON_ASSIGN_OR_RETURN(auto s, stored_sighting(p, id));
  if (!s) return no_such("sighting", r.object_id, "sighting");
  if (s->reporter != r.origin) {
    return permission_denied("only the reporting party gives feedback on its sighting");
  }
  auto* fp = payload.if_contains("false_positive");
  if (!fp || !fp->is_bool()) return field_wrong_type("false_positive", "boolean");
  std::string action = str_of(payload, "action");
  if (action != "none" && action != "blocked" && action != "host_cleaned" &&
      action != "case_opened") {
    return invalid_argument("action must be none, blocked, host_cleaned or case_opened", "action");
  }
  std::string note = str_of(payload, "note");
  if (note.size() > 5000) {
    return invalid_argument("note is too long", "note")
        .with_reason(Reason::kTooLong, {{"max", int64_t{5000}}});
  }
  s->feedback = SightingFeedback{fp->get_bool(), action, note, r.created_at};
  s->updated_at = r.created_at;
  return put_doc(p, "sightings", id, to_doc(*s), r);
}

// ---- the record kinds of this file: their declared payloads --------------------------

namespace sc = ledger::schema;
using sc::Field;
using sc::Shape;
using sc::Type;

constexpr std::string_view kTlps[] = {"clear", "green", "amber", "amber+strict", "red"};
constexpr Field kTag{.type = Type::kString, .required = true, .max = 100};
constexpr Field kIndicatorFields[] = {
    {.name = "value", .type = Type::kString, .required = true, .max = 8192},
    {.name = "confidence", .type = Type::kInt, .max = 100},
    {.name = "first_seen", .type = Type::kTime},
    {.name = "last_seen", .type = Type::kTime},
    {.name = "valid_until", .type = Type::kTime},
    {.name = "tags", .type = Type::kArray, .max = 50, .item = &kTag}};
constexpr Shape kIndicator{kIndicatorFields};
constexpr Field kAddedIndicator{.type = Type::kObject, .shape = &kIndicator};
constexpr Field kRemovedIndicator{.type = Type::kString, .required = true, .max = 8192};
constexpr Field kIndicatorSetFields[] = {{.name = "name", .type = Type::kString, .max = 200},
                                         {.name = "description", .type = Type::kText, .max = 5000},
                                         {.name = "tlp", .type = Type::kString, .one_of = kTlps},
                                         {.name = "added",
                                          .type = Type::kArray,
                                          .max = kMaxIndicatorsPerRecord,
                                          .item = &kAddedIndicator},
                                         {.name = "removed",
                                          .type = Type::kArray,
                                          .max = kMaxIndicatorsPerRecord,
                                          .item = &kRemovedIndicator}};
constexpr Field kSightingFields[] = {
    {.name = "set_id", .type = Type::kString, .required = true, .max = 128},
    {.name = "indicator", .type = Type::kString, .required = true, .max = 8192},
    {.name = "count", .type = Type::kInt, .required = true, .min = 1, .max = INT64_MAX},
    {.name = "first_seen", .type = Type::kTime, .required = true},
    {.name = "last_seen", .type = Type::kTime, .required = true},
    {.name = "where", .type = Type::kText, .max = 500}};
constexpr std::string_view kActions[] = {"none", "blocked", "host_cleaned", "case_opened"};
constexpr Field kFeedbackFields[] = {
    {.name = "false_positive", .type = Type::kBool, .required = true},
    {.name = "action", .type = Type::kString, .required = true, .one_of = kActions},
    {.name = "note", .type = Type::kText, .max = 5000}};

constexpr Shape kIndicatorSetShape{kIndicatorSetFields}, kSightingShape{kSightingFields},
    kFeedback{kFeedbackFields};

constexpr ledger::KindSpec kKinds[] = {
    {kIndicatorSet, &kIndicatorSetShape, apply_indicator_set},
    {kSighting, &kSightingShape, apply_sighting},
    {kSightingFeedback, &kFeedback, apply_sighting_feedback},
};
constexpr std::string_view kTables[] = {"indicator_sets", "indicators", "sightings"};

}  // namespace

ledger::KindSet record_kinds() {
  return {.owner = "sharing", .kinds = kKinds, .tables = kTables, .schema = schema_steps()};
}

}  // namespace liaison::sharing
