package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.Safetensors;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.data.SampleFactory;
import io.robustpose.core.train.data.Seeds;
import io.robustpose.core.train.data.TrainBatch;
import io.robustpose.core.train.data.TrainLoader;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first steps of a training run, recorded so that another implementation — the authors'
 * {@code train_advmix} in PyTorch — can replay them from identical weights and inputs and compare
 * its losses step by step. The run is built exactly as {@link Trainer} builds it (same networks,
 * seeds, data pipeline and learning-rate schedule); the trace directory gets:
 * <ul>
 * <li>{@code initial/p.safetensors}, {@code initial/teacher.safetensors} (KD methods) — official
 * state_dict keys, BatchNorm statistics included;</li>
 * <li>{@code initial/generator.safetensors} (AdvMix methods) — the U-Net under the authors' keys;</li>
 * <li>{@code batches/step-NNNN.safetensors} — the batch each step trained on: {@code clean} and
 * {@code proposal1..} (normalized, [N, 3, H, W]), {@code target} [N, J, H/4, W/4],
 * {@code target_weight} [N, J, 1]; metadata {@code lr};</li>
 * <li>{@code final/…} — the weights after the last step;</li>
 * <li>{@code trace.json} — the configuration and, per step, P's loss, its heatmap and KD parts,
 * the generator's loss and the mix statistics.</li>
 * </ul>
 */
public final class StepTrace {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StepTrace() {
    }

    /** Runs {@code steps} steps of {@code config} on {@code data} and writes the trace to {@code dir}. */
    public static List<TrainingStep.Losses> record(TrainingConfig config, TrainingData data, int steps, Path dir)
            throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive: " + steps);
        }
        TrainingConfig c = config;
        Files.createDirectories(dir.resolve("initial"));
        Files.createDirectories(dir.resolve("final"));
        Files.createDirectories(dir.resolve("batches"));
        PoseNetworks.engine().setRandomSeed((int) Seeds.derive(c.seed(), 1));
        List<TrainingStep.Losses> losses = new ArrayList<>();
        try (NDManager manager = PoseNetworks.newManager()) {
            TrainingNetworks n = TrainingNetworks.create(manager, c, data.joints(), null, DeconvMethod.DEFAULT);
            writeWeights(dir.resolve("initial"), n);
            try (AdamOptimizer adam = new AdamOptimizer(n.net(), manager);
                    AdamOptimizer generatorAdam = n.generator() == null ? null
                            : new AdamOptimizer(n.generator(), manager)) {
                TrainingStep step = new TrainingStep(c.method(), n.net(), n.teacher(), n.generator(), adam,
                        generatorAdam, c.loss(), c.kdAlpha(), c.adversarialWeight(),
                        new ParameterStore(manager, false));
                SampleFactory factory = Trainer.sampleFactory(c, data);
                try (TrainLoader loader = new TrainLoader(factory, c.batchSize(), c.seed(), c.loaderThreads(),
                        c.prefetchBatches(), true)) {
                    LrSchedule schedule = LrSchedule.scaled(c.learningRate(), c.lrFactor(), c.lrMilestones(),
                            c.epochs(), loader.batchesPerEpoch());
                    int epoch = 0;
                    Iterator<TrainBatch> batches = loader.epoch(epoch, 0);
                    for (int s = 0; s < steps; s++) {
                        while (!batches.hasNext()) {
                            batches = loader.epoch(++epoch, 0);
                        }
                        TrainBatch b = batches.next();
                        double lr = schedule.at(s);
                        writeBatch(dir.resolve("batches").resolve(String.format("step-%04d.safetensors", s)), b,
                                c, data.joints(), lr);
                        try (NDManager sm = manager.newSubManager()) {
                            losses.add(step.run(sm, b, lr));
                        }
                    }
                }
            }
            writeWeights(dir.resolve("final"), n);
        }
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("method", c.method().id());
        trace.put("architecture", c.architecture().id());
        trace.put("input", List.of(c.inputHeight(), c.inputWidth()));
        trace.put("joints", data.joints());
        trace.put("batch", c.batchSize());
        trace.put("loss", c.loss().name());
        trace.put("kd_alpha", c.kdAlpha());
        trace.put("adversarial_weight", c.adversarialWeight());
        trace.put("generator_levels", c.generatorLevels());
        trace.put("seed", c.seed());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int s = 0; s < losses.size(); s++) {
            TrainingStep.Losses l = losses.get(s);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", s);
            row.put("loss", l.total());
            row.put("heatmap", l.heatmap());
            row.put("kd", finiteOrNull(l.kd()));
            row.put("generator", finiteOrNull(l.generator()));
            row.put("mix_shares", l.mixShares());
            row.put("mix_entropy", finiteOrNull(l.mixEntropy()));
            rows.add(row);
        }
        trace.put("steps", rows);
        Files.write(dir.resolve("trace.json"), JSON.writeValueAsBytes(trace));
        return losses;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void writeWeights(Path dir, TrainingNetworks n) throws IOException {
        Checkpoints.save(dir.resolve("p.safetensors"), n.net(), Map.of());
        if (n.teacher() != null) {
            Checkpoints.save(dir.resolve("teacher.safetensors"), n.teacher(), Map.of());
        }
        UnetGenerator g = n.generator();
        if (g != null) {
            List<Safetensors.TensorData> tensors = new ArrayList<>();
            g.officialStateDict().forEach((k, t) -> tensors.add(new Safetensors.TensorData(k, t.shape(), t::values)));
            Safetensors.write(dir.resolve("generator.safetensors"), tensors,
                    Map.of("levels", Integer.toString(g.levels())));
        }
    }

    private static void writeBatch(Path file, TrainBatch b, TrainingConfig c, int joints, double lr)
            throws IOException {
        long n = b.size();
        long[] image = {n, 3, c.inputHeight(), c.inputWidth()};
        List<Safetensors.TensorData> t = new ArrayList<>();
        t.add(new Safetensors.TensorData("clean", image, b::clean));
        for (int e = 0; e < b.extras().length; e++) {
            float[] extra = b.extras()[e];
            t.add(new Safetensors.TensorData("proposal" + (e + 1), image, () -> extra));
        }
        t.add(new Safetensors.TensorData("target", new long[] {n, joints, c.inputHeight() / 4, c.inputWidth() / 4},
                b::target));
        t.add(new Safetensors.TensorData("target_weight", new long[] {n, joints, 1}, b::targetWeight));
        Safetensors.write(file, t, Map.of("lr", Double.toString(lr), "epoch", Integer.toString(b.epoch()),
                "index", Integer.toString(b.index())));
    }
}
