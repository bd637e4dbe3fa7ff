package io.robustpose.core.inference;

import io.robustpose.core.image.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The top-down crop of the published pipelines (SimpleBaseline / HRNet {@code _box2cs} and
 * {@code get_affine_transform}): a person box becomes a center and a scale in units of
 * pixel_std = 200 px, with the box widened or heightened to the network input's aspect ratio and
 * padded by 1.25; the crop is an affine warp of that region onto the input (optionally rotated).
 */
public record BoxTransform(double centerX, double centerY, double scaleX, double scaleY, double rotationDeg) {
    /** HRNet's pixel_std. */
    public static final double PIXEL_STD = 200.0;
    /** HRNet's box padding for person crops. */
    public static final double PADDING = 1.25;

    /** From an (x, y, w, h) box for an input of {@code inputW × inputH}. */
    public static BoxTransform fromBox(double x, double y, double w, double h, int inputW, int inputH) {
        double aspect = inputW / (double) inputH;
        double cx = x + w * 0.5;
        double cy = y + h * 0.5;
        if (w > aspect * h) {
            h = w / aspect;
        } else if (w < aspect * h) {
            w = h * aspect;
        }
        return new BoxTransform(cx, cy, w / PIXEL_STD * PADDING, h / PIXEL_STD * PADDING, 0);
    }

    public BoxTransform withScaleFactor(double f) {
        return new BoxTransform(centerX, centerY, scaleX * f, scaleY * f, rotationDeg);
    }

    public BoxTransform withRotation(double deg) {
        return new BoxTransform(centerX, centerY, scaleX, scaleY, deg);
    }

    /** Area of the padded box in pixels, as HRNet records it for OKS-NMS. */
    public double area() {
        return scaleX * scaleY * PIXEL_STD * PIXEL_STD;
    }

    /**
     * The 2×3 affine matrix from the image to an output of {@code outW × outH}, built from three
     * point pairs exactly as HRNet does (center, a point above it rotated, and a third point
     * perpendicular); {@code inverse} maps output coordinates back to the image.
     */
    public Mat affine(int outW, int outH, boolean inverse) {
        OpenCv.load();
        double srcW = scaleX * PIXEL_STD;
        double rot = Math.toRadians(rotationDeg);
        double sn = Math.sin(rot);
        double cs = Math.cos(rot);
        // get_dir([0, -srcW/2], rot)
        double dirX = 0 * cs - (srcW * -0.5) * sn;
        double dirY = 0 * sn + (srcW * -0.5) * cs;
        Point s0 = new Point(centerX, centerY);
        Point s1 = new Point(centerX + dirX, centerY + dirY);
        Point d0 = new Point(outW * 0.5, outH * 0.5);
        Point d1 = new Point(outW * 0.5, outH * 0.5 - outW * 0.5);
        Point s2 = thirdPoint(s0, s1);
        Point d2 = thirdPoint(d0, d1);
        MatOfPoint2f src = new MatOfPoint2f(s0, s1, s2);
        MatOfPoint2f dst = new MatOfPoint2f(d0, d1, d2);
        Mat m = inverse ? Imgproc.getAffineTransform(dst, src) : Imgproc.getAffineTransform(src, dst);
        src.release();
        dst.release();
        return m;
    }

    private static Point thirdPoint(Point a, Point b) {
        double dx = a.x - b.x;
        double dy = a.y - b.y;
        return new Point(b.x - dy, b.y + dx);
    }

    /** The crop: bilinear warp of the image onto {@code outW × outH}, zero outside the image. */
    public Mat crop(Mat image, int outW, int outH) {
        Mat m = affine(outW, outH, false);
        Mat out = new Mat();
        Imgproc.warpAffine(image, out, m, new Size(outW, outH), Imgproc.INTER_LINEAR, org.opencv.core.Core.BORDER_CONSTANT,
                new Scalar(0, 0, 0));
        m.release();
        return out;
    }

    /** Maps points given in an {@code outW × outH} output grid back to image coordinates (in place). */
    public void toImage(double[][] xy, int outW, int outH) {
        Mat inv = affine(outW, outH, true);
        double[] t = new double[6];
        inv.get(0, 0, t);
        inv.release();
        for (double[] p : xy) {
            double x = p[0];
            double y = p[1];
            p[0] = t[0] * x + t[1] * y + t[2];
            p[1] = t[3] * x + t[4] * y + t[5];
        }
    }
}
