// The hotline's record kinds (ledger/kinds.h; docs/HOTLINE.md). Applied by hotline/apply.cc.
#pragma once

#include <span>

#include "ledger/kinds.h"

namespace liaison::hotline {

inline constexpr const char* kPolicyPublish = "policy.publish";  // deadline policy, ladders
inline constexpr const char* kRosterPublish = "roster.publish";  // an on-call schedule
inline constexpr const char* kEscalationOpen = "escalation.open";
inline constexpr const char* kEscalationStep = "escalation.step";  // a ladder rule fired
inline constexpr const char* kEscalationAck = "escalation.ack";
inline constexpr const char* kEscalationResolve = "escalation.resolve";
inline constexpr const char* kHotlineContact = "hotline.contact";  // the hotline log
inline constexpr const char* kDrillStart = "drill.start";
inline constexpr const char* kDrillPage = "drill.page";
inline constexpr const char* kDrillAck = "drill.ack";

// These kinds and the tables they write (policies, rosters, escalations, hotline_contacts,
// drills).
ledger::KindSet record_kinds();

// Its tables, as schema steps (schema.cc).
std::span<const ledger::SchemaStep> schema_steps();

}  // namespace liaison::hotline
