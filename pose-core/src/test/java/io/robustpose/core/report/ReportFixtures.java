package io.robustpose.core.report;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Hand-made metrics, people and small JPEGs for the report tests. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    /** A model whose value drops with severity and differs per corruption; all 15 × 5 values present. */
    static ModelMetrics model(String name, double clean) {
        ModelMetrics m = new ModelMetrics(name).clean(clean);
        List<Corruption> bench = Corruption.benchmarkSet();
        for (int c = 0; c < bench.size(); c++) {
            for (int s = 1; s <= 5; s++) {
                m.put(bench.get(c), s, clean - 0.045 * s - 0.004 * c);
            }
        }
        return m;
    }

    /** A COCO-17 person standing at (cx, top), about {@code h} pixels tall; all joints visible (v = 2). */
    static float[] cocoPerson(float cx, float top, float h) {
        float[][] xy = {
                {0, 0.08f}, {-0.03f, 0.06f}, {0.03f, 0.06f}, {-0.06f, 0.07f}, {0.06f, 0.07f},
                {-0.12f, 0.2f}, {0.12f, 0.2f}, {-0.17f, 0.36f}, {0.17f, 0.36f}, {-0.19f, 0.5f}, {0.19f, 0.5f},
                {-0.08f, 0.52f}, {0.08f, 0.52f}, {-0.09f, 0.74f}, {0.09f, 0.74f}, {-0.1f, 0.96f}, {0.1f, 0.96f}};
        float[] p = new float[17 * 3];
        for (int j = 0; j < 17; j++) {
            // the person faces the camera: their left is on the image's right
            p[3 * j] = cx - xy[j][0] * h;
            p[3 * j + 1] = top + xy[j][1] * h;
            p[3 * j + 2] = 2;
        }
        return p;
    }

    /** The ground truth moved by up to {@code jitter} pixels, with the given score on every joint. */
    static float[] predicted(float[] gt, float jitter, float score, long seed) {
        Random r = new Random(seed);
        float[] p = gt.clone();
        for (int j = 0; j < p.length / 3; j++) {
            p[3 * j] += (r.nextFloat() * 2 - 1) * jitter;
            p[3 * j + 1] += (r.nextFloat() * 2 - 1) * jitter;
            p[3 * j + 2] = score;
        }
        return p;
    }

    /** A small JPEG: a gradient background with a figure-like blob, optionally with Gaussian-like noise. */
    static byte[] jpeg(int width, int height, Color from, Color to, double noise, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(200, 170, 140));
        g.fillOval(width / 2 - 12, height / 5, 24, 28);
        g.setColor(new Color(60, 90, 150));
        g.fillRoundRect(width / 2 - 25, height / 5 + 30, 50, height / 3, 12, 12);
        g.dispose();
        if (noise > 0) {
            Random r = new Random(seed);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = img.getRGB(x, y);
                    int out = 0;
                    for (int shift = 16; shift >= 0; shift -= 8) {
                        int v = (int) Math.round(((rgb >> shift) & 0xff) + r.nextGaussian() * noise);
                        out = (out << 8) | Math.max(0, Math.min(255, v));
                    }
                    img.setRGB(x, y, out);
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "jpg", bytes)) {
                throw new IllegalStateException("no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A sample of one person with two models' predictions. */
    static SampleFigure sample(String name, String condition, double noise, List<String> models, long seed) {
        int w = 240, h = 320;
        float[] gt = cocoPerson(w / 2f, 40, 260);
        Map<String, List<float[]>> preds = new java.util.LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            preds.put(models.get(i), List.of(predicted(gt, 6 + 6 * i, 0.9f, seed + i)));
        }
        return new SampleFigure(name, condition,
                jpeg(w, h, new Color(120, 170, 210), new Color(230, 220, 190), noise, seed), w, h, List.of(gt), preds);
    }
}
