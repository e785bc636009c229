// An entry of the 24/7 directory as its projection holds it (the `contacts` table): a point of
// contact of one party, with its tier, time zone, languages and channels, and when it was last
// confirmed with its person. apply() builds and changes it, the repository returns it and the
// service renders it. Converted to and from its stored JSON document only here, so a damaged
// document is one error naming its member. to_doc writes the members the directory has always
// stored, in canonical (sorted) order, so the stored bytes and the API's answers are
// unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::directory {

struct ContactChannel {
  std::string kind;  // email, phone, webhook, signal, other
  std::string value;
};

struct Contact {
  std::string id, party;  // the party whose entry it is (its only writer)
  // The person: what create, update and publish records carry.
  std::string name, organisation;
  int64_t tier = 1;
  std::string timezone;
  std::vector<std::string> languages;
  std::vector<ContactChannel> channels;
  std::string last_verified, verified_by;  // "" when never confirmed
  std::string created_at, created_by, updated_at, updated_by;
  bool retired = false;
  std::string retired_at, retired_by, retire_reason;
  int64_t version = 1;
};

boost::json::object to_doc(const Contact& c);
// The person's fields alone (name, organisation, tier, timezone, languages, channels): what a
// create, update or publish record carries.
boost::json::object person_doc(const Contact& c);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<Contact> contact_from_doc(const boost::json::object& doc);
Result<Contact> contact_from_text(std::string_view text);
// The person's fields of a record's "contact" (already checked by the record's schema).
Result<Contact> person_from_doc(const boost::json::object& person);

}  // namespace liaison::directory
