package io.robustpose.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonDetectionsTest {

    @Test
    void readsTheDetectorBoxesOfTheRealImages() throws IOException {
        Path file = SharedFixtures.require("realdata/coco/test_coco_det_AP_H_56.json");
        JsonNode raw = new ObjectMapper().readTree(file.toFile());
        PersonDetections dets = PersonDetections.read(file);
        assertThat(dets.detections()).hasSize(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            PersonDetection d = dets.detections().get(i);
            assertThat(d.imageId()).isEqualTo(raw.get(i).get("image_id").asLong());
            assertThat(d.score()).isEqualTo(raw.get(i).get("score").asDouble());
            assertThat(d.bbox()[2]).isEqualTo(raw.get(i).get("bbox").get(2).asDouble());
            assertThat(d.index()).isEqualTo(i);
        }
        Map<Long, List<PersonDetection>> byImage = dets.personsByImage(0.0);
        long persons = byImage.values().stream().mapToLong(List::size).sum();
        Map<String, Long> excluded = dets.countExcluded(0.0);
        assertThat(persons + excluded.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(raw.size());
        assertThat(dets.summary().count("person detections")).isEqualTo(persons);
        // every image of the annotation file has boxes
        CocoDataset gt = CocoReader.readCoco(SharedFixtures.require("realdata/coco/test_coco.json"));
        assertThat(byImage.keySet()).containsExactlyInAnyOrderElementsOf(gt.imagesById().keySet());
        // a score threshold only removes boxes
        long above = dets.personsByImage(0.5).values().stream().mapToLong(List::size).sum();
        assertThat(above).isLessThan(persons).isEqualTo(persons - dets.countExcluded(0.5).get("score below 0.5"));
    }

    @Test
    void malformedBoxesAreNamed() {
        assertThatThrownBy(() -> PersonDetections.read(CocoReaderTest.bytes(
                "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.5}]"), "det.json"))
                .hasMessage("det.json: detections[0] (id image_id=1): field 'bbox': missing");
        assertThatThrownBy(() -> PersonDetections.read(CocoReaderTest.bytes(
                "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, -1, 5], \"score\": 0.5}]"), "det.json"))
                .hasMessageContaining("field 'bbox': negative");
    }
}
