package io.robustpose.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.kafka.KafkaClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart's Grafana dashboard and Prometheus rules only query metrics the services really export:
 * the four services run as real processes on an embedded broker, a tiny experiment makes every task type
 * run once (so timers and per-outcome series exist), then each /q/metrics is scraped. Names the training and
 * evaluation issues have yet to export are allowed only when listed in helm/robustpose/dashboards/pending-metrics.txt.
 * The chart's probe paths are checked on the same processes.
 */
class MetricNamesIT {
    private static final Path CHART = ServiceProcess.ROOT.resolve("helm/robustpose");
    private static final String TOKEN = "metrics-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static EmbeddedKafka broker;
    private static Path work;
    private static final Path SHARED = Path.of(System.getProperty("robustpose.shared", "../shared")).toAbsolutePath().normalize();
    private static final Path BODYPIX = SHARED.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx");

    @BeforeAll
    static void deploy() throws Exception {
        // the evaluation meters need a real model: the BodyPix export of ../shared
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(BODYPIX), "../shared is absent: skipping the metric-name check");
        work = Files.createTempDirectory("robustpose-metrics-it");
        Path logs = ServiceProcess.ROOT.resolve("integration-tests/target/it-logs/metric-names");
        Files.createDirectories(logs);
        broker = EmbeddedKafka.persistent(work.resolve("broker"), 0, 0).start();
        KafkaClients.of(broker.bootstrapServers()).ensureTopics();
        SyntheticPeople.writeSplit(work.resolve("data/sample"), "test", 2, 11, SyntheticPeople.Options.small());
        Map<String, String> env = Map.of("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ROBUSTPOSE_ARTIFACTS", work.resolve("artifacts").toString(),
                "ROBUSTPOSE_DATA_ROOTS", work.resolve("data") + ":" + SHARED,
                "ROBUSTPOSE_API_TOKEN", TOKEN,
                "ROBUSTPOSE_WORKER_HEARTBEAT_INTERVAL", "1s");
        for (String module : List.of("orchestrator", "corruption-worker", "train-worker", "eval-worker")) {
            services.put(module, new ServiceProcess(module, module + "-metrics-it", env, logs));
        }
        ExperimentsApi.startAll(services.values(), Duration.ofSeconds(90));
    }

    @AfterAll
    static void undeploy() throws Exception {
        ExperimentsApi.stopAll(services.values(), broker);
    }

    @Test
    void theDashboardAndTheAlertRulesQueryOnlyExportedMetrics() throws Exception {
        runATinyExperiment();

        Map<String, Set<String>> exportedBy = new TreeMap<>();
        Set<String> exported = new TreeSet<>();
        for (ServiceProcess s : services.values()) {
            var r = s.get("/q/metrics");
            assertThat(r.statusCode()).as(s.name).isEqualTo(200);
            Set<String> names = sampleNames(r.body());
            exportedBy.put(s.module, names);
            exported.addAll(names);
        }
        // what the experiment must have produced, per service (guards the scrape itself)
        // where the networks run (DeviceMeters): CPU here
        assertThat(exportedBy.get("train-worker")).contains("robustpose_worker_device_info");
        assertThat(exportedBy.get("eval-worker")).contains("robustpose_worker_device_info");
        assertThat(exportedBy.get("orchestrator")).contains("robustpose_experiments", "robustpose_orchestrator_completions_total",
                "http_server_requests_seconds_count");
        for (String worker : List.of("corruption-worker", "train-worker", "eval-worker")) {
            assertThat(exportedBy.get(worker)).as(worker).contains("robustpose_tasks_total", "robustpose_task_duration_seconds_sum",
                    "robustpose_queue_lag", "process_start_time_seconds");
        }

        Map<String, Set<String>> used = new TreeMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(CHART.resolve("dashboards/robustpose.json").toFile());
        for (JsonNode e : dashboard.findValues("expr")) {
            used.put("dashboard: " + e.asText(), metricNames(e.asText()));
        }
        for (JsonNode v : dashboard.at("/templating/list")) {
            if (v.path("type").asText().equals("query")) {
                String q = v.at("/query/query").asText();
                used.put("dashboard variable: " + q, metricNames(q));
            }
        }
        JsonNode rules = new YAMLMapper().readTree(CHART.resolve("rules/robustpose.rules.yaml").toFile());
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                used.put("alert " + rule.get("alert").asText(), metricNames(rule.get("expr").asText()));
            }
        }
        assertThat(used).hasSizeGreaterThan(20);

        Set<String> pending = pending(CHART.resolve("dashboards/pending-metrics.txt"));
        Set<String> external = pending(CHART.resolve("dashboards/external-metrics.txt")); // e.g. NVIDIA DCGM
        List<String> missing = new ArrayList<>();
        used.forEach((where, names) -> names.stream()
                .filter(n -> !exported.contains(n) && !pending.contains(n) && !external.contains(n))
                .forEach(n -> missing.add(n + "  (" + where + ")")));
        assertThat(missing).as("metric names no running service exports (exported: " + exported + ")").isEmpty();
        assertThat(pending).as("pending names a service now exports: delete them from pending-metrics.txt")
                .doesNotContainAnyElementsOf(exported);
        // the pending list excuses nothing that is not used
        Set<String> allUsed = new TreeSet<>();
        used.values().forEach(allUsed::addAll);
        assertThat(allUsed).containsAll(pending);
    }

    @Test
    void theChartsProbePathsAnswerOnEveryService() throws Exception {
        JsonNode probes = new YAMLMapper().readTree(CHART.resolve("values.yaml").toFile()).get("probes");
        List<String> paths = new ArrayList<>();
        probes.forEach(p -> paths.add(p.get("path").asText()));
        assertThat(paths).containsExactlyInAnyOrder("/q/health/started", "/q/health/live", "/q/health/ready");
        for (ServiceProcess s : services.values()) {
            for (String path : paths) {
                var r = s.get(path);
                assertThat(r.statusCode()).as(s.name + " " + path + ": " + r.body()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(r.body()).get("status").asText()).isEqualTo("UP");
            }
        }
    }

    /** corrupt, train, eval ×2, aggregate, report: one task of every type. */
    private static void runATinyExperiment() throws Exception {
        String spec = """
                name: metric-names
                dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                benchmark: {corruptions: [contrast], severities: [1], mode: materialized}
                models:
                  - {name: std, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: 1, batch: 2}}
                  - {name: bodypix, file: %s, descriptor: bodypix}
                """.formatted(BODYPIX);
        String url = services.get("orchestrator").url();
        var created = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/experiments")).header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = new ObjectMapper().readTree(created.body()).get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/experiments/" + id))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            status = new ObjectMapper().readTree(r.body());
            if (!status.get("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status).isNotNull();
        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("SUCCEEDED");
        // no wait needed: a worker counts a task's outcome before it reports the task finished
    }

    /** The series names of a Prometheus text exposition (what Prometheus stores). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = Pattern.compile("^([A-Za-z_:][\\w:]*)").matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([A-Za-z_:][\\w:]*+)(?!\\s*\\()");

    /** Metric names a PromQL expression reads (the same rules as deploy-tests' PromQl, which unit-tests them). */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("(?s)\\{\\{.*?}}`?}?}?", " ");
        s = s.replaceAll("label_values\\(\\s*([^,]*?)\\s*,\\s*\\w+\\s*\\)", "$1");
        s = s.replaceAll("\\$\\{?\\w+}?", " ");
        s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static Set<String> pending(Path file) throws Exception {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l.split("\\s+")[0]);
            }
        }
        return names;
    }
}
