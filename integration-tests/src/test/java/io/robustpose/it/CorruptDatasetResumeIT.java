package io.robustpose.it;

import io.robustpose.cli.RobustposeCli;
import io.robustpose.cli.local.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** corrupt-dataset on the real COCO images: killed halfway (SIGKILL) and re-run, it completes without redoing files. */
class CorruptDatasetResumeIT {
    private static final Path SHARED = Path.of(System.getProperty("robustpose.shared", "../shared")).toAbsolutePath().normalize();

    static Map<Path, FileTime> completeFiles(Path root) throws Exception {
        Map<Path, FileTime> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".jpg")).toList()) {
                out.put(root.relativize(p), Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    static List<String> args(Path out, int threads) {
        return List.of("corrupt-dataset", "--format", "coco", "--images", SHARED.resolve("realdata/coco").toString(),
                "--annotations", SHARED.resolve("realdata/coco/test_coco.json").toString(), "--out", out.toString(),
                "--threads", String.valueOf(threads));
    }

    @Test
    void killedHalfwayAndRerunCompletesWithoutRedoingFinishedFiles(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(SHARED.resolve("realdata/coco/test_coco.json")), "../shared is absent: skipping");
        Path out = dir.resolve("coco-C");
        ServiceProcess first = ServiceProcess.cli("corrupt-dataset", args(out, 1), 0, dir);
        first.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (completeFiles(out).size() < 60 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        first.kill();
        Map<Path, FileTime> before = completeFiles(out);
        assertThat(before.size()).as("killed halfway").isBetween(60, 299);

        int rc = RobustposeCli.run(args(out, 2).toArray(String[]::new));
        assertThat(rc).isZero();
        Map<Path, FileTime> after = completeFiles(out);
        // 4 annotated images × 15 corruptions × 5 severities, in <corruption>/<severity>/<file>
        assertThat(after).hasSize(300);
        assertThat(after.keySet()).contains(Path.of("gaussian_noise/1/000000000785.jpg"), Path.of("jpeg_compression/5/000000197388.jpg"));
        before.forEach((p, t) -> assertThat(after.get(p)).as("rewritten: " + p).isEqualTo(t));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part"))).as("temporary files left").isEmpty();
        }

        // the same seed gives byte-identical files whatever the thread count and the interruption
        Path again = dir.resolve("again");
        assertThat(RobustposeCli.run(args(again, 1).toArray(String[]::new))).isZero();
        for (Path p : after.keySet()) {
            assertThat(Files.mismatch(out.resolve(p), again.resolve(p))).as(p.toString()).isEqualTo(-1L);
        }
    }
}
