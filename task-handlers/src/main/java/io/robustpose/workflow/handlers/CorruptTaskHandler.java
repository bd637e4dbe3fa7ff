package io.robustpose.workflow.handlers;

import io.robustpose.core.benchmark.AnnotatedImageFiles;
import io.robustpose.core.benchmark.CorruptedDatasetWriter;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.worker.TaskContext;
import io.robustpose.workflow.worker.TaskHandler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrupt tasks: one shard of a dataset's annotated images × a set of corruptions × severities,
 * written into the artifact store in the official {@code <corruption>/<severity>/<file>} layout.
 * Files already present are complete (atomic writes) and skipped, so a re-delivered task only
 * finishes what is missing. Unreadable or oversized images are listed in {@code failures-shardN.json}.
 */
public final class CorruptTaskHandler implements TaskHandler {
    private final Corruptor corruptor;
    private final int threads;
    private final long maxPixels;

    public CorruptTaskHandler(Corruptor corruptor, int threads, long maxPixels) {
        this.corruptor = corruptor;
        this.threads = threads;
        this.maxPixels = maxPixels;
    }

    @Override
    public Result handle(Task task, TaskContext ctx) throws Exception {
        DatasetFormat format = DatasetFormat.byId(task.param("format")).orElseThrow(() ->
                new IllegalArgumentException("params.format: unknown '" + task.param("format") + "'"));
        List<String> files = AnnotatedImageFiles.shard(AnnotatedImageFiles.of(format, Path.of(task.param("annotations"))),
                task.intParam("shard", 0), task.intParam("shards", 1));
        List<Corruption> corruptions = new ArrayList<>();
        task.params().path("corruptions").forEach(n -> corruptions.add(Corruption.byId(n.asText()).orElseThrow(() ->
                new IllegalArgumentException("params.corruptions: unknown '" + n.asText() + "'"))));
        List<Integer> severities = new ArrayList<>();
        task.params().path("severities").forEach(n -> severities.add(n.asInt()));
        String out = task.param("out");
        var options = new CorruptedDatasetWriter.Options(corruptions, severities, task.params().path("seed").asLong(1),
                task.param("imageFormat", "jpg"), task.intParam("jpegQuality", 75), threads, maxPixels);
        // progress comes from the writer's threads, each with its own snapshot of the totals
        var summary = CorruptedDatasetWriter.write(Path.of(task.param("images")), files, ctx.artifacts().resolve(out),
                options, corruptor, p -> {
                    ctx.imagesProcessedSoFar(p.written());
                    synchronized (ctx) {
                        ctx.progress(p.done() / (double) Math.max(1, p.total()), corruptions.get(0).id(),
                                Map.of("written", (double) p.written(), "failed", (double) p.failed()));
                    }
                });
        Map<String, String> results = new LinkedHashMap<>();
        results.put("dir", out);
        if (!summary.failures().isEmpty()) {
            String failures = out + "/failures-" + task.taskId() + ".json";
            ctx.artifacts().writeAtomically(failures, Json.encode(summary.failures()));
            results.put("failures", failures);
        }
        return new Result(results, Map.of("written", (double) summary.written(), "skipped", (double) summary.skipped(),
                "failed", (double) summary.failures().size(), "seconds", summary.seconds()));
    }
}
