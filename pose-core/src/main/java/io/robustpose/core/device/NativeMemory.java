package io.robustpose.core.device;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Puts libtorch's large CPU tensors on transparent huge pages: libtorch 2.x's CPU allocator does so (2 MB-aligned
 * blocks, {@code madvise(MADV_HUGEPAGE)} for blocks of 2 MB and more) when {@code THP_MEM_ALLOC_ENABLE=1} is in the
 * environment at its first allocation (c10/core/impl/alloc_cpu.cpp). Without it every fresh 100 MB activation of a
 * batch-32 forward is faulted in 4 KB page by 4 KB page; on this project's 2-core VM (kernel THP mode "madvise") that
 * made SimpleBaseline-R50 inference at batch 32 run at 3.4 instead of 15 images/s, in PyTorch 2.13 alike (README,
 * Benchmarks). Set here, through the C library's {@code setenv}, before the first robustpose tensor is made, so that
 * the CLI, the services and the tests all get it; a value the user set (0 turns it off) is left alone. Where the
 * kernel's THP mode is "never" the advice is a no-op.
 *
 * <p>Not for inference-only processes ({@link #forInference}): since the networks run channels-last, a
 * SimpleBaseline-R50 batch-32 forward on huge pages spent 0.7–1.1 s per batch in the kernel (the advised regions
 * faulted and compacted again; this VM's THP defrag mode is "madvise") and ran at 24 images/s against 32 on 4 KB
 * pages (2026-12-04, 4 rounds interleaved); training stays 3 % faster on huge pages. With the allocator settings below
 * the process reuses its memory, so the small pages are faulted in once, not every batch.
 *
 * <p>The C library's allocator, which libtorch's CPU allocator calls for every tensor, cannot be set from here: glibc
 * reads {@value #MALLOC_ENV} once, at process start. The launcher ({@code bin/robustpose}) and the Helm chart's
 * workers set it so that memory a step frees is reused by the next step instead of being handed back to the
 * kernel (README, Benchmarks); {@link #mallocTunables} reports what the process runs with.
 */
public final class NativeMemory {

    /** libtorch's switch. */
    public static final String THP_ENV = "THP_MEM_ALLOC_ENABLE";
    /** glibc's allocator settings, read at process start. */
    public static final String MALLOC_ENV = "GLIBC_TUNABLES";

    /** Decided once, before the engine's first allocation; null until then. */
    private static Boolean hugePages;

    private NativeMemory() {
    }

    /**
     * Whether libtorch's CPU allocator is asked for huge pages (by us or by the user's environment); the first call
     * decides, asking for them unless {@link #forInference} came first.
     */
    public static synchronized boolean hugePages() {
        if (hugePages == null) {
            hugePages = request(true);
        }
        return hugePages;
    }

    /**
     * Declares this process inference-only (evaluation, an eval worker, {@code bench inference}): huge pages are not
     * asked for unless the user's environment does. Call it before the engine's first allocation; after that it
     * changes nothing.
     */
    public static synchronized void forInference() {
        if (hugePages == null) {
            hugePages = request(false);
        }
    }

    /** For {@code doctor}: whether huge pages were asked for, and the kernel's transparent-huge-page mode. */
    public static String describe() {
        String mode;
        try {
            // "always [madvise] never": the bracketed word is the mode
            String line = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            int a = line.indexOf('[');
            int b = line.indexOf(']');
            mode = a >= 0 && b > a ? line.substring(a + 1, b) : line.trim();
        } catch (java.io.IOException | RuntimeException e) {
            mode = "unknown (no /sys/kernel/mm/transparent_hugepage)";
        }
        return (hugePages() ? "requested (" : "not requested (") + THP_ENV + "=" + currentValue(THP_ENV)
                + "); kernel THP mode: " + mode + (hugePages() && mode.equals("never") ? " — the request has no effect" : "")
                + "; C allocator: " + MALLOC_ENV + "=" + mallocTunables();
    }

    /** {@value #MALLOC_ENV} as this process started with it, "unset" if it was not. */
    public static String mallocTunables() {
        return System.getenv().getOrDefault(MALLOC_ENV, "unset");
    }

    /** The variable as the C library sees it now (Java's {@link System#getenv} is a copy taken at start). */
    static String currentValue(String name) {
        try {
            String v = libc("getenv").invokeString(new Object[]{name}, false);
            return v == null ? "unset" : v;
        } catch (Throwable e) {
            return System.getenv().getOrDefault(name, "unset");
        }
    }

    private static boolean request(boolean byDefault) {
        String set = System.getenv(THP_ENV);
        if (set != null) {
            return !set.isBlank() && !set.trim().equals("0");
        }
        if (!byDefault) {
            return false;
        }
        try {
            return libc("setenv").invokeInt(new Object[]{THP_ENV, "1", 0}) == 0;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no C library to call; libtorch's default
            return false;
        }
    }

    private static Function libc(String name) {
        return NativeLibrary.getInstance("c").getFunction(name);
    }
}
