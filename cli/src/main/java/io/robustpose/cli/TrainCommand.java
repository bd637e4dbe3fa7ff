package io.robustpose.cli;

import ai.djl.Device;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.CocoValidation;
import io.robustpose.core.train.ValidationHook;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.data.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train", description = "Train a pose network (standard, AdvMix or an ablation method) locally; "
        + "resumes from the last checkpoint in --out.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions training;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--val-images", description = "validation images: AP (COCO/OCHuman) or PCKh (MPII, with "
            + "--val-head-boxes) after every epoch, logged to OUT/training-log.jsonl; the best epoch kept as "
            + "model_best.safetensors")
    Path valImages;

    @Option(names = "--val-head-boxes", description = "MPII validation: gt_valid.mat, a JSON file of head boxes, or "
            + "from-joints")
    String valHeadBoxes;

    @Option(names = "--val-annotations", description = "validation annotations (with --val-images)")
    Path valAnnotations;

    @Option(names = "--val-max-images", defaultValue = "0", description = "validate on the first N images only (0: all)")
    int valMaxImages;

    @Option(names = "--device", defaultValue = "auto", description = "where training runs: " + DeviceRequest.FORMS
            + " (auto: every GPU libtorch can use, else the CPU; several GPUs train data-parallel, the micro-batches "
            + "of --accumulate spread over them; default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--out", required = true, description = "run directory (checkpoints/, model.safetensors)")
    Path out;

    @Override
    public Integer call() throws Exception {
        java.util.List<Device> placement = Accelerators.resolve(DeviceRequest.parse(device),
                Accelerators.Runtime.PYTORCH);
        TrainingMethod m = training.method();
        Architecture a = training.architecture();
        TrainingConfig.Builder b = training.builder(out).checkpointEverySteps(checkpointEvery).resume(true);
        TrainingData data = training.data();
        ValidationHook validation = ValidationHook.NONE;
        if ((valImages == null) != (valAnnotations == null)) {
            throw new IllegalArgumentException("--val-images and --val-annotations go together");
        }
        if (valImages != null && "mpii".equals(training.format)) {
            if (valHeadBoxes == null) {
                throw new IllegalArgumentException("--val-head-boxes: required to validate on MPII (gt_valid.mat, "
                        + "a JSON file of head boxes, or from-joints)");
            }
            validation = new io.robustpose.core.train.MpiiValidation(
                    io.robustpose.core.dataset.MpiiDataset.read(valAnnotations), valHeadBoxes, valImages, training.threads);
        } else if (valImages != null) {
            CocoDataset gt = CocoReader.of(DatasetFormat.COCO).withoutSegmentation().read(valAnnotations);
            validation = new CocoValidation(gt, valImages, training.threads, valMaxImages);
        }
        Trainer trainer = new Trainer(b.build(), placement);
        if (trainer.devices().size() < placement.size()) {
            System.err.printf("%d of %d devices used: a step has %d micro-batches (--accumulate), one per device at most%n",
                    trainer.devices().size(), placement.size(), b.build().accumulationSteps());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(trainer::requestStop, "train-stop"));
        Progress progress = Progress.onStderr();
        TrainingResult r = trainer.train(data, new ProgressListener() {
            @Override
            public void onStart(TrainingRun run) {
                System.err.printf("%s %s on %s: %d samples, %d steps/epoch%s%n", m.id(), a.id(), trainer.devices(), run.samples(),
                        run.stepsPerEpoch(),
                        run.resumedFrom() == null ? "" : ", resumed from " + run.resumedFrom());
            }

            @Override
            public void onStep(StepProgress p) {
                progress.update(String.format("epoch %d/%d loss %.6f %.1f img/s", p.epoch() + 1, p.epochs(), p.loss(),
                        p.imagesPerSecond()), p.globalStep(), p.totalSteps());
            }

            @Override
            public void onValidation(int epoch, java.util.Map<String, Double> metrics) {
                System.err.printf("%nepoch %d validation AP %.4f%n", epoch + 1, metrics.getOrDefault("AP", Double.NaN));
            }
        }, validation);
        System.out.println(r.model());
        return r.completed() ? 0 : 3;
    }
}
