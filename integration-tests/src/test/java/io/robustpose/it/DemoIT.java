package io.robustpose.it;

import io.robustpose.cli.RobustposeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's main command at tiny scale — broker and four services as processes, real
 * training, corruption, evaluation and report — on synthetic people, and the same experiment on
 * the real COCO and OCHuman images of ../shared/realdata.
 */
class DemoIT {
    private static final Path REALDATA = Paths.get(System.getProperty("robustpose.shared", "/work/shared")).resolve("realdata");

    @Test
    void theDemoRunsEndToEndAndPrintsTheRobustnessTable(@TempDir Path dir) throws Exception {
        String printed = demo(dir, List.of());
        String html = Files.readString(reportPath(printed));
        assertThat(html).contains("id=\"table-summary\"").contains("id=\"chart-corruptions\"").contains("advmix")
                .contains("class=\"sample");
        assertThat(reportPath(printed).resolveSibling("report.md")).exists();
        assertThat(reportPath(printed).resolveSibling("report.json")).exists();
    }

    @Test
    void theSameExperimentRunsOnRealCocoImagesWithDetectedBoxes(@TempDir Path dir) throws Exception {
        Path coco = REALDATA.resolve("coco");
        assumeTrue(Files.exists(coco.resolve("test_coco.json")), "../shared/realdata absent: real-data demo skipped");
        String printed = demo(dir, List.of("--data", coco.toString(), "--format", "coco",
                "--annotations", coco.resolve("test_coco.json").toString(),
                "--boxes", coco.resolve("test_coco_det_AP_H_56.json").toString()));
        assertThat(Files.readString(reportPath(printed))).contains("000000000785.jpg");
    }

    @Test
    void theSameExperimentRunsOnRealOcHumanImages(@TempDir Path dir) throws Exception {
        Path ochuman = REALDATA.resolve("ochuman");
        assumeTrue(Files.exists(ochuman.resolve("test_ochuman.json")), "../shared/realdata absent: real-data demo skipped");
        String printed = demo(dir, List.of("--data", ochuman.toString(), "--format", "ochuman",
                "--annotations", ochuman.resolve("test_ochuman.json").toString()));
        assertThat(Files.readString(reportPath(printed))).contains("class=\"sample");
    }

    private static String demo(Path dir, List<String> extra) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        List<String> args = new ArrayList<>(List.of("demo", "--scale", "tiny", "--work", dir.resolve("demo").toString()));
        args.addAll(extra);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = RobustposeCli.run(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(rc).as(printed).isZero();
        assertThat(printed).contains("SUCCEEDED").contains("| Method | AP* | mPC | rPC |");
        assertThat(printed.lines().filter(l -> l.startsWith("| standard") || l.startsWith("| advmix"))).hasSize(2);
        // everything the demo started is stopped again
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
        return printed;
    }

    private static Path reportPath(String printed) {
        return Path.of(printed.lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow().substring(8).trim());
    }
}
