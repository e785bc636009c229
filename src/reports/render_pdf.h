// The PDF of a report (reports/outputs.h render_pdf), drawn on outputs::PdfCanvas
// (outputs/pdf_canvas.h: A4, Noto Sans CJK, cairo and pango kept in its .cc). Thread-safe
// (every call has its own surface; fontconfig is initialised once by pango).
#pragma once

#include <string>

#include "common/status.h"
#include "reports/outputs.h"
