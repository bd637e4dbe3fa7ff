package io.robustpose.workflow.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.InvalidMessageException;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.message.TopicNames;
import io.robustpose.workflow.message.ArtifactLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime shared by the corruption, train and eval workers.
 * <ul>
 * <li>one consumer per task type, in that type's consumer group; at most {@code concurrency} tasks
 *     per type in flight, at most one per partition (so offsets commit in order);</li>
 * <li>while a task runs its partition is paused and the consumer keeps polling, so a task may run
 *     for hours without exceeding max.poll.interval.ms and triggering a rebalance;</li>
 * <li>the offset is committed only after the handler's outputs and the completion marker are on
 *     disk and the completed/failed event is acknowledged by the broker (at-least-once);</li>
 * <li>a re-delivered task whose completion marker exists is reported complete without re-running;</li>
 * <li>a permanent error ({@link PermanentTaskException}, {@link IllegalArgumentException}) is reported at
 *     once as a permanent failure; a transient one after {@code maxAttempts} (default 1: the
 *     orchestrator's retry budget is the only one);</li>
 * <li>every delivery that starts a task is counted in the artifact store; a task whose deliveries
 *     started {@code maxCrashes} times without finishing (its worker died each time) is reported
 *     failed permanently instead of taking down the next worker;</li>
 * <li>a running task stops (cooperatively, {@link TaskContext#cancelled()}) when its experiment ends
 *     (cancelled, failed: the experiment-control topic) — its record is then committed, not run
 *     again — and when its partition is revoked or lost: the revoke waits for it to stop, so the
 *     task's next owner never writes its checkpoints beside this worker;</li>
 * <li>on shutdown running tasks get a grace period, then are interrupted and left uncommitted, so
 *     the task is delivered again to another worker.</li>
 * </ul>
 */
public final class WorkerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);
    /** How long a revocation waits for the partition's task to stop (a training step plus a checkpoint). */
    static final Duration REVOKE_WAIT = Duration.ofSeconds(60);

    /**
     * @param maxAttempts  attempts of a transiently failing handler in this worker before it reports the
     *                     failure (1: none here, the orchestrator's budget decides — the default)
     * @param maxCrashes   deliveries of one task that may start without ever finishing (the worker died
     *                     each time) before the next delivery reports it failed permanently
     */
    public record Config(KafkaClients kafka, ArtifactStore artifacts, String workerId, int concurrency,
                         int maxAttempts, Duration retryBackoff, Duration heartbeatInterval, Duration shutdownGrace,
                         Map<String, Object> consumerOverrides, int maxCrashes, String pool) {
        public static final int DEFAULT_MAX_CRASHES = 3;

        public Config(KafkaClients kafka, ArtifactStore artifacts, String workerId, int concurrency, int maxAttempts,
                      Duration retryBackoff, Duration heartbeatInterval, Duration shutdownGrace,
                      Map<String, Object> consumerOverrides) {
            this(kafka, artifacts, workerId, concurrency, maxAttempts, retryBackoff, heartbeatInterval, shutdownGrace,
                    consumerOverrides, DEFAULT_MAX_CRASHES);
        }

        public Config(KafkaClients kafka, ArtifactStore artifacts, String workerId, int concurrency, int maxAttempts,
                      Duration retryBackoff, Duration heartbeatInterval, Duration shutdownGrace,
                      Map<String, Object> consumerOverrides, int maxCrashes) {
            this(kafka, artifacts, workerId, concurrency, maxAttempts, retryBackoff, heartbeatInterval, shutdownGrace,
                    consumerOverrides, maxCrashes, null);
        }

        public Config {
            if (concurrency < 1 || maxAttempts < 1 || maxCrashes < 1) {
                throw new IllegalArgumentException("concurrency, maxAttempts and maxCrashes must be >= 1");
            }
            if (pool != null && !TopicNames.validPool(pool)) {
                throw new IllegalArgumentException("worker pool '" + pool + "': 1-40 lower-case letters, digits and "
                        + "'-', starting and ending with a letter or digit");
            }
            consumerOverrides = consumerOverrides == null ? Map.of() : Map.copyOf(consumerOverrides);
        }

        /** The same worker serving the named pool: only tasks routed to it ({@link TopicNames#taskTopic}). */
        public Config withPool(String name) {
            return new Config(kafka, artifacts, workerId, concurrency, maxAttempts, retryBackoff, heartbeatInterval,
                    shutdownGrace, consumerOverrides, maxCrashes, name);
        }
    }

    private final Config config;
    private final Map<TaskType, TaskHandler> handlers;
    private final MeterRegistry registry;
    private final List<TypeLoop> loops = new ArrayList<>();
    private final ExecutorService executor;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private KafkaProducer<String, byte[]> producer;
    private Admin admin;
    private volatile boolean running;
    private volatile boolean cancelled;
    private volatile boolean draining;

    public WorkerRuntime(Config config, Map<TaskType, TaskHandler> handlers, MeterRegistry registry) {
        this.config = config;
        this.handlers = Map.copyOf(handlers);
        this.registry = registry;
        this.executor = Executors.newFixedThreadPool(config.concurrency() * handlers.size(), r -> {
            Thread t = new Thread(r, "task-runner");
            t.setDaemon(true);
            return t;
        });
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        admin = config.kafka().admin();
        config.kafka().ensureTopics();
        if (config.pool() != null) {
            config.kafka().ensurePoolTopics(config.pool(), handlers.keySet());
        }
        producer = config.kafka().producer("robustpose-worker-" + config.workerId());
        for (var e : handlers.entrySet()) {
            TypeLoop loop = new TypeLoop(e.getKey(), e.getValue());
            loops.add(loop);
            loop.thread.start();
        }
        controlThread = new Thread(this::followControl, "worker-experiment-control");
        controlThread.setDaemon(true);
        controlThread.start();
        long hb = config.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(this::sendHeartbeats, hb, hb, TimeUnit.MILLISECONDS);
        LOG.info("worker {} consuming {} with concurrency {}", config.workerId(), handlers.keySet(), config.concurrency());
    }

    public boolean ready() {
        return running && admin != null && KafkaClients.reachable(admin, 3000)
                && loops.stream().allMatch(l -> l.thread.isAlive());
    }

    public int inFlight() {
        return loops.stream().mapToInt(l -> l.inFlight.size()).sum();
    }

    private void sendHeartbeats() {
        for (TypeLoop l : loops) {
            for (Running r : l.inFlight.values()) {
                send(TaskEvent.of(TaskEvent.Kind.HEARTBEAT, r.task, config.workerId()));
            }
        }
    }

    /**
     * Reads the experiment-control topic from its start (one small record per ended experiment) and
     * stops the running tasks of every experiment that ends.
     */
    private void followControl() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = config.kafka().consumer(null, "robustpose-control-"
                    + config.workerId(), Map.of("auto.offset.reset", "earliest"))) {
                List<TopicPartition> parts = new ArrayList<>();
                for (int p = 0; p < Topic.EXPERIMENT_CONTROL.partitions(); p++) {
                    parts.add(new TopicPartition(config.kafka().topic(Topic.EXPERIMENT_CONTROL), p));
                }
                c.assign(parts);
                c.seekToBeginning(parts);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (r.key() == null) {
                            continue;
                        }
                        if (r.value() == null) {
                            endedExperiments.remove(r.key());
                            continue;
                        }
                        endedExperiments.add(r.key());
                        for (TypeLoop l : loops) {
                            for (Running run : l.inFlight.values()) {
                                if (run.task.experimentId().equals(r.key()) && !run.stop) {
                                    LOG.info("experiment {} is over: stopping its task {}", r.key(), run.task.taskId());
                                    run.experimentOver = true;
                                    run.stop = true;
                                }
                            }
                        }
                    }
                }
            } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("experiment-control consumer failed, reconnecting: {}", e.toString());
                    sleep(1000);
                }
            }
        }
    }

    private java.util.concurrent.Future<?> send(TaskEvent e) {
        return producer.send(new ProducerRecord<>(config.kafka().topic(Topic.TASK_EVENTS), e.experimentId(), Json.encode(e)));
    }

    /** A task in flight on one partition. */
    private static final class Running {
        final Task task;
        final TopicPartition partition;
        final long offset;
        volatile boolean commit;
        /** Stop cooperatively: the partition went elsewhere, or the experiment is over. */
        volatile boolean stop;
        /** The experiment ended: commit the record instead of reading it again. */
        volatile boolean experimentOver;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        Running(Task task, TopicPartition partition, long offset) {
            this.task = task;
            this.partition = partition;
            this.offset = offset;
        }
    }

    /** Experiments that are over, from the experiment-control topic (ids; bounded by retention). */
    private final Set<String> endedExperiments = ConcurrentHashMap.newKeySet();
    private Thread controlThread;

    private final class TypeLoop implements ConsumerRebalanceListener {
        final TaskType type;
        final TaskHandler handler;
        final Thread thread;
        final Map<TopicPartition, Running> inFlight = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Running> finished = new ConcurrentLinkedQueue<>();
        final Set<TopicPartition> assigned = new HashSet<>();
        final AtomicLong lag = new AtomicLong();
        volatile KafkaConsumer<String, byte[]> consumer;
        final Timer.Builder duration;
        final Counter images;
        final Counter deadLetters;

        TypeLoop(TaskType type, TaskHandler handler) {
            this.type = type;
            this.handler = handler;
            this.thread = new Thread(this::run, "worker-" + type.wireName());
            String t = type.wireName();
            duration = Timer.builder("robustpose.task.duration").tag("type", t).publishPercentileHistogram(false);
            images = Counter.builder("robustpose.images.processed").tag("type", t).register(registry);
            deadLetters = Counter.builder("robustpose.dead.letters").tag("service", t + "-worker").register(registry);
            Gauge.builder("robustpose.tasks.inflight", inFlight, Map::size).tag("type", t).register(registry);
            Gauge.builder("robustpose.queue.lag", lag, AtomicLong::get).tag("type", t).register(registry);
            for (String outcome : List.of("completed", "failed", "already_complete", "released", "skipped", "stopped")) {
                Counter.builder("robustpose.tasks").tag("type", t).tag("outcome", outcome).register(registry);
            }
        }

        void outcome(String outcome, long nanos) {
            Counter.builder("robustpose.tasks").tag("type", type.wireName()).tag("outcome", outcome)
                    .register(registry).increment();
            duration.tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        }

        void run() {
            Map<String, Object> overrides = new java.util.HashMap<>(Map.of(
                    "max.poll.records", 1,
                    "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
            overrides.putAll(config.consumerOverrides());
            long lastLag = 0;
            while (running) {
                try (KafkaConsumer<String, byte[]> c = config.kafka().consumer(config.kafka().names().workerGroup(type, config.pool()),
                        "robustpose-" + type.wireName() + "-" + config.workerId(), overrides)) {
                    consumer = c;
                    c.subscribe(List.of(config.kafka().names().taskTopic(type, config.pool())), this);
                    while (running) {
                        commitFinished(c);
                        Set<TopicPartition> pause = new HashSet<>(inFlight.keySet());
                        if (draining || inFlight.size() >= config.concurrency()) {
                            pause.addAll(c.assignment());
                        }
                        pause.retainAll(c.assignment());
                        c.pause(pause);
                        Set<TopicPartition> resume = new HashSet<>(c.assignment());
                        resume.removeAll(pause);
                        c.resume(resume);
                        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                            accept(c, r);
                        }
                        if (System.currentTimeMillis() - lastLag > 2000) {
                            lastLag = System.currentTimeMillis();
                            lag.set(c.assignment().stream().mapToLong(tp -> c.currentLag(tp).orElse(0)).sum());
                        }
                    }
                    commitFinished(c);
                } catch (WakeupException e) {
                    // shutting down
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("{} consumer failed, reconnecting: {}", type.wireName(), e.toString());
                        sleep(1000);
                    }
                } finally {
                    consumer = null;
                }
            }
        }

        void accept(KafkaConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> r) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            Task task;
            try {
                task = Json.decode(r.value(), Task.class);
                if (task.type() != type) {
                    throw new InvalidMessageException("type", "a " + task.type().wireName() + " task on the "
                            + type.wireName() + " topic");
                }
            } catch (InvalidMessageException e) {
                LOG.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                try {
                    producer.send(config.kafka().deadLetter(r.topic(), r.key(), r.value(), e.getMessage())).get(30, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot write to the dead-letter topic", ex);
                }
                deadLetters.increment();
                c.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
                return;
            }
            Running run = new Running(task, tp, r.offset());
            inFlight.put(tp, run);
            c.pause(List.of(tp));
            executor.submit(() -> execute(run));
        }

        void commitFinished(KafkaConsumer<String, byte[]> c) {
            Running r;
            while ((r = finished.poll()) != null) {
                inFlight.remove(r.partition, r);
                if (r.experimentOver) {
                    r.commit = true; // nothing more to do for an experiment that is over
                }
                if (!r.commit && !cancelled && c.assignment().contains(r.partition)) {
                    // released without an outcome while still running: read it again instead of skipping it
                    c.seek(r.partition, r.offset);
                    continue;
                }
                if (r.commit && c.assignment().contains(r.partition)) {
                    try {
                        c.commitSync(Map.of(r.partition, new OffsetAndMetadata(r.offset + 1)));
                    } catch (RuntimeException e) {
                        LOG.warn("commit of {}@{} failed ({}); the task may be delivered again", r.partition, r.offset, e.toString());
                    }
                }
            }
        }

        void execute(Running run) {
            Task task = run.task;
            long start = System.nanoTime();
            String outcome = "released";
            // an outcome that is reported to the orchestrator is counted just before the report, so whoever sees the
            // task finished sees the meter too; the others are counted at the end
            boolean counted = false;
            try {
                if (endedExperiments.contains(task.experimentId())) {
                    LOG.info("skipping {}/{}: its experiment is over", task.experimentId(), task.taskId());
                    run.experimentOver = true;
                    outcome = "skipped";
                    return;
                }
                String marker = ArtifactLayout.completionMarker(task.experimentId(), task.taskId());
                if (config.artifacts().exists(marker)) {
                    TaskHandler.Result done = Json.MAPPER.readValue(config.artifacts().resolve(marker).toFile(),
                            TaskHandler.Result.class);
                    outcome = "already_complete";
                    counted = true;
                    countThenAck(outcome, start, TaskEvent.of(TaskEvent.Kind.COMPLETED, task,
                            config.workerId()).withResults(done.results(), done.metrics()));
                    run.commit = true;
                    return;
                }
                StartCount starts = StartCount.read(config.artifacts(), task);
                if (starts.unfinished() >= config.maxCrashes()) {
                    outcome = "failed";
                    counted = true;
                    countThenAck(outcome, start, TaskEvent.failed(task, config.workerId(), "poison task: "
                            + "started " + starts.unfinished() + " times without finishing (its worker died each time, "
                            + "e.g. killed for memory); not started again", true));
                    run.commit = true;
                    return;
                }
                starts.started().write(config.artifacts(), task);
                ack(TaskEvent.of(TaskEvent.Kind.STARTED, task, config.workerId()));
                Exception last = null;
                boolean permanent = false;
                for (int attempt = 1; attempt <= config.maxAttempts() && !cancelled && !run.stop; attempt++) {
                    try {
                        TaskHandler.Result result = handler.handle(task, new Context(task, this, run));
                        if (cancelled || run.stop) {
                            // the handler stopped early; the task goes to another worker (or its experiment is over)
                            StartCount.read(config.artifacts(), task).released().write(config.artifacts(), task);
                            outcome = run.experimentOver ? "stopped" : "released";
                            return;
                        }
                        config.artifacts().writeAtomically(marker, Json.encode(result));
                        outcome = "completed";
                        counted = true;
                        countThenAck(outcome, start, TaskEvent.of(TaskEvent.Kind.COMPLETED, task,
                                config.workerId()).withResults(result.results(), result.metrics()));
                        run.commit = true;
                        return;
                    } catch (InterruptedException e) {
                        StartCount.read(config.artifacts(), task).released().write(config.artifacts(), task);
                        outcome = run.experimentOver ? "stopped" : "released";
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        if (cancelled || run.stop) {
                            StartCount.read(config.artifacts(), task).released().write(config.artifacts(), task);
                            outcome = run.experimentOver ? "stopped" : "released";
                            return;
                        }
                        last = e;
                        permanent = PermanentTaskException.isPermanent(e);
                        LOG.warn("task {}/{} attempt {} of {} failed{}: {}", task.experimentId(), task.taskId(), attempt,
                                config.maxAttempts(), permanent ? " permanently" : "", e.toString());
                        if (permanent) {
                            break;
                        }
                        if (attempt < config.maxAttempts()) {
                            Thread.sleep(config.retryBackoff().toMillis() * attempt);
                        }
                    }
                }
                if (last != null && !cancelled && !run.stop) {
                    outcome = "failed";
                    counted = true;
                    countThenAck(outcome, start, TaskEvent.failed(task, config.workerId(), describe(last),
                            permanent));
                    run.commit = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.error("task {}/{} could not be reported; leaving it for re-delivery: {}", task.experimentId(),
                        task.taskId(), e.toString());
            } catch (Error e) {
                // e.g. OutOfMemoryError: report it like a failure so the orchestrator decides, never lose the task
                LOG.error("task {}/{} hit {}", task.experimentId(), task.taskId(), e.toString());
                try {
                    outcome = "failed";
                    counted = true;
                    countThenAck(outcome, start, TaskEvent.failed(task, config.workerId(), describe(e)));
                    run.commit = true;
                } catch (Exception reportFailed) {
                    LOG.error("task {}/{}: the failure could not be reported either", task.experimentId(), task.taskId());
                }
            } finally {
                if (!counted) {
                    outcome(outcome, System.nanoTime() - start);
                }
                finished.add(run);
                run.done.countDown();
            }
        }

        /**
         * Counts {@code outcome} (tasks counter, duration timer), then reports {@code e}. A report that fails leaves
         * the task for re-delivery, which counts it again when it is reported then.
         */
        void countThenAck(String outcome, long start, TaskEvent e) throws Exception {
            outcome(outcome, System.nanoTime() - start);
            ack(e);
        }

        void ack(TaskEvent e) throws Exception {
            send(e).get(60, TimeUnit.SECONDS);
        }

        /**
         * The partition goes to another worker: its running task stops (a training checkpoints first) and
         * this callback waits for that, so the next owner, which resumes from the checkpoint, never runs
         * beside it. Within the rebalance's time limit; a task that does not stop by then is abandoned
         * uncommitted.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            List<Running> stopping = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Running run = inFlight.get(tp);
                if (run != null) {
                    LOG.info("partition {} revoked while {} runs: stopping it", tp, run.task.taskId());
                    run.stop = true;
                    stopping.add(run);
                }
            }
            long deadline = System.nanoTime() + REVOKE_WAIT.toNanos();
            for (Running run : stopping) {
                try {
                    if (!run.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        LOG.warn("task {} did not stop within {} s of its partition's revocation", run.task.taskId(),
                                REVOKE_WAIT.toSeconds());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The membership was lost (e.g. this worker stalled): another worker may own the partition already. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            for (TopicPartition tp : partitions) {
                Running run = inFlight.get(tp);
                if (run != null) {
                    LOG.warn("partition {} lost while {} runs: stopping it", tp, run.task.taskId());
                    run.stop = true;
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
        }
    }

    private final class Context implements TaskContext {
        private final Task task;
        private final TypeLoop loop;
        private final Running run;
        /** Starts at the task's start: a task shorter than the throttle reports STARTED and COMPLETED only. */
        private long lastProgress = System.currentTimeMillis();
        private final java.util.concurrent.atomic.AtomicLong imagesSoFar = new java.util.concurrent.atomic.AtomicLong();

        Context(Task task, TypeLoop loop, Running run) {
            this.task = task;
            this.loop = loop;
            this.run = run;
        }

        @Override
        public ArtifactStore artifacts() {
            return config.artifacts();
        }

        @Override
        public void progress(double fraction, String message, Map<String, Double> metrics) {
            long now = System.currentTimeMillis();
            if (now - lastProgress < 500) {
                return;
            }
            lastProgress = now;
            send(TaskEvent.of(TaskEvent.Kind.PROGRESS, task, config.workerId()).withProgress(fraction, message, metrics));
        }

        @Override
        public void imagesProcessed(long count) {
            loop.images.increment(count);
        }

        @Override
        public void imagesProcessedSoFar(long total) {
            long before = imagesSoFar.getAndAccumulate(total, Math::max);
            if (total > before) {
                loop.images.increment(total - before);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled || run.stop || Thread.currentThread().isInterrupted();
        }

        @Override
        public String workerId() {
            return config.workerId();
        }
    }

    static String describe(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String trace = w.toString();
        String head = e.getClass().getSimpleName() + ": " + e.getMessage();
        return trace.length() > 2000 ? head + "\n" + trace.substring(0, 2000) : head + "\n" + trace;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking tasks, lets running ones finish within the grace period, releases the rest. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        long deadline = System.currentTimeMillis() + config.shutdownGrace().toMillis();
        draining = true; // take no new work, keep committing finished work until the grace period ends
        while (inFlight() > 0 && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        cancelled = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        for (TypeLoop l : loops) {
            KafkaConsumer<String, byte[]> c = l.consumer;
            if (c != null) {
                c.wakeup();
            }
        }
        for (TypeLoop l : loops) {
            try {
                l.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeats.shutdownNow();
        if (controlThread != null) {
            controlThread.interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
