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

    private TopDownRunner() {
    }

    /** Returns the poses per image (after OKS-NMS), in job order. */
    public static Map<Long, List<PosePrediction>> run(TopDownEstimator estimator, List<ImageJob> jobs, int threads,
                                                     Consumer<Progress> progress) throws Exception {
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
                try {
                    imageCrops = ahead.removeFirst().get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
                pending.addAll(imageCrops);
                crops += imageCrops.size();
                while (pending.size() >= batch) {
                    flush(estimator, pending, batch, byImage);
                }
                done++;
                if (progress != null) {
                    progress.accept(new Progress(done, jobs.size(), crops));
                }
            }
            while (!pending.isEmpty()) {
                flush(estimator, pending, batch, byImage);
            }
        } finally {
            pool.shutdownNow();
            for (Future<List<TopDownEstimator.Crop>> f : ahead) {
                f.cancel(true);
            }
            pending.forEach(c -> c.pixels().release());
        }
        byImage.replaceAll((id, poses) -> estimator.suppress(poses));
        return byImage;
    }

    private static void flush(TopDownEstimator estimator, List<TopDownEstimator.Crop> pending, int batch,
                              Map<Long, List<PosePrediction>> byImage) {
        List<TopDownEstimator.Crop> head = new ArrayList<>(pending.subList(0, Math.min(batch, pending.size())));
        pending.subList(0, head.size()).clear();
        for (PosePrediction p : estimator.predict(head)) {
            byImage.get(p.person().imageId()).add(p);
        }
    }
}
