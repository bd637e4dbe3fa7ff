package io.robustpose.cli;

import io.robustpose.core.corruption.Corruptor;
import io.robustpose.workflow.handlers.ExperimentReport;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.worker.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Writes (again) an experiment's report from its artifacts: the same code as the orchestrator's
 * report task, replayed from the task it saved; for an experiment whose report task has not run,
 * from the model metrics found so far (tables and charts, no sample images).
 */
@Command(name = "report", description = "Write an experiment's HTML/Markdown/JSON report from its artifacts and print its path.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "experiment id")
    String id;

    @Option(names = "--artifacts", defaultValue = "work/demo/artifacts",
            description = "the artifact store the services wrote to (default: ${DEFAULT-VALUE})")
    Path artifacts;

    @Option(names = "--frost-dir", description = "official frost textures (as the workers used), for on-the-fly samples")
    Path frostDir;

    @Override
    public Integer call() throws Exception {
        ArtifactStore store = new ArtifactStore(artifacts.toAbsolutePath());
        String reportDir = ArtifactLayout.reportDir(id);
        Path saved = store.resolve(reportDir + "/" + ExperimentReport.TASK_FILE);
        Task task;
        if (Files.exists(saved)) {
            task = Json.MAPPER.readValue(saved.toFile(), Task.class);
        } else {
            task = fromMetrics(store, reportDir);
        }
        Corruptor corruptor = frostDir == null ? Corruptor.withProceduralFrost() : Corruptor.withFrostDirectory(frostDir);
        ExperimentReport.Written w = ExperimentReport.write(task, store, corruptor);
        for (var f : w.files().entrySet()) {
            System.out.println(f.getKey() + ": " + store.resolve(f.getValue()));
        }
        return 0;
    }

    private Task fromMetrics(ArtifactStore store, String reportDir) throws Exception {
        Path evalRoot = store.resolve(ArtifactLayout.runDir(id) + "/eval");
        if (!Files.isDirectory(evalRoot)) {
            throw new IllegalArgumentException("no experiment '" + id + "' under " + artifacts.toAbsolutePath()
                    + " (expected " + evalRoot + "; --artifacts names the services' artifact store)");
        }
        Map<String, Map<String, String>> inputs = new TreeMap<>();
        try (Stream<Path> models = Files.list(evalRoot)) {
            for (Path m : models.sorted().toList()) {
                String rel = ArtifactLayout.modelEvalDir(id, m.getFileName().toString());
                if (Files.exists(m.resolve("metrics.json"))) {
                    inputs.put("aggregate-" + m.getFileName(), Map.of("metrics", rel + "/metrics.json"));
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("experiment '" + id + "' has no aggregated model metrics yet under " + evalRoot);
        }
        System.err.println("robustpose report: the report task of " + id + " has not run; writing tables and charts from "
                + inputs.size() + " model(s) without sample images");
        var params = Json.MAPPER.createObjectNode().put("out", reportDir).put("name", id);
        return Task.of("report", id, TaskType.REPORT, 1, params, inputs);
    }
}
