package io.robustpose.core.corruption.official;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.image.ImageIo;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numpy RandomState port against numpy itself: every {@code np.random} call the authors'
 * {@code make_datasets.py} makes for image 785 (19 corruptions × 5 severities, each after {@code seed(1)};
 * {@code shared/reference/cococ-official/rng_calls.json}) is replayed and its whole output hashed as numpy's
 * bytes — millions of doubles, Gaussians, bounded integers, Bernoulli choices and Poisson counts (PTRS and
 * multiplication) — and compared with numpy's SHA-256.
 */
class NumpyRandomStateTest {
    private static final Path REF = Path.of(System.getProperty("robustpose.shared", "../shared"))
            .resolve("reference/cococ-official").toAbsolutePath().normalize();

    @Test
    void seedOneGivesNumpysFirstDraws() {
        NumpyRandomState r = new NumpyRandomState(1);
        assertThat(r.nextDouble()).isEqualTo(0.417022004702574);
        assertThat(r.nextDouble()).isEqualTo(0.7203244934421581);
        assertThat(r.nextDouble()).isEqualTo(0.00011437481734488664);
        NumpyRandomState g = new NumpyRandomState(1);
        assertThat(g.nextGaussian()).isEqualTo(1.6243453636632417);
        assertThat(g.nextGaussian()).isEqualTo(-0.6117564136500754);
        assertThat(g.nextGaussian()).isEqualTo(-0.5281717522634557);
        NumpyRandomState u = new NumpyRandomState(1);
        assertThat(new long[] {u.nextUint32(), u.nextUint32(), u.nextUint32()}).containsExactly(1791095845L, 4282876139L,
                3093770124L);
    }

    @Test
    void everyDrawOfTheOfficialDatasetScriptMatchesNumpy() throws Exception {
        JsonNode calls = new ObjectMapper().readTree(REF.resolve("rng_calls.json").toFile()).get("calls");
        double[] image = rgb(ImageIo.read(REF.getParent().getParent().resolve("realdata/coco/000000000785.jpg")));
        int groups = 0;
        long values = 0;
        for (var it = calls.fields(); it.hasNext(); ) {
            var e = it.next();
            NumpyRandomState r = null;
            for (JsonNode call : e.getValue()) {
                String fn = call.get("fn").asText();
                if (fn.equals("seed")) {
                    r = new NumpyRandomState(call.get("args").get(0).asLong());
                    continue;
                }
                Hash h = new Hash();
                int count = call.get("count").asInt();
                for (int c = 0; c < count; c++) {
                    values += replay(r, e.getKey(), fn, call, image, h);
                }
                assertThat(h.hex()).as(e.getKey() + " " + fn + " " + call.get("args") + " " + call.get("kwargs"))
                        .isEqualTo(call.get("out_sha256").asText());
                groups++;
            }
        }
        System.out.printf("numpy RandomState: %d call groups, %d values, all bit-identical%n", groups, values);
        assertThat(groups).isEqualTo(120); // 19 corruptions × 5 severities, grouped as numpy's calls were
    }

    /** One call's outputs into the hash; returns how many. */
    private static long replay(NumpyRandomState r, String group, String fn, JsonNode call, double[] image, Hash h) {
        JsonNode args = call.get("args");
        JsonNode kw = call.get("kwargs");
        int n = size(call.get("out_shape"));
        switch (fn) {
            case "normal" -> {
                double loc = kw.path("loc").asDouble(0);
                double scale = kw.path("scale").asDouble(1);
                for (int i = 0; i < n; i++) {
                    h.putDouble(loc + scale * r.nextGaussian());
                }
            }
            case "uniform" -> {
                double low = args.get(0).asDouble();
                double high = args.get(1).asDouble();
                for (int i = 0; i < n; i++) {
                    h.putDouble(r.uniform(low, high));
                }
            }
            case "randint" -> {
                long low = args.size() == 1 ? 0 : args.get(0).asLong();
                long high = args.size() == 1 ? args.get(0).asLong() : args.get(1).asLong();
                for (int i = 0; i < n; i++) {
                    h.putLong(r.randint(low, high));
                }
            }
            case "choice" -> {
                double p = kw.get("p").get(0).asDouble();
                for (boolean b : r.choiceTrueWithProbability(p, n)) {
                    h.putByte(b ? 1 : 0);
                }
            }
            case "poisson" -> {
                // shot_noise: poisson(x * c), x = image / 255. (float64); c by severity folder (v1.1.2: 60 25 12 5 3)
                double c = new double[] {60, 25, 12, 5, 3}[Integer.parseInt(group.substring(group.indexOf('/') + 1))];
                for (int i = 0; i < n; i++) {
                    h.putLong(r.poisson(image[i] / 255. * c));
                }
            }
            default -> throw new IllegalStateException("unexpected numpy call " + fn);
        }
        return n;
    }

    private static int size(JsonNode shape) {
        int n = 1;
        if (shape != null && shape.isArray()) {
            for (JsonNode d : shape) {
                n *= d.asInt();
            }
        }
        return n;
    }

    /** H×W×3 RGB in C order, as np.asarray(Image.open(f)) (OpenCV decodes 785 to the same pixels). */
    private static double[] rgb(Mat bgr) {
        byte[] px = new byte[(int) (bgr.total() * 3)];
        bgr.get(0, 0, px);
        double[] out = new double[px.length];
        for (int i = 0; i < px.length; i += 3) {
            out[i] = px[i + 2] & 0xFF;
            out[i + 1] = px[i + 1] & 0xFF;
            out[i + 2] = px[i] & 0xFF;
        }
        return out;
    }

    /** SHA-256 over values as numpy's little-endian bytes. */
    private static final class Hash {
        private final MessageDigest md;
        private final ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Hash() throws Exception {
            md = MessageDigest.getInstance("SHA-256");
        }

        void putDouble(double v) {
            buf.clear();
            md.update(buf.putDouble(v).array(), 0, 8);
        }

        void putLong(long v) {
            buf.clear();
            md.update(buf.putLong(v).array(), 0, 8);
        }

        void putByte(int v) {
            md.update((byte) v);
        }

        String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
