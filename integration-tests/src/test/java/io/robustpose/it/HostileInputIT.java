package io.robustpose.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the real orchestrator process (a real broker, no workers): every case of
 * issue 12 plus more, first over REST — a 4xx naming what was wrong, within a second, the process
 * alive throughout — then the same specs sent raw to the experiments topic with a stock Kafka
 * producer, each of which must end on the dead-letter topic with its reason while the orchestrator
 * keeps serving. A valid spec is accepted afterwards both ways.
 */
class HostileInputIT {
    private static final String TOKEN = "hostile-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path work;
    private static EmbeddedKafka broker;
    private static KafkaClients kafka;
    private static ServiceProcess orchestrator;

    @BeforeAll
    static void deploy() throws Exception {
        work = Files.createTempDirectory("robustpose-hostile");
        Path logs = ServiceProcess.ROOT.resolve("integration-tests/target/it-logs/hostile");
        Files.createDirectories(logs);
        broker = EmbeddedKafka.persistent(work.resolve("broker"), EmbeddedKafka.freePort(), 0).start();
        kafka = KafkaClients.of(broker.bootstrapServers());
        kafka.ensureTopics();
        SyntheticPeople.writeSplit(work.resolve("data/sample"), "test", 4, 7, SyntheticPeople.Options.small());
        orchestrator = new ServiceProcess("orchestrator", "orchestrator", Map.of(
                "ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ROBUSTPOSE_ARTIFACTS", work.resolve("artifacts").toString(),
                "ROBUSTPOSE_DATA_ROOTS", work.resolve("data").toString(),
                "ROBUSTPOSE_API_TOKEN", TOKEN), logs);
        orchestrator.start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static final String VALID = """
            name: valid
            dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
            benchmark: {corruptions: [fog], severities: "1-2", mode: on-the-fly}
            models:
              - {name: std, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: 1, batch: 2}}
            """;

    /** A case: the body, the status REST must answer, and a text the answer must contain (the field or the reason). */
    record Case(String name, String body, int status, String names) {
    }

    private static Case edit(String name, String from, String to, String names) {
        assertThat(VALID).contains(from);
        return new Case(name, VALID.replace(from, to), 400, names);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // from issue 12's "Why"
        c.add(edit("huge severity range (was: out of memory)", "\"1-2\"", "\"1-2000000000\"", "benchmark.severities"));
        c.add(edit("severity range to Integer.MAX_VALUE (was: endless loop)", "\"1-2\"", "\"1-2147483647\"", "benchmark.severities"));
        c.add(edit("severity that is no int (was: 500)", "\"1-2\"", "\"1-99999999999999999999\"", "benchmark.severities"));
        c.add(edit("NUL in a path (was: 500)", "images: sample/images", "images: \"sample/ima\\0ges\"", "dataset.images"));
        c.add(edit("a field-name typo (was: ignored)", "benchmark:", "benchmrk:", "benchmark"));
        c.add(edit("architecture without weights or training (was: placeholder evaluator)",
                ", training: {epochs: 1, batch: 2}}", "}", "models[0]"));
        c.add(edit("the simulated trainer's field (was: reachable)", "batch: 2}", "batch: 2, secondsPerEpoch: 1}",
                "secondsPerEpoch"));
        c.add(edit("annotations that do not exist (was: hung)", "sample/annotations.json", "sample/nothing.json",
                "dataset.annotations"));
        c.add(edit("input 9999x9999 (was: accepted)", "input: 64x64", "input: 9999x9999", "input"));
        c.add(edit("training without a length (was: one silent epoch)", "epochs: 1, batch: 2", "batch: 2", "epochs"));
        // our own
        c.add(edit("severity outside 1-5", "\"1-2\"", "[1, 9]", "benchmark.severities"));
        c.add(edit("negative batch", "batch: 2", "batch: -1", "batch"));
        c.add(edit("a billion epochs", "epochs: 1", "epochs: 1000000000", "epochs"));
        c.add(edit("100000 eval shards", "mode: on-the-fly", "mode: on-the-fly, evalShards: 100000", "evalShards"));
        c.add(edit("absolute path outside the data roots", "images: sample/images", "images: /etc", "dataset.images"));
        c.add(edit("relative path escaping the data roots", "images: sample/images", "images: ../../../../etc",
                "dataset.images"));
        c.add(edit("unknown corruption", "[fog]", "[gausian_noise]", "gaussian_noise"));
        c.add(edit("input that overflows", "input: 64x64", "input: 99999999999999999999x64", "input"));
        c.add(edit("wrong type", "\"1-2\"", "{a: 1}", "benchmark.severities"));
        c.add(edit("control character in the name", "name: valid", "name: \"va\\u0007lid\"", "name"));
        c.add(edit("unknown architecture", "simplebaseline-resnet18", "resnet9000", "architecture"));
        c.add(edit("unknown training method", "epochs: 1,", "method: adv-mix, epochs: 1,", "method"));
        c.add(new Case("not YAML", "{{{{ ::: ]]", 400, "error"));
        c.add(new Case("empty body", "", 400, "error"));
        c.add(new Case("a YAML list instead of a spec", "- a\n- b\n", 400, "error"));
        c.add(new Case("YAML alias bomb", aliasBomb(), 400, "error"));
        c.add(new Case("deep nesting", "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n", 400, "error"));
        c.add(new Case("body over the size limit", VALID + "#" + "x".repeat(300 * 1024) + "\n", 413, ""));
        return c;
    }

    /** The "billion laughs" of YAML: nine levels of nine aliases. */
    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("a0: &a0 [\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    private static HttpResponse<String> post(String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(orchestrator.url() + "/experiments"))
                .header("Content-Type", "application/yaml").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int getWithToken(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(orchestrator.url() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void everyHostileInputIsRefusedNamingWhatWasWrongAndNothingBreaks() throws Exception {
        assertThat(post(VALID, false).statusCode()).isEqualTo(401);
        post("{{", true); // warm-up: the first request pays for class loading, not for the checks
        Map<String, Long> millis = new LinkedHashMap<>();
        for (Case c : cases()) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(c.body(), true);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            millis.put(c.name(), ms);
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.body()).as(c.name()).contains(c.names()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(ms).as(c.name() + " answered in " + ms + " ms").isLessThan(1000);
            assertThat(orchestrator.alive()).as("orchestrator alive after: " + c.name()).isTrue();
        }
        System.out.println("hostile REST cases, ms: " + millis);
        assertThat(orchestrator.get("/q/health").statusCode()).isEqualTo(200);
        assertThat(post(VALID, true).statusCode()).isEqualTo(201);

        // the same specs, raw on the experiments topic: each one dead-lettered with its reason
        int before = kafka.readAll(Topic.DEAD_LETTER).size();
        Map<String, String> expected = new LinkedHashMap<>();
        try (var producer = kafka.producer("hostile-it")) {
            int i = 0;
            for (Case c : cases()) {
                String key = "hostile-" + (i++);
                byte[] value;
                JsonNode spec = null;
                try {
                    spec = c.status() == 413 ? null : YAML.readTree(c.body());
                } catch (Exception unparseable) {
                    // sent as it is
                }
                if (spec != null && spec.isObject()) {
                    ObjectNode command = Json.MAPPER.createObjectNode().put("v", 1).put("kind", "submit")
                            .put("experimentId", key);
                    command.set("spec", spec);
                    value = Json.MAPPER.writeValueAsBytes(command);
                    // structural cases name no field on REST ("error"): on the topic any reason will do
                    expected.put(key, c.names().equals("error") ? "" : c.names());
                } else {
                    value = c.body().getBytes(StandardCharsets.UTF_8);
                    expected.put(key, "");
                }
                producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), key, value)).get();
            }
            // records that are JSON but no command
            for (String[] raw : new String[][] {{"raw-kind", "{\"v\":1,\"kind\":\"explode\",\"experimentId\":\"x\"}", "kind"},
                    {"raw-version", "{\"v\":99,\"kind\":\"submit\",\"experimentId\":\"x\",\"spec\":{}}", "v"},
                    {"raw-no-id", "{\"v\":1,\"kind\":\"submit\",\"spec\":{}}", "experimentId"},
                    {"raw-spec-string", "{\"v\":1,\"kind\":\"submit\",\"experimentId\":\"x\",\"spec\":\"boom\"}", "spec"},
                    {"raw-array", "[1,2,3]", ""}, {"raw-null", "null", ""}}) {
                producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), raw[0],
                        raw[1].getBytes(StandardCharsets.UTF_8))).get();
                expected.put(raw[0], raw[2]);
            }
            producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), "raw-empty", new byte[0])).get();
            expected.put("raw-empty", "");
        }
        Map<String, String> reasons = new HashMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (reasons.size() < expected.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(Topic.DEAD_LETTER);
            for (ConsumerRecord<String, byte[]> r : dead.subList(before, dead.size())) {
                reasons.put(r.key(), new String(r.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8));
            }
        }
        System.out.println("hostile topic records, reasons: " + reasons);
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, names) -> assertThat(reasons.get(key)).as(key).isNotBlank().contains(names));
        assertThat(orchestrator.alive()).isTrue();
        // none of them became an experiment; a valid raw submit still does
        for (String key : expected.keySet()) {
            assertThat(getWithToken("/experiments/" + key)).as(key).isEqualTo(404);
        }
        try (var producer = kafka.producer("hostile-it-valid")) {
            ObjectNode command = Json.MAPPER.createObjectNode().put("v", 1).put("kind", "submit")
                    .put("experimentId", "raw-valid");
            command.set("spec", YAML.readTree(VALID));
            producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), "raw-valid",
                    Json.MAPPER.writeValueAsBytes(command))).get();
        }
        deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            status = getWithToken("/experiments/raw-valid");
        }
        assertThat(status).isEqualTo(200);
    }
}
