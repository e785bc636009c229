#include "hotline/deadline_policy.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "model/request.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

// The shipped lead-outcome clock, which a policy without `lead_outcome` keeps.
constexpr int64_t kShippedLeadOutcomeDays = 30;
constexpr const char* kShippedLeadOutcomeSource = R"json({
 "en":"agreement default: the receiver of a lead records what came of it within 30 days",
 "zh-CN":"双方约定默认值：线索接收方在30日内记录处理结果"})json";

// The shipped defaults. Every number names its source in both languages, and first what
// binds the two parties: between China and the United States, the 2000 Agreement on Mutual
// Legal Assistance in Criminal Matters and each side's own law (for CN the PRC International
// Criminal Judicial Assistance Law of 2018, for US 18 U.S.C. § 2703(f) preservation). No
// instrument binding both sets hour-level times, so most numbers are "agreement default":
// the parties set them for themselves. EU and Budapest Convention figures are cited only as
// "reference practice" — China is a party to neither, and EU law does not bind the US.
constexpr const char* kDefaultPolicy = R"json({
 "clocks": [
  {"clock":"acknowledge","types":["*"],"priorities":["P0"],"amount":1,"unit":"hours","warn_before_seconds":900,
   "source":{"en":"agreement default: 1 hour; no instrument binding both parties sets this time. Reference practice: Budapest Convention Art. 35 (24/7 network, immediate assistance), to which China is not a party",
             "zh-CN":"双方约定默认值：1小时；对双方有约束力的文书未规定此时限。参考做法：《布达佩斯公约》第35条（24/7网络，即时协助），中国不是该公约缔约国"}},
  {"clock":"acknowledge","types":["*"],"priorities":["P1"],"amount":4,"unit":"hours","warn_before_seconds":3600,
   "source":{"en":"agreement default: 4 hours for urgent requests","zh-CN":"双方约定默认值：紧急请求4小时"}},
  {"clock":"acknowledge","types":["*"],"priorities":["P2","P3"],"amount":2,"unit":"business_days","warn_before_seconds":14400,
   "source":{"en":"agreement default: 2 working days of the requested party","zh-CN":"双方约定默认值：被请求方2个工作日"}},

  {"clock":"preserve","types":["preservation","expedited_traffic_data"],"priorities":["P0","P1"],"amount":24,"unit":"hours","warn_before_seconds":14400,
   "source":{"en":"agreement default: 24 hours. Binding: US data, 18 U.S.C. § 2703(f) (a provider preserves at a governmental entity's request); CN data, the PRC International Criminal Judicial Assistance Law (2018), on a request under the 2000 China–US MLA Agreement. Reference practice: Budapest Convention Art. 29(3), 30",
             "zh-CN":"双方约定默认值：24小时。约束依据：美方数据适用《美国法典》第18编第2703(f)条（服务提供者应政府机关要求保全）；中方数据适用《中华人民共和国国际刑事司法协助法》（2018年），依2000年《中美刑事司法协助协定》提出请求。参考做法：《布达佩斯公约》第29条第3款、第30条"}},
  {"clock":"preserve","types":["preservation","expedited_traffic_data"],"priorities":["P2","P3"],"amount":3,"unit":"business_days","warn_before_seconds":28800,
   "source":{"en":"agreement default: 3 working days. Binding: 18 U.S.C. § 2703(f) (US); PRC International Criminal Judicial Assistance Law (2018) (CN). Reference practice: Budapest Convention Art. 29(3)",
             "zh-CN":"双方约定默认值：3个工作日。约束依据：《美国法典》第18编第2703(f)条（美方）；《中华人民共和国国际刑事司法协助法》（2018年）（中方）。参考做法：《布达佩斯公约》第29条第3款"}},

  {"clock":"first_reply","types":["*"],"priorities":["P0"],"amount":8,"unit":"hours","warn_before_seconds":3600,
   "source":{"en":"agreement default: 8 hours in an emergency. Reference practice: EU Regulation 2023/1543 Art. 10(4), which binds neither party",
             "zh-CN":"双方约定默认值：紧急情况8小时。参考做法：欧盟第2023/1543号条例第10条第4款，对双方均无约束力"}},
  {"clock":"first_reply","types":["*"],"priorities":["P1"],"amount":2,"unit":"days","warn_before_seconds":14400,
   "source":{"en":"agreement default: 2 days for urgent requests","zh-CN":"双方约定默认值：紧急请求2日"}},
  {"clock":"first_reply","types":["*"],"priorities":["P2","P3"],"amount":5,"unit":"business_days","warn_before_seconds":86400,
   "source":{"en":"agreement default: 5 working days of the requested party","zh-CN":"双方约定默认值：被请求方5个工作日"}},

  {"clock":"fulfil","types":["ci_incident_assistance"],"priorities":["P0"],"amount":24,"unit":"hours","warn_before_seconds":7200,
   "source":{"en":"agreement default: 24 hours. Reference practice: NIS2 Directive (EU) 2022/2555 Art. 23(4)(a), early warning within 24 hours (binds neither party)",
             "zh-CN":"双方约定默认值：24小时。参考做法：欧盟NIS2指令（2022/2555）第23条第4款(a)项，24小时内预警（对双方均无约束力）"}},
  {"clock":"fulfil","types":["ci_incident_assistance"],"priorities":["P1"],"amount":72,"unit":"hours","warn_before_seconds":14400,
   "source":{"en":"agreement default: 72 hours. Reference practice: NIS2 Directive (EU) 2022/2555 Art. 23(4)(b), incident notification within 72 hours (binds neither party)",
             "zh-CN":"双方约定默认值：72小时。参考做法：欧盟NIS2指令（2022/2555）第23条第4款(b)项，72小时内事件通报（对双方均无约束力）"}},
  {"clock":"fulfil","types":["ci_incident_assistance"],"priorities":["P2","P3"],"amount":30,"unit":"days","warn_before_seconds":259200,
   "source":{"en":"agreement default: 30 days. Reference practice: NIS2 Directive (EU) 2022/2555 Art. 23(4)(d), final report within one month (binds neither party)",
             "zh-CN":"双方约定默认值：30日。参考做法：欧盟NIS2指令（2022/2555）第23条第4款(d)项，一个月内最终报告（对双方均无约束力）"}},
  {"clock":"fulfil","types":["*"],"priorities":["P0"],"amount":8,"unit":"hours","warn_before_seconds":3600,
   "source":{"en":"agreement default: 8 hours in an emergency. Reference practice: EU Regulation 2023/1543 Art. 10(4), emergency production within 8 hours (binds neither party)",
             "zh-CN":"双方约定默认值：紧急情况8小时。参考做法：欧盟第2023/1543号条例第10条第4款，紧急提交8小时（对双方均无约束力）"}},
  {"clock":"fulfil","types":["formal_mla"],"priorities":["*"],"amount":90,"unit":"days","warn_before_seconds":1209600,
   "source":{"en":"agreement default: 90 days for formal assistance under the 2000 China–US MLA Agreement, which itself sets no time limit",
             "zh-CN":"双方约定默认值：依2000年《中美刑事司法协助协定》的正式协助90日；协定本身未规定时限"}},
  {"clock":"fulfil","types":["*"],"priorities":["P1","P2","P3"],"amount":10,"unit":"days","warn_before_seconds":172800,
   "source":{"en":"agreement default: 10 days. Reference practice: EU Regulation 2023/1543 Art. 10(2), production within 10 days (binds neither party)",
             "zh-CN":"双方约定默认值：10日。参考做法：欧盟第2023/1543号条例第10条第2款，10日内提交（对双方均无约束力）"}},
  {"clock":"written_confirmation","types":["*"],"priorities":["*"],"amount":10,"unit":"days","warn_before_seconds":172800,
   "source":{"en":"China–US MLA Agreement (2000) Art. 4(1): a request accepted in another form in urgent situations is confirmed in writing within ten days. Reference practice: Budapest Convention Art. 25(3), 35",
             "zh-CN":"2000年《中美刑事司法协助协定》第4条第1款：紧急情况下以其他形式接受的请求，应在此后十日内以书面形式确认。参考做法：《布达佩斯公约》第25条第3款、第35条"}}
 ],
 "preservation": {"days": 90, "extension_days": 90,
   "source": {"en":"18 U.S.C. § 2703(f)(2): 90 days, renewable for 90 more (binding for US providers); CN: the PRC International Criminal Judicial Assistance Law (2018). Reference practice: EU Regulation 2023/1543 Art. 11 (60+30); Budapest Convention Art. 29(7) (at least 60)",
              "zh-CN":"《美国法典》第18编第2703(f)(2)条：保全90日，可再延长90日（对美国服务提供者有约束力）；中方：《中华人民共和国国际刑事司法协助法》（2018年）。参考做法：欧盟第2023/1543号条例第11条（60+30日）；《布达佩斯公约》第29条第7款（不少于60日）"}},
 "expiry_warning_days": [14, 7, 1],
 "escalation": {"missed_acknowledgement": true, "breached_deadline": true},
 "ladders": [
  {"name":"emergency","repeat":1,"rules":[
    {"delay_seconds":900,"condition":"not_acknowledged","tier":1,"targets":[{"side":"both","tier":1}]},
    {"delay_seconds":1800,"condition":"not_acknowledged","tier":2,"targets":[{"side":"both","tier":2}]},
    {"delay_seconds":3600,"condition":"not_resolved","tier":3,"targets":[{"side":"both","tier":3}]}]},
  {"name":"urgent","repeat":0,"rules":[
    {"delay_seconds":1800,"condition":"not_acknowledged","tier":1,"targets":[{"side":"both","tier":1}]},
    {"delay_seconds":7200,"condition":"not_acknowledged","tier":2,"targets":[{"side":"both","tier":2}]},
    {"delay_seconds":14400,"condition":"not_resolved","tier":3,"targets":[{"side":"both","tier":3}]}]},
  {"name":"standard","repeat":0,"rules":[
    {"delay_seconds":14400,"condition":"not_acknowledged","tier":1,"targets":[{"side":"both","tier":1}]},
    {"delay_seconds":86400,"condition":"not_resolved","tier":2,"targets":[{"side":"both","tier":2}]}]}
 ],
 "ladder_for_priority": {"P0":"emergency","P1":"urgent","P2":"standard","P3":"standard"},
 "on_arrival": [
  {"types":["*"],"priorities":["P0"],"tiers":[1],
   "source":{"en":"agreement default: a P0 request pages tier 1 when it arrives. Reference practice: Budapest Convention Art. 35 (24/7 point of contact, immediate assistance)",
             "zh-CN":"双方约定默认值：P0请求到达即呼叫第1级值班人员。参考做法：《布达佩斯公约》第35条（24/7联络点，即时协助）"}},
  {"types":["emergency_disclosure","ci_incident_assistance"],"priorities":["*"],"tiers":[1],
   "source":{"en":"agreement default: emergency disclosure and critical-infrastructure incidents page tier 1 when they arrive",
             "zh-CN":"双方约定默认值：紧急披露和关键信息基础设施事件请求到达即呼叫第1级值班人员"}}
 ]
})json";

// Public holidays shipped as data. US: federal holidays 2026 (5 U.S.C. 6103; 4 July falls on
// a Saturday and is observed on Friday 3 July). CN: the State Council's 2026 holiday
// arrangement, with the weekend days worked in exchange (调休) — check each year's notice.
constexpr const char* kHolidays = R"json({
 "US": {"holidays": ["2026-01-01","2026-01-19","2026-02-16","2026-05-25","2026-06-19","2026-07-03",
                     "2026-09-07","2026-10-12","2026-11-11","2026-11-26","2026-12-25"]},
 "CN": {"holidays": ["2026-01-01","2026-01-02","2026-01-03",
                     "2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20",
                     "2026-02-21","2026-02-22","2026-02-23",
                     "2026-04-04","2026-04-05","2026-04-06",
                     "2026-05-01","2026-05-02","2026-05-03","2026-05-04","2026-05-05",
                     "2026-06-19","2026-06-20","2026-06-21",
                     "2026-09-25","2026-09-26","2026-09-27",
                     "2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06",
                     "2026-10-07"],
        "extra_working_days": ["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20",
                               "2026-10-10"]}
})json";

bool matches(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), "*") != list.end() ||
         std::find(list.begin(), list.end(), v) != list.end();
}

bool valid_date(const std::string& d) {
  Calendar c;
  c.working_days = {1, 2, 3, 4, 5, 6, 7};
  return d.size() == 10 && c.is_working_day(d);
}

Result<std::vector<std::string>> strings(const json::object& o, const char* key,
                                         const std::string& field, bool dates) {
  std::vector<std::string> out;
  auto* v = o.if_contains(key);
  if (!v) return out;
  if (!v->is_array())
    return invalid_argument(std::string(key) + " must be an array", field)
        .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
  size_t i = 0;
  for (const auto& x : v->get_array()) {
    std::string f = field + "[" + std::to_string(i++) + "]";
    if (!x.is_string() || x.get_string().empty() || x.get_string().size() > 64) {
      return invalid_argument("expected a short string", f)
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kShortText));
    }
    if (dates && !valid_date(std::string(x.get_string()))) {
      return invalid_argument("expected a date YYYY-MM-DD", f)
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kDate));
    }
    out.emplace_back(x.get_string());
  }
  return out;
}

Result<int64_t> int_in(const json::object& o, const char* key, int64_t lo, int64_t hi,
                       const std::string& field, int64_t fallback) {
  auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_int64() || v->get_int64() < lo || v->get_int64() > hi) {
    return invalid_argument(std::string(key) + " must be an integer " + std::to_string(lo) + "-" +
                                std::to_string(hi),
                            field)
        .with_reason(Reason::kOutOfRange, {{"min", lo}, {"max", hi}});
  }
  return v->get_int64();
}

// A source that a clock or the lead outcome must have.
Result<SourceText> required_source(const json::object& o, const std::string& field) {
  auto* v = o.if_contains("source");
  SourceText s;
  if (v) {
    LIAISON_ASSIGN_OR_RETURN(s, source_from_json(*v, field));
  }
  if (s.en.empty()) {
    return invalid_argument("every number needs its source",
                            v && v->is_object() ? field + ".en" : field)
        .with_reason(Reason::kRequired);
  }
  return s;
}

json::array string_array(const auto& xs) {
  json::array a;
  for (const auto& x : xs) a.emplace_back(x);
  return a;
}

Result<std::vector<ArrivalRule>> arrival_rules_from_json(const json::value& v) {
  if (!v.is_array() || v.get_array().size() > 50) {
    return invalid_argument("on_arrival must be an array of at most 50 rules", "on_arrival")
        .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
  }
  std::vector<ArrivalRule> out;
  size_t i = 0;
  for (const auto& rv : v.get_array()) {
    std::string f = "on_arrival[" + std::to_string(i++) + "]";
    if (!rv.is_object())
      return invalid_argument("an on_arrival rule is an object", f)
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    const auto& ro = rv.get_object();
    for (const auto& kv : ro) {
      if (kv.key() != "types" && kv.key() != "priorities" && kv.key() != "tiers" &&
          kv.key() != "source") {
        return invalid_argument("unknown field '" + std::string(kv.key()) + "'",
                                f + "." + std::string(kv.key()))
            .with_reason(Reason::kUnknownField);
      }
    }
    ArrivalRule r;
    LIAISON_ASSIGN_OR_RETURN(r.types, strings(ro, "types", f + ".types", false));
    LIAISON_ASSIGN_OR_RETURN(r.priorities, strings(ro, "priorities", f + ".priorities", false));
    if (r.types.empty())
      return invalid_argument("types is required (\"*\" for all)", f + ".types")
          .with_reason(Reason::kRequired);
    if (r.priorities.empty()) {
      return invalid_argument("priorities is required (\"*\" for all)", f + ".priorities")
          .with_reason(Reason::kRequired);
    }
    for (size_t j = 0; j < r.types.size(); ++j) {
      if (r.types[j] != "*" && !model::parse_request_type(r.types[j])) {
        return invalid_argument("unknown request type '" + r.types[j] + "'",
                                f + ".types[" + std::to_string(j) + "]")
            .with_reason(Reason::kUnknownValue, {{"value", r.types[j]}});
      }
    }
    for (size_t j = 0; j < r.priorities.size(); ++j) {
      const auto& pr = r.priorities[j];
      if (pr != "*" && pr != "P0" && pr != "P1" && pr != "P2" && pr != "P3") {
        return invalid_argument("priorities are P0-P3 or *",
                                f + ".priorities[" + std::to_string(j) + "]")
            .with_reason(Reason::kNotOneOf,
                         {{"allowed", std::vector<std::string>{"P0", "P1", "P2", "P3"}}});
      }
    }
    auto* tiers = ro.if_contains("tiers");
    if (!tiers || !tiers->is_array() || tiers->get_array().size() > 3) {
      return invalid_argument("tiers must be an array of tiers 1-3 (empty: page nobody)",
                              f + ".tiers")
          .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
    }
    size_t j = 0;
    for (const auto& t : tiers->get_array()) {
      std::string tf = f + ".tiers[" + std::to_string(j++) + "]";
      if (!t.is_int64() || t.get_int64() < 1 || t.get_int64() > 3) {
        return invalid_argument("tier must be 1, 2 or 3", tf)
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{3}}});
      }
      int tier = static_cast<int>(t.get_int64());
      if (std::find(r.tiers.begin(), r.tiers.end(), tier) != r.tiers.end()) {
        return invalid_argument("tier " + std::to_string(tier) + " is listed twice", tf)
            .with_reason(Reason::kDuplicate, {{"value", std::to_string(tier)}});
      }
      r.tiers.push_back(tier);
    }
    if (auto* s = ro.if_contains("source")) {
      LIAISON_ASSIGN_OR_RETURN(r.source, source_from_json(*s, f + ".source"));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The policy's "calendar" member.
Result<Calendar> calendar_from_json(const json::object& o) {
  Calendar c;
  auto* cal = o.if_contains("calendar");
  if (!cal || !cal->is_object()) return field_required("calendar");
  const auto& co = cal->get_object();
  c.timezone = str_of(co, "timezone");
  if (!from_local("2026-01-01T00:00", c.timezone).is_ok()) {
    return invalid_argument("unknown IANA time zone", "calendar.timezone")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kTimeZone));
  }
  if (auto* wd = co.if_contains("working_days")) {
    if (!wd->is_array())
      return invalid_argument("working_days must be an array", "calendar.working_days")
          .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
    c.working_days.clear();
    for (const auto& d : wd->get_array()) {
      if (!d.is_int64() || d.get_int64() < 1 || d.get_int64() > 7) {
        return invalid_argument("working days are ISO weekdays 1-7", "calendar.working_days")
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{1}}, {"max", int64_t{7}}});
      }
      c.working_days.push_back(static_cast<int>(d.get_int64()));
    }
  }
  if (c.working_days.empty()) {
    return invalid_argument("a calendar needs at least one working day", "calendar.working_days")
        .with_reason(Reason::kRequired);
  }
  LIAISON_ASSIGN_OR_RETURN(auto hol, strings(co, "holidays", "calendar.holidays", true));
  LIAISON_ASSIGN_OR_RETURN(auto extra,
                           strings(co, "extra_working_days", "calendar.extra_working_days", true));
  c.holidays = {hol.begin(), hol.end()};
  c.extra_working_days = {extra.begin(), extra.end()};
  return c;
}

// One of the policy's "clocks" (`f` names it in errors).
Result<ClockRule> clock_rule_from_json(const json::value& cv, const std::string& f) {
  if (!cv.is_object())
    return invalid_argument("a clock rule is an object", f)
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& c = cv.get_object();
  ClockRule r;
  r.clock = str_of(c, "clock");
  bool known = false;
  for (const char* k : kClockNames) known = known || r.clock == k;
  if (!known) {
    return invalid_argument(
               "clock must be acknowledge, preserve, first_reply, fulfil or written_confirmation",
               f + ".clock")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed",
                       std::vector<std::string>(std::begin(kClockNames), std::end(kClockNames))}});
  }
  LIAISON_ASSIGN_OR_RETURN(r.types, strings(c, "types", f + ".types", false));
  LIAISON_ASSIGN_OR_RETURN(r.priorities, strings(c, "priorities", f + ".priorities", false));
  if (r.types.empty() || r.priorities.empty()) {
    return invalid_argument("types and priorities are required (\"*\" for all)", f + ".types")
        .with_reason(Reason::kRequired);
  }
  for (const auto& pr : r.priorities) {
    if (pr != "*" && pr != "P0" && pr != "P1" && pr != "P2" && pr != "P3") {
      return invalid_argument("priorities are P0-P3 or *", f + ".priorities")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"P0", "P1", "P2", "P3", "*"}}});
    }
  }
  LIAISON_ASSIGN_OR_RETURN(r.amount, int_in(c, "amount", 0, 100000, f + ".amount", -1));
  if (r.amount < 0) {
    return invalid_argument("amount is required", f + ".amount").with_reason(Reason::kRequired);
  }
  auto unit = parse_unit(str_of(c, "unit"));
  if (!unit)
    return invalid_argument("unit must be seconds, minutes, hours, days or business_days",
                            f + ".unit")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"seconds", "minutes", "hours", "days",
                                                           "business_days"}}});
  r.unit = *unit;
  LIAISON_ASSIGN_OR_RETURN(r.source, required_source(c, f + ".source"));
  LIAISON_ASSIGN_OR_RETURN(r.warn_before_seconds, int_in(c, "warn_before_seconds", 0, 90 * 86400,
                                                         f + ".warn_before_seconds", 0));
  return r;
}

const ClockRule* shipped_written_confirmation_rule() {
  static const DeadlinePolicy* shipped = new DeadlinePolicy(default_policy("", "UTC"));
  return shipped->rule_for("*", "*", "written_confirmation");
}

std::vector<ArrivalRule> shipped_arrival_rules() {
  json::value v = json::parse(kDefaultPolicy);
  auto rules = arrival_rules_from_json(v.as_object().at("on_arrival"));
  if (!rules.is_ok()) std::abort();  // the shipped text is broken: a build defect
  return std::move(*rules);
}

}  // namespace

const ClockRule* DeadlinePolicy::rule_for(const std::string& type, const std::string& priority,
                                          const std::string& clock) const {
  for (const auto& r : clocks) {
    if (r.clock == clock && matches(r.types, type) && matches(r.priorities, priority)) return &r;
  }
  return nullptr;
}

std::vector<int> DeadlinePolicy::arrival_tiers(const std::string& type,
                                               const std::string& priority) const {
  for (const auto& r : on_arrival) {
    if (matches(r.types, type) && matches(r.priorities, priority)) return r.tiers;
  }
  return {};
}

const Ladder* DeadlinePolicy::ladder_for(const std::string& priority) const {
  auto it = ladder_for_priority.find(priority);
  std::string name = it == ladder_for_priority.end() ? "" : it->second;
  for (const auto& l : ladders) {
    if (l.name == name) return &l;
  }
  return ladders.empty() ? nullptr : &ladders.front();
}

Result<SourceText> source_from_json(const json::value& v, const std::string& field) {
  SourceText s;
  auto text = [&](const json::value& t, const std::string& f, std::string& out) -> Status {
    if (!t.is_string()) return field_wrong_type(f, "string");
    if (t.get_string().size() > kMaxSourceBytes) {
      return invalid_argument(f + " is longer than " + std::to_string(kMaxSourceBytes) + " bytes",
                              f)
          .with_reason(Reason::kTooLong, {{"max", static_cast<int64_t>(kMaxSourceBytes)}});
    }
    out = std::string(t.get_string());
    return Status::ok();
  };
  if (v.is_string()) {
    LIAISON_RETURN_IF_ERROR(text(v, field, s.en));
    return s;
  }
  if (!v.is_object()) return field_wrong_type(field, "string or object");
  for (const auto& kv : v.get_object()) {
    if (kv.key() != "en" && kv.key() != "zh-CN") {
      return invalid_argument("a source has en and zh-CN", field + "." + std::string(kv.key()))
          .with_reason(Reason::kUnknownField);
    }
  }
  for (auto [lang, out] : {std::pair{"en", &s.en}, {"zh-CN", &s.zh}}) {
    const json::value* t = v.get_object().if_contains(lang);
    if (!t) return field_required(field + "." + lang);
    LIAISON_RETURN_IF_ERROR(text(*t, field + "." + lang, *out));
  }
  return s;
}

json::value source_json(const SourceText& s) {
  if (s.zh.empty()) return json::string(s.en);
  return json::object{{"en", s.en}, {"zh-CN", s.zh}};
}

TimePoint DeadlinePolicy::lead_outcome_due(TimePoint submitted_at) const {
  return submitted_at + std::chrono::days(lead_outcome_days);
}

DeadlinePolicy default_policy(const std::string& party, const std::string& timezone) {
  json::value v = json::parse(kDefaultPolicy);
  json::object& o = v.as_object();
  json::object cal{{"timezone", timezone}, {"working_days", json::array{1, 2, 3, 4, 5}}};
  json::value holidays = json::parse(kHolidays);
  if (auto* h = holidays.as_object().if_contains(party)) {
    for (const auto& kv : h->as_object()) cal[kv.key()] = kv.value();
  }
  o["calendar"] = std::move(cal);
  o["lead_outcome"] = json::object{{"days", kShippedLeadOutcomeDays},
                                   {"source", json::parse(kShippedLeadOutcomeSource)}};
  auto p = policy_from_json(v);
  if (!p.is_ok() && timezone != "UTC") {
    // A zone name the tz database does not know (the shipped text itself is checked by a
    // test): count in UTC rather than fail every read.
    return default_policy(party, "UTC");
  }
  if (!p.is_ok()) std::abort();  // the shipped text is broken: a build defect
  return std::move(*p);
}

namespace {

// {"days": 1-3650, "source": "…"} (a source is required with days), or absent.
Status lead_outcome_from_json(const json::object& o, DeadlinePolicy& p) {
  p.lead_outcome_days = kShippedLeadOutcomeDays;
  p.lead_outcome_source = *source_from_json(json::parse(kShippedLeadOutcomeSource), "");
  auto* lo = o.if_contains("lead_outcome");
  if (!lo) return Status::ok();
  p.lead_outcome_given = true;
  if (!lo->is_object())
    return invalid_argument("lead_outcome is an object", "lead_outcome")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& lv = lo->get_object();
  LIAISON_ASSIGN_OR_RETURN(p.lead_outcome_days, int_in(lv, "days", 1, 3650, "lead_outcome.days",
                                                       kShippedLeadOutcomeDays));
  LIAISON_ASSIGN_OR_RETURN(p.lead_outcome_source, required_source(lv, "lead_outcome.source"));
  return Status::ok();
}

// {"days", "extension_days"?, "source"?}, or absent (the defaults in DeadlinePolicy).
Status preservation_from_json(const json::object& o, DeadlinePolicy& p) {
  auto* pres = o.if_contains("preservation");
  if (!pres) return Status::ok();
  if (!pres->is_object())
    return invalid_argument("preservation is an object", "preservation")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& po = pres->get_object();
  LIAISON_ASSIGN_OR_RETURN(p.preservation_days,
                           int_in(po, "days", 1, 3650, "preservation.days", 90));
  LIAISON_ASSIGN_OR_RETURN(p.preservation_extension_days,
                           int_in(po, "extension_days", 0, 3650, "preservation.extension_days", 0));
  if (auto* s = po.if_contains("source")) {
    LIAISON_ASSIGN_OR_RETURN(p.preservation_source, source_from_json(*s, "preservation.source"));
  }
  return Status::ok();
}

// {"P0": ladder name, …}: each names a ladder the policy has, or absent.
Status ladder_for_priority_from_json(const json::object& o, DeadlinePolicy& p) {
  auto* lp = o.if_contains("ladder_for_priority");
  if (!lp) return Status::ok();
  if (!lp->is_object())
    return invalid_argument("ladder_for_priority is an object", "ladder_for_priority")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  for (const auto& kv : lp->get_object()) {
    std::string pr(kv.key());
    if (pr != "P0" && pr != "P1" && pr != "P2" && pr != "P3") {
      return invalid_argument("keys are P0-P3", "ladder_for_priority")
          .with_reason(Reason::kNotOneOf,
                       {{"allowed", std::vector<std::string>{"P0", "P1", "P2", "P3"}}});
    }
    if (!kv.value().is_string())
      return invalid_argument("values are ladder names", "ladder_for_priority." + pr)
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    std::string name(kv.value().get_string());
    bool found = false;
    for (const auto& l : p.ladders) found = found || l.name == name;
    if (!found)
      return invalid_argument("no ladder named '" + name + "'", "ladder_for_priority." + pr)
          .with_reason(Reason::kUnknownValue, {{"value", name}});
    p.ladder_for_priority[pr] = name;
  }
  return Status::ok();
}

}  // namespace

Result<DeadlinePolicy> policy_from_json(const json::value& v) {
  if (!v.is_object())
    return invalid_argument("a policy is a JSON object", "")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const auto& o = v.get_object();
  for (const auto& kv : o) {
    static const char* kKeys[] = {
        "party",        "calendar",   "clocks",  "preservation",        "expiry_warning_days",
        "lead_outcome", "escalation", "ladders", "ladder_for_priority", "on_arrival",
        "updated_at",   "version"};
    bool known = false;
    for (const char* k : kKeys) known = known || kv.key() == k;
    if (!known)
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
  }
  DeadlinePolicy p;
  LIAISON_ASSIGN_OR_RETURN(p.calendar, calendar_from_json(o));

  auto* clocks = o.if_contains("clocks");
  if (!clocks || !clocks->is_array() || clocks->get_array().size() > 200) {
    return field_wrong_type("clocks", "array");
  }
  size_t i = 0;
  for (const auto& cv : clocks->get_array()) {
    std::string f = "clocks[" + std::to_string(i++) + "]";
    LIAISON_ASSIGN_OR_RETURN(ClockRule r, clock_rule_from_json(cv, f));
    p.clocks.push_back(std::move(r));
  }
  LIAISON_RETURN_IF_ERROR(preservation_from_json(o, p));
  LIAISON_RETURN_IF_ERROR(lead_outcome_from_json(o, p));
  if (auto* w = o.if_contains("expiry_warning_days")) {
    if (!w->is_array()) return field_wrong_type("expiry_warning_days", "array");
    p.expiry_warning_days.clear();
    for (const auto& d : w->get_array()) {
      if (!d.is_int64() || d.get_int64() < 0 || d.get_int64() > 365) {
        return invalid_argument("warning days are integers 0-365", "expiry_warning_days")
            .with_reason(Reason::kOutOfRange, {{"min", int64_t{0}}, {"max", int64_t{365}}});
      }
      p.expiry_warning_days.push_back(d.get_int64());
    }
  }
  if (auto* e = o.if_contains("escalation"); e && e->is_object()) {
    if (auto* m = e->get_object().if_contains("missed_acknowledgement"); m && m->is_bool()) {
      p.escalate_missed_ack = m->get_bool();
    }
    if (auto* b = e->get_object().if_contains("breached_deadline"); b && b->is_bool()) {
      p.escalate_breached_deadline = b->get_bool();
    }
  }
  auto* ladders = o.if_contains("ladders");
  if (!ladders || !ladders->is_array() || ladders->get_array().empty() ||
      ladders->get_array().size() > 20) {
    return invalid_argument("ladders must be an array of 1-20 ladders", "ladders")
        .with_reason(Reason::kWrongType, {{"type", std::string("array")}});
  }
  i = 0;
  for (const auto& lv : ladders->get_array()) {
    LIAISON_ASSIGN_OR_RETURN(Ladder l,
                             ladder_from_json(lv, "ladders[" + std::to_string(i++) + "]"));
    p.ladders.push_back(std::move(l));
  }
  LIAISON_RETURN_IF_ERROR(ladder_for_priority_from_json(o, p));
  if (auto* oa = o.if_contains("on_arrival")) {
    LIAISON_ASSIGN_OR_RETURN(p.on_arrival, arrival_rules_from_json(*oa));
    p.on_arrival_given = true;
  } else {
    p.on_arrival = shipped_arrival_rules();
  }
  return p;
}

json::object to_json(const DeadlinePolicy& p) {
  json::array clocks;
  for (const auto& r : p.clocks) {
    clocks.push_back(json::object{{"clock", r.clock},
                                  {"types", string_array(r.types)},
                                  {"priorities", string_array(r.priorities)},
                                  {"amount", r.amount},
                                  {"unit", to_string(r.unit)},
                                  {"source", source_json(r.source)},
                                  {"warn_before_seconds", r.warn_before_seconds}});
  }
  json::array ladders;
  for (const auto& l : p.ladders) ladders.push_back(to_json(l));
  json::object lfp;
  for (const auto& [k, v] : p.ladder_for_priority) lfp[k] = v;
  json::array warn;
  for (auto d : p.expiry_warning_days) warn.emplace_back(d);
  json::object out{
      {"calendar",
       json::object{{"timezone", p.calendar.timezone},
                    {"working_days", string_array(p.calendar.working_days)},
                    {"holidays", string_array(p.calendar.holidays)},
                    {"extra_working_days", string_array(p.calendar.extra_working_days)}}},
      {"clocks", std::move(clocks)},
      {"preservation", json::object{{"days", p.preservation_days},
                                    {"extension_days", p.preservation_extension_days},
                                    {"source", source_json(p.preservation_source)}}},
      {"expiry_warning_days", std::move(warn)},
      {"escalation", json::object{{"missed_acknowledgement", p.escalate_missed_ack},
                                  {"breached_deadline", p.escalate_breached_deadline}}},
      {"ladders", std::move(ladders)},
      {"ladder_for_priority", std::move(lfp)}};
  if (p.on_arrival_given) {
    json::array rules;
    for (const auto& r : p.on_arrival) {
      json::object ro{{"types", string_array(r.types)},
                      {"priorities", string_array(r.priorities)},
                      {"tiers", string_array(r.tiers)}};
      if (!r.source.empty()) ro["source"] = source_json(r.source);
      rules.push_back(std::move(ro));
    }
    out["on_arrival"] = std::move(rules);
  }
  if (p.lead_outcome_given) {
    out["lead_outcome"] =
        json::object{{"days", p.lead_outcome_days}, {"source", source_json(p.lead_outcome_source)}};
  }
  return out;
}

Result<DeadlinePlan> plan_deadlines(const RequestFacts& f, const DeadlinePolicy& p) {
  DeadlinePlan plan;
  Deadlines& d = plan.fixed;
  // The requested party's signed acknowledgement says it has the request, receipt or not: the
  // clocks start at its receipt, else at the latest at the acknowledgement.
  const std::optional<TimePoint> received = f.received_at ? f.received_at : f.acknowledged_at;
  d.started_at = received;
  for (const auto& pause : f.pauses) d.paused = d.paused || !pause.to;
  bool finished = f.state == "withdrawn" || f.state == "closed" || f.state == "refused" ||
                  f.state == "fulfilled";
  for (const char* name : kClockNames) {
    const bool written = std::string_view(name) == "written_confirmation";
    if (written && !f.oral) continue;
    const ClockRule* rule = p.rule_for(f.type, f.priority, name);
    // A policy published before the clock existed: the shipped rule.
    if (!rule && written) rule = shipped_written_confirmation_rule();
    if (!rule) continue;
    ClockStatus c;
    c.clock = name;
    c.amount = rule->amount;
    c.unit = rule->unit;
    c.source = rule->source;
    std::string clock = name;
    c.met_at = clock == "acknowledge"   ? f.acknowledged_at
               : clock == "preserve"    ? f.preserved_at
               : clock == "first_reply" ? f.first_reply_at
               : written                ? f.written_confirmed_at
                                        : f.finished_at;
    if (!received) {
      c.state = "not_started";
      d.clocks.push_back(std::move(c));
      continue;
    }
    // The requester's clock does not stop while the requested party waits for information.
    const std::vector<Pause> no_pauses;
    const std::vector<Pause>& pauses = written ? no_pauses : f.pauses;
    LIAISON_ASSIGN_OR_RETURN(auto due,
                             due_time(*received, rule->amount, rule->unit, pauses, p.calendar));
    std::optional<TimePoint> frozen_at;
    if (!due) {
      // An open pause: show the time that was left when the pause began.
      std::vector<Pause> closed;
      for (const auto& pause : f.pauses) {
        if (pause.to) {
          closed.push_back(pause);
        } else {
          frozen_at = pause.from;
        }
      }
      LIAISON_ASSIGN_OR_RETURN(due,
                               due_time(*received, rule->amount, rule->unit, closed, p.calendar));
    }
    if (c.met_at) {
      c.due_at = due;
      c.state = (due && *c.met_at > *due) ? "met_late" : "met";
    } else if (frozen_at && due && *due > *frozen_at) {
      c.state = "paused";
      c.remaining_seconds =
          std::chrono::duration_cast<std::chrono::seconds>(*due - *frozen_at).count();
    } else if (finished) {
      c.due_at = due;
      c.state = "stopped";
    } else {
      // Running: its state and the seconds left are the time's (deadlines_at).
      c.due_at = due;
      plan.running.push_back({d.clocks.size(), rule->warn_before_seconds});
    }
    d.clocks.push_back(std::move(c));
  }
  if (f.preserved_until) {
    ClockStatus c;
    c.clock = "preservation_expiry";
    c.amount = p.preservation_days;
    c.unit = Unit::kDays;
    c.source = p.preservation_source;
    c.due_at = f.preserved_until;
    int64_t first_warning = 0;
    for (auto days : p.expiry_warning_days) first_warning = std::max(first_warning, days * 86400);
    plan.expiry =
        DeadlinePlan::Expiry{d.clocks.size(), first_warning, finished && f.state != "fulfilled"};
    d.clocks.push_back(std::move(c));
  }
  return plan;
}

Deadlines deadlines_at(const DeadlinePlan& plan, TimePoint now) {
  Deadlines d = plan.fixed;
  for (const auto& r : plan.running) {
    ClockStatus& c = d.clocks[r.clock];
    if (!c.due_at) continue;  // (a running clock always has a due time)
    int64_t left = std::chrono::duration_cast<std::chrono::seconds>(*c.due_at - now).count();
    c.remaining_seconds = left;
    // Time is up at the due instant itself: a deadline of 06:30 is missed at 06:30.
    c.state = *c.due_at <= now ? "overdue" : "running";
    c.warn = *c.due_at <= now || left <= r.warn_before_seconds;
  }
  if (plan.expiry) {
    ClockStatus& c = d.clocks[plan.expiry->clock];
    int64_t left = std::chrono::duration_cast<std::chrono::seconds>(*c.due_at - now).count();
    c.remaining_seconds = left;
    c.state = left < 0 ? "overdue" : (plan.expiry->stopped ? "stopped" : "running");
    c.warn = left <= plan.expiry->first_warning;
  }
  return d;
}

Result<Deadlines> compute_deadlines(const RequestFacts& f, const DeadlinePolicy& p, TimePoint now) {
  LIAISON_ASSIGN_OR_RETURN(DeadlinePlan plan, plan_deadlines(f, p));
  return deadlines_at(plan, now);
}

json::object to_json(const Deadlines& d, const std::string& party, const std::string& timezone) {
  json::array clocks;
  for (const auto& c : d.clocks) {
    json::object o{{"clock", c.clock},
                   {"amount", c.amount},
                   {"unit", to_string(c.unit)},
                   {"source", c.source.in("en")},
                   {"source_by_lang",
                    json::object{{"en", c.source.in("en")}, {"zh-CN", c.source.in("zh-CN")}}},
                   {"due_at", c.due_at ? format_rfc3339(*c.due_at) : ""},
                   {"met_at", c.met_at ? format_rfc3339(*c.met_at) : ""},
                   {"state", c.state},
                   {"warn", c.warn}};
    o["remaining_seconds"] =
        c.remaining_seconds ? json::value(*c.remaining_seconds) : json::value();
    clocks.push_back(std::move(o));
  }
  return json::object{{"started_at", d.started_at ? format_rfc3339(*d.started_at) : ""},
                      {"paused", d.paused},
                      {"calendar", json::object{{"party", party}, {"timezone", timezone}}},
                      {"clocks", std::move(clocks)}};
}

}  // namespace liaison::hotline
