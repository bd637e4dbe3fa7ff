package io.robustpose.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void withoutATerminalALineEveryIntervalWithTheTimeLeftAndTheLastStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 10 * S, now::get);
        for (int done = 0; done <= 100; done++) {
            now.set(done * S); // one step per second
            p.update("corrupting", done, 100);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10); // steps 10, 20, ..., 100: one line per 10 s, no carriage returns
        assertThat(lines[0]).isEqualTo("corrupting 10/100 (10 %), 1 min 30 s left");
        assertThat(lines[8]).isEqualTo("corrupting 90/100 (90 %), 10 s left");
        assertThat(lines[9]).isEqualTo("corrupting 100/100 (100 %), done in 1 min 40 s");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void onATerminalABarRedrawnInPlaceAndAResumedRunCountsOnlyItsOwnSteps() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 10 * S, now::get);
        p.update("epoch 2/4", 500, 1000); // resumed at step 500
        now.set(100 * S);
        p.update("epoch 2/4", 600, 1000);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith(
                "\repoch 2/4 [##################............] 600/1000, 6 min 40 s left");
        now.set(3 * 3600 * S);
        p.update("epoch 4/4", 1000, 1000);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("1000/1000, done in 3 h 00 min\n");
    }
}
