// The PDF of a report (reports/outputs.h render_pdf), drawn with cairo and pango. This header
// names no cairo or pango type: they stay in render_pdf.cc. Thread-safe (every call has its
// own surface; fontconfig is initialised once by pango).
#pragma once

#include <string>

#include "common/status.h"
#include "reports/outputs.h"

namespace liaison::reports {

// Page geometry of the report PDF, in points (A4).
inline constexpr double kPdfPageWidth = 595.28;
inline constexpr double kPdfPageHeight = 841.89;

// The font family the PDF asks fontconfig for: Noto Sans CJK (Debian fonts-noto-cjk) covers
// Chinese and Latin alike.
inline constexpr const char* kPdfFontFamily = "Noto Sans CJK SC";

}  // namespace liaison::reports
