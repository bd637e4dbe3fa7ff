package io.robustpose.core.dataset;

import java.util.List;

/** A COCO segmentation: polygons for single objects, run-length encoding for crowds (and OCHuman). */
public sealed interface Segmentation {

    /** One or more polygons, each {@code [x1, y1, x2, y2, ...]}. */
    record Polygons(List<double[]> polygons) implements Segmentation {
        public Polygons {
            polygons = List.copyOf(polygons);
        }
    }

    /**
     * A run-length encoded mask of {@code height × width} pixels in column-major order: either the
     * compressed string form ({@code counts} is a string) or the uncompressed form (a list of run lengths).
     */
    record Rle(int height, int width, String compressedCounts, long[] counts) implements Segmentation {
        public boolean isCompressed() {
            return compressedCounts != null;
        }
    }
}
