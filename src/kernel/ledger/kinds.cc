// The record-kind registry and the ledger's own kinds (ledger/kinds.h), and the helpers
// capabilities' apply functions share (ledger/apply_support.h).
#include "ledger/kinds.h"

#include <boost/json.hpp>

#include "common/clock.h"
#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "ledger/canonical_json.h"
#include "ledger/limits.h"
#include "ledger/record_log.h"

namespace liaison::ledger {

namespace json = boost::json;

Result<json::object> parse_object(std::string_view text, const char* what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return invalid_argument(std::string(what) + " is not a JSON object");
  return std::move(v.get_object());
}

std::string record_ref(const Record& r) { return r.origin + ":" + std::to_string(r.seq); }

Status put_doc(Projections& p, const char* table, const std::string& id, const json::object& doc,
               const Record& r) {
  LIAISON_ASSIGN_OR_RETURN(std::string text, canonical_json(doc));
  return p.put(table, id, text, record_ref(r));
}

Result<std::optional<json::object>> get_object(Projections& p, const char* table,
                                               const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto text, p.get(table, id));
  if (!text) return std::optional<json::object>();
  LIAISON_ASSIGN_OR_RETURN(json::object o, parse_object(*text, table));
  return std::optional<json::object>(std::move(o));
}

Status same_as_typed(const json::value& raw, const json::value& typed, const std::string& field) {
  LIAISON_ASSIGN_OR_RETURN(std::string a, canonical_json(raw));
  LIAISON_ASSIGN_OR_RETURN(std::string b, canonical_json(typed));
  if (a != b) {
    return invalid_argument(field + " is not in its canonical form (unknown or redundant members)",
                            field);
  }
  return Status::ok();
}

namespace {

using schema::Field;
using schema::Type;

Status apply_receipt(const Record& r, const json::object& payload, Projections& p) {
  std::string origin = str_of(payload, "origin");
  std::string head = str_of(payload, "head_hash");
  auto* up_to = payload.if_contains("up_to_seq");
  if (origin.empty() || origin == r.origin) return invalid_argument("bad receipt origin", "origin");
  if (!up_to || !up_to->is_int64() || up_to->get_int64() < 1) {
    return invalid_argument("up_to_seq must be a positive integer", "up_to_seq");
  }
  if (head.size() != 64) return invalid_argument("head_hash must be 64 hex digits", "head_hash");
  if (!parse_rfc3339(str_of(payload, "received_at"))) {
    return invalid_argument("received_at must be RFC 3339", "received_at")
        .with_reason(Reason::kInvalidTime);
  }
  json::object doc;
  doc["id"] = record_ref(r);
  doc["receiver"] = r.origin;
  doc["origin"] = origin;
  doc["up_to_seq"] = up_to->get_int64();
  doc["head_hash"] = head;
  doc["received_at"] = str_of(payload, "received_at");
  return put_doc(p, "receipts", record_ref(r), doc, r);
}

constexpr Field kAnchorFields[] = {
    {.name = "audit_seq", .type = Type::kInt, .required = true, .min = 1, .max = INT64_MAX},
    {.name = "audit_hash", .type = Type::kString, .required = true, .max = 64},
    {.name = "anchored_at", .type = Type::kTime, .required = true}};
constexpr schema::Shape kAnchor{kAnchorFields};

// An anchor projects nothing: `verify` reads the latest one from the chain itself.
Status apply_audit_anchor(const Record& r, const json::object& payload, Projections&) {
  if (r.object_id != r.origin + ":audit") {
    return invalid_argument("an audit anchor's object id is PARTY:audit", "object_id");
  }
  if (str_of(payload, "audit_hash").size() != 64) {
    return invalid_argument("audit_hash must be 64 hex digits", "audit_hash");
  }
  return Status::ok();
}

constexpr Field kReceiptFields[] = {
    {.name = "origin", .type = Type::kString, .required = true, .max = 16},
    {.name = "up_to_seq", .type = Type::kInt, .required = true, .min = 1, .max = INT64_MAX},
    {.name = "head_hash", .type = Type::kString, .required = true, .max = 64},
    {.name = "received_at", .type = Type::kTime, .required = true}};
constexpr schema::Shape kReceiptShape{kReceiptFields};

constexpr KindSpec kLedgerKinds[] = {
    {kReceipt, &kReceiptShape, apply_receipt},
    {kAuditAnchor, &kAnchor, apply_audit_anchor},
};
constexpr std::string_view kLedgerTables[] = {"receipts"};

}  // namespace

KindRegistry::KindRegistry() {
  Status st = add({.owner = "ledger", .kinds = kLedgerKinds, .tables = kLedgerTables});
  (void)st;  // an empty registry accepts its first set
}

Status KindRegistry::add(const KindSet& set) {
  for (const KindSpec& k : set.kinds) {
    if (known(k.kind)) {
      return already_exists("record kind '" + std::string(k.kind) + "' of " +
                                std::string(set.owner) + " is already registered",
                            "kind");
    }
  }
  for (std::string_view t : set.tables) {
    if (!owner_of_table(t).empty()) {
      return already_exists("projection table '" + std::string(t) + "' of " +
                                std::string(set.owner) + " is already registered by " +
                                std::string(owner_of_table(t)),
                            "table");
    }
  }
  for (size_t i = 0; i < set.schema.size(); ++i) {
    const SchemaStep& step = set.schema[i];
    bool twice = false;
    for (const SchemaStep& have : schema_) twice = twice || have.name == step.name;
    for (size_t j = 0; j < i; ++j) twice = twice || set.schema[j].name == step.name;
    if (twice) {
      return already_exists("schema step '" + std::string(step.name) + "' of " +
                                std::string(set.owner) + " is already registered",
                            "schema");
    }
  }
  for (const KindSpec& k : set.kinds) kinds_.push_back({set.owner, &k});
  for (const ObserverSpec& o : set.observers) observers_.push_back({set.owner, &o});
  for (const SchemaStep& step : set.schema) {
    schema_.push_back(step);
    schema_owners_.push_back(set.owner);
  }
  for (std::string_view t : set.tables) {
    tables_.push_back(t);
    table_owners_.push_back(set.owner);
  }
  return Status::ok();
}

const KindSpec* KindRegistry::find(std::string_view kind) const {
  for (const Entry& e : kinds_) {
    if (e.spec->kind == kind) return e.spec;
  }
  return nullptr;
}

std::string_view KindRegistry::owner_of_table(std::string_view table) const {
  for (size_t i = 0; i < tables_.size(); ++i) {
    if (tables_[i] == table) return table_owners_[i];
  }
  return {};
}

namespace {

// A record's payload as apply() reads it: a JSON object no deeper than the ledger's limit.
Result<json::value> parse_payload(const Record& r) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = kMaxPayloadDepth;
  json::value v = json::parse(r.payload, ec, {}, opts);
  if (ec || !v.is_object()) {
    return invalid_argument(
        ec == json::error::too_deep
            ? "payload nests deeper than " + std::to_string(kMaxPayloadDepth) + " levels"
            : std::string("payload is not a JSON object"),
        "payload");
  }
  return v;
}

}  // namespace

std::string_view KindRegistry::owner_of_step(std::string_view name) const {
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (schema_[i].name == name) return schema_owners_[i];
  }
  return {};
}

Status KindRegistry::apply(const Record& r, Projections& p) const {
  const KindSpec* spec = find(r.kind);
  if (!spec) return invalid_argument("unknown record kind '" + r.kind + "'", "kind");
  LIAISON_ASSIGN_OR_RETURN(json::value v, parse_payload(r));
  LIAISON_RETURN_IF_ERROR(schema::check_record_limits(r, v));
  if (spec->shape) LIAISON_RETURN_IF_ERROR(schema::check_payload(v.get_object(), *spec->shape));
  LIAISON_RETURN_IF_ERROR(spec->apply(r, v.get_object(), p));
  for (const Observer& o : observers_) {
    if (o.spec->kind == r.kind) LIAISON_RETURN_IF_ERROR(o.spec->apply(r, v.get_object(), p));
  }
  return Status::ok();
}

Status KindRegistry::replay_observers(std::string_view owner, RecordLog& log) const {
  auto watched = [&](std::string_view kind) {
    for (const Observer& o : observers_) {
      if (o.owner == owner && o.spec->kind == kind) return true;
    }
    return false;
  };
  return log.for_each_record(
      [&](const Record& r) -> Status {
        if (r.redacted || !watched(r.kind)) return Status::ok();
        auto v = parse_payload(r);
        if (!v.is_ok()) return Status::ok();  // apply() never took it either
        for (const Observer& o : observers_) {
          if (o.owner == owner && o.spec->kind == r.kind) {
            LIAISON_RETURN_IF_ERROR(o.spec->apply(r, v->get_object(), log.projections()));
          }
        }
        return Status::ok();
      },
      [](const std::string&, int64_t, const std::string&) { return Status::ok(); });
}

}  // namespace liaison::ledger
