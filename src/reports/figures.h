// The figures of a bilateral report (issue 16): one pure function from signed records to
// canonical JSON. No clock, no store, no configuration: the same records, period and
// positions give byte-identical text on any node, which is what lets the other party
// countersign a report by recomputing it (docs/ARCHITECTURE.md, "Reports"). Thread-safe.
//
//   Result<std::string> text = reports::figures(records, {"2026-01-01T00:00:00Z", …}, positions);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ledger/record.h"

namespace liaison::reports {

// A closed period of signed times, RFC 3339 UTC.
struct Period {
  std::string from, to;
};

// Where one origin's chain stood when a report was cut: its seq and that record's hash.
struct Position {
  std::string origin;
  int64_t seq = 0;
  std::string hash;
};

// The canonical JSON of the figures, versioned by its "format" member.
inline constexpr const char* kFiguresFormat = "liaison-figures/2";

// Checks a period (both RFC 3339, from <= to); the error names `from` or `to`.
Status check_period(const Period& period);

// The figures of the two parties named by `positions` (exactly two origins) over `period`.
// Counts only records both parties hold: of one of the two origins, at or before its
// position, with content, addressed to the other party, and signed (created_at) no later
// than period.to. Records outside that set are ignored, so a caller may pass more.
// Requests are those whose submission was signed within the period; every time is a
// record's signed time. The deadlines are the requested party's latest published policy
// among those records, else the shipped defaults in UTC (hotline/deadline_policy.h).
Result<std::string> figures(std::span<const ledger::Record> records, const Period& period,
                            const std::vector<Position>& positions);

// A row of report_facts (kinds.h, kFactsTable): its record's origin and seq, and the
// document the figures' observer wrote of it.
struct StoredFacts {
  std::string_view origin;
  int64_t seq = 0;
  std::string_view doc;
};

// figures() over records handed one at a time, so that a reader need not hold them all:
// start(), add() each record of the two chains (chain order within each origin, as
// figures() takes them), finish(). add() reads each payload once and keeps only the facts
// the figures use; records outside the set figures() counts are ignored. A reader of the
// store adds the facts rows of the two chains instead (their documents hold the same facts
// of the same records). The result is byte-identical to figures() over the same records.
// Not thread-safe (one per thread).
class FiguresBuilder {
 public:
  static Result<FiguresBuilder> start(const Period& period, const std::vector<Position>& positions);
  FiguresBuilder(FiguresBuilder&&) noexcept;
  FiguresBuilder& operator=(FiguresBuilder&&) noexcept;
  ~FiguresBuilder();

  void add(const ledger::Record& r);
  // A facts row; a document that is not the observer's is an error naming the row.
  Status add(const StoredFacts& f);
  Result<std::string> finish();

 private:
  struct State;
  explicit FiguresBuilder(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

// One figure two computations disagree on: its path in the figures' JSON ("a.b.c") and its
// canonical JSON text in each ("" when absent).
struct FigureDifference {
  std::string figure, published, recomputed;
};
// Every leaf of a figures' JSON text as (path "a.b.c", canonical JSON text of the value), in
// path order: the rows of the CSV output and what compare_figures compares.
Result<std::vector<std::pair<std::string, std::string>>> figure_rows(const std::string& figures);

// Every leaf where `published` and `recomputed` (figures' JSON texts) differ, in path order.
Result<std::vector<FigureDifference>> compare_figures(const std::string& published,
                                                      const std::string& recomputed);

}  // namespace liaison::reports
