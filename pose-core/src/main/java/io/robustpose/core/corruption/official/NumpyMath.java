package io.robustpose.core.corruption.official;

import com.sun.jna.Native;

/**
 * The logarithm numpy's generator uses: the C library's {@code log} (glibc's on Linux), called through JNA.
 * Neither {@code Math.log} nor a correctly rounded log agrees with it everywhere: on 1.21 M test values glibc's
 * differs from the correctly rounded result on 795 (its error reaches ~0.505 ulp) and from {@code Math.log} on
 * 807 — and one last-bit difference changes a Gaussian numpy draws. Where the C library cannot be loaded,
 * the correctly rounded log stands in and {@link #exact()} says so.
 */
final class NumpyMath {
    private static final boolean LIBM = load();

    private NumpyMath() {
    }

    private static boolean load() {
        try {
            Native.register(Libm.class, "m");
            return Libm.log(1.0) == 0.0;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no C library to call
            return false;
        }
    }

    /** Whether draws use the C library's log (numpy's own), not the correctly rounded stand-in. */
    static boolean exact() {
        return LIBM;
    }

    static double log(double x) {
        return LIBM ? Libm.log(x) : CorrectlyRoundedLog.log(x);
    }

    /** JNA direct mapping of libm. */
    static final class Libm {
        static native double log(double x);

        private Libm() {
        }
    }
}
