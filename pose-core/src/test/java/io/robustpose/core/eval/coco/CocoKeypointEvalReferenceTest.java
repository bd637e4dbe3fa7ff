package io.robustpose.core.eval.coco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** pycocotools 2.0.11's numbers on the shared reference cases (reference/coco-eval/caseN). */
class CocoKeypointEvalReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Case(CocoDataset gt, KeypointResults res, JsonNode expected, JsonNode oks) {
    }

    private static Case load(String name) throws IOException {
        Path dir = SharedFixtures.require("reference/coco-eval/" + name);
        return new Case(CocoReader.readCoco(dir.resolve("gt.json")), KeypointResults.read(dir.resolve("res.json")),
                JSON.readTree(dir.resolve("expected.json").toFile()), JSON.readTree(dir.resolve("oks.json").toFile()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"case1", "case5"})
    void reproducesTheTenStats(String name) throws IOException {
        Case c = load(name);
        CocoEvalResult r = CocoKeypointEval.evaluate(c.gt(), c.res().results());
        Map<String, Double> got = r.stats().toMap();
        JsonNode names = c.expected().get("names");
        JsonNode stats = c.expected().get("stats");
        List<String> expectedNames = new ArrayList<>();
        names.forEach(n -> expectedNames.add(n.asText()));
        assertThat(got.keySet()).containsExactlyElementsOf(expectedNames);
        for (int i = 0; i < names.size(); i++) {
            String key = names.get(i).asText();
            assertThat(got.get(key)).as("%s %s", name, key).isCloseTo(stats.get(i).asDouble(), within(1e-9));
        }
        for (int i = 0; i < names.size(); i++) {
            String key = names.get(i).asText();
            assertThat(got.get(key)).as("%s %s bit-exact", name, key).isEqualTo(stats.get(i).asDouble());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"case1", "case5"})
    void printsPycocotoolsSummaryLines(String name) throws IOException {
        Case c = load(name);
        List<String> expected = new ArrayList<>();
        c.expected().get("summary_lines").forEach(n -> expected.add(n.asText()));
        assertThat(CocoKeypointEval.evaluate(c.gt(), c.res().results()).stats().summaryLines())
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case1", "case5"})
    void perImageOksMatchesComputeOks(String name) throws IOException {
        Case c = load(name);
        CocoEvalResult r = CocoKeypointEval.evaluate(c.gt(), c.res().results());
        JsonNode images = c.oks().get("images");
        int compared = 0;
        for (Map.Entry<String, JsonNode> e : images.properties()) {
            long imageId = Long.parseLong(e.getKey());
            OksMatrix m = r.oks(imageId);
            assertThat(m).as("image %d", imageId).isNotNull();
            assertThat(m.dtIds()).as("dt order of image %d", imageId).containsExactly(longs(e.getValue().get("dt_ids")));
            assertThat(m.gtIds()).as("gt order of image %d", imageId).containsExactly(longs(e.getValue().get("gt_ids")));
            JsonNode rows = e.getValue().get("oks");
            for (int d = 0; d < rows.size(); d++) {
                for (int g = 0; g < rows.get(d).size(); g++) {
                    // oks.json holds values rounded to 10 decimals
                    assertThat(m.get(d, g)).as("image %d oks[%d][%d]", imageId, d, g)
                            .isCloseTo(rows.get(d).get(g).asDouble(), within(0.5e-10 + 1e-15));
                    compared++;
                }
            }
        }
        assertThat(compared).isPositive();
        // images pycocotools has no matrix for (no GT or no detection) have none here either
        List<Long> withMatrix = new ArrayList<>();
        images.fieldNames().forEachRemaining(id -> withMatrix.add(Long.parseLong(id)));
        assertThat(r.oksMatrices().keySet()).containsExactlyInAnyOrderElementsOf(withMatrix);
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
