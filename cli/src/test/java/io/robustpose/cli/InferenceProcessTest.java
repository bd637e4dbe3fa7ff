package io.robustpose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.workflow.message.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inference process declines libtorch's huge pages (core.device.NativeMemory.forInference: on this VM they cost
 * channels-last inference a quarter of its throughput). The decision is made once per process, by whatever touches
 * the engine first, so it is checked in a fresh process: a command whose options name a class that asks for huge
 * pages when it loads (as {@code PoseNetworks} does) would decide before the command runs.
 */
class InferenceProcessTest {

    @Test
    void benchInferenceRunsWithoutHugePages(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                RobustposeCli.class.getName(), "bench", "inference", "--arch", "simplebaseline-resnet18", "--batch", "1",
                "--input", "64x64", "--warmup", "0", "--iterations", "1"));
        pb.environment().remove("THP_MEM_ALLOC_ENABLE"); // a user's setting would win
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode result = Json.MAPPER.readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result.get("libtorch_huge_pages").asBoolean()).as(out).isFalse();
        assertThat(result.get("images_per_second").asDouble()).isPositive();
    }
}
