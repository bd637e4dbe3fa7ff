package io.robustpose.core.inference;

import org.opencv.core.Mat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link TopDownEstimator} over many images: decoding, corrupting and cropping happen on a
 * thread pool a bounded number of images ahead, while the calling thread feeds the network batches
 * of crops across image boundaries. Memory stays bounded by the look-ahead.
 */
public final class TopDownRunner {

    /** An image to process: how to load it (already corrupted if needed) and the persons in it. */
    public record ImageJob(long imageId, ImageSource source, List<PersonInstance> persons) {
    }

    @FunctionalInterface
    public interface ImageSource {
        Mat load() throws Exception;
    }

    /** Progress: images done so far and the total. */
    public record Progress(int imagesDone, int imagesTotal, long crops) {
    }

    /**
     * Where the calling thread's time went: in the network (crops in, heatmaps decoded) and waiting for
     * the loaders' next image (decode, corruption, crop). A wait share near 0 means the device was fed
     * without stalls; near 1, the loaders are the bottleneck.
     */
    public record Timing(double networkSeconds, double inputWaitSeconds) {
        public double inputWaitShare() {
            double total = networkSeconds + inputWaitSeconds;
            return total == 0 ? 0 : inputWaitSeconds / total;
        }
    }

    /** The poses per image (after OKS-NMS, in job order) and the pipeline's timing. */
    public record Result(Map<Long, List<PosePrediction>> poses, Timing timing) {
    }

    private TopDownRunner() {
    }

    /** Returns the poses per image (after OKS-NMS), in job order, and where the time went. */
    public static Result run(TopDownEstimator estimator, List<ImageJob> jobs, int threads, Consumer<Progress> progress)
            throws Exception {
        int batch = estimator.descriptor().maxBatch();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "topdown-loader");
            t.setDaemon(true);
            return t;
        });
        Map<Long, List<PosePrediction>> byImage = new LinkedHashMap<>();
        jobs.forEach(j -> byImage.put(j.imageId(), new ArrayList<>()));
        Deque<Future<List<TopDownEstimator.Crop>>> ahead = new ArrayDeque<>();
        List<TopDownEstimator.Crop> pending = new ArrayList<>();
        int lookAhead = Math.max(2, threads * 2);
        int next = 0;
        int done = 0;
        long crops = 0;
        long[] networkNanos = {0};
        long waitNanos = 0;
        try {
            while (next < jobs.size() || !ahead.isEmpty()) {
                while (next < jobs.size() && ahead.size() < lookAhead) {
                    ImageJob job = jobs.get(next++);
                    ahead.add(pool.submit(() -> {
                        Mat image = job.source().load();
                        try {
                            return estimator.crop(image, job.persons());
                        } finally {
                            image.release();
                        }
                    }));
                }
                List<TopDownEstimator.Crop> imageCrops;
                long waitStart = System.nanoTime();
                try {
                    imageCrops = ahead.removeFirst().get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
                waitNanos += System.nanoTime() - waitStart;
                pending.addAll(imageCrops);
                crops += imageCrops.size();
                while (pending.size() >= batch) {
                    flush(estimator, pending, batch, byImage, networkNanos);
                }
                done++;
                if (progress != null) {
                    progress.accept(new Progress(done, jobs.size(), crops));
                }
            }
            while (!pending.isEmpty()) {
                flush(estimator, pending, batch, byImage, networkNanos);
            }
        } finally {
            pool.shutdownNow();
            for (Future<List<TopDownEstimator.Crop>> f : ahead) {
                f.cancel(true);
            }
            pending.forEach(c -> c.pixels().release());
        }
        byImage.replaceAll((id, poses) -> estimator.suppress(poses));
        return new Result(byImage, new Timing(networkNanos[0] / 1e9, waitNanos / 1e9));
    }

    private static void flush(TopDownEstimator estimator, List<TopDownEstimator.Crop> pending, int batch,
                              Map<Long, List<PosePrediction>> byImage, long[] networkNanos) {
        List<TopDownEstimator.Crop> head = new ArrayList<>(pending.subList(0, Math.min(batch, pending.size())));
        pending.subList(0, head.size()).clear();
        long start = System.nanoTime();
        List<PosePrediction> predicted = estimator.predict(head);
        networkNanos[0] += System.nanoTime() - start;
        for (PosePrediction p : predicted) {
            byImage.get(p.person().imageId()).add(p);
        }
    }
}
