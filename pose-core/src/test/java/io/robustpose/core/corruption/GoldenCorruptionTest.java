package io.robustpose.core.corruption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.corruption.ReferenceFixtures.Difference;
import io.robustpose.core.corruption.ReferenceFixtures.ImageStats;
import io.robustpose.core.image.OpenCv;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;

/**
 * Golden comparison with imagecorruptions 1.1.2's outputs on the shared 256×192 reference image.
 *
 * <p>Deterministic corruptions, and motion_blur / frost with the reference's own draws pinned (frost with the
 * official textures), are compared pixel for pixel (mean |Δ| and its 99.9th percentile); fog is replayed with numpy's
 * own random stream. The other random corruptions are compared by statistics; as both sides are single random
 * samples, ours are averaged over a fixed set of seeds (1..N) to keep our own sampling noise out of the comparison.
 * Every tolerance is what was measured here (the maximum over the five severities and three channels, quoted in its
 * comment) plus a small margin for other CPUs' float rounding, and the README states the same numbers:
 * {@link #toleranceSentence()} must appear in it word for word, so loosening a bound means changing the claim.
 */
class GoldenCorruptionTest {
    /** Pixel-exact corruptions: {max mean |Δ|, max 99.9th percentile}. Measured: 0/0 for the first four. */
    static final Map<Corruption, double[]> PIXEL = new java.util.LinkedHashMap<>();

    static {
        for (Corruption c : new Corruption[] {Corruption.BRIGHTNESS, Corruption.CONTRAST, Corruption.PIXELATE,
            Corruption.JPEG_COMPRESSION}) {
            PIXEL.put(c, new double[] {0, 0});
        }
        PIXEL.put(Corruption.DEFOCUS_BLUR, new double[] {0.05, 1}); // measured 0.0346 / 1
        PIXEL.put(Corruption.MOTION_BLUR, new double[] {0.01, 1}); // measured 0.0031 / 1
        PIXEL.put(Corruption.ZOOM_BLUR, new double[] {0.08, 1}); // measured 0.0735 / 1
        PIXEL.put(Corruption.FROST, new double[] {0.05, 1}); // measured 0.0344 / 1
    }

    /** fog replayed with numpy's stream: measured mean |Δ| 0.0001 (a few pixels one level off), p99.9 0. */
    static final double FOG_REPLAY_MEAN = 0.001;
    /** Noise: per-channel mean within this many grey levels of the reference (measured 0.48). */
    static final double NOISE_MEAN = 0.6;
    /** Noise: mean |output − input| relative to the reference's (measured 0.56 %, 0.64 %, 3.16 %). */
    static final Map<Corruption, Double> NOISE_MAD = Map.of(Corruption.GAUSSIAN_NOISE, 0.01, Corruption.SHOT_NOISE,
            0.01, Corruption.IMPULSE_NOISE, 0.04);
    /** Per-channel mean, std and mean |output − input|, relative (measured 1.18 %, 2.09 %, 2.05 %). */
    static final Map<Corruption, Double> STATISTICAL = Map.of(Corruption.GLASS_BLUR, 0.02, Corruption.SNOW, 0.03,
            Corruption.ELASTIC_TRANSFORM, 0.03);
    /** fog with our own draws, on average over severities and seeds (measured 8.5 %). */
    static final double FOG_OWN_DRAWS = 0.12;

    /** The README's sentence on these tolerances, made from the constants above. */
    static String toleranceSentence() {
        StringBuilder exact = new StringBuilder();
        StringBuilder close = new StringBuilder();
        PIXEL.forEach((c, t) -> {
            if (t[0] == 0 && t[1] == 0) {
                exact.append(exact.length() == 0 ? "" : ", ").append(c.id());
            } else {
                close.append(close.length() == 0 ? "" : ", ").append(c.id()).append(' ').append(number(t[0]));
            }
        });
        return "Parity tolerances (GoldenCorruptionTest, measured values plus a margin): " + exact + " bit-exact; "
                + close + " mean |Δ| (grey levels) with the 99.9th percentile ≤ 1; fog replayed with numpy's stream "
                + number(FOG_REPLAY_MEAN) + " with the 99.9th percentile 0; noise means within " + number(NOISE_MEAN)
                + " grey levels and mean |output − input| within " + percent(NOISE_MAD.get(Corruption.GAUSSIAN_NOISE))
                + " (gaussian), " + percent(NOISE_MAD.get(Corruption.SHOT_NOISE)) + " (shot), "
                + percent(NOISE_MAD.get(Corruption.IMPULSE_NOISE)) + " (impulse); glass_blur "
                + percent(STATISTICAL.get(Corruption.GLASS_BLUR)) + ", snow " + percent(STATISTICAL.get(Corruption.SNOW))
                + ", elastic_transform " + percent(STATISTICAL.get(Corruption.ELASTIC_TRANSFORM))
                + " (mean, std, mean |output − input|); fog with its own draws " + percent(FOG_OWN_DRAWS)
                + " on average.";
    }

    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String percent(double v) {
        return number(100 * v) + " %";
    }

    @Test
    void theReadmeQuotesTheseTolerances() throws Exception {
        java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
        String text = java.nio.file.Files.readString(readme).replaceAll("\\s+", " ");
        assertThat(text).as("README.md states the golden tolerances as the test holds them").contains(toleranceSentence());
    }
    private static final int NOISE_SEEDS = 8;
    private static final int WEATHER_SEEDS = 4;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @BeforeEach
    void requireFixtures() {
        ReferenceFixtures.assumePresent();
    }

    static Stream<Arguments> pixelExact() {
        return Stream.of(Corruption.BRIGHTNESS, Corruption.CONTRAST, Corruption.DEFOCUS_BLUR, Corruption.ZOOM_BLUR,
                Corruption.PIXELATE, Corruption.MOTION_BLUR, Corruption.FROST, Corruption.JPEG_COMPRESSION)
                .flatMap(GoldenCorruptionTest::severities);
    }

    static Stream<Arguments> noise() {
        return Stream.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE)
                .flatMap(GoldenCorruptionTest::severities);
    }

    static Stream<Arguments> statistical() {
        return Stream.of(Corruption.GLASS_BLUR, Corruption.SNOW, Corruption.ELASTIC_TRANSFORM)
                .flatMap(GoldenCorruptionTest::severities);
    }

    private static Stream<Arguments> severities(Corruption c) {
        return IntStream.rangeClosed(1, 5).mapToObj(s -> Arguments.of(c, s));
    }

    @ParameterizedTest(name = "{0} s{1}")
    @MethodSource("pixelExact")
    void matchesReferencePixels(Corruption c, int severity) {
        Corruptor corruptor = Corruptor.withProceduralFrost();
        Map<String, String> pinned = new HashMap<>();
        JsonNode draws = ReferenceFixtures.result(c, severity).path("random_draws");
        for (String name : CorruptionParams.allowed(c)) {
            assertThat(draws.has(name)).as("stats.json records %s for %s", name, c.id()).isTrue();
            pinned.put(name, draws.get(name).asText());
        }
        if (c == Corruption.FROST) {
            ReferenceFixtures.assumeFrostPresent();
            corruptor = Corruptor.withFrostDirectory(ReferenceFixtures.FROST_DIR);
        }
        Mat out = corruptor.apply(ReferenceFixtures.input(), c, severity, 1, "chelsea", pinned);
        Difference d = ReferenceFixtures.difference(out, ReferenceFixtures.reference(c, severity));
        System.out.printf(Locale.ROOT, "golden %-17s s%d  MAD %.4f  p99.9 %d%n", c.id(), severity, d.mean(), d.p999());
        assertThat(d.mean()).as("%s s%d mean |Δ|", c.id(), severity).isLessThanOrEqualTo(PIXEL.get(c)[0]);
        assertThat((double) d.p999()).as("%s s%d p99.9", c.id(), severity).isLessThanOrEqualTo(PIXEL.get(c)[1]);
    }

    /** The reference seeds numpy with 1000*(index+1)+severity; fog is index 9. */
    @Test
    void fogReplaysTheReferenceWithNumpysRandomStream() {
        Mat input = ReferenceFixtures.input();
        for (int s = 1; s <= 5; s++) {
            NumpyLegacyRandom numpy = new NumpyLegacyRandom(10_000 + s);
            Mat out = WeatherCorruptions.fog(input, s, numpy::nextDouble);
            Difference d = ReferenceFixtures.difference(out, ReferenceFixtures.reference(Corruption.FOG, s));
            System.out.printf(Locale.ROOT, "golden fog (numpy stream) s%d  MAD %.4f  p99.9 %d%n", s, d.mean(),
                    d.p999());
            assertThat(d.mean()).isLessThanOrEqualTo(FOG_REPLAY_MEAN);
            assertThat(d.p999()).isZero();
        }
    }

    /**
     * With our own draws, one fog sample varies a lot (the plasma is normalized by its own extremes: over numpy
     * seeds the mean |output − input| has a relative spread of ~14%, and the reference's samples sit up to 28%
     * from the expectation), so this check is on the average over the five severities and four seeds.
     */
    @Test
    void fogWithOwnDrawsHasTheReferenceStatisticsOnAverage() {
        Mat input = ReferenceFixtures.input();
        Corruptor corruptor = Corruptor.withProceduralFrost();
        double[] ours = new double[6];
        double[] ref = new double[6];
        for (int s = 1; s <= 5; s++) {
            for (int seed = 1; seed <= WEATHER_SEEDS; seed++) {
                ImageStats st = ReferenceFixtures.stats(corruptor.apply(input, Corruption.FOG, s, seed, "chelsea",
                        Map.of()), input);
                for (int ch = 0; ch < 3; ch++) {
                    ours[ch] += st.mean()[ch] / (5.0 * WEATHER_SEEDS);
                    ours[3 + ch] += st.madToInput()[ch] / (5.0 * WEATHER_SEEDS);
                }
            }
            JsonNode r = ReferenceFixtures.result(Corruption.FOG, s);
            for (int ch = 0; ch < 3; ch++) {
                ref[ch] += r.get("mean").get(ch).asDouble() / 5;
                ref[3 + ch] += r.get("mean_abs_diff_vs_input").get(ch).asDouble() / 5;
            }
        }
        for (int i = 0; i < 6; i++) {
            System.out.printf(Locale.ROOT, "golden fog (own draws) %s[%d] ours %.2f ref %.2f (%+.1f%%)%n",
                    i < 3 ? "mean" : "mad", i % 3, ours[i], ref[i], 100 * (ours[i] / ref[i] - 1));
            assertThat(Math.abs(ours[i] / ref[i] - 1)).isLessThanOrEqualTo(FOG_OWN_DRAWS);
        }
    }

    @ParameterizedTest(name = "{0} s{1}")
    @MethodSource("noise")
    void noiseHasTheReferenceStatistics(Corruption c, int severity) {
        ImageStats ours = averageStats(c, severity, NOISE_SEEDS);
        JsonNode r = ReferenceFixtures.result(c, severity);
        double[] refMean = ReferenceFixtures.array(r.get("mean"));
        double[] refMad = ReferenceFixtures.array(r.get("mean_abs_diff_vs_input"));
        double[] exact = c == Corruption.SHOT_NOISE ? exactShotNoiseMeans(severity) : null;
        for (int ch = 0; ch < 3; ch++) {
            double meanTolerance = NOISE_MEAN;
            if (exact != null) {
                // The reference is one sample: at s5 its G and B means sit 1.13 and 1.06 from the exact expectation
                // (computed below from the input histogram and the Poisson law), beyond the 1.0 any correct
                // implementation could promise. Ours must be within 0.5 of the exact value, and within 1.0 of the
                // reference plus the reference's own distance from the expectation.
                assertThat(Math.abs(ours.mean()[ch] - exact[ch])).as("%s s%d mean vs exact expectation ch%d", c.id(),
                        severity, ch).isLessThanOrEqualTo(0.5);
                meanTolerance = Math.max(NOISE_MEAN, Math.abs(refMean[ch] - exact[ch]) + 0.5);
            }
            System.out.printf(Locale.ROOT, "golden %-17s s%d ch%d  Δmean %+.3f  MAD-to-input %+.2f%%%s%n", c.id(),
                    severity, ch, ours.mean()[ch] - refMean[ch], 100 * (ours.madToInput()[ch] / refMad[ch] - 1),
                    exact == null ? "" : String.format(Locale.ROOT, "  (ref - exact %+.3f, ours - exact %+.3f)",
                            refMean[ch] - exact[ch], ours.mean()[ch] - exact[ch]));
            assertThat(Math.abs(ours.mean()[ch] - refMean[ch])).as("%s s%d mean ch%d", c.id(), severity, ch)
                    .isLessThanOrEqualTo(meanTolerance);
            assertThat(Math.abs(ours.madToInput()[ch] / refMad[ch] - 1)).as("%s s%d MAD ch%d", c.id(), severity, ch)
                    .isLessThanOrEqualTo(NOISE_MAD.get(c));
        }
    }

    /** E[np.uint8(clip(poisson(x/255*c)/c, 0, 1)*255)] per channel (RGB) of the reference input, exactly. */
    private static double[] exactShotNoiseMeans(int severity) {
        int photons = NoiseCorruptions.SHOT_PHOTONS[severity - 1];
        byte[] px = io.robustpose.core.image.Mats.bytes(ReferenceFixtures.input());
        long[][] hist = new long[3][256];
        for (int i = 0; i < px.length; i++) {
            hist[2 - i % 3][px[i] & 0xff]++;
        }
        double[] mean = new double[3];
        for (int k = 0; k < 256; k++) {
            double rate = k / 255.0 * photons;
            double expected = 0;
            double logPmf = -rate; // n = 0
            for (int n = 0; n < 400; n++) {
                if (n > 0) {
                    logPmf += Math.log(rate) - Math.log(n);
                }
                double pmf = rate == 0 ? (n == 0 ? 1 : 0) : Math.exp(logPmf);
                expected += pmf * (int) (Math.min(n / (double) photons, 1) * 255);
            }
            for (int ch = 0; ch < 3; ch++) {
                mean[ch] += hist[ch][k] * expected;
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            mean[ch] /= px.length / 3.0;
        }
        return mean;
    }

    @ParameterizedTest(name = "{0} s{1}")
    @MethodSource("statistical")
    void randomCorruptionsHaveTheReferenceStatistics(Corruption c, int severity) {
        double tolerance = STATISTICAL.get(c);
        ImageStats ours = averageStats(c, severity, WEATHER_SEEDS);
        JsonNode r = ReferenceFixtures.result(c, severity);
        double[][] refs = {ReferenceFixtures.array(r.get("mean")), ReferenceFixtures.array(r.get("std")),
            ReferenceFixtures.array(r.get("mean_abs_diff_vs_input"))};
        double[][] mine = {ours.mean(), ours.std(), ours.madToInput()};
        String[] names = {"mean", "std", "MAD-to-input"};
        for (int k = 0; k < 3; k++) {
            for (int ch = 0; ch < 3; ch++) {
                double rel = mine[k][ch] / refs[k][ch] - 1;
                System.out.printf(Locale.ROOT, "golden %-17s s%d ch%d  %s %+.2f%%%n", c.id(), severity, ch, names[k],
                        100 * rel);
                assertThat(Math.abs(rel)).as("%s s%d %s ch%d", c.id(), severity, names[k], ch)
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    private static ImageStats averageStats(Corruption c, int severity, int seeds) {
        Mat input = ReferenceFixtures.input();
        Corruptor corruptor = Corruptor.withProceduralFrost();
        double[][] acc = new double[3][3];
        for (int seed = 1; seed <= seeds; seed++) {
            ImageStats st = ReferenceFixtures.stats(corruptor.apply(input, c, severity, seed, "chelsea", Map.of()),
                    input);
            for (int ch = 0; ch < 3; ch++) {
                acc[0][ch] += st.mean()[ch] / seeds;
                acc[1][ch] += st.std()[ch] / seeds;
                acc[2][ch] += st.madToInput()[ch] / seeds;
            }
        }
        return new ImageStats(acc[0], acc[1], acc[2]);
    }
}
