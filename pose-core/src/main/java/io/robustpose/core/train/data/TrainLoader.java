package io.robustpose.core.train.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multi-threaded batch loader with bounded prefetch. Each epoch visits every person once in an
 * order shuffled from (seed, epoch) (PyTorch's DataLoader with shuffle and drop_last=False: the last
 * batch may be smaller); batches are built by a pool of worker threads, at most {@code prefetch}
 * ahead of the consumer, and handed out in order. Because every sample's randomness is seeded by
 * (seed, epoch, person), the batches are identical whatever the thread count, and a resumed run can
 * start an epoch at any batch.
 */
public final class TrainLoader implements AutoCloseable {

    private final SampleFactory factory;
    private final int batchSize;
    private final long seed;
    private final int prefetch;
    private final boolean shuffle;
    private final ExecutorService pool;

    public TrainLoader(SampleFactory factory, int batchSize, long seed, int threads, int prefetch, boolean shuffle) {
        if (batchSize < 1 || threads < 1 || prefetch < 1) {
            throw new IllegalArgumentException("batch size, threads and prefetch must be positive");
        }
        this.factory = factory;
        this.batchSize = batchSize;
        this.seed = seed;
        this.prefetch = prefetch;
        this.shuffle = shuffle;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "train-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int batchesPerEpoch() {
        return (factory.data().size() + batchSize - 1) / batchSize;
    }

    public SampleFactory factory() {
        return factory;
    }

    /** The person order of {@code epoch}. */
    public int[] order(int epoch) {
        int n = factory.data().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = Seeds.random(seed, epoch, Seeds.STREAM_SHUFFLE);
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
        }
        return order;
    }

    /** Builds one batch on the calling thread. */
    public TrainBatch batch(int epoch, int index) {
        int[] order = order(epoch);
        return build(epoch, index, order);
    }

    private TrainBatch build(int epoch, int index, int[] order) {
        int from = index * batchSize;
        int to = Math.min(order.length, from + batchSize);
        if (from >= to) {
            throw new IllegalArgumentException("epoch has " + batchesPerEpoch() + " batches, no batch " + index);
        }
        TrainSample[] samples = new TrainSample[to - from];
        for (int i = from; i < to; i++) {
            samples[i - from] = factory.make(order[i], epoch);
        }
        return TrainBatch.of(epoch, index, samples);
    }

    /** The batches of {@code epoch} from {@code startBatch} on, prefetched by the worker pool. */
    public Iterator<TrainBatch> epoch(int epoch, int startBatch) {
        int[] order = order(epoch);
        int total = batchesPerEpoch();
        return new Iterator<>() {
            private final ArrayDeque<Future<TrainBatch>> queue = new ArrayDeque<>();
            private int nextToSubmit = startBatch;

            private void fill() {
                while (queue.size() < prefetch && nextToSubmit < total) {
                    int index = nextToSubmit++;
                    queue.add(pool.submit(() -> build(epoch, index, order)));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !queue.isEmpty();
            }

            @Override
            public TrainBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Future<TrainBatch> f = queue.poll();
                try {
                    TrainBatch b = f.get();
                    fill();
                    return b;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelAll();
                    throw new Interrupted(e);
                } catch (ExecutionException | CancellationException e) {
                    cancelAll();
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new IllegalStateException("loading a training batch failed: " + cause.getMessage(), cause);
                }
            }

            private void cancelAll() {
                queue.forEach(q -> q.cancel(true));
                queue.clear();
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** The consuming thread was interrupted while waiting for a batch (its interrupt flag is set again). */
    public static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super("interrupted while waiting for training data", cause);
        }
    }
}
