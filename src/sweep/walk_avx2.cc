// The walk for CPUs with AVX2 and BMI2 (see walk.inc): everything after the pragma is
// compiled for them, so stage one and the IPv4 parser are inlined into the loop. The
// headers come first and are compiled for any x86-64: their inline functions may be merged
// with other translation units' copies by the linker.
#include <cpuid.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "sweep/blocks.h"
#include "sweep/fields.h"
#include "sweep/ipv4.h"
#include "sweep/simd.h"
#include "sweep/walk.h"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,lzcnt,popcnt")
#endif

#define LIAISON_WALK_NS walk::avx2
#define LIAISON_WALK_AVX2 1
#include "sweep/walk.inc"

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace liaison::sweep::walk {

bool have_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                          __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  return yes;
}

}  // namespace liaison::sweep::walk
