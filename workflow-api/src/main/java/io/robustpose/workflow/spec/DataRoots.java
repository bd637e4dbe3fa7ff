package io.robustpose.workflow.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The directories an experiment may read from. A relative spec path resolves against the first
 * root; any path that leaves every root (including through "..", or a symlink) is refused.
 */
public record DataRoots(List<Path> roots) {

    public DataRoots {
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("at least one data root is required");
        }
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Parses a path-separator (':' or ',') list as given in ROBUSTPOSE_DATA_ROOTS. */
    public static DataRoots parse(String list) {
        return new DataRoots(Arrays.stream(list.split("[:,]")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of).toList());
    }

    /** The confined absolute path, or empty when {@code value} points outside every root. */
    public Optional<Path> confine(String value) {
        Path p = Path.of(value);
        Path abs = (p.isAbsolute() ? p : roots.get(0).resolve(p)).normalize();
        Path real = realIfExists(abs);
        for (Path root : roots) {
            Path realRoot = realIfExists(root);
            if (abs.startsWith(root) && real.startsWith(realRoot)) {
                return Optional.of(abs);
            }
        }
        return Optional.empty();
    }

    private static Path realIfExists(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }
}
