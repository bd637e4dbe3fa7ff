package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint directories: state round trip (NaN included), latest pointer, retention. */
class TrainingCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void stateRoundTripsAndRetentionKeepsTheNewest() throws Exception {
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(m, Architecture.SIMPLEBASELINE_RESNET18, 17, 64, 64);
            try (AdamOptimizer adam = new AdamOptimizer(net, m)) {
                Map<String, Double> val = new LinkedHashMap<>();
                val.put("AP", Double.NaN);
                val.put("AR", 0.5);
                Path last = null;
                for (long step = 1; step <= 3; step++) {
                    TrainingCheckpoint.State s = new TrainingCheckpoint.State(TrainingCheckpoint.FORMAT_VERSION,
                            "standard", "simplebaseline-resnet18", "TRANSPOSED_CONV", 17, 64, 64, 2, 1, 3, 10, 0, (int) step, step,
                            step == 1 ? Double.NaN : 0.25, val, "now");
                    last = TrainingCheckpoint.write(dir, s, net, adam, null, null, 2);
                }
                assertThat(TrainingCheckpoint.latest(dir)).contains(last);
                assertThat(Files.readString(dir.resolve(TrainingCheckpoint.LATEST)).trim())
                        .isEqualTo("step-000000003");
                assertThat(dir.resolve("step-000000001")).doesNotExist();
                assertThat(dir.resolve("step-000000002")).exists();
                TrainingCheckpoint.State back = TrainingCheckpoint.readState(last);
                assertThat(back.nextBatch()).isEqualTo(3);
                assertThat(back.validation().get("AP")).isNaN();
                assertThat(back.validation().get("AR")).isEqualTo(0.5);
                // a NaN loss (no step yet) also round-trips
                TrainingCheckpoint.State nan = new TrainingCheckpoint.State(1, "standard", "x", null, 17, 64, 64, 2, 1, 3, 10,
                        0, 0, 4, Double.NaN, Map.of(), "now");
                Path d = TrainingCheckpoint.write(dir, nan, net, adam, null, null, 1);
                assertThat(TrainingCheckpoint.readState(d).lastLoss()).isNaN();
                // a state without the deconvolution method predates it: the phase emulation; an unknown one is named
                assertThat(TrainingCheckpoint.readState(d).deconvMethod()).isEqualTo(DeconvMethod.PHASE_CONV_2X2);
                assertThat(back.deconvMethod()).isEqualTo(DeconvMethod.TRANSPOSED_CONV);
                TrainingCheckpoint.State odd = new TrainingCheckpoint.State(1, "standard", "x", "FFT", 17, 64, 64, 2, 1,
                        3, 10, 0, 0, 4, 0.5, Map.of(), "now");
                assertThatThrownBy(odd::deconvMethod)
                        .hasMessageContaining("unknown deconv 'FFT'");
                assertThat(dir.resolve("step-000000002")).doesNotExist();
                // no stray temporary directories
                try (var s = Files.list(dir)) {
                    assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp"))).isEmpty();
                }
            }
        }
    }
}
