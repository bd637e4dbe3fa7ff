package io.robustpose.core.corruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.image.OpenCv;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class CorruptionBenchmarkTest {
    @Test
    void reportsPerSeverityMediansAndTheSweep() {
        OpenCv.load();
        Mat in = CorruptorTest.sample(64, 80);
        CorruptionBenchmark.Result r = CorruptionBenchmark.run(in, 2, 3, Corruptor.withProceduralFrost(),
                List.of(Corruption.CONTRAST, Corruption.ZOOM_BLUR, Corruption.SPATTER));
        assertThat(r.secondsPerImage()).containsOnlyKeys(Corruption.CONTRAST, Corruption.ZOOM_BLUR, Corruption.SPATTER);
        assertThat(r.secondsPerImage().get(Corruption.ZOOM_BLUR)).hasSize(5);
        for (double s : r.secondsPerImage().get(Corruption.ZOOM_BLUR)) {
            assertThat(s).isPositive();
        }
        double expected = 0;
        for (Corruption c : List.of(Corruption.CONTRAST, Corruption.ZOOM_BLUR)) { // spatter is not a benchmark one
            for (double s : r.secondsPerImage().get(c)) {
                expected += s / 5;
            }
        }
        assertThat(r.sweepSeconds()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.toJson()).startsWith("{\"corruptions\": {\"zoom_blur\": {\"1\": ").contains("\"sweep_seconds\": ")
                .doesNotContain("NaN");
    }
}
