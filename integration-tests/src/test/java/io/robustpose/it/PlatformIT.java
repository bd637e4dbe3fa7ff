package io.robustpose.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform end to end with real processes: a real KRaft broker, the orchestrator and the three
 * worker services as separate JVMs (two train workers, so a killed one has a peer), experiments
 * submitted over REST. Fault scenarios run in order on the same deployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {
    private static final String TOKEN = "it-secret";
    private static final Path SHARED = Path.of(System.getProperty("robustpose.shared", "../shared")).toAbsolutePath().normalize();
    private static Path work;
    private static int brokerPort;
    private static EmbeddedKafka broker;
    private static KafkaClients kafka;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static Map<String, String> env;

    @BeforeAll
    static void deploy() throws Exception {
        work = Files.createTempDirectory("robustpose-it");
        Path logs = ServiceProcess.ROOT.resolve("integration-tests/target/it-logs");
        Files.createDirectories(logs);
        brokerPort = EmbeddedKafka.freePort();
        broker = EmbeddedKafka.persistent(work.resolve("broker"), brokerPort, 0).start();
        kafka = KafkaClients.of(broker.bootstrapServers());
        kafka.ensureTopics();
        SyntheticPeople.writeSplit(work.resolve("data/sample"), "test", 4, 7, SyntheticPeople.Options.small());
        // the stylized source of advmix-stylized (the procedural stand-in for Stylized-COCO)
        io.robustpose.core.train.augment.ProceduralStylization.writeCopy(work.resolve("data/sample/images"),
                io.robustpose.core.benchmark.AnnotatedImageFiles.of(io.robustpose.core.dataset.DatasetFormat.COCO,
                        work.resolve("data/sample/annotations.json")), work.resolve("data/sample-stylized"), 1);
        env = Map.of("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ROBUSTPOSE_ARTIFACTS", work.resolve("artifacts").toString(),
                "ROBUSTPOSE_DATA_ROOTS", work.resolve("data") + ":" + SHARED,
                "ROBUSTPOSE_API_TOKEN", TOKEN,
                "ROBUSTPOSE_RETRY_BASE_BACKOFF", "500ms",
                // a killed worker's tasks move to its peer after this long
                "ROBUSTPOSE_WORKER_SESSION_TIMEOUT", "6s",
                "ROBUSTPOSE_WORKER_HEARTBEAT_INTERVAL", "1s",
                "ROBUSTPOSE_TRAIN_CHECKPOINT_EVERY_STEPS", "5");
        services.put("orchestrator", new ServiceProcess("orchestrator", "orchestrator", env, logs));
        services.put("corruption-worker", new ServiceProcess("corruption-worker", "corruption-worker", env, logs));
        for (String id : List.of("train-a", "train-b")) {
            services.put(id, ExperimentsApi.worker("train-worker", id, env, logs));
        }
        services.put("eval-worker", new ServiceProcess("eval-worker", "eval-worker", env, logs));
        ExperimentsApi.startAll(services.values(), Duration.ofSeconds(120));
        // the first test counts starts: both train workers must own their partitions before anything is dispatched
        ExperimentsApi.awaitWorkerGroup(kafka, TaskType.TRAIN, 2, Duration.ofSeconds(60));
    }

    @AfterAll
    static void undeploy() throws Exception {
        ExperimentsApi.stopAll(services.values(), broker);
        ExperimentsApi.removeWork(work);
    }

    private static ServiceProcess orchestrator() {
        return services.get("orchestrator");
    }

    private static final ExperimentsApi API = new ExperimentsApi(PlatformIT::orchestrator, TOKEN);

    static HttpResponse<String> post(String path, String body, boolean withToken) throws Exception {
        return API.post(path, body, withToken);
    }

    static JsonNode status(String id) throws Exception {
        return API.status(id);
    }

    static String submit(String spec) throws Exception {
        return API.submit(spec);
    }

    static JsonNode awaitState(String id, Predicate<JsonNode> done, Duration timeout) throws Exception {
        return API.awaitState(id, done, timeout);
    }

    static JsonNode awaitSucceeded(String id) throws Exception {
        JsonNode s = API.awaitEnd(id, Duration.ofMinutes(3));
        assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("SUCCEEDED");
        s.get("tasks").forEach(t -> assertThat(t.get("completions").asInt()).as(t.toString()).isEqualTo(1));
        return s;
    }

    /** Real training (SimpleBaseline-R18 at 64×64, batch 2, on the sample's persons) and real evaluation. */
    static String spec(String name, int epochs) {
        return """
                name: %s
                dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                benchmark: {corruptions: [fog, contrast], severities: [1, 3], mode: materialized}
                models:
                  - {name: std, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: %d, batch: 2}}
                """.formatted(name, epochs);
    }

    /** Per task id of this experiment: how many events of the kind are on the task-events topic. */
    static Map<String, Integer> eventCounts(String id, TaskEvent.Kind kind) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(Topic.TASK_EVENTS)) {
            TaskEvent e = Json.decode(r.value(), TaskEvent.class);
            if (e.experimentId().equals(id) && e.kind() == kind) {
                counts.merge(e.taskId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Per task id of this experiment: how many committed dispatches are on the task topics. */
    static Map<String, Integer> dispatchCounts(String id) {
        Map<String, Integer> counts = new HashMap<>();
        for (TaskType type : TaskType.values()) {
            for (ConsumerRecord<String, byte[]> r : kafka.readAll(Topic.forTasks(type))) {
                if (!r.key().startsWith(id + "/")) {
                    continue; // another experiment's task, or the malformed record of the dead-letter test
                }
                Task t = Json.decode(r.value(), Task.class);
                if (t.experimentId().equals(id)) {
                    counts.merge(t.taskId(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    @Test
    @Order(1)
    void experimentSubmittedOverRestCompletesWithEveryTaskExecutedAndRecordedOnce() throws Exception {
        assertThat(post("/experiments", spec("unauthorized", 1), false).statusCode()).isEqualTo(401);
        String id = submit(spec("happy", 2));
        JsonNode s = awaitSucceeded(id);
        // corrupt ×2, train, eval clean + 2×2, aggregate, report
        assertThat(s.get("tasks").size()).isEqualTo(10);
        Map<String, Integer> started = eventCounts(id, TaskEvent.Kind.STARTED);
        Map<String, Integer> completed = eventCounts(id, TaskEvent.Kind.COMPLETED);
        assertThat(completed).hasSize(10).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
        assertThat(started).hasSize(10).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
        assertThat(dispatchCounts(id)).hasSize(10).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
        Path artifacts = work.resolve("artifacts");
        assertThat(artifacts.resolve("runs/" + id + "/corrupted/coco-C/contrast/3/000004.jpg")).exists();
        assertThat(artifacts.resolve("reports/" + id + "/report.md")).exists();

        for (ServiceProcess p : services.values()) {
            var health = p.get("/q/health");
            assertThat(health.statusCode()).as(p.name + " " + health.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(health.body()).get("status").asText()).isEqualTo("UP");
        }
        assertThat(metric(orchestrator(), "robustpose_orchestrator_completions_total{kind=\"recorded\"}")).isGreaterThanOrEqualTo(10);
        assertThat(metric(orchestrator(), "robustpose_experiments{state=\"succeeded\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(services.get("corruption-worker"), "robustpose_tasks_total{outcome=\"completed\",type=\"corrupt\"}")).isEqualTo(2);
        assertThat(metric(services.get("corruption-worker"), "robustpose_images_processed_total{type=\"corrupt\"}")).isEqualTo(16);
        assertThat(metric(services.get("eval-worker"), "robustpose_tasks_total{outcome=\"completed\",type=\"eval\"}")).isEqualTo(5);
        assertThat(metric(services.get("eval-worker"), "robustpose_task_duration_seconds_count{outcome=\"completed\",type=\"eval\"}")).isEqualTo(5);
        assertThat(metric(services.get("train-a"), "robustpose_tasks_total{outcome=\"completed\",type=\"train\"}")
                + metric(services.get("train-b"), "robustpose_tasks_total{outcome=\"completed\",type=\"train\"}")).isEqualTo(1);
        happyId = id;
    }

    private static String happyId;

    /**
     * The chart's `helm test` program (helm/robustpose/files/helm-test/Smoke.java) run as the test pod runs it — a
     * single-file Java program — against the real orchestrator, with an experiment to submit: it passes; and
     * against a wrong token it fails.
     */
    @Test
    @Order(2)
    void theHelmTestProgramPassesAgainstTheRunningServices() throws Exception {
        Path smoke = Path.of("../helm/robustpose/files/helm-test/Smoke.java").toAbsolutePath().normalize();
        Path experiment = work.resolve("helm-test-experiment.yaml");
        Files.writeString(experiment, spec("helm-test", 1));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        for (String token : List.of(TOKEN, "wrong-token")) {
            ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), smoke.toString()).redirectErrorStream(true);
            pb.environment().put("ROBUSTPOSE_URL", orchestrator().url());
            pb.environment().put("ROBUSTPOSE_API_TOKEN", token);
            pb.environment().put("ROBUSTPOSE_TEST_EXPERIMENT", experiment.toString());
            pb.environment().put("ROBUSTPOSE_TEST_TIMEOUT_SECONDS", "300");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(6, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            if (token.equals(TOKEN)) {
                assertThat(p.exitValue()).as(out).isZero();
                assertThat(out).contains("succeeded").contains("robustpose helm test: passed");
            } else {
                assertThat(p.exitValue()).as(out).isEqualTo(1);
                assertThat(out).contains("FAILED: listing experiments: HTTP 401");
            }
        }
    }

    /** Results read through the API: the report in every format, artifacts confined to the experiment, paging. */
    @Test
    @Order(2)
    void reportsAndArtifactsAreServedByTheApiAndNothingOutsideTheExperiment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(happyId != null, "the first experiment did not succeed");
        String id = happyId;
        Path artifacts = work.resolve("artifacts");
        Map<String, String> files = Map.of("md", "report.md", "json", "report.json", "csv", "report.csv",
                "long-csv", "report_long.csv", "html", "report.html");
        for (var f : files.entrySet()) {
            var r = API.send("GET", "/experiments/" + id + "/report?format=" + f.getKey(), null, true);
            assertThat(r.statusCode()).as(f.getKey() + " " + r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Files.readString(artifacts.resolve("reports/" + id + "/" + f.getValue())));
        }
        assertThat(API.send("GET", "/experiments/" + id + "/report", null, true).headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(API.send("GET", "/experiments/" + id + "/report?format=md", null, false).statusCode()).isEqualTo(401);
        var badFormat = API.send("GET", "/experiments/" + id + "/report?format=pdf", null, true);
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.body()).contains("pdf").contains("long-csv");
        assertThat(API.send("GET", "/experiments/nope/report", null, true).statusCode()).isEqualTo(404);

        // a file by the path its task result names, as bytes
        String image = "runs/" + id + "/corrupted/coco-C/contrast/3/000004.jpg";
        HttpResponse<byte[]> jpg = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(orchestrator().url() + "/experiments/" + id + "/artifacts/" + image))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpg.statusCode()).isEqualTo(200);
        assertThat(jpg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpg.body()).isEqualTo(Files.readAllBytes(artifacts.resolve(image)));
        var listing = API.send("GET", "/experiments/" + id + "/artifacts/runs/" + id, null, true);
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(listing.body()).findValuesAsText("name")).contains("corrupted", "tasks");
        // confinement: '..', another experiment's or the store's own directories
        Files.writeString(artifacts.resolve("secret.txt"), "not for the API");
        for (String escape : List.of("runs/" + id + "/..%2F..%2Fsecret.txt", "..%2Fsecret.txt", "secret.txt",
                "runs/other-experiment", "reports", "%2Fetc%2Fpasswd")) {
            var r = API.send("GET", "/experiments/" + id + "/artifacts/" + escape, null, true);
            assertThat(r.statusCode()).as(escape + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("not for the API");
        }
        // an unencoded '../' is resolved by the HTTP layer before routing: whatever it reaches, never the file
        var raw = API.send("GET", "/experiments/" + id + "/artifacts/runs/" + id + "/../../secret.txt", null, true);
        assertThat(raw.statusCode()).isNotEqualTo(200);
        assertThat(raw.body()).doesNotContain("not for the API");
        assertThat(API.send("GET", "/experiments/" + id + "/artifacts/runs/" + id + "/missing.json", null, true)
                .statusCode()).isEqualTo(404);

        // the list: state filter and pages, the total in a header
        var all = API.send("GET", "/experiments?state=succeeded", null, true);
        int total = Integer.parseInt(all.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(total).isGreaterThanOrEqualTo(1);
        assertThat(Json.MAPPER.readTree(all.body()).findValuesAsText("state")).containsOnly("SUCCEEDED");
        var page = API.send("GET", "/experiments?state=succeeded,failed&limit=1&offset=0", null, true);
        assertThat(Json.MAPPER.readTree(page.body()).size()).isEqualTo(1);
        assertThat(API.send("GET", "/experiments?state=running&offset=" + (total + 5), null, true).body()).isEqualTo("[]");
        var badState = API.send("GET", "/experiments?state=done", null, true);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("done").contains("succeeded");
        assertThat(API.send("GET", "/experiments?limit=0", null, true).statusCode()).isEqualTo(400);

        // the OpenAPI document at the Quarkus convention path lists the endpoints
        var openapi = API.send("GET", "/q/openapi", null, false);
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/experiments/{id}/report").contains("/experiments/{id}/artifacts/{path}");
    }

    static double metric(ServiceProcess p, String series) throws Exception {
        String body = p.get("/q/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError(p.name + " does not export " + series);
    }

    @Test
    @Order(2)
    void malformedRecordsAreDeadLetteredAndABadSpecIsRefusedNamingTheField() throws Exception {
        var bad = post("/experiments", spec("bad", 1).replace("severities: [1, 3]", "severities: [1, 9]"), true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("benchmark.severities").contains("out of range");
        int before = kafka.readAll(Topic.DEAD_LETTER).size();
        try (var producer = kafka.producer("it")) {
            producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), "x", "not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(kafka.topic(Topic.TASKS_CORRUPT), "y",
                    "{\"taskId\":\"t\",\"experimentId\":\"e\"}".getBytes(StandardCharsets.UTF_8))).get();
        }
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (dead.size() < before + 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            dead = kafka.readAll(Topic.DEAD_LETTER);
        }
        List<String> reasons = dead.subList(before, dead.size()).stream()
                .map(r -> new String(r.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8)).toList();
        assertThat(reasons).hasSize(2).anySatisfy(r -> assertThat(r).startsWith("record: not JSON"))
                .anySatisfy(r -> assertThat(r).isEqualTo("type: missing"));
        // nothing else disturbed
        awaitSucceeded(submit(spec("after-bad-input", 1)));
    }

    @Test
    @Order(3)
    void aWorkerKilledMidTaskLosesNothing() throws Exception {
        String id = submit(spec("worker-killed", 40));
        JsonNode running = awaitState(id, s -> s.at("/tasks/train-std/state").asText().equals("RUNNING")
                && s.at("/tasks/train-std/progress").asDouble() >= 0.34, Duration.ofMinutes(2));
        String victim = running.at("/tasks/train-std/worker").asText();
        assertThat(victim).isIn("train-a", "train-b");
        services.get(victim).kill();
        JsonNode s = awaitSucceeded(id);
        String survivor = victim.equals("train-a") ? "train-b" : "train-a";
        assertThat(s.at("/tasks/train-std/worker").asText()).isEqualTo(survivor);
        // the re-delivered training resumed from the killed worker's last checkpoint (real training, checkpoints
        // every 5 steps): at least a third of the run was done and kept
        double totalSteps = s.at("/tasks/train-std/metrics/steps").asDouble();
        assertThat(s.at("/tasks/train-std/metrics/resumed_from_step").asDouble()).isGreaterThanOrEqualTo(
                Math.floor(totalSteps * 0.34 / 5) * 5).isPositive();
        assertThat(eventCounts(id, TaskEvent.Kind.COMPLETED)).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
        services.get(victim).start().awaitReady(Duration.ofSeconds(120));
    }

    @Test
    @Order(4)
    void theOrchestratorKilledAndRestartedResumesWithoutLosingOrRepeatingWork() throws Exception {
        String id = submit(spec("orchestrator-killed", 3));
        awaitState(id, s -> s.at("/tasks/corrupt-fog-shard0/state").asText().equals("SUCCEEDED"), Duration.ofMinutes(2));
        orchestrator().kill();
        Thread.sleep(1500); // workers keep reporting while it is down
        orchestrator().start().awaitReady(Duration.ofSeconds(120));
        awaitSucceeded(id);
        assertThat(dispatchCounts(id)).hasSize(10).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
    }

    @Test
    @Order(5)
    void servicesReconnectAfterTheBrokerRestarts() throws Exception {
        String id = submit(spec("broker-restarted", 30));
        awaitState(id, s -> s.at("/tasks/train-std/state").asText().equals("RUNNING"), Duration.ofMinutes(2));
        broker.stop();
        Thread.sleep(3000);
        broker = EmbeddedKafka.persistent(work.resolve("broker"), brokerPort, 0).start();
        awaitSucceeded(id);
        for (ServiceProcess p : services.values()) {
            p.awaitReady(Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(6)
    void anEvalExperimentThroughTheServicesGivesTheSameTableAsTheLocalCommand() throws Exception {
        Path model = SHARED.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(model), "../shared is absent: skipping the real-model evaluation");
        String id = submit("""
                name: bodypix-eval
                dataset: {format: coco, images: %1$s/realdata/coco, annotations: %1$s/realdata/coco/test_coco.json, boxes: gt}
                benchmark: {corruptions: [gaussian_noise, motion_blur], severities: [1, 4], mode: on-the-fly, evalShards: 2}
                models:
                  - {name: bodypix, file: %2$s, descriptor: bodypix}
                """.formatted(SHARED, model));
        JsonNode s = awaitSucceeded(id);
        // clean + 2×2 conditions, 2 shards each, aggregate, report
        assertThat(s.get("tasks").size()).isEqualTo(5 * 2 + 2);
        JsonNode viaServices = Json.MAPPER.readTree(work.resolve("artifacts/reports/" + id + "/report.json").toFile());

        Path local = work.resolve("local-eval");
        int rc = io.robustpose.cli.RobustposeCli.run("evaluate", "--model", model.toString(), "--descriptor", "bodypix",
                "--name", "bodypix", "--format", "coco", "--images", SHARED.resolve("realdata/coco").toString(),
                "--annotations", SHARED.resolve("realdata/coco/test_coco.json").toString(),
                "--corruptions", "gaussian_noise,motion_blur", "--severities", "1,4", "--on-the-fly", "--out", local.toString());
        assertThat(rc).isEqualTo(0);
        JsonNode viaCli = Json.MAPPER.readTree(local.resolve("robustness.json").toFile());
        assertThat(viaServices).isEqualTo(viaCli);
        assertThat(viaCli.toString()).contains("bodypix").contains("gaussian_noise");
        // the results reach Prometheus through the orchestrator
        String metrics = orchestrator().get("/q/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("robustpose_model_robustness{") && l.contains(id)
                && l.contains("metric=\"AP\"")).toList()).singleElement()
                .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .isEqualTo(viaCli.at("/rows/0/clean").asDouble(), org.assertj.core.data.Offset.offset(1e-12)));
    }

    /** The paper's comparison rows as training methods, through the services: Transfer, FPD, AdvMix + Stylized. */
    @Test
    @Order(7)
    void theComparisonMethodsTrainAndAreEvaluatedThroughTheServices() throws Exception {
        String id = submit("""
                name: comparison-methods
                dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                benchmark: {corruptions: [gaussian_noise], severities: [2], mode: on-the-fly}
                models:
                  - {name: base, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: 1, batch: 2}}
                  - {name: big, architecture: simplebaseline-resnet50, input: 64x64, evaluate: false,
                     training: {epochs: 1, batch: 2}}
                  - {name: transfer, architecture: simplebaseline-resnet18, input: 64x64,
                     training: {method: transfer-mixed, epochs: 1, batch: 2, init: "model:base"}}
                  - {name: fpd, architecture: simplebaseline-resnet18, input: 64x64,
                     training: {method: fpd, epochs: 1, batch: 2, init: "model:base", teacher: "model:big",
                                teacherArchitecture: simplebaseline-resnet50}}
                  - {name: stylized, architecture: simplebaseline-resnet18, input: 64x64,
                     training: {method: advmix-stylized, epochs: 1, batch: 2, init: "model:base",
                                stylizedImages: sample-stylized, loss: smoothl1}}
                """);
        JsonNode s = awaitSucceeded(id);
        for (String m : List.of("transfer", "fpd", "stylized")) {
            assertThat(s.at("/tasks/train-" + m + "/metrics/loss").asDouble()).as(m).isFinite().isPositive();
            assertThat(s.at("/tasks/aggregate-" + m + "/state").asText()).isEqualTo("SUCCEEDED");
        }
        // the stylized run saw twice the persons of the others (the sample plus its stylized copy)
        double steps = s.at("/tasks/train-transfer/metrics/steps").asDouble();
        assertThat(s.at("/tasks/train-stylized/metrics/steps").asDouble()).isBetween(2 * steps - 1, 2 * steps);
        JsonNode report = Json.MAPPER.readTree(work.resolve("artifacts/reports/" + id + "/report.json").toFile());
        assertThat(report.get("rows")).hasSize(4);
    }

    /**
     * The bottom-up half through the services: HigherHRNet-W32 trained on the sample's whole images (64×64 input),
     * continued with AdvMix, both evaluated clean and corrupted on every image without person boxes, reported.
     */
    @Test
    @Order(7)
    void aBottomUpNetworkTrainsWithAdvMixAndIsBenchmarkedThroughTheServices() throws Exception {
        String id = submit("""
                name: bottom-up
                dataset: {format: coco, images: sample/images, annotations: sample/annotations.json}
                benchmark: {corruptions: [gaussian_noise], severities: [2], mode: on-the-fly}
                models:
                  - {name: hhr, architecture: higherhrnet-w32, input: 64x64, training: {epochs: 1, batch: 2}}
                  - {name: hhr-advmix, architecture: higherhrnet-w32, input: 64x64,
                     training: {method: advmix, epochs: 1, batch: 2, init: "model:hhr"}}
                """);
        JsonNode s = awaitSucceeded(id);
        for (String m : List.of("hhr", "hhr-advmix")) {
            assertThat(s.at("/tasks/train-" + m + "/metrics/loss").asDouble()).as(m).isFinite().isPositive();
            assertThat(s.at("/tasks/aggregate-" + m + "/state").asText()).isEqualTo("SUCCEEDED");
        }
        JsonNode report = Json.MAPPER.readTree(work.resolve("artifacts/reports/" + id + "/report.json").toFile());
        assertThat(report.get("rows")).hasSize(2);
        report.get("rows").forEach(r -> assertThat(r.toString()).contains("gaussian_noise"));
        // no boxes: recorded with the metrics, said in the report (whose samples colour each grouped person)
        JsonNode metrics = Json.MAPPER.readTree(work.resolve("artifacts/" + ArtifactLayout.modelEvalDir(id, "hhr")
                + "/metrics.json").toFile());
        assertThat(metrics.at("/models/0/provenance/boxes").asText()).isEqualTo("none (bottom-up)");
        assertThat(Files.readString(work.resolve("artifacts/reports/" + id + "/report.html")))
                .contains("Bottom-up models find the people in whole images themselves");
    }

    /** Cancelling an experiment stops its running training within 10 s (measured), and nothing more is dispatched. */
    @Test
    @Order(8)
    void cancellingStopsARunningTrainingWithinTenSeconds() throws Exception {
        String id = submit(spec("cancelled", 200));
        JsonNode running = awaitState(id, s -> s.at("/tasks/train-std/state").asText().equals("RUNNING")
                && s.at("/tasks/train-std/progress").asDouble() > 0, Duration.ofMinutes(2));
        ServiceProcess worker = services.get(running.at("/tasks/train-std/worker").asText());
        String stopped = "robustpose_tasks_total{outcome=\"stopped\",type=\"train\"}";
        double before = metricOrZero(worker, stopped);
        long t0 = System.nanoTime();
        var r = API.post("/experiments/" + id + "/cancel", null, true);
        assertThat(r.statusCode()).isEqualTo(202);
        while (metricOrZero(worker, stopped) == before && System.nanoTime() - t0 < 30_000_000_000L) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cancel -> training stopped in %.2f s%n", seconds);
        assertThat(metricOrZero(worker, stopped)).isEqualTo(before + 1);
        assertThat(seconds).isLessThan(10);
        JsonNode s = API.awaitEnd(id, Duration.ofSeconds(30));
        assertThat(s.get("state").asText()).isEqualTo("CANCELLED");
        Thread.sleep(2000);
        // only what ran before the cancel was ever dispatched: the corruptions and the training
        assertThat(dispatchCounts(id).keySet()).allSatisfy(t -> assertThat(t).matches("corrupt-.*|train-std"));
    }

    static double metricOrZero(ServiceProcess p, String series) throws Exception {
        try {
            return metric(p, series);
        } catch (AssertionError notYetRecorded) {
            return 0;
        }
    }
}
