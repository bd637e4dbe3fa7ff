package io.robustpose.core.model;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * The deterministic weights and input of the parity fixtures (shared reference/models,
 * WEIGHT_FORMULA.md §1–4): a splitmix64 hash of (CRC32 of the official key, element index) gives
 * u in [-1, 1); each kind of tensor scales it its own way, in double, with one cast to float32.
 * Values are always generated in the official PyTorch layout.
 */
public final class WeightFormula {

    private static final double SQRT3 = 1.7320508075688772;
    private static final java.util.regex.Pattern DECONV_KEY = java.util.regex.Pattern.compile("deconv_layers\\.\\d+(\\.0\\.0)?");

    private WeightFormula() {
    }

    /** Tensor kinds, recognised from the key as WEIGHT_FORMULA.md §2 prescribes. */
    public enum Kind {
        BN_NUM_BATCHES_TRACKED, BN_RUNNING_MEAN, BN_RUNNING_VAR, BN_WEIGHT, BN_BIAS,
        /** A convolution bias (only final_layer.bias in these models). */
        BIAS,
        /** ConvTranspose2d weight [in, out, kh, kw]: fan_in = in·kh·kw. */
        DECONV_WEIGHT,
        /** Conv2d weight [out, in, kh, kw]: fan_in = in·kh·kw. */
        CONV_WEIGHT,
        LINEAR_WEIGHT
    }

    /** Which BatchNorm running statistics to generate. */
    public enum RunningStats {
        /** running_mean 0, running_var 1: the main fixtures. */
        TRIVIAL,
        /** running_mean 0.1·u, running_var 1 + 0.5·u: the {@code eval_rs} fixtures (§3). */
        NON_TRIVIAL
    }

    /** CRC32 of the key's UTF-8 bytes, unsigned. */
    public static long seedOf(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** splitmix64 finaliser of (seed, i), mapped exactly to a double in [-1, 1). */
    public static double u(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + (i + 1) * 0xD1B54A32D192ED03L; // wraps mod 2^64
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (double) ((z >>> 11) - (1L << 52)) * 0x1.0p-52;
    }

    /**
     * The kind of a state_dict entry; {@code keyExists} answers whether another key of the same
     * state_dict exists (a weight/bias is BatchNorm's when {@code <prefix>.running_mean} does).
     */
    public static Kind kindOf(String key, long[] shape, Predicate<String> keyExists) {
        if (key.endsWith(".num_batches_tracked")) {
            return Kind.BN_NUM_BATCHES_TRACKED;
        }
        if (key.endsWith(".running_mean")) {
            return Kind.BN_RUNNING_MEAN;
        }
        if (key.endsWith(".running_var")) {
            return Kind.BN_RUNNING_VAR;
        }
        int dot = key.lastIndexOf('.');
        String prefix = dot < 0 ? "" : key.substring(0, dot);
        boolean batchNorm = keyExists.test(prefix + ".running_mean");
        if (key.endsWith(".bias")) {
            return batchNorm ? Kind.BN_BIAS : Kind.BIAS;
        }
        if (key.endsWith(".weight")) {
            if (batchNorm) {
                return Kind.BN_WEIGHT;
            }
            if (shape.length == 4) {
                // the transposed convolutions: SimpleBaseline's deconv_layers.{0,3,6}, HigherHRNet's
                // deconv_layers.N.0.0 (its deconv_layers.N.{1..4} are BasicBlock convs; WEIGHT_FORMULA_HIGHERHRNET.md §1)
                return DECONV_KEY.matcher(prefix).matches() ? Kind.DECONV_WEIGHT : Kind.CONV_WEIGHT;
            }
            if (shape.length == 2) {
                return Kind.LINEAR_WEIGHT;
            }
        }
        throw new IllegalArgumentException("no formula for " + key + " of rank " + shape.length);
    }

    /** fan_in as the formula defines it (in·kh·kw for both conv kinds). */
    public static long fanIn(Kind kind, long[] shape) {
        return switch (kind) {
            case CONV_WEIGHT -> shape[1] * shape[2] * shape[3];
            case DECONV_WEIGHT -> shape[0] * shape[2] * shape[3];
            case LINEAR_WEIGHT -> shape[1];
            default -> 0;
        };
    }

    /** The float32 values of one tensor in the official row-major layout. */
    public static float[] values(String key, long[] shape, Kind kind, RunningStats runningStats) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " is too large: " + count);
        }
        float[] out = new float[(int) count];
        long seed = seedOf(key);
        boolean nonTrivial = runningStats == RunningStats.NON_TRIVIAL;
        double scale = switch (kind) {
            case CONV_WEIGHT, DECONV_WEIGHT, LINEAR_WEIGHT -> Math.sqrt(2.0 / fanIn(kind, shape));
            default -> 0;
        };
        for (int i = 0; i < out.length; i++) {
            double v = switch (kind) {
                case BN_NUM_BATCHES_TRACKED -> 0.0;
                case BN_RUNNING_MEAN -> nonTrivial ? 0.1 * u(seed, i) : 0.0;
                case BN_RUNNING_VAR -> nonTrivial ? 1.0 + 0.5 * u(seed, i) : 1.0;
                case BIAS -> 0.01 * u(seed, i);
                case BN_WEIGHT -> 1.0 + 0.1 * u(seed, i);
                case BN_BIAS -> 0.1 * u(seed, i);
                case CONV_WEIGHT, DECONV_WEIGHT, LINEAR_WEIGHT -> (u(seed, i) * scale) * SQRT3;
            };
            out[i] = (float) v;
        }
        return out;
    }

    /**
     * The fixture input (§4) generalised to {@code [n, c, h, w]}: element j of sample s is
     * {@code (float)(sin(0.011·(j+1)) + 0.5·cos(0.007·(j+1)·(s+1)))}, NCHW row-major.
     */
    public static float[] input(int n, int c, int h, int w) {
        int perSample = c * h * w;
        float[] x = new float[n * perSample];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < perSample; j++) {
                x[s * perSample + j] = (float) (Math.sin(0.011 * (j + 1)) + 0.5 * Math.cos(0.007 * (j + 1) * (s + 1)));
            }
        }
        return x;
    }
}
