#include "outputs/pdf_canvas.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace liaison::outputs {

namespace {

cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoAlignment pango_alignment(Align a) {
  switch (a) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

}  // namespace

// fontconfig, pango and cairo keep process-lifetime caches (fonts, patterns, glyphs) that are
// never freed by design; LeakSanitizer reports them at exit in the sanitizer builds.
extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_suppressions() {
  return "leak:libfontconfig\nleak:libcairo\nleak:libpango\nleak:libharfbuzz\nleak:libglib\n"
         "leak:libgobject\n";
}

extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_options() {
  return "print_suppressions=0";
}

double PdfCanvas::text(double x, double y0, double width, const std::string& s, Font f, Rgb ink,
                       Align align, bool draw) {
  PangoLayout* layout = pango_cairo_create_layout(cr_);
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, f.mono ? kMonoFamily : kFontFamily);
  pango_font_description_set_absolute_size(desc, f.size * PANGO_SCALE);
  pango_font_description_set_weight(desc, f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, desc);
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, pango_alignment(align));
  pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
  int w = 0, h = 0;
  pango_layout_get_pixel_size(layout, &w, &h);
  if (draw) {
    cairo_set_source_rgb(cr_, ink.r, ink.g, ink.b);
    cairo_move_to(cr_, x, y0);
    pango_cairo_show_layout(cr_, layout);
  }
  pango_font_description_free(desc);
  g_object_unref(layout);
  return h;
}

void PdfCanvas::fill(double x, double y0, double w, double h, Rgb c) {
  cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  cairo_rectangle(cr_, x, y0, w, h);
  cairo_fill(cr_);
}

void PdfCanvas::draw_footer() {
  if (!footer_) return;
  text(kMargin, kPageHeight - kMargin, kContentWidth, footer_(page_, total_), {8}, kMuted,
       Align::kCenter);
}

void PdfCanvas::new_page() {
  draw_footer();
  cairo_show_page(cr_);
  ++page_;
  y = kMargin;
}

Result<int> PdfCanvas::layout(void* surface_ptr, const Footer& footer, const Draw& draw,
                              int total) {
  auto* surface = static_cast<cairo_surface_t*>(surface_ptr);
  cairo_t* cr = cairo_create(surface);
  int pages = 0;
  {
    PdfCanvas canvas(cr, footer, total);
    draw(canvas);
    canvas.draw_footer();
    cairo_show_page(cr);
    pages = canvas.page_;
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    return internal_error(std::string("cairo: ") +
                          cairo_status_to_string(cairo_surface_status(surface)));
  }
  return pages;
}

Result<std::string> PdfCanvas::render(const std::string& title, const Footer& footer,
                                      const Draw& draw) {
  Surface counting(cairo_pdf_surface_create_for_stream(discard, nullptr, kPageWidth, kPageHeight),
                   cairo_surface_destroy);
  LIAISON_ASSIGN_OR_RETURN(int pages, layout(counting.get(), footer, draw, 0));
  std::string out;
  Surface surface(cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight),
                  cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "liaison");
  LIAISON_RETURN_IF_ERROR(layout(surface.get(), footer, draw, pages).status());
  return out;
}

}  // namespace liaison::outputs
