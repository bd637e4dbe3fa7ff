package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruption;

import java.util.ArrayList;
import java.util.List;

/** One evaluation condition of a robustness benchmark: clean, or a corruption at a severity. */
public record Condition(Corruption corruption, int severity) {
    public static final Condition CLEAN = new Condition(null, 0);

    public Condition {
        if (corruption != null && (severity < Corruption.MIN_SEVERITY || severity > Corruption.MAX_SEVERITY)) {
            throw new IllegalArgumentException("severity must be within 1..5 (got " + severity + ")");
        }
    }

    public boolean clean() {
        return corruption == null;
    }

    /** "clean" or "corruption/severity", also the relative output directory of the condition. */
    public String id() {
        return clean() ? "clean" : corruption.id() + "/" + severity;
    }

    public static Condition parse(String corruption, int severity) {
        if (corruption.equals("clean")) {
            return CLEAN;
        }
        return new Condition(Corruption.byId(corruption).orElseThrow(() ->
                new IllegalArgumentException("unknown corruption '" + corruption + "'")), severity);
    }

    /** Clean first, then every corruption × severity. */
    public static List<Condition> all(List<Corruption> corruptions, List<Integer> severities) {
        List<Condition> out = new ArrayList<>();
        out.add(CLEAN);
        for (Corruption c : corruptions) {
            for (int k : severities) {
                out.add(new Condition(c, k));
            }
        }
        return out;
    }
}
