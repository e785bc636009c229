// Deadline policies as data (brief §3.2): per request type × priority, which clocks run and
// for how long, each number with the instrument it comes from; the party's working
// calendar; its escalation ladders. Shipped defaults, editable by administrators, published
// on the ledger so both parties compute the same deadlines from the same records.
// Pure functions over plain structs; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "hotline/calendar.h"
#include "hotline/escalation_ladder.h"

namespace liaison::hotline {

// The clocks a request can have, in the order they are shown.
// `written_confirmation` runs only for a request made by telephone (oral first, written
// later): it is the requester's clock, met by its written confirmation.
inline constexpr const char* kClockNames[] = {"acknowledge", "preserve", "first_reply", "fulfil",
                                              "written_confirmation"};

// Where a number comes from, in both languages (`zh` is the zh-CN text). On the wire it is
// {"en": …, "zh-CN": …}; a policy published before sources were bilingual carries one plain
// text, read into `en` with `zh` empty and written back as the same plain text, so its
// record still verifies.
struct SourceText {
  std::string en;
  std::string zh;
  bool empty() const { return en.empty() && zh.empty(); }
  // The text in `lang` ("zh-CN" or "en"); the other language's when that one is missing.
  const std::string& in(std::string_view lang) const {
    if (lang == "zh-CN") return zh.empty() ? en : zh;
    return en.empty() ? zh : en;
  }
};
// The most bytes of one language's source text.
inline constexpr size_t kMaxSourceBytes = 1000;

struct ClockRule {
  std::string clock;                    // one of kClockNames
  std::vector<std::string> types;       // request types, or {"*"}
  std::vector<std::string> priorities;  // "P0".."P3", or {"*"}
  int64_t amount = 0;
  Unit unit = Unit::kHours;
  SourceText source;                // where the number comes from
  int64_t warn_before_seconds = 0;  // "soon due" from this much before
};

// Whom a request that arrives pages at once, before any clock runs out (docs/HOTLINE.md,
// "Paging on arrival"): the receiving party's on-call people of `tiers`. The first rule
// that matches the request's type and priority wins; empty `tiers` pages nobody.
struct ArrivalRule {
  std::vector<std::string> types;       // request types, or {"*"}
  std::vector<std::string> priorities;  // "P0".."P3", or {"*"}
  std::vector<int> tiers;               // 1-3
  SourceText source;                    // why (optional)
};

struct DeadlinePolicy {
  Calendar calendar;
  std::vector<ClockRule> clocks;   // the first rule that matches type, priority and clock wins
  int64_t preservation_days = 90;  // how long a preservation lasts by default
  int64_t preservation_extension_days = 90;
  SourceText preservation_source;
  std::vector<int64_t> expiry_warning_days{14, 7, 1};
  // How long the receiver of a lead (type lead_sharing) has to record what came of it
  // (reports/case_clocks.h). A policy published before `lead_outcome` existed has the shipped
  // clock (`lead_outcome_given` false, and the document is written back without the member).
  int64_t lead_outcome_days = 30;
  SourceText lead_outcome_source;
  bool lead_outcome_given = false;
  std::vector<Ladder> ladders;
  std::map<std::string, std::string> ladder_for_priority;  // "P0" → ladder name
  bool escalate_missed_ack = true;
  bool escalate_breached_deadline = true;
  // A policy published before `on_arrival` existed has none: it pages by the shipped rules
  // (`on_arrival_given` false, and the document is written back without the member).
  std::vector<ArrivalRule> on_arrival;
  bool on_arrival_given = false;

  // The tiers to page when a request of `type` and `priority` arrives (empty: nobody).
  std::vector<int> arrival_tiers(const std::string& type, const std::string& priority) const;
  const ClockRule* rule_for(const std::string& type, const std::string& priority,
                            const std::string& clock) const;
  const Ladder* ladder_for(const std::string& priority) const;
  // When the receiver's outcome of a lead submitted at `submitted_at` is due: the one rule
  // for the sender's escalation (reports/case_clocks.h) and the lead list's `outcome_due`.
  TimePoint lead_outcome_due(TimePoint submitted_at) const;
};

// The shipped defaults for a party whose calendar is in `timezone`; `party` picks the
// public holidays shipped for it ("CN", "US"; none otherwise).
DeadlinePolicy default_policy(const std::string& party, const std::string& timezone);

Result<DeadlinePolicy> policy_from_json(const boost::json::value& v);
// A policy's source member: a plain text (a policy published before) or {"en", "zh-CN"};
// `field` names it in errors. source_json writes it back in the shape it was read.
Result<SourceText> source_from_json(const boost::json::value& v, const std::string& field);
boost::json::value source_json(const SourceText& s);
boost::json::object to_json(const DeadlinePolicy& p);

// What the records say about a request, for its clocks.
struct RequestFacts {
  std::string type, priority, state;
  std::optional<TimePoint> received_at;  // the requested party's signed receipt
  std::vector<Pause> pauses;             // needs_info spans
  std::optional<TimePoint> acknowledged_at, preserved_at, first_reply_at, finished_at;
  std::optional<TimePoint> preserved_until;
  bool oral = false;  // made by telephone, to be confirmed in writing
  std::optional<TimePoint> written_confirmed_at;
};

struct ClockStatus {
  std::string clock;
  int64_t amount = 0;
  Unit unit = Unit::kHours;
  SourceText source;
  std::optional<TimePoint> due_at, met_at;
  // not_started | running | paused | met | met_late | overdue | stopped
  std::string state;
  std::optional<int64_t> remaining_seconds;
  bool warn = false;
};

struct Deadlines {
  std::optional<TimePoint> started_at;
  bool paused = false;
  std::vector<ClockStatus> clocks;
};

Result<Deadlines> compute_deadlines(const RequestFacts& f, const DeadlinePolicy& p, TimePoint now);

// compute_deadlines in two steps, for a caller that keeps the first: what does not depend on
// the time (each clock's rule, due and met times: the calendar's work, and every clock that
// is not running), then the running clocks' state and seconds left at `now` (cheap).
struct DeadlinePlan {
  Deadlines fixed;  // running clocks without state, seconds left and warning
  struct Running {
    size_t clock;  // index in fixed.clocks
    int64_t warn_before_seconds;
  };
  std::vector<Running> running;
  struct Expiry {
    size_t clock;           // the preservation_expiry clock's index
    int64_t first_warning;  // seconds before expiry
    bool stopped;           // the request finished otherwise than fulfilled
  };
  std::optional<Expiry> expiry;
};
Result<DeadlinePlan> plan_deadlines(const RequestFacts& f, const DeadlinePolicy& p);
Deadlines deadlines_at(const DeadlinePlan& plan, TimePoint now);
boost::json::object to_json(const Deadlines& d, const std::string& party,
                            const std::string& timezone);

}  // namespace liaison::hotline
