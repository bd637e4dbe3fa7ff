package io.robustpose.core.dataset;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared reference fixtures, from the directory in system property {@code robustpose.shared}
 * (the parent pom sets it to ../shared beside the checkout), else /work/shared. Tests that need
 * them are skipped, with the path in the message, when they are not there.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path root() {
        String prop = System.getProperty("robustpose.shared");
        return Path.of(prop == null || prop.isBlank() ? "/work/shared" : prop);
    }

    /** The fixture path, or skips the calling test if it does not exist. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p),
                () -> "shared fixture " + p + " not found (set -Drobustpose.shared=DIR): skipped");
        return p;
    }
}
