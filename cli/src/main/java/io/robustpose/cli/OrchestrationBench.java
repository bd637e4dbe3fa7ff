package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.message.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The orchestration load test of issue 12: many experiments of fast eval tasks (a small untrained
 * model on two images, 19 corruptions × 5 severities + clean in two shards, aggregate and report:
 * 194 tasks each) through a real broker, the real orchestrator and N real eval workers. Reports the
 * dispatch rate, the wait a task sees from ready (its last dependency recorded done, or the
 * submission) to started on a worker — which includes queueing for a free worker; the orchestrator
 * dispatches in the transaction that records the dependency, so its own share is not separable here —
 * the orchestrator's
 * CPU time and peak RSS, the status topic's bytes, and the orchestrator's CPU as a fraction of the
 * total task time.
 */
@Command(name = "orchestration", description = "Load test: N experiments of 194 fast eval tasks through the real "
        + "processes; prints dispatch rate, latencies, orchestrator CPU/RSS, status-topic bytes and overhead as JSON.")
final class OrchestrationBench implements Callable<Integer> {
    private static final int TASKS_PER_EXPERIMENT = 194;

    @Option(names = "--experiments", defaultValue = "52", description = "experiments (52 x 194 = 10,088 tasks; default: ${DEFAULT-VALUE})")
    int experiments;

    @Option(names = "--eval-workers", defaultValue = "2", description = "eval-worker processes (default: ${DEFAULT-VALUE})")
    int evalWorkers;

    @Option(names = "--work", description = "working directory (default: a new temporary one)")
    Path work;

    @Option(names = "--profile-orchestrator", paramLabel = "FILE",
            description = "record a Java Flight Recording (profile settings) of the orchestrator into FILE")
    Path profile;

    @Option(names = "--orchestrator-jvm-options", paramLabel = "OPTIONS",
            description = "extra JVM options of the orchestrator process only (e.g. JIT settings to compare)")
    String orchestratorJvmOptions;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? work : Files.createTempDirectory("robustpose-load");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path data = dir.resolve("data");
        SyntheticPeople.writeSplit(data.resolve("sample"), "val", 2, 3, SyntheticPeople.Options.small());
        Path model = data.resolve("tiny.safetensors");
        try (var manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, 64, 64);
            Checkpoints.save(model, net, Map.of());
        }
        int brokerPort = EmbeddedKafka.freePort();
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            ServiceProcess broker = ServiceProcess.cli("broker", List.of("broker", "--data",
                    dir.resolve("broker").toString(), "--port", String.valueOf(brokerPort)), brokerPort, logs).start();
            processes.add(broker);
            broker.awaitLog("broker ready", Duration.ofSeconds(120));
            Map<String, String> env = Map.of("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + brokerPort,
                    "ROBUSTPOSE_ARTIFACTS", dir.resolve("artifacts").toString(),
                    "ROBUSTPOSE_DATA_ROOTS", data.toString());
            Map<String, String> orchestratorEnv = new java.util.HashMap<>(env);
            String jvmOptions = (orchestratorJvmOptions == null ? "" : orchestratorJvmOptions) + (profile == null ? ""
                    : " -XX:StartFlightRecording:settings=profile,dumponexit=true,filename=" + profile.toAbsolutePath());
            if (!jvmOptions.isBlank()) {
                orchestratorEnv.put("JAVA_TOOL_OPTIONS", jvmOptions.strip());
            }
            ServiceProcess orchestrator = new ServiceProcess("orchestrator", "orchestrator", orchestratorEnv, logs).start();
            processes.add(orchestrator);
            for (int i = 0; i < evalWorkers; i++) {
                Map<String, String> e = new java.util.HashMap<>(env);
                e.put("ROBUSTPOSE_WORKER_ID", "eval-" + i);
                processes.add(new ServiceProcess("eval-worker", "eval-" + i, e, logs).start());
            }
            for (ServiceProcess p : processes.subList(1, processes.size())) {
                p.awaitReady(Duration.ofSeconds(180));
            }
            double cpu0 = cpuSeconds(orchestrator.pid());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < experiments; i++) {
                String spec = """
                        name: load-%d
                        dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                        benchmark: {corruptions: all, severities: "1-5", mode: on-the-fly, evalShards: 2}
                        models:
                          - {name: tiny, file: %s}
                        report: {formats: [json], sampleImages: 0}
                        """.formatted(i, model);
                var r = http.send(HttpRequest.newBuilder(URI.create(orchestrator.url() + "/experiments"))
                        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("submission refused: " + r.body());
                }
                ids.add(Json.MAPPER.readTree(r.body()).get("id").asText());
            }
            // watched through the summary list (what a dashboard polls), not by fetching full statuses every second:
            // serving 194-task statuses is the API's work, not orchestration; each is fetched once at the end
            while (true) {
                JsonNode list = Json.MAPPER.readTree(orchestrator.get("/experiments").body());
                boolean running = false;
                for (JsonNode e : list) {
                    running |= ids.contains(e.get("id").asText()) && e.get("state").asText().equals("RUNNING");
                }
                if (!running) {
                    break;
                }
                Thread.sleep(2000);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds(orchestrator.pid()) - cpu0;
            List<JsonNode> done = new ArrayList<>();
            for (String id : ids) {
                done.add(Json.MAPPER.readTree(orchestrator.get("/experiments/" + id).body()));
            }
            long rssHwm = statusKb(orchestrator.pid(), "VmHWM:");
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                    summarize(done, wall, cpu, rssHwm, topicBytes(dir.resolve("broker")))));
            return done.stream().allMatch(s -> s.get("state").asText().equals("SUCCEEDED")) ? 0 : 1;
        } finally {
            Collections.reverse(processes);
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    private ObjectNode summarize(List<JsonNode> statuses, double wall, double cpu, long rssKb, long statusBytes) {
        List<Double> readyToStart = new ArrayList<>();
        List<Double> dependentReadyToStart = new ArrayList<>();
        double taskSeconds = 0;
        int tasks = 0;
        int succeeded = 0;
        for (JsonNode s : statuses) {
            succeeded += s.get("state").asText().equals("SUCCEEDED") ? 1 : 0;
            Instant submitted = Instant.parse(s.get("submittedAt").asText());
            JsonNode ts = s.get("tasks");
            for (JsonNode t : ts) {
                tasks++;
                if (t.path("startedAt").isMissingNode() || t.path("completedAt").isMissingNode()
                        || t.path("startedAt").isNull() || t.path("completedAt").isNull()) {
                    continue;
                }
                Instant ready = submitted;
                for (JsonNode dep : t.get("dependsOn")) {
                    Instant c = Instant.parse(ts.get(dep.asText()).get("completedAt").asText());
                    ready = c.isAfter(ready) ? c : ready;
                }
                Instant started = Instant.parse(t.get("startedAt").asText());
                Instant completed = Instant.parse(t.get("completedAt").asText());
                double ms = Duration.between(ready, started).toNanos() / 1e6;
                readyToStart.add(ms);
                if (!t.get("dependsOn").isEmpty()) {
                    dependentReadyToStart.add(ms);
                }
                taskSeconds += Duration.between(started, completed).toNanos() / 1e9;
            }
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("experiments", statuses.size()).put("succeeded", succeeded).put("tasks", tasks)
                .put("tasks_per_experiment", TASKS_PER_EXPERIMENT).put("eval_workers", evalWorkers)
                .put("wall_seconds", wall).put("tasks_per_second", tasks / wall)
                .put("ready_to_start_ms_p50", percentile(readyToStart, 0.50))
                .put("ready_to_start_ms_p99", percentile(readyToStart, 0.99))
                .put("dependent_ready_to_start_ms_p50", percentile(dependentReadyToStart, 0.50))
                .put("dependent_ready_to_start_ms_p99", percentile(dependentReadyToStart, 0.99))
                .put("task_seconds_total", taskSeconds)
                .put("orchestrator_cpu_seconds", cpu)
                .put("orchestrator_peak_rss_mb", rssKb / 1024.0)
                .put("status_topic_bytes", statusBytes)
                .put("orchestrator_cpu_over_task_time", cpu / taskSeconds);
        return o;
    }

    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get((int) Math.min(v.size() - 1, Math.ceil(q * v.size()) - 1));
    }

    /** utime + stime of a process, in seconds (Linux /proc; clock ticks of 100 Hz). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Bytes of the status topic's log segments (not the preallocated index files) in the broker's directories. */
    static long topicBytes(Path brokerDir) throws IOException {
        String prefix = TopicNames.DEFAULT.topic(Topic.EXPERIMENT_STATUS) + "-";
        long bytes = 0;
        try (Stream<Path> files = Files.walk(brokerDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getParent().getFileName().toString().startsWith(prefix) && f.toString().endsWith(".log")) {
                    bytes += Files.size(f);
                }
            }
        }
        return bytes;
    }
}
