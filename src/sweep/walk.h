// The sweep's walk over one buffer of whole lines (walk.inc), built twice: for CPUs with
// AVX2 and BMI2, and for any x86-64. scan_buffer() (scanner.h) picks one; tests call both
// to check they agree. Each call is independent: threads may walk different buffers.
#pragma once

#include <cstdint>
#include <string_view>

#include "sweep/index.h"
#include "sweep/scanner.h"

namespace liaison::sweep::walk {

namespace generic {
void scan(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
          ScanResult& out, FieldNames* names = nullptr);
}
namespace avx2 {
// Only when have_avx2().
void scan(const Index& index, std::string_view data, uint64_t first_line, bool count_only,
          ScanResult& out, FieldNames* names = nullptr);
}  // namespace avx2
bool have_avx2();

}  // namespace liaison::sweep::walk
