package io.robustpose.cli;

import io.robustpose.core.corruption.CorruptionBenchmark;
import io.robustpose.core.eval.coco.CocoEvalBenchmark;
import io.robustpose.core.image.ImageIo;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "Benchmarks; each prints one JSON object on stdout.",
        subcommands = {BenchCommand.Corruptions.class, BenchCommand.CocoEval.class})
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

        @Override
        public Integer call() {
            System.out.println(Json.text(CocoEvalBenchmark.run(images, persons, detections, seed).toMap()));
            return 0;
        }
    }
}
