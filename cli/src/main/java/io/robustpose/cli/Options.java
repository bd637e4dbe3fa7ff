package io.robustpose.cli;

import io.robustpose.core.Identified;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.Recipe;
import io.robustpose.core.train.TrainingMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parsing of the option values several commands share, with errors naming the option and listing the values. */
final class Options {
    private Options() {
    }

    /** The values of options that take one of a fixed set: picocli's completion candidates, for help and errors. */
    private abstract static class Ids implements Iterable<String> {
        private final Identified[] values;

        Ids(Identified[] values) {
            this.values = values;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(values).map(Identified::id).iterator();
        }
    }

    static final class ArchitectureIds extends Ids {
        ArchitectureIds() {
            super(Architecture.values());
        }
    }

    static final class MethodIds extends Ids {
        MethodIds() {
            super(TrainingMethod.values());
        }
    }

    static final class RecipeIds extends Ids {
        RecipeIds() {
            super(Recipe.values());
        }
    }

    static final class FormatIds extends Ids {
        FormatIds() {
            super(DatasetFormat.values());
        }
    }

    static final class CorruptionIds extends Ids {
        CorruptionIds() {
            super(Corruption.values());
        }
    }

    /** An unknown value of {@code option}, with the values it takes. */
    static IllegalArgumentException unknown(String option, String value, Iterable<String> allowed) {
        return new IllegalArgumentException(option + ": unknown '" + value + "' (allowed: "
                + String.join(", ", allowed) + ")");
    }

    static Architecture architecture(String option, String value) {
        return Architecture.byId(value).orElseThrow(() -> unknown(option, value, new ArchitectureIds()));
    }

    static TrainingMethod method(String option, String value) {
        return TrainingMethod.byId(value).orElseThrow(() -> unknown(option, value, new MethodIds()));
    }

    static Recipe recipe(String option, String value) {
        return Recipe.byId(value).orElseThrow(() -> unknown(option, value, new RecipeIds()));
    }

    static DatasetFormat format(String option, String value) {
        return DatasetFormat.byId(value).orElseThrow(() -> unknown(option, value, new FormatIds()));
    }

    static Corruption corruption(String option, String value) {
        return Corruption.byId(value).orElseThrow(() -> unknown(option, value, new CorruptionIds()));
    }

    /** "common" (the 15), "all" (+ the 4 extras) or a comma-separated list. */
    /** Names and groups ({@link Corruption#GROUP_NAMES}), comma-separated, in the order given, each once. */
    static List<Corruption> corruptions(String value) {
        Set<Corruption> out = new LinkedHashSet<>();
        for (String id : value.split(",")) {
            out.addAll(Corruption.select(id).orElseThrow(() -> new IllegalArgumentException("--corruptions: unknown '"
                    + id.trim() + "' (allowed: " + Corruption.GROUP_NAMES + ", or names: "
                    + String.join(", ", Arrays.stream(Corruption.values()).map(Corruption::id).toList()) + ")")));
        }
        return List.copyOf(out);
    }

    /** "1-5", "3" or "1,3,5". */
    static List<Integer> severities(String value) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : value.split(",")) {
                String p = part.trim();
                if (p.contains("-")) {
                    String[] ab = p.split("-");
                    for (int k = Integer.parseInt(ab[0].trim()); k <= Integer.parseInt(ab[1].trim()); k++) {
                        out.add(k);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--severities: '" + value + "' is not a list or range of 1..5");
        }
        for (int k : out) {
            if (k < Corruption.MIN_SEVERITY || k > Corruption.MAX_SEVERITY) {
                throw new IllegalArgumentException("--severities: " + k + " is out of range 1..5");
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /** "256x192" → {256, 192}. */
    static int[] inputSize(String value) {
        String[] hw = value.toLowerCase().split("x");
        try {
            if (hw.length == 2) {
                return new int[]{Integer.parseInt(hw[0].trim()), Integer.parseInt(hw[1].trim())};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--input: '" + value + "' is not HEIGHTxWIDTH, e.g. 256x192");
    }
}
