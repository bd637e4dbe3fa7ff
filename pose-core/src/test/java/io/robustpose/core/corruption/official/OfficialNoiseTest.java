package io.robustpose.core.corruption.official;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.image.ImageIo;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four noise corruptions of the official COCO-C, bit for bit: for the four COCO images of
 * {@code shared/reference/cococ-official} and every severity, the uint8 array before saving has the SHA-256
 * of the authors' pipeline (imagecorruptions v1.1.2, skimage 0.18 random_noise, {@code np.random.seed(1)}
 * before each corruption).
 */
class OfficialNoiseTest {
    private static final Path REF = Path.of(System.getProperty("robustpose.shared", "../shared"))
            .resolve("reference/cococ-official").toAbsolutePath().normalize();

    interface Noise {
        byte[] apply(byte[] rgb, int severity, NumpyRandomState r);
    }

    @Test
    void noiseCorruptionsEqualTheAuthorsArrays() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expected.put("000000000785.jpg", json.readTree(REF.resolve("manifest.json").toFile()).get("outputs"));
        json.readTree(REF.resolve("other_images.json").toFile()).get("images").fields()
                .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().get("outputs")));
        Map<String, Noise> noises = Map.of("gaussian_noise", OfficialNoise::gaussianNoise,
                "shot_noise", OfficialNoise::shotNoise, "impulse_noise", OfficialNoise::impulseNoise,
                "speckle_noise", OfficialNoise::speckleNoise);
        int checked = 0;
        for (var image : expected.entrySet()) {
            byte[] rgb = rgb(ImageIo.read(REF.getParent().getParent().resolve("realdata/coco/" + image.getKey())));
            for (var noise : noises.entrySet()) {
                for (int folder = 0; folder < 5; folder++) {
                    byte[] out = noise.getValue().apply(rgb, folder + 1, new NumpyRandomState(1));
                    String want = image.getValue().get(noise.getKey() + "/" + folder).get("array_sha256").asText();
                    assertThat(sha256(out)).as(image.getKey() + " " + noise.getKey() + "/" + folder).isEqualTo(want);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 4 * 5);
    }

    static byte[] rgb(Mat bgr) {
        byte[] px = new byte[(int) (bgr.total() * 3)];
        bgr.get(0, 0, px);
        for (int i = 0; i < px.length; i += 3) {
            byte b = px[i];
            px[i] = px[i + 2];
            px[i + 2] = b;
        }
        return px;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
