package io.robustpose.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;

/**
 * The parity fixtures of reference/models under the shared directory: system property
 * {@code robustpose.shared} (the parent pom sets it), else /work/shared. Tests needing a fixture
 * are skipped, with the path in the message, when it is absent. Fixtures are read in place.
 */
final class ModelFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The five fixture networks, 256×192, 17 joints. */
    enum Fixture {
        R50("simplebaseline_r50_256x192", Architecture.SIMPLEBASELINE_RESNET50, 33_999_697L),
        R101("simplebaseline_r101_256x192", Architecture.SIMPLEBASELINE_RESNET101, 52_991_825L),
        R152("simplebaseline_r152_256x192", Architecture.SIMPLEBASELINE_RESNET152, 68_635_473L),
        W32("hrnet_w32_256x192", Architecture.HRNET_W32, 28_536_113L),
        W48("hrnet_w48_256x192", Architecture.HRNET_W48, 63_595_745L);

        final String prefix;
        final Architecture architecture;
        /** Published trainable parameter counts (also in param_counts.json). */
        final long trainableParams;

        Fixture(String prefix, Architecture architecture, long trainableParams) {
            this.prefix = prefix;
            this.architecture = architecture;
            this.trainableParams = trainableParams;
        }
    }

    private ModelFixtures() {
    }

    static Path modelsDir() {
        String prop = System.getProperty("robustpose.shared");
        Path root = Path.of(prop == null || prop.isBlank() ? "/work/shared" : prop);
        return root.resolve("reference").resolve("models");
    }

    /** The fixture file, or skips the calling test if it is not there. */
    static Path require(String fileName) {
        Path p = modelsDir().resolve(fileName);
        Assumptions.assumeTrue(Files.isRegularFile(p),
                () -> "model fixture " + p + " not found (set -Drobustpose.shared=DIR): skipped");
        return p;
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** {@code [[key, [shape...]], ...]} of {@code <model>.state_dict_shapes.json}, in order. */
    record KeyShape(String key, long[] shape) {
    }

    static List<KeyShape> stateDictShapes(Fixture f) throws IOException {
        JsonNode root = json(require(f.prefix + ".state_dict_shapes.json"));
        List<KeyShape> out = new ArrayList<>();
        for (JsonNode pair : root) {
            JsonNode shapeNode = pair.get(1);
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            out.add(new KeyShape(pair.get(0).asText(), shape));
        }
        return out;
    }

    /** A raw little-endian float32 file. */
    static float[] readF32(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** CRC32 of the values as little-endian float32 bytes, as 8 lower-case hex digits. */
    static String crc32Le(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        CRC32 crc = new CRC32();
        crc.update(buf.array());
        return String.format("%08x", crc.getValue());
    }

    /**
     * Bitwise equality of two float arrays, reporting the first difference (AssertJ's containsExactly
     * computes a quadratic diff on failure, far too slow for weight tensors).
     */
    static void assertSameFloats(String what, float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                throw new AssertionError(what + ": first difference at " + i + ": " + actual[i] + " != "
                        + expected[i]);
            }
        }
    }
}
