package io.robustpose.core.eval.pckh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.dataset.MalformedRecordException;
import io.robustpose.core.dataset.MpiiGroundTruth;
import io.robustpose.core.dataset.MpiiJoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The input of a PCKh evaluation, per person: predicted and ground truth positions of the 16 MPII
 * joints ({@code [x, y]}), the visibility of each ground truth joint (1 evaluated, 0 not) and the
 * head box {@code [[x1, y1], [x2, y2]]}. Ground truth is in MATLAB's 1-based pixels; predictions
 * are 0-based when {@code predIsZeroBased} (a network's output), and 1 is then added to them.
 * The JSON form is that of reference/pckh: {@code pred, gt, visible, headboxes, pred_is_zero_based}.
 */
public record PckhCase(double[][][] pred, double[][][] gt, double[][] visible, double[][][] headboxes,
                       boolean predIsZeroBased) {

    public PckhCase {
        int n = gt.length;
        if (pred.length != n || visible.length != n || headboxes.length != n) {
            throw new IllegalArgumentException("pred, gt, visible and headboxes must have one entry per person: "
                    + pred.length + ", " + n + ", " + visible.length + ", " + headboxes.length);
        }
        for (int p = 0; p < n; p++) {
            check(pred[p], p, "pred");
            check(gt[p], p, "gt");
            if (visible[p].length != MpiiJoint.COUNT) {
                throw new IllegalArgumentException("visible[" + p + "] has " + visible[p].length + " flags, expected 16");
            }
            for (double v : visible[p]) {
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("visible[" + p + "] holds " + v + ", expected 0 or 1");
                }
            }
            if (headboxes[p].length != 2 || headboxes[p][0].length != 2 || headboxes[p][1].length != 2) {
                throw new IllegalArgumentException("headboxes[" + p + "] must be [[x1, y1], [x2, y2]]");
            }
        }
    }

    private static void check(double[][] joints, int p, String what) {
        if (joints.length != MpiiJoint.COUNT) {
            throw new IllegalArgumentException(what + "[" + p + "] has " + joints.length + " joints, expected 16");
        }
        for (double[] j : joints) {
            if (j.length != 2) {
                throw new IllegalArgumentException(what + "[" + p + "] joints must be [x, y]");
            }
        }
    }

    public int persons() {
        return gt.length;
    }

    /** Predictions against the official ground truth ({@code gt_valid.mat}) in its person order. */
    public static PckhCase of(MpiiGroundTruth truth, double[][][] pred, boolean predIsZeroBased) {
        return new PckhCase(pred, truth.positions(), truth.visible(), truth.headboxes(), predIsZeroBased);
    }

    /** Reads the reference/pckh case format. */
    public static PckhCase read(Path file) {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRecordException(name, "file", -1, null, null, "expected a JSON object");
        }
        double[][][] pred = persons(name, root, "pred", 16, 2);
        double[][][] gt = persons(name, root, "gt", 16, 2);
        double[][][] boxes = persons(name, root, "headboxes", 2, 2);
        JsonNode vis = field(name, root, "visible");
        double[][] visible = new double[vis.size()][];
        for (int p = 0; p < vis.size(); p++) {
            visible[p] = row(name, "visible", p, vis.get(p), 16);
        }
        JsonNode zero = root.get("pred_is_zero_based");
        if (zero != null && !zero.isBoolean()) {
            throw new MalformedRecordException(name, "file", -1, null, "pred_is_zero_based", "expected true or false");
        }
        try {
            return new PckhCase(pred, gt, visible, boxes, zero != null && zero.asBoolean());
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(name, "file", -1, null, null, e.getMessage());
        }
    }

    private static JsonNode field(String source, JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || !n.isArray()) {
            throw new MalformedRecordException(source, "file", -1, null, name, "missing or not an array");
        }
        return n;
    }

    private static double[][][] persons(String source, JsonNode root, String name, int rows, int cols) {
        JsonNode arr = field(source, root, name);
        double[][][] out = new double[arr.size()][rows][];
        for (int p = 0; p < arr.size(); p++) {
            JsonNode person = arr.get(p);
            if (!person.isArray() || person.size() != rows) {
                throw new MalformedRecordException(source, name, p, null, name,
                        "expected " + rows + " rows of " + cols + " numbers");
            }
            for (int r = 0; r < rows; r++) {
                out[p][r] = row(source, name, p, person.get(r), cols);
            }
        }
        return out;
    }

    private static double[] row(String source, String name, int p, JsonNode node, int n) {
        if (!node.isArray() || node.size() != n) {
            throw new MalformedRecordException(source, name, p, null, name, "expected " + n + " numbers, got " + node);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (!node.get(i).isNumber()) {
                throw new MalformedRecordException(source, name, p, null, name, "element " + i + " is not a number");
            }
            out[i] = node.get(i).doubleValue();
        }
        return out;
    }
}
