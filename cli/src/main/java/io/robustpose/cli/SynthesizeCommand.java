package io.robustpose.cli;

import io.robustpose.core.synthetic.SyntheticPeople;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Writes the synthetic-people dataset (COCO person keypoints, train and val splits). */
@Command(name = "synthesize", description = "Write a synthetic-people COCO keypoint dataset: <out>/train and <out>/val "
        + "(images/ + annotations.json each).")
final class SynthesizeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--train", defaultValue = "1000", description = "training images (default: ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--val", defaultValue = "200", description = "validation images (default: ${DEFAULT-VALUE})")
    int val;

    @Option(names = "--seed", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "320x240", description = "WIDTHxHEIGHT (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--max-people", defaultValue = "4", description = "people per image 1..N (default: ${DEFAULT-VALUE})")
    int maxPeople;

    @Option(names = "--max-yaw", defaultValue = "180", description = "how far people turn from the camera, degrees (default: ${DEFAULT-VALUE})")
    double maxYaw;

    @Option(names = "--clutter", defaultValue = "1.0", description = "background objects and occluders, 0..1 (default: ${DEFAULT-VALUE})")
    double clutter;

    @Option(names = "--demo", description = "the demo's settings: at most 2 people, yaw within ±60°, clutter 0.5 (overrides the three above)")
    boolean demo;

    @Option(names = "--threads", description = "rendering threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size: expected WIDTHxHEIGHT, got '" + size + "'");
        }
        SyntheticPeople.Options options = demo ? SyntheticPeople.Options.demo().withThreads(threads)
                : new SyntheticPeople.Options(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), maxPeople, threads, maxYaw, clutter);
        long start = System.nanoTime();
        List<SyntheticPeople.Split> splits = SyntheticPeople.writeDataset(out, train, val, seed, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (SyntheticPeople.Split s : splits) {
            System.out.printf("%s: %d images, %d people, %s%n", s.images().getParent().getFileName(), s.imageCount(),
                    s.people(), s.annotations());
        }
        System.out.printf(Locale.ROOT, "{\"images\": %d, \"seconds\": %.2f, \"images_per_minute\": %.0f}%n", train + val, seconds,
                (train + val) / seconds * 60);
        return 0;
    }
}
