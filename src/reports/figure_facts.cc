// The figures' facts of each record (issue 16's speed): of every record of a kind the figures
// count, apply() keeps the few members they read in projection table report_facts, one row a
// record, keyed by its chain position. A report then reads ~70 bytes a record instead of the
// whole signed body, and `verify` rebuilds the table from the records and compares it like
// every other projection. figures() over records reduces each payload with the same function
// (record_facts), so both paths see the same facts.
//
// A row's document is a run of fields, each a tag byte, the value's length in decimal, ':'
// and the value's bytes ("K1:eT13:1775001600000R2:USO36:…e11:acknowledge"): read without a
// JSON parse, and about a third of the JSON it replaced (schema step reports/5).
#include <boost/json.hpp>
#include <charconv>
#include <cstdio>

#include "hotline/kinds.h"
#include "ledger/kinds.h"
#include "reports/figures_internal.h"
#include "reports/kinds.h"
#include "requests/kinds.h"
#include "sharing/kinds.h"

namespace liaison::reports {

namespace json = boost::json;

namespace detail {

namespace {

// The kinds with facts, each with its one-byte code in a row and whether the figures read its
// object id (the others' rows leave it out).
struct FactsKind {
  const char* kind;
  char code;
  bool object_id;
};
constexpr FactsKind kFactsKinds[] = {{requests::kRequestEvent, 'e', true},
                                     {requests::kMessagePost, 'm', false},
                                     {ledger::kReceipt, 'r', false},
                                     {hotline::kPolicyPublish, 'p', false},
                                     {kAssessResponse, 'a', false},
                                     {kAssessRequest, 'A', false},
                                     {sharing::kIndicatorSet, 'i', true},
                                     {sharing::kSighting, 's', true},
                                     {sharing::kSightingFeedback, 'f', true},
                                     {kLeadOutcome, 'l', false},
                                     {kCasePropose, 'c', true},
                                     {kCaseAccept, 'C', true},
                                     {kCaseStatus, 'S', true},
                                     {hotline::kEscalationOpen, 'o', true},
                                     {hotline::kEscalationAck, 'k', true},
                                     {hotline::kEscalationResolve, 'R', true},
                                     {hotline::kHotlineContact, 'h', false},
                                     {hotline::kDrillStart, 'd', true},
                                     {hotline::kDrillPage, 'g', false},
                                     {hotline::kDrillAck, 'G', false}};

const FactsKind* facts_kind(std::string_view kind) {
  for (const FactsKind& k : kFactsKinds) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

const FactsKind* facts_kind(char code) {
  for (const FactsKind& k : kFactsKinds) {
    if (code == k.code) return &k;
  }
  return nullptr;
}

std::string_view sv_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::optional<int64_t> int_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? std::optional<int64_t>(v->get_int64()) : std::nullopt;
}

bool true_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

void event_facts(const json::object& p, std::string& args, RecordFacts& f) {
  f.event = sv_of(p, "event");
  if (auto* a = p.if_contains("args"); a && a->is_object()) {
    args = json::serialize(*a);
    f.args = args;
  }
  auto* content = p.if_contains("content");
  if (f.event == "submit" && content && content->is_object()) {
    const json::object& c = content->get_object();
    f.submission = true;
    f.requesting = sv_of(c, "requesting_party");
    f.requested = sv_of(c, "requested_party");
    f.type = sv_of(c, "type");
    f.priority = sv_of(c, "priority");
    f.area = sv_of(c, "priority_area");
  }
}

void hotline_facts(std::string_view kind, const json::object& p, RecordFacts& f) {
  if (kind == hotline::kEscalationOpen) {
    f.name = sv_of(p, "trigger");
  } else if (kind == hotline::kHotlineContact) {
    f.flag = true_of(p, "drill");
    f.time = sv_of(p, "started_at");
    f.number = int_or(p, "tier", 0);
  } else if (kind == hotline::kDrillStart) {
    f.time = sv_of(p, "scheduled_for");
    f.number = int_or(p, "ack_within_seconds", 0);
    if (auto* t = p.if_contains("tiers"); t && t->is_array()) {
      for (const auto& x : t->get_array()) {
        if (x.is_int64()) f.tiers.push_back(x.get_int64());
      }
    }
  } else if (kind == hotline::kDrillPage || kind == hotline::kDrillAck) {
    f.name = sv_of(p, "drill_id");
    f.number = int_or(p, "tier", 0);
  }  // escalation.ack and .resolve: the head says it all
}

// ---- a row's document --------------------------------------------------------------------

void put(std::string& out, char tag, std::string_view value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value.size()).ptr;
  out += tag;
  out.append(digits, end);
  out += ':';
  out += value;
}

void put(std::string& out, char tag, int64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  put(out, tag, std::string_view(digits, end - digits));
}

// Each string fact and its tag: empty and absent read the same, so an empty one is left out.
template <typename F>
void each_text(F&& f, auto& facts) {
  f('e', facts.event);
  f('a', facts.args);
  f('q', facts.requesting);
  f('d', facts.requested);
  f('y', facts.type);
  f('p', facts.priority);
  f('x', facts.area);
  f('i', facts.request_id);
  f('m', facts.name);
  f('z', facts.time);
  f('w', facts.whole);
}

std::optional<int64_t> to_int(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bool reads_whole(std::string_view kind) {
  return kind == hotline::kPolicyPublish || kind == kCasePropose || kind == kCaseAccept ||
         kind == kCaseStatus;
}

RecordFacts record_facts(std::string_view kind, const json::object& p, std::string_view whole,
                         std::string& scratch) {
  RecordFacts f;
  if (kind == requests::kRequestEvent) {
    event_facts(p, scratch, f);
  } else if (kind == kAssessResponse || kind == kAssessRequest) {
    f.request_id = sv_of(p, "request_id");
    for (const auto& kv : p) {
      if (kv.value().is_int64()) f.scores.emplace_back(kv.key(), kv.value().get_int64());
    }
  } else if (kind == sharing::kIndicatorSet) {
    if (auto* added = p.if_contains("added"); added && added->is_array()) {
      f.number = static_cast<int64_t>(added->get_array().size());
    }
  } else if (reads_whole(kind)) {
    f.whole = whole;  // rare kinds the figures read whole: policies and priority cases
  } else if (kind == requests::kMessagePost) {
    f.request_id = sv_of(p, "request_id");
  } else if (kind == ledger::kReceipt) {
    f.name = sv_of(p, "origin");
    f.number = int_of(p, "up_to_seq");
    f.time = sv_of(p, "received_at");
  } else if (kind == sharing::kSighting) {
    f.name = sv_of(p, "set_id");
  } else if (kind == sharing::kSightingFeedback) {
    f.flag = true_of(p, "false_positive");
  } else if (kind == kLeadOutcome) {
    f.request_id = sv_of(p, "request_id");
    f.name = sv_of(p, "outcome");
  } else {
    hotline_facts(kind, p, f);
  }
  return f;
}

std::string encode_facts(const Head& h, bool timed, const RecordFacts& f) {
  std::string out;
  out.reserve(96 + f.whole.size() + f.args.size());
  const FactsKind* k = facts_kind(h.kind);
  put(out, 'K', std::string_view(k ? &k->code : "?", 1));
  if (timed) put(out, 'T', static_cast<int64_t>(h.at.time_since_epoch().count()));
  put(out, 'R', h.recipients_csv);
  if (k && k->object_id) put(out, 'O', h.object_id);
  each_text(
      [&](char tag, std::string_view v) {
        if (!v.empty()) put(out, tag, v);
      },
      f);
  if (f.submission) put(out, 'U', std::string_view());
  if (f.number) put(out, 'n', *f.number);
  if (f.flag) put(out, 'b', std::string_view());
  for (const auto& [key, value] : f.scores) {
    put(out, 'k', key);
    put(out, 'v', value);
  }
  for (int64_t t : f.tiers) put(out, 't', t);
  return out;
}

bool decode_facts(std::string_view doc, Head& h, RecordFacts& f) {
  bool kind = false, at = false, scored = false;
  while (!doc.empty()) {
    const char tag = doc[0];
    size_t size = 0, i = 1;
    for (; i < doc.size() && doc[i] >= '0' && doc[i] <= '9' && i < 12; ++i)
      size = size * 10 + static_cast<size_t>(doc[i] - '0');
    if (i == 1 || i >= doc.size() || doc[i] != ':' || doc.size() - i - 1 < size) return false;
    const std::string_view v = doc.substr(i + 1, size);
    doc.remove_prefix(i + 1 + size);
    bool text = false;
    each_text(
        [&](char t, std::string_view& field) {
          if (t != tag) return;
          field = v;
          text = true;
        },
        f);
    if (text) continue;
    switch (tag) {
      case 'K': {
        const FactsKind* k = v.size() == 1 ? facts_kind(v[0]) : nullptr;
        if (!k) return false;
        h.kind = k->kind;
        kind = true;
        break;
      }
      case 'T': {
        auto ms = to_int(v);
        if (!ms) return false;
        h.at = TimePoint(std::chrono::milliseconds(*ms));
        at = true;
        break;
      }
      case 'R':
        h.recipients_csv = v;
        break;
      case 'O':
        h.object_id = v;
        break;
      case 'U':
        f.submission = true;
        break;
      case 'b':
        f.flag = true;
        break;
      case 'n':
        if (!(f.number = to_int(v))) return false;
        break;
      case 'k':
        f.scores.emplace_back(v, 0);
        scored = true;
        break;
      case 'v': {
        auto n = to_int(v);
        if (!n || !scored) return false;
        f.scores.back().second = *n;
        scored = false;
        break;
      }
      case 't': {
        auto n = to_int(v);
        if (!n) return false;
        f.tiers.push_back(*n);
        break;
      }
      default:
        return false;
    }
  }
  return kind && at && !scored;
}

std::string facts_doc(const ledger::Record& r, const json::object& payload) {
  std::string recipients;
  for (const auto& party : r.recipients) {
    if (!recipients.empty()) recipients += ',';
    recipients += party;
  }
  const std::string whole = reads_whole(r.kind) ? json::serialize(payload) : "";
  std::string args;
  const RecordFacts facts = record_facts(r.kind, payload, whole, args);
  // A signed time that does not parse is left out: the row then reads as damaged, as the
  // figures cannot place the record.
  auto at = parse_rfc3339(r.created_at);
  const Head h{.kind = r.kind,
               .object_id = r.object_id,
               .at = at.value_or(TimePoint()),
               .recipients_csv = recipients};
  return encode_facts(h, at.has_value(), facts);
}

}  // namespace detail

std::string facts_id(std::string_view origin, int64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%016lld", static_cast<long long>(seq));
  return std::string(origin) + ":" + digits;
}

namespace {

Status apply_facts(const ledger::Record& r, const json::object& payload, ledger::Projections& p) {
  return p.put(kFactsTable, facts_id(r.origin, r.seq), detail::facts_doc(r, payload),
               r.origin + ":" + std::to_string(r.seq));
}

constexpr ledger::ObserverSpec kObservers[] = {{requests::kRequestEvent, apply_facts},
                                               {requests::kMessagePost, apply_facts},
                                               {ledger::kReceipt, apply_facts},
                                               {hotline::kPolicyPublish, apply_facts},
                                               {kAssessResponse, apply_facts},
                                               {kAssessRequest, apply_facts},
                                               {sharing::kIndicatorSet, apply_facts},
                                               {sharing::kSighting, apply_facts},
                                               {sharing::kSightingFeedback, apply_facts},
                                               {kLeadOutcome, apply_facts},
                                               {kCasePropose, apply_facts},
                                               {kCaseAccept, apply_facts},
                                               {kCaseStatus, apply_facts},
                                               {hotline::kEscalationOpen, apply_facts},
                                               {hotline::kEscalationAck, apply_facts},
                                               {hotline::kEscalationResolve, apply_facts},
                                               {hotline::kHotlineContact, apply_facts},
                                               {hotline::kDrillStart, apply_facts},
                                               {hotline::kDrillPage, apply_facts},
                                               {hotline::kDrillAck, apply_facts}};

}  // namespace

std::span<const ledger::ObserverSpec> facts_observers() { return kObservers; }

}  // namespace liaison::reports
