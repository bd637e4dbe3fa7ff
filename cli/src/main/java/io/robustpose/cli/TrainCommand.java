package io.robustpose.cli;

import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.data.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train", description = "Train a pose network (standard, AdvMix or an ablation method) locally; "
        + "resumes from the last checkpoint in --out.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "standard",
            description = "standard | advmix | advmix-image | advmix-nokd | equalmix | dirichletmix | sequentialmix | kd-only")
    String method;

    @Option(names = "--arch", required = true, description = "simplebaseline-resnet18|50|101|152, hrnet-w32|w48")
    String arch;

    @Option(names = "--format", required = true, description = "coco | mpii | ochuman")
    String format;

    @Option(names = "--images", required = true)
    Path images;

    @Option(names = "--annotations", required = true)
    Path annotations;

    @Option(names = "--init", description = "initial weights (checkpoint / safetensors with official keys)")
    Path init;

    @Option(names = "--teacher", description = "teacher for the KD methods (default: --init)")
    Path teacher;

    @Option(names = "--epochs", defaultValue = "210", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "(default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--input", defaultValue = "256x192", description = "HEIGHTxWIDTH, multiples of 32 (default: ${DEFAULT-VALUE})")
    String input;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--threads", defaultValue = "2", description = "data loading threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", required = true, description = "run directory (checkpoints/, model.safetensors)")
    Path out;

    @Override
    public Integer call() {
        TrainingMethod m = TrainingMethod.byId(method).orElseThrow(() -> new IllegalArgumentException("--method: unknown '" + method + "'"));
        Architecture a = Architecture.byId(arch).orElseThrow(() -> new IllegalArgumentException("--arch: unknown '" + arch + "'"));
        DatasetFormat f = DatasetFormat.byId(format).orElseThrow(() -> new IllegalArgumentException("--format: unknown '" + format + "'"));
        int[] hw = Options.inputSize(input);
        TrainingConfig.Builder b = TrainingConfig.builder(m, a, out).input(hw[0], hw[1]).epochs(epochs).batchSize(batch)
                .learningRate(lr).seed(seed).checkpointEverySteps(checkpointEvery).loaderThreads(threads).resume(true);
        if (init != null) {
            b.initCheckpoint(init);
        }
        if (teacher != null) {
            b.teacherCheckpoint(teacher);
        }
        TrainingData data = f == DatasetFormat.MPII ? TrainingData.mpii(MpiiDataset.read(annotations), images)
                : TrainingData.coco(CocoReader.of(f).withoutSegmentation().read(annotations), images);
        Trainer trainer = new Trainer(b.build());
        Runtime.getRuntime().addShutdownHook(new Thread(trainer::requestStop, "train-stop"));
        TrainingResult r = trainer.train(data, new ProgressListener() {
            @Override
            public void onStart(TrainingRun run) {
                System.err.printf("%s %s: %d samples, %d steps/epoch%s%n", m.id(), a.id(), run.samples(), run.stepsPerEpoch(),
                        run.resumedFrom() == null ? "" : ", resumed from " + run.resumedFrom());
            }

            @Override
            public void onStep(StepProgress p) {
                Options.progressBar(String.format("epoch %d/%d loss %.6f %.1f img/s", p.epoch() + 1, p.epochs(), p.loss(),
                        p.imagesPerSecond()), p.globalStep(), p.totalSteps());
            }
        }, null);
        System.out.println(r.model());
        return r.completed() ? 0 : 3;
    }
}
