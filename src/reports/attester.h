// The background job that answers the other party's reports (issue 16): woken after every
// commit that stored records (and every 10 s, for reports whose records had not all
// arrived), it recomputes each report addressed to this party that this party has not
// attested, and appends a countersign or a dissent (reports::attest_pending). Run by
// `serve` through src/app/jobs.cc; start/wake/stop are thread-safe.
#pragma once

#include "common/wakeable_thread.h"
#include "node/node.h"

namespace liaison::reports {

class ReportAttester {
 public:
  explicit ReportAttester(node::Node& node) : node_(node), thread_("report attester") {}
  ~ReportAttester() { stop(); }
  ReportAttester(const ReportAttester&) = delete;
  ReportAttester& operator=(const ReportAttester&) = delete;

  void start();
  void wake() { thread_.wake(); }
  void stop() { thread_.stop(); }

 private:
  node::Node& node_;
  WakeableThread thread_;
};

}  // namespace liaison::reports
