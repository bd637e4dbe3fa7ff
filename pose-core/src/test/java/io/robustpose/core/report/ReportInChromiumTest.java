package io.robustpose.core.report;

import io.robustpose.core.inference.Skeleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.eval.robustness.ModelMetrics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.robustpose.core.report.ReportFixtures.model;
import static io.robustpose.core.report.ReportFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders a report in headless Chromium: the page's own render check (pre#render-check) must report every table,
 * chart mark and sample image as laid out and loaded, and a screenshot must show an actual page.
 *
 * <p>The report and screenshot are kept in {@code rp.screenshot.dir} (default: the build directory
 * {@code rp.build}, else {@code target}) for a look by eye.
 */
class ReportInChromiumTest {
    /** The names Chromium is installed under (Debian, Ubuntu's snap shim, Google's packages). */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable", "chrome");
    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern RENDER_CHECK =
            Pattern.compile("<pre id=\"render-check\"[^>]*>(.*?)</pre>", Pattern.DOTALL);

    static java.util.Optional<Path> onPath() {
        String path = System.getenv("PATH");
        for (String name : NAMES) {
            for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return java.util.Optional.of(candidate);
                }
            }
        }
        return java.util.Optional.empty();
    }

    @Test
    void rendersTablesChartsAndSamples(@TempDir Path tmp) throws Exception {
        Path chromium = onPath().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium not found on the PATH as any of " + NAMES
                + ": apt-get install chromium");
        Path outDir = Path.of(System.getProperty("rp.screenshot.dir", System.getProperty("rp.build", "target")))
                .toAbsolutePath();
        Files.createDirectories(outDir);

        List<String> names = List.of("SBL-R50", "SBL-R50 + AdvMix");
        List<ModelMetrics> models = List.of(model(names.get(0), 0.704), model(names.get(1), 0.712));
        List<SampleFigure> samples = List.of(
                sample("000000001.jpg", "clean", 0, names, 11),
                sample("000000001.jpg", "gaussian_noise s3", 28, names, 12),
                sample("000000002.jpg", "motion_blur s5", 0, names, 13));
        Path page = HtmlReport.builder().title("COCO-C robustness (test)").experimentId("chromium-check")
                .metric("AP").models(models).skeleton(Skeleton.COCO).samples(samples)
                .notes("Synthetic numbers and images made by the test.").build()
                .write(outDir.resolve("report-chromium.html"));

        Path dom = tmp.resolve("dom.html");
        // measured at the screenshot's window size
        runChromium(chromium, tmp.resolve("profile-dom"), dom, "--window-size=1280,2400", "--dump-dom", page.toUri().toString());
        String dumped = Files.readString(dom, StandardCharsets.UTF_8);
        Matcher m = RENDER_CHECK.matcher(dumped);
        assertThat(m.find()).as("pre#render-check in the dumped DOM").isTrue();
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
        assertThat(json).as("render check ran (stderr: %s)", tail(tmp.resolve("chromium.err"))).isNotBlank();
        System.out.println("render-check: " + json);
        JsonNode check = new ObjectMapper().readTree(json);

        for (String table : List.of("table-summary", "table-corruptions", "table-categories")) {
            JsonNode t = check.path("tables").path(table);
            assertThat(t.path("rows").asInt()).as(table + " rows").isEqualTo(models.size());
            assertThat(t.path("width").asInt()).as(table + " width").isPositive();
            assertThat(t.path("height").asInt()).as(table + " height").isPositive();
        }
        assertThat(check.at("/tables/table-corruptions/headerRows").asInt()).isEqualTo(2);
        // the 15 corruption columns fit the page without scrolling
        assertThat(check.at("/tables/table-corruptions/width").asInt()).isLessThanOrEqualTo(1200);

        JsonNode bars = check.at("/charts/chart-corruptions");
        assertThat(bars.path("bars").asInt()).isEqualTo(15 * models.size());
        assertThat(bars.path("width").asInt()).isPositive();
        assertThat(bars.path("height").asInt()).isPositive();
        JsonNode lines = check.at("/charts/chart-severity");
        assertThat(lines.path("lines").asInt()).isEqualTo(models.size());
        assertThat(lines.path("points").asInt()).isEqualTo(6 * models.size());
        assertThat(lines.path("circles").asInt()).isEqualTo(6 * models.size());
        assertThat(lines.path("width").asInt()).isPositive();
        assertThat(lines.path("height").asInt()).isPositive();

        assertThat(check.at("/samples/figures").asInt()).isEqualTo(samples.size());
        assertThat(check.at("/samples/loaded").asInt()).isEqualTo(samples.size());
        assertThat(check.at("/samples/firstFigure/height").asInt()).isPositive();

        Path png = outDir.resolve("report-screenshot.png");
        Files.deleteIfExists(png);
        runChromium(chromium, tmp.resolve("profile-shot"), tmp.resolve("shot.out"), "--screenshot=" + png,
                "--window-size=1280,2400", "--hide-scrollbars", page.toUri().toString());
        assertThat(png).exists();
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot).as("decodable PNG").isNotNull();
        assertThat(shot.getWidth()).isEqualTo(1280);
        assertThat(distinctColours(shot, 1000)).as("distinct colours in the screenshot").isGreaterThan(50);
    }

    /** Runs headless Chromium with a fresh profile; stdout goes to {@code stdout}, stderr to chromium.err. */
    private static void runChromium(Path chromium, Path profile, Path stdout, String... args) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Path stderr = stdout.resolveSibling("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        try {
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(done).as("chromium finished within %d s (stderr: %s)", TIMEOUT_SECONDS, tail(stderr)).isTrue();
            assertThat(p.exitValue()).as("chromium exit code (stderr: %s)", tail(stderr)).isZero();
        } finally {
            // only this run's processes: its helpers, then itself
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Distinct RGB values, counting stops at {@code cap}. */
    private static int distinctColours(BufferedImage img, int cap) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y) & 0xffffff);
                if (seen.size() >= cap) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }
}
