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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Measured bit for bit: the noises, elastic_transform and fog through numpy's draws, gaussian_blur and zoom_blur (scipy's arithmetic), and the deterministic colour and digital ones. */
    private static final Set<Corruption> EXACT = EnumSet.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE,
            Corruption.IMPULSE_NOISE, Corruption.SPECKLE_NOISE, Corruption.BRIGHTNESS, Corruption.CONTRAST,
            Corruption.PIXELATE, Corruption.JPEG_COMPRESSION, Corruption.SATURATE, Corruption.ELASTIC_TRANSFORM, Corruption.FOG,
            Corruption.GAUSSIAN_BLUR, Corruption.ZOOM_BLUR, Corruption.SNOW);

    @TempDir
    Path out;

    @Test
    void theOfficialTreeIsWrittenByteForByteWhereTheDrawsAreTheAuthors() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> golden = new LinkedHashMap<>();
        golden.put("000000000785.jpg", json.readTree(REF.resolve("manifest.json").toFile()).get("outputs"));
        json.readTree(REF.resolve("other_images.json").toFile()).get("images").fields()
                .forEachRemaining(e -> golden.put(e.getKey(), e.getValue().get("outputs")));
        List<Corruption> corruptions = new ArrayList<>(Corruptor.OFFICIAL_SEEDING);
        Corruptor corruptor = Corruptor.withFrostDirectory(REF.getParent().resolve("frost"));
        CorruptedDatasetWriter.Options o = new CorruptedDatasetWriter.Options(corruptions, List.of(1, 2, 3, 4, 5), 0,
                "jpg", ImageIo.DEFAULT_JPEG_QUALITY, 2, 50_000_000, CorruptedTreeLayout.OFFICIAL, true);
        CorruptedDatasetWriter.Summary s = CorruptedDatasetWriter.write(IMAGES, List.copyOf(golden.keySet()), out, o,
                corruptor, null);
        assertThat(s.failures()).isEmpty();
        assertThat(s.written()).isEqualTo(4L * corruptions.size() * 5);

        int jpegsEqual = 0;
        int arraysEqual = 0;
        Map<String, String> others = new LinkedHashMap<>();
        Map<Corruption, double[]> nearly = new LinkedHashMap<>(); // worst share of values off, largest |d|
        for (var image : golden.entrySet()) {
            Mat input = ImageIo.read(IMAGES.resolve(image.getKey()));
            for (Corruption c : corruptions) {
                for (int folder = 0; folder < 5; folder++) {
                    JsonNode want = image.getValue().get(c.id() + "/" + folder);
                    byte[] jpeg = Files.readAllBytes(out.resolve(c.id()).resolve(Integer.toString(folder))
                            .resolve(image.getKey()));
                    boolean jpegEqual = OfficialNoiseTest.sha256(jpeg).equals(want.get("jpeg_sha256").asText());
                    byte[] array = OfficialNoiseTest.rgb(corruptor.applyOfficial(input, Corruptor.ChannelOrder.BGR, c,
                            folder + 1));
                    boolean arrayEqual = OfficialNoiseTest.sha256(array).equals(want.get("array_sha256").asText());
                    if (EXACT.contains(c)) {
                        assertThat(arrayEqual).as(image.getKey() + " " + c.id() + "/" + folder + " array").isTrue();
                        assertThat(jpegEqual).as(image.getKey() + " " + c.id() + "/" + folder + " jpeg").isTrue();
                    }
                    jpegsEqual += jpegEqual ? 1 : 0;
                    arraysEqual += arrayEqual ? 1 : 0;
                    Path png = REF.resolve("arrays/" + c.id() + "/" + folder + "/" + image.getKey().replace(".jpg", ".png"));
                    if (!arrayEqual && Files.exists(png)) {
                        byte[] ref = OfficialNoiseTest.rgb(ImageIo.read(png));
                        int differ = 0;
                        int max = 0;
                        for (int i = 0; i < ref.length; i++) {
                            int d = Math.abs((ref[i] & 255) - (array[i] & 255));
                            differ += d > 0 ? 1 : 0;
                            max = Math.max(max, d);
                        }
                        others.merge(c.id(), String.format("%d:%.4f%%/max %d", folder, 100.0 * differ / ref.length, max),
                                (a, b) -> a + " " + b);
                        double[] worst = nearly.computeIfAbsent(c, k -> new double[2]);
                        worst[0] = Math.max(worst[0], differ / (double) ref.length);
                        worst[1] = Math.max(worst[1], max);
                    } else if (!arrayEqual && image.getKey().equals("000000000785.jpg")) {
                        others.merge(c.id(), folder + ":hash differs", (a, b) -> a + " " + b);
                    }
                }
            }
            input.release();
        }
        System.out.printf("official seeding: %d of %d arrays and %d JPEGs bit-identical; the rest (785): %s%n",
                arraysEqual, 4 * corruptions.size() * 5, jpegsEqual, others);
        // measured here: the fourteen EXACT corruptions bit for bit on all four images (280 arrays and JPEGs); with the
        // authors' draws and float64 arithmetic glass_blur is bit for bit on 18 of its 20 arrays and motion_blur on
        // 16 (314 arrays in all; 321 JPEGs, since some arrays off by one still encode alike). Where golden arrays exist
        // (image 785) motion_blur is off by 1 on at most 0.0007 % of the values (6 of 816,000) and frost on at most
        // 2.3 %; glass_blur's two (785, severities 2 and 3: the two with max_delta 2) have no golden array. Causes not
        // pinned down: the last bits of exp/sin/cos between numpy's build and Java (numpy's exp is its own SIMD code,
        // e.g. exp(-1/450) differs from glibc's in the last bit), and for frost the frost4.jpg decode or the bicubic
        // rescale of OpenCV 4.9 against 4.6. The deterministic defocus blur differs as in
        // GoldenCorruptionTest. Bounds: measured + margin
        assertThat(arraysEqual).isGreaterThanOrEqualTo(314);
        assertThat(nearly.keySet()).containsExactlyInAnyOrder(Corruption.MOTION_BLUR, Corruption.FROST);
        assertThat(nearly.get(Corruption.MOTION_BLUR)[0]).isLessThan(1e-5);
        assertThat(nearly.get(Corruption.FROST)[0]).isLessThan(0.03);
        nearly.values().forEach(v -> assertThat(v[1]).isEqualTo(1.0));
    }

    @Test
    void corruptionsWhoseFieldsAreNotNumpysAreRefusedWithTheList() {
        assertThatThrownBy(() -> new CorruptedDatasetWriter.Options(List.of(Corruption.SPATTER, Corruption.BRIGHTNESS),
                List.of(1), 0, "jpg", 75, 1, 1_000_000, CorruptedTreeLayout.OFFICIAL, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[spatter]")
                .hasMessageContaining("choose among");
        CorruptedDatasetWriter.Options frost = new CorruptedDatasetWriter.Options(List.of(Corruption.FROST), List.of(1), 0,
                "jpg", 75, 1, 1_000_000, CorruptedTreeLayout.OFFICIAL, true);
        assertThatThrownBy(() -> CorruptedDatasetWriter.write(IMAGES, List.of("000000000785.jpg"), out, frost,
                Corruptor.withProceduralFrost(), null)).hasMessageContaining("official frost images");
    }
}
