package io.robustpose.core.report;

import io.robustpose.core.inference.Skeleton;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessSummary;
import io.robustpose.core.eval.robustness.RobustnessTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.robustpose.core.report.ReportFixtures.cocoPerson;
import static io.robustpose.core.report.ReportFixtures.model;
import static io.robustpose.core.report.ReportFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {

    private static String report(List<ModelMetrics> models, List<SampleFigure> samples) {
        return HtmlReport.builder().title("COCO-C robustness").experimentId("exp-7").metric("AP")
                .scale(RobustnessTable.Scale.FRACTION).models(models).skeleton(Skeleton.COCO).samples(samples)
                .notes("first line\nsecond <line>").build().html();
    }

    /** The element with the given id up to its closing tag (tables and svgs are not nested in themselves). */
    private static String element(String html, String id, String tag) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #" + id).isNotNegative();
        int end = html.indexOf("</" + tag + ">", start);
        return html.substring(start, end);
    }

    /** The row of a model in a table fragment. */
    private static String row(String table, String model) {
        int start = table.indexOf("<tr data-model=\"" + model + "\"");
        assertThat(start).as("row of " + model).isNotNegative();
        return table.substring(start, table.indexOf("</tr>", start));
    }

    private static String cell(String row, String column) {
        Matcher m = Pattern.compile("data-col=\"" + Pattern.quote(column) + "\">(.*?)</td>").matcher(row);
        assertThat(m.find()).as("cell " + column).isTrue();
        return m.group(1);
    }

    private static String percent(double v) {
        return new BigDecimal(v * 100).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    @Test
    void summaryShowsCleanMpcAndRpcAsThePaperWithTheBestMpcInBold() {
        ModelMetrics sbl = model("SBL-R50", 0.704);
        ModelMetrics advmix = model("SBL-R50 + AdvMix", 0.712);
        String html = report(List.of(sbl, advmix), List.of());
        String table = element(html, "table-summary", "table");

        RobustnessSummary s = RobustnessSummary.of(sbl);
        RobustnessSummary a = RobustnessSummary.of(advmix);
        String sblRow = row(table, "SBL-R50");
        assertThat(cell(sblRow, "clean")).isEqualTo("70.4");
        assertThat(cell(sblRow, "mpc")).isEqualTo(percent(s.mpc())).isEqualTo("54.1");
        assertThat(cell(sblRow, "rpc")).isEqualTo(percent(s.rpc()));
        String advRow = row(table, "SBL-R50 + AdvMix");
        assertThat(cell(advRow, "mpc")).isEqualTo("<strong>" + percent(a.mpc()) + "</strong>");
        assertThat(count(table, "<strong>")).isEqualTo(1);

        String corruptions = element(html, "table-corruptions", "table");
        assertThat(cell(row(corruptions, "SBL-R50"), "fog"))
                .isEqualTo(percent(s.perCorruption().get(Corruption.FOG).value()));
        String categories = element(html, "table-categories", "table");
        assertThat(cell(row(categories, "SBL-R50"), "digital"))
                .isEqualTo(percent(s.perCategory().get(Corruption.Category.DIGITAL).value()));
        assertThat(html).doesNotContain("id=\"missing\"");
    }

    @Test
    void namesAll15CorruptionsInTheTableAndTheChartUnderTheirCategories() {
        String html = report(List.of(model("a", 0.7)), List.of());
        String table = element(html, "table-corruptions", "table");
        String chart = element(html, "chart-corruptions", "svg");
        for (Corruption c : Corruption.benchmarkSet()) {
            assertThat(table).contains("data-corruption=\"" + c.id() + "\"");
            assertThat(chart).contains(">" + c.id() + "</text>");
        }
        assertThat(table).contains(">Noise</th>", ">Blur</th>", ">Weather</th>", ">Digital</th>");
        assertThat(count(chart, "class=\"bar\"")).isEqualTo(15);
        // held-out extras are not part of the benchmark tables
        assertThat(html).doesNotContain("speckle_noise");
    }

    @Test
    void severityChartHasTheCleanPointThenFiveSeverityMeans() {
        String html = report(List.of(model("a", 0.7), model("b", 0.6)), List.of());
        String chart = element(html, "chart-severity", "svg");
        assertThat(count(chart, "class=\"series\"")).isEqualTo(2);
        assertThat(count(chart, "class=\"point\"")).isEqualTo(12);
        assertThat(chart).contains(">clean</text>", "a · clean: 70.0", "b · severity 5: ");
        double sev5 = RobustnessSummary.of(model("a", 0.7)).perSeverity().get(5).value();
        assertThat(chart).contains("a · severity 5: " + percent(sev5));
    }

    @Test
    void isSelfContained() {
        String html = report(List.of(model("a", 0.7), model("b", 0.65)),
                List.of(sample("000001.jpg", "clean", 0, List.of("a", "b"), 1)));
        // the only URLs are SVG namespace names, which are never fetched
        Matcher url = Pattern.compile("https?://[^\"'\\s)]*").matcher(html);
        while (url.find()) {
            assertThat(url.group()).isEqualTo("http://www.w3.org/2000/svg");
            assertThat(html.substring(url.start() - 7, url.start())).isEqualTo("xmlns=\"");
        }
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)<link|@import|url\\(|<script[^>]*src");
        assertThat(html).contains("<image href=\"data:image/jpeg;base64,/9j/");
        assertThat(html).contains("<pre id=\"render-check\" hidden></pre>");
    }

    @Test
    void incompleteMetricsShowADashAndListWhatIsMissing() {
        ModelMetrics full = model("full", 0.75);
        ModelMetrics holes = new ModelMetrics("holes");
        full.corrupted().forEach((c, m) -> m.forEach((s, v) -> {
            if (!(c == Corruption.FOG && s == 3)) {
                holes.put(c, s, v);
            }
        }));
        String html = report(List.of(full, holes), List.of());
        String summary = element(html, "table-summary", "table");
        String holesRow = row(summary, "holes");
        assertThat(cell(holesRow, "clean")).isEqualTo("—");
        assertThat(cell(holesRow, "mpc")).isEqualTo("—");
        assertThat(cell(holesRow, "rpc")).isEqualTo("—");
        assertThat(cell(row(summary, "full"), "mpc")).startsWith("<strong>");
        // only the fog mean and the weather mean of that model lack a value
        String corruptions = row(element(html, "table-corruptions", "table"), "holes");
        assertThat(cell(corruptions, "fog")).isEqualTo("—");
        assertThat(cell(corruptions, "snow")).isNotEqualTo("—");
        String categories = row(element(html, "table-categories", "table"), "holes");
        assertThat(cell(categories, "weather")).isEqualTo("—");
        assertThat(cell(categories, "noise")).isNotEqualTo("—");

        String missing = element(html, "missing", "section");
        assertThat(missing).contains("<code>clean</code>", "<code>fog/3</code>", "2 missing", "74 of 75");
        assertThat(missing).doesNotContain("data-model=\"full\"");
        // no bar for fog and a line broken at severity 3 (clean missing too)
        assertThat(count(element(html, "chart-corruptions", "svg"), "class=\"bar\"")).isEqualTo(29);
        String severity = element(html, "chart-severity", "svg");
        assertThat(count(severity, "class=\"point\"")).isEqualTo(6 + 4);
        assertThat(count(severity, "class=\"series\"")).isEqualTo(1 + 2);
    }

    @Test
    void escapesNamesTitlesAndNotes() {
        ModelMetrics odd = model("<b>&x", 0.7);
        String html = HtmlReport.builder().title("A <i>title</i> & more").experimentId("e\"1").metric("AP")
                .models(List.of(odd)).notes("<script>alert(1)</script>").build().html();
        assertThat(html).doesNotContain("<b>&x", "<i>title</i>", "<script>alert", "e\"1");
        assertThat(html).contains("&lt;b&gt;&amp;x", "A &lt;i&gt;title&lt;/i&gt; &amp; more",
                "&lt;script&gt;alert(1)&lt;/script&gt;", "e&quot;1");
        assertThat(row(element(html, "table-summary", "table"), "&lt;b&gt;&amp;x")).contains("70.0");
        // the only script is the render check
        assertThat(count(html, "<script>")).isEqualTo(1);
    }

    @Test
    void drawsSkeletonsButNotLowScoredOrUnlabelledJoints() {
        float[] gt = cocoPerson(120, 40, 260);
        gt[3 * 16 + 2] = 0; // right ankle not labelled
        float[] pred = ReportFixtures.predicted(gt, 3, 0.9f, 5);
        pred[3 * 9 + 2] = 0.1f; // left wrist below 0.2
        pred[3 * 16 + 2] = 0.05f; // right ankle below 0.2
        pred[3 * 10 + 2] = 0.2f; // right wrist exactly at the threshold: drawn
        SampleFigure f = new SampleFigure("p.jpg", "motion_blur s2",
                ReportFixtures.jpeg(240, 320, java.awt.Color.GRAY, java.awt.Color.WHITE, 0, 1), 240, 320,
                List.of(gt), Map.of("m<1>", List.of(pred)));
        String html = HtmlReport.builder().metric("AP").models(List.of(model("m<1>", 0.7)))
                .skeleton(Skeleton.COCO).samples(List.of(f)).build().html();
        String fig = html.substring(html.indexOf("<figure class=\"sample\""), html.indexOf("</figure>"));
        assertThat(fig).contains("viewBox=\"0 0 240 320\"", "motion_blur s2", "m&lt;1&gt;");
        String gtGroup = fig.substring(fig.indexOf("<g class=\"gt\">"), fig.indexOf("</g>"));
        String predGroup = fig.substring(fig.indexOf("<g class=\"pred\""), fig.lastIndexOf("</g>"));
        assertThat(count(gtGroup, "<circle")).isEqualTo(16);
        assertThat(count(gtGroup, "class=\"limb\"")).isEqualTo(19 - 1); // right knee - right ankle gone
        assertThat(count(predGroup, "<circle")).isEqualTo(15); // left wrist and right ankle gone
        assertThat(count(predGroup, "class=\"limb\"")).isEqualTo(19 - 2);
        // the model's colour: left side darker, right side lighter than the palette colour
        assertThat(predGroup).contains(HtmlReport.shade("#4e79a7", Skeleton.Side.LEFT),
                HtmlReport.shade("#4e79a7", Skeleton.Side.RIGHT));
    }

    @Test
    void groupedPeopleAreDrawnEachInItsOwnColour() {
        float[] a = cocoPerson(60, 40, 200);
        float[] b = cocoPerson(180, 40, 200);
        List<float[]> found = List.of(ReportFixtures.predicted(a, 2, 0.9f, 1), ReportFixtures.predicted(b, 2, 0.8f, 2));
        SampleFigure f = new SampleFigure("two.jpg", "clean",
                ReportFixtures.jpeg(240, 320, java.awt.Color.GRAY, java.awt.Color.WHITE, 0, 1), 240, 320,
                List.of(a, b), Map.of("hhr", found));
        String grouped = HtmlReport.builder().metric("AP").models(List.of(model("hhr", 0.5)))
                .skeleton(Skeleton.COCO).samples(List.of(f)).groupedPeople(true).build().html();
        String fig = grouped.substring(grouped.indexOf("<figure class=\"sample\""), grouped.indexOf("</figure>"));
        assertThat(count(fig, "<g class=\"person\"")).isEqualTo(2);
        String first = fig.substring(fig.indexOf("data-person=\"0\""), fig.indexOf("data-person=\"1\""));
        String second = fig.substring(fig.indexOf("data-person=\"1\""));
        String c0 = HtmlReport.shade(HtmlReport.personColour(0), Skeleton.Side.LEFT);
        String c1 = HtmlReport.shade(HtmlReport.personColour(1), Skeleton.Side.LEFT);
        assertThat(c0).isNotEqualTo(c1);
        assertThat(first).contains(c0).doesNotContain(c1);
        assertThat(second).contains(c1).doesNotContain(c0);
        assertThat(grouped).contains("in a colour of its own");
        // top-down (the default): one colour per model, no person groups
        String plain = HtmlReport.builder().metric("AP").models(List.of(model("hhr", 0.5)))
                .skeleton(Skeleton.COCO).samples(List.of(f)).build().html();
        assertThat(plain).doesNotContain("class=\"person\"").contains(HtmlReport.shade("#4e79a7", Skeleton.Side.LEFT));
    }

    @Test
    void aCleanOnlyRunIsSaidSoAndNotListedAsMissing() {
        ModelMetrics clean = new ModelMetrics("clean-only").clean(0.61);
        String html = HtmlReport.builder().metric("AP").models(List.of(clean)).build().html();
        assertThat(html).contains("clean only: no corruption evaluated, so no mPC or rPC")
                .doesNotContain("<section id=\"missing\"").doesNotContain("class=\"dagger\"");
        // a model with some corrupted values missing is still listed
        String mixed = HtmlReport.builder().metric("AP").models(List.of(clean,
                new ModelMetrics("partial").clean(0.6).put(Corruption.FOG, 1, 0.5))).build().html();
        assertThat(mixed).contains("<section id=\"missing\"").contains("1 model clean only");
    }

    @Test
    void percentScaleIsShownAsIs() {
        ModelMetrics pckh = new ModelMetrics("HRNet-W32").clean(90.33);
        for (Corruption c : Corruption.benchmarkSet()) {
            for (int s = 1; s <= 5; s++) {
                pckh.put(c, s, 80.0 - s);
            }
        }
        String html = HtmlReport.builder().metric("PCKh").models(List.of(pckh)).build().html();
        String row = row(element(html, "table-summary", "table"), "HRNet-W32");
        assertThat(cell(row, "clean")).isEqualTo("90.3");
        assertThat(cell(row, "mpc")).isEqualTo("<strong>77.0</strong>");
        assertThat(cell(row, "rpc")).isEqualTo(percent(77.0 / 90.33));
        assertThat(html).contains("PCKh*");
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws IOException {
        HtmlReport r = HtmlReport.builder().metric("AP").models(List.of(model("a", 0.7))).build();
        Path target = dir.resolve("out/report.html");
        r.write(target);
        r.write(target);
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(r.html());
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.html");
        }
    }

    @Test
    void rejectsPeopleThatDoNotFitTheSkeletonAndDuplicateModels() {
        SampleFigure mpii = new SampleFigure("x.jpg", "clean", new byte[]{(byte) 0xff, (byte) 0xd8}, 10, 10,
                List.of(new float[16 * 3]), Map.of());
        assertThatThrownBy(() -> HtmlReport.builder().models(List.of(model("a", 0.7))).skeleton(Skeleton.COCO)
                .samples(List.of(mpii)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 joints");
        assertThatThrownBy(() -> HtmlReport.builder().models(List.of(model("a", 0.7), model("a", 0.6))).build())
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new SampleFigure("x.jpg", "clean", new byte[]{1}, 10, 10,
                List.of(new float[5]), Map.of())).hasMessageContaining("triples");
        // the skeleton is inferred from the joint count when not given
        String html = HtmlReport.builder().models(List.of(model("a", 0.7))).samples(List.of(mpii)).build().html();
        assertThat(html).contains("class=\"sample\"");
    }

    @Test
    void skeletonsHaveTheStandardLimbsAndSides() {
        assertThat(Skeleton.COCO.size()).isEqualTo(17);
        assertThat(Skeleton.COCO.limbs().length).isEqualTo(19);
        assertThat(Skeleton.MPII.size()).isEqualTo(16);
        assertThat(Skeleton.MPII.limbs().length).isEqualTo(15);
        assertThat(Skeleton.MPII.keypoints().get(9)).isEqualTo("head_top");
        assertThat(Skeleton.MPII.side(0)).isEqualTo(Skeleton.Side.RIGHT);
        assertThat(Skeleton.MPII.side(15)).isEqualTo(Skeleton.Side.LEFT);
        assertThat(Skeleton.MPII.side(6)).isEqualTo(Skeleton.Side.CENTER);
        assertThat(Skeleton.COCO.side(new int[]{5, 6})).isEqualTo(Skeleton.Side.CENTER);
        assertThat(Skeleton.COCO.side(new int[]{0, 1})).isEqualTo(Skeleton.Side.LEFT);
        assertThat(Skeleton.COCO.side(new int[]{14, 16})).isEqualTo(Skeleton.Side.RIGHT);
        // every limb of the standard COCO skeleton (1-based as COCO writes it)
        int[][] coco = {{16, 14}, {14, 12}, {17, 15}, {15, 13}, {12, 13}, {6, 12}, {7, 13}, {6, 7}, {6, 8}, {7, 9},
                {8, 10}, {9, 11}, {2, 3}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}, {5, 7}};
        List<String> limbs = new ArrayList<>();
        java.util.Arrays.stream(Skeleton.COCO.limbs()).forEach(l -> limbs.add(Math.min(l[0], l[1]) + "-" + Math.max(l[0], l[1])));
        for (int[] p : coco) {
            assertThat(limbs).contains(Math.min(p[0], p[1]) - 1 + "-" + (Math.max(p[0], p[1]) - 1));
        }
    }
}
