#include "node/contacts.h"

#include <boost/json.hpp>
#include <string_view>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "node/audit.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

// Whether an entry needs verifying again: it never was, or its last_verified is more than
// `verify_days` before `now`. `verify_by` is when it turns stale (RFC 3339), empty when it
// was never verified.
struct ContactFreshness {
  bool stale = true;
  std::string verify_by;
};
ContactFreshness contact_freshness(std::string_view last_verified, int64_t verify_days,
                                   TimePoint now) {
  auto at = parse_rfc3339(last_verified);
  if (!at) return {};
  const TimePoint due = *at + std::chrono::days(verify_days);
  return {now > due, format_rfc3339(due)};
}

// The document as the API shows it: with `stale` and `verify_by` at the node's time (and
// the former in *stale, when asked).
std::string with_freshness(Node& node, const std::string& text, bool* stale = nullptr) {
  json::object doc = json::parse(text).as_object();
  auto* lv = doc.if_contains("last_verified");
  const ContactFreshness f =
      contact_freshness(lv && lv->is_string() ? std::string_view(lv->get_string()) : "",
                        node.config().contact_verify_days, node.clock().now());
  doc["stale"] = f.stale;
  doc["verify_by"] = f.verify_by;
  if (stale) *stale = f.stale;
  return json::serialize(doc);
}

Status validate(Node& node, const json::object& o) {
  static const char* kKeys[] = {"id",        "party",    "name",     "organisation", "tier",
                                "timezone",  "languages", "channels", "last_verified"};
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : kKeys) known = known || kv.key() == k;
    if (!known) return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key());
  }
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "party", 8, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "name", 200, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "organisation", 200, false));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "timezone", 64, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "last_verified", 40, false));
  std::string party(o.at("party").get_string());
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  bool known = false;
  for (const auto& p : parties) known = known || p.code == party;
  if (!known) return invalid_argument("unknown party '" + party + "'", "party");
  if (!valid_timezone(std::string(o.at("timezone").get_string()))) {
    return invalid_argument("unknown IANA time zone", "timezone");
  }
  auto* tier = o.if_contains("tier");
  if (!tier || !tier->is_int64() || tier->get_int64() < 1 || tier->get_int64() > 3) {
    return invalid_argument("tier must be 1, 2 or 3", "tier");
  }
  if (auto* lv = o.if_contains("last_verified");
      lv && !lv->get_string().empty() && !parse_rfc3339(lv->get_string())) {
    return invalid_argument("last_verified must be an RFC 3339 time", "last_verified");
  }
  if (auto* langs = o.if_contains("languages")) {
    if (!langs->is_array()) return invalid_argument("languages must be an array", "languages");
    size_t i = 0;
    for (const auto& l : langs->get_array()) {
      std::string f = "languages[" + std::to_string(i++) + "]";
      if (!l.is_string() || l.get_string().empty() || l.get_string().size() > 35) {
        return invalid_argument("language must be a BCP 47 tag such as zh-CN", f);
      }
    }
  }
  if (auto* ch = o.if_contains("channels")) {
    if (!ch->is_array()) return invalid_argument("channels must be an array", "channels");
    size_t i = 0;
    for (const auto& c : ch->get_array()) {
      std::string f = "channels[" + std::to_string(i++) + "]";
      if (!c.is_object()) return invalid_argument("channel must be an object", f);
      auto* kind = c.get_object().if_contains("kind");
      auto* value = c.get_object().if_contains("value");
      static const char* kKinds[] = {"email", "phone", "webhook", "signal", "other"};
      bool ok_kind = false;
      if (kind && kind->is_string()) {
        for (const char* k : kKinds) ok_kind = ok_kind || kind->get_string() == k;
      }
      if (!ok_kind) return invalid_argument("channel kind must be email, phone, webhook, signal or other", f + ".kind");
      if (!value || !value->is_string() || value->get_string().empty() ||
          value->get_string().size() > 500) {
        return invalid_argument("channel value must be a non-empty string", f + ".value");
      }
    }
  }
  return Status::ok();
}

// The stored document of entry `id`, or not_found.
Result<json::object> contact_doc(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("SELECT doc FROM contacts WHERE id=?"));
  q.bind(1, id);
  LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return not_found("no contact " + id, "id");
  return json::parse(q.text(0)).as_object();
}

Result<std::string> store_contact(Node& node, const Actor& actor, const std::string& id,
                                  json::object doc, bool create) {
  doc["id"] = id;
  doc.erase("stale");  // (computed on read: a document sent back as it was read is fine)
  doc.erase("verify_by");
  if (!doc.contains("languages")) doc["languages"] = json::array();
  if (!doc.contains("channels")) doc["channels"] = json::array();
  if (!doc.contains("organisation")) doc["organisation"] = "";
  if (!doc.contains("last_verified")) doc["last_verified"] = "";
  LIAISON_RETURN_IF_ERROR(validate(node, doc));
  LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(doc));
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare(create ? "INSERT INTO contacts(id, doc) VALUES(?,?)"
                                         : "UPDATE contacts SET doc=?2 WHERE id=?1"));
    q.bind(1, id).bind(2, text);
    LIAISON_RETURN_IF_ERROR(q.run());
    if (!create && db.changes() == 0) return not_found("no contact " + id, "id");
    return audit(db, node.now(), actor, create ? "contact.create" : "contact.update",
                 "contact/" + id);
  }));
  return with_freshness(node, text);
}

}  // namespace

Result<std::string> create_contact(Node& node, const Actor& actor, const json::value& body) {
  if (!body.is_object()) return invalid_argument("body must be an object", "body");
  json::object o = body.get_object();
  if (o.contains("id")) return invalid_argument("id is assigned by the server", "id");
  return store_contact(node, actor, new_uuid(), std::move(o), true);
}

Result<std::string> update_contact(Node& node, const Actor& actor, const std::string& id,
                                   const json::value& body) {
  if (!body.is_object()) return invalid_argument("body must be an object", "body");
  json::object doc;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(doc, contact_doc(db, id));
    return Status::ok();
  }));
  for (const auto& kv : body.get_object()) {
    if (kv.key() == "id") {
      if (!kv.value().is_string() || kv.value().get_string() != id) {
        return invalid_argument("id cannot change", "id");
      }
      continue;
    }
    doc[kv.key()] = kv.value();
  }
  return store_contact(node, actor, id, std::move(doc), false);
}

Result<std::string> verify_contact(Node& node, const Actor& actor, const std::string& id) {
  std::string text;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(json::object doc, contact_doc(db, id));
    doc["last_verified"] = node.now();
    LIAISON_ASSIGN_OR_RETURN(text, ledger::canonical_json(doc));
    LIAISON_ASSIGN_OR_RETURN(store::Stmt u, db.prepare("UPDATE contacts SET doc=?2 WHERE id=?1"));
    u.bind(1, id).bind(2, text);
    LIAISON_RETURN_IF_ERROR(u.run());
    return audit(db, node.now(), actor, "contact.verify", "contact/" + id);
  }));
  return with_freshness(node, text);
}

Status delete_contact(Node& node, const Actor& actor, const std::string& id) {
  return node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare("DELETE FROM contacts WHERE id=?"));
    q.bind(1, id);
    LIAISON_RETURN_IF_ERROR(q.run());
    if (db.changes() == 0) return not_found("no contact " + id, "id");
    return audit(db, node.now(), actor, "contact.delete", "contact/" + id);
  });
}

Result<std::vector<std::string>> list_contacts(Node& node, const std::string& party, int tier,
                                               std::optional<bool> stale) {
  std::vector<std::string> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(
        store::Stmt q, db.prepare("SELECT doc FROM contacts WHERE (?1 = '' OR party = ?1) AND "
                                  "(?2 = 0 OR tier = ?2) ORDER BY party, tier, "
                                  "json_extract(doc, '$.name')"));
    q.bind(1, party).bind(2, tier);
    for (;;) {
      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
      if (!row) break;
      bool is_stale = false;
      std::string doc = with_freshness(node, q.text(0), &is_stale);
      if (!stale || *stale == is_stale) out.push_back(std::move(doc));
    }
    return Status::ok();
  }));
  return out;
}

}  // namespace liaison::node
