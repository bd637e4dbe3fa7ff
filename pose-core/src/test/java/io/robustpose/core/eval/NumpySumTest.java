package io.robustpose.core.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expected values are numpy 2.x's {@code np.sum} of the same arrays; they differ from a left
 * to right sum, which makes them sensitive to the summation order.
 */
class NumpySumTest {

    @Test
    void fewerThanEightValuesAreAddedLeftToRight() {
        // 1e16 + 1 rounds back to 1e16 (ulp 2, ties to even), three times
        assertThat(NumpySum.sum(new double[]{1e16, 1, 1, 1})).isEqualTo(1e16);
        assertThat(NumpySum.sum(new double[]{1, 1, 1, 1e16})).isEqualTo(1.0000000000000004e16);
    }

    @Test
    void eightToOneHundredTwentyEightValuesUseEightPartialSums() {
        double[] a = new double[8];
        Arrays.fill(a, 1);
        a[0] = 1e16;
        // ((1e16+1)+(1+1))+((1+1)+(1+1)) = 1e16 + 6, where left to right gives 1e16
        assertThat(NumpySum.sum(a)).isEqualTo(1.0000000000000006e16);
    }

    @Test
    void longerArraysAreSplitPairwise() {
        double[] a = new double[201];
        Arrays.fill(a, 1);
        a[0] = 1e16;
        assertThat(NumpySum.sum(a)).isEqualTo(1.0000000000000188e16);
        double[] b = new double[130];
        Arrays.fill(b, 1);
        b[129] = 1e16;
        assertThat(NumpySum.sum(b)).isEqualTo(1.0000000000000128e16);
    }

    @Test
    void exactSumsForEverySize() {
        for (int n = 0; n <= 1100; n++) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = i + 1;
            }
            assertThat(NumpySum.sum(a)).as("n=%d", n).isEqualTo(n * (n + 1) / 2.0);
            if (n > 0) {
                assertThat(NumpySum.mean(a, n)).isEqualTo((n + 1) / 2.0);
            }
        }
    }
}
