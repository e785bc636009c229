// A published report as its projection holds it (the `reports` table): the publisher's figures
// for a period, the two chains' positions they were computed from, and the other party's
// attestation (a countersign, or a dissent naming each differing figure). apply() builds and
// changes it, the repository returns it and the service renders it. Converted to and from its
// stored JSON document only here, so a damaged document is one error naming its member. to_doc
// writes the members reports have always stored, in canonical (sorted) order, so the stored
// bytes and the API's answers are unchanged. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reports/figures.h"

namespace liaison::reports {

// The other party's signed word on a report.
struct ReportAttestation {
  std::string party;
  std::string kind;  // countersign | dissent
  std::string at, by, record;
  std::vector<FigureDifference> differences;  // a dissent's, each figure that differs
};

struct PublishedReport {
  std::string id;
  std::string party;         // the publisher
  std::string counterparty;  // the party it reports on, who attests it
  Period period;
  std::vector<Position> positions;  // the two chains' heads it was computed from
  std::string figures;              // canonical JSON text, as signed
  std::string figures_sha256;
  std::string created_at, created_by, record;
  std::vector<ReportAttestation> attestations;
  std::string state;  // published, jointly_attested, disputed

  // The attestation of `p`, or null.
  const ReportAttestation* attestation_of(const std::string& p) const;
};

boost::json::object to_doc(const PublishedReport& r);
// A stored document back; a missing or mistyped member is invalid_argument naming it.
Result<PublishedReport> published_report_from_doc(const boost::json::object& doc);
Result<PublishedReport> published_report_from_text(std::string_view text);

}  // namespace liaison::reports
