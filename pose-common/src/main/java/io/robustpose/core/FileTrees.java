package io.robustpose.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing directory trees: checkpoints, run directories, a broker's log, a test's temporary data. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code root} and everything under it; nothing if it does not exist. */
    public static void delete(Path root) throws IOException {
        deleteUnder(root, true);
    }

    /** Deletes everything under the directory {@code root}, keeping {@code root} itself; nothing if it does not exist. */
    public static void deleteContents(Path root) throws IOException {
        deleteUnder(root, false);
    }

    private static void deleteUnder(Path root, boolean includingRoot) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        // deepest paths first: a directory is empty when its turn comes
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (includingRoot || !p.equals(root)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
