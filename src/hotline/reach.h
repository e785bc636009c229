// Where the hotline meets the notification inbox (inbox/inbox.h): each person paged for an
// escalation step gets a notice in their inbox; when nobody could be reached for a step —
// nobody on call, nobody with a channel, or every page to every channel failed for good —
// the administrators get a notice of high severity (and, by default, an e-mail and a
// webhook); and the inbox's notices go out by e-mail/webhook through the hotline's delivery
// with retries. The engine calls note_page() and check_reach(); src/app/ sets the
// forwarder. Inside the caller's write transaction. Include only from .cc files (Boost.JSON).
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "hotline/escalation.h"
#include "inbox/inbox.h"
#include "node/node.h"
#include "store/db.h"

namespace liaison::model {
struct StoredRequest;
}

namespace liaison::hotline {

// After the engine queued the pages of step `step_key` ("esc:ID:RULE:ROUND") for `users`.
Status note_page(node::Node& node, store::Db& db, const std::string& step_key,
                 const Escalation& esc, int64_t tier, const std::vector<std::string>& users,
                 const std::string& now);

// After the engine paged `users` of tier `tier` because emergency request `request` (its
// projection) arrived: each has the page in their inbox too (event escalation.page,
// params.trigger "arrival", linked to the request), once per request, tier and user. When
// `users` is empty (nobody on call at that tier), the administrators get the nobody-reached
// alert instead (event escalation.unreached, params.trigger "arrival", the request's `ref`).
Status note_arrival_page(store::Db& db, const model::StoredRequest& request, int64_t tier,
                         const std::vector<std::string>& users, const std::string& now);

// After a page `notification_key` failed for good: alerts the administrators when no page of
// its step was delivered or is still being tried.
Status check_reach(node::Node& node, store::Db& db, const std::string& notification_key,
                   const std::string& now);

// inbox::Forwarder: queues the notice on the user's channels ("inbox:KEY:email" …).
Status forward_notice(store::Db& db, const inbox::Notice& n, bool email, bool webhook,
                      const std::string& now);

}  // namespace liaison::hotline
