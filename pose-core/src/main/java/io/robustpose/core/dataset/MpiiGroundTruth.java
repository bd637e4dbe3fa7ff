package io.robustpose.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the official MPII PCKh evaluation compares against, per person: 16 joint positions in
 * 1-based MATLAB pixels, a visibility flag per joint and the head box {@code [[x1, y1], [x2, y2]]}.
 * Read from the official {@code gt_valid.mat} (variables {@code pos_gt_src} 16×2×N,
 * {@code jnt_missing} 16×N, {@code headboxes_src} 2×2×N, {@code dataset_joints}), or assembled
 * from the HRNet/mmpose JSON and head boxes given as JSON.
 */
public record MpiiGroundTruth(double[][][] positions, double[][] visible, double[][][] headboxes, String source) {

    public MpiiGroundTruth {
        if (positions.length != visible.length || positions.length != headboxes.length) {
            throw new IllegalArgumentException("positions, visibility and head boxes disagree on the number of persons: "
                    + positions.length + ", " + visible.length + ", " + headboxes.length);
        }
    }

    public int size() {
        return positions.length;
    }

    /** Reads HRNet's/the official {@code gt_valid.mat}. */
    public static MpiiGroundTruth readMat(Path file) {
        String name = file.getFileName().toString();
        try (MatFile mat = Mat5.readFromFile(file.toFile())) {
            Matrix pos = matrix(mat, name, "pos_gt_src");
            Matrix missing = matrix(mat, name, "jnt_missing");
            Matrix boxes = matrix(mat, name, "headboxes_src");
            int[] pd = pos.getDimensions();
            int n = pd.length == 3 ? pd[2] : (pd.length == 2 && pd[0] == 16 && pd[1] == 2 ? 1 : -1);
            if (pd[0] != MpiiJoint.COUNT || pd[1] != 2 || n < 0) {
                throw new MalformedRecordException(name, "pos_gt_src", -1, null, null,
                        "expected 16 x 2 x N, got " + Arrays.toString(pd));
            }
            int[] md = missing.getDimensions();
            if (md[0] != MpiiJoint.COUNT || (n > 1 ? md[1] != n : md[1] != 1)) {
                throw new MalformedRecordException(name, "jnt_missing", -1, null, null,
                        "expected 16 x " + n + ", got " + Arrays.toString(md));
            }
            int[] bd = boxes.getDimensions();
            int bn = bd.length == 3 ? bd[2] : 1;
            if (bd[0] != 2 || bd[1] != 2 || bn != n) {
                throw new MalformedRecordException(name, "headboxes_src", -1, null, null,
                        "expected 2 x 2 x " + n + ", got " + Arrays.toString(bd));
            }
            checkJointNames(mat, name);
            double[][][] positions = new double[n][MpiiJoint.COUNT][2];
            double[][] visible = new double[n][MpiiJoint.COUNT];
            double[][][] headboxes = new double[n][2][2];
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < MpiiJoint.COUNT; j++) {
                    positions[p][j][0] = pos.getDouble(j + MpiiJoint.COUNT * (2 * p));
                    positions[p][j][1] = pos.getDouble(j + MpiiJoint.COUNT * (1 + 2 * p));
                    double m = missing.getDouble(j + MpiiJoint.COUNT * p);
                    if (m != 0 && m != 1) {
                        throw new MalformedRecordException(name, "jnt_missing", p, null, null,
                                "joint " + j + " has flag " + m + ", expected 0 or 1");
                    }
                    visible[p][j] = 1 - m; // HRNet: jnt_visible = 1 - jnt_missing
                }
                for (int corner = 0; corner < 2; corner++) {
                    for (int axis = 0; axis < 2; axis++) {
                        headboxes[p][corner][axis] = boxes.getDouble(corner + 2 * axis + 4 * p);
                    }
                }
            }
            return new MpiiGroundTruth(positions, visible, headboxes, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Matrix matrix(MatFile mat, String source, String variable) {
        try {
            return mat.getMatrix(variable);
        } catch (RuntimeException e) {
            throw new MalformedRecordException(source, variable, -1, null, null,
                    "variable missing or not numeric (" + e.getMessage() + ")");
        }
    }

    /** {@code dataset_joints}, when present, must list the joints in MPII order. */
    private static void checkJointNames(MatFile mat, String source) {
        Cell names;
        try {
            names = mat.getCell("dataset_joints");
        } catch (RuntimeException absent) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < names.getNumElements(); i++) {
            found.add(text(names.get(i)));
        }
        List<String> expected = MpiiJoint.all().stream().map(MpiiJoint::matlabName).toList();
        if (!found.equals(expected)) {
            throw new MalformedRecordException(source, "dataset_joints", -1, null, null,
                    "expected joints " + expected + ", got " + found);
        }
    }

    private static String text(Array a) {
        if (a instanceof Char c) {
            return c.getString().trim();
        }
        if (a instanceof Cell c && c.getNumElements() == 1) {
            return text(c.get(0));
        }
        return String.valueOf(a);
    }

    /**
     * Ground truth from the HRNet/mmpose JSON ({@code joints}, {@code joints_vis}) and head boxes
     * in the same person order.
     */
    public static MpiiGroundTruth of(MpiiDataset dataset, double[][][] headboxes) {
        List<MpiiAnnotation> anns = dataset.annotations();
        if (anns.size() != headboxes.length) {
            throw new IllegalArgumentException(dataset.summary().source() + " has " + anns.size()
                    + " persons but there are " + headboxes.length + " head boxes");
        }
        double[][][] positions = new double[anns.size()][][];
        double[][] visible = new double[anns.size()][];
        for (int i = 0; i < anns.size(); i++) {
            MpiiAnnotation a = anns.get(i);
            if (!a.hasJoints()) {
                throw new MalformedRecordException(dataset.summary().source(), "persons", i, a.image(), "joints",
                        "missing: PCKh needs labelled joints");
            }
            positions[i] = a.joints();
            visible[i] = a.jointsVisible();
        }
        return new MpiiGroundTruth(positions, visible, headboxes, dataset.summary().source());
    }

    /**
     * Head boxes from JSON: an array with one {@code [[x1, y1], [x2, y2]]} per person, or an
     * object holding it under {@code "headboxes"} (or {@code "headboxes_src"}).
     */
    public static double[][][] readHeadBoxesJson(Path file) {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper(JsonRecords.FACTORY).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode list = root.isObject() ? (root.has("headboxes") ? root.get("headboxes") : root.get("headboxes_src"))
                : root;
        if (list == null || !list.isArray()) {
            throw new MalformedRecordException(name, "headboxes", -1, null, null,
                    "expected an array of [[x1, y1], [x2, y2]] or an object with \"headboxes\"");
        }
        double[][][] out = new double[list.size()][2][2];
        for (int i = 0; i < list.size(); i++) {
            JsonNode box = list.get(i);
            boolean ok = box.isArray() && box.size() == 2;
            for (int c = 0; ok && c < 2; c++) {
                JsonNode corner = box.get(c);
                ok = corner.isArray() && corner.size() == 2 && corner.get(0).isNumber() && corner.get(1).isNumber();
                if (ok) {
                    out[i][c][0] = corner.get(0).doubleValue();
                    out[i][c][1] = corner.get(1).doubleValue();
                }
            }
            if (!ok) {
                throw new MalformedRecordException(name, "headboxes", i, null, null,
                        "expected [[x1, y1], [x2, y2]], got " + box);
            }
        }
        return out;
    }
}
