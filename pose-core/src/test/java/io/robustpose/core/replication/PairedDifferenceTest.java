package io.robustpose.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    @Test
    void meanAndStudentTIntervalOfThePairedDifferences() {
        // d = (0.02, 0.01, 0.03): mean 0.02, sd 0.01, half width t(0.975, 2)·0.01/√3 = 4.3027·0.0057735
        PairedDifference d = PairedDifference.of(new double[] {0.52, 0.50, 0.56}, new double[] {0.50, 0.49, 0.53});
        assertThat(d.mean()).isCloseTo(0.02, within(1e-12));
        assertThat(d.sd()).isCloseTo(0.01, within(1e-12));
        assertThat(d.high() - d.mean()).isCloseTo(4.3027 * 0.01 / Math.sqrt(3), within(1e-9));
        assertThat(d.low()).isCloseTo(0.02 - 0.024842, within(1e-6));
        assertThat(d.positive()).isFalse();
        assertThat(PairedDifference.of(new double[] {0.6, 0.61, 0.62}, new double[] {0.5, 0.5, 0.5}).positive()).isTrue();
    }

    @Test
    void oneSeedHasNoIntervalAndCountsMustMatch() {
        PairedDifference d = PairedDifference.of(new double[] {0.5}, new double[] {0.4});
        assertThat(d.mean()).isCloseTo(0.1, within(1e-12));
        assertThat(d.low()).isNaN();
        assertThatThrownBy(() -> PairedDifference.of(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tQuantilesFromTheTableAndBeyond() {
        assertThat(PairedDifference.t975(1)).isEqualTo(12.7062);
        assertThat(PairedDifference.t975(30)).isEqualTo(2.0423);
        assertThat(PairedDifference.t975(60)).isCloseTo(2.0003, within(2e-4));
        assertThat(PairedDifference.t975(120)).isCloseTo(1.9799, within(2e-4));
    }
}
