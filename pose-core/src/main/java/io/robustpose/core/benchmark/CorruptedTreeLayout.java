package io.robustpose.core.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a materialized benchmark names its severity folders under {@code <root>/<corruption>/}: robustpose's
 * {@code 1..5}, or the official {@code 0..4} of the authors' {@code tools/make_datasets.py} (it saves
 * {@code corrupt(..., severity=severity+1)} under {@code <severity>}). A tree is read in either layout: it
 * is official when the corruption's folder holds a {@code 0}, which robustpose never writes.
 */
public enum CorruptedTreeLayout {
    ROBUSTPOSE, OFFICIAL;

    /** The folder of severity 1..5. */
    public String severityFolder(int severity) {
        return Integer.toString(this == OFFICIAL ? severity - 1 : severity);
    }

    /** The directory holding {@code corruption} at {@code severity} in an existing tree of either layout. */
    public static Path severityDir(Path root, String corruption, int severity) {
        Path c = root.resolve(corruption);
        return c.resolve((Files.isDirectory(c.resolve("0")) ? OFFICIAL : ROBUSTPOSE).severityFolder(severity));
    }

    public static CorruptedTreeLayout byId(String id) {
        return switch (id) {
            case "robustpose" -> ROBUSTPOSE;
            case "official" -> OFFICIAL;
            default -> throw new IllegalArgumentException("layout '" + id + "' is not one of robustpose, official");
        };
    }
}
