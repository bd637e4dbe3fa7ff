package io.robustpose.core.corruption;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The corruptions of the imagecorruptions package (Hendrycks and Dietterich's ImageNet-C), in the
 * reference's order. The first 15 are the benchmark corruptions of COCO-C / MPII-C / OCHuman-C
 * (AdvMix paper, Sec. 3); the last 4 are the package's held-out extras.
 */
public enum Corruption implements Identified {
    GAUSSIAN_NOISE(Category.NOISE, true),
    SHOT_NOISE(Category.NOISE, true),
    IMPULSE_NOISE(Category.NOISE, true),
    DEFOCUS_BLUR(Category.BLUR, true),
    GLASS_BLUR(Category.BLUR, true),
    MOTION_BLUR(Category.BLUR, true),
    ZOOM_BLUR(Category.BLUR, true),
    SNOW(Category.WEATHER, true),
    FROST(Category.WEATHER, true),
    FOG(Category.WEATHER, true),
    BRIGHTNESS(Category.WEATHER, true),
    CONTRAST(Category.DIGITAL, true),
    ELASTIC_TRANSFORM(Category.DIGITAL, true),
    PIXELATE(Category.DIGITAL, true),
    JPEG_COMPRESSION(Category.DIGITAL, true),
    SPECKLE_NOISE(Category.NOISE, false),
    GAUSSIAN_BLUR(Category.BLUR, false),
    SPATTER(Category.WEATHER, false),
    SATURATE(Category.DIGITAL, false);

    public enum Category {
        NOISE, BLUR, WEATHER, DIGITAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int MIN_SEVERITY = 1;
    public static final int MAX_SEVERITY = 5;

    private final Category category;
    private final boolean benchmark;

    Corruption(Category category, boolean benchmark) {
        this.category = category;
        this.benchmark = benchmark;
    }

    /** The name used by the reference package, file trees and reports, e.g. {@code gaussian_noise}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Category category() {
        return category;
    }

    public boolean isBenchmark() {
        return benchmark;
    }

    /** The 15 corruptions over which mPC is averaged. */
    public static List<Corruption> benchmarkSet() {
        return Arrays.stream(values()).filter(Corruption::isBenchmark).toList();
    }

    public static Optional<Corruption> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    /** The names that stand for several corruptions, for {@link #group}. */
    public static final String GROUP_NAMES = "common, all, extra, noise, blur, weather, digital, none (clean only)";

    /**
     * The corruptions a group name stands for: {@code common} the 15 of the benchmark, {@code all} the 19,
     * {@code extra} the 4 held-out ones, and a category ({@code noise}, {@code blur}, {@code weather},
     * {@code digital}) its benchmark corruptions (the paper's per-category means; the held-out extras are not in
     * them); {@code none} no corruption at all (a clean-only run).
     */
    public static Optional<List<Corruption>> group(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "common":
                return Optional.of(benchmarkSet());
            case "all":
                return Optional.of(List.of(values()));
            case "extra":
                return Optional.of(Arrays.stream(values()).filter(c -> !c.benchmark).toList());
            case "none":
                return Optional.of(List.of()); // a clean-only run
            default:
                return Arrays.stream(Category.values()).filter(c -> c.label().equals(n)).findFirst()
                        .map(cat -> benchmarkSet().stream().filter(c -> c.category == cat).toList());
        }
    }

    /** A corruption or group name: its corruptions, or empty when it is neither. */
    public static Optional<List<Corruption>> select(String name) {
        Optional<Corruption> one = byId(name);
        return one.isPresent() ? Optional.of(List.of(one.get())) : group(name);
    }
}
