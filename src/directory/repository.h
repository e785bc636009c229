// The SQL of the 24/7 directory (its projection `contacts`, its records, the table of before
// issue 14), on one connection inside the caller's transaction. Lists leave out a damaged
// entry with a log line; asked for by id, a damaged entry is an internal error naming it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "directory/contact.h"
#include "store/db.h"

namespace liaison::directory {

// Every other party's code: the directory's records go to all of them.
Result<std::vector<std::string>> other_party_codes(store::Db& db);
// Entries: of `party` ("" for all), of `tier` (0 for all), retired ones too when asked; by
// party, tier, name.
Result<std::vector<Contact>> contacts(store::Db& db, const std::string& party, int tier,
                                      bool include_retired);
// This party's (`party`'s) live entries, by id.
Result<std::vector<Contact>> live_contacts(store::Db& db, const std::string& party);
Result<std::optional<Contact>> contact(store::Db& db, const std::string& id);
Result<bool> contact_exists(store::Db& db, const std::string& id);
// The bodies of an entry's directory.contact records, in the order this node stored them.
Result<std::vector<std::string>> contact_record_bodies(store::Db& db, const std::string& id);
// The local directory of before issue 14 (id, doc), if its table is still there.
Result<std::vector<std::pair<std::string, std::string>>> legacy_contact_rows(store::Db& db);
Status delete_legacy_contact(store::Db& db, const std::string& id);

}  // namespace liaison::directory
