package io.robustpose.workflow.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.core.benchmark.AnnotatedImageFiles;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.workflow.orchestration.Planner;
import io.robustpose.workflow.worker.TaskContext;
import io.robustpose.workflow.worker.TaskHandler;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test doubles for the worker-runtime tests, which are about Kafka semantics (delivery, release,
 * resume, retries) and need tasks of a controlled length: a trainer that sleeps through epochs and
 * writes one checkpoint per epoch, an evaluation that measures mean intensities. They keep the real
 * handlers' contracts (idempotent outputs at deterministic paths, progress events, resume from the
 * last checkpoint). Test code only: production workers run the real handlers.
 */
public final class SimulatedHandlers {
    private SimulatedHandlers() {
    }

    /** A trainer whose epochs take {@code secondsPerEpoch}. */
    public static TaskHandler train(double secondsPerEpoch) {
        return (task, ctx) -> train(task, ctx, secondsPerEpoch);
    }

    /** Simulated eval, aggregate and report over {@code handlers}' real ones. */
    public static Map<io.robustpose.workflow.message.TaskType, TaskHandler> withSimulatedEvaluation(
            Map<io.robustpose.workflow.message.TaskType, TaskHandler> handlers) {
        Map<io.robustpose.workflow.message.TaskType, TaskHandler> out = new java.util.HashMap<>(handlers);
        out.put(io.robustpose.workflow.message.TaskType.EVAL, SimulatedHandlers::eval);
        out.put(io.robustpose.workflow.message.TaskType.AGGREGATE, SimulatedHandlers::aggregate);
        out.put(io.robustpose.workflow.message.TaskType.REPORT, SimulatedHandlers::report);
        return out;
    }

    /** Writes one checkpoint per epoch and resumes after the last one found. */
    static TaskHandler.Result train(Task task, TaskContext ctx, double secondsPerEpoch) throws Exception {
        JsonNode training = task.params().path("model").path("training");
        int epochs = training.path("epochs").asInt(1);
        long epochMillis = (long) (secondsPerEpoch * 1000);
        String out = task.param("out");
        int start = 0;
        while (start < epochs && ctx.artifacts().exists(out + "/checkpoints/epoch-" + (start + 1) + ".json")) {
            start++;
        }
        for (int epoch = start + 1; epoch <= epochs; epoch++) {
            long end = System.currentTimeMillis() + epochMillis;
            while (System.currentTimeMillis() < end) {
                if (ctx.cancelled()) {
                    throw new InterruptedException("worker shutting down");
                }
                Thread.sleep(Math.min(50, Math.max(1, end - System.currentTimeMillis())));
                ctx.progress((epoch - 1) / (double) epochs, "epoch " + epoch, Map.of("epoch", (double) epoch));
            }
            ObjectNode ckpt = Json.MAPPER.createObjectNode().put("epoch", epoch).put("resumedFrom", start)
                    .put("worker", ctx.workerId());
            ctx.artifacts().writeAtomically(out + "/checkpoints/epoch-" + epoch + ".json", Json.encode(ckpt));
            ctx.progress(epoch / (double) epochs, "epoch " + epoch + " done", Map.of("epoch", (double) epoch));
        }
        ObjectNode model = Json.MAPPER.createObjectNode().put("epochs", epochs).put("resumedFrom", start);
        model.set("model", task.params().path("model"));
        ctx.artifacts().writeAtomically(out + "/model.json", Json.encode(model));
        return new TaskHandler.Result(Map.of("model", out + "/model.json"),
                Map.of("epochs", (double) epochs, "resumedFromEpoch", (double) start));
    }

    /** Measures the mean intensity of each image of the shard (clean or corrupted copy). */
    public static TaskHandler.Result eval(Task task, TaskContext ctx) throws IOException {
        List<String> files = AnnotatedImageFiles.shard(AnnotatedImageFiles.of(DatasetFormat.byId(task.param("format"))
                .orElseThrow(), Path.of(task.param("annotations"))), task.intParam("shard", 0), task.intParam("shards", 1));
        String corruption = task.param("corruption");
        int severity = task.intParam("severity", 0);
        boolean fromTree = !corruption.equals(Planner.CLEAN) && task.params().hasNonNull("corruptedDir");
        double sum = 0;
        int n = 0;
        for (String f : files) {
            Path p = fromTree ? ctx.artifacts().resolve(task.param("corruptedDir") + "/" + corruption + "/" + severity + "/" + f)
                    : Path.of(task.param("images")).resolve(f);
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) {
                throw new IOException(p + ": not a readable image");
            }
            sum += meanIntensity(img);
            n++;
            ctx.imagesProcessed(1);
            ctx.progress(n / (double) files.size(), corruption, Map.of());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("images", (double) n);
        metrics.put("mean_intensity", n == 0 ? 0 : sum / n);
        String out = task.param("out") + "/metrics.json";
        ObjectNode doc = Json.MAPPER.createObjectNode().put("corruption", corruption).put("severity", severity);
        doc.set("metrics", Json.MAPPER.valueToTree(metrics));
        ctx.artifacts().writeAtomically(out, Json.encode(doc));
        return new TaskHandler.Result(Map.of("metrics", out), metrics);
    }

    /** Collects the eval results of one model into one file. */
    public static TaskHandler.Result aggregate(Task task, TaskContext ctx) throws IOException {
        ObjectNode doc = Json.MAPPER.createObjectNode().put("model", task.param("model"));
        ObjectNode conditions = doc.putObject("conditions");
        for (var e : task.inputs().entrySet()) {
            String ref = e.getValue().get("metrics");
            if (ref != null) {
                conditions.set(e.getKey(), Json.MAPPER.readTree(ctx.artifacts().resolve(ref).toFile()));
            }
        }
        String out = task.param("out") + "/aggregate.json";
        ctx.artifacts().writeAtomically(out, Json.encode(doc));
        return new TaskHandler.Result(Map.of("aggregate", out), Map.of("conditions", (double) conditions.size()));
    }

    /** Writes a Markdown summary naming each model's aggregate. */
    public static TaskHandler.Result report(Task task, TaskContext ctx) throws IOException {
        StringBuilder md = new StringBuilder("# " + task.param("name", "experiment") + " (" + task.experimentId() + ")\n\n");
        for (var e : task.inputs().entrySet()) {
            md.append("- ").append(e.getKey()).append(": ").append(e.getValue().get("aggregate")).append('\n');
        }
        String out = task.param("out") + "/report.md";
        ctx.artifacts().writeAtomically(out, md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new TaskHandler.Result(Map.of("markdown", out), Map.of());
    }

    private static double meanIntensity(BufferedImage img) {
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
            }
        }
        return sum / (3.0 * img.getWidth() * img.getHeight());
    }
}
