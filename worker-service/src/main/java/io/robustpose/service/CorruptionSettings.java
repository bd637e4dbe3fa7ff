package io.robustpose.service;

import io.robustpose.core.corruption.Corruptor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How workers corrupt images (env: ROBUSTPOSE_CORRUPTION_FROST_DIR, ROBUSTPOSE_CORRUPTION_THREADS,
 * ROBUSTPOSE_CORRUPTION_MAX_PIXELS). Without a frost directory the textures are procedural.
 */
@ConfigMapping(prefix = "robustpose.corruption")
public interface CorruptionSettings {
    /** The official imagecorruptions frost1..6 images, when mounted. */
    Optional<String> frostDir();

    /** Threads per task; 0 = all cores. */
    @WithDefault("0")
    int threads();

    @WithDefault("50000000")
    long maxPixels();

    default Corruptor corruptor() {
        return frostDir().map(d -> Corruptor.withFrostDirectory(Path.of(d))).orElseGet(Corruptor::withProceduralFrost);
    }

    default int effectiveThreads() {
        return threads() > 0 ? threads() : Runtime.getRuntime().availableProcessors();
    }
}
