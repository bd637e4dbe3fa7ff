package io.robustpose.core.bottomup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouping against the official HigherHRNet parser, value for value: {@code ../shared/reference/bottomup}
 * holds its outputs (HigherHRNet @ aa23881, munkres 1.1.4, torch 2.13) for synthetic maps with weak, missing,
 * duplicate and border joints and a constructed tie (case 4: a generic solver gives 5 people, munkres 4), and 500
 * assignment problems shaped as the parser builds them (143 of which another optimal solver answers differently).
 * Every stage must be equal exactly: top-k, match, adjust, scores, refine, image coordinates.
 */
class AssociativeEmbeddingParserTest {
    static final Path REF = Path.of(System.getProperty("robustpose.shared", "../shared"))
            .resolve("reference/bottomup").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void munkresPairsEqualTheOfficialSolverOn500Problems() throws IOException {
        JsonNode trials = JSON.readTree(REF.resolve("assignment_munkres.json").toFile()).get("trials");
        int differentFromScipy = 0;
        for (int i = 0; i < trials.size(); i++) {
            JsonNode t = trials.get(i);
            List<int[]> pairs = Munkres.compute(matrix(t.get("matrix")));
            assertThat(toJson(pairs)).as("trial " + i).isEqualTo(t.get("munkres_pairs").toString());
            if (!t.get("same_pairs").asBoolean()) {
                differentFromScipy++;
            }
        }
        assertThat(trials.size()).isEqualTo(500);
        assertThat(differentFromScipy).isEqualTo(143);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case1_one_person", "case2_three_people", "case3_four_people_pipeline",
            "case4_assignment_tie"})
    void everyStageEqualsTheOfficialParser(String name) throws IOException {
        JsonNode ref = JSON.readTree(REF.resolve(name + ".json").toFile());
        AssociativeEmbeddingParser.Maps maps = maps(name, ref);
        AssociativeEmbeddingParser parser = new AssociativeEmbeddingParser(AssociativeEmbeddingParser.Params.higherHrNet());

        List<List<AssociativeEmbeddingParser.Candidate>> topK = parser.topK(maps);
        for (int j = 0; j < maps.joints(); j++) {
            JsonNode want = ref.get("top_k").get(j);
            List<AssociativeEmbeddingParser.Candidate> positive = topK.get(j).stream().filter(c -> c.val() > 0).toList();
            assertThat(positive).as("top-k of joint " + j).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                AssociativeEmbeddingParser.Candidate c = positive.get(i);
                JsonNode w = want.get(i);
                assertThat(new double[]{c.x(), c.y(), c.val(), c.tag()[0], c.tag()[1]}).as("joint %d candidate %d", j, i)
                        .containsExactly(w.get("x").asDouble(), w.get("y").asDouble(), w.get("val").asDouble(),
                                w.get("tag").get(0).asDouble(), w.get("tag").get(1).asDouble());
            }
        }
        List<float[][]> matched = parser.match(topK, maps);
        assertPeople(matched, ref.get("matched"), "matched");
        parser.adjust(matched, maps);
        assertPeople(matched, ref.get("adjusted"), "adjusted");

        List<AssociativeEmbeddingParser.Person> people = parser.parse(maps, true, true);
        List<float[][]> grouped = people.stream().map(AssociativeEmbeddingParser.Person::joints).toList();
        assertPeople(grouped, ref.get("grouped"), "grouped");
        for (int p = 0; p < people.size(); p++) {
            assertThat((double) people.get(p).score()).as("score of person " + p)
                    .isEqualTo(ref.get("scores").get(p).asDouble());
        }

        JsonNode size = ref.get("image_size_wh");
        MultiScaleSize ms = MultiScaleSize.of(size.get(0).asInt(), size.get(1).asInt(), maps.width(), 1.0, 1.0);
        JsonNode wantSize = ref.get("get_multi_scale_size");
        assertThat(new double[]{ms.width(), ms.height(), ms.centerX(), ms.centerY(), ms.scaleW(), ms.scaleH()})
                .containsExactly(wantSize.get("base_size").get(0).asDouble(), wantSize.get("base_size").get(1).asDouble(),
                        wantSize.get("center").get(0).asDouble(), wantSize.get("center").get(1).asDouble(),
                        wantSize.get("scale").get(0).asDouble(), wantSize.get("scale").get(1).asDouble());
        ms.toImage(people, maps.width(), maps.height());
        assertPeople(grouped, ref.get("final_results"), "final_results");
    }

    /**
     * The flip-test aggregation from the four stand-in network outputs of case 3 against the official parser
     * inputs: equal up to float32 rounding (torch's compiled bilinear kernel fuses multiply-adds in a
     * shape-dependent order, see {@link Bilinear}): 68,720 of 278,528 heatmap values and 207,025 of 557,056 tag
     * values differ, by at most 1.19e-7 (heatmaps in [0, 1]) and 7.15e-7 (tags); asserted with a 2× margin.
     * The people grouped from these maps are the official ones — same joints at the same positions — with
     * scores and tags within those differences.
     */
    @Test
    void flipTestAggregationMatchesTheOfficialParserInputs() throws IOException {
        String c = "case3_four_people_pipeline";
        AssociativeEmbeddingParser.Maps maps = FlipTestAggregation.aggregate(17,
                floats(REF.resolve(c + ".standin_plain_0.f32")), floats(REF.resolve(c + ".standin_plain_1.f32")),
                floats(REF.resolve(c + ".standin_flip_0.f32")), floats(REF.resolve(c + ".standin_flip_1.f32")),
                32, 32, 64, 64, FlipTestAggregation.COCO_FLIP_INDEX, 128, 128);
        double[] heat = differences(maps.heatmaps(), floats(REF.resolve(c + ".heatmaps.f32")));
        double[] tags = differences(maps.tags(), floats(REF.resolve(c + ".tags.f32")));
        System.out.printf("flip-test aggregation vs official: heatmaps %.0f of %d values differ, max |d| %.3g; "
                + "tags %.0f of %d, max |d| %.3g%n", heat[0], maps.heatmaps().length, heat[1], tags[0],
                maps.tags().length, tags[1]);
        assertThat(heat[1]).as("max |d| of the heatmaps").isLessThanOrEqualTo(HEATMAP_TOLERANCE);
        assertThat(tags[1]).as("max |d| of the tags").isLessThanOrEqualTo(TAG_TOLERANCE);

        JsonNode ref = JSON.readTree(REF.resolve(c + ".json").toFile());
        List<AssociativeEmbeddingParser.Person> people = new AssociativeEmbeddingParser(
                AssociativeEmbeddingParser.Params.higherHrNet()).parse(maps, true, true);
        // the same people with the same joints at the same positions; scores and tags as close as the maps
        JsonNode want = ref.get("grouped");
        assertThat(people).hasSize(want.size());
        for (int p = 0; p < want.size(); p++) {
            for (int j = 0; j < 17; j++) {
                float[] got = people.get(p).joints()[j];
                JsonNode w = want.get(p).get(j);
                assertThat(new double[]{got[0], got[1]}).as("person %d joint %d position", p, j)
                        .containsExactly(w.get(0).asDouble(), w.get(1).asDouble());
                assertThat((double) got[2]).as("person %d joint %d score", p, j)
                        .isCloseTo(w.get(2).asDouble(), org.assertj.core.api.Assertions.within(HEATMAP_TOLERANCE));
                for (int t = 3; t < 5; t++) {
                    assertThat((double) got[t]).as("person %d joint %d tag", p, j)
                            .isCloseTo(w.get(t).asDouble(), org.assertj.core.api.Assertions.within(TAG_TOLERANCE));
                }
            }
        }
    }

    private static final double HEATMAP_TOLERANCE = 2.4e-7;
    private static final double TAG_TOLERANCE = 1.4e-6;

    /** {number of differing values, largest absolute difference}. */
    private static double[] differences(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        int differ = 0;
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                differ++;
                max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
            }
        }
        return new double[]{differ, max};
    }

    private static void assertPeople(List<float[][]> got, JsonNode want, String stage) {
        assertThat(got).as(stage + ": people").hasSize(want.size());
        for (int p = 0; p < want.size(); p++) {
            for (int j = 0; j < want.get(p).size(); j++) {
                double[] row = new double[got.get(p)[j].length];
                for (int c = 0; c < row.length; c++) {
                    row[c] = got.get(p)[j][c];
                }
                double[] expected = new double[want.get(p).get(j).size()];
                for (int c = 0; c < expected.length; c++) {
                    expected[c] = want.get(p).get(j).get(c).asDouble();
                }
                assertThat(row).as("%s: person %d joint %d", stage, p, j).containsExactly(expected);
            }
        }
    }

    static AssociativeEmbeddingParser.Maps maps(String name, JsonNode ref) throws IOException {
        JsonNode shape = ref.get("inputs").get("tags").get("shape");
        int joints = shape.get(1).asInt();
        int h = shape.get(2).asInt();
        int w = shape.get(3).asInt();
        int k = shape.get(4).asInt();
        return new AssociativeEmbeddingParser.Maps(joints, h, w, k, floats(REF.resolve(name + ".heatmaps.f32")),
                floats(REF.resolve(name + ".tags.f32")));
    }

    static float[] floats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static double[][] matrix(JsonNode m) {
        double[][] out = new double[m.size()][];
        for (int i = 0; i < m.size(); i++) {
            out[i] = new double[m.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = m.get(i).get(j).asDouble();
            }
        }
        return out;
    }

    private static String toJson(List<int[]> pairs) {
        List<List<Integer>> l = new ArrayList<>();
        for (int[] p : pairs) {
            l.add(List.of(p[0], p[1]));
        }
        try {
            return JSON.writeValueAsString(l);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
