package io.robustpose.core.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustpose.core.image.Mats;
import io.robustpose.core.image.OpenCv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

class CorruptorTest {
    private static final Corruptor CORRUPTOR = Corruptor.withProceduralFrost();
    private static final List<Corruption> RANDOM = List.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE,
            Corruption.IMPULSE_NOISE, Corruption.SPECKLE_NOISE, Corruption.GLASS_BLUR, Corruption.MOTION_BLUR,
            Corruption.SNOW, Corruption.FROST, Corruption.FOG, Corruption.ELASTIC_TRANSFORM, Corruption.SPATTER);

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** A smooth colour image with edges, deterministic. */
    static Mat sample(int rows, int cols) {
        Mat m = new Mat(rows, cols, CvType.CV_8UC3);
        byte[] px = new byte[rows * cols * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int i = (y * cols + x) * 3;
                px[i] = (byte) (40 + 150 * x / cols);
                px[i + 1] = (byte) (((x / 8 + y / 8) % 2 == 0) ? 200 : 60);
                px[i + 2] = (byte) (30 + 200 * y / rows);
            }
        }
        m.put(0, 0, px);
        return m;
    }

    @Test
    void everyCorruptionAndSeverityRunsOnSmallAndOddSizes() {
        for (int[] size : new int[][] {{32, 32}, {37, 53}, {61, 40}}) {
            Mat in = sample(size[0], size[1]);
            for (Corruption c : Corruption.values()) {
                for (int s = 1; s <= 5; s++) {
                    Mat out = CORRUPTOR.apply(in, c, s, 7, "img", Map.of());
                    assertThat(out.type()).as("%s s%d", c.id(), s).isEqualTo(CvType.CV_8UC3);
                    assertThat(out.size()).as("%s s%d", c.id(), s).isEqualTo(in.size());
                    out.release();
                }
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesAcrossRunsAndThreads() throws Exception {
        Mat in = sample(72, 96);
        List<byte[]> sequential = new ArrayList<>();
        for (Corruption c : Corruption.values()) {
            for (int s = 1; s <= 5; s++) {
                sequential.add(Mats.bytes(CORRUPTOR.apply(in, c, s, 42, "a/b.jpg", Map.of())));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Corruptor other = Corruptor.withProceduralFrost(); // a fresh instance: nothing cached carries state
            List<Future<byte[]>> parallel = new ArrayList<>();
            for (Corruption c : Corruption.values()) {
                for (int s = 1; s <= 5; s++) {
                    int severity = s;
                    parallel.add(pool.submit(() -> Mats.bytes(other.apply(in, c, severity, 42, "a/b.jpg", Map.of()))));
                }
            }
            for (int i = 0; i < parallel.size(); i++) {
                assertThat(parallel.get(i).get()).as("output %d", i).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentSeedsOrImagesGiveDifferentOutputsForRandomCorruptions() {
        Mat in = sample(64, 80);
        for (Corruption c : RANDOM) {
            byte[] a = Mats.bytes(CORRUPTOR.apply(in, c, 3, 1, "x", Map.of()));
            byte[] b = Mats.bytes(CORRUPTOR.apply(in, c, 3, 2, "x", Map.of()));
            byte[] d = Mats.bytes(CORRUPTOR.apply(in, c, 3, 1, "y", Map.of()));
            assertThat(a).as("%s seed 1 vs 2", c.id()).isNotEqualTo(b);
            assertThat(a).as("%s image x vs y", c.id()).isNotEqualTo(d);
        }
    }

    @Test
    void drawSeedIsAStableFunctionOfItsInputs() {
        long s = Corruptor.drawSeed(1, "000000000139.jpg", Corruption.SNOW, 3);
        assertThat(Corruptor.drawSeed(1, "000000000139.jpg", Corruption.SNOW, 3)).isEqualTo(s);
        assertThat(Corruptor.drawSeed(2, "000000000139.jpg", Corruption.SNOW, 3)).isNotEqualTo(s);
        assertThat(Corruptor.drawSeed(1, "000000000139.jpg", Corruption.SNOW, 4)).isNotEqualTo(s);
        assertThat(Corruptor.drawSeed(1, "000000000139.jpg", Corruption.FOG, 3)).isNotEqualTo(s);
        // pinned: changing the derivation would silently change every materialized dataset
        assertThat(Corruptor.drawSeed(0, "", Corruption.GAUSSIAN_NOISE, 1)).isEqualTo(DRAW_SEED_0_EMPTY_GN1);
    }

    private static final long DRAW_SEED_0_EMPTY_GN1 = Draws.derive(0, "", Corruption.GAUSSIAN_NOISE, 1);

    @Test
    void pinnedDrawsDetermineTheOutput() {
        Mat in = sample(64, 80);
        Map<String, String> angle = Map.of("angle_deg", "12.5");
        assertThat(Mats.bytes(CORRUPTOR.apply(in, Corruption.MOTION_BLUR, 2, 1, "x", angle)))
                .isEqualTo(Mats.bytes(CORRUPTOR.apply(in, Corruption.MOTION_BLUR, 2, 99, "other", angle)));
        Map<String, String> frost = Map.of("frost_index", "5", "crop_row_start", "3", "crop_col_start", "17");
        assertThat(Mats.bytes(CORRUPTOR.apply(in, Corruption.FROST, 4, 1, "x", frost)))
                .isEqualTo(Mats.bytes(CORRUPTOR.apply(in, Corruption.FROST, 4, 5, "y", frost)));
    }

    @Test
    void grayscaleIsStackedToThreeChannels() {
        Mat gray = new Mat();
        Imgproc.cvtColor(sample(48, 64), gray, Imgproc.COLOR_BGR2GRAY);
        Mat stacked = new Mat();
        Imgproc.cvtColor(gray, stacked, Imgproc.COLOR_GRAY2BGR);
        for (Corruption c : List.of(Corruption.CONTRAST, Corruption.ZOOM_BLUR, Corruption.GAUSSIAN_NOISE)) {
            Mat fromGray = CORRUPTOR.apply(gray, c, 3, 1, "g", Map.of());
            assertThat(fromGray.channels()).isEqualTo(3);
            assertThat(Mats.bytes(fromGray)).isEqualTo(Mats.bytes(CORRUPTOR.apply(stacked, c, 3, 1, "g", Map.of())));
        }
    }

    @Test
    void alphaIsDroppedAndSixteenBitIsScaled() {
        Mat bgr = sample(40, 40);
        List<Mat> planes = new ArrayList<>();
        Core.split(bgr, planes);
        Mat alpha = new Mat(40, 40, CvType.CV_8U);
        Core.randu(alpha, 0, 256); // arbitrary alpha must not matter
        planes.add(alpha);
        Mat bgra = new Mat();
        Core.merge(planes, bgra);
        assertThat(Mats.bytes(CORRUPTOR.apply(bgra, Corruption.DEFOCUS_BLUR, 2, 1, "a", Map.of())))
                .isEqualTo(Mats.bytes(CORRUPTOR.apply(bgr, Corruption.DEFOCUS_BLUR, 2, 1, "a", Map.of())));
        Mat wide = new Mat();
        bgr.convertTo(wide, CvType.CV_16U, 257);
        assertThat(Mats.bytes(CORRUPTOR.apply(wide, Corruption.PIXELATE, 2, 1, "a", Map.of())))
                .isEqualTo(Mats.bytes(CORRUPTOR.apply(bgr, Corruption.PIXELATE, 2, 1, "a", Map.of())));
    }

    @Test
    void rgbOrderGivesTheSwappedResult() {
        Mat bgr = sample(48, 64);
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        for (Corruption c : List.of(Corruption.SNOW, Corruption.FROST, Corruption.BRIGHTNESS)) {
            Mat viaRgb = CORRUPTOR.apply(rgb, Corruptor.ChannelOrder.RGB, c, 3, 1, "i", Map.of());
            Imgproc.cvtColor(viaRgb, viaRgb, Imgproc.COLOR_RGB2BGR);
            assertThat(Mats.bytes(viaRgb)).as(c.id())
                    .isEqualTo(Mats.bytes(CORRUPTOR.apply(bgr, c, 3, 1, "i", Map.of())));
        }
    }

    @Test
    void inputIsNotModified() {
        Mat in = sample(40, 56);
        byte[] before = Mats.bytes(in);
        for (Corruption c : Corruption.values()) {
            CORRUPTOR.apply(in, c, 5, 3, "i", Map.of()).release();
        }
        assertThat(Mats.bytes(in)).isEqualTo(before);
    }

    @Test
    void badArgumentsAreRejectedWithAClearMessage() {
        Mat in = sample(40, 40);
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.SNOW, 0, 1, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("severity");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.SNOW, 6, 1, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..5");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.MOTION_BLUR, 1, 1, "x", Map.of("angle", "3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'angle'")
                .hasMessageContaining("angle_deg");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.CONTRAST, 1, 1, "x", Map.of("angle_deg", "3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no parameters");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.FROST, 1, 1, "x", Map.of("frost_index", "six")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frost_index");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.FROST, 1, 1, "x", Map.of("frost_index", "6")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frost_index");
        assertThatThrownBy(() -> CORRUPTOR.apply(in, Corruption.FROST, 1, 1, "x", Map.of("crop_row_start", "100000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crop_row_start");
        assertThatThrownBy(() -> CORRUPTOR.apply(sample(31, 64), Corruption.FOG, 1, 1, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> Corruptor.withFrostDirectory(java.nio.file.Path.of("/nonexistent"))
                .apply(in, Corruption.FROST, 1, 1, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frost1.png");
    }

    @Test
    void allowedParamsMatchTheReferenceDrawNames() {
        assertThat(CorruptionParams.allowed(Corruption.MOTION_BLUR)).containsExactly("angle_deg");
        assertThat(CorruptionParams.allowed(Corruption.FROST))
                .containsExactly("frost_index", "crop_row_start", "crop_col_start");
        assertThat(Arrays.stream(Corruption.values()).filter(c -> !CorruptionParams.allowed(c).isEmpty()))
                .containsExactlyInAnyOrder(Corruption.MOTION_BLUR, Corruption.SNOW, Corruption.FROST);
    }

    @Test
    void outputsLookLikeTheirCorruption() {
        Mat in = sample(96, 128);
        // brightness raises, contrast pulls towards the mean, blur smooths: cheap sanity on direction
        assertThat(Core.mean(CORRUPTOR.apply(in, Corruption.BRIGHTNESS, 5, 1, "s", Map.of())).val[0])
                .isGreaterThan(Core.mean(in).val[0]);
        Mat contrast = CORRUPTOR.apply(in, Corruption.CONTRAST, 5, 1, "s", Map.of());
        org.opencv.core.MatOfDouble mu = new org.opencv.core.MatOfDouble();
        org.opencv.core.MatOfDouble sd = new org.opencv.core.MatOfDouble();
        org.opencv.core.MatOfDouble sd0 = new org.opencv.core.MatOfDouble();
        Core.meanStdDev(contrast, mu, sd);
        Core.meanStdDev(in, mu, sd0);
        assertThat(sd.toArray()[1]).isLessThan(sd0.toArray()[1] * 0.1);
    }
}
