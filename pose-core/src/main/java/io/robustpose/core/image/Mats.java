package io.robustpose.core.image;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Small Mat helpers shared by the image and corruption packages. */
public final class Mats {
    /**
     * {@code convertTo(CV_8U, scale, TRUNCATE_OFFSET)} rounds {@code v*scale - 0.4999} and saturates to [0,255]:
     * that is numpy's {@code np.uint8(np.clip(v*scale, 0, 255))} (truncation, not rounding) except for fractional
     * parts above 0.9999, which are float noise anyway.
     */
    public static final double TRUNCATE_OFFSET = -0.4999;

    private Mats() {
    }

    /** {@code np.uint8(np.clip(src*scale, 0, 255))} for a float Mat, any channel count. */
    public static Mat truncateToU8(Mat src, double scale) {
        Mat dst = new Mat();
        src.convertTo(dst, CvType.CV_8U, scale, TRUNCATE_OFFSET);
        return dst;
    }

    /**
     * Normalizes any decoded image to 8-bit, 3-channel, in the channel order it came in: 16-bit is scaled by
     * 1/257, grayscale is stacked to 3 channels (as the reference's {@code corrupt()} does), a 4th (alpha) channel
     * is dropped, a 2-channel gray+alpha image keeps its gray channel. Returns a new continuous Mat.
     */
    public static Mat toThreeChannelU8(Mat src) {
        if (src.empty()) {
            throw new IllegalArgumentException("empty image");
        }
        Mat eight = src;
        int depth = src.depth();
        if (depth != CvType.CV_8U) {
            eight = new Mat();
            double scale = switch (depth) {
                case CvType.CV_16U -> 1.0 / 257.0;
                case CvType.CV_32F, CvType.CV_64F -> 255.0; // floats are taken as [0,1]
                default -> 1.0;
            };
            src.convertTo(eight, CvType.CV_8U, scale);
        }
        Mat out = new Mat();
        switch (eight.channels()) {
            case 1 -> Imgproc.cvtColor(eight, out, Imgproc.COLOR_GRAY2BGR);
            case 2 -> {
                Mat gray = new Mat();
                Core.extractChannel(eight, gray, 0);
                Imgproc.cvtColor(gray, out, Imgproc.COLOR_GRAY2BGR);
                gray.release();
            }
            case 3 -> eight.copyTo(out);
            case 4 -> Imgproc.cvtColor(eight, out, Imgproc.COLOR_BGRA2BGR);
            default -> throw new IllegalArgumentException("unsupported channel count " + eight.channels());
        }
        if (eight != src) {
            eight.release();
        }
        return out;
    }

    /** The bytes of a continuous 8-bit Mat, row-major, channels interleaved. */
    public static byte[] bytes(Mat m) {
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.get(0, 0, b);
        return b;
    }

    /** Releases Mats created during one operation; try-with-resources keeps native memory bounded. */
    public static final class Scope implements AutoCloseable {
        private final List<Mat> mats = new ArrayList<>();

        public Mat track(Mat m) {
            mats.add(m);
            return m;
        }

        public Mat mat() {
            return track(new Mat());
        }

        public Mat mat(int rows, int cols, int type) {
            return track(new Mat(rows, cols, type));
        }

        @Override
        public void close() {
            for (Mat m : mats) {
                m.release();
            }
            mats.clear();
        }
    }
}
