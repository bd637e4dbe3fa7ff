package io.robustpose.core.model.pth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one Python pickle (protocols 0–5) into plain Java values without executing anything: dicts
 * become {@link LinkedHashMap}, lists {@link ArrayList}, tuples {@link Tuple}, str {@link String},
 * int {@link Long} (or {@link BigInteger}), float {@link Double}, bytes {@code byte[]}. A global is
 * accepted only from an allow-list of data constructors — what {@code torch.load(weights_only=True)}
 * accepts for a state_dict, plus numpy's scalar constructors that training frameworks leave in a
 * checkpoint's metadata — and is never called: {@code REDUCE} on one of them builds a {@link Call}
 * record (tensors are resolved by {@link TorchCheckpoint}). Any other global ({@code os.system},
 * {@code builtins.eval}, …) is refused with its name: that pickle would run code when loaded with
 * Python's pickle.
 */
final class RestrictedUnpickler {

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** An allowed global, by module and name. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** An allowed global applied to its arguments (not executed: interpreted by the caller). */
    record Call(Global function, Tuple args) {
    }

    /** The globals a weights file may name: tensor and storage rebuilding, containers, numpy scalars. */
    static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict", "builtins.set", "builtins.frozenset", "__builtin__.set",
            "builtins.slice", "_codecs.encode", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch.nn.parameter.Parameter", "torch.device", "torch.Size",
            "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage", "torch.BFloat16Storage",
            "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage",
            "torch.BoolStorage", "torch.float32", "torch.float64", "torch.float16", "torch.bfloat16", "torch.int64",
            "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype",
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray");

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param in             positioned at the pickle's first byte; left after its STOP
     * @param persistentLoad resolves a persistent id (PyTorch's storages)
     */
    RestrictedUnpickler(ByteBuffer in, Function<Object, Object> persistentLoad) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.persistentLoad = persistentLoad;
    }

    Object load() throws IOException {
        try {
            while (true) {
                int op = in.get() & 0xFF;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO n
                    case 0x95 -> in.getLong(); // FRAME (length only: the bytes follow in line)
                    case '.' -> { // STOP
                        return pop();
                    }
                    case '(' -> marks.add(stack.size());
                    case '0' -> pop();
                    case '1' -> popMark();
                    case '2' -> push(peek());
                    case 'N' -> push(null);
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'J' -> push((long) in.getInt());
                    case 'K' -> push((long) (in.get() & 0xFF));
                    case 'M' -> push((long) (in.getShort() & 0xFFFF));
                    case 'I' -> push(textInt(line()));
                    case 'L' -> push(textLong(line()));
                    case 0x8a -> push(longBytes(in.get() & 0xFF));
                    case 0x8b -> push(longBytes(length(in.getInt())));
                    case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT is big-endian
                    case 'F' -> push(Double.parseDouble(line()));
                    case 'X' -> push(utf8(length(in.getInt())));
                    case 0x8c -> push(utf8(in.get() & 0xFF));
                    case 0x8d -> push(utf8(length(in.getLong())));
                    case 'V' -> push(line());
                    case 'T' -> push(latin1(length(in.getInt())));
                    case 'U' -> push(latin1(in.get() & 0xFF));
                    case 'S' -> push(line());
                    case 'B' -> push(bytes(length(in.getInt())));
                    case 'C' -> push(bytes(in.get() & 0xFF));
                    case 0x8e, 0x96 -> push(bytes(length(in.getLong())));
                    case ']' -> push(new ArrayList<>());
                    case 'l' -> push(new ArrayList<>(popMark()));
                    case 'a' -> {
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popMark();
                        list(peek()).addAll(items);
                    }
                    case ')' -> push(new Tuple(List.of()));
                    case 't' -> push(new Tuple(popMark()));
                    case 0x85 -> push(tuple(1));
                    case 0x86 -> push(tuple(2));
                    case 0x87 -> push(tuple(3));
                    case '}' -> push(new LinkedHashMap<>());
                    case 'd' -> {
                        List<Object> items = popMark();
                        Map<Object, Object> d = new LinkedHashMap<>();
                        for (int i = 0; i + 1 < items.size(); i += 2) {
                            d.put(key(items.get(i)), items.get(i + 1));
                        }
                        push(d);
                    }
                    case 's' -> {
                        Object v = pop();
                        Object k = pop();
                        map(peek()).put(key(k), v);
                    }
                    case 'u' -> {
                        List<Object> items = popMark();
                        Map<Object, Object> d = map(peek());
                        for (int i = 0; i + 1 < items.size(); i += 2) {
                            d.put(key(items.get(i)), items.get(i + 1));
                        }
                    }
                    case 0x8f -> push(new LinkedHashSet<>());
                    case 0x90 -> {
                        List<Object> items = popMark();
                        set(peek()).addAll(items);
                    }
                    case 0x91 -> push(new LinkedHashSet<>(popMark()));
                    case 'c' -> push(global(line(), line()));
                    case 0x93 -> {
                        Object name = pop();
                        Object module = pop();
                        push(global(String.valueOf(module), String.valueOf(name)));
                    }
                    case 'R' -> {
                        Object args = pop();
                        Object f = pop();
                        push(apply(f, args));
                    }
                    case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                        Object args = pop();
                        Object cls = pop();
                        push(apply(cls, args));
                    }
                    case 0x92 -> { // NEWOBJ_EX
                        pop();
                        Object args = pop();
                        Object cls = pop();
                        push(apply(cls, args));
                    }
                    case 'b' -> pop(); // BUILD: object state (a state_dict's _metadata); never applied
                    case 'P' -> push(persistentLoad.apply(line()));
                    case 'Q' -> push(persistentLoad.apply(pop()));
                    case 'g' -> push(memoGet(Long.parseLong(line())));
                    case 'h' -> push(memoGet(in.get() & 0xFF));
                    case 'j' -> push(memoGet(in.getInt() & 0xFFFFFFFFL));
                    case 'p' -> memo.put(Long.parseLong(line()), peek());
                    case 'q' -> memo.put((long) (in.get() & 0xFF), peek());
                    case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, peek());
                    case 0x94 -> memo.put((long) memo.size(), peek());
                    case 'i', 'o' -> throw new IOException("pickle opcode INST/OBJ (class instantiation) at byte "
                            + (in.position() - 1) + ": refused, a weights file has no need for it");
                    case 0x82, 0x83, 0x84 -> throw new IOException("pickle extension registry opcode at byte "
                            + (in.position() - 1) + ": refused");
                    default -> throw new IOException(String.format("unknown pickle opcode 0x%02x at byte %d", op,
                            in.position() - 1));
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("the pickle ends before its STOP opcode (truncated file?)");
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException("malformed pickle near byte " + in.position() + ": " + e.getMessage());
        }
    }

    private Global global(String module, String name) throws IOException {
        Global g = new Global(module.strip(), name.strip());
        if (!ALLOWED.contains(g.qualified())) {
            throw new IOException("refusing to unpickle the global " + g.qualified() + ": a weights file holds tensors "
                    + "and plain containers, and this one would call " + g.qualified() + " when loaded with Python's "
                    + "pickle (robustpose never executes pickled code)");
        }
        return g;
    }

    private static Object apply(Object f, Object args) throws IOException {
        if (!(f instanceof Global g)) {
            throw new IOException("pickle REDUCE on a non-global " + (f == null ? "None" : f.getClass().getSimpleName()));
        }
        Tuple t = args instanceof Tuple tu ? tu : new Tuple(args == null ? List.of() : List.of(args));
        return switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (t.size() > 0 && t.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        Tuple kv = (Tuple) p;
                        d.put(kv.get(0), kv.get(1));
                    }
                }
                yield d;
            }
            case "builtins.set", "builtins.frozenset", "__builtin__.set" ->
                    new LinkedHashSet<>(t.size() > 0 && t.get(0) instanceof List<?> l ? l : List.of());
            case "_codecs.encode" -> String.valueOf(t.get(0)).getBytes(StandardCharsets.ISO_8859_1);
            default -> new Call(g, t);
        };
    }

    private Object memoGet(long key) throws IOException {
        if (!memo.containsKey(key)) {
            throw new IOException("pickle memo key " + key + " is not defined");
        }
        return memo.get(key);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw new IOException("pickle pops to a MARK that was never set");
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Tuple tuple(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return new Tuple(items);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws IOException {
        if (o instanceof List<?>) {
            return (List<Object>) o;
        }
        throw new IOException("pickle APPEND to a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) throws IOException {
        if (o instanceof Map<?, ?>) {
            return (Map<Object, Object>) o;
        }
        throw new IOException("pickle SETITEM on a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object o) throws IOException {
        if (o instanceof Set<?>) {
            return (Set<Object>) o;
        }
        throw new IOException("pickle ADDITEMS on a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    /** Dict keys as Java map keys: byte strings by content. */
    private static Object key(Object k) {
        return k instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : k;
    }

    private static int length(long n) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            throw new IOException("pickle item length " + n + " out of range");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private String line() {
        int start = in.position();
        while (in.get() != '\n') {
            // scan to the newline
        }
        byte[] b = Arrays.copyOfRange(in.array(), in.arrayOffset() + start, in.arrayOffset() + in.position() - 1);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static Object textInt(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> textLong(s);
        };
    }

    private static Object textLong(String s) {
        String t = s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
        BigInteger v = new BigInteger(t);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** LONG1/LONG4: little-endian two's complement. */
    private Object longBytes(int n) {
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
