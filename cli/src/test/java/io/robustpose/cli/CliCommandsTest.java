package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.workflow.message.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CLI's machine-readable commands against the shared references: stdout carries exactly one JSON object. */
class CliCommandsTest {
    static Path shared;

    @BeforeAll
    static void locate() {
        shared = Path.of(System.getProperty("robustpose.shared", "/work/shared"));
        assumeTrue(Files.isDirectory(shared.resolve("reference")), "../shared is absent: skipping CLI reference checks");
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = RobustposeCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void cocoEvalPrintsTheTenStatsOfPycocotools() throws Exception {
        for (String c : new String[]{"case1", "case5"}) {
            Path dir = shared.resolve("reference/coco-eval").resolve(c);
            Run r = run("coco-eval", "--gt", dir.resolve("gt.json").toString(), "--results", dir.resolve("res.json").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode out = Json.MAPPER.readTree(r.out());
            JsonNode expected = Json.MAPPER.readTree(dir.resolve("expected.json").toFile());
            assertThat(r.out().strip().lines().count()).isEqualTo(1);
            Iterator<JsonNode> stats = expected.get("stats").elements();
            for (JsonNode name : expected.get("names")) {
                assertThat(out.get(name.asText()).asDouble()).as(c + " " + name).isEqualTo(stats.next().asDouble());
            }
        }
    }

    @Test
    void pckhPrintsTheOfficialAndMmposeVariants() throws Exception {
        for (String c : new String[]{"random", "boundary"}) {
            JsonNode expected = Json.MAPPER.readTree(shared.resolve("reference/pckh/" + c + ".expected.json").toFile());
            for (String variant : new String[]{"official", "mmpose"}) {
                Run r = run("pckh", "--case", shared.resolve("reference/pckh/" + c + ".json").toString(), "--variant", variant);
                assertThat(r.exit()).as(r.err()).isZero();
                JsonNode out = Json.MAPPER.readTree(r.out());
                JsonNode exp = expected.get(variant);
                for (Iterator<String> it = exp.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (exp.get(key).isNumber()) {
                        assertThat(out.get(key).asDouble()).as(c + " " + variant + " " + key).isEqualTo(exp.get(key).asDouble());
                    }
                }
                assertThat(out.get("Mean").asDouble()).isEqualTo(exp.get("Mean").asDouble());
            }
        }
    }

    @Test
    void badInputsNameWhatIsWrong(@TempDir Path dir) {
        Run r = run("pckh", "--case", shared.resolve("reference/pckh/random.json").toString(), "--variant", "matlab");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--variant").contains("official, mmpose");
        Run c = run("corrupt", "--input", shared.resolve("reference/corruptions/chelsea_256x192/input.png").toString(),
                "--output", dir.resolve("o.png").toString(), "--corruption", "rain", "--severity", "1");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("--corruption").contains("rain");
        assertThat(c.out()).isEmpty();
    }

    /** Every command of the tree answers --help with its usage and exit 0, required options or not. */
    @Test
    void everyCommandHasHelp() {
        List<List<String>> commands = new java.util.ArrayList<>();
        walk(RobustposeCli.commandLine(), List.of(), commands);
        assertThat(commands).extracting(c -> String.join(" ", c))
                .contains("train", "evaluate", "validate", "doctor", "bench orchestration", "replicate", "status");
        for (List<String> c : commands) {
            List<String> withHelp = new java.util.ArrayList<>(c);
            withHelp.add("--help");
            String[] args = withHelp.toArray(String[]::new);
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: robustpose " + String.join(" ", c));
        }
    }

    /**
     * Issue 17: options taking one of a fixed set (architectures, methods, recipes, formats, corruptions) list
     * every value in their command's help, and an unknown value is refused naming the option and the values.
     */
    @Test
    void optionsWithAFixedSetOfValuesListThemInHelpAndErrors(@TempDir Path dir) {
        List<List<String>> commands = new java.util.ArrayList<>();
        walk(RobustposeCli.commandLine(), List.of(), commands);
        int checked = 0;
        for (List<String> c : commands) {
            picocli.CommandLine cl = RobustposeCli.commandLine();
            for (String name : c) {
                cl = cl.getSubcommands().get(name);
            }
            String help = run(java.util.stream.Stream.concat(c.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new)).out();
            for (picocli.CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                if (o.completionCandidates() == null) {
                    continue;
                }
                for (String value : o.completionCandidates()) {
                    assertThat(help).as(String.join(" ", c) + " " + o.longestName()).contains(value);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(run("train", "--help").out()).contains("higherhrnet-w32").contains("advmix-stylized")
                .contains("official-hrnet-w32-coco");

        Run arch = run("train", "--arch", "resnet", "--epochs", "1", "--format", "coco", "--images", dir.toString(),
                "--annotations", dir.resolve("a.json").toString(), "--out", dir.toString());
        assertThat(arch.exit()).isEqualTo(2);
        assertThat(arch.err()).contains("--arch: unknown 'resnet' (allowed: simplebaseline-resnet18, ").contains("higherhrnet-w48");
        Run format = run("corrupt-dataset", "--format", "posetrack", "--images", dir.toString(), "--annotations",
                dir.resolve("a.json").toString(), "--out", dir.toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format: unknown 'posetrack' (allowed: coco, mpii, ochuman)");
        Run corruption = run("corrupt", "--input", dir.resolve("i.png").toString(), "--output", dir.resolve("o.png").toString(),
                "--corruption", "rain", "--severity", "1");
        assertThat(corruption.err()).contains("gaussian_noise, shot_noise").contains("speckle_noise");
    }

    /** Issue 17: the MPII demo needs head boxes, said before anything starts. */
    @Test
    void theMpiiDemoAsksForHeadBoxes(@TempDir Path dir) {
        Path mpii = shared.resolve("realdata/mpii");
        Run r = run("demo", "--format", "mpii", "--data", mpii.toString(), "--annotations",
                mpii.resolve("test_mpii.json").toString(), "--work", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--format mpii needs --head-boxes");
        Run coco = run("demo", "--format", "coco", "--data", mpii.toString(), "--annotations",
                mpii.resolve("test_mpii.json").toString(), "--head-boxes", "from-joints", "--work", dir.toString());
        assertThat(coco.exit()).isEqualTo(2);
        assertThat(coco.err()).contains("--head-boxes: only with --format mpii");
    }

    private static void walk(picocli.CommandLine cl, List<String> path, List<List<String>> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // picocli's help command, and aliases
            }
            List<String> p = new java.util.ArrayList<>(path);
            p.add(name);
            out.add(p);
            walk(sub, p, out);
        });
    }

    /** Issue 13: asking for a GPU that is not there stops train and evaluate at once, naming what is missing. */
    @Test
    void aGpuThatIsNotThereIsRefusedByTrainAndEvaluate(@TempDir Path dir) {
        assumeTrue(io.robustpose.core.device.Accelerators.probe().gpus() == 0, "a GPU is usable here");
        Run t = run("train", "--device", "gpu", "--arch", "simplebaseline-resnet18", "--epochs", "1", "--format", "coco",
                "--images", dir.toString(), "--annotations", dir.resolve("none.json").toString(), "--out", dir.toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("device gpu requested").contains("no GPU is usable");
        Run e = run("evaluate", "--device", "gpu:1", "--model", dir.resolve("m.onnx").toString(), "--format", "coco",
                "--images", dir.toString(), "--annotations", dir.resolve("none.json").toString(), "--out", dir.toString());
        assertThat(e.exit()).isEqualTo(2);
        assertThat(e.err()).contains("ONNX Runtime").contains("CUDA execution provider");
        // an exported model needs its descriptor: refused at once, naming the option and where descriptors are
        Run nd = run("evaluate", "--device", "cpu", "--model", dir.resolve("m.onnx").toString(), "--format", "coco",
                "--images", dir.toString(), "--annotations", dir.resolve("none.json").toString(), "--out", dir.toString());
        assertThat(nd.exit()).isEqualTo(2);
        assertThat(nd.err()).contains("--descriptor: required for m.onnx").contains("examples/descriptors/");
        Run d = run("doctor");
        assertThat(d.exit()).isZero();
        assertThat(d.out()).contains("usable gpus:").contains("onnx runtime providers:");
    }

    /** Issue 17: status for a person and wait's progress line, from a status as the orchestrator serves it. */
    @Test
    void statusIsATableAndWaitALine() throws Exception {
        JsonNode s = Json.MAPPER.readTree("""
                {"experimentId": "e-1", "state": "RUNNING", "submittedAt": "2026-12-03T04:00:00Z",
                 "updatedAt": "2026-12-03T04:01:00Z", "tasks": {
                   "train-a": {"taskId": "train-a", "state": "RUNNING", "attempt": 2, "worker": "train-0",
                               "progress": 0.25, "message": "epoch 3/12"},
                   "eval-a-clean-shard0": {"taskId": "eval-a-clean-shard0", "state": "WAITING", "attempt": 0},
                   "eval-b-clean-shard0": {"taskId": "eval-b-clean-shard0", "state": "SUCCEEDED", "attempt": 1},
                   "eval-b-fog-s1-shard0": {"taskId": "eval-b-fog-s1-shard0", "state": "RETRY_WAIT", "attempt": 1,
                               "error": "no word from worker eval-1 for 300 s (heartbeats stopped)"}}}
                """);
        String table = StatusCommand.table(s);
        assertThat(table).contains("e-1  RUNNING").contains("tasks: 4  {RETRY_WAIT=1, RUNNING=1, SUCCEEDED=1, WAITING=1}")
                .contains("train-a").contains("25 %").contains("epoch 3/12").contains("heartbeats stopped")
                .doesNotContain("eval-a-clean-shard0").doesNotContain("eval-b-clean-shard0");
        assertThat(WaitCommand.progress(s)).isEqualTo("e-1 RUNNING: 1/4 tasks done, 1 in flight, 1 waiting to retry");
    }

    /** Issue 17: the orchestrator's validation offline — the planned tasks, or every field error with exit 2. */
    @Test
    void validateChecksASpecOfflineAsTheOrchestratorDoes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("img"));
        Files.writeString(dir.resolve("ann.json"), "{}");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, """
                name: v
                dataset: {format: coco, images: img, annotations: ann.json, boxes: gt}
                benchmark: {corruptions: [fog, contrast], severities: [1, 2], mode: on-the-fly}
                models:
                  - {name: a, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: 1}}
                """);
        Run ok = run("validate", good.toString(), "--data-roots", dir.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        // 1 train + clean and 2 × 2 conditions + aggregate + report
        assertThat(ok.out()).contains("valid").contains("1 model(s), 8 tasks");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: v
                dataset: {format: coco, images: img, annotations: missing.json, boxes: gt}
                benchmrk: {severities: "1-2000000000"}
                models:
                  - {name: a, architecture: simplebaseline-resnet18, training: {epochs: 1}}
                """);
        Run no = run("validate", bad.toString(), "--data-roots", dir.toString());
        assertThat(no.exit()).isEqualTo(2);
        assertThat(no.err()).contains("benchmrk");
    }

    /** No silent default length; a recipe is the official configuration and must fit the architecture. */
    @Test
    void trainNeedsALengthOrARecipe(@TempDir Path dir) {
        String[] data = {"--format", "coco", "--images", shared.resolve("realdata/coco").toString(),
                "--annotations", shared.resolve("realdata/coco/test_coco.json").toString(), "--out", dir.toString()};
        Run r = run(concat(new String[] {"train", "--arch", "simplebaseline-resnet18"}, data));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--epochs is required (or --recipe)");
        Run m = run(concat(new String[] {"train", "--arch", "hrnet-w32", "--recipe", "official-res50-coco"}, data));
        assertThat(m.exit()).isNotZero();
        assertThat(m.err()).contains("--recipe official-res50-coco trains simplebaseline-resnet50, not hrnet-w32");
        Run u = run(concat(new String[] {"train", "--recipe", "official-res51"}, data));
        assertThat(u.exit()).isNotZero();
        assertThat(u.err()).contains("--recipe: unknown 'official-res51' (allowed: official-res50-coco");
    }

    /** import-weights: a pickle that would run code, and weights of another network, are refused with the reason. */
    @Test
    void importWeightsRefusesWhatIsNotANetworksWeights(@TempDir Path dir) {
        Path fixtures = Path.of("../pose-core/src/test/resources/pth");
        Run evil = run("import-weights", fixtures.resolve("runs_code.pth").toString(), "--arch", "simplebaseline-resnet18",
                "--input", "64x64", "--out", dir.resolve("x.safetensors").toString());
        assertThat(evil.exit()).isEqualTo(2);
        assertThat(evil.err()).contains("refusing to unpickle the global posix.system");
        assertThat(Files.exists(dir.resolve("x.safetensors"))).isFalse();
        Run other = run("import-weights", fixtures.resolve("state_dict_zip.pth").toString(), "--arch", "simplebaseline-resnet18",
                "--input", "64x64", "--out", dir.resolve("y.safetensors").toString());
        assertThat(other.exit()).isNotZero();
        assertThat(other.err()).contains("conv.weight");
        Run arch = run("import-weights", fixtures.resolve("state_dict_zip.pth").toString(), "--arch", "resnet9",
                "--out", dir.resolve("z.safetensors").toString());
        assertThat(arch.exit()).isEqualTo(2);
        assertThat(arch.err()).contains("--arch: unknown 'resnet9'");
    }

    /**
     * Issue 17: person boxes per condition (a detector run on the corrupted images): each condition is cropped from
     * its own file — here the published detections for the clean images and none for gaussian_noise/1, so that
     * condition has no predictions while clean equals the single-file run; a missing file is refused up front.
     */
    @Test
    void personBoxesCanComeFromAFilePerCondition(@TempDir Path dir) throws Exception {
        Path model = shared.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx");
        Path coco = shared.resolve("realdata/coco");
        Path dets = coco.resolve("test_coco_det_AP_H_56.json");
        Files.createDirectories(dir.resolve("dets/clean"));
        Files.createDirectories(dir.resolve("dets/gaussian_noise"));
        Files.copy(dets, dir.resolve("dets/clean/0.json"));
        Files.writeString(dir.resolve("dets/gaussian_noise/1.json"), "[]");
        String pattern = dir.resolve("dets").toString() + "/{corruption}/{severity}.json";
        String[] common = {"evaluate", "--model", model.toString(), "--descriptor", "bodypix", "--format", "coco",
                "--images", coco.toString(), "--annotations", coco.resolve("test_coco.json").toString(),
                "--corruptions", "gaussian_noise", "--severities", "1"};
        Run single = run(concat(common, "--boxes", dets.toString(), "--out", dir.resolve("single").toString()));
        assertThat(single.exit()).as(single.err()).isZero();
        Run perCondition = run(concat(common, "--boxes", pattern, "--out", dir.resolve("per").toString()));
        assertThat(perCondition.exit()).as(perCondition.err()).isZero();
        JsonNode singleClean = Json.MAPPER.readTree(dir.resolve("single/clean/predictions.json").toFile());
        assertThat(singleClean.size()).isGreaterThan(0);
        assertThat(Json.MAPPER.readTree(dir.resolve("per/clean/predictions.json").toFile())).isEqualTo(singleClean);
        assertThat(Json.MAPPER.readTree(dir.resolve("single/gaussian_noise/1/predictions.json").toFile()).size()).isGreaterThan(0);
        assertThat(Json.MAPPER.readTree(dir.resolve("per/gaussian_noise/1/predictions.json").toFile()).size()).isZero();
        assertThat(Json.MAPPER.readTree(dir.resolve("per/metrics.json").toFile()).at("/models/0/provenance/boxes").asText())
                .isEqualTo("a detections file per condition: " + pattern);

        Files.delete(dir.resolve("dets/gaussian_noise/1.json"));
        Run missing = run(concat(common, "--boxes", pattern, "--out", dir.resolve("missing").toString()));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--boxes: 1 of the 2 per-condition detection files are missing")
                .contains("gaussian_noise/1.json");
        assertThat(dir.resolve("missing/clean")).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    /** --oks-nms 0 keeps one pose per GT person (the suppression itself: TopDownEstimatorNmsTest); bad values refused. */
    @Test
    void oksNmsCanBeSwitchedOff(@TempDir Path dir) throws Exception {
        Path model = shared.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx");
        int[] counts = new int[2];
        String[] thresholds = {"0", "0.9"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("nms-" + thresholds[i]);
            Run r = run("evaluate", "--model", model.toString(), "--descriptor", "bodypix", "--format", "ochuman", "--images",
                    shared.resolve("realdata/ochuman").toString(), "--annotations",
                    shared.resolve("realdata/ochuman/test_ochuman.json").toString(), "--corruptions", "gaussian_noise",
                    "--severities", "1", "--oks-nms", thresholds[i], "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            counts[i] = Json.MAPPER.readTree(out.resolve("clean/predictions.json").toFile()).size();
        }
        JsonNode gt = Json.MAPPER.readTree(shared.resolve("realdata/ochuman/test_ochuman.json").toFile());
        long persons = 0;
        for (JsonNode a : gt.get("annotations")) {
            persons += a.path("num_keypoints").asInt(1) > 0 ? 1 : 0;
        }
        System.out.printf("OCHuman, GT boxes: %d poses without OKS-NMS, %d with 0.9 (%d annotated persons)%n",
                counts[0], counts[1], persons);
        assertThat((long) counts[0]).isEqualTo(persons);
        assertThat(counts[1]).isLessThanOrEqualTo(counts[0]);
        Run bad = run("evaluate", "--model", model.toString(), "--descriptor", "bodypix", "--format", "ochuman", "--images", "x", "--annotations", "y",
                "--oks-nms", "1.5", "--out", dir.resolve("bad").toString());
        assertThat(bad.exit()).isNotZero();
    }

    /**
     * Issue 16: a bottom-up checkpoint (HigherHRNet-W32, formula weights, 128 px short side to stay fast) is recognised by
     * {@code evaluate} and run on every image without person boxes; its results are whole-image poses of 17 joints
     * inside the region the network saw. Boxes are refused for it, naming why.
     */
    @Test
    void bottomUpCheckpointIsEvaluatedOnWholeImages(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("hh32.safetensors");
        try (ai.djl.ndarray.NDManager m = io.robustpose.core.model.PoseNetworks.newManager()) {
            var net = io.robustpose.core.model.PoseNetworks.create(m,
                    io.robustpose.core.model.Architecture.HIGHERHRNET_W32, 17, 128, 128);
            // the reference formula weights: large outputs everywhere, so the parser finds people to check
            io.robustpose.core.model.WeightImporter.fromFormula(net, io.robustpose.core.model.WeightFormula.RunningStats.TRIVIAL);
            io.robustpose.core.model.Checkpoints.save(model, net, java.util.Map.of());
        }
        Path gtFile = shared.resolve("realdata/ochuman/test_ochuman.json");
        String[] data = {"--model", model.toString(), "--format", "ochuman", "--images",
                shared.resolve("realdata/ochuman").toString(), "--annotations", gtFile.toString()};
        Path out = dir.resolve("out");
        Run r = run(concat(new String[]{"evaluate"}, concat(data, new String[]{"--corruptions", "gaussian_noise",
                "--severities", "1", "--out", out.toString()})));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode gt = Json.MAPPER.readTree(gtFile.toFile());
        java.util.Map<Long, double[]> sizes = new java.util.HashMap<>();
        for (JsonNode img : gt.get("images")) {
            sizes.put(img.get("id").asLong(), new double[]{img.get("width").asDouble(), img.get("height").asDouble()});
        }
        for (String condition : List.of("clean", "gaussian_noise/1")) {
            JsonNode preds = Json.MAPPER.readTree(out.resolve(condition + "/predictions.json").toFile());
            assertThat(preds.size()).as(condition + ": people found").isPositive();
            for (JsonNode p : preds) {
                double[] wh = sizes.get(p.get("image_id").asLong());
                assertThat(wh).as("image of a prediction").isNotNull();
                assertThat(p.get("keypoints").size()).isEqualTo(51);
                // the parser works on the image warped to the input (short side 128, long side rounded up to a
                // multiple of 64, so it may reach past the image); joints map back inside that extent
                var ms = io.robustpose.core.bottomup.MultiScaleSize.of((int) wh[0], (int) wh[1], 128, 1.0, 1.0);
                double px = ms.scaleW() * 200 / ms.width(); // one input pixel in image units (float32 rounding)
                for (int j = 0; j < 17; j++) {
                    assertThat(p.get("keypoints").get(3 * j).asDouble())
                            .isBetween(ms.centerX() - ms.scaleW() * 100 - px, ms.centerX() + ms.scaleW() * 100 + px);
                    assertThat(p.get("keypoints").get(3 * j + 1).asDouble())
                            .isBetween(ms.centerY() - ms.scaleH() * 100 - px, ms.centerY() + ms.scaleH() * 100 + px);
                }
            }
        }
        JsonNode table = Json.MAPPER.readTree(out.resolve("robustness.json").toFile());
        assertThat(table.toString()).contains("hh32");
        // issue 17: the long table beside it, every COCO statistic per condition
        List<String> rows = Files.readAllLines(out.resolve("robustness_long.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("model,corruption,category,severity,AP,AP50,AP75,AP_medium,AP_large,AR,AR50,"
                + "AR75,AR_medium,AR_large");
        assertThat(rows.get(1)).startsWith("hh32,clean,,0,");
        assertThat(rows.get(2)).startsWith("hh32,gaussian_noise,noise,1,");
        assertThat(rows.get(2).split(",")).hasSize(14);
        // and how the numbers were made, with them
        JsonNode provenance = Json.MAPPER.readTree(out.resolve("metrics.json").toFile()).at("/models/0/provenance");
        assertThat(provenance.get("model_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(provenance.get("boxes").asText()).isEqualTo("none (bottom-up)");
        assertThat(provenance.get("corruptions").asText()).isEqualTo("on the fly, seed 1");
        assertThat(provenance.get("frost_textures").asText()).startsWith("procedural");
        assertThat(provenance.get("flip_test").asText()).isEqualTo("true");

        Run boxes = run(concat(new String[]{"evaluate"}, concat(data, new String[]{"--boxes", gtFile.toString(),
                "--out", dir.resolve("b").toString()})));
        assertThat(boxes.exit()).isNotZero();
        assertThat(boxes.err()).contains("--boxes").contains("bottom-up");
    }


    /**
     * A bottom-up export (the tiny TorchScript network of pose-core's fixture, HigherHRNet's two outputs) with a
     * descriptor saying {@code "output": "higherhrnet"} is evaluated on whole images like a bottom-up checkpoint.
     */
    @Test
    void bottomUpExportIsEvaluatedThroughItsDescriptor(@TempDir Path dir) throws Exception {
        Path model = Path.of("../pose-core/src/test/resources/torchscript-bottomup/tiny_higher.pt").toAbsolutePath();
        Path descriptor = dir.resolve("tiny-higher.json");
        Files.writeString(descriptor, """
                {"inputHeight": 64, "inputWidth": 64, "layout": "NCHW", "color": "RGB", "normalization": "imagenet",
                 "output": "higherhrnet", "heatmapName": null, "offsetName": null, "stride": 4,
                 "heatmapLogits": false, "maxBatch": 1, "joints": 17, "flipTest": true}
                """);
        Path out = dir.resolve("out");
        Run r = run("evaluate", "--model", model.toString(), "--descriptor", descriptor.toString(), "--format",
                "ochuman", "--images", shared.resolve("realdata/ochuman").toString(), "--annotations",
                shared.resolve("realdata/ochuman/test_ochuman.json").toString(), "--corruptions", "contrast",
                "--severities", "2", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String condition : List.of("clean", "contrast/2")) {
            JsonNode preds = Json.MAPPER.readTree(out.resolve(condition + "/predictions.json").toFile());
            assertThat(preds.size()).as(condition + ": people found").isPositive();
            preds.forEach(p -> assertThat(p.get("keypoints").size()).isEqualTo(51));
        }
        JsonNode provenance = Json.MAPPER.readTree(out.resolve("metrics.json").toFile()).at("/models/0/provenance");
        assertThat(provenance.get("boxes").asText()).isEqualTo("none (bottom-up)");
    }

    @Test
    void corruptWithPinnedDrawsReproducesTheReferenceOutput(@TempDir Path dir) throws Exception {
        Path ref = shared.resolve("reference/corruptions/chelsea_256x192");
        JsonNode draws = Json.MAPPER.readTree(ref.resolve("stats.json").toFile()).at("/results/motion_blur/3/random_draws");
        assumeTrue(!draws.isMissingNode(), "stats.json has no motion_blur draws");
        Path out = dir.resolve("mb.png");
        Run r = run("corrupt", "--input", ref.resolve("input.png").toString(), "--output", out.toString(),
                "--corruption", "motion_blur", "--severity", "3", "--param", "angle_deg=" + draws.get("angle_deg").asText());
        assertThat(r.exit()).as(r.err()).isZero();
        var mine = javax.imageio.ImageIO.read(out.toFile());
        var theirs = javax.imageio.ImageIO.read(ref.resolve("motion_blur_s3.png").toFile());
        long diff = 0;
        for (int y = 0; y < mine.getHeight(); y++) {
            for (int x = 0; x < mine.getWidth(); x++) {
                int a = mine.getRGB(x, y);
                int b = theirs.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    diff += Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff));
                }
            }
        }
        assertThat(diff / (3.0 * mine.getWidth() * mine.getHeight())).isLessThanOrEqualTo(0.5);
    }
}
