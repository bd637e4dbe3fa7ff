package io.robustpose.core.dataset;

/**
 * Where a top-down evaluation's person boxes come from, as specs and commands name them: {@code gt} (the
 * annotations), one detections file for every condition, or a file per condition — a path with the
 * placeholders {@value #CORRUPTION} and {@value #SEVERITY} ({@code clean} and {@code 0} for the clean images),
 * for a detector run on the corrupted images themselves.
 */
public final class PersonBoxes {
    public static final String GT = "gt";
    public static final String CORRUPTION = "{corruption}";
    public static final String SEVERITY = "{severity}";
    public static final String CLEAN = "clean";

    private PersonBoxes() {
    }

    public static boolean groundTruth(String boxes) {
        return boxes == null || boxes.equalsIgnoreCase(GT);
    }

    /** Whether the boxes are a file per condition (a path with {@value #CORRUPTION}). */
    public static boolean perCondition(String boxes) {
        return boxes != null && boxes.contains(CORRUPTION);
    }

    /** A pattern with a severity placeholder but no corruption one would give every corruption the same file. */
    public static void requireValid(String boxes) {
        if (boxes != null && boxes.contains(SEVERITY) && !boxes.contains(CORRUPTION)) {
            throw new IllegalArgumentException("boxes '" + boxes + "': " + SEVERITY + " without " + CORRUPTION
                    + " (a file per condition names both, e.g. dets/" + CORRUPTION + "/" + SEVERITY + ".json)");
        }
    }

    /**
     * The files of a per-condition pattern that do not exist, among the clean condition's and those of every
     * corruption × severity given (checked before anything runs: a missing one would stop a run hours in).
     */
    public static java.util.List<String> missingFiles(String pattern, java.util.List<String> corruptions,
                                                      java.util.List<Integer> severities) {
        java.util.List<String> files = new java.util.ArrayList<>();
        files.add(forCondition(pattern, CLEAN, 0));
        for (String c : corruptions) {
            for (int s : severities) {
                files.add(forCondition(pattern, c, s));
            }
        }
        return files.stream().filter(f -> !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(f))).toList();
    }

    /** The boxes of one condition: the pattern's file for it, or the boxes unchanged ({@code gt}, one file). */
    public static String forCondition(String boxes, String corruption, int severity) {
        if (!perCondition(boxes)) {
            return boxes;
        }
        boolean clean = corruption == null || corruption.equals(CLEAN);
        return boxes.replace(CORRUPTION, clean ? CLEAN : corruption).replace(SEVERITY, String.valueOf(clean ? 0 : severity));
    }
}
