package io.robustpose.core.corruption.official;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * numpy's float64 {@code exp} where it matters and can be known: numpy on AVX-512 machines computes exp with its
 * own SIMD code (SVML in numpy 1.22+), which is not correctly rounded — exp(−2) is {@code 0x1.152aaa3bf81cbp-3}
 * there, {@code …cc} in glibc and {@code Math.exp} — and the golden COCO-C arrays were made with such a numpy. One
 * last bit in a Gaussian kernel weight moves a few uint8 truncations (glass_blur at σ 0.9 and 1.0 on image 785:
 * 236 and 186 values). The inputs of the kernels that do not depend on the image size are few; their numpy
 * values are tabulated ({@code numpy-exp.txt}, written by {@code tools/numpy_exp_table.py} with numpy 1.24.4);
 * any other input falls back to {@code Math.exp} (elastic_transform's σ = 0.01·H, 0.01·W, snow's angle).
 */
final class NumpyExp {
    private static final Map<Long, Double> TABLE = load();

    private NumpyExp() {
    }

    static double exp(double x) {
        Double v = TABLE.get(Double.doubleToRawLongBits(x));
        return v != null ? v : Math.exp(x);
    }

    private static Map<Long, Double> load() {
        Map<Long, Double> table = new HashMap<>();
        try (InputStream in = NumpyExp.class.getResourceAsStream("numpy-exp.txt")) {
            if (in == null) {
                throw new IllegalStateException("numpy-exp.txt missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                table.put(Double.doubleToRawLongBits(Double.parseDouble(f[0])), Double.parseDouble(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }
}
