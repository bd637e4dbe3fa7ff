package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.synthetic.SyntheticPeople;
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
 * The main job on one machine: a broker and the four services as separate processes, the
 * synthetic-people dataset (train and val splits) or a real COCO / OCHuman / MPII copy, the paper's experiment in miniature submitted over REST and
 * followed to the end — a base model trained the standard way, then continued with standard
 * training and with AdvMix for the same number of epochs, the corrupted val set materialized, both
 * evaluated clean and under every corruption × severity — and the robustness table printed.
 * Everything is stopped at the end (also on Ctrl-C).
 */
@Command(name = "demo", description = "Run broker + orchestrator + workers locally and a sample experiment end to end.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> SERVICES = List.of("orchestrator", "corruption-worker", "train-worker", "eval-worker");

    @Option(names = "--work", description = "working directory (default: ${DEFAULT-VALUE})", defaultValue = "work/demo")
    Path work;

    @Option(names = "--scale", defaultValue = "small", description = "tiny | small | medium | large (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--seed", defaultValue = "1", description = "dataset and training seed (default: ${DEFAULT-VALUE})")
    long seed;

    /**
     * Images (train, val), epochs (base, continued), batch, input, severities per scale. Both
     * continuations run at lr 3e-4: a fresh Adam at the base's 1e-3 first shakes a short-trained
     * model (its loss doubled in a one-epoch continuation here), which would drown the comparison.
     */
    record Scale(int train, int val, int baseEpochs, int moreEpochs, int batch, String input, String severities) {
        static Scale of(String name) {
            return switch (name) {
                case "tiny" -> new Scale(32, 6, 1, 1, 8, "64x64", "[3]");
                // sized for the 10-minute budget on 2 cores (AdvMix steps cost ~5 standard ones)
                case "small" -> new Scale(1000, 40, 5, 1, 16, "96x64", "[1, 2, 3, 4, 5]");
                case "medium" -> new Scale(3000, 100, 8, 4, 16, "128x96", "[1, 2, 3, 4, 5]");
                case "large" -> new Scale(8000, 300, 30, 15, 32, "256x192", "[1, 2, 3, 4, 5]");
                default -> throw new IllegalArgumentException("--scale: unknown '" + name + "' (allowed: tiny, small, medium, large)");
            };
        }
    }

    @Option(names = "--data", description = "a real dataset's validation images instead of synthetic people")
    Path dataImages;

    @Option(names = "--annotations", description = "with --data: the validation annotations (COCO JSON or MPII JSON)")
    Path dataAnnotations;

    @Option(names = "--format", defaultValue = "coco", completionCandidates = Options.FormatIds.class,
            description = "with --data: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String dataFormat;

    @Option(names = "--boxes", description = "with --data: person detections (COCO results JSON); default ground-truth boxes")
    Path dataBoxes;

    @Option(names = "--head-boxes", description = "with --format mpii: head boxes for PCKh — gt_valid.mat, a JSON list of "
            + "[[x1, y1], [x2, y2]], or 'from-joints' (approximate)")
    String headBoxes;

    @Option(names = "--train-images", description = "with --data: training images (default: the --data images)")
    Path trainImages;

    @Option(names = "--train-annotations", description = "with --data: training annotations (default: --annotations)")
    Path trainAnnotations;

    @Option(names = "--keep-running", description = "leave the services up at the end and print their URLs")
    boolean keepRunning;

    private final List<ServiceProcess> processes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Thread cleanup = new Thread(this::stopAll, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run();
        } finally {
            // also when run inside another JVM (tests): never leave the processes behind
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private int run() throws Exception {
        Scale sc = Scale.of(scale);
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        int brokerPort = EmbeddedKafka.freePort();
        say("starting the broker on 127.0.0.1:" + brokerPort + " (logs in " + logs.toAbsolutePath() + ")");
        ServiceProcess broker = ServiceProcess.cli("broker", List.of("broker", "--data",
                work.resolve("broker").toAbsolutePath().toString(), "--port", String.valueOf(brokerPort)), brokerPort, logs);
        processes.add(broker.start());
        broker.awaitLog("broker ready", Duration.ofSeconds(120));

        Path data = work.resolve("data").toAbsolutePath();
        DatasetPaths dataset = dataImages == null ? synthetic(data, sc) : realDataset();
        Map<String, String> env = Map.of("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + brokerPort,
                "ROBUSTPOSE_ARTIFACTS", work.resolve("artifacts").toAbsolutePath().toString(),
                "ROBUSTPOSE_DATA_ROOTS", dataset.root().toString());
        say("starting " + String.join(", ", SERVICES));
        for (String s : SERVICES) {
            processes.add(new ServiceProcess(s, s, env, logs).start());
        }
        for (ServiceProcess p : processes.subList(1, processes.size())) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        ServiceProcess orchestrator = processes.get(1);
        String spec = """
                name: demo
                dataset: %s
                benchmark: {corruptions: common, severities: %s, mode: materialized, seed: %d}
                models:
                  - {name: base, architecture: simplebaseline-resnet18, input: %s, evaluate: false,
                     training: {method: standard, epochs: %d, batch: %d, seed: %d}}
                  - {name: standard, architecture: simplebaseline-resnet18, input: %s,
                     training: {method: standard, epochs: %d, batch: %d, lr: 0.0003, seed: %d, init: "model:base"}}
                  - {name: advmix, architecture: simplebaseline-resnet18, input: %s,
                     training: {method: advmix, epochs: %d, batch: %d, lr: 0.0003, seed: %d, init: "model:base"}}
                report: {formats: [html, md, json], sampleImages: 2}
                """.formatted(dataset.specLine(), sc.severities(), seed, sc.input(), sc.baseEpochs(), sc.batch(), seed,
                sc.input(), sc.moreEpochs(), sc.batch(), seed, sc.input(), sc.moreEpochs(), sc.batch(), seed);
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
        Path reportDir = work.resolve("artifacts/reports").resolve(id);
        if (Files.exists(reportDir.resolve("report.md"))) {
            System.out.println();
            System.out.print(Files.readString(reportDir.resolve("report.md")));
            System.out.println();
            System.out.println("report: " + reportDir.resolve("report.html").toAbsolutePath());
            System.out.println("        (report.md, report.json and report.csv beside it; open the HTML file in any browser)");
        }
        if (keepRunning) {
            say("services keep running (Ctrl-C stops them):");
            processes.forEach(p -> say("  " + p.name + (p.module == null ? " 127.0.0.1:" + p.port : " " + p.url())));
            Thread.currentThread().join();
        }
        return status.get("state").asText().equals("SUCCEEDED") ? 0 : 1;
    }

    /** The dataset as the spec names it: paths relative to the one data root the services may read. */
    record DatasetPaths(Path root, String specLine) {
    }

    private DatasetPaths synthetic(Path data, Scale sc) throws java.io.IOException {
        long start = System.nanoTime();
        SyntheticPeople.writeDataset(data.resolve("synthetic"), sc.train(), sc.val(), seed, SyntheticPeople.Options.demo());
        say(String.format("synthetic people: %d train + %d val images in %.1f s", sc.train(), sc.val(),
                (System.nanoTime() - start) / 1e9));
        return new DatasetPaths(data, "{name: synthetic-people, format: coco, images: synthetic/val/images, "
                + "annotations: synthetic/val/annotations.json, trainImages: synthetic/train/images, "
                + "trainAnnotations: synthetic/train/annotations.json, boxes: gt}");
    }

    private DatasetPaths realDataset() {
        if (dataAnnotations == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--data needs --annotations (the validation annotations of " + dataImages + ")");
        }
        DatasetFormat format = Options.format("--format", dataFormat);
        boolean mpii = format == DatasetFormat.MPII;
        if (mpii && headBoxes == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--format mpii needs --head-boxes (gt_valid.mat, a JSON file, or 'from-joints'): PCKh is "
                            + "normalised by the head size");
        }
        if (!mpii && headBoxes != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--head-boxes: only with --format mpii (PCKh)");
        }
        if (mpii && dataBoxes != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--boxes: MPII is evaluated on its annotated centre and scale, not on detections");
        }
        Path headBoxFile = headBoxes == null || headBoxes.equals("from-joints") ? null : Path.of(headBoxes);
        List<Path> paths = new ArrayList<>(List.of(dataImages, dataAnnotations));
        for (Path p : new Path[]{dataBoxes, trainImages, trainAnnotations, headBoxFile}) {
            if (p != null) {
                paths.add(p);
            }
        }
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "no such file or directory: " + p);
            }
        }
        Path root = commonParent(paths.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        Path ti = trainImages == null ? dataImages : trainImages;
        Path ta = trainAnnotations == null ? dataAnnotations : trainAnnotations;
        if (trainImages == null) {
            say("warning: no --train-images: the models train on the evaluation images (a smoke run, not a benchmark)");
        }
        String persons = mpii ? ", headBoxes: " + (headBoxFile == null ? "from-joints" : rel(root, headBoxFile))
                : dataBoxes == null ? ", boxes: gt" : ", boxes: " + rel(root, dataBoxes);
        String line = "{name: " + format.id() + ", format: " + format.id() + ", images: " + rel(root, dataImages)
                + ", annotations: " + rel(root, dataAnnotations) + persons
                + ", trainImages: " + rel(root, ti) + ", trainAnnotations: " + rel(root, ta) + "}";
        return new DatasetPaths(root, line);
    }

    private static Path commonParent(List<Path> paths) {
        // the parent of the images directory at least: spec paths must not be empty
        Path root = paths.get(0).getParent();
        for (Path p : paths) {
            while (!p.startsWith(root)) {
                root = root.getParent();
            }
        }
        return root;
    }

    private static String rel(Path root, Path p) {
        return "\"" + root.relativize(p.toAbsolutePath().normalize()).toString().replace("\"", "\\\"") + "\"";
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
                        JsonNode m = t.path("metrics");
                        if (m.has("loss")) {
                            current += String.format(" loss %.5f %.1f img/s", m.get("loss").asDouble(),
                                    m.path("images_per_second").asDouble());
                        }
                    }
                }
                default -> {
                }
            }
        }
        return String.format("%-9s tasks %d/%d done, %d running  %-70s", s.get("state").asText(), done, total, running,
                current.length() > 70 ? current.substring(0, 70) : current);
    }

    private static void printSummary(JsonNode s, Path artifacts) {
        System.out.println("experiment " + s.get("experimentId").asText() + ": " + s.get("state").asText()
                + (s.has("error") ? " — " + s.get("error").asText() : ""));
        int evals = 0;
        for (Iterator<JsonNode> it = s.get("tasks").elements(); it.hasNext(); ) {
            JsonNode t = it.next();
            String type = t.get("type").asText();
            if (type.equals("eval") || type.equals("corrupt")) {
                evals++;
                continue;
            }
            System.out.printf("  %-22s %-10s %s%n", t.get("taskId").asText(), t.get("state").asText(), t.path("metrics"));
        }
        System.out.println("  + " + evals + " corrupt/eval tasks; artifacts in " + artifacts);
    }

    private synchronized void stopAll() {
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
