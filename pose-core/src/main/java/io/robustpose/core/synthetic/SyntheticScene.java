package io.robustpose.core.synthetic;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic image: a procedural backdrop, one or more articulated people (posed in 3-D,
 * turned by a random yaw, projected orthographically) drawn back to front with shaded, textured
 * limbs, and sometimes a foreground occluder. The same shapes are drawn into an id buffer
 * (person × body part, no anti-aliasing) from which each keypoint's visibility, each person's
 * box and area are read — so occlusion by other people, objects and the person's own body is
 * labelled the way COCO labels it: v = 2 visible, v = 1 occluded but inside the image, v = 0 (and
 * x = y = 0) outside the image.
 */
public final class SyntheticScene {

    /** A person as annotated: 17 × (x, y, v), the tight box of the visible pixels, their count. */
    public record Person(double[] keypoints, double[] bbox, int area, int numKeypoints) {
    }

    public record Image(BufferedImage pixels, List<Person> people) {
    }

    // body parts; a person's id-buffer value is (person + 1) << 8 | part
    private static final int TORSO = 1;
    private static final int NECK = 2;
    private static final int HEAD = 3;
    private static final int L_UPPER_ARM = 4;
    private static final int L_FOREARM = 5;
    private static final int L_HAND = 6;
    private static final int R_UPPER_ARM = 7;
    private static final int R_FOREARM = 8;
    private static final int R_HAND = 9;
    private static final int L_THIGH = 10;
    private static final int L_SHIN = 11;
    private static final int L_FOOT = 12;
    private static final int R_THIGH = 13;
    private static final int R_SHIN = 14;
    private static final int R_FOOT = 15;

    /** The parts that show each COCO keypoint when they are on top at its pixel. */
    private static final int[][] SHOWN_BY = {{HEAD}, {HEAD}, {HEAD}, {HEAD}, {HEAD},
            {TORSO, L_UPPER_ARM}, {TORSO, R_UPPER_ARM}, {L_UPPER_ARM, L_FOREARM}, {R_UPPER_ARM, R_FOREARM},
            {L_FOREARM, L_HAND}, {R_FOREARM, R_HAND}, {TORSO, L_THIGH}, {TORSO, R_THIGH},
            {L_THIGH, L_SHIN}, {R_THIGH, R_SHIN}, {L_SHIN, L_FOOT}, {R_SHIN, R_FOOT}};

    private SyntheticScene() {
    }

    /** Renders a {@code w}×{@code h} image with 1..{@code maxPeople} people turned any way, full clutter. */
    public static Image render(int w, int h, int maxPeople, SplittableRandom r) {
        return render(w, h, maxPeople, 180, 1.0, r);
    }

    /**
     * As {@link #render(int, int, int, SplittableRandom)}, with people turned at most {@code maxYaw}
     * degrees from facing the camera and {@code clutter} (0..1) scaling the background objects.
     */
    public static Image render(int w, int h, int maxPeople, double maxYaw, double clutter, SplittableRandom r) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage ids = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Graphics2D gi = ids.createGraphics();
        gi.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        int horizon = Backdrop.paint(g, w, h, clutter, r);

        int count = 1 + (maxPeople <= 1 ? 0 : Math.min(maxPeople - 1, (int) Math.floor(r.nextDouble() * r.nextDouble() * maxPeople)));
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Figure f = place(i, w, h, horizon, maxYaw, r, figures);
            if (f != null) {
                figures.add(f);
            }
        }
        // farther (smaller) people first
        figures.sort(Comparator.comparingDouble(f -> f.scale));
        for (Figure f : figures) {
            draw(f, g, gi);
        }
        if (r.nextDouble() < 0.25 * clutter) {
            occluder(g, gi, w, h, r);
        }
        g.dispose();
        gi.dispose();

        int[] buffer = ((DataBufferInt) ids.getRaster().getDataBuffer()).getData();
        int n = figures.size();
        int[] minX = new int[n];
        int[] minY = new int[n];
        int[] maxX = new int[n];
        int[] maxY = new int[n];
        int[] area = new int[n];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        java.util.Arrays.fill(maxX, -1);
        java.util.Arrays.fill(maxY, -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = ((buffer[y * w + x] & 0xffffff) >> 8) - 1;
                if (p >= 0 && p < n) {
                    area[p]++;
                    minX[p] = Math.min(minX[p], x);
                    maxX[p] = Math.max(maxX[p], x);
                    minY[p] = Math.min(minY[p], y);
                    maxY[p] = Math.max(maxY[p], y);
                }
            }
        }
        List<Person> people = new ArrayList<>();
        for (Figure f : figures) {
            int p = f.index;
            if (area[p] < 40) {
                continue; // hidden: not annotated, as a COCO annotator would not see it
            }
            double[] kp = new double[51];
            int labelled = 0;
            for (int k = 0; k < 17; k++) {
                double x = f.image[k][0];
                double y = f.image[k][1];
                if (x < 0 || y < 0 || x >= w || y >= h) {
                    continue;
                }
                int top = buffer[(int) y * w + (int) x] & 0xffffff;
                boolean visible = (top >> 8) - 1 == p && contains(SHOWN_BY[k], top & 0xff) && f.facing[k];
                kp[3 * k] = round2(x);
                kp[3 * k + 1] = round2(y);
                kp[3 * k + 2] = visible ? 2 : 1;
                labelled++;
            }
            double[] box = {minX[p], minY[p], maxX[p] - minX[p] + 1, maxY[p] - minY[p] + 1};
            people.add(new Person(kp, box, area[p], labelled));
        }
        return new Image(img, people);
    }

    /** A posed, placed person: image points, depths, look. */
    private static final class Figure {
        int index;
        double scale;
        double[][] image;
        double[] depth;
        boolean[] facing;
        Appearance look;
        boolean seated;
        double headForwardX;
        double headForwardDepth;
    }

    private static Figure place(int index, int w, int h, int horizon, double maxYaw, SplittableRandom r, List<Figure> others) {
        PoseSampler.Family family = PoseSampler.family(r);
        BodyPose pose = PoseSampler.sample(family, r);
        double[][] body = Body.joints(pose);
        double yaw = (2 * r.nextDouble() - 1) * Math.min(180, maxYaw);
        double scale = h * (index == 0 ? 0.5 + 0.45 * r.nextDouble() : 0.3 + 0.6 * r.nextDouble());
        double c = Body.cos(yaw);
        double s = Body.sin(yaw);
        double[][] flat = new double[body.length][2];
        double[] depth = new double[body.length];
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double top = -Double.MAX_VALUE;
        for (int k = 0; k < body.length; k++) {
            flat[k][0] = c * body[k][0] + s * body[k][2];
            flat[k][1] = body[k][1];
            depth[k] = -s * body[k][0] + c * body[k][2];
            minX = Math.min(minX, flat[k][0]);
            maxX = Math.max(maxX, flat[k][0]);
            top = Math.max(top, flat[k][1]);
        }
        top = Math.max(top, flat[Body.HEAD_CENTER][1] + Body.HEAD_RY);
        double extentW = (maxX - minX + 0.1) * scale;
        double extentH = top * scale;
        for (int attempt = 0; attempt < 12; attempt++) {
            double left = -0.15 * extentW + r.nextDouble() * (w - 0.7 * extentW);
            double footY = Math.max(horizon + 0.05 * h, Math.min(h * 1.08, extentH * 0.9 + r.nextDouble() * (h * 1.08 - extentH * 0.9)));
            double ox = left - (minX - 0.05) * scale;
            Rectangle2D box = new Rectangle2D.Double(left, footY - extentH, extentW, extentH);
            boolean crowded = false;
            for (Figure o : others) {
                if (iou(box, figureBox(o)) > 0.45) {
                    crowded = true;
                    break;
                }
            }
            if (crowded) {
                continue;
            }
            Figure f = new Figure();
            f.index = index;
            f.scale = scale;
            f.image = new double[body.length][2];
            for (int k = 0; k < body.length; k++) {
                f.image[k][0] = ox + flat[k][0] * scale;
                f.image[k][1] = footY - flat[k][1] * scale;
            }
            f.depth = depth;
            f.look = Appearance.sample(r, scale);
            f.seated = family == PoseSampler.Family.SITTING;
            double headDepth = depth[Body.HEAD_CENTER];
            f.headForwardX = (flat[Body.HEAD_FORWARD][0] - flat[Body.HEAD_CENTER][0]) / Body.HEAD_FORWARD_REACH;
            f.headForwardDepth = (depth[Body.HEAD_FORWARD] - headDepth) / Body.HEAD_FORWARD_REACH;
            f.facing = new boolean[17];
            // the face shows when it turns toward the camera; an ear when it is not behind the head
            for (int k = 0; k < 17; k++) {
                double rel = depth[k] - headDepth;
                f.facing[k] = k == 0 || k == 1 || k == 2 ? rel > 0.004 : k <= 4 ? rel > -0.02 : true;
            }
            // shoulders and hips behind the torso's mid-plane are hidden by it
            double torsoDepth = (depth[5] + depth[6] + depth[11] + depth[12]) / 4;
            for (int k : new int[]{5, 6, 11, 12}) {
                f.facing[k] = depth[k] > torsoDepth - 0.02;
            }
            return f;
        }
        return null;
    }

    private static Rectangle2D figureBox(Figure f) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] p : f.image) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        return new Rectangle2D.Double(minX, minY, maxX - minX, maxY - minY);
    }

    private static double iou(Rectangle2D a, Rectangle2D b) {
        Rectangle2D i = a.createIntersection(b);
        if (i.getWidth() <= 0 || i.getHeight() <= 0) {
            return 0;
        }
        double inter = i.getWidth() * i.getHeight();
        return inter / (a.getWidth() * a.getHeight() + b.getWidth() * b.getHeight() - inter);
    }

    /** A body part ready to draw: its shape, paint, depth for ordering, id. */
    private record Part(Shape shape, Paint paint, double depth, int id, Point2D from, Point2D to) {
    }

    private static void draw(Figure f, Graphics2D g, Graphics2D gi) {
        double s = f.scale;
        Appearance a = f.look;
        double[][] p = f.image;
        double[] d = f.depth;
        List<Part> parts = new ArrayList<>();
        if (f.seated) {
            // a stool under the pelvis, behind the legs
            double[] pelvis = p[Body.PELVIS];
            double ground = Math.max(p[15][1], p[16][1]);
            Rectangle2D seat = new Rectangle2D.Double(pelvis[0] - 0.12 * s, pelvis[1] + 0.03 * s, 0.24 * s,
                    Math.max(2, ground - pelvis[1] - 0.03 * s));
            Backdrop.shaded(g, seat, new Color(110, 80, 50));
            gi.setColor(Color.BLACK);
            gi.fill(seat);
        }
        parts.add(torso(f, s, a.shirt()));
        limb(parts, p, d, 5, 7, 0.052 * s, a.shirt(), L_UPPER_ARM);
        limb(parts, p, d, 6, 8, 0.052 * s, a.shirt(), R_UPPER_ARM);
        limb(parts, p, d, 7, 9, 0.042 * s, a.longSleeves() ? a.shirt() : a.skin(), L_FOREARM);
        limb(parts, p, d, 8, 10, 0.042 * s, a.longSleeves() ? a.shirt() : a.skin(), R_FOREARM);
        limb(parts, p, d, 11, 13, 0.085 * s, a.trousers(), L_THIGH);
        limb(parts, p, d, 12, 14, 0.085 * s, a.trousers(), R_THIGH);
        limb(parts, p, d, 13, 15, 0.062 * s, a.longTrousers() ? a.trousers() : a.skin(), L_SHIN);
        limb(parts, p, d, 14, 16, 0.062 * s, a.longTrousers() ? a.trousers() : a.skin(), R_SHIN);
        limb(parts, p, d, 15, Body.LEFT_TOE, 0.045 * s, a.shoes(), L_FOOT);
        limb(parts, p, d, 16, Body.RIGHT_TOE, 0.045 * s, a.shoes(), R_FOOT);
        limb(parts, p, d, Body.NECK_BASE, Body.HEAD_CENTER, 0.05 * s, a.skin(), NECK);
        hand(parts, p, d, 7, 9, 0.028 * s, a.skin(), L_HAND);
        hand(parts, p, d, 8, 10, 0.028 * s, a.skin(), R_HAND);
        parts.sort(Comparator.comparingDouble(Part::depth));
        int person = (f.index + 1) << 8;
        double headDepth = d[Body.HEAD_CENTER];
        boolean headDrawn = false;
        for (Part part : parts) {
            if (!headDrawn && part.depth > headDepth) {
                head(f, g, gi, person);
                headDrawn = true;
            }
            g.setPaint(part.paint);
            g.fill(part.shape);
            shade(g, part);
            gi.setColor(new Color(person | part.id));
            gi.fill(part.shape);
        }
        if (!headDrawn) {
            head(f, g, gi, person);
        }
    }

    private static Part torso(Figure f, double s, Paint paint) {
        double[][] p = f.image;
        // the chest is a box: its outline is the hull of shoulders and hips widened by its depth
        double[] ls = p[5];
        double[] rs = p[6];
        double[] lh = p[11];
        double[] rh = p[12];
        double pad = 0.055 * s;
        Path2D.Double shape = new Path2D.Double();
        double[][] corners = {ls, rs, rh, lh};
        double cx = (ls[0] + rs[0] + lh[0] + rh[0]) / 4;
        double cy = (ls[1] + rs[1] + lh[1] + rh[1]) / 4;
        for (int i = 0; i < 4; i++) {
            double dx = corners[i][0] - cx;
            double dy = corners[i][1] - cy;
            double len = Math.max(1e-6, Math.hypot(dx, dy));
            double x = corners[i][0] + dx / len * pad * 0.4;
            double y = corners[i][1] + dy / len * pad * 0.2;
            if (i == 0) {
                shape.moveTo(x, y);
            } else {
                shape.lineTo(x, y);
            }
        }
        shape.closePath();
        Area area = new Area(new BasicStroke((float) (pad * 2.2), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                .createStrokedShape(new Line2D.Double((ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2, (lh[0] + rh[0]) / 2,
                        (lh[1] + rh[1]) / 2)));
        area.add(new Area(shape));
        double depth = (f.depth[5] + f.depth[6] + f.depth[11] + f.depth[12]) / 4;
        return new Part(area, paint, depth, TORSO, new Point2D.Double((ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2),
                new Point2D.Double((lh[0] + rh[0]) / 2, (lh[1] + rh[1]) / 2));
    }

    private static void limb(List<Part> parts, double[][] p, double[] d, int a, int b, double width, Paint paint, int id) {
        Line2D line = new Line2D.Double(p[a][0], p[a][1], p[b][0], p[b][1]);
        Shape shape = new BasicStroke((float) Math.max(1.5, width), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                .createStrokedShape(line);
        parts.add(new Part(shape, paint, (d[a] + d[b]) / 2 + 1e-3 * id, id, line.getP1(), line.getP2()));
    }

    private static void hand(List<Part> parts, double[][] p, double[] d, int elbow, int wrist, double r, Paint paint, int id) {
        double dx = p[wrist][0] - p[elbow][0];
        double dy = p[wrist][1] - p[elbow][1];
        double len = Math.max(1e-6, Math.hypot(dx, dy));
        double cx = p[wrist][0] + dx / len * r * 0.9;
        double cy = p[wrist][1] + dy / len * r * 0.9;
        parts.add(new Part(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), paint, d[wrist] + 0.01, id,
                new Point2D.Double(cx - r, cy - r), new Point2D.Double(cx + r, cy + r)));
    }

    /** Light from the upper left: a highlight on one side of the part, a shadow on the other. */
    private static void shade(Graphics2D g, Part part) {
        double dx = part.to.getX() - part.from.getX();
        double dy = part.to.getY() - part.from.getY();
        double len = Math.max(1e-6, Math.hypot(dx, dy));
        Rectangle2D b = part.shape.getBounds2D();
        double half = Math.max(1, Math.min(b.getWidth(), b.getHeight()) / 2);
        double nx = -dy / len;
        double ny = dx / len;
        if (nx + ny > 0) {
            nx = -nx;
            ny = -ny;
        }
        double cx = b.getCenterX();
        double cy = b.getCenterY();
        g.setPaint(new GradientPaint((float) (cx + nx * half), (float) (cy + ny * half), new Color(255, 255, 255, 60),
                (float) (cx - nx * half), (float) (cy - ny * half), new Color(0, 0, 0, 90)));
        g.fill(part.shape);
    }

    private static void head(Figure f, Graphics2D g, Graphics2D gi, int person) {
        double s = f.scale;
        double[] c = f.image[Body.HEAD_CENTER];
        double turn = Math.abs(f.headForwardX);
        double rx = s * Math.hypot(Body.HEAD_RX * Math.sqrt(Math.max(0, 1 - turn * turn)), 0.06 * turn);
        double ry = s * Body.HEAD_RY;
        Ellipse2D skull = new Ellipse2D.Double(c[0] - rx, c[1] - ry, 2 * rx, 2 * ry);
        Area head = new Area(skull);
        double[] nose = f.image[0];
        double noseR = 0.014 * s;
        boolean faceShows = f.headForwardDepth > -0.25;
        if (faceShows) {
            head.add(new Area(new Ellipse2D.Double(nose[0] - noseR, nose[1] - noseR, 2 * noseR, 2 * noseR)));
        }
        Appearance a = f.look;
        for (int ear : new int[]{3, 4}) {
            if (f.facing[ear]) {
                double[] e = f.image[ear];
                Ellipse2D shape = new Ellipse2D.Double(e[0] - 0.012 * s, e[1] - 0.02 * s, 0.024 * s, 0.04 * s);
                g.setColor(a.skin().darker());
                g.fill(shape);
                head.add(new Area(shape));
            }
        }
        g.setColor(a.hair());
        g.fill(skull);
        if (faceShows) {
            // the face: skin over the front of the skull, hair left on top and at the back
            double fx = c[0] + f.headForwardX * rx * 0.35;
            double fw = rx * (0.55 + 0.45 * Math.max(0, f.headForwardDepth));
            Area face = new Area(new Ellipse2D.Double(fx - fw, c[1] - ry * 0.55, 2 * fw, ry * 1.6));
            face.intersect(new Area(skull));
            face.add(new Area(new Ellipse2D.Double(nose[0] - noseR, nose[1] - noseR, 2 * noseR, 2 * noseR)));
            g.setColor(a.skin());
            g.fill(face);
            g.setColor(new Color(30, 20, 20));
            double eyeR = Math.max(0.8, 0.008 * s);
            for (int eye : new int[]{1, 2}) {
                if (f.facing[eye]) {
                    double[] e = f.image[eye];
                    g.fill(new Ellipse2D.Double(e[0] - eyeR, e[1] - eyeR, 2 * eyeR, 2 * eyeR));
                }
            }
            if (f.facing[0]) {
                g.setColor(a.skin().darker());
                g.fill(new Ellipse2D.Double(nose[0] - noseR * 0.6, nose[1] - noseR * 0.4, noseR * 1.2, noseR * 0.9));
                g.setColor(new Color(150, 60, 60));
                g.setStroke(new BasicStroke((float) Math.max(1, 0.006 * s)));
                g.draw(new Line2D.Double(nose[0] - noseR, nose[1] + 2.2 * noseR, nose[0] + noseR, nose[1] + 2.2 * noseR));
            }
        }
        g.setPaint(new GradientPaint((float) (c[0] - rx), (float) (c[1] - ry), new Color(255, 255, 255, 40),
                (float) (c[0] + rx), (float) (c[1] + ry), new Color(0, 0, 0, 70)));
        g.fill(head);
        gi.setColor(new Color(person | HEAD));
        gi.fill(head);
    }

    /** Something in front of everyone: a table, a railing, a plant, a sign. */
    private static void occluder(Graphics2D g, Graphics2D gi, int w, int h, SplittableRandom r) {
        Color c = Backdrop.hsb(r, 0, 1, 0.1, 0.8, 0.2, 0.9);
        Shape shape;
        double x = r.nextDouble() * w * 0.8;
        switch (r.nextInt(3)) {
            case 0 -> shape = new Rectangle2D.Double(x, h * (0.65 + 0.25 * r.nextDouble()), w * (0.2 + 0.4 * r.nextDouble()), h);
            case 1 -> shape = new Ellipse2D.Double(x, h * (0.55 + 0.3 * r.nextDouble()), w * (0.15 + 0.2 * r.nextDouble()), h * 0.5);
            default -> shape = new Rectangle2D.Double(x, h * (0.2 + 0.5 * r.nextDouble()), w * (0.05 + 0.08 * r.nextDouble()), h);
        }
        Backdrop.shaded(g, shape, c);
        g.setComposite(AlphaComposite.SrcOver);
        gi.setColor(Color.BLACK);
        gi.fill(shape);
    }

    private static boolean contains(int[] parts, int part) {
        for (int q : parts) {
            if (q == part) {
                return true;
            }
        }
        return false;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
