package io.robustpose.cli;

import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.orchestration.Planner;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.ExperimentSpec;
import io.robustpose.workflow.spec.SpecException;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.spec.SpecValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** The orchestrator's submit-time validation, offline: the same reader, validator and planner. */
@Command(name = "validate", description = "Check an experiment spec offline exactly as the orchestrator does at submit "
        + "(fields, ranges, files under the data roots) and print the tasks it would plan; exit 2 with every field error.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "spec file (YAML or JSON)")
    Path spec;

    @Option(names = "--data-roots", defaultValue = "${env:ROBUSTPOSE_DATA_ROOTS:-data}",
            description = "':'-separated roots the spec's paths are relative to, as the orchestrator's "
                    + "ROBUSTPOSE_DATA_ROOTS (default: ${DEFAULT-VALUE})")
    String dataRoots;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
        ExperimentSpec canonical;
        try {
            canonical = SpecValidator.validate(SpecReader.read(Files.readString(spec)), DataRoots.parse(dataRoots));
        } catch (SpecException e) {
            System.err.println(spec + ": invalid");
            e.errors().forEach(f -> System.err.println("  " + f));
            return 2;
        }
        Map<String, TaskStatus> plan = Planner.plan("validate", canonical);
        Map<TaskType, Integer> byType = new TreeMap<>();
        plan.values().forEach(t -> byType.merge(t.type(), 1, Integer::sum));
        System.out.printf("%s: valid — %d model(s), %d tasks %s%n", spec, canonical.models().size(), plan.size(), byType);
        return 0;
    }
}
