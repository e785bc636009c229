// The 24/7 point-of-contact directory (brief §3.2, issue 14): each party's people by tier,
// with time zone, languages, channels and when each entry was last confirmed with its person.
// An entry is its owner's signed directory.contact records (create, update, verify, retire),
// addressed to every other party, so both sides see the same directory; the `contacts`
// table is their projection (written by apply() only). Only the owner party changes an
// entry: another party's entries are read-only here (permission_denied naming `party`).
// Thread-safe through the node's pool.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::store {
class Db;
}

namespace liaison::node {

// Who keeps the directory: they change entries, record checks, and are reminded of stale
// ones (the HTTP routes and the hotline engine both take them from here).
inline constexpr RoleSet kDirectoryMaintainers{Role::kAdministrator, Role::kLiaisonOfficer};

// Whether an entry needs verifying again: it never was, or its last_verified is more than
// `verify_days` before `now`. `verify_by` is when it turns stale (RFC 3339), empty when it
// was never verified.
struct ContactFreshness {
  bool stale = true;
  std::string verify_by;
};
ContactFreshness contact_freshness(std::string_view last_verified, int64_t verify_days,
                                   TimePoint now);

// Validates a contact body (full for create, partial over the stored one for update);
// errors name the field. `party`, when given, must be this node's party. `last_verified` on
// create records a check made before the entry was signed (not later than now); afterwards
// only verify_contact moves it. Returns the document as list_contacts shows it.
Result<std::string> create_contact(Node& node, const Actor& actor, const boost::json::value& body);
Result<std::string> update_contact(Node& node, const Actor& actor, const std::string& id,
                                   const boost::json::value& body);
// Records that the entry was checked with its person now: last_verified becomes the verify
// record's time (audited as contact.verify).
Result<std::string> verify_contact(Node& node, const Actor& actor, const std::string& id);
// Retires the entry: kept (with its history) but hidden from lists unless asked for.
// A retired entry cannot be changed (failed_precondition).
Status retire_contact(Node& node, const Actor& actor, const std::string& id,
                      const std::string& reason = "");
// Entries by party and tier (empty, 0: all), by staleness when `stale` is set, retired ones
// only with `include_retired`. Every document returned (here and by create/update/verify)
// carries `stale` and `verify_by`, computed at the node's time from [directory] verify_days,
// and `editable` (the entry is this party's); they are not stored.
Result<std::vector<std::string>> list_contacts(Node& node, const std::string& party, int tier,
                                               std::optional<bool> stale = std::nullopt,
                                               bool include_retired = false);
// One entry (retired or not), as list_contacts shows it.
Result<std::string> get_contact(Node& node, const std::string& id);
// The entry's records, oldest first: {origin, seq, event, at, by, reason?}.
Result<std::vector<std::string>> contact_history(Node& node, const std::string& id);

// Sends this party's live entries, as they stand, to `party` (a party just added: records
// written before it was known were not addressed to it), as directory.contact `publish`
// records inside the caller's write transaction. Run by Node::add_party.
Status publish_directory_to(Node& node, store::Db& db, const std::string& party);

// What carry_over_legacy_contacts did.
struct LegacyCarryOver {
  int carried = 0;  // rows of this party signed into create records (and removed)
  int kept = 0;     // rows of other parties left in contacts_legacy (theirs to publish)
};
// Before issue 14 the directory was a local table; migration 9 kept it as contacts_legacy.
// Signs each of this party's rows into a directory.contact create record (same id, same
// fields, its last_verified kept) and removes the row in the same transaction, so running
// it again does nothing. Run by Node::open.
Result<LegacyCarryOver> carry_over_legacy_contacts(Node& node);
// The directory's step when a node opens (src/app/): the carry-over above, logged.
Status directory_on_open(Node& node);

}  // namespace liaison::node
