#include "common/wakeable_thread.h"

#include <spdlog/spdlog.h>

namespace liaison {

void WakeableThread::log_thrown(const std::string& name, const char* what) {
  spdlog::error("{}: a pass threw ({}); the thread goes on with the next pass", name, what);
}

}  // namespace liaison
