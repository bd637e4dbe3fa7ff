package io.robustpose.core.corruption;

import io.robustpose.core.image.Mats;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * skimage.color.rgb2hsv → edit → hsv2rgb in float64, then {@code np.uint8(np.clip(x, 0, 1) * 255)}, per pixel.
 * Ported operation by operation (tie-breaking when two channels share the maximum, Python's float modulo for the
 * hue, the sector choice of hsv2rgb) because brightness lands many values on exact integers, where float32
 * arithmetic and truncation would disagree with the reference by one grey level.
 */
final class SkimageHsv {
    private SkimageHsv() {
    }

    /** S' = clip(S*satScale + satShift, 0, 1), V' = clip(V + valueShift, 0, 1); input and output 8UC3 BGR. */
    static Mat adjust(Mat bgr, double satScale, double satShift, double valueShift) {
        byte[] px = Mats.bytes(bgr);
        for (int i = 0; i < px.length; i += 3) {
            double b = (px[i] & 0xff) / 255.0;
            double g = (px[i + 1] & 0xff) / 255.0;
            double r = (px[i + 2] & 0xff) / 255.0;
            double v = Math.max(r, Math.max(g, b));
            double delta = v - Math.min(r, Math.min(g, b));
            double s = delta == 0 ? 0 : delta / v;
            double h = 0;
            if (delta != 0) {
                double sector; // skimage assigns red, then green, then blue: the last channel equal to max wins
                if (b == v) {
                    sector = 4.0 + (r - g) / delta;
                } else if (g == v) {
                    sector = 2.0 + (b - r) / delta;
                } else {
                    sector = (g - b) / delta;
                }
                h = pythonModOne(sector / 6.0);
            }
            s = clip01(s * satScale + satShift);
            v = clip01(v + valueShift);
            double hi = Math.floor(h * 6);
            double f = h * 6 - hi;
            double p = v * (1 - s);
            double q = v * (1 - f * s);
            double t = v * (1 - (1 - f) * s);
            double ro, go, bo;
            switch (((int) hi) % 6) {
                case 0 -> { ro = v; go = t; bo = p; }
                case 1 -> { ro = q; go = v; bo = p; }
                case 2 -> { ro = p; go = v; bo = t; }
                case 3 -> { ro = p; go = q; bo = v; }
                case 4 -> { ro = t; go = p; bo = v; }
                default -> { ro = v; go = p; bo = q; }
            }
            px[i] = toByte(bo);
            px[i + 1] = toByte(go);
            px[i + 2] = toByte(ro);
        }
        Mat out = new Mat(bgr.rows(), bgr.cols(), CvType.CV_8UC3);
        out.put(0, 0, px);
        return out;
    }

    /** Python's {@code a % 1.0}: the result takes the divisor's sign. */
    static double pythonModOne(double a) {
        double m = a % 1.0;
        if (m != 0 && m < 0) {
            m += 1.0;
        }
        return m;
    }

    private static double clip01(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }

    private static byte toByte(double unit) {
        return (byte) (int) (clip01(unit) * 255);
    }
}
