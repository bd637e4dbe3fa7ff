package io.robustpose.core.eval.pckh;

import io.robustpose.core.dataset.MalformedRecordException;
import io.robustpose.core.dataset.MpiiJoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PckhTest {
    /** Head box (0,0)-(30,40): diagonal 50, head size 0.6 * 50 = 30, threshold 15 px. */
    private static final double[][] HEAD = {{0, 0}, {30, 40}};

    /** One person, every joint at (100 + 10j, 200), predictions offset by (dx[j], dy[j]). */
    private static PckhCase person(double[] dx, double[] dy, double[] visible, boolean zeroBased) {
        double[][] gt = new double[16][2];
        double[][] pred = new double[16][2];
        for (int j = 0; j < 16; j++) {
            gt[j] = new double[]{100 + 10 * j, 200};
            pred[j] = new double[]{gt[j][0] + dx[j] - (zeroBased ? 1 : 0), gt[j][1] + dy[j] - (zeroBased ? 1 : 0)};
        }
        return new PckhCase(new double[][][]{pred}, new double[][][]{gt}, new double[][]{visible},
                new double[][][]{HEAD}, zeroBased);
    }

    private static double[] filled(double v) {
        double[] a = new double[16];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void errorOfExactlyHalfAHeadCountsOnlyInTheOfficialVariant() {
        double[] dx = filled(0);
        double[] dy = filled(0);
        int j = MpiiJoint.L_HIP.ordinal();
        dx[j] = 9;
        dy[j] = 12; // |(9, 12)| = 15 = 0.5 * 30
        PckhCase c = person(dx, dy, filled(1), false);
        Pckh.Result official = Pckh.compute(c, Pckh.Variant.OFFICIAL);
        Pckh.Result mmpose = Pckh.compute(c, Pckh.Variant.MMPOSE);
        assertThat(official.headSize()).containsExactly(30.0);
        assertThat(official.perJoint()[j]).isEqualTo(100.0);
        assertThat(mmpose.perJoint()[j]).isEqualTo(0.0);
        assertThat(official.hip()).isEqualTo(100.0);
        assertThat(mmpose.hip()).isEqualTo(50.0);
        assertThat(official.mean()).isCloseTo(100.0, within(1e-12));
        assertThat(mmpose.mean()).isCloseTo(100.0 * 13 / 14, within(1e-12));
    }

    @Test
    void pelvisAndThoraxDoNotEnterTheMean() {
        double[] dx = filled(0);
        dx[MpiiJoint.PELVIS.ordinal()] = 100;
        dx[MpiiJoint.THORAX.ordinal()] = 100;
        Pckh.Result r = Pckh.compute(person(dx, filled(0), filled(1), false), Pckh.Variant.OFFICIAL);
        assertThat(r.perJoint()[MpiiJoint.PELVIS.ordinal()]).isZero();
        assertThat(r.mean()).isCloseTo(100.0, within(1e-12));
    }

    @Test
    void invisibleJointsAreNotCountedAndTheMeanIsWeightedByCounts() {
        // person A: all visible, r_ankle wrong; person B: only r_ankle visible, right
        double[] dxA = filled(0);
        dxA[MpiiJoint.R_ANKLE.ordinal()] = 50;
        PckhCase a = person(dxA, filled(0), filled(1), false);
        double[] visB = filled(0);
        visB[MpiiJoint.R_ANKLE.ordinal()] = 1;
        double[] dxB = filled(1000); // everything else far off but invisible
        dxB[MpiiJoint.R_ANKLE.ordinal()] = 0;
        PckhCase b = person(dxB, filled(0), visB, false);
        PckhCase both = new PckhCase(new double[][][]{a.pred()[0], b.pred()[0]}, new double[][][]{a.gt()[0], b.gt()[0]},
                new double[][]{a.visible()[0], b.visible()[0]}, new double[][][]{HEAD, HEAD}, false);
        Pckh.Result r = Pckh.compute(both, Pckh.Variant.OFFICIAL);
        assertThat(r.jointCount()[MpiiJoint.R_ANKLE.ordinal()]).isEqualTo(2);
        assertThat(r.jointCount()[MpiiJoint.HEAD_TOP.ordinal()]).isEqualTo(1);
        assertThat(r.perJoint()[MpiiJoint.R_ANKLE.ordinal()]).isEqualTo(50.0);
        assertThat(r.ankle()).isEqualTo(75.0);
        // 15 visible kept joints, 14 right
        assertThat(r.mean()).isCloseTo(100.0 * 14 / 15, within(1e-12));
    }

    @Test
    void hrnetsMeanAt01ReadsThreshold011() {
        double[] dx = filled(0.105 * 30); // between 0.1 and 0.11 head sizes
        Pckh.Result r = Pckh.compute(person(dx, filled(0), filled(1), false), Pckh.Variant.OFFICIAL);
        assertThat(r.meanAt01()).isZero();
        assertThat(r.meanAt011Hrnet()).isCloseTo(100.0, within(1e-12));
        assertThat(r.mean()).isCloseTo(100.0, within(1e-12));
    }

    @Test
    void zeroBasedPredictionsGetOneAdded() {
        double[] zero = filled(0);
        Pckh.Result shifted = Pckh.compute(person(zero, zero, filled(1), true), Pckh.Variant.OFFICIAL);
        assertThat(shifted.predPlusOne()).isTrue();
        assertThat(shifted.meanAt01()).isCloseTo(100.0, within(1e-12));
        // without the flag the same numbers are one pixel off in x and y: still inside 0.1 * 30
        double[] off = filled(-1);
        Pckh.Result raw = Pckh.compute(person(off, off, filled(1), false), Pckh.Variant.OFFICIAL);
        assertThat(raw.predPlusOne()).isFalse();
        assertThat(raw.meanAt01()).isCloseTo(100.0, within(1e-12));
        double[] far = filled(-4); // |(4, 4)| = 5.66 > 3 px
        assertThat(Pckh.compute(person(far, far, filled(1), false), Pckh.Variant.OFFICIAL).meanAt01()).isZero();
    }

    @Test
    void aJointThatIsNeverVisibleHasNoPckh() {
        double[] vis = filled(1);
        vis[MpiiJoint.L_WRIST.ordinal()] = 0;
        Map<String, Object> m = Pckh.evaluate(person(filled(0), filled(0), vis, false), Pckh.Variant.OFFICIAL);
        @SuppressWarnings("unchecked")
        Map<String, Double> perJoint = (Map<String, Double>) m.get("per_joint_PCKh");
        assertThat(perJoint.get("l_wrist")).isNaN();
        assertThat(perJoint.get("r_wrist")).isEqualTo(100.0);
    }

    @Test
    void malformedCasesAreRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"pred\": [], \"gt\": [], \"headboxes\": []}");
        assertThatThrownBy(() -> PckhCase.read(f)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("'visible'");
        Files.writeString(f, "{\"pred\": [[[1, 2]]], \"gt\": [[[1, 2]]], \"visible\": [[1]], \"headboxes\": [[[0, 0], [1, 1]]]}");
        assertThatThrownBy(() -> PckhCase.read(f)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("pred[0]");
        assertThat(Pckh.Variant.byId("MMPOSE")).contains(Pckh.Variant.MMPOSE);
    }
}
