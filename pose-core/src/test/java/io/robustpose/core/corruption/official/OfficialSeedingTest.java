package io.robustpose.core.corruption.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.benchmark.CorruptedDatasetWriter;
import io.robustpose.core.benchmark.CorruptedTreeLayout;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.image.ImageIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * COCO-C as the authors made it ({@code corrupt-dataset --seeding official --layout official}), against the
 * golden tree of {@code shared/reference/cococ-official} (profile {@code official}: imagecorruptions v1.1.2,
 * skimage 0.18's random_noise, {@code np.random.seed(1)} before every corruption, Pillow's JPEG at quality 75).
 */
class OfficialSeedingTest {
    private static final Path REF = Path.of(System.getProperty("robustpose.shared", "../shared"))
            .resolve("reference/cococ-official").toAbsolutePath().normalize();
    private static final Path IMAGES = REF.getParent().getParent().resolve("realdata/coco");
    @TempDir
    Path out;

    @Test
    void theOfficialTreeIsWrittenByteForByteWhereTheDrawsAreTheAuthors() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> golden = new LinkedHashMap<>();
        golden.put("000000000785.jpg", json.readTree(REF.resolve("manifest.json").toFile()).get("outputs"));
        json.readTree(REF.resolve("other_images.json").toFile()).get("images").fields()
                .forEachRemaining(e -> golden.put(e.getKey(), e.getValue().get("outputs")));
        List<Corruption> corruptions = List.of(Corruption.values());
        Corruptor corruptor = Corruptor.withFrostDirectory(REF.getParent().resolve("frost"));
        // the CLI's writer for one image (the tree and its files); every image's arrays, encoded as the writer does
        CorruptedDatasetWriter.Options o = new CorruptedDatasetWriter.Options(corruptions, List.of(1, 2, 3, 4, 5), 0,
                "jpg", ImageIo.DEFAULT_JPEG_QUALITY, 2, 50_000_000, CorruptedTreeLayout.OFFICIAL, true);
        CorruptedDatasetWriter.Summary s = CorruptedDatasetWriter.write(IMAGES, List.of("000000000785.jpg"), out, o,
                corruptor, null);
        assertThat(s.failures()).isEmpty();
        assertThat(s.written()).isEqualTo(corruptions.size() * 5L);

        int jpegsEqual = 0;
        int arraysEqual = 0;
        for (var image : golden.entrySet()) {
            Mat input = ImageIo.read(IMAGES.resolve(image.getKey()));
            for (Corruption c : corruptions) {
                for (int folder = 0; folder < 5; folder++) {
                    JsonNode want = image.getValue().get(c.id() + "/" + folder);
                    Mat corrupted = corruptor.applyOfficial(input, Corruptor.ChannelOrder.BGR, c, folder + 1);
                    byte[] array = OfficialNoiseTest.rgb(corrupted);
                    byte[] jpeg = image.getKey().equals("000000000785.jpg")
                            ? Files.readAllBytes(out.resolve(c.id()).resolve(Integer.toString(folder)).resolve(image.getKey()))
                            : ImageIo.encode(corrupted, "jpg", ImageIo.DEFAULT_JPEG_QUALITY);
                    corrupted.release();
                    boolean arrayEqual = OfficialNoiseTest.sha256(array).equals(want.get("array_sha256").asText());
                    boolean jpegEqual = OfficialNoiseTest.sha256(jpeg).equals(want.get("jpeg_sha256").asText());
                    assertThat(arrayEqual).as(image.getKey() + " " + c.id() + "/" + folder + " array").isTrue();
                    assertThat(jpegEqual).as(image.getKey() + " " + c.id() + "/" + folder + " jpeg").isTrue();
                    jpegsEqual += jpegEqual ? 1 : 0;
                    arraysEqual += arrayEqual ? 1 : 0;
                }
            }
            input.release();
        }
        System.out.printf("official seeding: %d of %d arrays and %d JPEGs bit-identical%n", arraysEqual,
                4 * corruptions.size() * 5, jpegsEqual);
        // measured here: all of them — 19 corruptions x 5 severities x 4 images, the pre-JPEG arrays and the files
        assertThat(corruptions).hasSize(19);
        assertThat(arraysEqual).isEqualTo(380);
        assertThat(jpegsEqual).isEqualTo(380);
    }

    @Test
    void frostNeedsTheOfficialTextures() {
        CorruptedDatasetWriter.Options frost = new CorruptedDatasetWriter.Options(List.of(Corruption.FROST), List.of(1), 0,
                "jpg", 75, 1, 1_000_000, CorruptedTreeLayout.OFFICIAL, true);
        assertThatThrownBy(() -> CorruptedDatasetWriter.write(IMAGES, List.of("000000000785.jpg"), out, frost,
                Corruptor.withProceduralFrost(), null)).hasMessageContaining("official frost images");
    }
}
