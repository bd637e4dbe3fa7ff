package io.robustpose.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.robustpose.core.AtomicFiles;
import io.robustpose.core.FileTrees;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.MemoryFormat;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Training checkpoints: one directory {@code checkpoints/step-NNNNNNNNN/} per checkpoint with
 * <ul>
 * <li>{@code model.safetensors} — P's weights and BatchNorm statistics ({@link Checkpoints} format,
 * loadable by {@link Checkpoints#load} and by PyTorch);</li>
 * <li>{@code optimizer.safetensors} — P's Adam moments and step count;</li>
 * <li>{@code generator.safetensors}, {@code generator-optimizer.safetensors} — the AdvMix generator
 * and its Adam state (AdvMix methods only; never part of the exported model);</li>
 * <li>{@code state.json} — position (next epoch and batch), global step, seed and the run's
 * identity (including how the network computes its transposed convolutions, {@link State#deconvMethod}).</li>
 * </ul>
 * The directory is written under a temporary name and renamed into place, then
 * {@code checkpoints/latest} is rewritten atomically, then older step directories beyond the
 * retention count are deleted; a crash at any point leaves the previous checkpoint usable.
 *
 * <p>What a resume restores exactly: P's weights and BN running statistics, the generator's
 * weights, both Adam states (moments and step counts, so the bias correction continues), the
 * position in the epoch, and all data randomness (every draw is seeded by (seed, epoch, person), so
 * nothing else needs saving). The teacher is re-read from its checkpoint (it never changes). Not
 * stored: libtorch's global RNG (used only for the random initialisation of a run without an init
 * checkpoint, before any checkpoint exists).
 */
public final class TrainingCheckpoint {

    public static final String MODEL = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String GENERATOR = "generator.safetensors";
    public static final String GENERATOR_OPTIMIZER = "generator-optimizer.safetensors";
    public static final String STATE = "state.json";
    public static final String LATEST = "latest";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCheckpoint() {
    }

    /**
     * The run's position and identity.
     *
     * @param nextEpoch  the epoch of the next batch to train on
     * @param nextBatch  its index in that epoch (0 at epoch starts)
     * @param globalStep optimizer steps done
     */
    public record State(int formatVersion, String method, String architecture, String deconv, int joints,
            int inputHeight, int inputWidth, int batchSize, long seed, int epochs, int samples, int nextEpoch,
            int nextBatch, long globalStep, double lastLoss, Map<String, Double> validation, String writtenAt) {

        /**
         * How the network computed its transposed convolutions: the optimizer state is stored in that method's
         * parameter layout, so a resume builds the network the same way. Checkpoints without the field predate the
         * choice and used {@link DeconvMethod#PHASE_CONV_2X2}.
         */
        public DeconvMethod deconvMethod() {
            if (deconv == null) {
                return DeconvMethod.PHASE_CONV_2X2;
            }
            try {
                return DeconvMethod.valueOf(deconv);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("checkpoint state: unknown deconv '" + deconv + "' (this build knows "
                        + Arrays.toString(DeconvMethod.values()) + ")", e);
            }
        }
    }

    /** Writes a checkpoint and returns its directory. {@code generator}/{@code generatorAdam} may be null. */
    public static Path write(Path checkpointsDir, State state, PoseNet net, AdamOptimizer adam, Block generator,
            AdamOptimizer generatorAdam, int keep) throws IOException {
        Files.createDirectories(checkpointsDir);
        String name = String.format("step-%09d", state.globalStep());
        Path finalDir = checkpointsDir.resolve(name);
        Path tmp = Files.createTempDirectory(checkpointsDir, ".tmp-" + name + "-");
        try {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("training_method", state.method());
            meta.put("epoch", Integer.toString(state.nextEpoch()));
            meta.put("global_step", Long.toString(state.globalStep()));
            meta.put("seed", Long.toString(state.seed()));
            Checkpoints.save(tmp.resolve(MODEL), net, meta);
            adam.save(tmp.resolve(OPTIMIZER), Map.of("global_step", Long.toString(state.globalStep())));
            if (generator != null) {
                saveBlock(tmp.resolve(GENERATOR), generator, Map.of("block", generator.toString()));
                generatorAdam.save(tmp.resolve(GENERATOR_OPTIMIZER),
                        Map.of("global_step", Long.toString(state.globalStep())));
            }
            Files.write(tmp.resolve(STATE), JSON.writeValueAsBytes(state));
            if (Files.exists(finalDir)) {
                FileTrees.delete(finalDir);
            }
            try {
                Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, finalDir);
            }
        } finally {
            if (Files.exists(tmp)) {
                FileTrees.delete(tmp);
            }
        }
        AtomicFiles.write(checkpointsDir.resolve(LATEST), (name + "\n").getBytes(StandardCharsets.UTF_8));
        prune(checkpointsDir, keep, finalDir);
        return finalDir;
    }

    /** The newest complete checkpoint directory under {@code checkpointsDir}, if any. */
    public static Optional<Path> latest(Path checkpointsDir) throws IOException {
        Path pointer = checkpointsDir.resolve(LATEST);
        if (Files.isRegularFile(pointer)) {
            Path dir = checkpointsDir.resolve(Files.readString(pointer).trim());
            if (Files.isRegularFile(dir.resolve(STATE))) {
                return Optional.of(dir);
            }
        }
        List<Path> all = stepDirs(checkpointsDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public static State readState(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(STATE).toFile(), State.class);
    }

    /** Saves every parameter of a block (native layout) by its path name. */
    public static void saveBlock(Path file, Block block, Map<String, String> metadata) throws IOException {
        List<Safetensors.TensorData> tensors = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            tensors.add(new Safetensors.TensorData(p.getKey(), a.getShape().getShape(), a::toFloatArray));
        }
        Safetensors.write(file, tensors, metadata);
    }

    /** Loads what {@link #saveBlock} wrote into a block of the same structure. */
    public static void loadBlock(Path file, Block block) throws IOException {
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                Safetensors.TensorInfo info = reader.tensors().get(p.getKey());
                NDArray a = p.getValue().getArray();
                if (info == null || !Arrays.equals(info.shape(), a.getShape().getShape())) {
                    throw new IOException(file + ": no tensor " + p.getKey() + " of shape " + a.getShape());
                }
                MemoryFormat.assign(a, reader.readFloats(p.getKey()));
            }
        }
    }

    private static List<Path> stepDirs(Path checkpointsDir) throws IOException {
        if (!Files.isDirectory(checkpointsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static void prune(Path checkpointsDir, int keep, Path current) throws IOException {
        List<Path> all = new ArrayList<>(stepDirs(checkpointsDir));
        all.remove(current);
        int excess = all.size() - (keep - 1);
        for (int i = 0; i < excess; i++) {
            FileTrees.delete(all.get(i));
        }
    }

}
