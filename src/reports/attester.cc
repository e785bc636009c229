#include "reports/attester.h"

#include <spdlog/spdlog.h>

#include "reports/service.h"

namespace liaison::reports {

void ReportAttester::start() {
  thread_.start([this] {
    auto done = attest_pending(node_);
    if (!done.is_ok()) spdlog::warn("report attester: {}", done.status().to_string());
    return WakeableThread::Clock::now() + std::chrono::seconds(10);
  });
}

}  // namespace liaison::reports
