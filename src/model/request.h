// The request-for-assistance domain (brief §3.1): types, identifiers, bilingual text, the
// per-type checklist and the state machine. Plain structs and pure functions, no I/O, no
// clock: callers pass times in. Thread-safe because nothing here has state.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace liaison::model {

// ---- enumerations (each has a stable wire name; parse_* reject unknown names) -------------

enum class RequestType {
  kPreservation,            // "preservation"  (Budapest Art. 29 / 18 USC 2703(f))
  kExpeditedTrafficData,    // "expedited_traffic_data" (Budapest Art. 30)
  kStoredDataProduction,    // "stored_data_production"
  kEmergencyDisclosure,     // "emergency_disclosure"
  kLocateIdentify,          // "locate_identify"
  kTechnicalAdvice,         // "technical_advice"
  kLeadSharing,             // "lead_sharing"
  kCriticalInfrastructure,  // "ci_incident_assistance"
  kTakedownMitigation,      // "takedown_mitigation"
  kFormalMla,               // "formal_mla"
};
inline constexpr int kRequestTypeCount = 10;

enum class Priority { kP0, kP1, kP2, kP3 };  // "P0" emergency … "P3" formal MLA

enum class PriorityArea {
  kHacking,                 // "hacking"
  kFraud,                   // "fraud"  (online, e-mail and phishing fraud)
  kCsam,                    // "csam"
  kTerrorism,               // "terrorism" (misuse of technology for violent terrorism)
  kIpTheft,                 // "ip_theft"
  kDarknetTrade,            // "darknet_trade" (drugs and guns)
  kCriticalInfrastructure,  // "critical_infrastructure"
  kOther,                   // "other"
};

enum class Confidentiality {
  kStandard,      // "standard"
  kConfidential,  // "confidential": do not disclose beyond the executing authority
  kDoNotNotify,   // "do_not_notify": the subject must not learn of the request
};

enum class DataCategory { kSubscriber, kTraffic, kContent, kLocation, kFinancial, kDevice };
// wire: "subscriber", "traffic", "content", "location", "financial", "device"

enum class IdentifierKind {
  kIpv4,
  kIpv6,
  kDomain,
  kUrl,
  kEmail,
  kAccount,
  kPhone,
  kWallet,
  kHash,
};  // wire: "ipv4","ipv6","domain","url","email","account","phone","wallet","hash"

enum class State {
  kDraft,               // "draft": requester's local draft, not shared yet
  kSubmitted,           // "submitted": sent to the requested party
  kAcknowledged,        // "acknowledged": the requested party took it on
  kInProgress,          // "in_progress": being executed
  kPreserved,           // "preserved": data preserved (preservation requests and others)
  kNeedsInfo,           // "needs_info": waiting for the requester; the clock is paused
  kPostponed,           // "postponed": execution postponed until a date, with a reason
  kPartiallyFulfilled,  // "partially_fulfilled"
  kFulfilled,           // "fulfilled"
  kRefused,             // "refused": with grounds
  kWithdrawn,           // "withdrawn": by the requester, with a reason
  kClosed,              // "closed": by the requester, with a quality rating
};
inline constexpr int kStateCount = 12;

enum class Event {
  kSubmit,            // "submit"            requester: draft -> submitted (checklist complete)
  kAcknowledge,       // "acknowledge"       requested
  kStart,             // "start"             requested
  kConfirmPreserved,  // "confirm_preserved" requested (needs preserved_until)
  kRequestInfo,       // "request_info"      requested (needs reason)
  kProvideInfo,       // "provide_info"      requester (returns to the state before needs_info)
  kPostpone,          // "postpone"          requested (needs until + reason)
  kResume,            // "resume"            requested
  kFulfilPartially,   // "fulfil_partially"  requested
  kFulfil,            // "fulfil"            requested
  kRefuse,            // "refuse"            requested (needs grounds)
  kWithdraw,          // "withdraw"          requester (needs reason), from any non-final state
  kClose,             // "close"             requester (needs rating 1..5)
};
inline constexpr int kEventCount = 13;

// Which side of a request an actor is on.
enum class Side { kRequester, kRequested };

enum class RefusalGround {
  kDualCriminality,      // "dual_criminality"
  kPoliticalOffence,     // "political_offence"
  kSovereigntySecurity,  // "sovereignty_security" (sovereignty, security, ordre public)
  kInsufficientInfo,     // "insufficient_information"
  kDataUnavailable,      // "data_unavailable" (no longer held / never held)
  kOutOfScope,           // "out_of_scope"
  kOther,                // "other" (reason text required)
};

const char* to_string(RequestType v);
const char* to_string(Priority v);
const char* to_string(PriorityArea v);
const char* to_string(Confidentiality v);
const char* to_string(DataCategory v);
const char* to_string(IdentifierKind v);
const char* to_string(State v);
const char* to_string(Event v);
const char* to_string(Side v);
const char* to_string(RefusalGround v);
std::optional<RequestType> parse_request_type(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<PriorityArea> parse_priority_area(std::string_view s);
std::optional<Confidentiality> parse_confidentiality(std::string_view s);
std::optional<DataCategory> parse_data_category(std::string_view s);
std::optional<IdentifierKind> parse_identifier_kind(std::string_view s);
std::optional<State> parse_state(std::string_view s);
std::optional<Event> parse_event(std::string_view s);
std::optional<RefusalGround> parse_refusal_ground(std::string_view s);

std::vector<RequestType> all_request_types();
std::vector<State> all_states();
std::vector<Event> all_events();

// ---- value types -----------------------------------------------------------------------

// A text with its original language and an optional translation (BCP 47 tags like "zh-CN").
struct BilingualText {
  std::string original;
  std::string lang;  // language of `original`
  std::string translation;
  std::string translation_lang;
  bool empty() const { return original.empty(); }
  bool operator==(const BilingualText&) const = default;
};

// A typed identifier of a subject. IP identifiers may carry a port and an observation time
// (RFC 3339 UTC), which providers need to resolve carrier-grade NAT.
struct Identifier {
  IdentifierKind kind = IdentifierKind::kIpv4;
  std::string value;        // normalised by validate_identifier()
  std::optional<int> port;  // 0..65535, IP kinds only
  std::string observed_at;  // RFC 3339 UTC "2026-11-21T05:50:00Z", or empty
  std::string note;         // free text, e.g. "login IP"
  bool operator==(const Identifier&) const = default;
};

// Validates and normalises an identifier in place (IPv4, IPv6, domain, URL, e-mail and hash in
// the canonical text of ident/ident.h, which indicator sets share: lower-cased domains and
// e-mail addresses, canonical IPv6 text, hash lower-case hex of length 32/40/64/128; phone
// E.164 "+8613…", URL with http/https/ftp scheme and a host, wallet: BTC base58/bech32 or ETH 0x+40
// hex, account: non-empty "service:name" or free text ≤ 256). `field` is the JSON path used in the
// error (e.g. "identifiers[2]"), the error's field is field + ".value" / ".port" / ….
Status validate_identifier(Identifier& id, const std::string& field);

// The content of a request, owned by the requesting party.
struct RequestContent {
  RequestType type = RequestType::kPreservation;
  Priority priority = Priority::kP2;
  PriorityArea priority_area = PriorityArea::kOther;
  std::string requesting_party;  // party code, e.g. "CN"
  std::string requested_party;   // party code, e.g. "US"
  BilingualText title;
  BilingualText requesting_authority;  // authority, unit and contact
  BilingualText legal_basis;
  BilingualText offence;  // offence and summary of the facts
  BilingualText data_sought;
  BilingualText data_link;            // link between the data sought and the offence
  BilingualText custodian;            // custodian of the data / its location
  BilingualText necessity;            // why it is needed (and why urgently)
  std::optional<bool> mla_to_follow;  // unset = not stated
  std::vector<DataCategory> data_categories;
  std::vector<Identifier> identifiers;
  Confidentiality confidentiality = Confidentiality::kStandard;
  std::string respond_by;     // requester's wished date, RFC 3339 UTC, or empty
  std::string requester_ref;  // requester's reference number
  bool operator==(const RequestContent&) const = default;
};

// ---- checklist ---------------------------------------------------------------------------

// Checklist items (wire names): "title", "requesting_authority", "legal_basis", "offence",
// "data_sought", "data_link", "custodian", "necessity", "mla_to_follow", "data_categories",
// "identifiers".
struct ChecklistItem {
  std::string item;  // wire name, also the JSON field it is about
  bool satisfied = false;
};
struct Completeness {
  std::vector<ChecklistItem> items;  // the required items of the type, in a stable order
  std::vector<std::string> missing;  // wire names of unsatisfied items
  int score = 0;                     // 0..100: satisfied*100/required, rounded down
  bool complete() const { return missing.empty(); }
};
// Required items per type. Preservation follows Budapest Convention Art. 29(2): requesting
// authority, offence and facts, data sought and its link, custodian/location, necessity,
// MLA to follow; plus title and at least one identifier.
std::vector<std::string> required_items(RequestType type);
Completeness assess(const RequestContent& content);

// Full validation of content (types, enum values, identifiers, lengths, parties differ).
// Does not require completeness: drafts may be incomplete but must be well-formed.
Status validate_content(RequestContent& content);

// ---- state machine -----------------------------------------------------------------------

// Arguments an event may carry; which are required depends on the event.
struct EventArgs {
  std::string reason;                   // request_info, postpone, withdraw, refuse(other)
  std::optional<RefusalGround> ground;  // refuse
  std::string until;                    // postpone: RFC 3339 UTC
  std::string preserved_until;          // confirm_preserved: RFC 3339 UTC
  std::optional<int> rating;            // close: 1..5
  std::string requested_ref;            // acknowledge: the requested party's reference
  bool operator==(const EventArgs&) const = default;
};

// The part of a request the state machine looks at.
struct RequestStatus {
  State state = State::kDraft;
  State resume_state = State::kAcknowledged;  // where provide_info returns to
  bool operator==(const RequestStatus&) const = default;
};

bool is_final(State s);      // withdrawn, closed, refused, fulfilled: no withdraw from these
bool is_terminal(State s);   // withdrawn, closed: nothing at all happens after these
bool clock_paused(State s);  // needs_info (and postponed does not pause: the until date does)

// Who may cause `e`: the requester or the requested party (each event has exactly one).
Side owner_of(Event e);

// Applies `e` by `actor` to `status`. Errors: permission_denied when the wrong side causes
// it; failed_precondition (field "event") when the state does not allow it;
// invalid_argument (field "reason" / "ground" / "until" / "preserved_until" / "rating") when
// a required argument is missing or malformed. Submitting also needs a complete checklist,
// which the caller checks with assess() (the state machine does not see the content).
Result<RequestStatus> transition(const RequestStatus& status, Event e, Side actor,
                                 const EventArgs& args);

// Events that `actor` may cause in `status` (ignoring argument checks), for the console.
std::vector<Event> allowed_events(const RequestStatus& status, Side actor);

// Checks an RFC 3339 UTC timestamp "YYYY-MM-DDTHH:MM:SS[.fff]Z" (also used by other parts).
bool is_rfc3339_utc(std::string_view s);

}  // namespace liaison::model
