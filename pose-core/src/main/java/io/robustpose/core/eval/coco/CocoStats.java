package io.robustpose.core.eval.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 10 numbers pycocotools' {@code summarize()} prints for keypoints, in its order. A value is
 * -1 when there was nothing to average (e.g. no ground truth in that area range), as in pycocotools.
 */
public record CocoStats(double ap, double ap50, double ap75, double apMedium, double apLarge,
                        double ar, double ar50, double ar75, double arMedium, double arLarge) {

    public static final List<String> NAMES = List.of(
            "AP", "AP50", "AP75", "AP_medium", "AP_large", "AR", "AR50", "AR75", "AR_medium", "AR_large");

    static CocoStats of(double[] s) {
        return new CocoStats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);
    }

    public double[] toArray() {
        return new double[]{ap, ap50, ap75, apMedium, apLarge, ar, ar50, ar75, arMedium, arLarge};
    }

    /** {@code AP, AP50, AP75, AP_medium, AP_large, AR, AR50, AR75, AR_medium, AR_large} in that order. */
    public LinkedHashMap<String, Double> toMap() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        double[] v = toArray();
        for (int i = 0; i < v.length; i++) {
            m.put(NAMES.get(i), v[i]);
        }
        return m;
    }

    /**
     * The stats as one JSON object, {@code {"AP":0.57…,…}}, numbers as {@link Double#toString} writes them (as Jackson
     * does): written by hand so that the {@code coco-eval} process need not start an object mapper for ten numbers.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(300).append('{');
        double[] v = toArray();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "\"" : ",\"").append(NAMES.get(i)).append("\":");
            // Jackson's default for non-finite numbers is a quoted string
            b.append(Double.isFinite(v[i]) ? Double.toString(v[i]) : "\"" + v[i] + "\"");
        }
        return b.append('}').toString();
    }

    public static CocoStats fromMap(Map<String, ? extends Number> m) {
        double[] v = new double[NAMES.size()];
        for (int i = 0; i < v.length; i++) {
            Number n = m.get(NAMES.get(i));
            if (n == null) {
                throw new IllegalArgumentException("missing " + NAMES.get(i));
            }
            v[i] = n.doubleValue();
        }
        return of(v);
    }

    /** The lines pycocotools prints, e.g. {@code " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.885"}. */
    public List<String> summaryLines() {
        double[] v = toArray();
        String[] iou = {"0.50:0.95", "0.50", "0.75", "0.50:0.95", "0.50:0.95"};
        String[] area = {"all", "all", "all", "medium", "large"};
        String[] lines = new String[10];
        for (int i = 0; i < 10; i++) {
            boolean isAp = i < 5;
            lines[i] = String.format(" %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                    isAp ? "Average Precision" : "Average Recall", isAp ? "(AP)" : "(AR)",
                    iou[i % 5], area[i % 5], 20, fixed3(v[i]));
        }
        return List.of(lines);
    }

    /** Python's {@code '{:0.3f}'}: the exact binary value rounded half to even. */
    static String fixed3(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
