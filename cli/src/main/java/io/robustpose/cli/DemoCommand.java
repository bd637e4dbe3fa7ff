package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.synthetic.SampleDataset;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The main job on one machine: a broker and the four services as separate processes, a sample
 * dataset, one experiment submitted over REST and followed to the end, everything stopped after
 * (also on Ctrl-C). The services run placeholder handlers until the science issues land.
 */
@Command(name = "demo", description = "Run broker + orchestrator + workers locally and a sample experiment end to end.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> SERVICES = List.of("orchestrator", "corruption-worker", "train-worker", "eval-worker");

    @Option(names = "--work", description = "working directory (default: ${DEFAULT-VALUE})", defaultValue = "work/demo")
    Path work;

    @Option(names = "--images", description = "sample images (default: ${DEFAULT-VALUE})", defaultValue = "8")
    int images;

    @Option(names = "--keep-running", description = "leave the services up at the end and print their URLs")
    boolean keepRunning;

    private final List<ServiceProcess> processes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Thread cleanup = new Thread(this::stopAll, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int brokerPort = EmbeddedKafka.freePort();
        say("starting the broker on 127.0.0.1:" + brokerPort + " (logs in " + logs.toAbsolutePath() + ")");
        ServiceProcess broker = ServiceProcess.cli("broker", List.of("broker", "--data",
                work.resolve("broker").toAbsolutePath().toString(), "--port", String.valueOf(brokerPort)), brokerPort, logs);
        processes.add(broker.start());
        broker.awaitLog("broker ready", Duration.ofSeconds(120));

        Path data = work.resolve("data").toAbsolutePath();
        SampleDataset.write(data.resolve("sample"), images, 1);
        Map<String, String> env = Map.of("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + brokerPort,
                "ROBUSTPOSE_ARTIFACTS", work.resolve("artifacts").toAbsolutePath().toString(),
                "ROBUSTPOSE_DATA_ROOTS", data.toString());
        say("starting " + String.join(", ", SERVICES));
        for (String s : SERVICES) {
            processes.add(new ServiceProcess(s, s, env, logs).start());
        }
        for (ServiceProcess p : processes.subList(1, processes.size())) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        ServiceProcess orchestrator = processes.get(1);
        String spec = """
                name: sample
                dataset: {format: coco, images: sample/images, annotations: sample/annotations.json}
                benchmark: {corruptions: common, severities: [1, 3, 5], mode: materialized}
                models:
                  - {name: standard, architecture: simplebaseline-resnet18, training: {method: standard, epochs: 3, secondsPerEpoch: 1}}
                  - {name: advmix, architecture: simplebaseline-resnet18, training: {method: advmix, epochs: 3, secondsPerEpoch: 1}}
                """;
        HttpClient http = HttpClient.newHttpClient();
        var submitted = http.send(HttpRequest.newBuilder(URI.create(orchestrator.url() + "/experiments"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 201) {
            throw new IllegalStateException("submission refused: " + submitted.body());
        }
        String id = Json.MAPPER.readTree(submitted.body()).get("id").asText();
        say("submitted experiment " + id);
        JsonNode status;
        while (true) {
            status = Json.MAPPER.readTree(orchestrator.get("/experiments/" + id).body());
            System.err.print("\r" + progressLine(status));
            if (!status.get("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(1000);
        }
        System.err.println();
        printSummary(status, work.resolve("artifacts").toAbsolutePath());
        if (keepRunning) {
            say("services keep running (Ctrl-C stops them):");
            processes.forEach(p -> say("  " + p.name + (p.module == null ? " 127.0.0.1:" + p.port : " " + p.url())));
            Thread.currentThread().join();
        }
        return status.get("state").asText().equals("SUCCEEDED") ? 0 : 1;
    }

    static String progressLine(JsonNode s) {
        int total = s.get("tasks").size();
        int done = 0;
        int running = 0;
        String current = "";
        for (Iterator<JsonNode> it = s.get("tasks").elements(); it.hasNext(); ) {
            JsonNode t = it.next();
            switch (t.get("state").asText()) {
                case "SUCCEEDED" -> done++;
                case "RUNNING" -> {
                    running++;
                    if (t.has("message")) {
                        current = t.get("taskId").asText() + ": " + t.get("message").asText();
                    }
                }
                default -> {
                }
            }
        }
        return String.format("%-9s tasks %d/%d done, %d running  %-50s", s.get("state").asText(), done, total, running,
                current.length() > 50 ? current.substring(0, 50) : current);
    }

    private static void printSummary(JsonNode s, Path artifacts) {
        System.out.println("experiment " + s.get("experimentId").asText() + ": " + s.get("state").asText()
                + (s.has("error") ? " — " + s.get("error").asText() : ""));
        System.out.printf("%-40s %-10s %-22s %s%n", "task", "state", "worker", "results");
        for (Iterator<JsonNode> it = s.get("tasks").elements(); it.hasNext(); ) {
            JsonNode t = it.next();
            System.out.printf("%-40s %-10s %-22s %s%n", t.get("taskId").asText(), t.get("state").asText(),
                    t.path("worker").asText(""), t.path("results").toString());
        }
        System.out.println("artifacts: " + artifacts);
    }

    private void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            try {
                processes.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static void say(String s) {
        System.err.println("robustpose demo: " + s);
    }
}
