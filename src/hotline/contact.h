// One entry of the hotline log as its projection holds it (the `hotline_contacts` table): a
// call, video call, e-mail, chat or meeting between two parties' people at a tier. apply()
// builds it, the repository returns it and the service and routes render it. Converted to and
// from its stored JSON document only here, so a damaged document is one error naming its
// member. to_doc writes the members the hotline has always stored, in canonical (sorted)
// order, so the stored bytes and the API's answers are unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::hotline {

// A caller or callee: a party and a person's name.
struct ContactPerson {
  std::string party, name;
};

struct ActionItem {
  std::string text, owner, due;  // due: a date or an RFC 3339 time, "" when none
};

struct HotlineContact {
  std::string id, party;  // the party that logged it
  int64_t tier = 1;
  ContactPerson caller, callee;
  std::string channel;  // phone, video, email, secure_chat, in_person
  std::string started_at, answered_at, ended_at;
  std::vector<std::string> request_ids;
  std::string summary;
  std::vector<ActionItem> action_items;
  std::string escalation_id;
  bool drill = false;
  std::string logged_by, created_at;
};

boost::json::object to_doc(const HotlineContact& c);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<HotlineContact> hotline_contact_from_doc(const boost::json::object& doc);
Result<HotlineContact> hotline_contact_from_text(std::string_view text);

}  // namespace liaison::hotline
