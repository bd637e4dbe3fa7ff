package io.robustpose.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.eval.coco.SyntheticKeypointCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeypointResultsTest {

    @Test
    void writtenResultsReadBackExactly(@TempDir Path dir) throws IOException {
        List<KeypointResult> results = SyntheticKeypointCase.generate(20, 30, 200, 3).results();
        Path file = dir.resolve("out/res.json");
        KeypointResultsWriter.write(file, results);
        KeypointResults back = KeypointResults.read(file);
        assertThat(back.results()).hasSize(results.size());
        assertThat(back.summary().count("results")).isEqualTo(results.size());
        for (int i = 0; i < results.size(); i++) {
            KeypointResult a = results.get(i);
            KeypointResult b = back.results().get(i);
            assertThat(b.imageId()).isEqualTo(a.imageId());
            assertThat(b.categoryId()).isEqualTo(a.categoryId());
            assertThat(b.keypoints()).containsExactly(a.keypoints());
            assertThat(b.score()).isEqualTo(a.score());
            assertThat(b.index()).isEqualTo(i);
        }
        // the format pycocotools reads: an array of objects with these fields
        JsonNode raw = new ObjectMapper().readTree(file.toFile());
        assertThat(raw.isArray()).isTrue();
        assertThat(raw.get(0).fieldNames()).toIterable().containsExactly("image_id", "category_id", "keypoints", "score");
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("res.json");
        }
    }

    @Test
    void keepsTheBoxAndCountsUnusedFields() {
        String json = "[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [1, 2, 0.5], \"score\": 0.7,"
                + " \"bbox\": [1, 2, 3, 4], \"center\": [0, 0], \"scale\": [1, 1]}]";
        KeypointResults r = KeypointResults.read(CocoReaderTest.bytes(json), "r.json");
        assertThat(r.results().get(0).bbox()).containsExactly(1, 2, 3, 4);
        assertThat(r.summary().ignoredFields()).containsEntry("center", 1L).containsEntry("scale", 1L);
    }

    @Test
    void emptyArrayIsEmptyResults() {
        assertThat(KeypointResults.read(CocoReaderTest.bytes("[]"), "r.json").results()).isEmpty();
    }

    @Test
    void malformedEntriesAreNamed() {
        assertThatThrownBy(() -> KeypointResults.read(CocoReaderTest.bytes("{}"), "r.json"))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("array");
        assertThatThrownBy(() -> KeypointResults.read(CocoReaderTest.bytes(
                "[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [1, 2], \"score\": 1}]"), "r.json"))
                .hasMessage("r.json: results[0] (id image_id=5): field 'keypoints': expected 3 numbers (x, y, score)"
                        + " per joint, got 2 numbers");
        assertThatThrownBy(() -> KeypointResults.read(CocoReaderTest.bytes(
                "[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [1, NaN, 1], \"score\": 1}]"), "r.json"))
                .hasMessageContaining("field 'keypoints': contains NaN");
        assertThatThrownBy(() -> KeypointResults.read(CocoReaderTest.bytes(
                "[{\"image_id\": 5, \"keypoints\": [1, 2, 1], \"score\": 1}]"), "r.json"))
                .hasMessageContaining("field 'category_id': missing");
        assertThatThrownBy(() -> KeypointResults.read(CocoReaderTest.bytes(
                "[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [1, 2, 1], \"score\": \"high\"}]"), "r.json"))
                .hasMessageContaining("field 'score'");
    }
}
