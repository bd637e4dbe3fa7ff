package io.robustpose.cli;

import ai.djl.Device;
import io.robustpose.core.corruption.CorruptionBenchmark;
import io.robustpose.core.device.NativeMemory;
import io.robustpose.core.eval.coco.CocoEvalBenchmark;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.InferenceBenchmark;
import io.robustpose.core.train.TrainBenchmark;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "Benchmarks; each prints one JSON object on stdout.",
        subcommands = {BenchCommand.Corruptions.class, BenchCommand.CocoEval.class, BenchCommand.Inference.class, BenchCommand.Train.class,
                OrchestrationBench.class})
final class BenchCommand {

    @Command(name = "corruptions", description = "Seconds per image of every corruption and severity; sweep_seconds = Σ over the 15 of the mean over severities.")
    static final class Corruptions implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--threads", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--repeat", defaultValue = "5", description = "timed repeats, median reported (default: ${DEFAULT-VALUE})")
        int repeat;

        @Override
        public Integer call() {
            System.out.println(CorruptionBenchmark.run(ImageIo.read(input), threads, repeat).toJson());
            return 0;
        }
    }

    @Command(name = "coco-eval", description = "Times COCO keypoint evaluation on a generated COCO-val-sized case.")
    static final class CocoEval implements Callable<Integer> {
        @Option(names = "--images", defaultValue = "5000", description = "(default: ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--persons", defaultValue = "6352", description = "(default: ${DEFAULT-VALUE})")
        int persons;

        @Option(names = "--detections", defaultValue = "100000", description = "(default: ${DEFAULT-VALUE})")
        int detections;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--write", description = "write the case as DIR/gt.json and DIR/res.json instead of timing it "
                + "(to time whole processes: coco-eval against tools/pycocotools_eval.py)")
        java.nio.file.Path write;

        @Override
        public Integer call() {
            if (write != null) {
                io.robustpose.core.eval.coco.SyntheticKeypointCase.generate(images, persons, detections, seed)
                        .writeTo(write);
                System.out.println(Json.text(java.util.Map.of("gt", write.resolve("gt.json").toString(), "results",
                        write.resolve("res.json").toString())));
                return 0;
            }
            System.out.println(Json.text(CocoEvalBenchmark.run(images, persons, detections, seed).toMap()));
            return 0;
        }
    }

    @Command(name = "inference", description = "Images/s of a pose network's forward pass on this machine (formula weights).")
    static final class Inference implements Callable<Integer> {
        @Option(names = "--arch", required = true, completionCandidates = Options.ArchitectureIds.class,
                description = "${COMPLETION-CANDIDATES}")
        String arch;

        @Option(names = "--batch", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--input", defaultValue = "256x192", description = "HEIGHTxWIDTH (default: ${DEFAULT-VALUE})")
        String input;

        @Option(names = "--warmup", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--iterations", defaultValue = "5", description = "timed batches, median reported (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--deconv", description = "how the transposed convolutions are computed: "
                + "${COMPLETION-CANDIDATES} (default: the networks' default)")
        DeconvMethod deconv = DeconvMethod.DEFAULT;

        @Override
        public Integer call() {
            NativeMemory.forInference();
            Architecture a = Options.architecture("--arch", arch);
            int[] hw = Options.inputSize(input);
            var r = InferenceBenchmark.measure(a, batch, hw[0], hw[1], warmup, iterations, deconv, Device.cpu());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("images_per_second", r.imagesPerSecond());
            out.put("median_seconds_per_batch", r.medianSecondsPerBatch());
            out.put("architecture", a.id());
            out.put("deconv", deconv.name());
            out.put("parameters", r.parameters());
            out.put("batch", batch);
            out.put("input", hw[0] + "x" + hw[1]);
            out.put("intra_op_threads", r.intraOpThreads());
            out.put("seconds_per_batch", r.secondsPerBatch());
            out.put("system_seconds_per_batch", r.perBatch().systemSeconds());
            out.put("page_faults_per_batch", r.perBatch().faults());
            out.put("peak_rss_mb", Math.round(r.peakResidentMb()));
            out.put("glibc_tunables", NativeMemory.mallocTunables());
            out.put("libtorch_huge_pages", NativeMemory.hugePages());
            System.out.println(Json.text(out));
            return 0;
        }
    }

    @Command(name = "train", description = "Seconds per training step (median after warm-up) of a network and method.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--arch", required = true, completionCandidates = Options.ArchitectureIds.class,
                description = "${COMPLETION-CANDIDATES} (top-down)")
        String arch;

        @Option(names = "--batch", defaultValue = "8", description = "(default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--input", defaultValue = "256x192", description = "(default: ${DEFAULT-VALUE})")
        String input;

        @Option(names = "--method", defaultValue = "standard", description = "standard | advmix (default: ${DEFAULT-VALUE})")
        String method;

        @Option(names = "--warmup", defaultValue = "2")
        int warmup;

        @Option(names = "--steps", defaultValue = "5")
        int steps;

        @Option(names = "--trace", paramLabel = "FILE", description = "also write libtorch's profiler trace of the "
                + "measured steps (Chrome trace JSON; tools/op_profile.py sums it per operator)")
        Path trace;

        @Option(names = "--deconv", description = "how the transposed convolutions are computed: "
                + "${COMPLETION-CANDIDATES} (default: the networks' default)")
        DeconvMethod deconv = DeconvMethod.DEFAULT;

        @Override
        public Integer call() {
            Architecture a = Options.architecture("--arch", arch).requireTopDown("--arch");
            int[] hw = Options.inputSize(input);
            System.out.println(TrainBenchmark.run(a, batch, hw[0], hw[1], method, warmup, steps, trace, deconv).toJson());
            return 0;
        }
    }
}
