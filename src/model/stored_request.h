// A request as its projection keeps it (the `requests` table's document): its content,
// where the state machine stands, the times the deadline clocks read, the oral call and each
// party's assignee. The requests capability's apply() writes it; the requests services, the
// hotline (through its case feed) and the reports read it. JSON only at the edges: from_doc /
// to_doc convert the row's document, which is also what GET /requests/{id} answers. Pure;
// thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/request.h"

namespace liaison::model {

// A span during which the request waited for the requester (needs_info); `to` empty while it
// still does.
struct Pause {
  std::string from, to;
  bool operator==(const Pause&) const = default;
};

struct Refusal {
  RefusalGround ground = RefusalGround::kOther;
  std::string reason, at;
  bool operator==(const Refusal&) const = default;
};

// Who works the request on one party's side, who set it and when.
struct Assignee {
  std::string username, name, by, at;
  bool operator==(const Assignee&) const = default;
};

// The telephone call a request taken orally came in (request.oral).
struct OralCall {
  struct Caller {
    std::string party, name, organisation, phone;
    bool operator==(const Caller&) const = default;
  } caller;
  std::string taken_by, called_at, summary, contact_id;
  std::string recorded_at;  // the oral record's time
  bool operator==(const OralCall&) const = default;
};

struct StoredRequest {
  std::string id;
  RequestContent content;
  RequestStatus status;
  std::string created_at, updated_at;
  // When each step happened ("" until it does), RFC 3339 UTC.
  std::string submitted_at, acknowledged_at, preserved_at, fulfilled_at, closed_at;
  std::string first_reply_at;  // the requested party's first substantive reply
  std::string preserved_until, postponed_until, paused_since;
  std::string withdrawal_reason, info_request_reason, postpone_reason;
  std::string requested_ref;  // the requested party's reference
  int64_t submit_seq = 0;     // the submission's seq in the requester's chain
  std::vector<Pause> pauses;
  int64_t paused_seconds = 0;
  std::optional<Refusal> refusal;
  std::optional<int> rating;
  // Oral first, written later: the call, then the written confirmation's time and note.
  std::optional<OralCall> oral;
  std::string written_confirmed_at;
  std::optional<std::string> written_confirmation_note;  // set by the confirmation
  std::map<std::string, Assignee> assignees;             // by party code
  bool assigned_ever = false;  // the document has `assignees` from the first assignment on

  State state() const { return status.state; }
  bool is_draft() const { return status.state == State::kDraft; }
  bool has_party(std::string_view party) const {
    return party == content.requesting_party || party == content.requested_party;
  }
  // The party on the other side from `self` (a party to the request).
  const std::string& other_party(std::string_view self) const {
    return self == content.requesting_party ? content.requested_party : content.requesting_party;
  }
  // Whom the records about it are addressed to from `self`: the other party, nobody while
  // it is a draft (drafts stay local).
  std::vector<std::string> recipients(std::string_view self) const {
    if (is_draft()) return {};
    return {other_party(self)};
  }
  // This party's assignee's username, or "".
  std::string assignee_of(const std::string& party) const {
    auto it = assignees.find(party);
    return it == assignees.end() ? std::string() : it->second.username;
  }
  bool operator==(const StoredRequest&) const = default;
};

// A projection row's document as a typed value; invalid_argument naming the member when it
// is damaged (a background reader logs and skips it).
Result<StoredRequest> request_from_doc(const boost::json::object& doc);
Result<StoredRequest> request_from_text(std::string_view text);

// The document a projection row holds (and the API answers): the content's members at the
// top level, with the checklist's completeness derived from it.
boost::json::object to_doc(const StoredRequest& r);

}  // namespace liaison::model
