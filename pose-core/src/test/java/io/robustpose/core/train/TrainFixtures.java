package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Shared test data: synthetic people as COCO training persons. */
public final class TrainFixtures {

    private TrainFixtures() {
    }

    /** Writes (once per directory) and reads a synthetic-people split of {@code images} images. */
    public static TrainingData sample(Path dir, int images, long seed) {
        try {
            Path ann = dir.resolve("annotations.json");
            if (!Files.exists(ann)) {
                SyntheticPeople.writeSplit(dir, "test", images, seed, SyntheticPeople.Options.small());
            }
            return TrainingData.coco(CocoReader.readCoco(ann), dir.resolve("images"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A robustpose checkpoint of {@code architecture} with the fixtures' formula weights (He-scaled,
     * non-trivial BatchNorm statistics): a stand-in for a standard-trained init / teacher.
     */
    public static Path formulaCheckpoint(Path file, Architecture architecture, int joints, int h, int w) {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, architecture, joints, h, w);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            Checkpoints.save(file, net, Map.of("note", "formula weights"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared fixtures directory (system property robustpose.shared, fallback /work/shared). */
    public static Path shared() {
        return Paths.get(System.getProperty("robustpose.shared", "/work/shared"));
    }
}
