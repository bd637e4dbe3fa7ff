package io.robustpose.core.synthetic;

import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticPeopleTest {

    @Test
    void writesAReadableCocoDatasetWithSplits(@TempDir Path dir) throws Exception {
        List<SyntheticPeople.Split> splits = SyntheticPeople.writeDataset(dir, 24, 8, 3, SyntheticPeople.Options.defaults());
        CocoDataset train = CocoReader.readCoco(splits.get(0).annotations());
        CocoDataset val = CocoReader.readCoco(splits.get(1).annotations());
        assertEquals(24, train.images().size());
        assertEquals(8, val.images().size());
        assertTrue(train.annotations().size() >= 24, "at least one person per image");
        for (CocoAnnotation a : train.annotations()) {
            double[] kp = a.keypoints();
            int labelled = 0;
            for (int k = 0; k < 17; k++) {
                if (kp[3 * k + 2] > 0) {
                    labelled++;
                    assertTrue(kp[3 * k] >= 0 && kp[3 * k] < 320 && kp[3 * k + 1] >= 0 && kp[3 * k + 1] < 240,
                            "labelled keypoints lie inside the image");
                } else {
                    assertEquals(0, kp[3 * k]);
                }
            }
            assertEquals(labelled, a.numKeypoints());
            assertTrue(a.area() > 0 && a.area() <= a.bbox()[2] * a.bbox()[3], "area is the visible pixels inside the box");
        }
        assertTrue(Files.exists(splits.get(0).images().resolve("000024.jpg")));
    }

    @Test
    void identicalForAnyThreadCount(@TempDir Path dir) throws Exception {
        var one = SyntheticPeople.writeSplit(dir.resolve("a"), "val", 6, 9, new SyntheticPeople.Options(160, 120, 3, 1));
        var two = SyntheticPeople.writeSplit(dir.resolve("b"), "val", 6, 9, new SyntheticPeople.Options(160, 120, 3, 2));
        assertArrayEquals(Files.readAllBytes(one.annotations()), Files.readAllBytes(two.annotations()));
        for (int i = 1; i <= 6; i++) {
            String f = SyntheticPeople.fileName(i);
            assertArrayEquals(Files.readAllBytes(one.images().resolve(f)), Files.readAllBytes(two.images().resolve(f)), f);
        }
    }

    @Test
    void occlusionIsLabelledFromDepthOrder() {
        // over many scenes some keypoints must be occluded (v=1) and most visible (v=2)
        int[] counts = new int[3];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            for (SyntheticScene.Person p : SyntheticScene.render(256, 192, 4, r).people()) {
                for (int k = 0; k < 17; k++) {
                    counts[(int) p.keypoints()[3 * k + 2]]++;
                }
            }
        }
        int total = Arrays.stream(counts).sum();
        assertTrue(counts[2] > 0.5 * total, "mostly visible: " + Arrays.toString(counts));
        assertTrue(counts[1] > 0.05 * total, "a share occluded: " + Arrays.toString(counts));
    }

    @Test
    void limbLengthsFollowTheAnthropometricTable() {
        SplittableRandom r = new SplittableRandom(1);
        for (PoseSampler.Family f : PoseSampler.Family.values()) {
            double[][] j = Body.joints(PoseSampler.sample(f, r));
            assertEquals(Body.UPPER_ARM, dist(j[5], j[7]), 1e-9, f + " upper arm");
            assertEquals(Body.FOREARM, dist(j[7], j[9]), 1e-9, f + " forearm");
            assertEquals(Body.THIGH, dist(j[11], j[13]), 1e-9, f + " thigh");
            assertEquals(Body.SHANK, dist(j[13], j[15]), 1e-9, f + " shank");
            assertEquals(2 * Body.SHOULDER_HALF, dist(j[5], j[6]), 1e-9, f + " shoulders");
            assertTrue(Math.min(j[15][1], j[16][1]) >= Body.ANKLE_HEIGHT - 1e-9, f + " stands on the ground");
        }
        double[][] standing = Body.joints(new BodyPose(0, 0, 0, 0, 0, new BodyPose.Limbs(0, 0, 0, 0, 0, 0, 0),
                new BodyPose.Limbs(0, 0, 0, 0, 0, 0, 0), 0));
        assertEquals(0.818, standing[5][1], 1e-9, "shoulder height");
        assertEquals(0.530, standing[11][1], 1e-9, "hip height");
        assertTrue(standing[1][0] > 0 && standing[0][2] > standing[3][2], "left eye on the left, nose in front of the ears");
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
