package io.robustpose.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessCountersTest {

    /** A stat line of a process whose name holds a space and a parenthesis (fields from proc(5)). */
    @Test
    void parsesTheFieldsAfterTheCommandName() {
        String line = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 123456 0 789 0 2500 731 0 0 20 0 30 0 5 1 2";
        ProcessCounters.Snapshot s = ProcessCounters.parseStat(line);
        assertThat(s.minorFaults()).isEqualTo(123456);
        assertThat(s.majorFaults()).isEqualTo(789);
        assertThat(s.userSeconds()).isEqualTo(25.0);
        assertThat(s.systemSeconds()).isEqualTo(7.31);
        ProcessCounters.Snapshot later = new ProcessCounters.Snapshot(124456, 789, 27.0, 7.51);
        ProcessCounters.Snapshot perStep = later.since(s, 4);
        assertThat(perStep.minorFaults()).isEqualTo(250);
        assertThat(perStep.majorFaults()).isZero();
        assertThat(s.faults()).isEqualTo(123456 + 789);
        assertThat(perStep.userSeconds()).isCloseTo(0.5, within(1e-12));
        assertThat(perStep.systemSeconds()).isCloseTo(0.05, within(1e-12));
        assertThat(later.since(ProcessCounters.UNKNOWN, 1).known()).isFalse();
    }

    /** Touching 64 MB of fresh memory faults at least its 2 MB pages in (16 384 with 4 KB pages). */
    @Test
    void countsTheFaultsOfFreshMemory() {
        ProcessCounters.Snapshot before = ProcessCounters.now();
        assertThat(before.known()).as("/proc/self/stat readable on Linux").isTrue();
        java.nio.ByteBuffer fresh = java.nio.ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < fresh.capacity(); i += 4096) {
            fresh.put(i, (byte) 1);
        }
        ProcessCounters.Snapshot after = ProcessCounters.now();
        assertThat(after.minorFaults() - before.minorFaults()).isGreaterThanOrEqualTo(32);
        assertThat(ProcessCounters.peakResidentMegabytes()).isGreaterThan(64);
    }
}
