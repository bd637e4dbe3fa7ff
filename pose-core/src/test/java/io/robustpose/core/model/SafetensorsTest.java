package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFloatDtypesOfAHandWrittenFile() throws IOException {
        // F32 [2]: 1.5, -2; F16 [3]: 1, -2, 65504; BF16 [2]: 1, -0.5; F64 [1]: 0.1; I64 [] (skipped by callers)
        ByteBuffer data = ByteBuffer.allocate(8 + 6 + 4 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f);
        data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF);
        data.putShort((short) 0x3F80).putShort((short) 0xBF00);
        data.putDouble(0.1);
        data.putLong(7);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[8,14]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[14,18]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[18,26]},"
                + "\"e\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[26,34]}}  ";
        Path file = dir.resolve("hand.safetensors");
        writeRaw(file, header, data.array());

        try (Safetensors.Reader r = Safetensors.open(file)) {
            assertThat(r.metadata()).containsEntry("format", "pt");
            assertThat(r.tensors().keySet()).containsExactly("a", "b", "c", "d", "e");
            assertThat(r.tensors().get("c").shape()).containsExactly(2, 1);
            assertThat(r.readFloats("a")).containsExactly(1.5f, -2f);
            assertThat(r.readFloats("b")).containsExactly(1f, -2f, 65504f);
            assertThat(r.readFloats("c")).containsExactly(1f, -0.5f);
            assertThat(r.readFloats("d")).containsExactly(0.1f);
            assertThatThrownBy(() -> r.readFloats("e")).hasMessageContaining("I64");
        }
    }

    @Test
    void halfPrecisionSpecialValues() {
        assertThat(Safetensors.halfToFloat((short) 0x0001)).isEqualTo(0x1.0p-24f);
        assertThat(Safetensors.halfToFloat((short) 0x8400)).isEqualTo(-0x1.0p-14f);
        assertThat(Safetensors.halfToFloat((short) 0x8000)).isEqualTo(-0f);
        assertThat(Safetensors.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Safetensors.halfToFloat((short) 0x7E00)).isNaN();
        assertThat(Safetensors.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Path file = dir.resolve("sub/rt.safetensors");
        float[] a = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] b = {-0.25f};
        Safetensors.write(file, List.of(
                new Safetensors.TensorData("x.weight", new long[] {2, 3}, () -> a),
                new Safetensors.TensorData("x.bias", new long[] {1}, () -> b)), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes).hasSize((int) (8 + headerLength + 4 * 7));
        try (Safetensors.Reader r = Safetensors.open(file)) {
            assertThat(r.metadata()).containsExactly(Map.entry("k", "v"));
            assertThat(r.tensors().keySet()).containsExactly("x.weight", "x.bias");
            assertThat(r.readFloats("x.weight")).containsExactly(a);
            assertThat(r.readFloats("x.bias")).containsExactly(b);
        }
        assertThat(Files.list(file.getParent())).hasSize(1); // no temporary file left behind
    }

    @Test
    void rejectsOffsetsOutsideTheData() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertThatThrownBy(() -> Safetensors.open(file)).hasMessageContaining("offsets");
    }

    private static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            out.write(data);
        }
    }
}
