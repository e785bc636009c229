// The one function that turns records into projections (brief §4). Local changes and records
// from peers both go through apply(), and `verify` replays it over the whole ledger, so the
// tables are always a function of the signed records. Pure over its Projections argument.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "ledger/projections.h"
#include "ledger/record.h"

namespace liaison::ledger {

// Record kinds.
inline constexpr const char* kRequestDraft = "request.draft";    // requester edits a draft
inline constexpr const char* kRequestEvent = "request.event";    // a state-machine event
// Oral first, written later (docs/HOTLINE.md): the requested party opens a request it took by
// telephone; the requester confirms it in writing.
inline constexpr const char* kRequestOral = "request.oral";
inline constexpr const char* kRequestConfirm = "request.confirm";
inline constexpr const char* kMessagePost = "message.post";      // a message on a thread
inline constexpr const char* kAttachmentAdd = "attachment.add";  // evidence attached
// A step of an attachment's chain of custody (sent, received, downloaded, exported,
// refused), signed by the party that took it.
inline constexpr const char* kAttachmentCustody = "attachment.custody";
inline constexpr const char* kReceipt = "receipt";  // a recipient confirms an origin's chain
inline constexpr const char* kIndicatorSet = "indicator_set.publish";  // a set or its delta
inline constexpr const char* kSighting = "sighting.report";      // hits of a sweep, aggregated
inline constexpr const char* kSightingFeedback = "sighting.feedback";  // false positive / action
// An indicator_set.publish record adds or removes at most this many indicators.
inline constexpr int64_t kMaxIndicatorsPerRecord = 2000;
// The head of this node's audit log, signed into its chain (which its peers hold as headers),
// so a removed tail of the audit log is detected (node/audit.h).
inline constexpr const char* kAuditAnchor = "audit.anchor";
// The hotline (docs/HOTLINE.md).
inline constexpr const char* kPolicyPublish = "policy.publish";        // deadline policy, ladders
inline constexpr const char* kRosterPublish = "roster.publish";        // an on-call schedule
inline constexpr const char* kEscalationOpen = "escalation.open";
inline constexpr const char* kEscalationStep = "escalation.step";      // a ladder rule fired
inline constexpr const char* kEscalationAck = "escalation.ack";
inline constexpr const char* kEscalationResolve = "escalation.resolve";
inline constexpr const char* kHotlineContact = "hotline.contact";      // the hotline log
inline constexpr const char* kDrillStart = "drill.start";
inline constexpr const char* kDrillPage = "drill.page";
inline constexpr const char* kDrillAck = "drill.ack";
// The 24/7 directory: a party's own point of contact, created, updated, verified (confirmed
// with its person) and retired by that party only.
inline constexpr const char* kDirectoryContact = "directory.contact";

// Applies `r` (already verified: signature, chain) to `p`. Enforces "one writer per fact":
// the origin must own the change (requester's content and withdrawal, requested party's
// execution, each party's own messages), and the state machine must allow it. On error
// nothing has been written to `p` that the caller keeps (callers roll back).
// First the ledger's limits and the kind's declared payload (ledger/payload_schema.h), so a
// record this node appends is one every peer of the same version reads.
Status apply(const Record& r, Projections& p);

// True for a record kind apply() knows.
bool known_kind(std::string_view kind);

}  // namespace liaison::ledger
