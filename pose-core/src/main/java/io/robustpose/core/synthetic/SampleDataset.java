package io.robustpose.core.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small deterministic COCO-format person-keypoints dataset (stick figures on gradient
 * backgrounds) for smoke runs of the platform. The full synthetic-people generator of the demo
 * replaces it; it exists so tests and the sample experiment need no downloaded data.
 */
public final class SampleDataset {
    /** COCO keypoint order. */
    private static final String[] KEYPOINTS = {"nose", "left_eye", "right_eye", "left_ear", "right_ear",
            "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
            "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"};
    /** A standing pose in a unit box (x, y), facing the viewer. */
    private static final double[][] POSE = {{.5, .08}, {.53, .06}, {.47, .06}, {.56, .07}, {.44, .07},
            {.65, .2}, {.35, .2}, {.72, .38}, {.28, .38}, {.75, .54}, {.25, .54},
            {.6, .55}, {.4, .55}, {.62, .75}, {.38, .75}, {.63, .95}, {.37, .95}};
    private static final int[][] LIMBS = {{5, 7}, {7, 9}, {6, 8}, {8, 10}, {5, 6}, {11, 12}, {5, 11}, {6, 12},
            {11, 13}, {13, 15}, {12, 14}, {14, 16}, {0, 5}, {0, 6}};

    private SampleDataset() {
    }

    /** Writes {@code images/NNNNNN.jpg} and {@code annotations.json} under {@code dir}. */
    public static Path write(Path dir, int images, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ArrayNode imgs = root.putArray("images");
        ArrayNode anns = root.putArray("annotations");
        ObjectNode cat = root.putArray("categories").addObject().put("id", 1).put("name", "person")
                .put("supercategory", "person");
        ArrayNode kp = cat.putArray("keypoints");
        for (String k : KEYPOINTS) {
            kp.add(k);
        }
        Files.createDirectories(dir.resolve("images"));
        long annId = 1;
        for (int i = 1; i <= images; i++) {
            int w = 160 + rnd.nextInt(4) * 32;
            int h = 128 + rnd.nextInt(4) * 32;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(rnd.nextInt(0xffffff)), w, h, new Color(rnd.nextInt(0xffffff))));
            g.fillRect(0, 0, w, h);
            int people = 1 + rnd.nextInt(2);
            for (int p = 0; p < people; p++) {
                double bh = h * (0.5 + 0.4 * rnd.nextDouble());
                double bw = bh * 0.5;
                double x0 = rnd.nextDouble() * (w - bw);
                double y0 = rnd.nextDouble() * (h - bh);
                ArrayNode keypoints = m.createArrayNode();
                double[][] pts = new double[17][2];
                for (int k = 0; k < 17; k++) {
                    pts[k][0] = x0 + bw * (POSE[k][0] + 0.05 * (rnd.nextDouble() - 0.5));
                    pts[k][1] = y0 + bh * (POSE[k][1] + 0.03 * (rnd.nextDouble() - 0.5));
                    keypoints.add(Math.round(pts[k][0] * 100) / 100.0).add(Math.round(pts[k][1] * 100) / 100.0).add(2);
                }
                g.setColor(new Color(rnd.nextInt(0xffffff)));
                g.setStroke(new BasicStroke((float) Math.max(2, bw / 8), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int[] l : LIMBS) {
                    g.drawLine((int) pts[l[0]][0], (int) pts[l[0]][1], (int) pts[l[1]][0], (int) pts[l[1]][1]);
                }
                int head = (int) Math.max(4, bw / 4);
                g.fillOval((int) pts[0][0] - head / 2, (int) pts[0][1] - head / 2, head, head);
                ObjectNode a = anns.addObject().put("id", annId++).put("image_id", i).put("category_id", 1)
                        .put("iscrowd", 0).put("num_keypoints", 17).put("area", Math.round(bw * bh * 0.6 * 100) / 100.0);
                a.set("keypoints", keypoints);
                a.putArray("bbox").add(Math.round(x0 * 100) / 100.0).add(Math.round(y0 * 100) / 100.0)
                        .add(Math.round(bw * 100) / 100.0).add(Math.round(bh * 100) / 100.0);
            }
            g.dispose();
            String name = String.format("%06d.jpg", i);
            if (!ImageIO.write(img, "jpg", dir.resolve("images").resolve(name).toFile())) {
                throw new IOException("no JPEG writer available");
            }
            imgs.addObject().put("id", i).put("file_name", name).put("width", w).put("height", h);
        }
        Path ann = dir.resolve("annotations.json");
        m.writerWithDefaultPrettyPrinter().writeValue(ann.toFile(), root);
        return ann;
    }
}
