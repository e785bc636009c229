// The ledger's own limits: the one source every other limit on a record's way derives from
// (the API's JSON reader, the federation reader and writer, the batcher). A record that
// append() accepted therefore always fits on the wire and parses on every peer of the same
// version; tests send records at exactly these limits across a real federation link.
// Constants only; include anywhere.
#pragma once

#include <cstddef>

namespace liaison::ledger {

// Nesting of a payload, counted as Boost.JSON counts it: the payload object itself is 1,
// {"a": {}} is 2. The deepest payload written today (an escalation's ladder: rules,
// targets) is 6; the rest is room for capabilities to come.
inline constexpr int kMaxPayloadDepth = 12;
// Bytes of a payload's canonical text.
inline constexpr std::size_t kMaxPayloadBytes = 1u << 20;
// Bytes of any one string inside a payload (field schemas set smaller ones).
inline constexpr std::size_t kMaxStringBytes = 64u << 10;
// Header members that are not payload.
inline constexpr std::size_t kMaxKindBytes = 64;
inline constexpr std::size_t kMaxObjectIdBytes = 256;
inline constexpr std::size_t kMaxRecipients = 32;
inline constexpr std::size_t kMaxPartyCodeBytes = 16;

// What wraps a payload on the wire: a push or pull body {"records": [ {"record": {"content":
// {"payload": …}}} ]} adds the body object, the array, the wire object, the record and its
// content — five levels.
inline constexpr int kWireWrapDepth = 5;
inline constexpr int kMaxWireDepth = kMaxPayloadDepth + kWireWrapDepth;
// A record's bytes on the wire beside its payload: header, kind, object id, recipients,
// hash, signature and the JSON around them.
inline constexpr std::size_t kRecordOverheadBytes =
    1024 + kMaxKindBytes + kMaxObjectIdBytes + kMaxRecipients * (kMaxPartyCodeBytes + 3);
inline constexpr std::size_t kMaxRecordWireBytes = kMaxPayloadBytes + kRecordOverheadBytes;

// The batcher fills a push up to kPushBudgetBytes and always sends at least one record, so a
// push body is at most the budget plus one largest record; the receiver reads up to that.
inline constexpr std::size_t kPushBudgetBytes = 768u << 10;
inline constexpr std::size_t kMaxPushBodyBytes = kPushBudgetBytes + kMaxRecordWireBytes + 1024;
// A pull answer is filled up to kPullBudgetBytes (plus, again, one record at most).
inline constexpr std::size_t kPullBudgetBytes = 4u << 20;
inline constexpr std::size_t kMaxPullBodyBytes = kPullBudgetBytes + kMaxRecordWireBytes + 1024;

// An API body becomes a payload (or a payload's member), so no body deeper than a payload
// can become a record; append() still checks the payload itself.
inline constexpr int kMaxApiBodyDepth = kMaxPayloadDepth;

static_assert(kMaxWireDepth <= 64, "Boost.JSON's parser needs a bounded depth");
static_assert(kMaxStringBytes < kMaxPayloadBytes);

}  // namespace liaison::ledger
