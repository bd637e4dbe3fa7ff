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
 * official textures), must match pixel for pixel up to float rounding: mean |Δ| ≤ 0.5 and 99.9th percentile
 * ≤ 2 (JPEG: mean ≤ 1.5). fog is replayed with numpy's own random stream and held to the same bound. The other
 * random corruptions are compared by statistics; as both sides are single random samples, ours are averaged
 * over a fixed set of seeds (1..N) to keep our own sampling noise out of the comparison: noise — per-channel
 * mean within 1.0 and mean |output − input| within 5%; glass_blur within 10%; snow and elastic_transform within
 * 25% (per-channel mean, std and mean |output − input|).
 */
class GoldenCorruptionTest {
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
        if (c == Corruption.JPEG_COMPRESSION) {
            assertThat(d.mean()).isLessThanOrEqualTo(1.5);
        } else {
            assertThat(d.mean()).isLessThanOrEqualTo(0.5);
            assertThat(d.p999()).isLessThanOrEqualTo(2);
        }
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
            assertThat(d.mean()).isLessThanOrEqualTo(0.5);
            assertThat(d.p999()).isLessThanOrEqualTo(2);
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
            assertThat(Math.abs(ours[i] / ref[i] - 1)).isLessThanOrEqualTo(0.25);
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
            double meanTolerance = 1.0;
            if (exact != null) {
                // The reference is one sample: at s5 its G and B means sit 1.13 and 1.06 from the exact expectation
                // (computed below from the input histogram and the Poisson law), beyond the 1.0 any correct
                // implementation could promise. Ours must be within 0.5 of the exact value, and within 1.0 of the
                // reference plus the reference's own distance from the expectation.
                assertThat(Math.abs(ours.mean()[ch] - exact[ch])).as("%s s%d mean vs exact expectation ch%d", c.id(),
                        severity, ch).isLessThanOrEqualTo(0.5);
                meanTolerance = Math.max(1.0, Math.abs(refMean[ch] - exact[ch]) + 0.5);
            }
            System.out.printf(Locale.ROOT, "golden %-17s s%d ch%d  Δmean %+.3f  MAD-to-input %+.2f%%%s%n", c.id(),
                    severity, ch, ours.mean()[ch] - refMean[ch], 100 * (ours.madToInput()[ch] / refMad[ch] - 1),
                    exact == null ? "" : String.format(Locale.ROOT, "  (ref - exact %+.3f, ours - exact %+.3f)",
                            refMean[ch] - exact[ch], ours.mean()[ch] - exact[ch]));
            assertThat(Math.abs(ours.mean()[ch] - refMean[ch])).as("%s s%d mean ch%d", c.id(), severity, ch)
                    .isLessThanOrEqualTo(meanTolerance);
            assertThat(Math.abs(ours.madToInput()[ch] / refMad[ch] - 1)).as("%s s%d MAD ch%d", c.id(), severity, ch)
                    .isLessThanOrEqualTo(0.05);
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
        double tolerance = c == Corruption.GLASS_BLUR ? 0.10 : 0.25;
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
