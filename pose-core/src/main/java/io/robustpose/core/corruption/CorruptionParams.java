package io.robustpose.core.corruption;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The random draws that can be pinned per corruption, named as under {@code random_draws} in the reference
 * stats.json, so that a test can reproduce a reference output exactly.
 */
public final class CorruptionParams {
    /** Motion-blur angle in degrees (reference draw: uniform(-45, 45); snow: uniform(-135, -45)). */
    public static final String ANGLE_DEG = "angle_deg";
    /** 0-based index into frost1..frost6 (reference draw: randint(5), so frost6 is never drawn). */
    public static final String FROST_INDEX = "frost_index";
    /** First row of the crop from the rescaled frost texture (reference draw: randint(0, rows - H)). */
    public static final String CROP_ROW_START = "crop_row_start";
    /** First column of the crop from the rescaled frost texture (reference draw: randint(0, cols - W)). */
    public static final String CROP_COL_START = "crop_col_start";

    private final Corruption corruption;
    private final Map<String, String> values;

    private CorruptionParams(Corruption corruption, Map<String, String> values) {
        this.corruption = corruption;
        this.values = values;
    }

    /** The parameter names a corruption accepts (empty for the deterministic ones). */
    public static List<String> allowed(Corruption c) {
        return switch (c) {
            case MOTION_BLUR, SNOW -> List.of(ANGLE_DEG);
            case FROST -> List.of(FROST_INDEX, CROP_ROW_START, CROP_COL_START);
            default -> List.of();
        };
    }

    /** Validates names and number formats; throws IllegalArgumentException naming the offending parameter. */
    public static CorruptionParams of(Corruption c, Map<String, String> params) {
        Map<String, String> copy = params == null ? Map.of() : Map.copyOf(params);
        List<String> allowed = allowed(c);
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for " + c.id()
                        + (allowed.isEmpty() ? " (it takes no parameters)"
                                : " (allowed: " + String.join(", ", allowed) + ")"));
            }
            try {
                if (e.getKey().equals(ANGLE_DEG)) {
                    double v = Double.parseDouble(e.getValue().trim());
                    if (!Double.isFinite(v)) {
                        throw new NumberFormatException();
                    }
                } else {
                    Integer.parseInt(e.getValue().trim());
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' of " + c.id()
                        + " must be a " + (e.getKey().equals(ANGLE_DEG) ? "number" : "integer") + ", got '"
                        + e.getValue() + "'");
            }
        }
        return new CorruptionParams(c, copy);
    }

    OptionalDouble real(String name) {
        String v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v.trim()));
    }

    OptionalInt integer(String name) {
        String v = values.get(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.trim()));
    }

    /** A pinned integer checked against [min, maxExclusive), or the drawn value. */
    int integerOr(String name, int drawn, int min, int maxExclusive) {
        OptionalInt v = integer(name);
        if (v.isEmpty()) {
            return drawn;
        }
        int x = v.getAsInt();
        if (x < min || x >= maxExclusive) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + corruption.id() + " must be in ["
                    + min + ", " + maxExclusive + ") for this image, got " + x);
        }
        return x;
    }

    double realOr(String name, double drawn) {
        return real(name).orElse(drawn);
    }
}
