// The internals of the figures (figures.h), shared by its sources only: figures_read.cc reads
// each record's payload once into the typed facts below (Inputs), figures_requests.cc,
// figures_sharing.cc and figures_cases.cc turn them into the sections, figures.cc into the
// whole document. Not for other callers; thread-compatible (one FiguresBuilder per thread).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "hotline/deadline_policy.h"
#include "ledger/record.h"
#include "model/request.h"

namespace liaison::reports::detail {

namespace json = boost::json;

inline constexpr const char* kClocks[] = {"acknowledge", "preserve", "first_reply", "fulfil"};
inline constexpr int64_t kDay = 86400;

// ---- numbers -----------------------------------------------------------------------------

// num/den with `places` decimals, rounded half up; null when den is 0.
json::value fixed(int64_t num, int64_t den, int places);
// count, mean (floored), median and p90 (nearest rank) of whole seconds.
json::object durations(std::vector<int64_t> v);

// Whole seconds of a clock met, and how many of them in time.
struct Sample {
  std::vector<int64_t> seconds;
  int64_t within = 0;
  void add(int64_t s, bool in_time) {
    seconds.push_back(s);
    within += in_time ? 1 : 0;
  }
};
// durations() of a sample with the share met in time.
json::object stats(const Sample& s);

json::object map_object(const std::map<std::string, int64_t>& m);
json::value time_or_null(const std::optional<TimePoint>& t);
int64_t seconds_between(TimePoint a, TimePoint b);
int64_t int_or(const json::object& o, const char* key, int64_t fallback);

// ---- the record set ----------------------------------------------------------------------

struct Scope {
  std::string a, b;  // the two parties, sorted
  std::map<std::string, int64_t> upto;
  TimePoint from, to;
  const std::string& other(std::string_view p) const { return p == a ? b : a; }
};

// What the figures read of a record besides its payload.
struct Head {
  std::string_view origin;
  int64_t seq = 0;
  std::string_view kind, object_id;
  TimePoint at;                             // its signed time
  std::span<const std::string> recipients;  // of a ledger::Record, or
  std::string_view recipients_csv;          // as stored ("CN,US")
};

// A request.event, typed once: the event and its arguments as the state machine reads them.
struct RequestEvent {
  TimePoint at;
  std::string origin;
  int64_t seq = 0;
  model::Event event;
  model::EventArgs args;
};

// A priority case's record, with its payload (a handful per case).
struct CaseEvent {
  TimePoint at;
  std::string origin, kind;
  int64_t seq = 0;
  json::object payload;
};

// A request's latest assessment of one kind by one author.
struct Assessment {
  std::string kind, author;
  int64_t seq = 0;
  std::vector<std::pair<std::string, int64_t>> scores;  // a payload's members: no key twice
};

// What one request's records say, at the period's end.
struct RequestRecords {
  std::string requesting, requested, type, priority, area;
  std::optional<TimePoint> submitted_at;
  int64_t submit_seq = 0;
  std::vector<RequestEvent> events;                         // by signed time once sorted
  std::vector<std::pair<std::string, TimePoint>> messages;  // (origin, signed time)
  std::vector<Assessment> assessments;                      // a handful at most
};

// An indicator set as its publisher's records say: first signed time, indicators added.
struct SharedSet {
  std::string publisher;
  TimePoint first;
  int64_t added = 0;
};
// A sighting (object "<set>:<indicator>:<reporter>") and the reporter's feedback on it.
struct SightingFacts {
  std::string reporter, set_id;
  std::optional<TimePoint> first, feedback_at;
  int64_t feedback_seq = 0;
  bool false_positive = false;
};

// What the hotline's signed records say (escalations, the hotline log, drills). Pages,
// notifications and deliveries are each node's local state, so they never count.
struct HotlineRecords {
  struct Escalation {
    std::string owner, trigger;
    TimePoint opened;
    bool acknowledged = false, resolved = false;
  };
  std::map<std::string, Escalation> escalations;
  std::vector<std::pair<TimePoint, int64_t>> contacts;  // (started, tier), drills excluded
  struct Drill {
    TimePoint scheduled;
    int64_t within = 0;
    std::vector<std::string> parties;
    std::vector<int64_t> tiers;
    std::map<std::string, TimePoint> pages, acks;  // "PARTY:TIER" → signed time
  };
  std::map<std::string, Drill> drills;
};

// A hash of strings that finds a std::string by a std::string_view (no copy per look-up).
// Keys are mostly uuids (random hex at both ends): a long key is hashed from its first and
// last eight bytes and its length, a short one in full.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    if (s.size() < 16) return std::hash<std::string_view>()(s);
    uint64_t head = 0, tail = 0;
    std::memcpy(&head, s.data(), 8);
    std::memcpy(&tail, s.data() + s.size() - 8, 8);
    uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ s.size()) * 0xFF51AFD7ED558CCDull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// The requests' records by request id: one vector of entries and an open-addressing table of
// (hash tag, index) slots, so a look-up touches one slot and the entry it finds (whose id is
// kept inline up to 40 bytes), with no node or key allocated per request. 100k requests and
// ~1M look-ups are what a quarter's figures make.
class RequestTable {
 public:
  struct Entry {
    std::string_view id() const {
      return length <= sizeof inline_id ? std::string_view(inline_id, length)
                                        : std::string_view(long_id);
    }
    char inline_id[40];
    uint32_t length = 0;
    std::string long_id;  // an id longer than 40 bytes
    RequestRecords records;
  };
  // The entry of `id`, added empty when absent.
  RequestRecords& operator[](std::string_view id);
  std::vector<Entry>& entries() { return entries_; }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  void grow();
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // 0 empty, else (hash's high 32 bits << 32) | (index + 1)
};

// Everything the sections read, for the records signed by one period's end. The sections
// never depend on the order of an unordered map: what they list they sort or key.
struct Inputs {
  RequestTable requests;
  // (receiver, origin) → (up_to_seq, received_at) of each receipt
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<int64_t, TimePoint>>>
      receipts;
  std::map<std::string, std::pair<TimePoint, json::object>> policies;  // latest, by party
  // (request, kind, author) → the latest assessment
  // (request, author) → (seq, outcome) of the latest lead outcome
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, std::string>> leads;
  StringMap<SharedSet> sets;
  StringMap<SightingFacts> sightings;
  std::map<std::string, std::vector<CaseEvent>> cases;  // a priority case's records
  HotlineRecords hotline;
};

// What the figures read of one record's payload, typed (figure_facts.cc). Each kind sets only
// its own members; strings view the payload (or the stored row) they were read from and live
// as long as it.
struct RecordFacts {
  std::string_view event;   // request.event: its event
  std::string_view args;    // request.event: its arguments' JSON text ("" when none)
  bool submission = false;  // request.event "submit" with content: the five below
  std::string_view requesting, requested, type, priority, area;
  std::string_view request_id;    // message.post, assessment.*, lead.outcome
  std::string_view name;          // receipt: origin; sighting.report: set_id;
                                  // lead.outcome: outcome; escalation.open: trigger;
                                  // drill.page/.ack: drill_id
  std::string_view time;          // receipt: received_at; hotline.contact: started_at;
                                  // drill.start: scheduled_for
  std::optional<int64_t> number;  // indicator_set.publish: its `added` count;
                                  // receipt: up_to_seq; hotline.contact, drill.page/.ack:
                                  // tier; drill.start: ack_within_seconds
  bool flag = false;              // sighting.feedback: false_positive; hotline.contact: drill
  std::vector<std::pair<std::string_view, int64_t>> scores;  // assessment.*: integer members
  std::vector<int64_t> tiers;                                // drill.start
  std::string_view whole;  // policy.publish, case.*: the payload's JSON text, read whole
};

// Whether the figures read a payload of `kind` whole (RecordFacts::whole).
bool reads_whole(std::string_view kind);
// The facts of a payload of `kind`; `whole` is its JSON text when reads_whole(kind), and
// `scratch` holds what the facts view that the payload does not (an event's arguments).
RecordFacts record_facts(std::string_view kind, const json::object& payload, std::string_view whole,
                         std::string& scratch);
// A report_facts row's document: the head's kind, signed time (unless `timed` is false: the
// row then reads as damaged), recipients and, for kinds the figures key by it, object id; and
// the facts. decode_facts reads it back into `h` and `f` (views of `doc`); false when it is
// not such a document.
std::string encode_facts(const Head& h, bool timed, const RecordFacts& f);
bool decode_facts(std::string_view doc, Head& h, RecordFacts& f);
// The row the figures' observer keeps of record `r` with payload `payload`.
std::string facts_doc(const ledger::Record& r, const json::object& payload);
// Whether a record is one both parties hold within the scope (figures.h, figures()).
bool counts(const Scope& s, const Head& h);
// Adds one counted record's facts to `in` (what is kept is copied out of them).
void take_record(Inputs& in, const Head& h, const RecordFacts& facts);

// ---- the sections ------------------------------------------------------------------------

// One item overdue at the period's end, for the leaders' summary: listed by due time.
struct OverdueItem {
  TimePoint due;
  std::string key;
  json::object item;
};

struct Direction {
  int64_t submitted = 0, answered = 0, ended = 0, open = 0, sent_back = 0;
  std::map<std::string, Sample> clocks;  // clock → sample
  std::map<std::string, std::map<std::string, Sample>> by_type, by_priority, by_area;
  std::map<std::string, int64_t> overdue_open;  // clock → open requests overdue on it
  int64_t open_overdue_requests = 0;            // open and overdue on any clock
  int64_t over30 = 0, over60 = 0, over90 = 0;
  std::map<std::string, int64_t> outcomes, grounds;
  std::map<std::string, std::pair<int64_t, int64_t>> response_scores, request_scores;
  int64_t response_count = 0, request_count = 0;
  int64_t leads = 0, leads_with_outcome = 0;
  std::map<std::string, int64_t> lead_outcomes;
};

// Adds every request submitted within the scope to its direction ("A->B"), the overdue ones
// to `overdue`.
Status add_requests(Inputs& in, const Scope& scope, std::map<std::string, Direction>& dirs,
                    std::vector<OverdueItem>& overdue);
json::object direction_object(const Direction& d);

// Indicator sets `from` shared with `to` first published within the period, and what `to`
// reported of them by the period's end.
json::object sharing_object(const Inputs& in, const Scope& scope, const std::string& from,
                            const std::string& to);
json::object hotline_section(const HotlineRecords& h, const Scope& scope);

struct CaseTotals {
  int64_t cases = 0, proposed = 0, active = 0, awaiting = 0, concluded = 0;
  int64_t posted = 0, on_time = 0, late = 0, overdue = 0;
};
// The `priority_cases` and `priority_areas` sections.
std::pair<json::object, json::object> case_sections(Inputs& in, const Scope& scope, CaseTotals& t,
                                                    std::vector<OverdueItem>& items);

}  // namespace liaison::reports::detail
