package io.robustpose.core.synthetic;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Procedural backgrounds: outdoor (sky, horizon, textured ground), indoor (wall, floor) or
 * abstract colour fields, each with value-noise texture and clutter — buildings, windows,
 * trees, poles, furniture and limb-like distractor strokes.
 */
final class Backdrop {
    private Backdrop() {
    }

    /** Paints the background and returns the horizon row (people stand below it). */
    static int paint(Graphics2D g, int w, int h, double clutter, SplittableRandom r) {
        int kind = r.nextInt(3);
        int horizon = (int) (h * (0.25 + 0.35 * r.nextDouble()));
        switch (kind) {
            case 0 -> {
                g.setPaint(new GradientPaint(0, 0, hsb(r, 0.55, 0.62, 0.2, 0.6, 0.75, 1.0), 0, horizon,
                        hsb(r, 0.5, 0.65, 0.0, 0.2, 0.85, 1.0)));
                g.fillRect(0, 0, w, horizon);
                g.setPaint(new GradientPaint(0, horizon, hsb(r, 0.08, 0.35, 0.2, 0.6, 0.35, 0.7), 0, h,
                        hsb(r, 0.08, 0.35, 0.2, 0.7, 0.2, 0.6)));
                g.fillRect(0, horizon, w, h - horizon);
            }
            case 1 -> {
                Color wall = hsb(r, 0, 1, 0.0, 0.4, 0.55, 0.95);
                g.setPaint(new GradientPaint(0, 0, wall, w, horizon, wall.darker()));
                g.fillRect(0, 0, w, horizon);
                if (r.nextBoolean()) {
                    g.setColor(new Color(0, 0, 0, 25));
                    int step = 6 + r.nextInt(20);
                    for (int x = r.nextInt(step); x < w; x += step) {
                        g.fillRect(x, 0, Math.max(1, step / 3), horizon);
                    }
                }
                g.setPaint(new GradientPaint(0, horizon, hsb(r, 0.05, 0.12, 0.2, 0.6, 0.3, 0.7), 0, h,
                        hsb(r, 0.05, 0.12, 0.2, 0.6, 0.4, 0.8)));
                g.fillRect(0, horizon, w, h - horizon);
                g.setColor(new Color(0, 0, 0, 30));
                int plank = 8 + r.nextInt(16);
                for (int y = horizon; y < h; y += plank) {
                    g.drawLine(0, y, w, y);
                }
            }
            default -> {
                g.setPaint(new GradientPaint(0, 0, hsb(r, 0, 1, 0.1, 0.8, 0.3, 1.0), w, h, hsb(r, 0, 1, 0.1, 0.8, 0.3, 1.0)));
                g.fillRect(0, 0, w, h);
            }
        }
        noise(g, w, h, r, 4 + r.nextInt(10), 40 + r.nextInt(60));
        if (r.nextBoolean()) {
            // fine grain, kept faint so that the benchmark's noise corruptions stay unseen
            noise(g, w, h, r, Math.max(2, w / (4 + r.nextInt(6))), 8 + r.nextInt(20));
        }
        int objects = (int) Math.round((2 + r.nextInt(7)) * clutter);
        for (int i = 0; i < objects; i++) {
            clutter(g, w, h, horizon, r);
        }
        return horizon;
    }

    /** Value noise: a coarse grid of random grey levels, upsampled bilinearly, blended in. */
    static void noise(Graphics2D g, int w, int h, SplittableRandom r, int cells, int alpha) {
        int gw = Math.max(2, cells);
        int gh = Math.max(2, cells * h / Math.max(1, w));
        BufferedImage grid = new BufferedImage(gw, gh, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int v = r.nextInt(256);
                grid.setRGB(x, y, (alpha << 24) | (v << 16) | (v << 8) | v);
            }
        }
        Object hint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(grid, 0, 0, w, h, null);
        if (hint != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        }
    }

    private static void clutter(Graphics2D g, int w, int h, int horizon, SplittableRandom r) {
        Color c = hsb(r, 0, 1, 0.1, 0.9, 0.2, 0.95);
        double x = r.nextDouble() * w;
        switch (r.nextInt(6)) {
            case 0 -> { // building or cupboard with windows
                double bw = w * (0.1 + 0.3 * r.nextDouble());
                double bh = horizon * (0.4 + 0.6 * r.nextDouble()) + h * 0.05;
                shaded(g, new Rectangle2D.Double(x, horizon - bh + h * 0.03, bw, bh), c);
                g.setColor(c.darker().darker());
                double win = Math.max(3, bw / 6);
                for (double wy = horizon - bh + win; wy < horizon - win; wy += 2 * win) {
                    for (double wx = x + win / 2; wx < x + bw - win; wx += 2 * win) {
                        g.fill(new Rectangle2D.Double(wx, wy, win, win));
                    }
                }
            }
            case 1 -> { // tree
                double th = h * (0.2 + 0.4 * r.nextDouble());
                double base = horizon + r.nextDouble() * (h - horizon) * 0.3;
                g.setColor(new Color(90 + r.nextInt(40), 60 + r.nextInt(30), 30));
                g.fill(new Rectangle2D.Double(x, base - th, th * 0.08, th));
                shaded(g, new Ellipse2D.Double(x - th * 0.3, base - th * 1.4, th * 0.7, th * 0.8),
                        new Color(30 + r.nextInt(60), 90 + r.nextInt(80), 30 + r.nextInt(40)));
            }
            case 2 -> { // pole or lamp post
                g.setColor(c.darker());
                double ph = h * (0.3 + 0.6 * r.nextDouble());
                g.fill(new Rectangle2D.Double(x, horizon + h * 0.1 - ph, Math.max(2, w * 0.012), ph));
            }
            case 3 -> { // box, ball, furniture
                double s = h * (0.08 + 0.2 * r.nextDouble());
                double y = horizon + r.nextDouble() * (h - horizon) - s;
                shaded(g, r.nextBoolean() ? new Rectangle2D.Double(x, y, s * (0.6 + r.nextDouble()), s)
                        : new Ellipse2D.Double(x, y, s, s), c);
            }
            case 4 -> { // limb-like strokes: a detector must not take them for people
                g.setStroke(new BasicStroke((float) (h * (0.02 + 0.04 * r.nextDouble())), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                g.setColor(c);
                double len = h * (0.1 + 0.2 * r.nextDouble());
                double a = r.nextDouble() * Math.PI * 2;
                double y = r.nextDouble() * h;
                g.draw(new Line2D.Double(x, y, x + len * Math.cos(a), y + len * Math.sin(a)));
            }
            default -> { // window or picture frame
                double fw = w * (0.08 + 0.15 * r.nextDouble());
                double y = r.nextDouble() * horizon * 0.8;
                g.setColor(c.brighter());
                g.fill(new Rectangle2D.Double(x, y, fw, fw * (0.6 + 0.8 * r.nextDouble())));
                g.setColor(c.darker());
                g.setStroke(new BasicStroke(Math.max(1f, (float) fw / 15)));
                g.draw(new Rectangle2D.Double(x, y, fw, fw * 0.8));
            }
        }
    }

    /** Fills {@code s} with {@code c} lit from the upper left. */
    static void shaded(Graphics2D g, java.awt.Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
        Rectangle2D b = s.getBounds2D();
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.SrcOver);
        g.setPaint(new GradientPaint((float) b.getMinX(), (float) b.getMinY(), new Color(255, 255, 255, 50),
                (float) b.getMaxX(), (float) b.getMaxY(), new Color(0, 0, 0, 70)));
        g.fill(s);
        g.setComposite(old);
    }

    static Color hsb(SplittableRandom r, double h0, double h1, double s0, double s1, double b0, double b1) {
        return Color.getHSBColor((float) (h0 + (h1 - h0) * r.nextDouble()), (float) (s0 + (s1 - s0) * r.nextDouble()),
                (float) (b0 + (b1 - b0) * r.nextDouble()));
    }
}
