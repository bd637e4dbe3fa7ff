package io.robustpose.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.bottomup.BottomUpAugmentation;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.data.PersonRecord;
import io.robustpose.core.train.data.SampleFactory;
import io.robustpose.core.train.data.Seeds;
import io.robustpose.core.train.data.TrainBatch;
import io.robustpose.core.train.data.TrainLoader;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a training: {@code Trainer.train(config, data, listener)} or, to stop it from another
 * thread, {@code new Trainer(config)} then {@link #train(TrainingData, ProgressListener,
 * ValidationHook)} and {@link #requestStop()}.
 *
 * <p>A run resumes from the latest checkpoint in its output directory (unless
 * {@link TrainingConfig#resume()} is false), so a re-delivered task continues where it stopped. A
 * stopped-and-resumed run ends with exactly the weights of an uninterrupted one (see
 * {@link TrainingCheckpoint} for what is restored). Memory is flat: every step's arrays live in a
 * sub-manager closed after the step.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final java.util.List<ai.djl.Device> devices;
    private volatile boolean stopRequested;

    public Trainer(TrainingConfig config) {
        this(config, ai.djl.Device.cpu());
    }

    /**
     * Trains on {@code device}: the network, its teacher and AdvMix's generator all live there; checkpoints
     * are written from host copies and load on any device.
     */
    public Trainer(TrainingConfig config, ai.djl.Device device) {
        this(config, java.util.List.of(device));
    }

    /**
     * Trains data-parallel on {@code devices} ({@link DataParallel}): an optimizer step's accumulation
     * micro-batches of the configuration's batch are spread over the devices, so with as many devices as
     * micro-batches each device takes one batch per step — the official 8 GPUs × 32 images are batch 32,
     * accumulation 8 on 8 devices, and the same numbers train the same steps on fewer. Only the first
     * {@code accumulationSteps} devices are used (more would idle). The trained weights live on the first
     * device; checkpoints do not depend on the devices.
     */
    public Trainer(TrainingConfig config, java.util.List<ai.djl.Device> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("training needs a device");
        }
        this.devices = java.util.List.copyOf(devices.subList(0, Math.min(devices.size(), config.accumulationSteps())));
        this.config = config;
    }

    /** Where this trainer's networks live (the first of its devices). */
    public ai.djl.Device device() {
        return devices.get(0);
    }

    /** The devices training uses: those given, at most one per micro-batch of a step. */
    public java.util.List<ai.djl.Device> devices() {
        return devices;
    }

    /** Samples per optimizer step: batch × accumulation steps, whatever the devices. */
    public int effectiveBatch() {
        return config.batchSize() * config.accumulationSteps();
    }

    /** Trains and returns the result; see {@link #train(TrainingData, ProgressListener, ValidationHook)}. */
    public static TrainingResult train(TrainingConfig config, TrainingData data, ProgressListener listener) {
        return new Trainer(config).train(data, listener, ValidationHook.NONE);
    }

    /** Ends the run after the current step, with a checkpoint; {@link #train} then returns normally. */
    public void requestStop() {
        stopRequested = true;
    }

    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains P on {@code data}. Returns with {@link TrainingResult#completed()} true after the last
     * epoch ({@code outputDir/model.safetensors} written) or false after {@link #requestStop()} or a
     * thread interrupt (a checkpoint written). Throws {@link NonFiniteLossException} on a NaN/Inf loss
     * (no checkpoint written for that step), {@link IllegalArgumentException} for a bad configuration
     * or a checkpoint of another run, {@link UncheckedIOException} for I/O errors.
     */
    public TrainingResult train(TrainingData data, ProgressListener listener, ValidationHook validation) {
        if (validation == null) {
            validation = ValidationHook.NONE;
        }
        TrainingConfig c = config;
        TrainingMethod method = c.method();
        Path checkpoints = c.outputDir().resolve("checkpoints");
        try {
            Files.createDirectories(checkpoints);
            Optional<Path> resumeDir = c.resume() ? TrainingCheckpoint.latest(checkpoints) : Optional.empty();
            TrainingCheckpoint.State resumed = resumeDir.isPresent() ? TrainingCheckpoint.readState(resumeDir.get())
                    : null;
            if (resumed != null) {
                checkCompatible(resumed, data, resumeDir.get());
            }
            Engine engine = PoseNetworks.engine();
            engine.setRandomSeed((int) Seeds.derive(c.seed(), 1));
            try (NDManager manager = PoseNetworks.newManager(devices.get(0))) {
                TrainingNetworks networks = TrainingNetworks.create(manager, c, data.joints(), resumeDir.orElse(null),
                        resumed != null ? resumed.deconvMethod() : DeconvMethod.DEFAULT);
                PoseNet net = networks.net();
                PoseNet teacher = networks.teacher();
                UnetGenerator generator = networks.generator();
                try (AdamOptimizer adam = new AdamOptimizer(net, manager);
                        AdamOptimizer generatorAdam = generator == null ? null
                                : new AdamOptimizer(generator, manager)) {
                    if (resumed != null) {
                        adam.load(resumeDir.get().resolve(TrainingCheckpoint.OPTIMIZER));
                        if (generatorAdam != null) {
                            generatorAdam.load(resumeDir.get().resolve(TrainingCheckpoint.GENERATOR_OPTIMIZER));
                        }
                    }
                    ParameterStore ps = new ParameterStore(manager, false);
                    TrainingStep step = new TrainingStep(method, net, teacher, generator, adam, generatorAdam,
                            c.loss(), c.kdAlpha(), c.adversarialWeight(), ps);
                    DataParallel parallel = DataParallel.create(new DataParallel.Replica(net, teacher, generator,
                            manager, ps), devices.subList(1, devices.size()));
                    if (teacher != null && !teacher.inputColor().equals(net.inputColor())) {
                        throw new IllegalArgumentException("the teacher takes " + teacher.inputColor() + " input and the "
                                + "network " + net.inputColor() + ": both must be trained on one channel order");
                    }
                    // the init checkpoint's channel order (BGR for the official SimpleBaseline models) is kept
                    SampleFactory factory = sampleFactory(c, data).inputColor(net.inputColor());
                    // one loader batch per optimizer step: accumulation splits it into micro-batches of c.batchSize(),
                    // spread over the devices
                    try (parallel; TrainLoader loader = new TrainLoader(factory, effectiveBatch(), c.seed(),
                            c.loaderThreads(), c.prefetchBatches(), true)) {
                        step.dataParallel(parallel);
                        return loop(data, net, generator, adam, generatorAdam, step, loader, manager, resumed,
                                resumeDir.orElse(null), checkpoints, listener, validation);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("training in " + c.outputDir() + " failed: " + e.getMessage(), e);
        }
    }

    private TrainingResult loop(TrainingData data, PoseNet net, UnetGenerator generator, AdamOptimizer adam,
            AdamOptimizer generatorAdam, TrainingStep step, TrainLoader loader, NDManager manager,
            TrainingCheckpoint.State resumed, Path resumedFrom, Path checkpoints, ProgressListener listener,
            ValidationHook validation) throws IOException {
        TrainingConfig c = config;
        int stepsPerEpoch = loader.batchesPerEpoch();
        long totalSteps = (long) c.epochs() * stepsPerEpoch;
        LrSchedule schedule = LrSchedule.scaled(c.learningRate(), c.lrFactor(), c.lrMilestones(), c.epochs(),
                stepsPerEpoch);
        int epoch = resumed == null ? 0 : resumed.nextEpoch();
        int firstBatch = resumed == null ? 0 : resumed.nextBatch();
        long globalStep = resumed == null ? 0 : resumed.globalStep();
        double lastLoss = resumed == null ? Double.NaN : resumed.lastLoss();
        Map<String, Double> lastValidation = resumed == null || resumed.validation() == null ? Map.of()
                : resumed.validation();
        Path lastCheckpoint = resumedFrom;
        listener.onStart(new ProgressListener.TrainingRun(c, data.size(), stepsPerEpoch, totalSteps, epoch,
                globalStep, resumedFrom, net.trainableParameterCount()));
        long last = System.nanoTime();
        long checkpointedStep = resumed == null ? -1 : globalStep;
        for (; epoch < c.epochs(); epoch++, firstBatch = 0) {
            TrainingLog epochLog = new TrainingLog();
            Iterator<TrainBatch> batches = loader.epoch(epoch, firstBatch);
            int nextBatch = firstBatch;
            while (true) {
                TrainBatch batch;
                try {
                    if (!batches.hasNext()) {
                        break;
                    }
                    batch = batches.next();
                } catch (TrainLoader.Interrupted e) {
                    // interrupted while waiting for data: checkpoint the position reached, then stop
                    Thread.interrupted();
                    if (checkpointedStep != globalStep) {
                        lastCheckpoint = TrainingCheckpoint.write(checkpoints, state(data, net, epoch, nextBatch,
                                globalStep, lastLoss, lastValidation), net, adam, generator, generatorAdam,
                                c.keepCheckpoints());
                        listener.onCheckpoint(lastCheckpoint, epoch, globalStep);
                    }
                    Thread.currentThread().interrupt();
                    return stopped(lastCheckpoint, epoch, globalStep, lastLoss);
                }
                double lr = schedule.at(globalStep);
                TrainingStep.Losses losses;
                try (NDManager sm = manager.newSubManager()) {
                    losses = step.run(sm, batch, lr, c.accumulationSteps());
                } catch (TrainingStep.NonFiniteValue e) {
                    throw new NonFiniteLossException(e.what, e.value, epoch, globalStep + 1, lastCheckpoint);
                }
                globalStep++;
                nextBatch = batch.index() + 1;
                lastLoss = losses.total();
                epochLog.add(losses, lr);
                long now = System.nanoTime();
                double seconds = (now - last) / 1e9;
                last = now;
                listener.onStep(new ProgressListener.StepProgress(epoch, c.epochs(), batch.index(), stepsPerEpoch,
                        globalStep, totalSteps, losses.total(), losses.heatmap(), losses.kd(), losses.generator(), lr,
                        seconds, batch.size() / seconds, losses.mixShares(), losses.mixEntropy()));
                boolean epochEnd = batch.index() == stepsPerEpoch - 1;
                if (epochEnd) {
                    // validated and logged before the epoch's checkpoint, so a crash never loses an epoch's line
                    listener.onEpochEnd(epoch, epochLog.meanLoss());
                    if (c.validateEveryEpochs() > 0 && (epoch + 1) % c.validateEveryEpochs() == 0
                            && validation != ValidationHook.NONE) {
                        try {
                            lastValidation = Map.copyOf(validation.validate(net, epoch));
                        } catch (Exception e) {
                            throw new IllegalStateException("validation after epoch " + epoch + " failed: "
                                    + e.getMessage(), e);
                        }
                        listener.onValidation(epoch, lastValidation);
                        keepIfBest(net, epoch, lastValidation);
                    }
                    epochLog.append(c.outputDir(), epoch, globalStep, lastValidation);
                }
                // clear the interrupt flag while writing (NIO file channels close on interrupt), restore it after
                boolean interrupted = Thread.interrupted();
                boolean stop = stopRequested || interrupted;
                boolean periodic = c.checkpointEverySteps() > 0 && globalStep % c.checkpointEverySteps() == 0;
                if (epochEnd || stop || periodic) {
                    int nextEpoch = epochEnd ? epoch + 1 : epoch;
                    lastCheckpoint = TrainingCheckpoint.write(checkpoints, state(data, net, nextEpoch,
                            epochEnd ? 0 : nextBatch, globalStep, lastLoss, lastValidation), net, adam, generator,
                            generatorAdam, c.keepCheckpoints());
                    checkpointedStep = globalStep;
                    listener.onCheckpoint(lastCheckpoint, nextEpoch, globalStep);
                    last = System.nanoTime(); // checkpoint time is not step time
                }
                if (stop) {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return stopped(lastCheckpoint, epoch, globalStep, lastLoss);
                }
            }
        }
        Path model = c.outputDir().resolve("model.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("training_method", c.method().id());
        meta.put("epochs", Integer.toString(c.epochs()));
        meta.put("global_step", Long.toString(globalStep));
        meta.put("seed", Long.toString(c.seed()));
        meta.put("final_loss", Double.toString(lastLoss));
        lastValidation.forEach((k, v) -> meta.put("val_" + k, Double.toString(v)));
        Checkpoints.save(model, net, meta);
        return new TrainingResult(model, lastCheckpoint, true, c.epochs(), globalStep, lastLoss);
    }

    /** The file of the best validated weights so far, as the official training's {@code model_best.pth}. */
    public static final String BEST_MODEL = "model_best.safetensors";

    /**
     * Keeps the network as {@link #BEST_MODEL} when its validation score (COCO AP, else PCKh) beats the one
     * saved there — HRNet's {@code train.py} does the same with {@code perf_indicator}, and its {@code test.sh}
     * evaluates that file. The score lives in the file's metadata, so a resumed run compares with it.
     */
    private void keepIfBest(PoseNet net, int epoch, Map<String, Double> validation) throws IOException {
        String metric = validation.containsKey("AP") ? "AP" : validation.containsKey("PCKh") ? "PCKh" : null;
        if (metric == null || !Double.isFinite(validation.get(metric))) {
            return;
        }
        double score = validation.get(metric);
        Path best = config.outputDir().resolve(BEST_MODEL);
        if (java.nio.file.Files.exists(best)) {
            String saved = Checkpoints.readInfo(best).metadata().get("best_score");
            if (saved != null && Double.parseDouble(saved) >= score) {
                return;
            }
        }
        Path tmp = config.outputDir().resolve(BEST_MODEL + ".tmp");
        Checkpoints.save(tmp, net, Map.of("best_metric", metric, "best_score", Double.toString(score),
                "best_epoch", Integer.toString(epoch), "training_method", config.method().id()));
        java.nio.file.Files.move(tmp, best, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static TrainingResult stopped(Path checkpoint, int epoch, long globalStep, double lastLoss) {
        return new TrainingResult(checkpoint == null ? null : checkpoint.resolve(TrainingCheckpoint.MODEL), checkpoint,
                false, epoch, globalStep, lastLoss);
    }

    private TrainingCheckpoint.State state(TrainingData data, PoseNet net, int nextEpoch, int nextBatch,
            long globalStep, double lastLoss, Map<String, Double> validation) {
        TrainingConfig c = config;
        return new TrainingCheckpoint.State(TrainingCheckpoint.FORMAT_VERSION, c.method().id(), c.architecture().id(),
                net.deconvMethod().name(),
                // the batch per optimizer step: resuming with another split into micro-batches keeps the same steps
                net.joints(), c.inputHeight(), c.inputWidth(), effectiveBatch(), c.seed(), c.epochs(),
                data.size(),
                nextEpoch, nextBatch, globalStep, lastLoss, validation, Instant.now().toString());
    }

    /** A checkpoint of another run in the output directory is an error, not something to continue. */
    private void checkCompatible(TrainingCheckpoint.State s, TrainingData data, Path dir) {
        TrainingConfig c = config;
        StringBuilder diff = new StringBuilder();
        if (s.formatVersion() != TrainingCheckpoint.FORMAT_VERSION) {
            diff.append(" format ").append(s.formatVersion());
        }
        if (!s.method().equals(c.method().id())) {
            diff.append(" method ").append(s.method()).append(" != ").append(c.method().id());
        }
        if (!s.architecture().equals(c.architecture().id())) {
            diff.append(" architecture ").append(s.architecture()).append(" != ").append(c.architecture().id());
        }
        if (s.inputHeight() != c.inputHeight() || s.inputWidth() != c.inputWidth()) {
            diff.append(" input ").append(s.inputHeight()).append('x').append(s.inputWidth());
        }
        if (s.batchSize() != effectiveBatch()) {
            diff.append(" batch per step ").append(s.batchSize()).append(" != ").append(effectiveBatch())
                    .append(" (batch × accumulation: keep the product to resume with another split)");
        }
        if (s.seed() != c.seed()) {
            diff.append(" seed ").append(s.seed()).append(" != ").append(c.seed());
        }
        if (s.samples() != data.size() || s.joints() != data.joints()) {
            diff.append(" data ").append(s.samples()).append(" persons / ").append(s.joints()).append(" joints");
        }
        if (s.epochs() != c.epochs()) {
            diff.append(" epochs ").append(s.epochs()).append(" != ").append(c.epochs());
        }
        if (diff.length() > 0) {
            throw new IllegalArgumentException(dir + " belongs to a different run:" + diff
                    + " (use another output directory, or resume=false to start over)");
        }
    }

    /** The training samples of a run: its method's proposals, transfer corruptions and stylized handling. */
    static SampleFactory sampleFactory(TrainingConfig c, TrainingData data) {
        AugmentationConfig aug = c.augmentation() != null ? c.augmentation()
                : AugmentationConfig.forFormat(data.format());
        TrainingMethod m = c.method();
        if (m.usesStylizedSource() && data.records().stream().noneMatch(PersonRecord::stylized)) {
            throw new IllegalArgumentException(m.id() + " trains on the images plus a stylized copy of them: give the "
                    + "stylized images (TrainingData.withStylized; CLI --stylized DIR, spec training.stylizedImages)");
        }
        if (data.bottomUp() != c.architecture().bottomUp()) {
            throw new IllegalArgumentException(c.architecture().id() + (c.architecture().bottomUp()
                    ? " is bottom-up: it trains on whole images (TrainingData.cocoImages)"
                    : " is top-down: it trains on person crops (TrainingData.coco / mpii)"));
        }
        SampleFactory f = new SampleFactory(data, aug, c.inputHeight(), c.inputWidth(), m.proposals(),
                m == TrainingMethod.DIRICHLETMIX, true, c.seed(), m.trainingCorruptions(), c.augmentStylized());
        if (data.bottomUp() && c.augmentation() != null) {
            f.bottomUpAugmentation(BottomUpAugmentation.from(c.augmentation()));
        }
        return f;
    }

    /** A robustpose checkpoint, or any official-key safetensors loaded partially (e.g. a converted .pth). */
    static void loadWeights(Path file, PoseNet net) throws IOException {
        boolean ours;
        try {
            Checkpoints.readInfo(file);
            ours = true;
        } catch (IOException e) {
            ours = false;
        }
        if (ours) {
            Checkpoints.loadInto(file, net);
            return;
        }
        // a PyTorch .pth (official or mmpose names; an ImageNet backbone as init): only the keys both sides have
        WeightImporter.Report r = file.getFileName().toString().endsWith(".pth")
                ? WeightImporter.load(net, io.robustpose.core.model.pth.TorchCheckpoint.read(file).source(),
                        WeightImporter.Mode.PARTIAL)
                : WeightImporter.fromSafetensors(file, net, WeightImporter.Mode.PARTIAL);
        if (r.loaded() == 0) {
            throw new IllegalArgumentException(file + " has no tensor of " + net.architecture().id());
        }
    }
}
