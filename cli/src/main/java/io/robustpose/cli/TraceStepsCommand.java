package io.robustpose.cli;

import io.robustpose.core.train.StepTrace;
import io.robustpose.core.train.TrainingStep;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trace-steps", description = "Run the first steps of a training and record weights, inputs and losses, "
        + "so another implementation (tools/advmix_official_anchor.py runs the authors' code) can replay them.")
final class TraceStepsCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions training;

    @Option(names = "--steps", defaultValue = "20", description = "steps to record (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--out", required = true, description = "trace directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<TrainingStep.Losses> losses = StepTrace.record(training.builder(out).resume(false).build(), training.data(),
                steps, out);
        for (int i = 0; i < losses.size(); i++) {
            TrainingStep.Losses l = losses.get(i);
            System.err.printf("step %d loss %.8f hm %.8f kd %.8f G %.8f%n", i, l.total(), l.heatmap(), l.kd(), l.generator());
        }
        System.out.println(out.resolve("trace.json"));
        return 0;
    }
}
