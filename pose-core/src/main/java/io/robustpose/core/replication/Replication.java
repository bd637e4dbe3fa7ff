package io.robustpose.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.robustpose.core.AtomicFiles;
import io.robustpose.core.FileTrees;
import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.RobustnessRun;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.KeypointResultsWriter;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.Provenance;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.inference.PoseModel;
import io.robustpose.core.inference.PoseModels;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.core.train.CocoValidation;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.augment.ProceduralStylization;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@link Protocol} in a directory, resumably: every stage leaves its result on disk and is
 * skipped when it is there, a training resumes from its last checkpoint, an evaluation from its
 * last finished condition. Layout:
 * <pre>
 * protocol.json                the protocol (a re-run must use the same one)
 * data/{train,val}/            the synthetic dataset
 * base/                        the standard base (training-log.jsonl: its validation curve)
 * runs/&lt;method&gt;-seed&lt;k&gt;/       continuations from the base (teacher = base)
 * eval/&lt;model&gt;/&lt;condition&gt;/   predictions per condition; eval/&lt;model&gt;/metrics.json
 * results.json, report.md      per-model metrics, paired differences over seeds, curves
 * </pre>
 * Extra models (e.g. the authors' code trained on the same data, {@code tools/advmix_official_anchor.py
 * train}) are evaluated on the same grid and reported beside the protocol's own.
 */
public final class Replication {

    public static final String PROTOCOL = "protocol.json";
    public static final String RESULTS = "results.json";
    public static final String REPORT = "report.md";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Protocol protocol;
    private final Path dir;
    private final Map<String, Path> extraModels;
    private final int threads;
    private final Consumer<String> log;

    public Replication(Protocol protocol, Path dir, Map<String, Path> extraModels, int threads, Consumer<String> log) {
        this.protocol = protocol;
        this.dir = dir;
        this.extraModels = Map.copyOf(extraModels);
        this.threads = threads;
        this.log = log;
    }

    /** Name of a continuation run. */
    public static String runName(TrainingMethod method, long seed) {
        return method.id() + "-seed" + seed;
    }

    /** Every stage that is not done yet, then the results and the report. */
    public ReplicationResults run() throws Exception {
        Files.createDirectories(dir);
        fixProtocol();
        Path data = data();
        // every model is evaluated as soon as it is trained, and the results rewritten: a long run shows
        // its first seeds' numbers while the next ones train
        Map<String, ModelMetrics> metrics = new LinkedHashMap<>();
        Path base = train("base", baseConfig(data, protocol.architecture(), "base"), data);
        record(metrics, "base", base, data);
        Path fpdTeacher = null;
        if (protocol.methods().contains(TrainingMethod.FPD)) {
            String name = "teacher-" + protocol.fpdTeacher().id();
            fpdTeacher = train(name, baseConfig(data, protocol.fpdTeacher(), name), data);
            record(metrics, name, fpdTeacher, data);
        }
        for (var e : extraModels.entrySet()) {
            record(metrics, e.getKey(), e.getValue(), data);
        }
        for (long seed : protocol.seeds()) {
            for (TrainingMethod m : protocol.methods()) {
                String name = runName(m, seed);
                record(metrics, name, train(name, continuationConfig(m, seed, base, fpdTeacher), data), data);
            }
        }
        return write(metrics);
    }

    private void record(Map<String, ModelMetrics> metrics, String name, Path model, Path data) throws Exception {
        metrics.put(name, evaluate(name, model, data));
        write(metrics);
    }

    private ReplicationResults write(Map<String, ModelMetrics> metrics) throws IOException {
        ReplicationResults results = ReplicationResults.of(protocol, dir, metrics);
        AtomicFiles.write(dir.resolve(RESULTS), JSON.writeValueAsBytes(results.toJson()));
        AtomicFiles.write(dir.resolve(REPORT), ReplicationReport.markdown(results).getBytes(StandardCharsets.UTF_8));
        return results;
    }

    /** The protocol is written once; a re-run with another one is refused rather than mixed in. */
    private void fixProtocol() throws IOException {
        Path file = dir.resolve(PROTOCOL);
        byte[] mine = JSON.writeValueAsBytes(protocol);
        if (Files.exists(file)) {
            JsonNode stored = JSON.readTree(file.toFile());
            if (!stored.equals(JSON.readTree(mine))) {
                throw new IllegalArgumentException(file + " holds another protocol; use another directory (stored: "
                        + stored + ")");
            }
            return;
        }
        AtomicFiles.write(file, mine);
    }

    private Path data() throws IOException {
        Path data = dir.resolve("data");
        Path done = data.resolve(".complete");
        if (!Files.exists(done)) {
            log.accept("synthesizing " + protocol.trainImages() + " + " + protocol.valImages() + " images");
            SyntheticPeople.writeDataset(data, protocol.trainImages(), protocol.valImages(), protocol.dataSeed(),
                    SyntheticPeople.Options.demo().withThreads(threads));
            Files.writeString(done, "");
        }
        return data;
    }

    /** The base, or the FPD teacher (another architecture, the same schedule). */
    TrainingConfig baseConfig(Path data, Architecture architecture, String name) {
        Protocol p = protocol;
        return TrainingConfig.builder(TrainingMethod.STANDARD, architecture, dir.resolve(name))
                .input(p.inputHeight(), p.inputWidth()).batchSize(p.batch()).epochs(p.baseEpochs())
                .learningRate(p.baseLr()).lrMilestones(Protocol.fractions(p.baseLrSteps(), p.baseEpochs()))
                .loss(p.baseLoss()).seed(p.baseSeed()).loaderThreads(threads).resume(true).build();
    }

    /** A continuation from the base; the teacher is the base, or for FPD the stronger network. */
    TrainingConfig continuationConfig(TrainingMethod method, long seed, Path base, Path fpdTeacher) {
        Protocol p = protocol;
        TrainingConfig.Builder b = TrainingConfig.builder(method, p.architecture(),
                        dir.resolve("runs").resolve(runName(method, seed)))
                .input(p.inputHeight(), p.inputWidth()).batchSize(p.batch()).epochs(p.continueEpochs())
                .learningRate(p.continueLr()).lrMilestones(Protocol.fractions(p.continueLrSteps(), p.continueEpochs()))
                .loss(p.continueLoss()).seed(seed).initCheckpoint(base).teacherCheckpoint(base)
                .loaderThreads(threads).resume(true);
        if (method == TrainingMethod.FPD) {
            b.teacherCheckpoint(fpdTeacher).teacherArchitecture(p.fpdTeacher());
        }
        return b.build();
    }

    private Path train(String name, TrainingConfig config, Path data) throws IOException {
        Path model = config.outputDir().resolve("model.safetensors");
        if (Files.exists(model)) {
            return model;
        }
        log.accept("training " + name + " (" + config.method().id() + ", " + config.epochs() + " epochs)");
        TrainingData train = TrainingData.coco(CocoReader.of(DatasetFormat.COCO).withoutSegmentation()
                .read(data.resolve("train/annotations.json")), data.resolve("train/images"));
        if (config.method().usesStylizedSource()) {
            train = train.withStylized(data.resolve("train/images"), stylized(data));
        }
        CocoDataset val = CocoReader.of(DatasetFormat.COCO).withoutSegmentation().read(data.resolve("val/annotations.json"));
        TrainingResult r = new Trainer(config).train(train, new ProgressListener() {
            @Override
            public void onValidation(int epoch, Map<String, Double> metrics) {
                log.accept(String.format("  %s epoch %d: validation AP %.4f", name, epoch + 1, metrics.get("AP")));
            }
        }, new CocoValidation(val, data.resolve("val/images"), threads, protocol.validationImages()));
        if (!r.completed()) {
            throw new IllegalStateException("training " + name + " stopped before its last epoch");
        }
        return r.model();
    }

    /** The procedural stand-in for Stylized-COCO of the training images (written once). */
    private Path stylized(Path data) throws IOException {
        Path out = data.resolve("train-stylized");
        Path done = out.resolve(".complete");
        if (!Files.exists(done)) {
            log.accept("stylizing the training images (procedural stand-in for Stylized-COCO)");
            CocoDataset d = CocoReader.of(DatasetFormat.COCO).withoutSegmentation()
                    .read(data.resolve("train/annotations.json"));
            ProceduralStylization.writeCopy(data.resolve("train/images"),
                    d.images().stream().map(CocoImage::fileName).toList(), out,
                    protocol.dataSeed());
            Files.writeString(done, "");
        }
        return out;
    }

    /** Clean + the grid, resuming at the first condition without predictions; predictions kept per condition. */
    private ModelMetrics evaluate(String name, Path model, Path data) throws Exception {
        Path out = dir.resolve("eval").resolve(name);
        Files.createDirectories(out);
        String fingerprint = Provenance.sha256(model);
        Path stamp = out.resolve("model.sha256");
        if (Files.exists(stamp) && !Files.readString(stamp).trim().equals(fingerprint)) {
            log.accept("  " + name + ": the model changed since its predictions were made; evaluating again");
            FileTrees.deleteContents(out);
        }
        Files.writeString(stamp, fingerprint);
        CocoDataset gt = CocoReader.of(DatasetFormat.COCO).read(data.resolve("val/annotations.json"));
        var setup = new CocoBenchmark.Setup(gt, data.resolve("val/images"), PersonSources.groundTruth(gt),
                Corruptor.withProceduralFrost(), protocol.corruptionSeed(), null, threads);
        ModelMetrics metrics = new ModelMetrics(name);
        List<Condition> conditions = Condition.all(protocol.corruptions(), protocol.severities());
        List<Condition> todo = new ArrayList<>();
        for (Condition c : conditions) {
            Path file = out.resolve(c.id()).resolve(RobustnessRun.PREDICTIONS);
            if (Files.exists(file)) {
                RobustnessRun.record(metrics, c, RobustnessRun.ap(gt, KeypointResults.read(file).results()));
            } else {
                todo.add(c);
            }
        }
        if (!todo.isEmpty()) {
            log.accept("evaluating " + name + ": " + todo.size() + " of " + conditions.size() + " conditions to go");
            try (PoseModel m = PoseModels.open(model, "bodypix")) {
                TopDownEstimator estimator = new TopDownEstimator(m, TopDownEstimator.Options.PUBLISHED);
                for (Condition c : todo) {
                    CocoBenchmark.Outcome o = CocoBenchmark.predict(estimator, setup, c, CocoBenchmark.shard(setup, 0, 1),
                            null);
                    List<KeypointResult> results = o.results();
                    KeypointResultsWriter.write(Files.createDirectories(out.resolve(c.id()))
                            .resolve(RobustnessRun.PREDICTIONS), results);
                    RobustnessRun.record(metrics, c, RobustnessRun.ap(gt, results));
                }
            }
        }
        RobustnessRun.writeMetrics(out.resolve(RobustnessRun.METRICS), List.of(metrics));
        return metrics;
    }
}
