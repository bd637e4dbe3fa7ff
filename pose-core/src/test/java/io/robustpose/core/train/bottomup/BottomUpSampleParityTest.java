package io.robustpose.core.train.bottomup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.SharedFixtures;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.inference.Skeleton;
import io.robustpose.core.train.data.BottomUpImage;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * HigherHRNet's training samples against its own data pipeline: {@code tools/make_bottomup_sample_fixture.py} ran
 * the official {@code CocoKeypoints.__getitem__} (affine + flip transforms, ignore masks from segmentations — the
 * COCO people without keypoints and one added crowd RLE —, heatmap and joints generators) on the real COCO images
 * with fixed draws; {@link BottomUpSample#prepare} with the same draws must give the same warped image (SHA-256 of the
 * RGB bytes), masks, heatmaps at both resolutions (float32) and tag indices.
 */
class BottomUpSampleParityTest {

    private static final String DIR = "/bottomup/samples/";

    @Test
    void samplesEqualTheOfficialPipelineOnRealImages() throws Exception {
        Path images = SharedFixtures.require("realdata/coco");
        JsonNode fixture = json("cases.json");
        TrainingData data;
        try (InputStream in = getClass().getResourceAsStream(DIR + "annotations.json")) {
            data = TrainingData.cocoImages(CocoReader.of(DatasetFormat.COCO).read(in, "annotations.json"), images);
        }
        assertThat(data.bottomUp()).isTrue();
        assertThat(data.size()).isEqualTo(4);
        int[] flip = Skeleton.COCO.flipPermutation();
        int cases = 0;
        int maskPixelsIgnored = 0;
        for (JsonNode c : fixture.get("cases")) {
            BottomUpImage annotation = data.images().stream()
                    .filter(i -> i.image().getFileName().toString().equals(c.get("image").asText())).findFirst()
                    .orElseThrow();
            int input = c.get("input").asInt();
            BottomUpAugmentation.Draw draw = new BottomUpAugmentation.Draw(c.get("centerX").asDouble(),
                    c.get("centerY").asDouble(), c.get("scale").asDouble(), c.get("rotation").asDouble(),
                    c.get("flip").asBoolean());
            Mat decoded = ImageIo.read(annotation.image());
            BottomUpSample s;
            try {
                s = BottomUpSample.prepare(decoded, annotation, 17, flip, input, draw);
            } finally {
                decoded.release();
            }
            String name = "case " + cases + " (" + c.get("image").asText() + ")";
            byte[] rgb = s.image().clone();
            for (int i = 0; i < rgb.length; i += 3) {
                byte t = rgb[i];
                rgb[i] = rgb[i + 2];
                rgb[i + 2] = t;
            }
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb))).as(name + " image")
                    .isEqualTo(c.get("imageSha256").asText());
            assertThat(differing(s.heatmaps0(), floats(c, "heatmaps0"))).as(name + " heatmap 1/4 values differing")
                    .isZero();
            assertThat(differing(s.targets().heatmaps1(), floats(c, "heatmaps1"))).as(name + " heatmap 1/2 values "
                    + "differing").isZero();
            assertThat(differing(s.targets().mask0(), floats(c, "mask0"))).as(name + " mask 1/4 pixels differing")
                    .isZero();
            assertThat(differing(s.targets().mask1(), floats(c, "mask1"))).as(name + " mask 1/2 pixels differing")
                    .isZero();
            int[] tags = ints(c, "tags"); // [30, 17, 2], people beyond the image's zero
            long[][][] ours = s.targets().tags();
            for (int p = 0; p < 30; p++) {
                for (int j = 0; j < 17; j++) {
                    long index = p < ours.length ? ours[p][j][0] : 0;
                    long visible = p < ours.length ? ours[p][j][1] : 0;
                    if (index != tags[(p * 17 + j) * 2] || visible != tags[(p * 17 + j) * 2 + 1]) {
                        throw new AssertionError(name + " tag of person " + p + " joint " + j + ": " + index + "/"
                                + visible + " != " + tags[(p * 17 + j) * 2] + "/" + tags[(p * 17 + j) * 2 + 1]);
                    }
                }
            }
            for (float m : s.targets().mask1()) {
                maskPixelsIgnored += m == 0 ? 1 : 0;
            }
            cases++;
        }
        assertThat(cases).isEqualTo(5);
        assertThat(maskPixelsIgnored).as("the masks ignore something").isPositive();
    }

    @Test
    void compressedRleDecodesAsPycocotoolsEncodedIt() throws IOException {
        JsonNode rle = json("cases.json").get("crowdRle");
        long[] expected = new long[rle.get("counts").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = rle.get("counts").get(i).asLong();
        }
        assertThat(IgnoreMask.decodeCounts(rle.get("compressed").asText())).containsExactly(expected);
    }

    private static int differing(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]) ? 0 : 1;
        }
        return n;
    }

    private JsonNode json(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(DIR + file)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private ByteBuffer array(JsonNode c, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream(DIR + c.get(name).get("file").asText()))) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private float[] floats(JsonNode c, String name) throws IOException {
        ByteBuffer b = array(c, name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private int[] ints(JsonNode c, String name) throws IOException {
        ByteBuffer b = array(c, name);
        int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }
}
