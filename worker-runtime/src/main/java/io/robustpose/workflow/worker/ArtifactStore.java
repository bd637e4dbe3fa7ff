package io.robustpose.workflow.worker;

import io.robustpose.core.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared directory holding datasets, corrupted trees, checkpoints, predictions and reports
 * (local disk, or a ReadWriteMany volume mounted at the same path in every pod). Writes go to a
 * temporary file and are renamed into place, so a reader never sees half a file and a re-run of a
 * task overwrites nothing with garbage.
 */
public record ArtifactStore(Path root) {

    public ArtifactStore {
        root = root.toAbsolutePath().normalize();
    }

    /** Resolves a store-relative path, refusing anything that escapes the root. */
    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path '" + relative + "' leaves the artifact store " + root);
        }
        return p;
    }

    public boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    public Path writeAtomically(String relative, byte[] content) throws IOException {
        return writeAtomically(resolve(relative), content);
    }

    public static Path writeAtomically(Path target, byte[] content) throws IOException {
        return AtomicFiles.write(target, content);
    }
}
