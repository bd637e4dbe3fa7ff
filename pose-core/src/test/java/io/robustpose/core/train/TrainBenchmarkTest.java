package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.model.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The training benchmark entry point; the full-size measurement runs only with RP_TRAIN_BENCH=1. */
class TrainBenchmarkTest {

    @Test
    void tinyBenchmarkReportsMedianStepTime() {
        for (String method : new String[] {"standard", "advmix"}) {
            TrainBenchmark.Result r = TrainBenchmark.run(Architecture.SIMPLEBASELINE_RESNET18, 2, 64, 64, method, 1, 2);
            assertThat(r.secondsPerStep()).hasSize(2);
            assertThat(r.medianSecondsPerStep()).isPositive();
            assertThat(r.imagesPerSecond()).isEqualTo(2 / r.medianSecondsPerStep());
            assertThat(r.toJson()).contains("\"seconds_per_step\": ").contains("\"images_per_second\": ")
                    .contains("\"method\": \"" + method + "\"");
        }
    }

    /**
     * SBL-ResNet-50 256×192 batch 8 by default (PyTorch on this CPU: 1.03 s/step): standard and
     * AdvMix (P + G + teacher). Environment: RP_TRAIN_BENCH_ARCH, _INPUT (HxW), _BATCH, _METHODS,
     * _STEPS, _THREADS (libtorch intra-op threads). Results are appended to
     * target-train/train-bench.jsonl.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "RP_TRAIN_BENCH", matches = "1")
    void configuredBenchmark() throws IOException {
        java.util.Map<String, String> env = System.getenv();
        Architecture arch = Architecture.byId(env.getOrDefault("RP_TRAIN_BENCH_ARCH", "simplebaseline-resnet50"))
                .orElseThrow();
        String[] input = env.getOrDefault("RP_TRAIN_BENCH_INPUT", "256x192").split("x");
        int batch = Integer.parseInt(env.getOrDefault("RP_TRAIN_BENCH_BATCH", "8"));
        int steps = Integer.parseInt(env.getOrDefault("RP_TRAIN_BENCH_STEPS", "7"));
        if (env.containsKey("RP_TRAIN_BENCH_THREADS")) {
            ai.djl.engine.Engine.getEngine("PyTorch");
            ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.parseInt(env.get("RP_TRAIN_BENCH_THREADS")));
        }
        for (String method : env.getOrDefault("RP_TRAIN_BENCH_METHODS", "standard,advmix").split(",")) {
            TrainBenchmark.Result r = TrainBenchmark.run(arch, batch, Integer.parseInt(input[0]),
                    Integer.parseInt(input[1]), method, 2, steps);
            String line = r.toJson().replace("}", ", \"all\": " + java.util.Arrays.toString(r.secondsPerStep()) + "}");
            System.out.println("TRAIN-BENCH " + line);
            Path out = Paths.get("target-train", "train-bench.jsonl");
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
