// The requests capability's record kinds (ledger/kinds.h): requests for assistance, their
// messages and attachments. Applied by requests/apply.cc.
#pragma once

#include <span>

#include "ledger/kinds.h"

namespace liaison::requests {

inline constexpr const char* kRequestDraft = "request.draft";  // requester edits a draft
inline constexpr const char* kRequestEvent = "request.event";  // a state-machine event
// Oral first, written later (docs/HOTLINE.md): the requested party opens a request it took by
// telephone; the requester confirms it in writing.
inline constexpr const char* kRequestOral = "request.oral";
inline constexpr const char* kRequestConfirm = "request.confirm";
inline constexpr const char* kMessagePost = "message.post";      // a message on a thread
inline constexpr const char* kAttachmentAdd = "attachment.add";  // evidence attached
// A step of an attachment's chain of custody (sent, received, downloaded, exported,
// refused), signed by the party that took it.
inline constexpr const char* kAttachmentCustody = "attachment.custody";
// Who works a request on the writing party's side (its assignee), set and changed by that
// party's liaison officers and supervisors; each party writes only its own side.
inline constexpr const char* kRequestAssign = "request.assign";

// These kinds and the tables they write (requests, messages, attachments).
ledger::KindSet record_kinds();

// Its tables, as schema steps (schema.cc).
std::span<const ledger::SchemaStep> schema_steps();

}  // namespace liaison::requests
