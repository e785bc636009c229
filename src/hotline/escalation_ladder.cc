#include "hotline/escalation_ladder.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::hotline {

namespace json = boost::json;

const char* to_string(Condition c) {
  return c == Condition::kNotAcknowledged ? "not_acknowledged" : "not_resolved";
}

std::vector<Firing> firings(const Ladder& ladder, TimePoint opened, int start_tier) {
  // Escalated by hand above the ladder's top tier: start at its top tier.
  int top = 0;
  for (const auto& r : ladder.rules) top = std::max(top, r.tier);
  start_tier = std::min(start_tier, top);
  std::vector<int> kept;
  int64_t cycle = 0;
  for (size_t i = 0; i < ladder.rules.size(); ++i) {
    if (ladder.rules[i].tier < start_tier) continue;
    kept.push_back(static_cast<int>(i));
    cycle += ladder.rules[i].delay_seconds;
  }
  std::vector<Firing> out;
  for (int round = 0; round <= ladder.repeat; ++round) {
    int64_t offset = cycle * round;
    for (int i : kept) {
      if (static_cast<int>(out.size()) >= kMaxFirings) return out;
      out.push_back({i, round, ladder.rules[static_cast<size_t>(i)].tier,
                     opened + std::chrono::seconds(offset)});
      offset += ladder.rules[static_cast<size_t>(i)].delay_seconds;
    }
  }
  return out;
}

namespace {

Result<Target> target_from_json(const json::value& v, const std::string& field) {
  if (!v.is_object())
    return invalid_argument("a target is an object", field)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& o = v.get_object();
  Target t;
  t.side = str_of(o, "side");
  t.party = str_of(o, "party");
  t.schedule = str_of(o, "schedule");
  t.user = str_of(o, "user");
  if (auto* tier = o.if_contains("tier"); tier && tier->is_int64()) {
    t.tier = static_cast<int>(tier->get_int64());
  }
  if (!t.side.empty()) {
    if (t.side != "both" && t.side != "owner" && t.side != "counterpart") {
      return invalid_argument("side must be both, owner or counterpart", field + ".side")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"both", "owner", "counterpart"}}});
    }
    if (t.tier < 1 || t.tier > 3)
      return invalid_argument("tier must be 1, 2 or 3", field + ".tier")
          .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
    return t;
  }
  if (t.party.empty() || (t.schedule.empty() == t.user.empty())) {
    return invalid_argument("a target is {side, tier}, {party, schedule} or {party, user}", field)
        .with_reason(
            Reason::kInvalidFormat,
            {{"expected", std::string("{side, tier} | {party, schedule} | {party, user}")}});
  }
  return t;
}

}  // namespace

Result<Ladder> ladder_from_json(const json::value& v, const std::string& field) {
  if (!v.is_object())
    return invalid_argument("a ladder is an object", field)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& o = v.get_object();
  Ladder l;
  l.name = str_of(o, "name");
  if (l.name.empty() || l.name.size() > 64) {
    return invalid_argument("a ladder needs a name (≤ 64 characters)", field + ".name")
        .with_reason(Reason::kRequired);
  }
  if (auto* r = o.if_contains("repeat")) {
    if (!r->is_int64() || r->get_int64() < 0 || r->get_int64() > 10) {
      return invalid_argument("repeat must be an integer 0-10", field + ".repeat")
          .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{10}}});
    }
    l.repeat = static_cast<int>(r->get_int64());
  }
  auto* rules = o.if_contains("rules");
  if (!rules || !rules->is_array() || rules->get_array().empty() ||
      rules->get_array().size() > 20) {
    return invalid_argument("rules must be an array of 1-20 rules", field + ".rules")
        .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
  }
  size_t i = 0;
  for (const auto& rv : rules->get_array()) {
    std::string f = field + ".rules[" + std::to_string(i++) + "]";
    if (!rv.is_object())
      return invalid_argument("a rule is an object", f)
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    const auto& ro = rv.get_object();
    Rule rule;
    auto* delay = ro.if_contains("delay_seconds");
    if (!delay || !delay->is_int64() || delay->get_int64() < 0 || delay->get_int64() > 30 * 86400) {
      return invalid_argument("delay_seconds must be an integer 0-2592000", f + ".delay_seconds")
          .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{2592000}}});
    }
    rule.delay_seconds = delay->get_int64();
    std::string cond = str_of(ro, "condition");
    if (cond == "not_acknowledged") {
      rule.condition = Condition::kNotAcknowledged;
    } else if (cond == "not_resolved") {
      rule.condition = Condition::kNotResolved;
    } else {
      return invalid_argument("condition must be not_acknowledged or not_resolved",
                              f + ".condition")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"not_acknowledged", "not_resolved"}}});
    }
    auto* tier = ro.if_contains("tier");
    if (!tier || !tier->is_int64() || tier->get_int64() < 1 || tier->get_int64() > 3) {
      return invalid_argument("tier must be 1, 2 or 3", f + ".tier")
          .with_reason(Reason::kNotOneOf, {{"allowed", std::vector<std::string>{"1", "2", "3"}}});
    }
    rule.tier = static_cast<int>(tier->get_int64());
    auto* targets = ro.if_contains("targets");
    if (!targets || !targets->is_array() || targets->get_array().empty()) {
      return invalid_argument("a rule needs at least one target", f + ".targets")
          .with_reason(Reason::kRequired);
    }
    size_t j = 0;
    for (const auto& tv : targets->get_array()) {
      LIAISON_ASSIGN_OR_RETURN(Target t,
                               target_from_json(tv, f + ".targets[" + std::to_string(j++) + "]"));
      rule.targets.push_back(std::move(t));
    }
    l.rules.push_back(std::move(rule));
  }
  return l;
}

json::object to_json(const Ladder& l) {
  json::array rules;
  for (const auto& r : l.rules) {
    json::array targets;
    for (const auto& t : r.targets) {
      json::object to;
      if (!t.side.empty()) {
        to["side"] = t.side;
        to["tier"] = t.tier;
      } else {
        to["party"] = t.party;
        if (!t.schedule.empty()) to["schedule"] = t.schedule;
        if (!t.user.empty()) to["user"] = t.user;
      }
      targets.push_back(std::move(to));
    }
    rules.push_back(json::object{{"delay_seconds", r.delay_seconds},
                                 {"condition", to_string(r.condition)},
                                 {"tier", r.tier},
                                 {"targets", std::move(targets)}});
  }
  return json::object{{"name", l.name}, {"repeat", l.repeat}, {"rules", std::move(rules)}};
}

}  // namespace liaison::hotline
