package io.robustpose.cli;

import io.robustpose.core.corruption.Corruption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parsing of the option values several commands share, with errors naming the option. */
final class Options {
    private Options() {
    }

    /** "common" (the 15), "all" (+ the 4 extras) or a comma-separated list. */
    static List<Corruption> corruptions(String value) {
        if (value.equals("common")) {
            return Corruption.benchmarkSet();
        }
        if (value.equals("all")) {
            return List.of(Corruption.values());
        }
        Set<Corruption> out = new LinkedHashSet<>();
        for (String id : value.split(",")) {
            out.add(Corruption.byId(id).orElseThrow(() -> new IllegalArgumentException("--corruptions: unknown '"
                    + id.trim() + "' (allowed: common, all, or a list of "
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

    /** A one-line progress bar on stderr. */
    static void progressBar(String label, long done, long total) {
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        System.err.printf("\r%s [%s%s] %d/%d", label, "#".repeat(filled), ".".repeat(width - filled), done, total);
        if (done >= total) {
            System.err.println();
        }
    }
}
