// reports::figures: a fixed set of records, every figure checked against values computed by
// hand below (the comments show the arithmetic), and the same bytes whatever the order.
#include "reports/figures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <random>

#include "hotline/deadline_policy.h"
#include "hotline/kinds.h"
#include "ledger/canonical_json.h"
#include "ledger/kinds.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::reports {
namespace {

namespace json = boost::json;

ledger::Record rec(const std::string& origin, int64_t seq, const std::string& at,
                   const std::string& kind, const std::string& object_id,
                   const json::object& payload, std::vector<std::string> recipients) {
  ledger::Record r;
  r.origin = origin;
  r.seq = seq;
  r.created_at = at;
  r.kind = kind;
  r.object_id = object_id;
  r.payload = *ledger::canonical_json(payload);
  r.recipients = std::move(recipients);
  return r;
}

std::string other(const std::string& p) { return p == "CN" ? "US" : "CN"; }

// A simple published policy, so the deadlines are easy arithmetic: acknowledge 4 h, preserve
// 24 h (preservation only), first reply 2 days, fulfil 10 days; UTC, no working calendar.
json::object simple_policy(const std::string& party) {
  hotline::DeadlinePolicy p = hotline::default_policy(party, "UTC");
  p.clocks = {{"acknowledge", {"*"}, {"*"}, 4, hotline::Unit::kHours, {"test", ""}, 0},
              {"preserve", {"preservation"}, {"*"}, 24, hotline::Unit::kHours, {"test", ""}, 0},
              {"first_reply", {"*"}, {"*"}, 2, hotline::Unit::kDays, {"test", ""}, 0},
              {"fulfil", {"*"}, {"*"}, 10, hotline::Unit::kDays, {"test", ""}, 0}};
  return hotline::to_json(p);
}

json::object submit(const std::string& from, const std::string& type, const std::string& prio) {
  return {{"event", "submit"},
          {"content", json::object{{"type", type},
                                   {"priority", prio},
                                   {"requesting_party", from},
                                   {"requested_party", other(from)}}}};
}

json::object event(const std::string& name, json::object args = {}) {
  json::object e{{"event", name}};
  if (!args.empty()) e["args"] = std::move(args);
  return e;
}

json::object receipt(const std::string& origin, int64_t up_to, const std::string& at) {
  return {{"origin", origin},
          {"up_to_seq", up_to},
          {"head_hash", std::string(64, 'a')},
          {"received_at", at}};
}

class Builder {
 public:
  // The next record of `origin`, addressed to the other party.
  void add(const std::string& origin, const std::string& at, const std::string& kind,
           const std::string& id, const json::object& payload, bool shared = true) {
    int64_t& seq = origin == "CN" ? cn_ : us_;
    ++seq;
    records.push_back(
        rec(origin, seq, at, kind, id, payload,
            shared ? std::vector<std::string>{other(origin)} : std::vector<std::string>{}));
  }
  std::vector<ledger::Record> records;
  int64_t cn_ = 0, us_ = 0;
};

const char* kEvent = requests::kRequestEvent;

std::vector<ledger::Record> season() {
  Builder b;
  b.add("US", "2025-12-01T00:00:00Z", hotline::kPolicyPublish, "US", simple_policy("US"));
  b.add("CN", "2025-12-01T00:00:00Z", hotline::kPolicyPublish, "CN", simple_policy("CN"));
  // R5: submitted before the period, not counted.
  b.add("CN", "2025-12-20T00:00:00Z", kEvent, "R5", submit("CN", "preservation", "P1"));
  // R3 CN→US preservation P0: received 01-05, never answered: open and overdue on every clock
  // at the period's end, 85 days and 23:59:59 after it was received.
  b.add("CN", "2026-01-05T00:00:00Z", kEvent, "R3", submit("CN", "preservation", "P0"));
  b.add("US", "2026-01-05T00:00:01Z", ledger::kReceipt, "rc3",
        receipt("CN", b.cn_, "2026-01-05T00:00:00Z"));
  // R1 CN→US preservation P1: received 01-10 01:00; ack +2 h; preserved (first reply) +26 h;
  // fulfilled +5 days; two response assessments (the later counts) and one of the request.
  json::object r1 = submit("CN", "preservation", "P1");
  r1["content"].as_object()["priority_area"] = "hacking";
  b.add("CN", "2026-01-10T00:00:00Z", kEvent, "R1", r1);
  b.add("US", "2026-01-10T01:00:01Z", ledger::kReceipt, "rc1",
        receipt("CN", b.cn_, "2026-01-10T01:00:00Z"));
  b.add("US", "2026-01-10T03:00:00Z", kEvent, "R1", event("acknowledge"));
  b.add("US", "2026-01-11T03:00:00Z", kEvent, "R1",
        event("confirm_preserved", {{"preserved_until", "2026-04-10T00:00:00Z"}}));
  b.add("US", "2026-01-15T01:00:00Z", kEvent, "R1", event("fulfil"));
  b.add("CN", "2026-01-16T00:00:00Z", kAssessResponse, "R1:assessment.response:CN",
        {{"request_id", "R1"}, {"completeness", 4}, {"usability", 5}, {"responsiveness", 3}});
  b.add("CN", "2026-01-17T00:00:00Z", kAssessResponse, "R1:assessment.response:CN",
        {{"request_id", "R1"}, {"completeness", 5}, {"usability", 5}, {"responsiveness", 4}});
  b.add(
      "US", "2026-01-17T00:00:00Z", kAssessRequest, "R1:assessment.request:US",
      {{"request_id", "R1"}, {"completeness_clarity", 4}, {"legal_basis", 5}, {"identifiers", 3}});
  // R2 CN→US stored data P2: received 02-01; ack +6 h (late); info asked +1 day (first
  // reply), given 2 days later (a pause of 2 days); refused +9 days (due +12 with the pause).
  b.add("CN", "2026-02-01T00:00:00Z", kEvent, "R2", submit("CN", "stored_data_production", "P2"));
  b.add("US", "2026-02-01T00:00:01Z", ledger::kReceipt, "rc2",
        receipt("CN", b.cn_, "2026-02-01T00:00:00Z"));
  b.add("US", "2026-02-01T06:00:00Z", kEvent, "R2", event("acknowledge"));
  b.add("US", "2026-02-02T00:00:00Z", kEvent, "R2", event("request_info", {{"reason", "which"}}));
  b.add("CN", "2026-02-04T00:00:00Z", kEvent, "R2", event("provide_info"));
  b.add("US", "2026-02-10T00:00:00Z", kEvent, "R2",
        event("refuse", {{"ground", "data_unavailable"}}));
  b.add(
      "US", "2026-02-11T00:00:00Z", kAssessRequest, "R2:assessment.request:US",
      {{"request_id", "R2"}, {"completeness_clarity", 2}, {"legal_basis", 3}, {"identifiers", 2}});
  // R4 US→CN locate/identify P2: received 03-01; ack +2 h; CN's first message +1 day (its
  // first reply); withdrawn by US; CN assesses the request.
  b.add("US", "2026-03-01T00:00:00Z", kEvent, "R4", submit("US", "locate_identify", "P2"));
  b.add("CN", "2026-03-01T00:00:01Z", ledger::kReceipt, "rc4",
        receipt("US", b.us_, "2026-03-01T00:00:00Z"));
  b.add("CN", "2026-03-01T02:00:00Z", kEvent, "R4", event("acknowledge"));
  b.add("CN", "2026-03-02T00:00:00Z", requests::kMessagePost, "m1",
        {{"request_id", "R4"}, {"body", json::object{{"original", "x"}, {"lang", "en"}}}});
  b.add("US", "2026-03-05T00:00:00Z", kEvent, "R4", event("withdraw", {{"reason", "solved"}}));
  b.add(
      "CN", "2026-03-06T00:00:00Z", kAssessRequest, "R4:assessment.request:CN",
      {{"request_id", "R4"}, {"completeness_clarity", 5}, {"legal_basis", 5}, {"identifiers", 5}});
  // R7 CN→US a lead (lead_sharing P3), received 03-20; US opened a case on it. Open and
  // overdue at the period's end on acknowledge, first reply and fulfil (due 03-30), 11 days old.
  b.add("CN", "2026-03-20T00:00:00Z", kEvent, "R7", submit("CN", "lead_sharing", "P3"));
  b.add("US", "2026-03-20T00:00:01Z", ledger::kReceipt, "rc7",
        receipt("CN", b.cn_, "2026-03-20T00:00:00Z"));
  b.add("US", "2026-03-21T00:00:00Z", kLeadOutcome, "R7:lead.outcome:US",
        {{"request_id", "R7"}, {"outcome", "opened_case"}, {"reference", "FBI-1"}});
  // Sharing. CN→US: S1 (3 indicators, then a delta of 1) sighted twice by US, one sighting a
  // false positive; feedback after 6 h and after 1 day. S2 (1 indicator) never sighted. S0
  // was first published before the period: its sighting does not count. US→CN: S3 (2).
  auto set = [](int n) {
    json::array added;
    for (int i = 0; i < n; ++i)
      added.push_back(json::object{{"value", "192.0.2." + std::to_string(i + 1)}});
    return json::object{{"name", "set"}, {"tlp", "amber"}, {"added", added}};
  };
  auto sighting = [](const char* set_id, const char* value) {
    return json::object{{"set_id", set_id},
                        {"indicator", value},
                        {"count", 5},
                        {"first_seen", "2026-01-20T00:00:00Z"},
                        {"last_seen", "2026-01-20T01:00:00Z"}};
  };
  auto feedback = [](bool fp) {
    return json::object{{"false_positive", fp}, {"action", fp ? "none" : "blocked"}};
  };
  b.add("CN", "2025-12-15T00:00:00Z", sharing::kIndicatorSet, "S0", set(1));
  b.add("CN", "2026-01-20T00:00:00Z", sharing::kIndicatorSet, "S1", set(3));
  b.add("CN", "2026-02-01T00:00:00Z", sharing::kIndicatorSet, "S1", set(1));
  b.add("CN", "2026-02-15T00:00:00Z", sharing::kIndicatorSet, "S2", set(1));
  b.add("US", "2026-01-05T00:00:00Z", sharing::kSighting, "S0:192.0.2.1:US",
        sighting("S0", "192.0.2.1"));
  b.add("US", "2026-01-21T00:00:00Z", sharing::kSighting, "S1:192.0.2.1:US",
        sighting("S1", "192.0.2.1"));
  b.add("US", "2026-01-21T06:00:00Z", sharing::kSightingFeedback, "S1:192.0.2.1:US",
        feedback(false));
  b.add("US", "2026-01-22T00:00:00Z", sharing::kSighting, "S1:192.0.2.2:US",
        sighting("S1", "192.0.2.2"));
  b.add("US", "2026-01-23T00:00:00Z", sharing::kSightingFeedback, "S1:192.0.2.2:US",
        feedback(true));
  b.add("US", "2026-03-01T00:00:00Z", sharing::kIndicatorSet, "S3", set(2));
  // Priority cases. C1 (hacking) proposed by CN 01-05, accepted by US 01-06: both reports
  // due 02-05. CN reports 02-01 (on time; next due 03-03) and 03-10 (late; next due 04-09);
  // US reports 02-20 (late; next due 03-22, overdue at the end). C2 (online fraud) proposed by
  // US 03-25, not accepted. C0 proposed before the period (12-01) and concluded by CN 12-20.
  auto title = [](const char* t) { return json::object{{"original", t}, {"lang", "en"}}; };
  auto status = [](const char* id, const char* phase) {
    return json::object{{"case_id", id}, {"phase", phase}};
  };
  b.add("CN", "2026-01-05T00:00:00Z", kCasePropose, "C1",
        {{"title", title("ransomware crew")}, {"party", "US"}, {"area", "hacking"}});
  b.add("US", "2026-01-06T00:00:00Z", kCaseAccept, "C1", {{"case_id", "C1"}});
  b.add("CN", "2026-02-01T00:00:00Z", kCaseStatus, "C1", status("C1", "active"));
  b.add("US", "2026-02-20T00:00:00Z", kCaseStatus, "C1", status("C1", "suspended"));
  b.add("CN", "2026-03-10T00:00:00Z", kCaseStatus, "C1", status("C1", "active"));
  b.add("US", "2026-03-25T00:00:00Z", kCasePropose, "C2",
        {{"title", title("investment fraud")},
         {"party", "CN"},
         {"area", "online_fraud"},
         {"interval_days", 14}});
  b.add("CN", "2025-12-01T00:00:00Z", kCasePropose, "C0",
        {{"title", title("botnet")}, {"party", "US"}, {"area", "hacking"}});
  b.add("US", "2025-12-02T00:00:00Z", kCaseAccept, "C0", {{"case_id", "C0"}});
  b.add("CN", "2025-12-20T00:00:00Z", kCaseStatus, "C0", status("C0", "concluded"));
  // The hotline. CN escalated R3's missed acknowledgement (01-05 05:00), US acknowledged it;
  // CN logged one call to US (tier 2); CN's drill D1 of tier 1 (02-10, 600 s to acknowledge):
  // US acknowledged 240 s after its page (pass), CN's page was never acknowledged (fail).
  b.add("CN", "2026-01-05T05:00:00Z", hotline::kEscalationOpen, "E1",
        {{"counterpart", "US"}, {"request_id", "R3"}, {"trigger", "ack_missed"}});
  b.add("US", "2026-01-05T06:00:00Z", hotline::kEscalationAck, "E1", {{"user", "duty"}});
  b.add("CN", "2026-03-01T00:00:00Z", hotline::kHotlineContact, "H1",
        {{"tier", 2}, {"started_at", "2026-03-01T00:00:00Z"}, {"drill", false}});
  b.add("CN", "2026-02-10T00:00:00Z", hotline::kDrillStart, "D1",
        {{"tiers", json::array{1}},
         {"ack_within_seconds", 600},
         {"scheduled_for", "2026-02-10T00:00:00Z"}});
  b.add("US", "2026-02-10T00:01:00Z", hotline::kDrillPage, "D1:US:1",
        {{"drill_id", "D1"}, {"tier", 1}, {"user", "duty"}});
  b.add("US", "2026-02-10T00:05:00Z", hotline::kDrillAck, "D1:US:1",
        {{"drill_id", "D1"}, {"tier", 1}, {"user", "duty"}});
  b.add("CN", "2026-02-10T00:01:00Z", hotline::kDrillPage, "D1:CN:1",
        {{"drill_id", "D1"}, {"tier", 1}, {"user", "duty"}});
  // Not counted: a submission addressed to nobody (a local
  // record, R6); R1 closed after the period's end; R3 fulfilled past US's position.
  b.add("CN", "2026-02-20T00:00:00Z", kEvent, "R6", submit("CN", "preservation", "P1"), false);
  b.add("CN", "2026-04-02T00:00:00Z", kEvent, "R1", event("close", {{"rating", 5}}));
  b.add("US", "2026-03-10T00:00:00Z", kEvent, "R3", event("fulfil"));  // past US's position
  return b.records;
}

const Period kQ1{"2026-01-01T00:00:00Z", "2026-03-31T23:59:59Z"};

std::vector<Position> positions(const std::vector<ledger::Record>& records) {
  int64_t cn = 0, us = 0;
  for (const auto& r : records)
    (r.origin == "CN" ? cn : us) = std::max(r.seq, r.origin == "CN" ? cn : us);
  return {{"CN", cn, std::string(64, 'c')}, {"US", us - 1, std::string(64, 'd')}};
}

json::object st(int64_t count, int64_t within, json::value mean, json::value median,
                json::value p90, json::value share) {
  return {{"count", count},       {"within_deadline", within},
          {"mean_seconds", mean}, {"median_seconds", median},
          {"p90_seconds", p90},   {"share_within_deadline", share}};
}
json::object none() { return st(0, 0, nullptr, nullptr, nullptr, nullptr); }
json::object clock(json::object s, int64_t overdue, json::object by_type, json::object by_prio,
                   json::object by_area = {}) {
  s["overdue_open"] = overdue;
  s["by_type"] = std::move(by_type);
  s["by_priority"] = std::move(by_prio);
  s["by_priority_area"] = std::move(by_area);
  return s;
}
json::object one(int64_t secs, bool in_time) {
  return st(1, in_time ? 1 : 0, secs, secs, secs, in_time ? "1.0000" : "0.0000");
}

json::object cn_to_us() {
  // acknowledge: R1 7200 (met), R2 21600 (late); mean 14400, median rank 1, p90 rank 2;
  // R3 and R7 open and overdue (so on first reply and fulfil; preserve: R3 only).
  json::object ack =
      clock(st(2, 1, 14400, 7200, 21600, "0.5000"), 2,
            {{"preservation", one(7200, true)}, {"stored_data_production", one(21600, false)}},
            {{"P1", one(7200, true)}, {"P2", one(21600, false)}}, {{"hacking", one(7200, true)}});
  // preserve: R1 93600 (26 h > 24 h: late); R3 overdue.
  json::object preserve = clock(one(93600, false), 1, {{"preservation", one(93600, false)}},
                                {{"P1", one(93600, false)}}, {{"hacking", one(93600, false)}});
  // first reply: R2 86400, R1 93600, both within 2 days (R2's due moved by its pause).
  json::object first =
      clock(st(2, 2, 90000, 86400, 93600, "1.0000"), 2,
            {{"preservation", one(93600, true)}, {"stored_data_production", one(86400, true)}},
            {{"P1", one(93600, true)}, {"P2", one(86400, true)}}, {{"hacking", one(93600, true)}});
  // fulfil: R1 432000 (5 days), R2 777600 (9 days, refused; due day 12).
  json::object fulfil = clock(
      st(2, 2, 604800, 432000, 777600, "1.0000"), 2,
      {{"preservation", one(432000, true)}, {"stored_data_production", one(777600, true)}},
      {{"P1", one(432000, true)}, {"P2", one(777600, true)}}, {{"hacking", one(432000, true)}});
  return {
      {"requests", {{"submitted", 4}, {"answered", 2}, {"ended", 2}, {"open", 2}}},
      {"timeliness",
       {{"acknowledge", ack}, {"preserve", preserve}, {"first_reply", first}, {"fulfil", fulfil}}},
      {"open_overdue", {{"over_30_days", 1}, {"over_60_days", 1}, {"over_90_days", 0}}},
      {"quality",
       {{"sent_back_for_information", 1},
        {"share_sent_back", "0.2500"},
        {"outcomes", {{"fulfilled", 1}, {"refused", 1}, {"submitted", 2}}},
        {"refusal_grounds", {{"data_unavailable", 1}}},
        // R1's later assessment: 5, 5, 4.
        {"response_assessments",
         {{"count", 1},
          {"completeness", "5.00"},
          {"usability", "5.00"},
          {"responsiveness", "4.00"}}},
        // R1 (4, 5, 3) and R2 (2, 3, 2): 6/2, 8/2, 5/2.
        {"request_assessments",
         {{"count", 2},
          {"completeness_clarity", "3.00"},
          {"legal_basis", "4.00"},
          {"identifiers", "2.50"}}}}},
      {"leads",
       {{"sent", 1},
        {"with_outcome", 1},
        {"without_outcome", 0},
        {"outcomes", {{"opened_case", 1}}}}},
      // S1 and S2: 3 + 1 + 1 indicators; S1 sighted (1 of 2); 2 sightings, both with feedback,
      // 1 false positive; latencies 21600 and 86400 s.
      {"sharing",
       {{"indicator_sets", 2},
        {"indicators_added", 5},
        {"sets_sighted", 1},
        {"share_sighted", "0.5000"},
        {"sightings", 2},
        {"with_feedback", 2},
        {"false_positives", 1},
        {"false_positive_rate", "0.5000"},
        {"feedback_latency",
         {{"count", 2},
          {"mean_seconds", 54000},
          {"median_seconds", 21600},
          {"p90_seconds", 86400}}}}}};
}

json::object us_to_cn() {
  json::object empty_clock = clock(none(), 0, {}, {});
  return {
      {"requests", {{"submitted", 1}, {"answered", 1}, {"ended", 1}, {"open", 0}}},
      {"timeliness",
       {{"acknowledge", clock(one(7200, true), 0, {{"locate_identify", one(7200, true)}},
                              {{"P2", one(7200, true)}})},
        {"preserve", empty_clock},  // no preserve clock for locate_identify
        {"first_reply", clock(one(86400, true), 0, {{"locate_identify", one(86400, true)}},
                              {{"P2", one(86400, true)}})},
        {"fulfil", empty_clock}}},  // withdrawn: the clock stopped
      {"open_overdue", {{"over_30_days", 0}, {"over_60_days", 0}, {"over_90_days", 0}}},
      {"quality",
       {{"sent_back_for_information", 0},
        {"share_sent_back", "0.0000"},
        {"outcomes", {{"withdrawn", 1}}},
        {"refusal_grounds", json::object{}},
        {"response_assessments",
         {{"count", 0},
          {"completeness", nullptr},
          {"usability", nullptr},
          {"responsiveness", nullptr}}},
        {"request_assessments",
         {{"count", 1},
          {"completeness_clarity", "5.00"},
          {"legal_basis", "5.00"},
          {"identifiers", "5.00"}}}}},
      {"leads",
       {{"sent", 0}, {"with_outcome", 0}, {"without_outcome", 0}, {"outcomes", json::object{}}}},
      {"sharing",
       {{"indicator_sets", 1},
        {"indicators_added", 2},
        {"sets_sighted", 0},
        {"share_sighted", "0.0000"},
        {"sightings", 0},
        {"with_feedback", 0},
        {"false_positives", 0},
        {"false_positive_rate", nullptr},
        {"feedback_latency",
         {{"count", 0},
          {"mean_seconds", nullptr},
          {"median_seconds", nullptr},
          {"p90_seconds", nullptr}}}}}};
}

json::object party_reports(int64_t posted, int64_t on_time, int64_t late, bool overdue,
                           json::value next_due, json::value phase, json::value at) {
  return {{"posted", posted},     {"on_time", on_time},    {"late", late},   {"overdue", overdue},
          {"next_due", next_due}, {"latest_phase", phase}, {"latest_at", at}};
}
json::object no_reports() { return party_reports(0, 0, 0, false, nullptr, nullptr, nullptr); }

json::object priority_cases() {
  return {{"cases", 3},
          {"proposed_in_period", 2},   // C1, C2
          {"active", 1},               // C1
          {"awaiting_acceptance", 1},  // C2
          {"concluded", 1},            // C0
          // C1: CN on time (02-01 <= 02-05) and late (03-10 > 03-03); US late (02-20 > 02-05).
          // C0's report was before the period. US's next (03-22) is overdue at the end.
          {"status_reports",
           {{"posted", 3},
            {"on_time", 1},
            {"late", 2},
            {"share_on_time", "0.3333"},
            {"overdue_at_end", 1}}},
          {"by_case",
           {{"C0",
             {{"title", "botnet"},
              {"area", "hacking"},
              {"proposer", "CN"},
              {"party", "US"},
              {"state", "concluded"},
              {"interval_days", 30},
              {"proposed_at", "2025-12-01T00:00:00Z"},
              {"accepted_at", "2025-12-02T00:00:00Z"},
              {"status_reports",
               {{"CN", party_reports(0, 0, 0, false, nullptr, "concluded", "2025-12-20T00:00:00Z")},
                {"US", no_reports()}}}}},
            {"C1",
             {{"title", "ransomware crew"},
              {"area", "hacking"},
              {"proposer", "CN"},
              {"party", "US"},
              {"state", "accepted"},
              {"interval_days", 30},
              {"proposed_at", "2026-01-05T00:00:00Z"},
              {"accepted_at", "2026-01-06T00:00:00Z"},
              {"status_reports",
               {{"CN", party_reports(2, 1, 1, false, "2026-04-09T00:00:00Z", "active",
                                     "2026-03-10T00:00:00Z")},
                {"US", party_reports(1, 0, 1, true, "2026-03-22T00:00:00Z", "suspended",
                                     "2026-02-20T00:00:00Z")}}}}},
            {"C2",
             {{"title", "investment fraud"},
              {"area", "online_fraud"},
              {"proposer", "US"},
              {"party", "CN"},
              {"state", "proposed"},
              {"interval_days", 14},
              {"proposed_at", "2026-03-25T00:00:00Z"},
              {"accepted_at", nullptr},
              {"status_reports", {{"CN", no_reports()}, {"US", no_reports()}}}}}}}};
}

json::object priority_areas() {
  json::object out;
  for (const char* a : kPriorityAreas) {
    out[a] = {{"cases", 0},
              {"active", 0},
              {"status_reports_posted", 0},
              {"status_reports_on_time", 0},
              {"share_on_time", nullptr}};
  }
  out["hacking"] = {{"cases", 2},  // C0 and C1
                    {"active", 1},
                    {"status_reports_posted", 3},
                    {"status_reports_on_time", 1},
                    {"share_on_time", "0.3333"}};
  out["online_fraud"].as_object()["cases"] = 1;
  return out;
}

json::object hotline_figures() {
  return {{"escalations",
           {{"opened", 1},
            {"by_owner", {{"CN", 1}, {"US", 0}}},
            {"by_trigger", {{"ack_missed", 1}}},
            {"acknowledged", 1},
            {"resolved", 0}}},
          {"contacts", {{"logged", 1}, {"by_tier", {{"1", 0}, {"2", 1}, {"3", 0}}}}},
          // D1: US's tier 1 acknowledged in 240 s of 600 (pass); CN's never (fail).
          {"drills",
           {{"held", 1},
            {"tiers_passed", 1},
            {"tiers_failed", 1},
            {"tiers_pending", 0},
            {"share_passed", "0.5000"}}}};
}

json::object hl(json::value v, json::value prev, json::value change) {
  return {{"value", v}, {"previous", prev}, {"change", change}};
}

json::object overdue_item(const char* request, const char* clock, const char* due) {
  return {{"kind", "request_clock"},
          {"request_id", request},
          {"direction", "CN->US"},
          {"clock", clock},
          {"due_at", due}};
}

// This period beside the previous one of the same length (90 days less a second, ending the
// second before 01-01, so from 10-03: 29 + 30 + 31 days): there, R5 was submitted (never received),
// S0 shared, and C0's one report posted on time (due 01-01); no request was answered, no clock
// measured.
json::object leaders_summary() {
  return {{"previous_period", {{"from", "2025-10-03T00:00:00Z"}, {"to", "2025-12-31T23:59:59Z"}}},
          {"headlines",
           {{"requests_submitted", hl(5, 1, 4)},
            {"requests_answered", hl(3, 0, 3)},
            // acknowledge: CN->US 1 of 2, US->CN 1 of 1; fulfil: CN->US 2 of 2.
            {"share_acknowledged_within_deadline", hl("0.6667", nullptr, nullptr)},
            {"share_fulfilled_within_deadline", hl("1.0000", nullptr, nullptr)},
            {"open_requests_overdue", hl(2, 0, 2)},  // R3, R7
            {"leads_sent", hl(1, 0, 1)},
            {"leads_without_outcome", hl(0, 0, 0)},
            {"priority_cases_active", hl(1, 0, 1)},
            {"share_status_reports_on_time", hl("0.3333", "1.0000", "-0.6667")},
            {"indicator_sets_shared", hl(3, 1, 2)}}},  // S1, S2, S3; before: S0
          {"overdue",
           {{"total", 8},
            {"listed",
             {{"R3:acknowledge", overdue_item("R3", "acknowledge", "2026-01-05T04:00:00Z")},
              {"R3:preserve", overdue_item("R3", "preserve", "2026-01-06T00:00:00Z")},
              {"R3:first_reply", overdue_item("R3", "first_reply", "2026-01-07T00:00:00Z")},
              {"R3:fulfil", overdue_item("R3", "fulfil", "2026-01-15T00:00:00Z")},
              {"R7:acknowledge", overdue_item("R7", "acknowledge", "2026-03-20T04:00:00Z")},
              {"R7:first_reply", overdue_item("R7", "first_reply", "2026-03-22T00:00:00Z")},
              {"R7:fulfil", overdue_item("R7", "fulfil", "2026-03-30T00:00:00Z")},
              {"C1:status_report:US",
               {{"kind", "status_report"},
                {"case_id", "C1"},
                {"owed_by", "US"},
                {"due_at", "2026-03-22T00:00:00Z"}}}}}}}};
}

TEST(FiguresTest, EveryFigureOfAFixedSeasonIsWhatWeComputedByHand) {
  auto records = season();
  auto text = figures(records, kQ1, positions(records));
  ASSERT_TRUE(text.is_ok()) << text.status().to_string();
  json::object expected{
      {"format", kFiguresFormat},
      {"period", {{"from", kQ1.from}, {"to", kQ1.to}}},
      {"parties", json::array{"CN", "US"}},
      {"directions", {{"CN->US", cn_to_us()}, {"US->CN", us_to_cn()}}},
      {"reciprocity",
       {{"CN->US", {{"sent", 4}, {"answered", 2}}}, {"US->CN", {{"sent", 1}, {"answered", 1}}}}},
      {"priority_cases", priority_cases()},
      {"priority_areas", priority_areas()},
      {"hotline", hotline_figures()},
      {"leaders_summary", leaders_summary()}};
  auto want = ledger::canonicalize(json::serialize(expected));
  ASSERT_TRUE(want.is_ok());
  auto diffs = compare_figures(*want, *text);
  ASSERT_TRUE(diffs.is_ok());
  for (const auto& d : *diffs) {
    ADD_FAILURE() << d.figure << ": by hand " << d.published << ", computed " << d.recomputed;
  }
  EXPECT_EQ(*text, *want);
  EXPECT_FALSE(ledger::has_double(json::parse(*text)));
}

TEST(FiguresTest, TheSameRecordsGiveTheSameBytesInAnyOrder) {
  auto records = season();
  auto first = figures(records, kQ1, positions(records));
  ASSERT_TRUE(first.is_ok());
  std::mt19937 rng(16);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(records.begin(), records.end(), rng);
    auto again = figures(records, kQ1, positions(season()));
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(*again, *first);
  }
}

TEST(FiguresTest, AChangedRecordIsNamedByTheFigureItMoves) {
  auto records = season();
  auto pos = positions(records);
  auto published = figures(records, kQ1, pos);
  ASSERT_TRUE(published.is_ok());
  for (auto& r : records) {
    if (r.origin == "CN" && r.seq == 6) {  // R1's later response assessment
      r.payload = *ledger::canonical_json(json::object{
          {"request_id", "R1"}, {"completeness", 5}, {"usability", 2}, {"responsiveness", 4}});
    }
  }
  auto recomputed = figures(records, kQ1, pos);
  ASSERT_TRUE(recomputed.is_ok());
  auto diffs = compare_figures(*published, *recomputed);
  ASSERT_TRUE(diffs.is_ok());
  ASSERT_EQ(diffs->size(), 1u);
  EXPECT_EQ((*diffs)[0].figure, "directions.CN->US.quality.response_assessments.usability");
  EXPECT_EQ((*diffs)[0].published, "\"5.00\"");
  EXPECT_EQ((*diffs)[0].recomputed, "\"2.00\"");
}

TEST(FiguresTest, APeriodEndingBeforeItStartsIsRefusedNamingFrom) {
  auto st = check_period({"2026-04-01T00:00:00Z", "2026-03-01T00:00:00Z"});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "from");
  st = check_period({"2026-04-01T00:00:00Z", "April"});
  EXPECT_EQ(st.field(), "to");
  auto f = figures({}, kQ1, {{"CN", 0, ""}});
  EXPECT_EQ(f.status().field(), "positions");
}

// The figures' request table: every id finds its own entry (short ids, uuids, ids longer than
// the inline 40 bytes, ids that differ only in the middle, which the uuid hash does not read),
// across many growths, and entries keep the order they were added in.
TEST(FiguresRequestTable, EveryIdFindsItsOwnEntryAcrossGrowth) {
  detail::RequestTable table;
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(std::to_string(i));                                       // short
    ids.push_back("aaaaaaaa-" + std::to_string(100000 + i) + "-bbbbbbbb");  // same ends
    ids.push_back(std::string(50, 'x') + std::to_string(i));                // longer than inline
  }
  for (size_t i = 0; i < ids.size(); ++i) table[ids[i]].submit_seq = static_cast<int64_t>(i);
  ASSERT_EQ(table.entries().size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(table[ids[i]].submit_seq, static_cast<int64_t>(i)) << ids[i];
    EXPECT_EQ(table.entries()[i].id(), ids[i]);
  }
  EXPECT_EQ(table.entries().size(), ids.size());  // looking up added nothing
}
// The facts rows the observer keeps (report_facts, figure_facts.cc) give the figures the
// records give: every record of the hand-computed season kept as its row and read back in
// chain order, as the store's reader hands them.
TEST(FiguresFacts, TheRowsOfASeasonGiveTheFiguresOfItsRecords) {
  auto records = season();
  auto pos = positions(records);
  auto want = figures(records, kQ1, pos);
  ASSERT_TRUE(want.is_ok()) << want.status().to_string();
  std::sort(records.begin(), records.end(), [](const ledger::Record& a, const ledger::Record& b) {
    return std::tie(a.origin, a.seq) < std::tie(b.origin, b.seq);
  });
  std::vector<std::string> kept_kinds;
  for (const auto& o : facts_observers()) kept_kinds.emplace_back(o.kind);
  auto builder = FiguresBuilder::start(kQ1, pos);
  ASSERT_TRUE(builder.is_ok());
  size_t rows = 0;
  for (const auto& r : records) {
    if (std::find(kept_kinds.begin(), kept_kinds.end(), r.kind) == kept_kinds.end()) continue;
    const std::string doc = detail::facts_doc(r, json::parse(r.payload).as_object());
    ASSERT_TRUE(builder->add(StoredFacts{.origin = r.origin, .seq = r.seq, .doc = doc}).is_ok())
        << r.kind << " " << doc;
    ++rows;
  }
  EXPECT_GT(rows, 30u);
  auto got = builder->finish();
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(*got, *want);
}

// A row reads back as exactly the facts it was written from, whatever bytes its strings hold
// (tags, digits and ':' inside values; UTF-8; empty strings, which read as absent); what is
// not such a row is refused, never read past its end.
TEST(FiguresFacts, ARowReadsBackAsItsFactsAndAnythingElseIsRefused) {
  detail::Head h{.kind = hotline::kDrillStart,
                 .object_id = "drill:K1:eT3:R0:",
                 .at = *parse_rfc3339("2026-03-01T12:00:00.250Z"),
                 .recipients_csv = "US,联合"};
  detail::RecordFacts f;
  f.event = "submit";
  f.args = R"({"ground":"data_unavailable"})";
  f.submission = true;
  f.requesting = "CN";
  f.type = "preservation";
  f.area = "online_fraud";
  f.request_id = "12:34";
  f.name = "n5:x";
  f.time = "2026-03-02T00:00:00Z";
  f.number = -42;
  f.flag = true;
  f.scores = {{"completeness", 5}, {"usability", 0}};
  f.tiers = {1, 3};
  f.whole = R"({"a":[1,2]})";
  const std::string doc = detail::encode_facts(h, true, f);
  detail::Head h2{.origin = "CN", .seq = 7};
  detail::RecordFacts g;
  ASSERT_TRUE(detail::decode_facts(doc, h2, g)) << doc;
  EXPECT_EQ(h2.kind, hotline::kDrillStart);
  EXPECT_EQ(h2.object_id, h.object_id);
  EXPECT_EQ(h2.at, h.at);
  EXPECT_EQ(h2.recipients_csv, h.recipients_csv);
  EXPECT_EQ(h2.origin, "CN");
  EXPECT_EQ(g.event, f.event);
  EXPECT_EQ(g.args, f.args);
  EXPECT_TRUE(g.submission);
  EXPECT_EQ(g.requesting, "CN");
  EXPECT_EQ(g.requested, "");
  EXPECT_EQ(g.type, f.type);
  EXPECT_EQ(g.priority, "");
  EXPECT_EQ(g.area, f.area);
  EXPECT_EQ(g.request_id, f.request_id);
  EXPECT_EQ(g.name, f.name);
  EXPECT_EQ(g.time, f.time);
  EXPECT_EQ(g.number, f.number);
  EXPECT_TRUE(g.flag);
  EXPECT_EQ(g.scores, f.scores);
  EXPECT_EQ(g.tiers, f.tiers);
  EXPECT_EQ(g.whole, f.whole);

  // A kind whose object id the figures do not read leaves it out; nothing set, nothing read.
  detail::Head bare{.kind = requests::kMessagePost, .object_id = "R1:msg:0", .at = h.at};
  detail::RecordFacts none;
  const std::string small = detail::encode_facts(bare, true, none);
  EXPECT_EQ(small, "K1:mT13:" + std::to_string(h.at.time_since_epoch().count()) + "R0:");
  detail::Head h3;
  detail::RecordFacts g3;
  ASSERT_TRUE(detail::decode_facts(small, h3, g3));
  EXPECT_EQ(h3.object_id, "");
  EXPECT_FALSE(g3.number.has_value());
  EXPECT_FALSE(g3.submission);

  for (std::string bad : {std::string(), std::string("{}"), std::string("K1:e"),
                          std::string("T1:5"),           // no kind
                          std::string("K1:?T1:5"),       // no such kind
                          std::string("K1:eT3:abc"),     // time not a number
                          std::string("K1:eT1:5R9:US"),  // past the end
                          std::string("K1:eT1:5R:US"),   // no length
                          std::string("K1:eT1:5R2US"),   // no ':'
                          std::string("K1:eT1:5Q1:x"),   // unknown tag
                          std::string("K1:eT1:5v1:3"),   // a score's value without its key
                          std::string("K1:eT1:5k1:x"),   // a score's key without its value
                          std::string("K1:eT1:5n2:4x"),  // a number with a tail
                          std::string("K1:eT1:5R99999999999999:")}) {  // length beyond any row
    detail::Head hb;
    detail::RecordFacts fb;
    EXPECT_FALSE(detail::decode_facts(bad, hb, fb)) << bad;
  }
  // A signed time that does not parse leaves the row unreadable (named as damaged on read).
  EXPECT_FALSE(detail::decode_facts(detail::encode_facts(bare, false, none), h3, g3));
}

}  // namespace
}  // namespace liaison::reports
