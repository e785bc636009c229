#include "reports/published_report.h"

#include <boost/json.hpp>

#include "common/json_fields.h"

namespace liaison::reports {

namespace json = boost::json;

namespace {

json::object attestation_doc(const ReportAttestation& a) {
  json::object d{
      {"at", a.at}, {"by", a.by}, {"kind", a.kind}, {"party", a.party}, {"record", a.record}};
  if (a.kind == "dissent") {
    json::array diffs;
    for (const auto& f : a.differences) {
      diffs.push_back(json::object{
          {"figure", f.figure}, {"published", f.published}, {"recomputed", f.recomputed}});
    }
    d["differences"] = std::move(diffs);
  }
  return d;
}

Result<FigureDifference> difference_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument("attestations' differences hold objects", "attestations")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  FigureDifference f;
  for (auto [key, out] : {std::pair{"figure", &f.figure}, std::pair{"published", &f.published},
                          std::pair{"recomputed", &f.recomputed}}) {
    auto s = string_field(*o, key);
    if (!s.is_ok())
      return invalid_argument("a difference's " + std::string(key) + " is text", "attestations")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    *out = std::move(*s);
  }
  return f;
}

Result<ReportAttestation> attestation_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument("attestations hold objects", "attestations")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  ReportAttestation a;
  for (auto [key, out] :
       {std::pair{"party", &a.party}, std::pair{"kind", &a.kind}, std::pair{"at", &a.at},
        std::pair{"by", &a.by}, std::pair{"record", &a.record}}) {
    auto s = string_field(*o, key);
    if (!s.is_ok())
      return invalid_argument("an attestation's " + std::string(key) + " is text", "attestations")
          .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
    *out = std::move(*s);
  }
  if (a.kind != "countersign" && a.kind != "dissent") {
    return invalid_argument("an attestation is a countersign or a dissent", "attestations")
        .with_reason(Reason::kNotOneOf,
                     {{"allowed", std::vector<std::string>{"countersign", "dissent"}}});
  }
  if (a.kind == "dissent") {
    const json::value* diffs = o->if_contains("differences");
    if (!diffs || !diffs->is_array()) {
      return invalid_argument("a dissent names its differences", "attestations")
          .with_reason(Reason::kRequired);
    }
    for (const auto& d : diffs->get_array()) {
      LIAISON_ASSIGN_OR_RETURN(FigureDifference f, difference_of(d));
      a.differences.push_back(std::move(f));
    }
  }
  return a;
}

Result<Position> position_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument("positions hold objects", "positions")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  auto origin = string_field(*o, "origin");
  auto seq = int_field(*o, "seq");
  auto hash = string_field(*o, "hash");
  if (!origin.is_ok() || !seq.is_ok() || !hash.is_ok()) {
    return invalid_argument("a position is {origin, seq, hash}", "positions")
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{origin, seq, hash}")}});
  }
  return Position{std::move(*origin), *seq, std::move(*hash)};
}

}  // namespace

const ReportAttestation* PublishedReport::attestation_of(const std::string& p) const {
  for (const auto& a : attestations) {
    if (a.party == p) return &a;
  }
  return nullptr;
}

json::object to_doc(const PublishedReport& r) {
  json::array positions, attestations;
  for (const auto& p : r.positions) {
    positions.push_back(json::object{{"hash", p.hash}, {"origin", p.origin}, {"seq", p.seq}});
  }
  for (const auto& a : r.attestations) attestations.push_back(attestation_doc(a));
  return json::object{{"attestations", std::move(attestations)},
                      {"counterparty", r.counterparty},
                      {"created_at", r.created_at},
                      {"created_by", r.created_by},
                      {"figures", r.figures},
                      {"figures_sha256", r.figures_sha256},
                      {"id", r.id},
                      {"party", r.party},
                      {"period", json::object{{"from", r.period.from}, {"to", r.period.to}}},
                      {"positions", std::move(positions)},
                      {"record", r.record},
                      {"state", r.state}};
}

Result<PublishedReport> published_report_from_doc(const json::object& doc) {
  PublishedReport r;
  for (auto [key, out] :
       {std::pair{"id", &r.id}, std::pair{"party", &r.party},
        std::pair{"counterparty", &r.counterparty}, std::pair{"figures", &r.figures},
        std::pair{"figures_sha256", &r.figures_sha256}, std::pair{"created_at", &r.created_at},
        std::pair{"created_by", &r.created_by}, std::pair{"record", &r.record},
        std::pair{"state", &r.state}}) {
    LIAISON_ASSIGN_OR_RETURN(*out, string_field(doc, key));
  }
  LIAISON_ASSIGN_OR_RETURN(const json::object* period, object_field(doc, "period"));
  auto from = string_field(*period, "from");
  auto to = string_field(*period, "to");
  if (!from.is_ok() || !to.is_ok())
    return invalid_argument("period is {from, to}", "period")
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{from, to}")}});
  r.period = {std::move(*from), std::move(*to)};
  LIAISON_ASSIGN_OR_RETURN(const json::array* positions, array_field(doc, "positions"));
  for (const auto& v : *positions) {
    LIAISON_ASSIGN_OR_RETURN(Position p, position_of(v));
    r.positions.push_back(std::move(p));
  }
  LIAISON_ASSIGN_OR_RETURN(const json::array* attestations, array_field(doc, "attestations"));
  for (const auto& v : *attestations) {
    LIAISON_ASSIGN_OR_RETURN(ReportAttestation a, attestation_of(v));
    r.attestations.push_back(std::move(a));
  }
  return r;
}

Result<PublishedReport> published_report_from_text(std::string_view text) {
  LIAISON_ASSIGN_OR_RETURN(json::object doc, parse_json_object(text, "report"));
  return published_report_from_doc(doc);
}

}  // namespace liaison::reports
