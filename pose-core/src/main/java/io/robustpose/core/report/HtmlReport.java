package io.robustpose.core.report;

import io.robustpose.core.inference.Skeleton;

import io.robustpose.core.AtomicFiles;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessSummary;
import io.robustpose.core.eval.robustness.RobustnessTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static io.robustpose.core.report.Html.DASH;
import static io.robustpose.core.report.Html.esc;
import static io.robustpose.core.report.Html.num;

/**
 * A robustness report as one self-contained HTML page: no external scripts, styles, fonts or images (images are
 * {@code data:} URIs, charts inline SVG). Sections: the paper's Table 1 summary (clean metric, mPC, rPC), the
 * per-corruption table (Tables 2–3), per-category means, a grouped bar chart per corruption, a line chart of the
 * metric against severity, sample images with ground-truth and predicted skeletons, and the list of missing values
 * when the metrics are incomplete (means are never taken over fewer values; mPC is then shown as "—").
 *
 * <p>Elements tests and tools look for: {@code table#table-summary}, {@code table#table-corruptions},
 * {@code table#table-categories}, {@code svg.chart#chart-corruptions}, {@code svg.chart#chart-severity},
 * {@code figure.sample}, {@code section#missing}, and {@code pre#render-check}, which an inline script fills after
 * load with the rendered sizes and mark counts as JSON (for headless-browser checks).
 *
 * <pre>{@code
 * String html = HtmlReport.builder()
 *         .title("COCO-C robustness").experimentId("exp-42").metric("AP")
 *         .models(List.of(sbl, advmix)).skeleton(Skeleton.COCO).samples(figures)
 *         .build().html();
 * }</pre>
 */
public final class HtmlReport {

    /** Predicted joints scored below this are not drawn. */
    public static final double DEFAULT_MIN_SCORE = 0.2;

    /** Tableau 10: distinct, colour-blind-friendlier than the default rainbow. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /** Column labels of the paper's tables, in benchmark order. */
    private static final String[] SHORT = {"Gauss.", "Shot", "Impulse", "Defocus", "Glass", "Motion", "Zoom", "Snow",
            "Frost", "Fog", "Bright", "Contrast", "Elastic", "Pixel", "JPEG"};

    private final String title;
    private final String experimentId;
    private final String metric;
    private final RobustnessTable.Scale scale;
    private final List<ModelMetrics> models;
    private final Skeleton skeleton;
    private final List<SampleFigure> samples;
    private final String notes;
    private final List<String> warnings;
    private final double minScore;
    private final boolean groupedPeople;
    private String html;

    private HtmlReport(Builder b) {
        this.title = b.title;
        this.experimentId = b.experimentId;
        this.metric = b.metric;
        this.scale = b.scale != null ? b.scale
                : metric.toLowerCase(Locale.ROOT).startsWith("pckh") ? RobustnessTable.Scale.PERCENT
                : RobustnessTable.Scale.FRACTION;
        this.models = List.copyOf(b.models);
        this.samples = List.copyOf(b.samples);
        this.notes = b.notes;
        this.warnings = List.copyOf(b.warnings);
        this.minScore = b.minScore;
        this.groupedPeople = b.groupedPeople;
        this.skeleton = b.skeleton != null ? b.skeleton : samples.isEmpty() ? null : inferSkeleton(samples.get(0));
        validate();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The whole report in one call.
     *
     * @param scale    how values are stored: {@code FRACTION} (AP 0.704, shown as 70.4) or {@code PERCENT} (PCKh)
     * @param skeleton layout of the samples' keypoints; may be null when there are no samples
     * @param notes    free text shown at the end, or null
     */
    public static String render(String title, String experimentId, String metric, RobustnessTable.Scale scale,
                                List<ModelMetrics> models, Skeleton skeleton, List<SampleFigure> samples,
                                String notes) {
        return builder().title(title).experimentId(experimentId).metric(metric).scale(scale).models(models)
                .skeleton(skeleton).samples(samples).notes(notes).build().html();
    }

    /** Collects the report's inputs; title, metric and at least one model are required. */
    public static final class Builder {
        private String title = "Robustness report";
        private String experimentId = "";
        private String metric = "AP";
        private RobustnessTable.Scale scale;
        private List<ModelMetrics> models = List.of();
        private Skeleton skeleton;
        private List<SampleFigure> samples = List.of();
        private String notes;
        private List<String> warnings = List.of();
        private double minScore = DEFAULT_MIN_SCORE;
        private boolean groupedPeople;

        private Builder() {
        }

        /**
         * Draw each predicted person in its own colour, so the samples show how a bottom-up model grouped joints into
         * people (with top-down models the people are the boxes', one colour per model reads better).
         */
        public Builder groupedPeople(boolean grouped) {
            this.groupedPeople = grouped;
            return this;
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        public Builder experimentId(String experimentId) {
            this.experimentId = experimentId == null ? "" : experimentId;
            return this;
        }

        /** The metric's name, e.g. {@code AP} or {@code PCKh}. */
        public Builder metric(String metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** How values are stored; by default PERCENT for PCKh and FRACTION otherwise, as {@code RobustnessInputs}. */
        public Builder scale(RobustnessTable.Scale scale) {
            this.scale = scale;
            return this;
        }

        public Builder models(List<ModelMetrics> models) {
            this.models = Objects.requireNonNull(models, "models");
            return this;
        }

        /** Layout of the samples' keypoints; inferred from the joint count (17 COCO, 16 MPII) when not given. */
        public Builder skeleton(Skeleton skeleton) {
            this.skeleton = skeleton;
            return this;
        }

        public Builder samples(List<SampleFigure> samples) {
            this.samples = samples == null ? List.of() : samples;
            return this;
        }

        /** Free text shown at the end of the report; line breaks are kept. */
        /** Where the results are not comparable with the paper (shown above the tables). */
        public Builder warnings(List<String> warnings) {
            this.warnings = List.copyOf(warnings);
            return this;
        }

        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /** Predicted joints scored below this are not drawn (default 0.2). */
        public Builder minScore(double minScore) {
            this.minScore = minScore;
            return this;
        }

        public HtmlReport build() {
            return new HtmlReport(this);
        }
    }

    /** The report page. */
    public synchronized String html() {
        if (html == null) {
            html = new Page().render();
        }
        return html;
    }

    /** Writes the page as UTF-8 through a temporary sibling renamed into place; returns {@code target}. */
    public Path write(Path target) throws IOException {
        return AtomicFiles.write(target, html().getBytes(StandardCharsets.UTF_8));
    }

    public String title() {
        return title;
    }

    public String experimentId() {
        return experimentId;
    }

    public String metric() {
        return metric;
    }

    public RobustnessTable.Scale scale() {
        return scale;
    }

    static String categoryLabel(Corruption.Category c) {
        String l = c.label();
        return Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    private void validate() {
        if (title.isBlank() || metric.isBlank()) {
            throw new IllegalArgumentException("a report needs a title and a metric name");
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one model");
        }
        Set<String> names = new HashSet<>();
        for (ModelMetrics m : models) {
            if (!names.add(m.model())) {
                throw new IllegalArgumentException("model " + m.model() + " is listed twice");
            }
        }
        for (SampleFigure f : samples) {
            checkJoints(f, f.groundTruthView(), "ground truth");
            f.predictionsView().forEach((model, people) -> checkJoints(f, people, model));
        }
    }

    private void checkJoints(SampleFigure f, List<float[]> people, String who) {
        for (float[] p : people) {
            if (p.length != 3 * skeleton.size()) {
                throw new IllegalArgumentException(f.imageName() + " (" + f.condition() + "), " + who + ": a person has "
                        + p.length / 3 + " joints but the " + skeleton.name() + " skeleton has " + skeleton.size());
            }
        }
    }

    private static Skeleton inferSkeleton(SampleFigure f) {
        List<float[]> people = new ArrayList<>(f.groundTruthView());
        f.predictionsView().values().forEach(people::addAll);
        if (people.isEmpty()) {
            return Skeleton.COCO;
        }
        return Skeleton.forJoints(people.get(0).length / 3);
    }

    /** One rendering pass: summaries, colours and the HTML being written. */
    private final class Page {
        private final StringBuilder out = new StringBuilder(1 << 16);
        private final List<RobustnessSummary> summaries = models.stream().map(RobustnessSummary::of).toList();
        private final Map<String, String> colours = new LinkedHashMap<>();
        private final List<Corruption> bench = Corruption.benchmarkSet();
        private final double factor = scale == RobustnessTable.Scale.FRACTION ? 100 : 1;

        Page() {
            models.forEach(m -> colour(m.model()));
            samples.forEach(f -> f.predictionsView().keySet().forEach(this::colour));
        }

        private String colour(String model) {
            return colours.computeIfAbsent(model, k -> {
                int i = colours.size();
                if (i < PALETTE.length) {
                    return PALETTE[i];
                }
                // beyond the palette: golden-angle hues
                return hsl((i * 137.508) % 360, 0.55, 0.48);
            });
        }

        String render() {
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style>\n")
                    .append("</head>\n<body>\n<main>\n");
            header();
            comparability();
            summaryTable();
            missing();
            corruptionTable();
            categoryTable();
            barChart();
            severityChart();
            sampleGrid();
            notesSection();
            out.append("<footer>Generated by robustpose · self-contained page: no external resources</footer>\n")
                    .append("</main>\n<pre id=\"render-check\" hidden></pre>\n<script>").append(RENDER_CHECK)
                    .append("</script>\n</body>\n</html>\n");
            return out.toString();
        }

        private void header() {
            long incomplete = summaries.stream().filter(s -> !s.complete() && !s.cleanOnly()).count();
            long cleanOnly = summaries.stream().filter(RobustnessSummary::cleanOnly).count();
            out.append("<header>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"meta\">");
            if (!experimentId.isBlank()) {
                out.append("Experiment <code>").append(esc(experimentId)).append("</code> · ");
            }
            out.append("metric ").append(esc(metric)).append(" · ").append(models.size())
                    .append(models.size() == 1 ? " model" : " models").append(" · ").append(bench.size())
                    .append(" corruptions × ").append(Corruption.MAX_SEVERITY).append(" severities");
            if (incomplete > 0) {
                out.append(" · <a class=\"warn\" href=\"#missing\">").append(incomplete)
                        .append(incomplete == 1 ? " model" : " models").append(" incomplete</a>");
            }
            if (cleanOnly > 0) {
                out.append(" · <span class=\"clean-only\">").append(cleanOnly == models.size() ? "clean only"
                        : cleanOnly + (cleanOnly == 1 ? " model" : " models") + " clean only")
                        .append(": no corruption evaluated, so no mPC or rPC</span>");
            }
            out.append("</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#corruptions\">Per corruption</a>")
                    .append("<a href=\"#categories\">Per category</a><a href=\"#bars\">Corruption chart</a>")
                    .append("<a href=\"#severity\">Severity chart</a>");
            if (!samples.isEmpty()) {
                out.append("<a href=\"#samples\">Samples</a>");
            }
            if (notes != null && !notes.isBlank()) {
                out.append("<a href=\"#notes\">Notes</a>");
            }
            out.append("</nav>\n</header>\n");
        }

        private void summaryTable() {
            Double best = summaries.stream().map(RobustnessSummary::mpc).filter(Objects::nonNull)
                    .max(Double::compare).orElse(null);
            String m = esc(metric);
            out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"table-wrap\">\n")
                    .append("<table id=\"table-summary\" class=\"metrics\">\n<thead><tr><th scope=\"col\">Model</th>")
                    .append("<th scope=\"col\" class=\"num\">").append(m).append("*</th>")
                    .append("<th scope=\"col\" class=\"num\">mPC</th><th scope=\"col\" class=\"num\">rPC (%)</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (RobustnessSummary s : summaries) {
                rowStart(s);
                cell("clean", s.clean(), factor, false);
                cell("mpc", s.mpc(), factor, s.mpc() != null && s.mpc().equals(best));
                cell("rpc", s.rpc(), 100, false);
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n</div>\n<p class=\"caption\">").append(m)
                    .append("* is the clean ").append(m).append("; mPC is the mean ").append(m)
                    .append(" over the ").append(bench.size()).append(" corruptions × ").append(Corruption.MAX_SEVERITY)
                    .append(" severities; rPC = mPC / ").append(m).append("*. Best mPC in bold.")
                    .append(scale == RobustnessTable.Scale.FRACTION ? " Values ×100." : "").append("</p>\n</section>\n");
        }

        private void corruptionTable() {
            out.append("<section id=\"corruptions\">\n<h2>Per corruption</h2>\n<div class=\"table-wrap\">\n")
                    .append("<table id=\"table-corruptions\" class=\"metrics\">\n<thead>\n<tr>")
                    .append("<th scope=\"col\" rowspan=\"2\">Model</th>");
            for (Corruption.Category cat : Corruption.Category.values()) {
                long n = bench.stream().filter(c -> c.category() == cat).count();
                out.append("<th scope=\"colgroup\" colspan=\"").append(n).append("\" class=\"category\">")
                        .append(categoryLabel(cat)).append("</th>");
            }
            out.append("</tr>\n<tr>");
            for (int i = 0; i < bench.size(); i++) {
                Corruption c = bench.get(i);
                out.append("<th scope=\"col\" class=\"num").append(categoryStart(i) ? " cat-start" : "")
                        .append("\" data-corruption=\"").append(c.id()).append("\"><abbr title=\"").append(c.id())
                        .append("\">").append(SHORT[i]).append("</abbr></th>");
            }
            out.append("</tr>\n</thead>\n<tbody>\n");
            Map<Corruption, Double> best = new LinkedHashMap<>();
            for (Corruption c : bench) {
                best.put(c, bestOf(s -> complete(s.perCorruption().get(c))));
            }
            for (RobustnessSummary s : summaries) {
                rowStart(s);
                for (int i = 0; i < bench.size(); i++) {
                    Corruption c = bench.get(i);
                    Double v = complete(s.perCorruption().get(c));
                    cell(c.id(), v, factor, v != null && v.equals(best.get(c)) && summaries.size() > 1,
                            categoryStart(i) ? "cat-start" : null);
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n</div>\n<p class=\"caption\">Mean ").append(esc(metric))
                    .append(" over severities 1–").append(Corruption.MAX_SEVERITY)
                    .append(" for each benchmark corruption; best per column in bold; — where a severity is missing.")
                    .append("</p>\n</section>\n");
        }

        private void categoryTable() {
            out.append("<section id=\"categories\">\n<h2>Per category</h2>\n<div class=\"table-wrap\">\n")
                    .append("<table id=\"table-categories\" class=\"metrics\">\n<thead><tr><th scope=\"col\">Model</th>");
            for (Corruption.Category cat : Corruption.Category.values()) {
                out.append("<th scope=\"col\" class=\"num\">").append(categoryLabel(cat)).append("</th>");
            }
            out.append("</tr></thead>\n<tbody>\n");
            Map<Corruption.Category, Double> best = new LinkedHashMap<>();
            for (Corruption.Category cat : Corruption.Category.values()) {
                best.put(cat, bestOf(s -> complete(s.perCategory().get(cat))));
            }
            for (RobustnessSummary s : summaries) {
                rowStart(s);
                for (Corruption.Category cat : Corruption.Category.values()) {
                    Double v = complete(s.perCategory().get(cat));
                    cell(cat.label(), v, factor, v != null && v.equals(best.get(cat)) && summaries.size() > 1);
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n</div>\n<p class=\"caption\">Mean ").append(esc(metric))
                    .append(" over each category's corruptions and severities (noise 3 × 5, the others 4 × 5 values).")
                    .append("</p>\n</section>\n");
        }

        private void barChart() {
            List<Charts.Series> series = new ArrayList<>();
            for (RobustnessSummary s : summaries) {
                double[] v = new double[bench.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = display(complete(s.perCorruption().get(bench.get(i))));
                }
                series.add(new Charts.Series(s.model(), colours.get(s.model()), v));
            }
            out.append("<section id=\"bars\">\n<h2>").append(esc(metric)).append(" per corruption</h2>\n");
            legend(models.stream().map(ModelMetrics::model).toList());
            out.append("<div class=\"chart-wrap\">\n").append(Charts.corruptionBars(bench, series, unitLabel()))
                    .append("</div>\n<p class=\"caption\">Mean over severities 1–").append(Corruption.MAX_SEVERITY)
                    .append("; no bar where a value is missing.</p>\n</section>\n");
        }

        private void severityChart() {
            List<Charts.Series> series = new ArrayList<>();
            for (RobustnessSummary s : summaries) {
                double[] v = new double[Corruption.MAX_SEVERITY + 1];
                v[0] = display(s.clean());
                for (int sev = Corruption.MIN_SEVERITY; sev <= Corruption.MAX_SEVERITY; sev++) {
                    v[sev] = display(complete(s.perSeverity().get(sev)));
                }
                series.add(new Charts.Series(s.model(), colours.get(s.model()), v));
            }
            out.append("<section id=\"severity\">\n<h2>").append(esc(metric)).append(" against severity</h2>\n");
            legend(models.stream().map(ModelMetrics::model).toList());
            out.append("<div class=\"chart-wrap\">\n").append(Charts.severityLines(series, unitLabel()))
                    .append("</div>\n<p class=\"caption\">At 0 the clean ").append(esc(metric)).append(", at 1–")
                    .append(Corruption.MAX_SEVERITY).append(" the mean over the ").append(bench.size())
                    .append(" corruptions at that severity; the line breaks where a value is missing.</p>\n")
                    .append("</section>\n");
        }

        private void sampleGrid() {
            if (samples.isEmpty()) {
                return;
            }
            out.append("<section id=\"samples\">\n<h2>Samples</h2>\n<p class=\"caption\">Ground truth dashed white; ")
                    .append(groupedPeople ? "each person a model found (grouped by its associative embedding) in a "
                            + "colour of its own, " : "predictions in the model's colour, ")
                    .append("left side darker, right side lighter; joints scored ")
                    .append("below ").append(num(minScore)).append(" and unlabelled joints are not drawn.</p>\n")
                    .append("<div class=\"samples\">\n");
            for (SampleFigure f : samples) {
                sample(f);
            }
            out.append("</div>\n</section>\n");
        }

        private void sample(SampleFigure f) {
            double unit = Math.max(f.width(), f.height()) / 200.0;
            out.append("<figure class=\"sample\" data-condition=\"").append(esc(f.condition())).append("\">\n")
                    .append("<svg class=\"overlay\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                    .append(f.width()).append(' ').append(f.height()).append("\" role=\"img\" aria-label=\"")
                    .append(esc(f.imageName() + ", " + f.condition())).append("\">\n<image href=\"data:")
                    .append(f.mediaType()).append(";base64,").append(Base64.getEncoder().encodeToString(f.imageBytes()))
                    .append("\" x=\"0\" y=\"0\" width=\"").append(f.width()).append("\" height=\"").append(f.height())
                    .append("\"/>\n<g class=\"gt\">\n");
            for (float[] p : f.groundTruthView()) {
                person(p, 1, null, unit); // visibility 1 (occluded) and 2 (visible) are labelled
            }
            out.append("</g>\n");
            f.predictionsView().forEach((model, people) -> {
                out.append("<g class=\"pred\" data-model=\"").append(esc(model)).append("\">\n");
                for (int i = 0; i < people.size(); i++) {
                    if (groupedPeople) {
                        out.append("<g class=\"person\" data-person=\"").append(i).append("\">\n");
                        person(people.get(i), minScore, personColour(i), unit);
                        out.append("</g>\n");
                    } else {
                        person(people.get(i), minScore, colour(model), unit);
                    }
                }
                out.append("</g>\n");
            });
            out.append("</svg>\n<figcaption><span class=\"condition\">").append(esc(f.condition()))
                    .append("</span> <span class=\"image-name\">").append(esc(f.imageName())).append("</span>\n")
                    .append("<ul class=\"legend small\"><li><span class=\"swatch gt\"></span>ground truth</li>");
            f.predictionsView().keySet().forEach(model -> legendItem(model));
            out.append("</ul></figcaption>\n</figure>\n");
        }

        /**
         * One person's limbs and joints. Ground truth ({@code colour == null}) is white and dashed over a dark halo;
         * a joint is drawn when its third value (visibility or score) is at least {@code min}.
         */
        private void person(float[] p, double min, String colour, double unit) {
            int k = skeleton.size();
            boolean[] shown = new boolean[k];
            for (int j = 0; j < k; j++) {
                float x = p[3 * j], y = p[3 * j + 1], v = p[3 * j + 2];
                shown[j] = Float.isFinite(x) && Float.isFinite(y) && Float.isFinite(v) && v >= min && v > 0;
            }
            for (int[] l : skeleton.limbs()) {
                if (!shown[l[0]] || !shown[l[1]]) {
                    continue;
                }
                String xy = "x1=\"" + num(p[3 * l[0]]) + "\" y1=\"" + num(p[3 * l[0] + 1]) + "\" x2=\""
                        + num(p[3 * l[1]]) + "\" y2=\"" + num(p[3 * l[1] + 1]) + "\"";
                Skeleton.Side side = skeleton.side(l);
                if (colour == null) {
                    out.append("<line class=\"halo\" ").append(xy).append("/>")
                            .append("<line class=\"limb\" ").append(xy).append(" stroke=\"").append(gtShade(side))
                            .append("\" stroke-dasharray=\"").append(num(3 * unit)).append(' ').append(num(2 * unit))
                            .append("\"/>\n");
                } else {
                    out.append("<line class=\"limb\" ").append(xy).append(" stroke=\"").append(shade(colour, side))
                            .append("\"/>\n");
                }
            }
            for (int j = 0; j < k; j++) {
                if (!shown[j]) {
                    continue;
                }
                Skeleton.Side side = skeleton.side(j);
                out.append("<circle class=\"joint\" cx=\"").append(num(p[3 * j])).append("\" cy=\"")
                        .append(num(p[3 * j + 1])).append("\" r=\"").append(num(1.5 * unit)).append("\" fill=\"")
                        .append(colour == null ? gtShade(side) : shade(colour, side)).append("\"><title>")
                        .append(esc(skeleton.keypoints().get(j))).append(colour == null ? ""
                                : String.format(Locale.ROOT, " %.2f", p[3 * j + 2]))
                        .append("</title></circle>\n");
            }
        }

        private void notesSection() {
            if (notes == null || notes.isBlank()) {
                return;
            }
            out.append("<section id=\"notes\">\n<h2>Notes</h2>\n<div class=\"notes\">").append(esc(notes.strip()))
                    .append("</div>\n</section>\n");
        }

        private void comparability() {
            if (warnings.isEmpty()) {
                return;
            }
            out.append("<section id=\"comparability\" class=\"warn\">\n<h2>Not comparable with the paper</h2>\n<ul>\n");
            for (String w : warnings) {
                out.append("<li>").append(esc(w)).append("</li>\n");
            }
            out.append("</ul>\n</section>\n");
        }

        private void missing() {
            List<RobustnessSummary> incomplete = summaries.stream().filter(s -> !s.complete() && !s.cleanOnly()).toList();
            if (incomplete.isEmpty()) {
                return;
            }
            out.append("<section id=\"missing\" class=\"warn\">\n<h2>Missing values</h2>\n<p>Some models lack values. ")
                    .append("Means are never taken over fewer values: mPC, rPC and any incomplete mean are shown as ")
                    .append(DASH).append(".</p>\n<ul class=\"missing-list\">\n");
            for (RobustnessSummary s : incomplete) {
                out.append("<li data-model=\"").append(esc(s.model())).append("\"><strong>").append(esc(s.model()))
                        .append("</strong> — ").append(s.missing().size()).append(" missing: ");
                List<String> cells = s.missing().stream().map(c -> "<code>" + esc(c) + "</code>").toList();
                out.append(String.join(", ", cells));
                RobustnessSummary.Mean partial = s.mpcPartial();
                if (partial.count() > 0 && partial.count() < partial.expected()) {
                    out.append(". Mean over the ").append(partial.count()).append(" of ").append(partial.expected())
                            .append(" corrupted values present: ").append(Html.oneDecimal(partial.value(), factor))
                            .append(" (not an mPC)");
                }
                out.append("</li>\n");
            }
            out.append("</ul>\n</section>\n");
        }

        private void rowStart(RobustnessSummary s) {
            out.append("<tr data-model=\"").append(esc(s.model())).append("\"><th scope=\"row\"><span class=\"swatch\" ")
                    .append("style=\"background:").append(colours.get(s.model())).append("\"></span>")
                    .append(esc(s.model()));
            if (!s.complete() && !s.cleanOnly()) {
                out.append(" <a class=\"dagger\" href=\"#missing\" title=\"incomplete\">†</a>");
            }
            out.append("</th>");
        }

        private void cell(String column, Double value, double scaleFactor, boolean bold) {
            cell(column, value, scaleFactor, bold, null);
        }

        private void cell(String column, Double value, double scaleFactor, boolean bold, String extraClass) {
            String text = Html.oneDecimal(value, scaleFactor);
            out.append("<td class=\"num").append(extraClass == null ? "" : " " + extraClass)
                    .append(text.isEmpty() ? " missing" : "").append("\" data-col=\"").append(column).append("\">");
            if (text.isEmpty()) {
                out.append(DASH);
            } else if (bold) {
                out.append("<strong>").append(text).append("</strong>");
            } else {
                out.append(text);
            }
            out.append("</td>");
        }

        private void legend(List<String> names) {
            out.append("<ul class=\"legend\">");
            names.forEach(this::legendItem);
            out.append("</ul>\n");
        }

        private void legendItem(String model) {
            out.append("<li><span class=\"swatch\" style=\"background:").append(colour(model)).append("\"></span>")
                    .append(esc(model)).append("</li>");
        }

        private Double bestOf(Function<RobustnessSummary, Double> value) {
            return summaries.stream().map(value).filter(Objects::nonNull).max(Double::compare).orElse(null);
        }

        private boolean categoryStart(int i) {
            return i > 0 && bench.get(i).category() != bench.get(i - 1).category();
        }

        private String unitLabel() {
            return metric + (scale == RobustnessTable.Scale.FRACTION ? " (×100)" : "");
        }

        private double display(Double v) {
            return v == null || v.isNaN() ? Double.NaN : v * factor;
        }
    }

    /** The mean's value when it is over all expected values, else null. */
    private static Double complete(RobustnessSummary.Mean m) {
        return m != null && m.complete() && !Double.isNaN(m.value()) ? m.value() : null;
    }

    private static String gtShade(Skeleton.Side side) {
        return side == Skeleton.Side.RIGHT ? "#d9e2ec" : "#ffffff";
    }

    /** The i-th grouped person's colour: golden-angle hues, neighbours far apart. */
    static String personColour(int i) {
        return hsl((20 + i * 137.508) % 360, 0.75, 0.55);
    }

    /** Left limbs and joints darker, right lighter, centre in the model's colour. */
    static String shade(String hex, Skeleton.Side side) {
        return switch (side) {
            case LEFT -> mix(hex, 0, 0.25);
            case RIGHT -> mix(hex, 255, 0.35);
            case CENTER -> hex;
        };
    }

    private static String mix(String hex, int towards, double amount) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        StringBuilder b = new StringBuilder("#");
        for (int v : c) {
            b.append(String.format(Locale.ROOT, "%02x", (int) Math.round(v + (towards - v) * amount)));
        }
        return b.toString();
    }

    private static String hsl(double h, double s, double l) {
        double c = (1 - Math.abs(2 * l - 1)) * s;
        double x = c * (1 - Math.abs((h / 60) % 2 - 1));
        double m = l - c / 2;
        double[] rgb = h < 60 ? new double[]{c, x, 0} : h < 120 ? new double[]{x, c, 0} : h < 180 ? new double[]{0, c, x}
                : h < 240 ? new double[]{0, x, c} : h < 300 ? new double[]{x, 0, c} : new double[]{c, 0, x};
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round((rgb[0] + m) * 255),
                Math.round((rgb[1] + m) * 255), Math.round((rgb[2] + m) * 255));
    }

    private static final String CSS = """
            :root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--soft:#f5f7fa;--accent:#2f6fb0}
            *{box-sizing:border-box}
            body{margin:0;background:#f7f9fb;color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
            "Helvetica Neue",Arial,sans-serif}
            main{max-width:1200px;margin:0 auto;padding:24px 28px 40px}
            h1{font-size:24px;margin:0 0 4px}
            h2{font-size:17px;margin:0 0 12px}
            .meta{color:var(--muted);margin:0 0 8px}
            a{color:var(--accent)}
            a.warn{color:#b44d12;font-weight:600}
            nav{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
            nav a{text-decoration:none}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
            section.warn{background:#fffbea;border-color:#f0c36d}
            .caption{color:var(--muted);font-size:12.5px;margin:8px 0 0}
            .table-wrap{overflow-x:auto}
            table.metrics{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}
            table.metrics th,table.metrics td{padding:5px 9px;border-bottom:1px solid var(--line);white-space:nowrap}
            table.metrics thead th{background:var(--soft);font-weight:600}
            table.metrics thead th:first-child{text-align:left}
            table.metrics tbody th{text-align:left;font-weight:500}
            table.metrics tbody tr:hover{background:#f0f4f8}
            .num{text-align:right}
            td.missing{color:var(--muted)}
            th.category{text-align:center;border-bottom:2px solid #cbd2d9}
            .cat-start{border-left:1px solid #cbd2d9}
            abbr{text-decoration:none}
            .dagger{text-decoration:none;color:#b44d12}
            .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
            .swatch.gt{background:#fff;border:1px dashed #52606d}
            .legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:0 0 8px}
            .legend.small{font-size:12px;margin:4px 0 0}
            .chart-wrap{width:100%}
            svg.chart{display:block;width:100%;height:auto}
            svg.chart text{font-size:11px;fill:#3e4c59}
            svg.chart text.category{font-size:12px;font-weight:600;fill:#52606d}
            svg.chart text.axis-title{font-size:12px;fill:#52606d}
            svg.chart .grid{stroke:#e4e7eb}
            svg.chart .axis,svg.chart .tick{stroke:#7b8794}
            svg.chart circle.point{stroke:#fff;stroke-width:1.5}
            .samples{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
            figure.sample{margin:0;border:1px solid var(--line);border-radius:6px;overflow:hidden;background:#fff}
            figure.sample svg{display:block;width:100%;height:auto;background:#323f4b}
            figure.sample line{stroke-linecap:round;vector-effect:non-scaling-stroke;stroke-width:2.5}
            figure.sample line.halo{stroke:#000;stroke-opacity:.45;stroke-width:4.5}
            figure.sample .gt line.limb{stroke-width:2}
            figure.sample circle.joint{stroke:#1f2933;stroke-width:1;vector-effect:non-scaling-stroke}
            figcaption{padding:8px 10px;font-size:13px}
            .condition{font-weight:600}
            .image-name{color:var(--muted);font-size:12px}
            .missing-list code{font-size:12px}
            .notes{white-space:pre-wrap}
            footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
            """;

    /** Measures the rendered page and writes the result into pre#render-check as JSON. */
    private static final String RENDER_CHECK = """
            (function () {
              function size(el) {
                var r = el.getBoundingClientRect();
                return {width: Math.round(r.width), height: Math.round(r.height)};
              }
              function check() {
                var out = {tables: {}, charts: {}, samples: {}};
                ['table-summary', 'table-corruptions', 'table-categories'].forEach(function (id) {
                  var t = document.getElementById(id);
                  if (!t) { return; }
                  var s = size(t);
                  s.rows = t.tBodies.length ? t.tBodies[0].rows.length : 0;
                  s.headerRows = t.tHead ? t.tHead.rows.length : 0;
                  out.tables[id] = s;
                });
                document.querySelectorAll('svg.chart').forEach(function (svg) {
                  var s = size(svg);
                  var lines = svg.querySelectorAll('polyline.series, path.series');
                  var points = 0;
                  lines.forEach(function (l) { if (l.points) { points += l.points.numberOfItems; } });
                  s.bars = svg.querySelectorAll('rect.bar').length;
                  s.lines = lines.length;
                  s.points = points;
                  s.circles = svg.querySelectorAll('circle.point').length;
                  out.charts[svg.id] = s;
                });
                var figures = document.querySelectorAll('figure.sample');
                var images = document.querySelectorAll('figure.sample image, figure.sample img');
                var probes = Array.prototype.map.call(images, function (img) {
                  return new Promise(function (resolve) {
                    var src = img.getAttribute('href') || img.getAttribute('src');
                    var probe = new Image();
                    probe.onload = function () {
                      var box = img.getBBox ? img.getBBox().width : img.naturalWidth;
                      resolve(probe.naturalWidth > 0 && box > 0);
                    };
                    probe.onerror = function () { resolve(false); };
                    probe.src = src;
                  });
                });
                Promise.all(probes).then(function (loaded) {
                  out.samples = {figures: figures.length, images: images.length,
                    loaded: loaded.filter(Boolean).length};
                  if (figures.length) { out.samples.firstFigure = size(figures[0]); }
                  var pre = document.getElementById('render-check');
                  pre.textContent = JSON.stringify(out);
                  pre.setAttribute('data-done', 'true');
                });
              }
              if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
            })();
            """;
}
