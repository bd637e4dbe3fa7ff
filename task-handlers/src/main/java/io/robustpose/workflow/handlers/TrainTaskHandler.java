package io.robustpose.workflow.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.LossKind;
import io.robustpose.core.train.Recipe;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.data.TrainingData;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.worker.TaskContext;
import io.robustpose.workflow.worker.TaskHandler;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Train tasks: standard training or AdvMix (and the ablation methods) on the experiment's dataset,
 * checkpointing into the artifact store and resuming from the last checkpoint when the task is
 * delivered again. A shutdown stops the run at the next step with a checkpoint written; the task is
 * then left for another worker. The result is the final checkpoint, which eval tasks load.
 * <p>
 * {@code init} / {@code teacher} may name another model of the experiment ({@code model:NAME}):
 * the planner then makes this task depend on that model's training and its checkpoint is used.
 */
public final class TrainTaskHandler implements TaskHandler {
    private final int loaderThreads;
    private final int checkpointEverySteps;
    private final java.util.List<ai.djl.Device> devices;

    public TrainTaskHandler(int loaderThreads, int checkpointEverySteps) {
        this(loaderThreads, checkpointEverySteps, java.util.List.of(ai.djl.Device.cpu()));
    }

    /**
     * Trains on {@code devices} (resolved once, when the worker starts, from ROBUSTPOSE_DEVICE), data-parallel
     * when there are several.
     */
    public TrainTaskHandler(int loaderThreads, int checkpointEverySteps, java.util.List<ai.djl.Device> devices) {
        this.loaderThreads = loaderThreads;
        this.checkpointEverySteps = checkpointEverySteps;
        this.devices = java.util.List.copyOf(devices);
    }

    @Override
    public Result handle(Task task, TaskContext ctx) throws Exception {
        JsonNode model = task.params().path("model");
        JsonNode training = model.path("training");
        Architecture arch = Architecture.byId(model.path("architecture").asText()).orElseThrow(() ->
                new IllegalArgumentException("params.model.architecture: unknown '" + model.path("architecture").asText() + "'"));
        TrainingMethod method = TrainingMethod.byId(training.path("method").asText("standard")).orElseThrow(() ->
                new IllegalArgumentException("params.model.training.method: unknown '" + training.path("method").asText() + "'"));
        String[] hw = model.path("input").asText("256x192").split("x");
        String out = task.param("out");
        TrainingConfig.Builder b = TrainingConfig.builder(method, arch, ctx.artifacts().resolve(out))
                .input(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]))
                .epochs(training.path("epochs").asInt(1))
                .batchSize(training.path("batch").asInt(32))
                .accumulationSteps(training.path("accumulate").asInt(1))
                .learningRate(training.path("lr").asDouble(1e-3))
                .seed(training.path("seed").asLong(1))
                .loaderThreads(loaderThreads)
                .checkpointEverySteps(checkpointEverySteps)
                .resume(true);
        if (training.hasNonNull("teacherArchitecture")) {
            b.teacherArchitecture(Architecture.byId(training.get("teacherArchitecture").asText()).orElseThrow(() ->
                    new IllegalArgumentException("params.model.training.teacherArchitecture: unknown '"
                            + training.get("teacherArchitecture").asText() + "'")));
        }
        if (training.path("lrSteps").isArray() && training.path("lrSteps").size() > 0) {
            int epochs = training.path("epochs").asInt(1);
            double[] fractions = new double[training.get("lrSteps").size()];
            for (int i = 0; i < fractions.length; i++) {
                fractions[i] = training.get("lrSteps").get(i).asDouble() / epochs;
            }
            b.lrMilestones(fractions);
        }
        b.loss("smoothl1".equals(training.path("loss").asText("mse")) ? LossKind.SMOOTH_L1 : LossKind.MSE);
        DatasetFormat format = DatasetFormat.byId(task.param("format")).orElseThrow(() ->
                new IllegalArgumentException("params.format: unknown '" + task.param("format") + "'"));
        AugmentationConfig augmentation = AugmentationConfig.forFormat(format);
        if (training.hasNonNull("recipe")) {
            // the validated spec carries the recipe's schedule already; its augmentation comes from here
            Recipe recipe = Recipe.byId(training.get("recipe").asText()).orElseThrow(() -> new IllegalArgumentException(
                    "params.model.training.recipe: unknown '" + training.get("recipe").asText() + "'"));
            augmentation = AugmentationConfig.of(recipe);
            b.lrFactor(recipe.lrFactor);
        }
        if (training.hasNonNull("lrFactor")) {
            b.lrFactor(training.get("lrFactor").asDouble());
        }
        JsonNode a = training.path("augmentation");
        b.augmentation(augmentation.with(a.hasNonNull("scale") ? a.get("scale").asDouble() : null,
                a.hasNonNull("rotation") ? a.get("rotation").asDouble() : null,
                a.hasNonNull("flip") ? a.get("flip").asBoolean() : null,
                a.hasNonNull("halfBody") ? a.get("halfBody").asDouble() : null));
        Path init = checkpoint(task, ctx, training.path("init").asText(null), "init");
        Path teacher = checkpoint(task, ctx, training.path("teacher").asText(null), "teacher");
        if (init != null) {
            b.initCheckpoint(init);
        }
        if (teacher != null) {
            b.teacherCheckpoint(teacher);
        }
        Path images = Path.of(task.param("images"));
        Path annotations = Path.of(task.param("annotations"));
        TrainingData data = TrainingData.read(format, arch, annotations, images);
        if (training.hasNonNull("stylizedImages")) {
            data = data.withStylized(images, Path.of(training.get("stylizedImages").asText()));
        }

        Trainer trainer = new Trainer(b.build(), devicesFor(model));
        long[] resumedFromStep = {0};
        // per-epoch validation (training.validate): AP on the evaluation split, reported with the progress
        Map<String, Double> lastValidation = new java.util.concurrent.ConcurrentHashMap<>();
        io.robustpose.core.train.ValidationHook validation = io.robustpose.core.train.ValidationHook.NONE;
        if (training.path("validate").asBoolean(false)) {
            io.robustpose.core.train.ValidationHook hook;
            if (format == DatasetFormat.MPII) {
                hook = new io.robustpose.core.train.MpiiValidation(MpiiDataset.read(Path.of(task.param("valAnnotations"))),
                        task.param("headBoxes"), Path.of(task.param("valImages")), loaderThreads);
            } else {
                io.robustpose.core.dataset.CocoDataset valGt = CocoReader.of(format).withoutSegmentation()
                        .read(Path.of(task.param("valAnnotations")));
                hook = new io.robustpose.core.train.CocoValidation(valGt, Path.of(task.param("valImages")),
                        loaderThreads, 0, io.robustpose.core.dataset.PersonBoxes.forCondition(task.param("boxes", "gt"),
                        io.robustpose.core.dataset.PersonBoxes.CLEAN, 0));
            }
            validation = (net, epoch) -> {
                Map<String, Double> v = hook.validate(net, epoch);
                v.forEach((k, x) -> lastValidation.put("val_" + k, x));
                return v;
            };
        }
        TrainingResult result = trainer.train(data, new ProgressListener() {
            @Override
            public void onStart(TrainingRun run) {
                resumedFromStep[0] = run.startStep();
            }

            @Override
            public void onStep(StepProgress p) {
                if (ctx.cancelled()) {
                    trainer.requestStop();
                }
                ctx.imagesProcessed(task.params().path("model").path("training").path("batch").asInt(32));
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("loss", p.loss());
                m.put("seconds_per_step", p.secondsPerStep());
                m.put("images_per_second", p.imagesPerSecond());
                m.put("lr", p.learningRate());
                m.put("epoch", (double) p.epoch() + 1);
                for (String key : new String[] {"val_AP", "val_PCKh"}) {
                    Double v = lastValidation.get(key);
                    if (v != null) {
                        m.put(key, v);
                    }
                }
                ctx.progress(p.globalStep() / (double) Math.max(1, p.totalSteps()),
                        "epoch " + (p.epoch() + 1) + "/" + p.epochs() + " step " + (p.stepInEpoch() + 1) + "/" + p.stepsPerEpoch(), m);
            }
        }, validation);
        if (!result.completed()) {
            throw new InterruptedException("training stopped at step " + result.globalStep() + "; it resumes from its checkpoint");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", result.lastLoss());
        metrics.put("steps", (double) result.globalStep());
        metrics.put("epochs", (double) result.epoch());
        metrics.put("resumed_from_step", (double) resumedFromStep[0]);
        metrics.putAll(lastValidation); // the last epoch's val_AP, val_AP50, ...
        // the device is recorded with the task's results: which run trained on which GPU is visible in its status
        return new Result(Map.of("checkpoint", ctx.artifacts().root().relativize(result.model()).toString(),
                "device", trainer.device().isGpu() ? "gpu:" + trainer.device().getDeviceId() : "cpu"), metrics);
    }

    /** A checkpoint path, or {@code model:NAME} for the checkpoint of another model's train task. */
    private static Path checkpoint(Task task, TaskContext ctx, String ref, String field) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("model:")) {
            Map<String, String> r = task.inputs().get("train-" + ref.substring("model:".length()));
            if (r == null || !r.containsKey("checkpoint")) {
                throw new IllegalArgumentException("params.model.training." + field + ": " + ref + " has no checkpoint "
                        + "(is it trained in this experiment?)");
            }
            return ctx.artifacts().resolve(r.get("checkpoint"));
        }
        return Path.of(ref);
    }

    /**
     * The model's own {@code device} from the spec, else the worker's. A device this worker cannot provide
     * is the spec's error, not a transient one: the task fails at once with the reason, without retries.
     */
    private java.util.List<ai.djl.Device> devicesFor(JsonNode model) {
        if (!model.hasNonNull("device")) {
            return devices;
        }
        try {
            return io.robustpose.core.device.Accelerators.resolve(io.robustpose.core.device.DeviceRequest.parse(
                    model.get("device").asText()), io.robustpose.core.device.Accelerators.Runtime.PYTORCH);
        } catch (IllegalArgumentException e) { // DeviceUnavailableException too
            throw new io.robustpose.workflow.worker.PermanentTaskException("model " + model.path("name").asText()
                    + " asks for device '" + model.get("device").asText() + "': " + e.getMessage());
        }
    }
}
