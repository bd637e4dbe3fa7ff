package io.robustpose.core.model.pth;

import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.model.pth.RestrictedUnpickler.Call;
import io.robustpose.core.model.pth.RestrictedUnpickler.Global;
import io.robustpose.core.model.pth.RestrictedUnpickler.Tuple;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A PyTorch {@code .pth} weights file read without PyTorch and without executing its pickle: the zip
 * format of {@code torch.save} since 1.6 ({@code <name>/data.pkl} + one file per storage under
 * {@code <name>/data/}) and the legacy format the official HRNet/SimpleBaseline checkpoints were saved in
 * (five pickles — magic number, protocol 1001, system info, the object, the storage keys — then each
 * storage as an int64 element count and its bytes). The object may be a state_dict, or a dict holding
 * one under {@code state_dict} (mmcv/mmpose) or {@code model}; DataParallel's {@code module.} prefix and
 * mmpose's {@code backbone.} / {@code keypoint_head.} prefixes map to the official key names.
 */
public final class TorchCheckpoint {

    /** A tensor of the file: element type, shape, and where its elements are. */
    public record Tensor(String dtype, long[] shape, long[] stride, long offset, Storage storage) {
        public long elements() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        /** The elements in row-major order, converted to float32 (strided views are gathered). */
        public float[] toFloats() throws IOException {
            long n = elements();
            if (n > Integer.MAX_VALUE) {
                throw new IOException("tensor of " + n + " elements is too large");
            }
            float[] out = new float[(int) n];
            int[] index = new int[shape.length];
            for (int i = 0; i < out.length; i++) {
                long at = offset;
                for (int d = 0; d < shape.length; d++) {
                    at += index[d] * stride[d];
                }
                out[i] = storage.floatAt(at);
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++index[d] < shape[d]) {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return out;
        }
    }

    /** The bytes of one storage and its element type. */
    public record Storage(String dtype, ByteBuffer bytes, long elements) {
        float floatAt(long i) throws IOException {
            if (i < 0 || i >= elements) {
                throw new IOException("tensor element " + i + " outside its storage of " + elements);
            }
            int at = (int) (i * size(dtype));
            return switch (dtype) {
                case "float32" -> bytes.getFloat(at);
                case "float64" -> (float) bytes.getDouble(at);
                case "float16" -> io.robustpose.core.model.Safetensors.halfToFloat(bytes.getShort(at));
                case "bfloat16" -> Float.intBitsToFloat((bytes.getShort(at) & 0xFFFF) << 16);
                case "int64" -> bytes.getLong(at);
                case "int32" -> bytes.getInt(at);
                case "int16" -> bytes.getShort(at);
                case "int8" -> bytes.get(at);
                case "uint8", "bool" -> bytes.get(at) & 0xFF;
                default -> throw new IOException("unsupported storage type " + dtype);
            };
        }
    }

    private static final Map<String, String> STORAGE_TYPES = Map.ofEntries(
            Map.entry("FloatStorage", "float32"), Map.entry("DoubleStorage", "float64"),
            Map.entry("HalfStorage", "float16"), Map.entry("BFloat16Storage", "bfloat16"),
            Map.entry("LongStorage", "int64"), Map.entry("IntStorage", "int32"), Map.entry("ShortStorage", "int16"),
            Map.entry("CharStorage", "int8"), Map.entry("ByteStorage", "uint8"), Map.entry("BoolStorage", "bool"));

    /** The legacy format's first pickle: this number. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final Map<String, Tensor> tensors;
    private final String format;

    private TorchCheckpoint(Map<String, Tensor> tensors, String format) {
        this.tensors = tensors;
        this.format = format;
    }

    /** The file's tensors by official key ({@code module.}, {@code backbone.}, {@code keypoint_head.} stripped). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** "zip" or "legacy". */
    public String format() {
        return format;
    }

    public static TorchCheckpoint read(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 2) {
                throw new IOException(file + " is too short to be a PyTorch checkpoint");
            }
        }
        try {
            if (head[0] == 'P' && head[1] == 'K') {
                return new TorchCheckpoint(officialKeys(stateDict(readZip(file))), "zip");
            }
            if ((head[0] & 0xFF) == 0x80) {
                return new TorchCheckpoint(officialKeys(stateDict(readLegacy(file))), "legacy");
            }
        } catch (IOException | IllegalStateException | ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        throw new IOException(file + " is neither a zip-format nor a legacy-format PyTorch checkpoint (the tar format "
                + "of PyTorch < 0.4 is not supported: load and re-save it with torch.save)");
    }

    /** The tensors as a source for {@link WeightImporter#load}. */
    public WeightImporter.TensorSource source() {
        return new WeightImporter.TensorSource() {
            @Override
            public Set<String> keys() {
                return tensors.keySet();
            }

            @Override
            public long[] shape(String key) {
                return tensors.get(key).shape();
            }

            @Override
            public float[] read(String key) throws IOException {
                return tensors.get(key).toFloats();
            }
        };
    }

    private static Object readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = null;
            for (var en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl")) {
                    pkl = e;
                    break;
                }
            }
            if (pkl == null) {
                throw new IOException("a zip without data.pkl is not a PyTorch checkpoint");
            }
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null && !new String(zip.getInputStream(order).readAllBytes()).strip().equals("little")) {
                throw new IOException("big-endian checkpoints are not supported");
            }
            Map<String, Storage> storages = new HashMap<>();
            ByteBuffer pickle = ByteBuffer.wrap(readEntry(zip, pkl));
            return new RestrictedUnpickler(pickle, pid -> {
                Tuple t = (Tuple) pid;
                // ('storage', storage_type, key, location, numel)
                String dtype = storageDtype(t.get(1));
                String key = String.valueOf(t.get(2));
                return storages.computeIfAbsent(key, k -> {
                    try {
                        ZipEntry e = zip.getEntry(prefix + "data/" + k);
                        if (e == null) {
                            throw new IllegalStateException("storage data/" + k + " is missing from the zip");
                        }
                        byte[] b = readEntry(zip, e);
                        return new Storage(dtype, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), b.length / size(dtype));
                    } catch (IOException ex) {
                        throw new IllegalStateException(ex.getMessage(), ex);
                    }
                });
            }).load();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry e) throws IOException {
        if (e.getSize() > Integer.MAX_VALUE - 16) {
            throw new IOException(e.getName() + " is larger than 2 GB");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static Object readLegacy(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("legacy checkpoints larger than 2 GB are not supported");
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Object magic = new RestrictedUnpickler(in, noPersistentIds()).load();
        if (!(magic instanceof BigInteger number && number.equals(LEGACY_MAGIC))) {
            throw new IOException("not a PyTorch checkpoint (the first pickle is " + magic + ", not the legacy magic number)");
        }
        Object protocol = new RestrictedUnpickler(in, noPersistentIds()).load();
        if (!Long.valueOf(1001).equals(protocol)) {
            throw new IOException("legacy protocol " + protocol + " is not supported (1001 is)");
        }
        Object sysInfo = new RestrictedUnpickler(in, noPersistentIds()).load();
        if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new IOException("big-endian checkpoints are not supported");
        }
        // storages are created on first mention; their bytes follow the object, in the order of the key list
        Map<String, String> dtypes = new LinkedHashMap<>();
        Map<String, Storage> roots = new HashMap<>();
        Object obj = new RestrictedUnpickler(in, pid -> {
            Tuple t = (Tuple) pid;
            // ('storage', storage_type, root_key, location, size, view_metadata)
            String dtype = storageDtype(t.get(1));
            String root = String.valueOf(t.get(2));
            dtypes.putIfAbsent(root, dtype);
            LazyStorage s = new LazyStorage(root, 0, -1);
            if (t.size() > 5 && t.get(5) instanceof Tuple view) {
                // (view_key, offset, view_size): elements [offset, offset + size) of the root storage
                s = new LazyStorage(root, ((Number) view.get(1)).longValue(), ((Number) view.get(2)).longValue());
            }
            return s;
        }).load();
        Object keys = new RestrictedUnpickler(in, noPersistentIds()).load();
        if (!(keys instanceof List<?> keyList)) {
            throw new IOException("the legacy storage key list is missing");
        }
        for (Object k : keyList) {
            String key = String.valueOf(k);
            String dtype = dtypes.get(key);
            if (dtype == null) {
                throw new IOException("storage " + key + " is listed but never referenced");
            }
            long n = in.getLong();
            long bytes = n * size(dtype);
            if (n < 0 || bytes > in.remaining()) {
                throw new IOException("storage " + key + " claims " + n + " elements; the file ends before them");
            }
            roots.put(key, new Storage(dtype, in.slice(in.position(), (int) bytes).order(ByteOrder.LITTLE_ENDIAN), n));
            in.position(in.position() + (int) bytes);
        }
        return resolveLazy(obj, roots);
    }

    private static java.util.function.Function<Object, Object> noPersistentIds() {
        return pid -> {
            throw new IllegalStateException("unexpected persistent id " + pid);
        };
    }

    /** A legacy storage (or a view of one) whose bytes come after the object pickle. */
    private record LazyStorage(String root, long offset, long size) {
    }

    /** Replaces lazy storages inside tensor calls by their bytes (views: the root from their offset). */
    private static Object resolveLazy(Object o, Map<String, Storage> roots) throws IOException {
        if (o instanceof LazyStorage l) {
            Storage root = roots.get(l.root());
            if (root == null) {
                throw new IOException("storage " + l.root() + " has no data in the file");
            }
            if (l.offset() == 0 && l.size() < 0) {
                return root;
            }
            int elem = size(root.dtype());
            ByteBuffer b = root.bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position((int) (l.offset() * elem));
            b.limit((int) ((l.offset() + l.size()) * elem));
            return new Storage(root.dtype(), b.slice().order(ByteOrder.LITTLE_ENDIAN), l.size());
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                out.put(e.getKey(), resolveLazy(e.getValue(), roots));
            }
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(resolveLazy(x, roots));
            }
            return out;
        }
        if (o instanceof Tuple t) {
            List<Object> out = new ArrayList<>();
            for (Object x : t.items()) {
                out.add(resolveLazy(x, roots));
            }
            return new Tuple(out);
        }
        if (o instanceof Call c) {
            return new Call(c.function(), (Tuple) resolveLazy(c.args(), roots));
        }
        return o;
    }

    /** The state_dict of the loaded object, tensors resolved. */
    private static Map<String, Tensor> stateDict(Object root) throws IOException {
        Object dict = root;
        if (root instanceof Map<?, ?> m) {
            for (String k : List.of("state_dict", "model", "model_state_dict", "net")) {
                if (m.get(k) instanceof Map<?, ?> inner && !inner.isEmpty() && isTensorMap(inner)) {
                    dict = inner;
                    break;
                }
            }
        }
        if (!(dict instanceof Map<?, ?> d) || !isTensorMap(d)) {
            throw new IOException("no state_dict found (the file holds "
                    + (root instanceof Map<?, ?> m ? "a dict with keys " + m.keySet() : describe(root)) + ")");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : d.entrySet()) {
            Tensor t = tensor(e.getValue());
            if (t == null) {
                throw new IOException("state_dict entry " + e.getKey() + " is not a tensor but " + describe(e.getValue()));
            }
            out.put(String.valueOf(e.getKey()), t);
        }
        return out;
    }

    private static boolean isTensorMap(Map<?, ?> m) {
        return m.values().stream().allMatch(v -> v instanceof Call);
    }

    /** _rebuild_tensor_v2(storage, offset, size, stride, ...) and the Parameter wrappers around it. */
    private static Tensor tensor(Object o) throws IOException {
        if (!(o instanceof Call c)) {
            return null;
        }
        String f = c.function().qualified();
        switch (f) {
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
                 "torch.nn.parameter.Parameter" -> {
                return tensor(c.args().get(0));
            }
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                Tuple a = c.args();
                if (!(a.get(0) instanceof Storage s)) {
                    throw new IOException("tensor without a storage (" + describe(a.get(0)) + ")");
                }
                long offset = ((Number) a.get(1)).longValue();
                long[] shape = longs(a.get(2));
                long[] stride = longs(a.get(3));
                if (shape.length != stride.length) {
                    throw new IOException("tensor with shape " + java.util.Arrays.toString(shape) + " and stride "
                            + java.util.Arrays.toString(stride));
                }
                return new Tensor(s.dtype(), shape, stride, offset, s);
            }
            default -> {
                return null;
            }
        }
    }

    private static long[] longs(Object o) throws IOException {
        List<Object> items = o instanceof Tuple t ? t.items() : o instanceof Call c && c.function().name().equals("Size")
                ? ((Tuple) c.args().get(0)).items() : null;
        if (items == null) {
            throw new IOException("expected a tuple of ints, got " + describe(o));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) items.get(i)).longValue();
        }
        return out;
    }

    /**
     * Official key names: without DataParallel's {@code module.} (on every key), and with mmpose's
     * {@code backbone.} / {@code keypoint_head.} removed (its TopDown model nests the official modules).
     */
    static Map<String, Tensor> officialKeys(Map<String, Tensor> raw) {
        Map<String, Tensor> m = raw;
        if (!m.isEmpty() && m.keySet().stream().allMatch(k -> k.startsWith("module."))) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            m.forEach((k, v) -> s.put(k.substring(7), v));
            m = s;
        }
        if (m.keySet().stream().anyMatch(k -> k.startsWith("backbone.")) ) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            m.forEach((k, v) -> s.put(mmposeToOfficial(k), v));
            m = s;
        }
        return m;
    }

    /** One mmpose key as the official code names it. */
    public static String mmposeToOfficial(String key) {
        for (String prefix : List.of("backbone.", "keypoint_head.")) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    /** As {@link #dtype} inside a persistent-id callback, which cannot throw checked exceptions. */
    private static String storageDtype(Object storageType) {
        try {
            return dtype(storageType);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String dtype(Object storageType) throws IOException {
        if (storageType instanceof Global g && STORAGE_TYPES.containsKey(g.name())) {
            return STORAGE_TYPES.get(g.name());
        }
        throw new IOException("unsupported storage type " + describe(storageType));
    }

    static int size(String dtype) {
        return switch (dtype) {
            case "float64", "int64" -> 8;
            case "float32", "int32" -> 4;
            case "float16", "bfloat16", "int16" -> 2;
            default -> 1;
        };
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Call c) {
            return "a call of " + c.function().qualified();
        }
        return "a " + o.getClass().getSimpleName();
    }
}
