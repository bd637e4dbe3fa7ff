package io.robustpose.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.core.eval.coco.CocoEvalResult;
import io.robustpose.core.eval.coco.CocoKeypointEval;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CocoReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsCocoPersonKeypointsAsWritten() throws IOException {
        Path file = SharedFixtures.require("realdata/coco/test_coco.json");
        CocoDataset ds = CocoReader.readCoco(file);
        JsonNode raw = JSON.readTree(file.toFile());
        assertThat(ds.images()).hasSize(raw.get("images").size());
        assertThat(ds.annotations()).hasSize(raw.get("annotations").size());
        assertThat(ds.summary().count("licenses")).isEqualTo(raw.get("licenses").size());
        assertThat(ds.summary().skipped()).isEmpty();
        assertThat(ds.summary().warnings()).isEmpty();
        CocoCategory person = ds.category(1).orElseThrow();
        assertThat(person.keypoints()).hasSize(17).startsWith("nose");
        assertThat(person.skeleton()).hasSize(raw.get("categories").get(0).get("skeleton").size());
        for (int i = 0; i < ds.annotations().size(); i++) {
            assertAnnotation(ds.annotations().get(i), raw.get("annotations").get(i));
        }
        for (int i = 0; i < ds.images().size(); i++) {
            JsonNode im = raw.get("images").get(i);
            CocoImage got = ds.images().get(i);
            assertThat(got.id()).isEqualTo(im.get("id").asLong());
            assertThat(got.fileName()).isEqualTo(im.get("file_name").asText());
            assertThat(got.width()).isEqualTo(im.get("width").asInt());
            assertThat(got.height()).isEqualTo(im.get("height").asInt());
            assertThat(ds.annotationsOf(got.id())).allMatch(a -> a.imageId() == got.id());
        }
        assertThat(ds.annotations()).allMatch(a -> a.segmentation() instanceof Segmentation.Polygons);
    }

    @Test
    void readsOchumanWithRunLengthSegmentations() throws IOException {
        Path file = SharedFixtures.require("realdata/ochuman/test_ochuman.json");
        CocoDataset ds = CocoReader.ochuman().read(file);
        JsonNode raw = JSON.readTree(file.toFile());
        assertThat(ds.format()).isEqualTo(DatasetFormat.OCHUMAN);
        assertThat(ds.annotations()).hasSize(raw.get("annotations").size());
        assertThat(ds.summary().derived()).as("nothing needed filling in").isEmpty();
        for (int i = 0; i < ds.annotations().size(); i++) {
            CocoAnnotation a = ds.annotations().get(i);
            JsonNode r = raw.get("annotations").get(i);
            assertAnnotation(a, r);
            Segmentation.Rle rle = (Segmentation.Rle) a.segmentation();
            assertThat(rle.isCompressed()).isTrue();
            assertThat(rle.compressedCounts()).isEqualTo(r.get("segmentation").get("counts").asText());
            assertThat(rle.height()).isEqualTo(r.get("segmentation").get("size").get(0).asInt());
        }
    }

    @Test
    void ochumanFillsInWhatCanBeDerivedAndCountsIt() throws IOException {
        Path file = SharedFixtures.require("realdata/ochuman/test_ochuman.json");
        ObjectNode raw = (ObjectNode) JSON.readTree(file.toFile());
        for (JsonNode a : raw.get("annotations")) {
            ((ObjectNode) a).remove(List.of("num_keypoints", "iscrowd", "area"));
        }
        CocoDataset ds = CocoReader.ochuman().read(bytes(raw.toString()), "ochuman-stripped.json");
        int n = raw.get("annotations").size();
        assertThat(ds.summary().derived()).containsEntry("num_keypoints (labelled joints)", (long) n)
                .containsEntry("iscrowd (0)", (long) n).containsEntry("area (bbox width x height)", (long) n);
        CocoAnnotation first = ds.annotations().get(0);
        assertThat(first.numKeypoints()).isEqualTo(first.labelledKeypoints());
        assertThat(first.area()).isEqualTo(first.bbox()[2] * first.bbox()[3]);
        // the COCO reader keeps them absent instead; the evaluator then names what it misses
        CocoDataset strict = CocoReader.coco().read(bytes(raw.toString()), "stripped.json");
        assertThat(strict.annotations().get(0).hasNumKeypoints()).isFalse();
        assertThatThrownBy(() -> CocoKeypointEval.evaluate(strict, List.of()))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("'num_keypoints'");
    }

    @Test
    void groundTruthAsPredictionsScoresPerfectly() {
        Path file = SharedFixtures.require("realdata/coco/test_coco.json");
        CocoDataset ds = CocoReader.readCoco(file);
        List<KeypointResult> results = new ArrayList<>();
        for (CocoAnnotation a : ds.annotations()) {
            if (a.numKeypoints() > 0) {
                results.add(new KeypointResult(a.imageId(), 1, a.keypoints(), 1.0));
            }
        }
        CocoEvalResult r = CocoKeypointEval.evaluate(ds, results);
        assertThat(r.stats().ap()).isCloseTo(1.0, within(1e-15));
        assertThat(r.stats().ar()).isEqualTo(1.0);
        assertThat(r.counts().gtIgnored()).isEqualTo(ds.annotations().stream().filter(a -> a.numKeypoints() == 0).count());
    }

    @Test
    void malformedAnnotationIsNamedByIndexIdAndField() {
        String json = "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"keypoints\": [\"a\", \"b\"]}],"
                + " \"annotations\": [" + ann(1, "[1,2,2,3,4,2]") + ", {\"keypoints\": [1,2,2,3,4], \"id\": 7,"
                + " \"image_id\": 1, \"category_id\": 1}]}";
        assertThatThrownBy(() -> CocoReader.coco().read(bytes(json), "gt.json"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("gt.json: annotations[1] (id 7): field 'keypoints': expected 3 numbers (x, y, v) per joint,"
                        + " got 5 numbers")
                .satisfies(e -> {
                    MalformedRecordException m = (MalformedRecordException) e;
                    assertThat(m.index()).isEqualTo(1);
                    assertThat(m.recordId()).isEqualTo("7");
                    assertThat(m.field()).isEqualTo("keypoints");
                });
    }

    @Test
    void keypointCountMustMatchTheCategory() {
        String json = "{\"images\": [{\"id\": 1}], \"annotations\": [" + ann(3, "[1,2,2,3,4,2,5,6,2]")
                + "], \"categories\": [{\"id\": 1, \"keypoints\": [\"a\", \"b\"]}]}";
        assertThatThrownBy(() -> CocoReader.coco().read(bytes(json), "gt.json"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("annotations[0] (id 3): field 'keypoints': expected 6 numbers")
                .hasMessageContaining("got 9");
    }

    @Test
    void otherMalformedInputs() {
        assertThatThrownBy(() -> CocoReader.coco().read(bytes("{\"annotations\": [{\"id\": 1, \"category_id\": 1}]}"), "a.json"))
                .hasMessage("a.json: annotations[0] (id 1): field 'image_id': missing");
        assertThatThrownBy(() -> CocoReader.coco().read(bytes(
                "{\"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, \"x\", 2, 3]}]}"), "b.json"))
                .hasMessageContaining("field 'bbox'");
        assertThatThrownBy(() -> CocoReader.coco().read(bytes(
                "{\"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"area\": NaN}]}"), "c.json"))
                .hasMessageContaining("field 'area'").hasMessageContaining("finite");
        assertThatThrownBy(() -> CocoReader.coco().read(bytes("{\"images\": [{\"id\": 1}, "), "d.json"))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("d.json");
        assertThatThrownBy(() -> CocoReader.coco().read(bytes("[1, 2]"), "e.json"))
                .hasMessageContaining("e.json").hasMessageContaining("JSON object");
        assertThatThrownBy(() -> CocoReader.coco().read(bytes("{\"images\": [{\"id\": 1.5}]}"), "f.json"))
                .hasMessageContaining("images[0]").hasMessageContaining("field 'id'");
    }

    @Test
    void countsWhatItDoesNotUse() {
        String json = "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"keypoints\": [\"a\", \"b\"]}],"
                + " \"extra\": {\"x\": 1}, \"annotations\": [" + ann(1, "[1,2,2,3,4,2]") + ", "
                + "{\"id\": 2, \"image_id\": 99, \"category_id\": 1, \"caption\": \"?\", \"iscrowd\": true}]}";
        CocoDataset ds = CocoReader.coco().read(bytes(json), "g.json");
        assertThat(ds.annotations()).hasSize(2);
        assertThat(ds.annotations().get(1).isCrowd()).isTrue();
        assertThat(ds.summary().ignoredFields()).containsEntry("extra", 1L).containsEntry("annotations.caption", 1L);
        assertThat(ds.summary().warnings())
                .containsEntry("annotations whose image_id is not among the images (never evaluated)", 1L);
        assertThat(ds.summary().toString()).contains("annotations=2");
    }

    private static String ann(long id, String keypoints) {
        return "{\"id\": " + id + ", \"image_id\": 1, \"category_id\": 1, \"keypoints\": " + keypoints
                + ", \"num_keypoints\": 2, \"area\": 100, \"bbox\": [0, 0, 10, 10], \"iscrowd\": 0}";
    }

    private static void assertAnnotation(CocoAnnotation a, JsonNode r) {
        assertThat(a.id()).isEqualTo(r.get("id").asLong());
        assertThat(a.imageId()).isEqualTo(r.get("image_id").asLong());
        assertThat(a.categoryId()).isEqualTo(r.get("category_id").asInt());
        assertThat(a.area()).isEqualTo(r.get("area").asDouble());
        assertThat(a.numKeypoints()).isEqualTo(r.get("num_keypoints").asInt());
        assertThat(a.numKeypoints()).isEqualTo(a.labelledKeypoints());
        assertThat(a.iscrowd()).isEqualTo(r.get("iscrowd").asInt());
        assertThat(a.keypoints()).hasSize(r.get("keypoints").size());
        for (int k = 0; k < a.keypoints().length; k++) {
            assertThat(a.keypoints()[k]).isEqualTo(r.get("keypoints").get(k).asDouble());
        }
        for (int k = 0; k < 4; k++) {
            assertThat(a.bbox()[k]).isEqualTo(r.get("bbox").get(k).asDouble());
        }
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
