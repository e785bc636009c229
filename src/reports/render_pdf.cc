// The PDF of a report, drawn on outputs::PdfCanvas (cairo and pango, Noto Sans CJK for Chinese
// and Latin). Generic over the figures: each table of reports/tables.h becomes a heading, a table
// (the directions side by side) and bar charts of the same numbers. The document is laid out
// twice by the canvas, the first pass counting the pages for "n / N".
#include "reports/render_pdf.h"

#include <algorithm>
#include <cmath>

#include "outputs/pdf_canvas.h"
#include "reports/tables.h"

namespace liaison::reports {

namespace {

using outputs::Align;
using outputs::Font;
using outputs::kInk;
using outputs::kMuted;
using outputs::kShade;
using outputs::PdfCanvas;
using outputs::Rgb;

constexpr double kMargin = PdfCanvas::kMargin;
constexpr double kContentWidth = PdfCanvas::kContentWidth;
constexpr double kBottom = PdfCanvas::kBottom;
constexpr size_t kMaxChartBars = 16;
constexpr size_t kMaxListColumns = 4;  // a list table wider than this is shown transposed

constexpr Rgb kSeries[] = {
    {0.16, 0.38, 0.71}, {0.86, 0.42, 0.13}, {0.25, 0.6, 0.35}, {0.55, 0.35, 0.7}};

// The report drawn on a canvas (outputs/pdf_canvas.h, shared with a request's printed form).
class Pdf {
 public:
  Pdf(PdfCanvas& canvas, const OutputInput& in) : c_(canvas), in_(in) {}
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;

  void render(const ReportTables& rt);

 private:
  double text(double x, double y, double width, const std::string& s, Font f, Rgb ink = kInk,
              Align align = Align::kLeft) {
    return c_.text(x, y, width, s, f, ink, align);
  }
  double measure(double width, const std::string& s, Font f) { return c_.measure(width, s, f); }
  void fill(double x, double y, double w, double h, Rgb c) { c_.fill(x, y, w, h, c); }
  void rule(double y) { c_.rule(y); }
  void new_page() { c_.new_page(); }
  void need(double height) { c_.need(height); }
  std::string t(std::string_view phrase_id) { return phrase(phrase_id, in_.lang); }

  void title_page(const ReportTables& rt);
  void attestation_block();
  void section(const Table& table);
  void table(const Table& table);
  void table_header(const Table& table, const std::vector<double>& widths);
  void chart(const std::string& caption, const Table& table, const std::vector<const Row*>& rows,
             bool hours);
  void charts(const Table& table);

  PdfCanvas& c_;
  const OutputInput& in_;
  double& y_ = c_.y;
};

std::string footer_text(Lang lang, int page, int total) {
  std::string n = std::to_string(page);
  if (total > 0) n += " / " + std::to_string(total);
  return lang == Lang::kZh   ? "第 " + n + " 页"
         : lang == Lang::kEn ? "Page " + n
                             : "第 " + n + " 页 / Page " + n;
}

void Pdf::render(const ReportTables& rt) {
  title_page(rt);
  if (rt.summary) {
    new_page();
    section(*rt.summary);
  }
  for (const auto& tb : rt.tables) {
    new_page();
    section(tb);
  }
}

void Pdf::title_page(const ReportTables& rt) {
  y_ += 40;
  y_ += text(kMargin, y_, kContentWidth, t("title"), {24, true}) + 6;
  y_ += text(kMargin, y_, kContentWidth, t("subtitle"), {12}, kMuted) + 28;
  std::string parties;
  for (const auto& p : rt.parties) parties += (parties.empty() ? "" : " · ") + p;
  for (const auto& [k, v] :
       {std::pair{t("period"), rt.from + "  —  " + rt.to}, {t("parties"), parties}}) {
    text(kMargin, y_, 150, k, {10}, kMuted);
    y_ += text(kMargin + 150, y_, kContentWidth - 150, v, {11, true}) + 8;
  }
  y_ += 20;
  attestation_block();
  y_ += 16;
  y_ += text(kMargin, y_, kContentWidth, t("generated_note"), {8.5}, kMuted);
}

void Pdf::attestation_block() {
  const std::string state = in_.attestation ? in_.attestation->state : "not_published";
  const Rgb band = state == "jointly_attested" ? Rgb{0.2, 0.55, 0.3}
                   : state == "disputed"       ? Rgb{0.75, 0.2, 0.15}
                                               : Rgb{0.75, 0.55, 0.1};
  y_ += text(kMargin, y_, kContentWidth, t("attestation"), {13, true}) + 6;
  const double top = y_;
  const int top_page = c_.page();
  y_ += 6;
  y_ += text(kMargin + 14, y_, kContentWidth - 20, t(state), {16, true}, band) + 8;
  if (in_.attestation) {
    const Attestation& a = *in_.attestation;
    for (const auto& [k, v] :
         {std::pair{t("report_id"), a.report_id}, {t("figures_sha256"), a.figures_sha256}}) {
      text(kMargin + 14, y_, 130, k, {9}, kMuted);
      y_ += text(kMargin + 144, y_, kContentWidth - 150, v, {8.5, false, true}) + 4;
    }
    y_ += 4;
    for (const auto& s : a.signers) {
      text(kMargin + 14, y_, 130, t(s.role) + " " + s.party, {9, true});
      y_ += text(kMargin + 144, y_, kContentWidth - 150,
                 t("key_fingerprint") + " " + s.key_fingerprint + (s.at.empty() ? "" : "\n" + s.at),
                 {8.5, false, true}) +
            6;
    }
    if (!a.dissent.empty()) {
      y_ += text(kMargin + 14, y_, kContentWidth - 20, t("differences"), {10, true}, band) + 4;
      for (const auto& d : a.dissent) {
        need(14);
        y_ += text(kMargin + 14, y_, kContentWidth - 20,
                   d.figure + ":  " + t("published_value") + " " + d.published + "  ·  " +
                       t("recomputed_value") + " " + d.recomputed,
                   {8.5}) +
              3;
      }
    }
  }
  if (c_.page() == top_page) fill(kMargin, top, 4, y_ - top, band);  // the band beside it
  y_ += 6;
}

void Pdf::section(const Table& tb) {
  y_ += text(kMargin, y_, kContentWidth, label(tb.section, in_.lang), {16, true}) + 10;
  if (tb.rows.empty()) {
    y_ += text(kMargin, y_, kContentWidth, t("no_data"), {10}, kMuted) + 8;
    return;
  }
  if (!tb.columns_are_directions && tb.columns.size() > kMaxListColumns) {
    // A list wider than the page: one small table per item, its fields as rows.
    for (const auto& row : tb.rows) {
      Table item{tb.section, {"#" + row.key.front()}, false, {}};
      for (size_t c = 0; c < tb.columns.size(); ++c) {
        if (row.cells[c].kind == Cell::Kind::kEmpty) continue;
        item.rows.push_back({{tb.columns[c]}, {row.cells[c]}});
      }
      table(item);
      y_ += 8;
    }
    return;
  }
  table(tb);
  if (tb.columns_are_directions) charts(tb);
}

void Pdf::table_header(const Table& tb, const std::vector<double>& widths) {
  fill(kMargin, y_, kContentWidth, 16, kShade);
  double x = kMargin + widths[0];
  text(kMargin + 3, y_ + 2, widths[0] - 6, t("figure"), {8.5, true}, kMuted);
  for (size_t c = 0; c < tb.columns.size(); ++c) {
    text(x, y_ + 2, widths[c + 1] - 4, column_label(tb.columns[c], in_.lang), {8.5, true}, kInk,
         Align::kRight);
    x += widths[c + 1];
  }
  y_ += 18;
}

void Pdf::table(const Table& tb) {
  const double col = std::min(110.0, kContentWidth * 0.55 / static_cast<double>(tb.columns.size()));
  std::vector<double> widths{kContentWidth - col * static_cast<double>(tb.columns.size())};
  widths.insert(widths.end(), tb.columns.size(), col);
  need(40);
  table_header(tb, widths);
  for (const auto& row : tb.rows) {
    const std::string lbl = row_label(row.key, in_.lang);
    const double h = std::max(12.0, measure(widths[0] - 6, lbl, {8})) + 3;
    if (y_ + h > kBottom) {
      new_page();
      table_header(tb, widths);
    }
    text(kMargin + 3, y_, widths[0] - 6, lbl, {8});
    double x = kMargin + widths[0];
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const Cell& cell = row.cells[c];
      // A word of the figures (a state, a priority area) in the document's language.
      const std::string shown = cell.kind == Cell::Kind::kText
                                    ? label(cell.text, in_.lang)
                                    : display(cell, measure_of(row.key, cell));
      text(x, y_, widths[c + 1] - 4, shown, {8}, kInk, Align::kRight);
      x += widths[c + 1];
    }
    y_ += h;
    rule(y_ - 1.5);
  }
  y_ += 8;
}

// The rows a chart shows: shares; the clocks' medians; the section's own counts.
void Pdf::charts(const Table& tb) {
  std::vector<const Row*> shares, medians, counts;
  for (const auto& row : tb.rows) {
    bool any = false;
    Measure m = Measure::kText;
    for (const auto& c : row.cells) {
      if (c.kind == Cell::Kind::kNumber) {
        any = true;
        m = measure_of(row.key, c);
      }
    }
    if (!any && !row.cells.empty()) m = measure_of(row.key, Cell{Cell::Kind::kNumber});
    if (m == Measure::kShare && row.key.size() <= 2) shares.push_back(&row);
    if (m == Measure::kSeconds && row.key.size() <= 2 && row.key.back() == "median_seconds") {
      medians.push_back(&row);
    }
    if (m == Measure::kCount && row.key.size() <= 2 && row.key.back() != "count" &&
        row.key.back() != "within_deadline" && row.key.back() != "overdue_open") {
      counts.push_back(&row);
    }
  }
  if (!shares.empty()) chart(t("chart_shares"), tb, shares, false);
  if (!medians.empty()) chart(t("chart_median"), tb, medians, true);
  if (!counts.empty()) chart(t("chart_counts"), tb, counts, false);
}

void Pdf::chart(const std::string& caption, const Table& tb, const std::vector<const Row*>& all,
                bool hours) {
  std::vector<const Row*> rows(all.begin(), all.begin() + std::min(all.size(), kMaxChartBars));
  const size_t series = tb.columns.size();
  const double bar = 7, gap = 6, label_w = 170, plot_w = kContentWidth - label_w - 50;
  const double height = 36 + static_cast<double>(rows.size()) * (bar * series + gap);
  need(std::min(height, kBottom - kMargin));
  y_ += text(kMargin, y_, kContentWidth, caption, {10, true}) + 2;
  double max = 0;
  for (const Row* r : rows) {
    for (const auto& c : r->cells)
      max = std::max(max, c.kind == Cell::Kind::kNumber ? c.number : 0);
  }
  if (max <= 0) {
    y_ += text(kMargin, y_, kContentWidth, t("no_data"), {9}, kMuted) + 10;
    return;
  }
  double x = kMargin;
  for (size_t s = 0; s < series; ++s) {  // legend
    fill(x, y_ + 3, 8, 8, kSeries[s % std::size(kSeries)]);
    text(x + 12, y_, 110, column_label(tb.columns[s], in_.lang), {8});
    x += 130;
  }
  y_ += 16;
  for (const Row* r : rows) {
    const double h = bar * static_cast<double>(series);
    need(h + gap);
    text(kMargin, y_, label_w - 6, row_label(r->key, in_.lang), {7.5}, kInk, Align::kRight);
    for (size_t s = 0; s < r->cells.size(); ++s) {
      const Cell& c = r->cells[s];
      const double v = c.kind == Cell::Kind::kNumber ? c.number : 0;
      const double w = plot_w * v / max;
      const double by = y_ + static_cast<double>(s) * bar;
      fill(kMargin + label_w, by, std::max(w, 0.5), bar - 1, kSeries[s % std::size(kSeries)]);
      std::string value = display(c, measure_of(r->key, c));
      if (hours && c.kind == Cell::Kind::kNumber) value = display(c, Measure::kSeconds);
      text(kMargin + label_w + w + 3, by - 1.5, 60, value, {6.5}, kMuted);
    }
    y_ += h + gap;
  }
  y_ += 8;
}

}  // namespace

Result<std::string> render_pdf(const OutputInput& in) {
  LIAISON_ASSIGN_OR_RETURN(ReportTables rt, tables_of(in.figures));
  return PdfCanvas::render(
      phrase("title", in.lang),
      [&](int page, int total) { return footer_text(in.lang, page, total); },
      [&](PdfCanvas& canvas) { Pdf(canvas, in).render(rt); });
}

}  // namespace liaison::reports
