package io.robustpose.core.report;

import io.robustpose.core.corruption.Corruption;

import java.util.ArrayList;
import java.util.List;

import static io.robustpose.core.report.Html.esc;
import static io.robustpose.core.report.Html.num;

/**
 * The report's two charts as inline SVG. Values come in display units (percent); NaN is a missing value, which is
 * left out (no bar, a gap in the line), never drawn as zero. Marks carry classes the render check counts:
 * {@code rect.bar}, {@code polyline.series}, {@code circle.point}.
 */
final class Charts {
    private static final int WIDTH = 960;

    private Charts() {
    }

    /** One model's values, in its colour. */
    record Series(String model, String colour, double[] values) {
    }

    /** Grouped bars: one group per corruption, one bar per model, corruption categories as background bands. */
    static String corruptionBars(List<Corruption> corruptions, List<Series> series, String yLabel) {
        int height = 380;
        double left = 58, right = 12, top = 30, bottom = 98;
        double plotW = WIDTH - left - right, plotH = height - top - bottom;
        double yStep = tickStep(max(series));
        double yTop = niceTop(max(series), yStep);
        double y0 = top + plotH;
        StringBuilder b = open("chart-corruptions", height, "Mean " + yLabel + " over severities 1–5 per corruption");

        // category bands with their names above the plot
        double group = plotW / corruptions.size();
        int start = 0;
        for (int i = 1; i <= corruptions.size(); i++) {
            if (i == corruptions.size() || corruptions.get(i).category() != corruptions.get(start).category()) {
                Corruption.Category cat = corruptions.get(start).category();
                double x = left + start * group;
                double w = (i - start) * group;
                b.append("<rect class=\"band\" x=\"").append(num(x)).append("\" y=\"").append(num(top))
                        .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(plotH))
                        .append("\" fill=\"").append(cat.ordinal() % 2 == 0 ? "#f3f6f9" : "#ffffff").append("\"/>\n");
                b.append("<text class=\"category\" x=\"").append(num(x + w / 2)).append("\" y=\"").append(num(top - 10))
                        .append("\" text-anchor=\"middle\">").append(esc(HtmlReport.categoryLabel(cat))).append("</text>\n");
                start = i;
            }
        }
        yAxis(b, left, WIDTH - right, top, plotH, yTop, yStep, yLabel);

        int n = Math.max(1, series.size());
        double inner = group * 0.78;
        double barW = inner / n;
        for (int c = 0; c < corruptions.size(); c++) {
            double gx = left + c * group + (group - inner) / 2;
            for (int m = 0; m < series.size(); m++) {
                Series s = series.get(m);
                double v = s.values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double h = Math.max(0, v) / yTop * plotH;
                b.append("<rect class=\"bar\" x=\"").append(num(gx + m * barW)).append("\" y=\"").append(num(y0 - h))
                        .append("\" width=\"").append(num(Math.max(1, barW - 1))).append("\" height=\"").append(num(h))
                        .append("\" fill=\"").append(s.colour()).append("\"><title>").append(esc(s.model()))
                        .append(" · ").append(corruptions.get(c).id()).append(": ").append(Html.oneDecimal(v, 1))
                        .append("</title></rect>\n");
            }
            b.append("<text class=\"tick-x\" text-anchor=\"end\" transform=\"translate(")
                    .append(num(left + (c + 0.5) * group + 4)).append(' ').append(num(y0 + 12))
                    .append(") rotate(-40)\">").append(corruptions.get(c).id()).append("</text>\n");
        }
        line(b, "axis", left, y0, WIDTH - right, y0);
        return b.append("</svg>\n").toString();
    }

    /** One line per model over x = clean (0), severities 1..5; values[0] is the clean value. */
    static String severityLines(List<Series> series, String yLabel) {
        int height = 360;
        double left = 58, right = 24, top = 18, bottom = 52;
        double plotW = WIDTH - left - right, plotH = height - top - bottom;
        double pad = 28;
        double yStep = tickStep(max(series));
        double yTop = niceTop(max(series), yStep);
        double y0 = top + plotH;
        StringBuilder b = open("chart-severity", height, yLabel + " against corruption severity (0 = clean)");
        yAxis(b, left, WIDTH - right, top, plotH, yTop, yStep, yLabel);
        int points = Corruption.MAX_SEVERITY + 1;
        double step = (plotW - 2 * pad) / (points - 1);
        for (int i = 0; i < points; i++) {
            double x = left + pad + i * step;
            line(b, "tick", x, y0, x, y0 + 5);
            b.append("<text class=\"tick-x\" x=\"").append(num(x)).append("\" y=\"").append(num(y0 + 19))
                    .append("\" text-anchor=\"middle\">").append(i == 0 ? "clean" : Integer.toString(i)).append("</text>\n");
        }
        b.append("<text class=\"axis-title\" x=\"").append(num(left + plotW / 2)).append("\" y=\"")
                .append(height - 8).append("\" text-anchor=\"middle\">corruption severity</text>\n");
        line(b, "axis", left, y0, WIDTH - right, y0);

        for (Series s : series) {
            // consecutive present values form one polyline; a missing value breaks the line
            List<String> run = new ArrayList<>();
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i <= points; i++) {
                double v = i < points ? s.values()[i] : Double.NaN;
                if (Double.isNaN(v)) {
                    polyline(b, run, s.colour());
                    run.clear();
                    continue;
                }
                double x = left + pad + i * step;
                double y = y0 - Math.max(0, v) / yTop * plotH;
                run.add(num(x) + "," + num(y));
                marks.append("<circle class=\"point\" cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
                        .append("\" r=\"4.5\" fill=\"").append(s.colour()).append("\"><title>").append(esc(s.model()))
                        .append(" · ").append(i == 0 ? "clean" : "severity " + i).append(": ")
                        .append(Html.oneDecimal(v, 1)).append("</title></circle>\n");
            }
            b.append(marks);
        }
        return b.append("</svg>\n").toString();
    }

    private static StringBuilder open(String id, int height, String label) {
        return new StringBuilder(8192).append("<svg class=\"chart\" id=\"").append(id)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">\n");
    }

    private static void yAxis(StringBuilder b, double left, double rightEdge, double top, double plotH, double yTop,
                              double step, String yLabel) {
        long ticks = Math.round(yTop / step);
        for (long i = 0; i <= ticks; i++) {
            double t = i * step;
            double y = top + plotH - t / yTop * plotH;
            line(b, "grid", left, y, rightEdge, y);
            b.append("<text class=\"tick-y\" x=\"").append(num(left - 6)).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\">").append(num(t)).append("</text>\n");
        }
        line(b, "axis", left, top, left, top + plotH);
        b.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(num(top + plotH / 2)).append(") rotate(-90)\">").append(esc(yLabel)).append("</text>\n");
    }

    private static void polyline(StringBuilder b, List<String> run, String colour) {
        if (run.isEmpty()) {
            return;
        }
        b.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"")
                .append(String.join(" ", run)).append("\"/>\n");
    }

    private static void line(StringBuilder b, String cls, double x1, double y1, double x2, double y2) {
        b.append("<line class=\"").append(cls).append("\" x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1))
                .append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2)).append("\"/>\n");
    }

    private static double max(List<Series> series) {
        double m = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    m = Math.max(m, v);
                }
            }
        }
        return m;
    }

    /** A round axis maximum at or above {@code max}: a multiple of the tick step. */
    static double niceTop(double max, double step) {
        return Math.max(1, Math.ceil(max / step - 1e-9)) * step;
    }

    /** A 1/2/2.5/5 × 10^k step giving about five ticks up to {@code max}. */
    static double tickStep(double max) {
        if (!(max > 0)) {
            return 0.2;
        }
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : new double[]{1, 2, 2.5, 5, 10}) {
            if (f * mag >= raw - 1e-12) {
                return f * mag;
            }
        }
        return 10 * mag;
    }
}
