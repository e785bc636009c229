#include "sweep/truncation_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>

namespace liaison::sweep {
namespace {

// The guarded range of this thread (constant-initialised: reading it in the handler needs
// no TLS set-up).
struct Guarded {
  uintptr_t begin = 0, end = 0;  // end: page-aligned
  uintptr_t page_mask = 0;
  volatile sig_atomic_t truncated = 0;
};
thread_local Guarded t_guarded;

struct sigaction g_previous {};
std::once_flag g_installed;

void on_sigbus(int sig, siginfo_t* info, void* context) {
  Guarded& g = t_guarded;
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (addr >= g.begin && addr < g.end) {
    // From the cut-off page to the end of the range: anonymous zero pages, read-only like
    // the mapping (mmap is a plain system call here, safe in a handler).
    const uintptr_t page = addr & ~g.page_mask;
    void* p = ::mmap(reinterpret_cast<void*>(page), g.end - page, PROT_READ,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != MAP_FAILED) {
      g.truncated = 1;
      return;  // the read is made again, and finds zeros
    }
  }
  // Not a guarded page: what was there before decides.
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction != nullptr) {
      g_previous.sa_sigaction(sig, info, context);
      return;
    }
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(sig);
    return;
  }
  // The default: restore it, and the faulting read, made again on return, kills.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(SIGBUS, &dfl, nullptr);
}

void install() {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGBUS, &sa, &g_previous);
}

}  // namespace

TruncationGuard::TruncationGuard(const void* begin, size_t len) {
  std::call_once(g_installed, install);
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  Guarded& g = t_guarded;
  g.page_mask = page - 1;
  g.truncated = 0;
  g.begin = reinterpret_cast<uintptr_t>(begin);
  g.end = (g.begin + len + page - 1) & ~(page - 1);
}

TruncationGuard::~TruncationGuard() {
  Guarded& g = t_guarded;
  g.begin = g.end = 0;
}

bool TruncationGuard::truncated() const { return t_guarded.truncated != 0; }

}  // namespace liaison::sweep
