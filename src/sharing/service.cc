#include "sharing/service.h"

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "sharing/kinds.h"
#include "sharing/repository.h"
#include "sharing/sweep_index.h"
#include "store/records.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

Status require_sharer(const Actor& a) {
  return require_role(kIndicatorSharers, a, "publish indicators");
}

// Indicators as objects: a plain string becomes {"value": s}.
Result<json::array> indicator_objects(const json::value* v, const char* field) {
  json::array out;
  if (!v) return out;
  if (!v->is_array()) return field_wrong_type(field, "array");
  size_t i = 0;
  for (const auto& e : v->get_array()) {
    std::string f = std::string(field) + "[" + std::to_string(i++) + "]";
    if (e.is_string()) {
      out.push_back(json::object{{"value", e}});
    } else if (e.is_object()) {
      out.push_back(e);
    } else {
      return invalid_argument("indicator must be a string or an object", f)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    }
  }
  return out;
}

// Appends the delta as records of at most kIndicatorsPerRecord indicators each, in one
// transaction, addressed to the set's recipients.
Status append_delta(Node& node, store::Db& db, const std::string& id, json::object meta,
                    const json::array& added, const json::array& removed,
                    const std::vector<std::string>& recipients) {
  size_t a = 0, r = 0;
  bool first = true;
  while (first || a < added.size() || r < removed.size()) {
    json::object payload = first ? meta : json::object{};
    json::array add_chunk, rem_chunk;
    while (a < added.size() && add_chunk.size() < kIndicatorsPerRecord)
      add_chunk.push_back(added[a++]);
    while (r < removed.size() && add_chunk.size() + rem_chunk.size() < kIndicatorsPerRecord) {
      rem_chunk.push_back(removed[r++]);
    }
    payload["added"] = std::move(add_chunk);
    payload["removed"] = std::move(rem_chunk);
    LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
    LIAISON_RETURN_IF_ERROR(
        node.ledger().append(db, sharing::kIndicatorSet, id, text, recipients).status());
    first = false;
  }
  return Status::ok();
}

// The set as the API shows it: its document.
Result<std::string> rendered_set(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(sharing::IndicatorSet set, sharing::indicator_set(db, id));
  return json::serialize(sharing::to_doc(set));
}

}  // namespace

Result<std::string> create_indicator_set(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_sharer(actor));
  if (!body.is_object()) return field_wrong_type("body", "object");
  const auto& o = body.get_object();
  for (const auto& kv : o) {
    std::string k(kv.key());
    if (k != "name" && k != "description" && k != "tlp" && k != "recipients" && k != "indicators") {
      return invalid_argument("unknown field '" + k + "'", k).with_reason(Reason::kUnknownField);
    }
  }
  std::vector<std::string> recipients;
  if (auto* r = o.if_contains("recipients")) {
    if (!r->is_array()) return field_wrong_type("recipients", "array");
    LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
    size_t i = 0;
    for (const auto& x : r->get_array()) {
      std::string f = "recipients[" + std::to_string(i++) + "]";
      if (!x.is_string())
        return invalid_argument("party codes are strings", f)
            .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
      std::string code(x.get_string());
      bool known = false;
      for (const auto& p : parties) known = known || (p.code == code && !p.is_local);
      if (!known) {
        return invalid_argument("unknown party '" + code + "'", f)
            .with_reason(Reason::kUnknownPeer, {{"party", code}});
      }
      recipients.push_back(code);
    }
  }
  LIAISON_ASSIGN_OR_RETURN(json::array added,
                           indicator_objects(o.if_contains("indicators"), "indicators"));
  json::object meta;
  for (const char* k : {"name", "description", "tlp"}) {
    if (auto* v = o.if_contains(k)) meta[k] = *v;
  }
  std::string id = new_uuid();
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(append_delta(node, db, id, meta, added, {}, recipients));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "indicator_set.publish", "set/" + id));
    LIAISON_ASSIGN_OR_RETURN(result, rendered_set(db, id));
    return Status::ok();
  }));
  return result;
}

Result<std::string> update_indicator_set(Node& node, const Actor& actor, const std::string& id,
                                         const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_sharer(actor));
  if (!body.is_object()) return field_wrong_type("body", "object");
  const auto& o = body.get_object();
  for (const auto& kv : o) {
    std::string k(kv.key());
    if (k != "add" && k != "remove" && k != "name" && k != "description") {
      return invalid_argument("unknown field '" + k + "'", k).with_reason(Reason::kUnknownField);
    }
  }
  LIAISON_ASSIGN_OR_RETURN(json::array added, indicator_objects(o.if_contains("add"), "add"));
  json::array removed;
  if (auto* r = o.if_contains("remove")) {
    if (!r->is_array()) return field_wrong_type("remove", "array");
    removed = r->get_array();
  }
  json::object meta;
  for (const char* k : {"name", "description"}) {
    if (auto* v = o.if_contains(k)) meta[k] = *v;
  }
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(sharing::IndicatorSet set, sharing::indicator_set(db, id));
    if (set.publisher != node.party()) {
      return permission_denied("only the publisher changes a set");
    }
    LIAISON_RETURN_IF_ERROR(append_delta(node, db, id, meta, added, removed, set.recipients));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "indicator_set.update", "set/" + id));
    LIAISON_ASSIGN_OR_RETURN(result, rendered_set(db, id));
    return Status::ok();
  }));
  return result;
}

Result<ImportReport> import_indicators(Node& node, const Actor& actor, const std::string& id,
                                       const std::string& format, int column,
                                       const std::string& text) {
  if (format != "plain" && format != "ipsum" && format != "spamhaus" && format != "csv") {
    return invalid_argument("format must be plain, ipsum, spamhaus or csv", "format")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"plain", "ipsum", "spamhaus", "csv"}}});
  }
  if (format == "csv" && (column < 1 || column > 1000)) {
    return invalid_argument("csv needs a column from 1", "column").with_reason(Reason::kRequired);
  }
  ImportReport report;
  json::array added;
  std::istringstream in(text);
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view s = line;
    std::string confidence;
    if (format == "csv") {
      size_t start = 0;
      for (int c = 1; c < column && start != std::string_view::npos; ++c) {
        start = s.find(',', start);
        if (start != std::string_view::npos) ++start;
      }
      if (start == std::string_view::npos) {
        report.errors.emplace_back(n, "no column " + std::to_string(column));
        continue;
      }
      s = s.substr(start, s.find(',', start) - start);
      while (!s.empty() && (s.front() == '"' || s.front() == ' ')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == '"' || s.back() == ' ' || s.back() == '\r'))
        s.remove_suffix(1);
    } else {
      if (auto c = s.find_first_of("#;"); c != std::string_view::npos) s = s.substr(0, c);
      if (auto tab = s.find_first_of("\t "); tab != std::string_view::npos) {
        if (format == "ipsum") {
          // IPsum's count column: how many blocklists list the address.
          std::string_view rest = s.substr(tab + 1);
          while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
            rest.remove_prefix(1);
          confidence = std::string(rest.substr(0, rest.find_first_of(" \t\r")));
        }
        s = s.substr(0, tab);
      }
      while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
      if (s.empty()) continue;
    }
    sweep::Index scratch;
    auto ok = scratch.add(s);
    if (!ok.is_ok()) {
      report.errors.emplace_back(n, ok.status().message());
      continue;
    }
    json::object ind{{"value", scratch.indicator(*ok).value}};
    if (!confidence.empty() && confidence.find_first_not_of("0123456789") == std::string::npos &&
        confidence.size() < 4) {
      ind["confidence"] = std::min<int64_t>(100, std::stoll(confidence) * 10);
      ind["tags"] = json::array{"ipsum:" + confidence};
    }
    added.push_back(std::move(ind));
  }
  report.added = static_cast<int64_t>(added.size());
  if (!added.empty()) {
    LIAISON_RETURN_IF_ERROR(
        update_indicator_set(node, actor, id, json::object{{"add", std::move(added)}}).status());
  }
  return report;
}

Result<std::vector<sharing::IndicatorSet>> list_indicator_sets(Node& node) {
  std::vector<sharing::IndicatorSet> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, sharing::indicator_sets(db));
    return Status::ok();
  }));
  return out;
}

Result<std::string> get_indicator_set(Node& node, const std::string& id) {
  json::object set;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(sharing::IndicatorSet typed, sharing::indicator_set(db, id));
    set = sharing::to_doc(typed);
    // Effectiveness: how many indicators were sighted, by whom, false positives, latency.
    LIAISON_ASSIGN_OR_RETURN(auto parties, sharing::sightings_by_party(db, id));
    json::array by_party;
    int64_t sighted = 0, fp = 0, hits = 0;
    double latency_sum = 0;
    for (const auto& p : parties) {
      by_party.push_back(
          json::object{{"party", p.party},
                       {"indicators_sighted", p.indicators_sighted},
                       {"hits", p.hits},
                       {"false_positives", p.false_positives},
                       {"mean_latency_seconds", static_cast<int64_t>(p.mean_latency_seconds)}});
      sighted += p.indicators_sighted;
      hits += p.hits;
      fp += p.false_positives;
      latency_sum += p.mean_latency_seconds * static_cast<double>(p.indicators_sighted);
    }
    const int64_t total = typed.indicator_count;
    json::object eff;
    eff["indicators"] = total;
    eff["sightings"] = sighted;
    eff["hits"] = hits;
    eff["share_sighted"] = total > 0 ? static_cast<int64_t>(sighted * 1000 / total) : 0;  // ‰
    eff["false_positives"] = fp;
    eff["false_positive_rate"] = sighted > 0 ? static_cast<int64_t>(fp * 1000 / sighted) : 0;  // ‰
    eff["mean_feedback_latency_seconds"] =
        sighted > 0 ? static_cast<int64_t>(latency_sum / static_cast<double>(sighted)) : 0;
    eff["by_party"] = std::move(by_party);
    set["effectiveness"] = std::move(eff);
    return Status::ok();
  }));
  return json::serialize(set);
}

Result<std::vector<sharing::Indicator>> list_indicators(Node& node, const std::string& set_id,
                                                        int page, int per_page, int64_t& total) {
  std::vector<sharing::Indicator> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(sharing::indicator_set(db, set_id).status());
    LIAISON_ASSIGN_OR_RETURN(total, sharing::indicator_count(db, set_id));
    LIAISON_ASSIGN_OR_RETURN(
        out, sharing::indicators(db, set_id, per_page, static_cast<int64_t>(page - 1) * per_page));
    return Status::ok();
  }));
  return out;
}

Result<std::unique_ptr<NodeIndex>> build_node_index(Node& node) {
  auto out = std::make_unique<NodeIndex>();
  std::string now = node.now();
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    // First, so that a record applied while the indicators are read makes the index out of
    // date (rebuilt once more) rather than look current without it.
    LIAISON_ASSIGN_OR_RETURN(out->built_after, store::newest_local_order(db));
    return sharing::for_each_live_indicator(
        db, now,
        [&](const std::string& set_id, const std::string& value, const std::string& until) {
          auto id = out->index.add(value);
          if (!id.is_ok()) return;
          out->set_of.set(static_cast<size_t>(*id), set_id);
          if (!until.empty() && (out->expires_at.empty() || until < out->expires_at)) {
            out->expires_at = until;
          }
        });
  }));
  out->index.build();
  return out;
}

Result<std::shared_ptr<const NodeIndex>> cached_node_index(Node& node) {
  // Indicators change only when records are applied, so the newest local_order (and the
  // minute, for indicators whose valid_until passes) says whether the index is current.
  int64_t head = 0;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(head, store::newest_local_order(db));
    return Status::ok();
  }));
  std::string minute = node.now().substr(0, 16);
  struct Entry {
    int64_t head = -1;
    std::string minute;
    std::shared_ptr<const NodeIndex> index;
  };
  static std::mutex mu;
  static std::map<std::string, Entry> cache;  // by database path: one entry per node
  std::lock_guard lock(mu);
  Entry& e = cache[node.pool().path()];
  if (e.index && e.head == head && e.minute == minute) return e.index;
  LIAISON_ASSIGN_OR_RETURN(std::unique_ptr<NodeIndex> fresh, load_node_index(node));
  e = Entry{head, minute, std::shared_ptr<const NodeIndex>(std::move(fresh))};
  return e.index;
}

Result<int64_t> record_sightings(
    Node& node, const Actor& actor,
    const std::map<std::pair<std::string, std::string>, SweepSighting>& hits,
    const std::string& where) {
  int64_t written = 0;
  std::string now = node.now();
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    for (const auto& [key, seen] : hits) {
      const auto& [set_id, value] = key;
      LIAISON_ASSIGN_OR_RETURN(sharing::IndicatorSet set, sharing::indicator_set(db, set_id));
      const std::string& publisher = set.publisher;
      if (publisher == node.party()) continue;  // our own set: nothing to report back
      const bool dated = !seen.first_seen.empty() && !seen.last_seen.empty();
      json::object payload{{"set_id", set_id},
                           {"indicator", value},
                           {"count", static_cast<int64_t>(seen.count)},
                           {"first_seen", dated ? seen.first_seen : now},
                           {"last_seen", dated ? seen.last_seen : now},
                           {"where", where}};
      LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
      LIAISON_RETURN_IF_ERROR(node.ledger()
                                  .append(db, sharing::kSighting,
                                          set_id + ":" + value + ":" + node.party(), text,
                                          {publisher})
                                  .status());
      ++written;
    }
    return audit(db, now, actor, "sweep.sightings", "sightings", std::to_string(written));
  }));
  return written;
}

Result<std::vector<sharing::Sighting>> list_sightings(Node& node, const std::string& set_id) {
  std::vector<sharing::Sighting> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, sharing::sightings(db, set_id));
    return Status::ok();
  }));
  return out;
}

Result<std::string> sighting_feedback(Node& node, const Actor& actor, const std::string& id,
                                      const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_sharer(actor));
  if (!body.is_object()) return field_wrong_type("body", "object");
  json::object payload;
  for (const auto& kv : body.get_object()) {
    std::string k(kv.key());
    if (k != "false_positive" && k != "action" && k != "note") {
      return invalid_argument("unknown field '" + k + "'", k).with_reason(Reason::kUnknownField);
    }
    payload[k] = kv.value();
  }
  if (!payload.contains("action")) payload["action"] = "none";
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(sharing::Sighting s, sharing::sighting(db, id));
    LIAISON_ASSIGN_OR_RETURN(sharing::IndicatorSet set, sharing::indicator_set(db, s.set_id));
    LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
    LIAISON_RETURN_IF_ERROR(
        node.ledger().append(db, sharing::kSightingFeedback, id, text, {set.publisher}).status());
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "sighting.feedback", "sighting/" + id));
    LIAISON_ASSIGN_OR_RETURN(sharing::Sighting after, sharing::sighting(db, id));
    result = json::serialize(sharing::to_doc(after));
    return Status::ok();
  }));
  return result;
}

}  // namespace liaison::node
