package io.robustpose.it;

import io.robustpose.cli.RobustposeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main command at tiny scale: broker and four services as processes, real training and evaluation. */
class DemoIT {

    @Test
    void theDemoRunsEndToEndAndPrintsTheRobustnessTable(@TempDir Path dir) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = RobustposeCli.run("demo", "--scale", "tiny", "--work", dir.resolve("demo").toString());
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(rc).as(printed).isZero();
        assertThat(printed).contains("SUCCEEDED").contains("| Method | AP* | mPC | rPC |");
        assertThat(printed.lines().filter(l -> l.startsWith("| standard") || l.startsWith("| advmix"))).hasSize(2);
        String report = printed.lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow().substring(8);
        assertThat(Files.readString(Path.of(report))).contains("advmix");
        // everything the demo started is stopped again
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
    }
}
