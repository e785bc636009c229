// The network-protection and hotline sections of the figures: indicator sets shared each way
// and what came of them (sightings, false positives, feedback latency), and the hotline's use
// (escalations, contacts logged, drills), from the typed facts of figures_read.cc.
#include <algorithm>
#include <set>

#include "reports/figures_internal.h"

namespace liaison::reports::detail {

// Indicator sets `from` shared with `to` first published within the period, and what `to`
// reported of them by the period's end.
json::object sharing_object(const Inputs& in, const Scope& scope, const std::string& from,
                            const std::string& to) {
  int64_t sets = 0, added = 0, sighted = 0, sightings = 0, with_feedback = 0, false_positives = 0;
  std::vector<int64_t> latency;
  std::set<std::string> sighted_sets;
  for (const auto& [id, s] : in.sightings) {
    auto set = in.sets.find(s.set_id);
    if (!s.first || s.reporter != to || set == in.sets.end() || set->second.publisher != from ||
        set->second.first < scope.from) {
      continue;
    }
    ++sightings;
    sighted_sets.insert(s.set_id);
    if (s.feedback_at) {
      ++with_feedback;
      false_positives += s.false_positive ? 1 : 0;
      latency.push_back(std::max<int64_t>(0, seconds_between(*s.first, *s.feedback_at)));
    }
  }
  for (const auto& [id, set] : in.sets) {
    if (set.publisher != from || set.first < scope.from) continue;
    ++sets;
    added += set.added;
    sighted += sighted_sets.count(id);
  }
  return {{"indicator_sets", sets},
          {"indicators_added", added},
          {"sets_sighted", sighted},
          {"share_sighted", fixed(sighted, sets, 4)},
          {"sightings", sightings},
          {"with_feedback", with_feedback},
          {"false_positives", false_positives},
          {"false_positive_rate", fixed(false_positives, with_feedback, 4)},
          {"feedback_latency", durations(std::move(latency))}};
}

// Escalations opened, hotline contacts started and drills scheduled within the period, from
// the signed records both parties hold; a drill tier passes when its party's acknowledgement
// is signed within ack_within_seconds of its page, fails when it is not (or nobody was paged)
// by the period's end, as the hotline's own review judges it.
json::object hotline_section(const HotlineRecords& h, const Scope& scope) {
  int64_t opened = 0, acknowledged = 0, resolved = 0;
  std::map<std::string, int64_t> by_owner{{scope.a, 0}, {scope.b, 0}}, by_trigger;
  for (const auto& [_, e] : h.escalations) {
    if (e.owner.empty() || e.opened < scope.from) continue;
    ++opened;
    ++by_owner[e.owner];
    ++by_trigger[e.trigger];
    acknowledged += e.acknowledged ? 1 : 0;
    resolved += e.resolved ? 1 : 0;
  }
  std::map<std::string, int64_t> by_tier{{"1", 0}, {"2", 0}, {"3", 0}};
  int64_t contacts = 0;
  for (const auto& [at, tier] : h.contacts) {
    if (at < scope.from || at > scope.to) continue;
    ++contacts;
    ++by_tier[std::to_string(tier)];
  }
  int64_t drills = 0, passed = 0, failed = 0, pending = 0;
  for (const auto& [_, d] : h.drills) {
    if (d.parties.empty() || d.scheduled < scope.from || d.scheduled > scope.to) continue;
    ++drills;
    const auto within = std::chrono::seconds(d.within);
    for (const auto& party : d.parties) {
      for (int64_t tier : d.tiers) {
        const std::string key = party + ":" + std::to_string(tier);
        auto page = d.pages.find(key);
        auto ack = d.acks.find(key);
        if (page != d.pages.end() && ack != d.acks.end()) {
          (ack->second - page->second <= within ? passed : failed) += 1;
        } else if (scope.to > (page != d.pages.end() ? page->second : d.scheduled) + within) {
          ++failed;
        } else {
          ++pending;
        }
      }
    }
  }
  return {{"escalations", json::object{{"opened", opened},
                                       {"by_owner", map_object(by_owner)},
                                       {"by_trigger", map_object(by_trigger)},
                                       {"acknowledged", acknowledged},
                                       {"resolved", resolved}}},
          {"contacts", json::object{{"logged", contacts}, {"by_tier", map_object(by_tier)}}},
          {"drills", json::object{{"held", drills},
                                  {"tiers_passed", passed},
                                  {"tiers_failed", failed},
                                  {"tiers_pending", pending},
                                  {"share_passed", fixed(passed, passed + failed, 4)}}}};
}

}  // namespace liaison::reports::detail
