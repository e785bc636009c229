#include "directory/service.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <span>
#include <string_view>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/json_fields.h"
#include "directory/kinds.h"
#include "directory/repository.h"
#include "ledger/canonical_json.h"
#include "ledger/record.h"
#include "node/audit.h"
#include "node/store_helpers.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

// The person's fields: what a create or update record carries.
constexpr const char* kPersonKeys[] = {"name",     "organisation", "tier",
                                       "timezone", "languages",    "channels"};
// Set by the ledger (or computed on read): a document sent back as it was read carries them
// unchanged, which is fine; changing one is not.
constexpr const char* kLedgerKeys[] = {"id",         "party",      "last_verified", "verified_by",
                                       "created_at", "created_by", "updated_at",    "updated_by",
                                       "retired",    "retired_at", "retired_by",    "retire_reason",
                                       "version"};
constexpr const char* kComputedKeys[] = {"stale", "verify_by", "editable"};

bool one_of(std::string_view key, std::span<const char* const> keys) {
  for (const char* k : keys) {
    if (key == k) return true;
  }
  return false;
}

}  // namespace

ContactFreshness contact_freshness(std::string_view last_verified, int64_t verify_days,
                                   TimePoint now) {
  auto at = parse_rfc3339(last_verified);
  if (!at) return {};
  const TimePoint due = *at + std::chrono::days(verify_days);
  return {now > due, format_rfc3339(due)};
}

namespace {

// The entry as the API shows it: its document with `stale`, `verify_by` at the node's time and
// `editable` (the former in *stale, when asked).
std::string with_freshness(Node& node, const directory::Contact& c, bool* stale = nullptr) {
  json::object doc = directory::to_doc(c);
  const ContactFreshness f =
      contact_freshness(c.last_verified, node.config().contact_verify_days, node.clock().now());
  doc["stale"] = f.stale;
  doc["verify_by"] = f.verify_by;
  doc["editable"] = c.party == node.party() && !c.retired;
  if (stale) *stale = f.stale;
  return json::serialize(doc);
}

// The person's fields of `o` (a request body), checked with errors naming the top-level
// field as the console shows it.
Status validate_person(const json::object& o) {
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "name", 200, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "organisation", 200, false));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "timezone", 64, true));
  if (!valid_timezone(std::string(o.at("timezone").get_string()))) {
    return invalid_argument("unknown IANA time zone", "timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  }
  auto* tier = o.if_contains("tier");
  if (!tier || !tier->is_int64() || tier->get_int64() < 1 || tier->get_int64() > 3) {
    return invalid_argument("tier must be 1, 2 or 3", "tier")
        .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
  }
  if (auto* langs = o.if_contains("languages")) {
    if (!langs->is_array()) return field_wrong_type("languages", "array");
    if (langs->get_array().size() > 20)
      return invalid_argument("at most 20 languages", "languages")
          .with_reason(Reason::kTooMany, {{"max", int64_t{20}}});
    size_t i = 0;
    for (const auto& l : langs->get_array()) {
      std::string f = "languages[" + std::to_string(i++) + "]";
      if (!l.is_string() || l.get_string().empty() || l.get_string().size() > 35) {
        return invalid_argument("language must be a BCP 47 tag such as zh-CN", f)
            .with_reason(Reason::kInvalidLanguage);
      }
    }
  }
  if (auto* ch = o.if_contains("channels")) {
    if (!ch->is_array()) return field_wrong_type("channels", "array");
    if (ch->get_array().size() > 20)
      return invalid_argument("at most 20 channels", "channels")
          .with_reason(Reason::kTooMany, {{"max", int64_t{20}}});
    size_t i = 0;
    for (const auto& c : ch->get_array()) {
      std::string f = "channels[" + std::to_string(i++) + "]";
      if (!c.is_object())
        return invalid_argument("channel must be an object", f)
            .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
      for (const auto& kv : c.get_object()) {
        if (kv.key() != "kind" && kv.key() != "value") {
          return invalid_argument("unknown field '" + std::string(kv.key()) + "'",
                                  f + "." + std::string(kv.key()))
              .with_reason(Reason::kUnknownField);
        }
      }
      auto* kind = c.get_object().if_contains("kind");
      auto* value = c.get_object().if_contains("value");
      static const char* kKinds[] = {"email", "phone", "webhook", "signal", "other"};
      bool ok_kind = false;
      if (kind && kind->is_string()) {
        for (const char* k : kKinds) ok_kind = ok_kind || kind->get_string() == k;
      }
      if (!ok_kind) {
        return invalid_argument("channel kind must be email, phone, webhook, signal or other",
                                f + ".kind")
            .with_reason(Reason::kNotOneOf,
                         {{"allowed", std::vector<std::string>{"email", "phone", "webhook",
                                                               "signal", "other"}}});
      }
      if (!value || !value->is_string() || value->get_string().empty() ||
          value->get_string().size() > 500) {
        return invalid_argument("channel value must be a non-empty string", f + ".value")
            .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
      }
    }
  }
  return Status::ok();
}

Status not_own(const std::string& id, const std::string& owner) {
  return Status(StatusCode::kPermissionDenied,
                "directory entry " + id + " is " + owner + "'s: only " + owner +
                    " can change it (read-only here)",
                "party");
}

// The entry, checked to be this party's and not retired.
Result<directory::Contact> own_live_entry(Node& node, store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto c, directory::contact(db, id));
  if (!c) return no_such("contact", id);
  if (c->party != node.party()) return not_own(id, c->party);
  if (c->retired) {
    return failed_precondition("directory entry " + id + " is retired", "retired");
  }
  return std::move(*c);
}

// Appends one directory.contact record of this node for `id`, audits it and returns the
// entry as projected.
Result<directory::Contact> append_contact(Node& node, store::Db& db, const Actor& actor,
                                          const std::string& id, json::object payload,
                                          const std::string& action) {
  payload["by"] = actor.username;
  LIAISON_ASSIGN_OR_RETURN(auto to, directory::other_party_codes(db));
  LIAISON_RETURN_IF_ERROR(append_record(node, db, directory::kDirectoryContact, id, payload, to));
  LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, action, "contact/" + id));
  LIAISON_ASSIGN_OR_RETURN(auto c, directory::contact(db, id));
  if (!c) return internal_error("directory entry " + id + " was not recorded");
  return std::move(*c);
}

// The person's fields of `o`, with the optional ones filled in.
json::object person_of(const json::object& o) {
  json::object c;
  for (const char* k : kPersonKeys) {
    if (auto* v = o.if_contains(k)) c[k] = *v;
  }
  if (!c.contains("organisation")) c["organisation"] = "";
  if (!c.contains("languages")) c["languages"] = json::array();
  if (!c.contains("channels")) c["channels"] = json::array();
  return c;
}

}  // namespace

Result<std::string> create_contact(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kDirectoryMaintainers, actor, "change the directory"));
  if (!body.is_object()) return field_wrong_type("body", "object");
  const json::object& o = body.get_object();
  for (const auto& kv : o) {
    std::string_view k = kv.key();
    if (k == "id")
      return invalid_argument("id is assigned by the server", "id").with_reason(Reason::kReadOnly);
    if (!one_of(k, kPersonKeys) && k != "party" && k != "last_verified" &&
        !one_of(k, kComputedKeys)) {
      return invalid_argument("unknown field '" + std::string(k) + "'", std::string(k))
          .with_reason(Reason::kUnknownField);
    }
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "party", 8, false));
  if (std::string party = str_of(o, "party"); !party.empty() && party != node.party()) {
    return Status(StatusCode::kPermissionDenied,
                  "this node publishes party " + node.party() + "'s entries only; " + party +
                      "'s entries come from " + party + "'s own node",
                  "party");
  }
  LIAISON_RETURN_IF_ERROR(validate_person(o));
  json::object payload{{"event", "create"}, {"contact", person_of(o)}};
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "last_verified", 40, false));
  if (std::string lv = str_of(o, "last_verified"); !lv.empty()) {
    auto at = parse_rfc3339(lv);
    if (!at)
      return invalid_argument("last_verified must be an RFC 3339 time", "last_verified")
          .with_reason(Reason::kInvalidTime);
    if (*at > node.clock().now()) {
      return invalid_argument("last_verified cannot be in the future", "last_verified")
          .with_reason(Reason::kInFuture);
    }
    payload["last_verified"] = format_rfc3339(*at);
  }
  const std::string id = new_uuid();
  directory::Contact made;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(made, append_contact(node, db, actor, id, payload, "contact.create"));
    return Status::ok();
  }));
  return with_freshness(node, made);
}

Result<std::string> update_contact(Node& node, const Actor& actor, const std::string& id,
                                   const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kDirectoryMaintainers, actor, "change the directory"));
  if (!body.is_object()) return field_wrong_type("body", "object");
  directory::Contact updated;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(directory::Contact entry, own_live_entry(node, db, id));
    const json::object doc = directory::to_doc(entry);
    json::object merged = directory::person_doc(entry);
    for (const auto& kv : body.get_object()) {
      std::string_view k = kv.key();
      const std::string key(k);
      if (one_of(k, kPersonKeys)) {
        merged[k] = kv.value();
      } else if (one_of(k, kComputedKeys)) {
        continue;  // computed on read: a document sent back as it was read is fine
      } else if (one_of(k, kLedgerKeys)) {
        if (doc.contains(k) && doc.at(k) == kv.value()) continue;
        if (k == "last_verified") {
          return invalid_argument(
                     "last_verified changes only by a check: POST /contacts/" + id + "/verify", key)
              .with_reason(Reason::kReadOnly);
        }
        if (k == "retired")
          return invalid_argument("retire with DELETE /contacts/" + id, key)
              .with_reason(Reason::kReadOnly);
        return invalid_argument(key + " cannot change", key).with_reason(Reason::kReadOnly);
      } else {
        return invalid_argument("unknown field '" + key + "'", key)
            .with_reason(Reason::kUnknownField);
      }
    }
    LIAISON_RETURN_IF_ERROR(validate_person(merged));
    json::object payload{{"event", "update"}, {"contact", person_of(merged)}};
    LIAISON_ASSIGN_OR_RETURN(updated,
                             append_contact(node, db, actor, id, payload, "contact.update"));
    return Status::ok();
  }));
  return with_freshness(node, updated);
}

Result<std::string> verify_contact(Node& node, const Actor& actor, const std::string& id) {
  LIAISON_RETURN_IF_ERROR(require_role(kDirectoryMaintainers, actor, "change the directory"));
  directory::Contact verified;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(own_live_entry(node, db, id).status());
    LIAISON_ASSIGN_OR_RETURN(
        verified,
        append_contact(node, db, actor, id, json::object{{"event", "verify"}}, "contact.verify"));
    return Status::ok();
  }));
  return with_freshness(node, verified);
}

Status retire_contact(Node& node, const Actor& actor, const std::string& id,
                      const std::string& reason) {
  LIAISON_RETURN_IF_ERROR(require_role(kDirectoryMaintainers, actor, "change the directory"));
  if (reason.size() > 2000) {
    return invalid_argument("reason is too long", "reason")
        .with_reason(Reason::kTooLong, {{"max", int64_t{2000}}});
  }
  for (char ch : reason) {
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
      return invalid_argument("reason must not contain control characters", "reason")
          .with_reason(Reason::kControlCharacters);
    }
  }
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(own_live_entry(node, db, id).status());
    json::object payload{{"event", "retire"}};
    if (!reason.empty()) payload["reason"] = reason;
    return append_contact(node, db, actor, id, payload, "contact.retire").status();
  });
}

Result<std::vector<std::string>> list_contacts(Node& node, const std::string& party, int tier,
                                               std::optional<bool> stale, bool include_retired) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto entries, directory::contacts(db, party, tier, include_retired));
    for (const auto& c : entries) {
      bool is_stale = false;
      std::string doc = with_freshness(node, c, &is_stale);
      if (!stale || *stale == is_stale) out.push_back(std::move(doc));
    }
    return Status::ok();
  }));
  return out;
}

Result<std::string> get_contact(Node& node, const std::string& id) {
  std::optional<directory::Contact> c;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(c, directory::contact(db, id));
    if (!c) return no_such("contact", id);
    return Status::ok();
  }));
  return with_freshness(node, *c);
}

Result<std::vector<std::string>> contact_history(Node& node, const std::string& id) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(bool known, directory::contact_exists(db, id));
    if (!known) return no_such("contact", id);
    LIAISON_ASSIGN_OR_RETURN(auto bodies, directory::contact_record_bodies(db, id));
    for (const auto& body : bodies) {
      LIAISON_ASSIGN_OR_RETURN(ledger::Record r, ledger::record_from_body(body));
      boost::system::error_code ec;
      json::value p = json::parse(r.payload, ec);
      if (ec || !p.is_object()) return internal_error("corrupt record " + r.origin);
      const json::object& po = p.get_object();
      json::object e{{"origin", r.origin},
                     {"seq", r.seq},
                     {"event", str_of(po, "event")},
                     {"at", r.created_at},
                     {"by", str_of(po, "by")}};
      if (po.contains("reason")) e["reason"] = po.at("reason");
      if (po.contains("contact")) e["contact"] = po.at("contact");
      out.push_back(json::serialize(e));
    }
    return Status::ok();
  }));
  return out;
}

Status publish_directory_to(Node& node, store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto entries, directory::live_contacts(db, node.party()));
  for (const auto& c : entries) {
    json::object payload{{"event", "publish"}, {"contact", directory::person_doc(c)}, {"by", ""}};
    if (!c.last_verified.empty()) payload["last_verified"] = c.last_verified;
    LIAISON_RETURN_IF_ERROR(
        append_record(node, db, directory::kDirectoryContact, c.id, payload, {party}));
  }
  return Status::ok();
}

Result<LegacyCarryOver> carry_over_legacy_contacts(Node& node) {
  LegacyCarryOver result;
  std::vector<std::pair<std::string, std::string>> rows;  // id, doc
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(rows, directory::legacy_contact_rows(db));
    return Status::ok();
  }));
  const Actor system{"", Role::kAdministrator, "start-up"};
  for (const auto& [id, text] : rows) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object() || str_of(v.get_object(), "party") != node.party()) {
      ++result.kept;
      continue;
    }
    const json::object& o = v.get_object();
    json::object payload{{"event", "create"}, {"contact", person_of(o)}};
    if (auto lv = parse_rfc3339(str_of(o, "last_verified")); lv && *lv <= node.clock().now()) {
      payload["last_verified"] = format_rfc3339(*lv);
    }
    // One transaction per row: the record and the removal of its row commit together, and a
    // row apply() refuses stays where it is (counted as kept) without holding up the others.
    Status st = node.pool().write([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(bool held, directory::contact_exists(db, id));
      if (!held) {
        LIAISON_RETURN_IF_ERROR(
            append_contact(node, db, system, id, payload, "contact.carry_over").status());
      }
      return directory::delete_legacy_contact(db, id);
    });
    if (st.is_ok()) {
      ++result.carried;
    } else {
      ++result.kept;
    }
  }
  return result;
}

Status directory_on_open(Node& node) {
  // The 24/7 directory of before issue 14 (a local table) becomes this party's signed
  // records once; another party's rows stay in contacts_legacy, theirs to publish.
  LIAISON_ASSIGN_OR_RETURN(LegacyCarryOver carried, carry_over_legacy_contacts(node));
  if (carried.carried > 0) {
    spdlog::info("directory: {} entries of the old local directory signed into records",
                 carried.carried);
  }
  if (carried.kept > 0) {
    spdlog::warn(
        "directory: {} entries of the old local directory were not carried over "
        "(another party's, or refused); they stay in table contacts_legacy",
        carried.kept);
  }
  return Status::ok();
}

}  // namespace liaison::node
