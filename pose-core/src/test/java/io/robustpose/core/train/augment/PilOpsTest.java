package io.robustpose.core.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Pillow operations against their definitions on fixed images. */
class PilOpsTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static int[] ints(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            v[i] = b[i] & 0xff;
        }
        return v;
    }

    @Test
    void equalizeFollowsPillowsCumulativeHistogramLut() {
        // 512 × 10, 256 × 20, 256 × 30, 1 × 40: step = (1025 − 1) // 256 = 4, n starts at 2
        byte[] img = new byte[1025];
        Arrays.fill(img, 0, 512, (byte) 10);
        Arrays.fill(img, 512, 768, (byte) 20);
        Arrays.fill(img, 768, 1024, (byte) 30);
        img[1024] = 40;
        PilOps.equalize(img, 1);
        assertThat(img[0] & 0xff).isEqualTo(0);     // 2 // 4
        assertThat(img[600] & 0xff).isEqualTo(128); // (2 + 512) // 4
        assertThat(img[800] & 0xff).isEqualTo(192); // (2 + 768) // 4
        assertThat(img[1024] & 0xff).isEqualTo(255); // (2 + 1024) // 4 = 256, clipped by Image.point
    }

    @Test
    void equalizeLeavesDegenerateHistogramsAloneAndWorksPerChannel() {
        byte[] flat = new byte[3000];
        Arrays.fill(flat, (byte) 77);
        PilOps.equalize(flat, 1);
        assertThat(ints(flat)).containsOnly(77);
        // step = (300 − 100) // 256 = 0: identity
        byte[] small = new byte[300];
        Arrays.fill(small, 0, 200, (byte) 3);
        Arrays.fill(small, 200, 300, (byte) 9);
        PilOps.equalize(small, 1);
        assertThat(small[0]).isEqualTo((byte) 3);
        assertThat(small[299]).isEqualTo((byte) 9);
        // two channels: channel 0 as the first test, channel 1 constant
        byte[] two = new byte[2 * 1025];
        for (int i = 0; i < 1025; i++) {
            two[2 * i] = (byte) (i < 512 ? 10 : i < 768 ? 20 : i < 1024 ? 30 : 40);
            two[2 * i + 1] = 5;
        }
        PilOps.equalize(two, 2);
        assertThat(two[2 * 600] & 0xff).isEqualTo(128);
        assertThat(two[2 * 600 + 1]).isEqualTo((byte) 5);
    }

    @Test
    void posterizeSolarizeInvert() {
        byte[] p = bytes(0, 7, 8, 13, 200, 255);
        PilOps.posterize(p, 5); // mask 0b11111000
        assertThat(ints(p)).containsExactly(0, 0, 8, 8, 200, 248);
        byte[] p6 = bytes(255, 3, 4, 130);
        PilOps.posterize(p6, 6);
        assertThat(ints(p6)).containsExactly(252, 0, 4, 128);

        byte[] s = bytes(0, 142, 143, 200, 255);
        PilOps.solarize(s, AutoAugmentSubset.solarizeThreshold(4)); // 142.22…
        assertThat(ints(s)).containsExactly(0, 142, 112, 55, 0);
        byte[] s3 = bytes(170, 171);
        PilOps.solarize(s3, AutoAugmentSubset.solarizeThreshold(3)); // 170.67
        assertThat(ints(s3)).containsExactly(170, 84);

        byte[] inv = bytes(0, 1, 128, 255);
        PilOps.invert(inv);
        assertThat(ints(inv)).containsExactly(255, 254, 127, 0);
    }

    @Test
    void magnitudeTablesMatchTheAuthorsRanges() {
        int[] bits = new int[10];
        for (int m = 0; m < 10; m++) {
            bits[m] = AutoAugmentSubset.posterizeBits(m);
        }
        assertThat(bits).containsExactly(8, 8, 7, 7, 6, 6, 5, 5, 4, 4);
        assertThat(AutoAugmentSubset.solarizeThreshold(0)).isEqualTo(256.0);
        assertThat(AutoAugmentSubset.solarizeThreshold(9)).isEqualTo(0.0);
        assertThat(AutoAugmentSubset.enhanceMagnitude(7)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AutoAugmentSubset.POLICIES).hasSize(12);
    }

    @Test
    void sharpnessBlendsWithPillowsSmoothFilter() {
        // 4 × 3 single channel, a bright pixel at (1, 1) in black: SMOOTH gives 0.5 + 5/13·130 = 50.5 → 50
        int w = 4;
        int h = 3;
        byte[] img = new byte[w * h];
        img[1 * w + 1] = (byte) 130;
        img[0] = 20; // border: kept by the filter
        byte[] smooth = PilOps.smooth(img, w, h, 1);
        // (1, 1): 0.5 + 20/13 (the corner is a neighbour) + 5·130/13 = 52.04 → 52
        assertThat(smooth[1 * w + 1] & 0xff).isEqualTo(52);
        // (2, 1): 0.5 + 130/13 = 10.5 → 10
        assertThat(smooth[1 * w + 2] & 0xff).isEqualTo(10);
        assertThat(smooth[0] & 0xff).isEqualTo(20);

        // factor 1.7: s + 1.7·(o − s) = 52 + 1.7·78 = 184.6 → 184 at the centre, 10 + 1.7·(−10) = −7 → 0 next to it
        byte[] sharp = img.clone();
        PilOps.sharpness(sharp, w, h, 1, 1.7f);
        assertThat(sharp[1 * w + 1] & 0xff).isEqualTo(184);
        assertThat(sharp[1 * w + 2] & 0xff).isEqualTo(0);
        assertThat(sharp[0] & 0xff).isEqualTo(20); // border: s = o
        // factor 0.3: 52 + 0.3·78 = 75.4 → 75; 10 + 0.3·(−10) = 7
        byte[] soft = img.clone();
        PilOps.sharpness(soft, w, h, 1, 0.3f);
        assertThat(soft[1 * w + 1] & 0xff).isEqualTo(75);
        assertThat(soft[1 * w + 2] & 0xff).isEqualTo(7);
        // factor 1 is the identity, and a uniform image is a fixed point of SMOOTH
        byte[] rnd = new byte[64 * 48 * 3];
        new SplittableRandom(1).nextBytes(rnd);
        byte[] same = rnd.clone();
        PilOps.sharpness(same, 64, 48, 3, 1f);
        assertThat(same).isEqualTo(rnd);
        byte[] uniform = new byte[10 * 10 * 3];
        Arrays.fill(uniform, (byte) 201);
        assertThat(PilOps.smooth(uniform, 10, 10, 3)).isEqualTo(uniform);
    }

    @Test
    void policyDrawsAreUniformAndDeterministic() {
        int[] counts = new int[12];
        SplittableRandom rng = new SplittableRandom(5);
        byte[] img = new byte[8 * 8 * 3];
        for (int i = 0; i < 12000; i++) {
            counts[AutoAugmentSubset.apply(img.clone(), 8, 8, 3, rng)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(850, 1150);
        }
        byte[] a = new byte[32 * 32 * 3];
        new SplittableRandom(2).nextBytes(a);
        byte[] b = a.clone();
        AutoAugmentSubset.apply(a, 32, 32, 3, new SplittableRandom(99));
        AutoAugmentSubset.apply(b, 32, 32, 3, new SplittableRandom(99));
        assertThat(a).isEqualTo(b);
    }
}
