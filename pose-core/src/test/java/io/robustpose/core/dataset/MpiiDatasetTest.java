package io.robustpose.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.eval.pckh.Pckh;
import io.robustpose.core.eval.pckh.PckhCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MpiiDatasetTest {

    @Test
    void readsTheHrnetJsonLayout() throws IOException {
        Path file = SharedFixtures.require("realdata/mpii/test_mpii.json");
        JsonNode raw = new ObjectMapper().readTree(file.toFile());
        MpiiDataset ds = MpiiDataset.read(file);
        assertThat(ds.annotations()).hasSize(raw.size());
        assertThat(ds.summary().count("persons with joints")).isEqualTo(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            MpiiAnnotation a = ds.annotations().get(i);
            JsonNode r = raw.get(i);
            assertThat(a.image()).isEqualTo(r.get("image").asText());
            assertThat(a.scale()).isEqualTo(r.get("scale").asDouble());
            assertThat(a.center()).containsExactly(r.get("center").get(0).asDouble(), r.get("center").get(1).asDouble());
            for (int j = 0; j < 16; j++) {
                assertThat(a.joints()[j][0]).isEqualTo(r.get("joints").get(j).get(0).asDouble());
                assertThat(a.joints()[j][1]).isEqualTo(r.get("joints").get(j).get(1).asDouble());
                assertThat(a.jointsVisible()[j]).isEqualTo(r.get("joints_vis").get(j).asDouble());
            }
        }
    }

    @Test
    void testSplitWithoutJointsAndMalformedPersons() {
        MpiiDataset test = MpiiDataset.read(CocoReaderTest.bytes(
                "[{\"image\": \"a.jpg\", \"center\": [1, 2], \"scale\": 1.5}]"), "test.json");
        assertThat(test.annotations().get(0).hasJoints()).isFalse();
        assertThatThrownBy(() -> MpiiDataset.read(CocoReaderTest.bytes(
                "[{\"image\": \"b.jpg\", \"center\": [1, 2], \"scale\": 1, \"joints\": [[1, 2]], \"joints_vis\": [1]}]"),
                "valid.json"))
                .hasMessage("valid.json: persons[0] (id b.jpg): field 'joints': expected 16 joints, got 1");
        assertThatThrownBy(() -> MpiiDataset.read(CocoReaderTest.bytes(
                "[{\"image\": \"c.jpg\", \"scale\": 1}]"), "valid.json"))
                .hasMessageContaining("field 'center': missing");
    }

    @Test
    void officialGroundTruthMatFileAndTheJsonPathAgree(@TempDir Path dir) throws IOException {
        Path file = SharedFixtures.require("realdata/mpii/test_mpii.json");
        MpiiDataset ds = MpiiDataset.read(file);
        int n = ds.annotations().size();
        double[][][] boxes = new double[n][][];
        for (int p = 0; p < n; p++) {
            double[] c = ds.annotations().get(p).center();
            boxes[p] = new double[][]{{c[0] - 20 - p, c[1] - 100}, {c[0] + 20, c[1] - 60 + p}};
        }
        // a gt_valid.mat laid out as the official one: pos_gt_src 16x2xN, jnt_missing 16xN, headboxes_src 2x2xN
        Path mat = dir.resolve("gt_valid.mat");
        try (MatFile out = Mat5.newMatFile()) {
            Matrix pos = Mat5.newMatrix(new int[]{16, 2, n});
            Matrix missing = Mat5.newMatrix(new int[]{16, n});
            Matrix head = Mat5.newMatrix(new int[]{2, 2, n});
            for (int p = 0; p < n; p++) {
                MpiiAnnotation a = ds.annotations().get(p);
                for (int j = 0; j < 16; j++) {
                    pos.setDouble(new int[]{j, 0, p}, a.joints()[j][0]);
                    pos.setDouble(new int[]{j, 1, p}, a.joints()[j][1]);
                    missing.setDouble(new int[]{j, p}, 1 - a.jointsVisible()[j]);
                }
                for (int corner = 0; corner < 2; corner++) {
                    for (int axis = 0; axis < 2; axis++) {
                        head.setDouble(new int[]{corner, axis, p}, boxes[p][corner][axis]);
                    }
                }
            }
            Cell names = Mat5.newCell(1, 16);
            for (MpiiJoint j : MpiiJoint.values()) {
                names.set(j.ordinal(), Mat5.newString(j.matlabName()));
            }
            out.addArray("pos_gt_src", pos).addArray("jnt_missing", missing).addArray("headboxes_src", head)
                    .addArray("dataset_joints", names);
            Mat5.writeToFile(out, mat.toFile());
        }
        MpiiGroundTruth fromMat = MpiiGroundTruth.readMat(mat);
        Path json = dir.resolve("headboxes.json");
        Files.writeString(json, new ObjectMapper().writeValueAsString(boxes));
        MpiiGroundTruth fromJson = MpiiGroundTruth.of(ds, MpiiGroundTruth.readHeadBoxesJson(json));
        assertThat(fromMat.size()).isEqualTo(n);
        for (int p = 0; p < n; p++) {
            assertThat(fromMat.positions()[p]).isDeepEqualTo(fromJson.positions()[p]);
            assertThat(fromMat.visible()[p]).containsExactly(fromJson.visible()[p]);
            assertThat(fromMat.headboxes()[p]).isDeepEqualTo(boxes[p]);
        }
        // 0-based predictions one pixel off the 1-based truth are exact after the +1
        double[][][] pred = new double[n][16][2];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < 16; j++) {
                pred[p][j][0] = fromMat.positions()[p][j][0] - 1;
                pred[p][j][1] = fromMat.positions()[p][j][1] - 1;
            }
        }
        Pckh.Result r = Pckh.compute(PckhCase.of(fromMat, pred, true), Pckh.Variant.OFFICIAL);
        assertThat(r.mean()).isEqualTo(Pckh.compute(PckhCase.of(fromJson, pred, true), Pckh.Variant.OFFICIAL).mean());
        assertThat(r.mean()).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void wrongJointOrderInTheMatFileIsRejected(@TempDir Path dir) throws IOException {
        Path mat = dir.resolve("bad.mat");
        try (MatFile out = Mat5.newMatFile()) {
            Cell names = Mat5.newCell(1, 16);
            for (MpiiJoint j : MpiiJoint.values()) {
                names.set(15 - j.ordinal(), Mat5.newString(j.matlabName()));
            }
            out.addArray("pos_gt_src", Mat5.newMatrix(new int[]{16, 2, 1}))
                    .addArray("jnt_missing", Mat5.newMatrix(new int[]{16, 1}))
                    .addArray("headboxes_src", Mat5.newMatrix(new int[]{2, 2, 1}))
                    .addArray("dataset_joints", names);
            Mat5.writeToFile(out, mat.toFile());
        }
        assertThatThrownBy(() -> MpiiGroundTruth.readMat(mat)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("dataset_joints");
    }
}
