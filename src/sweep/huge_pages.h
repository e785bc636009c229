// An allocator for the sweep's large lookup tables: a block of 2 MiB or more is mapped on
// its own, aligned to 2 MiB and marked for transparent huge pages, so that random probes
// into a 16–64 MiB table do not miss the TLB on nearly every lookup (a page walk per probe
// was most of the domain sweep's time). Smaller blocks come from operator new. Stateless,
// so any thread may use it.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace liaison::sweep {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHuge = size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHuge) return static_cast<T*>(::operator new(bytes));
    const size_t len = round_up(bytes);
    // Over-allocate by one huge page and trim, so the block starts on a 2 MiB boundary.
    void* raw =
        ::mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHuge - 1) & ~(kHuge - 1);
    if (aligned > start) ::munmap(raw, aligned - start);
    if (const uintptr_t tail = start + len + kHuge - (aligned + len); tail > 0) {
      ::munmap(reinterpret_cast<void*>(aligned + len), tail);
    }
    ::madvise(reinterpret_cast<void*>(aligned), len, MADV_HUGEPAGE);  // a hint: may fail
    return reinterpret_cast<T*>(aligned);
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHuge) {
      ::operator delete(p);
    } else {
      ::munmap(p, round_up(bytes));
    }
  }
  static size_t round_up(size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// A vector whose storage, when large, lies in huge pages.
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace liaison::sweep
