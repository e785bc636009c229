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
  MemberReader r(*o);
  r.text("figure", f.figure).text("published", f.published).text("recomputed", f.recomputed);
  if (!r.ok())
    return invalid_argument("a difference's " + r.status().field() + " is text", "attestations")
        .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
  return f;
}

Result<ReportAttestation> attestation_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument("attestations hold objects", "attestations")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  ReportAttestation a;
  MemberReader r(*o);
  r.text("party", a.party).text("kind", a.kind).text("at", a.at).text("by", a.by);
  r.text("record", a.record);
  if (!r.ok())
    return invalid_argument("an attestation's " + r.status().field() + " is text", "attestations")
        .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
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
    if (!r.each("differences", a.differences, difference_of).ok()) return r.status();
  }
  return a;
}

Result<Position> position_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o)
    return invalid_argument("positions hold objects", "positions")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  Position p;
  if (!MemberReader(*o).text("origin", p.origin).integer("seq", p.seq).text("hash", p.hash).ok()) {
    return invalid_argument("a position is {origin, seq, hash}", "positions")
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{origin, seq, hash}")}});
  }
  return p;
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
  MemberReader m(doc);
  m.text("id", r.id).text("party", r.party).text("counterparty", r.counterparty);
  m.text("figures", r.figures).text("figures_sha256", r.figures_sha256);
  m.text("created_at", r.created_at).text("created_by", r.created_by).text("record", r.record);
  m.text("state", r.state);
  if (!m.ok()) return m.status();
  LIAISON_ASSIGN_OR_RETURN(const json::object* period, object_field(doc, "period"));
  if (!MemberReader(*period).text("from", r.period.from).text("to", r.period.to).ok())
    return invalid_argument("period is {from, to}", "period")
        .with_reason(Reason::kInvalidFormat, {{"expected", std::string("{from, to}")}});
  m.each("positions", r.positions, position_of)
      .each("attestations", r.attestations, attestation_of);
  if (!m.ok()) return m.status();
  return r;
}

Result<PublishedReport> published_report_from_text(std::string_view text) {
  return typed_from_text<PublishedReport>(text, "report", published_report_from_doc);
}

}  // namespace liaison::reports
