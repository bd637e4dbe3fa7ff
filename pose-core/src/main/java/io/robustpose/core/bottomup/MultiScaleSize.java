package io.robustpose.core.bottomup;

import io.robustpose.core.inference.BoxTransform;

import java.util.List;

/**
 * The bottom-up test resolution of the official HigherHRNet ({@code get_multi_scale_size} of
 * lib/utils/transforms.py): the short side becomes the input size (at scale 1), the long side the next
 * multiple of 64, and the image maps onto it by the affine of {@code center} and {@code scale}
 * (in units of 200 px, as for top-down crops).
 */
public record MultiScaleSize(int width, int height, double centerX, double centerY, double scaleW, double scaleH) {

    public static MultiScaleSize of(int imageW, int imageH, int inputSize, double currentScale, double minScale) {
        int cx = (int) (imageW / 2.0 + 0.5);
        int cy = (int) (imageH / 2.0 + 0.5);
        int minInput = (int) (Math.floor((minScale * inputSize + 63) / 64) * 64);
        int w;
        int h;
        double sw;
        double sh;
        if (imageW < imageH) {
            w = (int) (minInput * currentScale / minScale);
            h = (int) ((int) (Math.floor((minInput / (double) imageW * imageH + 63) / 64) * 64) * currentScale / minScale);
            sw = imageW / 200.0;
            sh = h / (double) w * imageW / 200.0;
        } else {
            h = (int) (minInput * currentScale / minScale);
            w = (int) ((int) (Math.floor((minInput / (double) imageH * imageW + 63) / 64) * 64) * currentScale / minScale);
            sh = imageH / 200.0;
            sw = w / (double) h * imageH / 200.0;
        }
        return new MultiScaleSize(w, h, cx, cy, sw, sh);
    }

    /** The affine between the image and the {@code width × height} input. */
    public BoxTransform transform() {
        return new BoxTransform(centerX, centerY, scaleW, scaleH, 0);
    }

    /**
     * {@code get_final_preds}: the people's x, y from a {@code mapW × mapH} parser grid to image
     * coordinates (float32, scores and tags unchanged), in place.
     */
    public void toImage(List<AssociativeEmbeddingParser.Person> people, int mapW, int mapH) {
        BoxTransform t = transform();
        for (AssociativeEmbeddingParser.Person p : people) {
            double[][] xy = new double[p.joints().length][2];
            for (int j = 0; j < xy.length; j++) {
                xy[j][0] = p.joints()[j][0];
                xy[j][1] = p.joints()[j][1];
            }
            t.toImage(xy, mapW, mapH);
            for (int j = 0; j < xy.length; j++) {
                p.joints()[j][0] = (float) xy[j][0];
                p.joints()[j][1] = (float) xy[j][1];
            }
        }
    }
}
