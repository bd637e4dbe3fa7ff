package io.robustpose.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The safetensors format (huggingface/safetensors): an unsigned little-endian 64-bit header length
 * N, N bytes of UTF-8 JSON {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, ...,
 * "__metadata__": {string: string}}} (may be padded with spaces), then the raw little-endian,
 * row-major tensor bytes, offsets relative to the end of the header. Floats are read as F32, F16,
 * BF16 or F64 and converted to float32; written as F32.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** One tensor's header entry. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** A tensor to write: its values are produced only when written, one tensor at a time. */
    public record TensorData(String name, long[] shape, Supplier<float[]> values) {
    }

    public static Reader open(Path file) throws IOException {
        return new Reader(file);
    }

    /** Random access to the tensors of one file. */
    public static final class Reader implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final long dataStart;
        private final Map<String, TensorInfo> tensors;
        private final Map<String, String> metadata;

        private Reader(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                ByteBuffer len = readFully(0, 8);
                long headerLength = len.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > channel.size()) {
                    throw new IOException(file + ": not a safetensors file (header length " + headerLength + ")");
                }
                ByteBuffer header = readFully(8, (int) headerLength);
                JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
                dataStart = 8 + headerLength;
                long dataLength = channel.size() - dataStart;
                Map<String, TensorInfo> map = new LinkedHashMap<>();
                Map<String, String> meta = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (METADATA.equals(field.getKey())) {
                        field.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                        continue;
                    }
                    map.put(field.getKey(), parseInfo(field.getKey(), field.getValue(), dataLength));
                }
                this.tensors = Collections.unmodifiableMap(map);
                this.metadata = Collections.unmodifiableMap(meta);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private TensorInfo parseInfo(String name, JsonNode node, long dataLength) throws IOException {
            String dtype = node.path("dtype").asText();
            JsonNode shapeNode = node.path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            JsonNode offsets = node.path("data_offsets");
            if (offsets.size() != 2) {
                throw new IOException(file + ": " + name + " has no data_offsets");
            }
            TensorInfo info = new TensorInfo(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
            int size = dtypeSize(dtype);
            if (info.begin() < 0 || info.end() > dataLength || info.end() - info.begin() != info.elementCount() * size) {
                throw new IOException(file + ": " + name + " offsets " + info.begin() + ".." + info.end()
                        + " do not fit " + dtype + Arrays.toString(shape));
            }
            return info;
        }

        public Map<String, TensorInfo> tensors() {
            return tensors;
        }

        public Map<String, String> metadata() {
            return metadata;
        }

        /** The tensor converted to float32, row-major. */
        public float[] readFloats(String name) throws IOException {
            TensorInfo info = tensors.get(name);
            if (info == null) {
                throw new IOException(file + " has no tensor " + name);
            }
            long count = info.elementCount();
            if (count > Integer.MAX_VALUE) {
                throw new IOException(name + " is too large: " + count);
            }
            ByteBuffer bytes = readFully(dataStart + info.begin(), (int) (info.end() - info.begin()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[(int) count];
            switch (info.dtype()) {
                case "F32" -> bytes.asFloatBuffer().get(out);
                case "F64" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) bytes.getDouble(8 * i);
                    }
                }
                case "F16" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = halfToFloat(bytes.getShort(2 * i));
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
                    }
                }
                default -> throw new IOException(name + ": dtype " + info.dtype() + " is not a float type");
            }
            return out;
        }

        private ByteBuffer readFully(long position, int length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining()) {
                int n = channel.read(buf, position + buf.position());
                if (n < 0) {
                    throw new IOException(file + ": unexpected end of file");
                }
            }
            buf.flip();
            return buf;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Writes F32 tensors (in the given order) and string metadata, through a temporary file renamed
     * into place, so a reader never sees a partial file.
     */
    public static void write(Path file, List<TensorData> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorData t : tensors) {
            long count = 1;
            for (long d : t.shape()) {
                count *= d;
            }
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + 4 * count);
            offset += 4 * count;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // keeps the tensor data 8-byte aligned
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(headerBytes);
                for (TensorData t : tensors) {
                    float[] values = t.values().get();
                    ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().put(values);
                    out.write(buf.array());
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static int dtypeSize(String dtype) throws IOException {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> throw new IOException("unknown safetensors dtype " + dtype);
        };
    }

    /** IEEE 754 binary16 → float32 (exact: every half value is a float). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // Inf / NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float subnormal = mantissa * 0x1.0p-24f; // mantissa · 2^-24, exact
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
