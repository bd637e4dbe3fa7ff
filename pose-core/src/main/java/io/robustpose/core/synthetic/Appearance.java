package io.robustpose.core.synthetic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.TexturePaint;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** What one person wears: skin, hair, shirt and trousers (plain or patterned), sleeve and leg length, shoes. */
record Appearance(Color skin, Color hair, Paint shirt, Paint trousers, Color shoes, boolean longSleeves,
                  boolean longTrousers) {

    /** A spread of human skin tones, light to dark. */
    private static final Color[] SKIN = {new Color(255, 224, 196), new Color(241, 194, 155), new Color(224, 172, 130),
            new Color(198, 134, 88), new Color(161, 102, 64), new Color(120, 72, 44), new Color(84, 52, 33)};
    private static final Color[] HAIR = {new Color(20, 16, 14), new Color(60, 40, 28), new Color(110, 75, 45),
            new Color(200, 165, 100), new Color(150, 60, 30), new Color(170, 170, 170), new Color(235, 225, 200)};

    static Appearance sample(SplittableRandom r, double personPixels) {
        Color shirt = clothing(r);
        Color trousers = r.nextInt(3) == 0 ? clothing(r) : denimOrDark(r);
        return new Appearance(SKIN[r.nextInt(SKIN.length)], HAIR[r.nextInt(HAIR.length)],
                pattern(r, shirt, personPixels), r.nextInt(6) == 0 ? pattern(r, trousers, personPixels) : trousers,
                new Color(20 + r.nextInt(80), 15 + r.nextInt(60), 10 + r.nextInt(50)), r.nextInt(3) > 0, r.nextInt(4) > 0);
    }

    private static Color clothing(SplittableRandom r) {
        return Color.getHSBColor((float) r.nextDouble(), (float) (0.15 + 0.75 * r.nextDouble()),
                (float) (0.25 + 0.7 * r.nextDouble()));
    }

    private static Color denimOrDark(SplittableRandom r) {
        return r.nextBoolean() ? new Color(40 + r.nextInt(40), 60 + r.nextInt(40), 100 + r.nextInt(60))
                : new Color(25 + r.nextInt(50), 25 + r.nextInt(50), 25 + r.nextInt(50));
    }

    /** Plain, striped, checked or dotted cloth; the tile scales with the person. */
    private static Paint pattern(SplittableRandom r, Color base, double personPixels) {
        int kind = r.nextInt(10);
        if (kind < 5) {
            return base;
        }
        int tile = Math.max(4, (int) Math.round(personPixels * (0.03 + 0.04 * r.nextDouble())));
        Color second = r.nextBoolean() ? base.darker().darker()
                : Color.getHSBColor((float) r.nextDouble(), 0.5f, 0.9f);
        BufferedImage img = new BufferedImage(tile, tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(base);
        g.fillRect(0, 0, tile, tile);
        g.setColor(second);
        int stripe = Math.max(1, tile / 3);
        switch (kind) {
            case 5, 6 -> g.fillRect(0, 0, tile, stripe);
            case 7, 8 -> {
                g.fillRect(0, 0, tile / 2, tile / 2);
                g.fillRect(tile / 2, tile / 2, tile - tile / 2, tile - tile / 2);
            }
            default -> g.fillOval(tile / 4, tile / 4, Math.max(1, tile / 2), Math.max(1, tile / 2));
        }
        g.dispose();
        return new TexturePaint(img, new Rectangle(r.nextInt(tile), r.nextInt(tile), tile, tile));
    }
}
