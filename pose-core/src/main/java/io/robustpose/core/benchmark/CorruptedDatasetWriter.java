package io.robustpose.core.benchmark;

import io.robustpose.core.AtomicFiles;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.image.ImageIo;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Materializes a -C benchmark (COCO-C, MPII-C, OCHuman-C) in the official generator's layout
 * {@code <out>/<corruption>/<severity>/<file>}: every image read once, corrupted with each
 * corruption × severity (seeded per image, so any worker reproduces the same bytes) and written
 * through a temporary file, so an existing file is complete and a re-run skips it. Unreadable,
 * truncated or oversized images are reported per image and the rest continues.
 */
public final class CorruptedDatasetWriter {

    /**
     * @param imageFormat     jpg (Pillow's default quality 75 as the official generator) or png (lossless)
     * @param officialSeeding the authors' draws and arithmetic ({@link Corruptor#applyOfficial}: numpy seeded with 1
     *                        before each corruption, so {@code seed} is not used) instead of robustpose's per-image
     *                        seeding and fast float32 implementations
     */
    public record Options(List<Corruption> corruptions, List<Integer> severities, long seed, String imageFormat,
                          int jpegQuality, int threads, long maxPixels, CorruptedTreeLayout layout,
                          boolean officialSeeding) {
        public Options(List<Corruption> corruptions, List<Integer> severities, long seed, String imageFormat,
                       int jpegQuality, int threads, long maxPixels) {
            this(corruptions, severities, seed, imageFormat, jpegQuality, threads, maxPixels, CorruptedTreeLayout.ROBUSTPOSE,
                    false);
        }

        public Options(List<Corruption> corruptions, List<Integer> severities, long seed, String imageFormat,
                       int jpegQuality, int threads, long maxPixels, CorruptedTreeLayout layout) {
            this(corruptions, severities, seed, imageFormat, jpegQuality, threads, maxPixels, layout, false);
        }

        public Options {
            if (!imageFormat.equals("jpg") && !imageFormat.equals("png")) {
                throw new IllegalArgumentException("image format must be jpg or png (got " + imageFormat + ")");
            }
            if (jpegQuality < 1 || jpegQuality > 100) {
                throw new IllegalArgumentException("JPEG quality must be within 1..100 (got " + jpegQuality + ")");
            }
        }
    }

    public record Failure(String file, String condition, String reason) {
    }

    public record Progress(long done, long total, long written, long skipped, long failed) {
    }

    public record Summary(long written, long skipped, List<Failure> failures, double seconds) {
    }

    private CorruptedDatasetWriter() {
    }

    /** The output file of an input image: same name, extension of the chosen format. */
    public static String outputName(String fileName, String imageFormat) {
        if (imageFormat.equals("jpg") && (fileName.endsWith(".jpg") || fileName.endsWith(".jpeg"))) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        return (dot > 0 ? fileName.substring(0, dot) : fileName) + "." + imageFormat;
    }

    public static Summary write(Path images, List<String> files, Path out, Options o, Corruptor corruptor,
                                Consumer<Progress> progress) throws InterruptedException {
        check(o, corruptor);
        removeOrphans(files, out, o);
        long start = System.nanoTime();
        long total = (long) files.size() * o.corruptions().size() * o.severities().size();
        AtomicLong written = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String file : files) {
                futures.add(pool.submit(() -> {
                    corruptOne(images, file, out, o, corruptor, written, skipped, failures);
                    if (progress != null) {
                        progress.accept(new Progress(written.get() + skipped.get() + failed(failures, o),
                                total, written.get(), skipped.get(), failures.size()));
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("corruption worker failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(written.get(), skipped.get(), List.copyOf(failures), (System.nanoTime() - start) / 1e9);
    }

    /** Checks what can be checked before any image is read (the frost textures of the official seeding). */
    private static void check(Options o, Corruptor corruptor) {
        if (o.officialSeeding() && o.corruptions().contains(Corruption.FROST) && !corruptor.officialFrost()) {
            throw new IllegalArgumentException("frost under the official seeding needs the official frost images "
                    + "(--frost-dir), not the procedural textures");
        }
    }

    /** A re-run after a kill: the killed run's half-written temporary files go (finished files stay and are skipped). */
    private static void removeOrphans(List<String> files, Path out, Options o) {
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        for (Corruption c : o.corruptions()) {
            for (int k : o.severities()) {
                for (String file : files) {
                    try {
                        dirs.add(target(out, o, c, k, outputName(file, o.imageFormat())).getParent());
                    } catch (IllegalArgumentException badName) {
                        // reported with the file when it is written
                    }
                }
            }
        }
        for (Path dir : dirs) {
            try {
                AtomicFiles.removeOrphans(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot clean the temporary files in " + dir, e);
            }
        }
    }

    /** Where the image {@code name} of corruption {@code c} at severity {@code k} goes, in the options' layout. */
    private static Path target(Path out, Options o, Corruption c, int k, String name) {
        return AnnotatedImageFiles.resolve(out.resolve(c.id()).resolve(o.layout().severityFolder(k)), name);
    }

    private static long failed(List<Failure> failures, Options o) {
        return failures.stream().mapToLong(f -> f.condition().equals("*") ? (long) o.corruptions().size()
                * o.severities().size() : 1).sum();
    }

    private static void corruptOne(Path images, String file, Path out, Options o, Corruptor corruptor,
                                   AtomicLong written, AtomicLong skipped, List<Failure> failures) {
        String name = outputName(file, o.imageFormat());
        List<Path> missing = new ArrayList<>();
        for (Corruption c : o.corruptions()) {
            for (int k : o.severities()) {
                Path target = target(out, o, c, k, name);
                if (Files.exists(target)) {
                    skipped.incrementAndGet();
                } else {
                    missing.add(target);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Mat image;
        try {
            image = ImageIo.read(AnnotatedImageFiles.resolve(images, file));
        } catch (RuntimeException e) {
            failures.add(new Failure(file, "*", e.getMessage()));
            return;
        }
        try {
            if ((long) image.rows() * image.cols() > o.maxPixels()) {
                failures.add(new Failure(file, "*", image.cols() + "x" + image.rows() + " exceeds the pixel limit of "
                        + o.maxPixels()));
                return;
            }
            for (Corruption c : o.corruptions()) {
                for (int k : o.severities()) {
                    Path target = target(out, o, c, k, name);
                    if (!missing.contains(target)) {
                        continue;
                    }
                    try {
                        Mat corrupted = o.officialSeeding()
                                ? corruptor.applyOfficial(image, Corruptor.ChannelOrder.BGR, c, k)
                                : corruptor.apply(image, c, k, o.seed(), file, java.util.Map.of());
                        try {
                            ImageIo.write(target, corrupted, o.jpegQuality());
                        } finally {
                            corrupted.release();
                        }
                        written.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(new Failure(file, c.id() + "/" + k, String.valueOf(e.getMessage())));
                    }
                }
            }
        } finally {
            image.release();
        }
    }
}
