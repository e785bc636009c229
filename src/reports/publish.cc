// Reports: generating, publishing, recomputing and attesting (reports/service.h).
//
// Which records a report counts: those both parties hold (figures.h). The publisher fixes
// the set by the positions it cuts at: its own chain's head and the head of the other
// party's chain as it holds it. The other party holds its own chain past its position, and
// the publisher's chain up to the report record itself (records arrive in chain order), so
// both read exactly the same records.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "node/audit.h"
#include "node/store_helpers.h"
#include "reports/kinds.h"
#include "reports/repository.h"
#include "reports/service.h"

namespace liaison::reports {

namespace json = boost::json;
using node::Actor;
using node::Node;

Result<std::string> counterparty(Node& node, const std::string& wanted) {
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  std::vector<std::string> others;
  for (const auto& p : parties) {
    if (!p.is_local && p.code != node.party()) others.push_back(p.code);
  }
  if (!wanted.empty()) {
    if (wanted == node.party())
      return invalid_argument("the other party must be another party than this one", "party")
          .with_reason(Reason::kSelfRequest);
    for (const auto& o : others) {
      if (o == wanted) return wanted;
    }
    return no_such("party", wanted, "party");
  }
  if (others.size() != 1) {
    return invalid_argument(
               "name the other party (this node knows " + std::to_string(others.size()) + ")",
               "party")
        .with_reason(Reason::kRequired);
  }
  return others.front();
}

namespace {

json::array positions_json(const std::vector<Position>& positions) {
  json::array a;
  for (const auto& p : positions) {
    a.push_back(json::object{{"origin", p.origin}, {"seq", p.seq}, {"hash", p.hash}});
  }
  return a;
}

// Key fingerprints as evidence packages print them: the first 16 bytes of the SHA-256 of
// the raw Ed25519 public key, in hex.
Result<json::object> fingerprints(Node& node) {
  LIAISON_ASSIGN_OR_RETURN(auto keys, node.party_keys());
  json::object out;
  for (const auto& [party, key] : keys) out[party] = sha256_hex(key).substr(0, 32);
  return out;
}

// The report as the API shows it: its document, `jointly_attested` and each party's key
// fingerprint, and the figures parsed (or left out).
Result<json::object> report_view(Node& node, const PublishedReport& r, bool with_figures) {
  LIAISON_ASSIGN_OR_RETURN(json::object fps, fingerprints(node));
  json::object doc = to_doc(r);
  doc["jointly_attested"] = r.state == "jointly_attested";
  json::array signers{
      json::object{{"party", r.party}, {"role", "publisher"}, {"key_fingerprint", fps[r.party]}}};
  for (const auto& a : r.attestations) {
    signers.push_back(
        json::object{{"party", a.party}, {"role", a.kind}, {"key_fingerprint", fps[a.party]}});
  }
  doc["signatures"] = std::move(signers);
  if (with_figures) {
    boost::system::error_code ec;
    json::value figures = json::parse(r.figures, ec);
    if (ec) return internal_error("report " + r.id + " is damaged: its figures are not JSON");
    doc["figures"] = std::move(figures);
  } else {
    doc.erase("figures");
  }
  return doc;
}

Result<PublishedReport> load_report(Node& node, const std::string& id) {
  std::optional<PublishedReport> r;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(r, published_report(db, id));
    return Status::ok();
  }));
  if (!r) return no_such("report", id);
  return std::move(*r);
}

Status check_only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : keys) known = known || kv.key() == k;
    if (!known) {
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'",
                              std::string(kv.key()))
          .with_reason(Reason::kUnknownField);
    }
  }
  return Status::ok();
}

}  // namespace

Result<ReportSpec> report_spec_from_json(const json::value& body) {
  if (!body.is_object())
    return invalid_argument("the body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  LIAISON_RETURN_IF_ERROR(check_only_keys(o, {"from", "to", "party"}));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "from", 64, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "to", 64, true));
  LIAISON_RETURN_IF_ERROR(check_string_field(o, "party", 16, false));
  ReportSpec spec{{str_of(o, "from"), str_of(o, "to")}, str_of(o, "party")};
  LIAISON_RETURN_IF_ERROR(check_period(spec.period));
  return spec;
}

Result<ComputedReport> compute_report(Node& node, const ReportSpec& spec) {
  LIAISON_RETURN_IF_ERROR(check_period(spec.period));
  LIAISON_ASSIGN_OR_RETURN(std::string other, counterparty(node, spec.party));
  ComputedReport out;
  std::optional<FiguresBuilder> builder;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    for (const std::string& origin : {node.party(), other}) {
      LIAISON_ASSIGN_OR_RETURN(Position p, head_of(db, origin));
      out.positions.push_back(std::move(p));
    }
    LIAISON_ASSIGN_OR_RETURN(builder, FiguresBuilder::start(spec.period, out.positions));
    return read_for_figures(db, out.positions, *builder);
  }));
  LIAISON_ASSIGN_OR_RETURN(out.figures, builder->finish());
  return out;
}

Result<std::string> publish_report(Node& node, const Actor& actor, const ReportSpec& spec) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kReportWriters, actor, "publish reports"));
  LIAISON_ASSIGN_OR_RETURN(std::string other, counterparty(node, spec.party));
  LIAISON_ASSIGN_OR_RETURN(ComputedReport c, compute_report(node, {spec.period, other}));
  const std::string id = new_uuid();
  json::object payload{{"period", json::object{{"from", spec.period.from}, {"to", spec.period.to}}},
                       {"positions", positions_json(c.positions)},
                       {"party", other},
                       {"figures", c.figures},
                       {"figures_sha256", sha256_hex(c.figures)},
                       {"by", actor.username}};
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(node::append_record(node, db, kReportPublish, id, payload, {other}));
    return node::audit(db, node.now(), actor, kReportPublish, "report/" + id);
  }));
  return get_report(node, id);
}

Result<std::string> list_reports(Node& node) {
  std::vector<PublishedReport> reports;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(reports, published_reports(db));
    return Status::ok();
  }));
  json::array items;
  for (const auto& r : reports) {
    LIAISON_ASSIGN_OR_RETURN(json::object v, report_view(node, r, false));
    items.push_back(std::move(v));
  }
  const int64_t n = static_cast<int64_t>(items.size());
  return json::serialize(json::object{{"items", std::move(items)}, {"total", n}});
}

Result<std::string> get_report(Node& node, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(PublishedReport r, load_report(node, id));
  LIAISON_ASSIGN_OR_RETURN(json::object v, report_view(node, r, true));
  return json::serialize(v);
}

Result<Recomputation> recompute_report(Node& node, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(PublishedReport r, load_report(node, id));
  const std::vector<Position>& positions = r.positions;
  Recomputation out;
  auto builder = FiguresBuilder::start(r.period, positions);
  std::vector<FigureDifference> held;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    for (const Position& p : positions) {
      LIAISON_ASSIGN_OR_RETURN(auto hash, hash_at(db, p.origin, p.seq));
      if (!hash) {
        out.ready = false;
        return Status::ok();
      }
      if (*hash != p.hash) {
        held.push_back({"positions." + p.origin, json::serialize(json::value(p.hash)),
                        json::serialize(json::value(*hash))});
      }
    }
    if (!builder.is_ok()) return Status::ok();  // reported once the positions are held
    return read_for_figures(db, positions, *builder);
  }));
  if (!out.ready) return out;
  LIAISON_RETURN_IF_ERROR(builder.status());
  LIAISON_ASSIGN_OR_RETURN(out.figures, builder->finish());
  LIAISON_ASSIGN_OR_RETURN(out.differences, compare_figures(r.figures, out.figures));
  out.differences.insert(out.differences.begin(), held.begin(), held.end());
  return out;
}

Result<std::string> attest_report(Node& node, const Actor& actor, const std::string& id) {
  LIAISON_RETURN_IF_ERROR(node::require_role(kReportWriters, actor, "attest reports"));
  LIAISON_ASSIGN_OR_RETURN(PublishedReport r, load_report(node, id));
  if (r.counterparty != node.party()) {
    return failed_precondition("report " + id + " is attested by " + r.counterparty, "id");
  }
  if (r.attestation_of(node.party())) {
    return failed_precondition("this party has attested report " + id, "id");
  }
  LIAISON_ASSIGN_OR_RETURN(Recomputation rc, recompute_report(node, id));
  if (!rc.ready) {
    return unavailable("this node does not yet hold the records report " + id + " counts");
  }
  const bool same = rc.differences.empty() && rc.figures == r.figures;
  json::object payload{{"report_id", id},
                       {"figures_sha256", r.figures_sha256},
                       {"by", actor.username.empty() ? "system" : actor.username}};
  if (!same) {
    json::array diffs;
    for (const auto& d : rc.differences) {
      if (diffs.size() == 500) break;
      diffs.push_back(json::object{{"figure", d.figure.substr(0, 256)},
                                   {"published", d.published.substr(0, 4096)},
                                   {"recomputed", d.recomputed.substr(0, 4096)}});
    }
    payload["differences"] = std::move(diffs);
  }
  const char* kind = same ? kReportCountersign : kReportDissent;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(
        node::append_record(node, db, kind, id + ":attest:" + node.party(), payload, {r.party}));
    return node::audit(db, node.now(), actor, kind, "report/" + id);
  }));
  spdlog::info("report {}: {}", id, same ? "countersigned" : "dissent recorded");
  return get_report(node, id);
}

Result<int> attest_pending(Node& node) {
  std::vector<std::string> ids;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(ids, unattested_report_ids(db, node.party()));
    return Status::ok();
  }));
  const Actor system{"", node::Role::kAdministrator, "job"};
  int done = 0;
  for (const auto& id : ids) {
    auto r = attest_report(node, system, id);
    if (r.is_ok()) {
      ++done;
    } else if (r.status().code() != StatusCode::kUnavailable) {
      spdlog::warn("report {}: cannot attest: {}", id, r.status().to_string());
    }
  }
  return done;
}

}  // namespace liaison::reports
