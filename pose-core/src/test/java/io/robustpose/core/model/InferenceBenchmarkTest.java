package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InferenceBenchmarkTest {

    @Test
    void smallRunGivesAPositiveThroughput() {
        InferenceBenchmark.Result r = InferenceBenchmark.measure(Architecture.SIMPLEBASELINE_RESNET18, 2, 64, 64, 1, 3,
                DeconvMethod.PHASE_CONV_2X2, Device.cpu());
        assertThat(r.secondsPerBatch()).hasSize(3);
        assertThat(Arrays.stream(r.secondsPerBatch()).min().orElseThrow()).isPositive();
        assertThat(r.imagesPerSecond()).isPositive().isFinite();
        assertThat(r.intraOpThreads()).isPositive();
        assertThat(InferenceBenchmark.median(new double[] {3, 1, 2, 10})).isEqualTo(2.5);
    }

    /**
     * SBL-ResNet-50 256×192 batch 32, both ConvTranspose2d rewrites, with the process RSS after each
     * configuration. Runs only with {@code -Drobustpose.bench=true} (about a minute on 2 cores).
     */
    @Test
    @Tag("benchmark")
    void simpleBaselineResNet50Batch32() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("robustpose.bench"), "benchmark: run with -Drobustpose.bench=true");
        int iterations = Integer.getInteger("robustpose.bench.iterations", 10);
        String only = System.getProperty("robustpose.bench.arch", "");
        for (Architecture a : new Architecture[] {Architecture.SIMPLEBASELINE_RESNET50, Architecture.HRNET_W32}) {
            if (!only.isEmpty() && !only.equals(a.id())) {
                continue;
            }
            DeconvMethod[] methods = a == Architecture.SIMPLEBASELINE_RESNET50 ? DeconvMethod.values()
                    : new DeconvMethod[] {DeconvMethod.PHASE_CONV_2X2};
            for (DeconvMethod m : methods) {
                InferenceBenchmark.Result r = InferenceBenchmark.measure(a, 32, 256, 192, 2, iterations, m, Device.cpu());
                System.out.printf(Locale.ROOT, "[bench] %s %s batch 32 256x192: %.2f img/s median (%.3f s/batch;"
                                + " min %.3f max %.3f s), %d intra-op threads, load %s, RSS %s%n",
                        a.id(), m, r.imagesPerSecond(), r.medianSecondsPerBatch(),
                        Arrays.stream(r.secondsPerBatch()).min().orElse(0),
                        Arrays.stream(r.secondsPerBatch()).max().orElse(0), r.intraOpThreads(),
                        Files.readString(Path.of("/proc/loadavg")).trim(), rss());
                assertThat(r.imagesPerSecond()).isPositive();
            }
        }
    }

    private static String rss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?").replaceAll("\\s+", " ");
    }
}
