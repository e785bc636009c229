// apply() for the 24/7 directory (issue 14): each party's points of contact are its own
// signed records, addressed to every peer. One writer per entry: the party that created it
// (the origin of its `create`) is the only one whose records may change it; a record of
// another origin for that entry is refused, and so quarantined where it arrives.
#include <boost/json.hpp>
#include <optional>

#include "common/clock.h"
#include "common/json_fields.h"
#include "directory/contact.h"
#include "directory/kinds.h"
#include "ledger/apply_support.h"
#include "ledger/payload_schema.h"

namespace liaison::directory {

namespace json = boost::json;
using ledger::get_object;
using ledger::parse_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;
using ledger::same_as_typed;

namespace {

// The canonical UTC form of a time already checked by the schema ("" stays "").
std::string utc(const std::string& t) {
  auto at = parse_rfc3339(t);
  return at ? format_rfc3339(*at) : "";
}

// Copies the person's fields (already checked by the schema) into the entry.
Status set_contact(Contact& entry, const json::object& c) {
  LIAISON_ASSIGN_OR_RETURN(Contact person, person_from_doc(c));
  entry.name = std::move(person.name);
  entry.organisation = std::move(person.organisation);
  entry.tier = person.tier;
  entry.timezone = std::move(person.timezone);
  entry.languages = std::move(person.languages);
  entry.channels = std::move(person.channels);
  return Status::ok();
}

Result<std::optional<Contact>> stored_contact(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "contacts", id));
  if (!doc) return std::optional<Contact>();
  LIAISON_ASSIGN_OR_RETURN(Contact c, contact_from_doc(*doc));
  return std::optional<Contact>(std::move(c));
}

Status apply_directory_contact(const Record& r, const json::object& payload, Projections& p) {
  const std::string event = str_of(payload, "event");
  const auto* contact = payload.if_contains("contact");
  const bool content = event == "create" || event == "update" || event == "publish";
  if (content && !contact)
    return invalid_argument("a " + event + " carries the contact", "contact");
  if (!content && contact) return invalid_argument("a " + event + " carries no contact", "contact");
  if (payload.contains("last_verified") && event != "create" && event != "publish") {
    return invalid_argument(
        "last_verified is carried by a create or publish only (later checks "
        "are verify records)",
        "last_verified");
  }
  const std::string verified = utc(str_of(payload, "last_verified"));
  if (!verified.empty() && verified > utc(r.created_at)) {
    return invalid_argument("last_verified cannot be later than the entry's record",
                            "last_verified");
  }
  if (payload.contains("reason") && event != "retire") {
    return invalid_argument("reason belongs to a retire", "reason");
  }
  const std::string by = str_of(payload, "by");
  LIAISON_ASSIGN_OR_RETURN(auto prior, stored_contact(p, r.object_id));

  // A publish re-sends an entry's current state to a party added after it was created: the
  // new party starts its copy from it; anywhere the entry is held it changes nothing but the
  // version (and a later check, were it one).
  if (event == "create" || (event == "publish" && !prior)) {
    if (prior) return already_exists("directory entry " + r.object_id + " exists", "id");
    Contact c;
    c.id = r.object_id;
    c.party = r.origin;
    LIAISON_RETURN_IF_ERROR(set_contact(c, contact->get_object()));
    c.last_verified = verified;
    c.created_at = r.created_at;
    c.created_by = by;
    c.updated_at = r.created_at;
    c.updated_by = by;
    return put_doc(p, "contacts", r.object_id, to_doc(c), r);
  }

  if (!prior) return no_such("directory entry", r.object_id);
  Contact c = std::move(*prior);
  const std::string owner = c.party;
  if (owner != r.origin) {
    return Status(StatusCode::kPermissionDenied,
                  "directory entry " + r.object_id + " is " + owner + "'s: only " + owner +
                      " may change it, not " + r.origin,
                  "party");
  }
  if (c.retired) {
    return failed_precondition("directory entry " + r.object_id + " is retired", "retired");
  }
  if (event == "update") {
    LIAISON_RETURN_IF_ERROR(set_contact(c, contact->get_object()));
    c.updated_at = r.created_at;
    c.updated_by = by;
  } else if (event == "publish") {
    LIAISON_RETURN_IF_ERROR(set_contact(c, contact->get_object()));
    if (verified > c.last_verified) c.last_verified = verified;
  } else if (event == "verify") {
    c.last_verified = utc(r.created_at);
    c.verified_by = by;
  } else {  // retire (the schema allows no other event)
    c.retired = true;
    c.retired_at = r.created_at;
    c.retired_by = by;
    c.retire_reason = str_of(payload, "reason");
  }
  c.version += 1;
  return put_doc(p, "contacts", r.object_id, to_doc(c), r);
}

// ---- the declared payload ------------------------------------------------------------

using ledger::schema::Field;
using ledger::schema::Shape;
using ledger::schema::Type;

constexpr std::string_view kEvents[] = {"create", "update", "verify", "retire", "publish"};
constexpr std::string_view kChannelKinds[] = {"email", "phone", "webhook", "signal", "other"};
constexpr Field kLanguage{.type = Type::kString, .required = true, .max = 35};
constexpr Field kChannelFields[] = {
    {.name = "kind", .type = Type::kString, .required = true, .one_of = kChannelKinds},
    {.name = "value", .type = Type::kString, .required = true, .max = 500}};
constexpr Shape kChannel{kChannelFields};
constexpr Field kChannelItem{.type = Type::kObject, .shape = &kChannel};
constexpr Field kPersonFields[] = {
    {.name = "name", .type = Type::kString, .required = true, .max = 200},
    {.name = "organisation", .type = Type::kString, .max = 200},
    {.name = "tier", .type = Type::kInt, .required = true, .min = 1, .max = 3},
    {.name = "timezone", .type = Type::kString, .required = true, .max = 64},
    {.name = "languages", .type = Type::kArray, .max = 20, .item = &kLanguage},
    {.name = "channels", .type = Type::kArray, .max = 20, .item = &kChannelItem}};
constexpr Shape kPerson{kPersonFields};
constexpr Field kContactFields[] = {
    {.name = "event", .type = Type::kString, .required = true, .one_of = kEvents},
    {.name = "contact", .type = Type::kObject, .shape = &kPerson},
    {.name = "last_verified", .type = Type::kTime},
    {.name = "reason", .type = Type::kText, .max = 2000},
    {.name = "by", .type = Type::kString, .max = 64}};
constexpr Shape kContact{kContactFields};

constexpr ledger::KindSpec kDirectoryKinds[] = {
    {kDirectoryContact, &kContact, apply_directory_contact},
};

constexpr std::string_view kTables[] = {"contacts"};

}  // namespace

ledger::KindSet record_kinds() {
  return {
      .owner = "directory", .kinds = kDirectoryKinds, .tables = kTables, .schema = schema_steps()};
}

}  // namespace liaison::directory
