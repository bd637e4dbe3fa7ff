package io.robustpose.core.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's page faults, kernel and user CPU time and peak resident memory, as Linux counts them
 * ({@code /proc/self/stat}, {@code /proc/self/status}). The benchmarks report them beside their timings because on a
 * VM the cost of a fresh page moves over the day (the host takes back memory a process frees; README, Benchmarks):
 * a round whose system time or fault count jumps explains its time. Where {@code /proc} is absent every counter is
 * −1.
 */
public final class ProcessCounters {

    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/<pid>/stat} (100 on every architecture it runs on). */
    private static final double TICKS_PER_SECOND = 100;

    /** One reading. */
    public record Snapshot(long minorFaults, long majorFaults, double userSeconds, double systemSeconds) {

        public boolean known() {
            return minorFaults >= 0;
        }

        /** Minor and major page faults together. */
        public long faults() {
            return minorFaults + majorFaults;
        }

        /** Faults and CPU seconds since {@code earlier}, divided by {@code per} (steps, batches). */
        public Snapshot since(Snapshot earlier, int per) {
            if (!known() || !earlier.known()) {
                return UNKNOWN;
            }
            return new Snapshot((minorFaults - earlier.minorFaults) / per, (majorFaults - earlier.majorFaults) / per,
                    (userSeconds - earlier.userSeconds) / per, (systemSeconds - earlier.systemSeconds) / per);
        }
    }

    static final Snapshot UNKNOWN = new Snapshot(-1, -1, -1, -1);

    private ProcessCounters() {
    }

    public static Snapshot now() {
        try {
            return parseStat(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The fields of a {@code /proc/<pid>/stat} line; the command name in parentheses may itself hold spaces. */
    static Snapshot parseStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        return new Snapshot(Long.parseLong(f[7]), Long.parseLong(f[9]), Long.parseLong(f[11]) / TICKS_PER_SECOND,
                Long.parseLong(f[12]) / TICKS_PER_SECOND);
    }

    /** The process's peak resident set in MB ({@code VmHWM}), −1 if unknown. */
    public static double peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0; // reported in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
