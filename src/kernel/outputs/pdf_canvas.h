// The PDF drawing both the reports' PDF and a request's printed form use: an A4 page drawn
// with cairo, text laid out with pango in Noto Sans CJK (Debian fonts-noto-cjk: Chinese and
// Latin alike), page footers with "n / N". This header names no cairo or pango type; they stay
// in pdf_canvas.cc. Every render has its own surface: thread-safe.
//
//   auto pdf = outputs::PdfCanvas::render("Title", footer, [&](outputs::PdfCanvas& c) {
//     c.y += c.text(c.kMargin, c.y, c.kContentWidth, "Hello 你好", {12, true});
//   });
#pragma once

#include <functional>
#include <string>

#include "common/status.h"

typedef struct _cairo cairo_t;  // NOLINT: cairo's own spelling, so no cairo header here

namespace liaison::outputs {

struct Rgb {
  double r, g, b;
};
inline constexpr Rgb kInk{0.1, 0.1, 0.12}, kMuted{0.42, 0.42, 0.46}, kRule{0.8, 0.8, 0.84},
    kShade{0.95, 0.95, 0.97};

struct Font {
  double size = 9;
  bool bold = false;
  bool mono = false;
};

enum class Align { kLeft, kCenter, kRight };

class PdfCanvas {
 public:
  // Page geometry in points (A4) and the box text is drawn in.
  static constexpr double kPageWidth = 595.28;
  static constexpr double kPageHeight = 841.89;
  static constexpr double kMargin = 48;
  static constexpr double kContentWidth = kPageWidth - 2 * kMargin;
  static constexpr double kBottom = kPageHeight - kMargin - 18;  // above the footer
  // The font family asked of fontconfig; the monospaced one for hashes and keys.
  static constexpr const char* kFontFamily = "Noto Sans CJK SC";
  static constexpr const char* kMonoFamily = "Noto Sans Mono CJK SC";

  // The footer of page `page` of `total` (0 while the pages are being counted).
  using Footer = std::function<std::string(int page, int total)>;
  using Draw = std::function<void(PdfCanvas&)>;

  // The document `draw` draws, laid out twice: the first pass, into a discarding stream,
  // counts the pages for the footers. `title` goes into the PDF's metadata.
  static Result<std::string> render(const std::string& title, const Footer& footer,
                                    const Draw& draw);

  // Text at (x, y) within `width`, wrapped; returns its height. Draws nothing when `draw` is
  // false (a measurement).
  double text(double x, double y, double width, const std::string& s, Font f, Rgb ink = kInk,
              Align align = Align::kLeft, bool draw = true);
  double measure(double width, const std::string& s, Font f) {
    return text(0, 0, width, s, f, kInk, Align::kLeft, false);
  }
  void fill(double x, double y, double w, double h, Rgb c);
  void rule(double at) { fill(kMargin, at, kContentWidth, 0.6, kRule); }
  // Ends this page (with its footer) and starts the next at the top margin.
  void new_page();
  // A new page unless `height` more fits on this one.
  void need(double height) {
    if (y + height > kBottom) new_page();
  }
  int page() const { return page_; }

  double y = kMargin;  // where the next thing is drawn

  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

 private:
  PdfCanvas(cairo_t* cr, const Footer& footer, int total)
      : cr_(cr), footer_(footer), total_(total) {}
  void draw_footer();
  static Result<int> layout(void* surface, const Footer& footer, const Draw& draw, int total);

  cairo_t* cr_;
  const Footer& footer_;
  int total_;
  int page_ = 1;
};

}  // namespace liaison::outputs
