package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.robustpose.core.FileTrees;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentCommand;
import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.InvalidMessageException;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.ExperimentSpec;
import io.robustpose.workflow.spec.SpecException;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.spec.SpecValidator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's engine. One thread consumes experiment commands and task events and, per
 * poll, writes in a single Kafka transaction: the tasks it dispatches, the new experiment statuses
 * (compacted topic) and the input offsets. After a crash the status topic and the committed
 * offsets therefore agree, and a restarted orchestrator resumes without losing or repeating work.
 * A fixed transactional id fences a stale instance.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
    /** How often retries that are due and stalled tasks are looked for. */
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param artifacts  the artifact store root, for deleting an experiment's files (null: never deleted)
     * @param retention  finished experiments older than this are deleted (null or zero: kept)
     * @param retentionDeletesArtifacts whether the retention also deletes their files
     * @param transactionalId null: the installation's ({@link io.robustpose.workflow.message.TopicNames})
     */
    public record Config(KafkaClients kafka, DataRoots dataRoots, RetryPolicy retry, String transactionalId,
                         java.nio.file.Path artifacts, Duration retention, boolean retentionDeletesArtifacts) {
        public Config {
            if (transactionalId == null) {
                transactionalId = kafka.names().orchestratorTransactionalId();
            }
        }

        public Config(KafkaClients kafka, DataRoots dataRoots, RetryPolicy retry, String transactionalId) {
            this(kafka, dataRoots, retry, transactionalId, null, null, false);
        }
    }

    /** A finished experiment to forget once this transaction commits. */
    private record Deletion(String experimentId, boolean artifacts) {
    }

    /** Pool task topics known to exist (verified or created once per orchestrator). */
    private final Set<String> poolTopics = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Config config;
    private final String statusTopic;
    private final String controlTopic;
    private final Lifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ExperimentStatus> experiments = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Counter dispatched;
    private final Counter completionsRecorded;
    private final Counter duplicateCompletions;
    private final Counter deadLetters;
    private final MeterRegistry registry;
    private final ResultGauges resultGauges;
    private volatile boolean running;
    private volatile boolean caughtUp;
    /** The topics were verified by start(): the first session need not ask the broker again. */
    private volatile boolean topicsVerified;
    private volatile Thread loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> commandProducer;
    private Admin admin;

    public Orchestrator(Config config, MeterRegistry registry) {
        this.config = config;
        this.statusTopic = config.kafka().topic(Topic.EXPERIMENT_STATUS);
        this.controlTopic = config.kafka().topic(Topic.EXPERIMENT_CONTROL);
        this.lifecycle = new Lifecycle(config.retry());
        this.registry = registry;
        dispatched = Counter.builder("robustpose.orchestrator.tasks.dispatched").register(registry);
        completionsRecorded = Counter.builder("robustpose.orchestrator.completions").tag("kind", "recorded").register(registry);
        duplicateCompletions = Counter.builder("robustpose.orchestrator.completions").tag("kind", "duplicate").register(registry);
        deadLetters = Counter.builder("robustpose.dead.letters").tag("service", "orchestrator").register(registry);
        resultGauges = new ResultGauges(registry);
        for (ExperimentStatus.State s : ExperimentStatus.State.values()) {
            Gauge.builder("robustpose.experiments", experiments, m -> m.values().stream().filter(e -> e.state() == s).count())
                    .tag("state", s.name().toLowerCase()).register(registry);
        }
        for (TaskStatus.State s : TaskStatus.State.values()) {
            Gauge.builder("robustpose.orchestrator.tasks", experiments, m -> m.values().stream()
                            .filter(e -> !e.state().terminal()).mapToLong(e -> e.count(s)).sum())
                    .tag("state", s.name().toLowerCase()).register(registry);
        }
    }

    /**
     * Starts the engine's loop. Topics that exist but do not match what the system needs (or are missing
     * when topic creation is off) fail the start at once ({@link KafkaClients.TopicMismatchException});
     * an unreachable broker does not: the loop keeps trying.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            config.kafka().ensureTopics();
            topicsVerified = true;
        } catch (KafkaClients.TopicMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("topics not checked yet, the broker does not answer (will keep trying): {}", e.getMessage());
        }
        running = true;
        admin = config.kafka().admin();
        commandProducer = config.kafka().producer("robustpose-orchestrator-api");
        loop = new Thread(this::runLoop, "orchestrator-loop");
        loop.setDaemon(true);
        loop.start();
    }

    /** Validates, assigns an id, and puts the submission on the experiments topic. */
    public String submit(ExperimentSpec spec) {
        ExperimentSpec canonical = SpecValidator.validate(spec, config.dataRoots());
        ensurePoolTopics(canonical);
        String id = newExperimentId(canonical.name());
        send(Topic.EXPERIMENTS, id, Json.encode(ExperimentCommand.submit(id, canonical)));
        return id;
    }

    public void cancel(String experimentId, String reason) {
        send(Topic.EXPERIMENTS, experimentId, Json.encode(ExperimentCommand.cancel(experimentId, reason)));
    }

    /** Forgets a finished experiment (and with {@code artifacts} its runs and report); running ones must be cancelled first. */
    public void delete(String experimentId, boolean artifacts) {
        ExperimentStatus s = experiments.get(experimentId);
        if (s != null && !s.state().terminal()) {
            throw new IllegalStateException("experiment " + experimentId + " is running: cancel it first");
        }
        send(Topic.EXPERIMENTS, experimentId, Json.encode(ExperimentCommand.delete(experimentId, "API", artifacts)));
    }

    private void send(Topic topic, String key, byte[] value) {
        try {
            commandProducer.send(new ProducerRecord<>(config.kafka().topic(topic), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + config.kafka().topic(topic) + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the engine has taken in the given experiment (after a submit). */
    public Optional<ExperimentStatus> await(String experimentId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ExperimentStatus s = experiments.get(experimentId);
            if (s != null) {
                return Optional.of(s);
            }
            Thread.sleep(20);
        }
        return Optional.ofNullable(experiments.get(experimentId));
    }

    public Optional<ExperimentStatus> get(String experimentId) {
        return Optional.ofNullable(experiments.get(experimentId));
    }

    public List<ExperimentStatus> list() {
        return experiments.values().stream().sorted(Comparator.comparing(ExperimentStatus::submittedAt)).toList();
    }

    /** Ready once the state is restored and the input consumer runs, and the broker answers. */
    public boolean ready() {
        return running && caughtUp && admin != null && KafkaClients.reachable(admin, 3000);
    }

    private String newExperimentId(String name) {
        byte[] b = new byte[3];
        random.nextBytes(b);
        return name + "-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(b);
    }

    private void runLoop() {
        while (running) {
            try {
                runSession();
            } catch (ProducerFencedException e) {
                LOG.error("another orchestrator instance took over (fenced): stopping this one");
                running = false;
            } catch (KafkaClients.TopicMismatchException e) {
                LOG.error("stopping: {}", e.getMessage());
                running = false;
            } catch (WakeupException e) {
                // close() woke us up
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                LOG.warn("orchestrator session failed, restoring state and starting over: {}", e.toString());
                sleep(1000);
            }
        }
    }

    /** Restore state from the status topic, then process inputs transactionally until an error. */
    private void runSession() {
        caughtUp = false;
        if (!topicsVerified) {
            config.kafka().ensureTopics(); // a later session (after a failure) checks them again
        }
        topicsVerified = false;
        try (KafkaProducer<String, byte[]> producer = config.kafka().transactionalProducer(config.transactionalId());
             KafkaConsumer<String, byte[]> input = config.kafka().consumer(config.kafka().names().orchestratorGroup(),
                     "robustpose-orchestrator", Map.of("max.poll.records", 500,
                             // an empty fetch is answered after this long (data is answered at once)
                             "fetch.max.wait.ms", 1000,
                             // static membership: a restarted orchestrator takes over its partitions at once
                             // instead of waiting for the dead instance's session to expire
                             "group.instance.id", config.transactionalId(),
                             // a static member leaves no group on close: a replacement with another id
                             // would wait this long for it
                             "session.timeout.ms", 15_000))) {
            producer.initTransactions(); // fences older instances and aborts their open transaction
            restore();
            consumer = input;
            input.subscribe(List.of(config.kafka().topic(Topic.EXPERIMENTS), config.kafka().topic(Topic.TASK_EVENTS)));
            caughtUp = true;
            LOG.info("orchestrator running with {} experiment(s) restored", experiments.size());
            Instant nextTick = Instant.MIN;
            Pending pending = new Pending();
            while (running) {
                // records end a poll at once; without them the loop only needs to wake for the once-a-second tick
                // (idle, the orchestrator used 5.9 ms of CPU per second with this, 5.7–8.1 with 200 ms polls),
                // or when deferred changes are due
                Duration wait = pending.isEmpty() ? TICK
                        : Duration.between(clock.instant(), pending.since.plus(MAX_DEFERRAL));
                ConsumerRecords<String, byte[]> records = input.poll(wait.isNegative() ? Duration.ZERO : wait);
                Instant now = clock.instant();
                if (pending.isEmpty()) {
                    pending.since = now;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    pending.offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    try {
                        Lifecycle.Outcome o = apply(r, pending.staged, pending.deletions, now);
                        if (o.duplicateCompletion()) {
                            pending.duplicates++;
                        }
                        if (o.changed()) {
                            stage(o, pending.staged, pending.out);
                            if (o.completionRecorded()) {
                                pending.recorded++;
                            }
                        }
                    } catch (InvalidMessageException | SpecException e) {
                        LOG.warn("dead-lettering record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                        pending.out.add(config.kafka().deadLetter(r.topic(), r.key(), r.value(), e.getMessage()));
                        pending.dead++;
                    } catch (RuntimeException e) {
                        // whatever else one record triggers, it must not stop the loop and be re-read forever
                        LOG.error("dead-lettering record {}-{}@{} after an internal error", r.topic(), r.partition(),
                                r.offset(), e);
                        pending.out.add(config.kafka().deadLetter(r.topic(), r.key(), r.value(), "internal error while "
                                + "handling this record: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
                        pending.dead++;
                    }
                }
                // retries and stalls are timed in seconds: scanning every task of every experiment once a
                // second is enough, and at 5 polls a second under load it was a visible share of the CPU
                if (!now.isBefore(nextTick)) {
                    nextTick = now.plus(TICK);
                    for (ExperimentStatus s : experiments.values()) {
                        ExperimentStatus current = pending.staged.getOrDefault(s.experimentId(), s);
                        Lifecycle.Outcome o = lifecycle.tick(current, now);
                        if (o.changed()) {
                            stage(o, pending.staged, pending.out);
                        } else if (expired(current, now) && pending.deletions.stream()
                                .noneMatch(d -> d.experimentId().equals(current.experimentId()))) {
                            LOG.info("experiment {} finished more than {} ago: deleting it", current.experimentId(),
                                    config.retention());
                            pending.deletions.add(new Deletion(current.experimentId(), config.retentionDeletesArtifacts()));
                        }
                    }
                }
                if (pending.isEmpty() || !pending.due(now)) {
                    continue;
                }
                commit(producer, input, pending);
                pending = new Pending();
            }
        } finally {
            consumer = null;
            caughtUp = false;
        }
    }

    /**
     * Changes that dispatch nothing (a task started, progress) wait up to this long to share a transaction
     * with later ones: per task of a fast eval, the STARTED event's own transaction and status rewrite were
     * about half of the orchestrator's work. Such a change is visible in the API that much later; after a
     * crash its input records are read again, as for any uncommitted transaction.
     */
    static final Duration MAX_DEFERRAL = Duration.ofSeconds(1);

    /** What the loop has applied but not yet committed: one Kafka transaction's worth. */
    private static final class Pending {
        final Map<String, ExperimentStatus> staged = new java.util.LinkedHashMap<>();
        /** Dispatched tasks and dead letters (the status records are added at commit). */
        final List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        final List<Deletion> deletions = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Instant since = Instant.MIN;
        int recorded;
        int duplicates;
        int dead;

        boolean isEmpty() {
            return staged.isEmpty() && out.isEmpty() && deletions.isEmpty() && offsets.isEmpty();
        }

        /** Dispatches, dead letters, deletions and finished experiments go at once; the rest within MAX_DEFERRAL. */
        boolean due(Instant now) {
            return !out.isEmpty() || !deletions.isEmpty() || !now.isBefore(since.plus(MAX_DEFERRAL))
                    || staged.values().stream().anyMatch(s -> s.state().terminal());
        }
    }

    /** Writes one transaction (dispatches, status records, control records, input offsets), then applies it in memory. */
    private void commit(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> input, Pending p) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(p.out);
        for (Deletion d : p.deletions) {
            p.staged.remove(d.experimentId());
        }
        // the status records once per changed experiment and transaction: the difference to the committed state
        for (ExperimentStatus s : p.staged.values()) {
            out.addAll(StatusRecords.encode(statusTopic, experiments.get(s.experimentId()), s));
            if (s.state().terminal()) {
                // workers stop what still runs of it, and skip its re-delivered tasks
                out.add(new ProducerRecord<>(controlTopic, s.experimentId(),
                        Json.encode(java.util.Map.of("experimentId", s.experimentId(), "state", s.state().name()))));
            }
        }
        for (Deletion d : p.deletions) {
            ExperimentStatus s = experiments.get(d.experimentId());
            if (s != null) {
                out.addAll(StatusRecords.delete(statusTopic, s));
            }
            out.add(new ProducerRecord<>(controlTopic, d.experimentId(), null));
        }
        producer.beginTransaction();
        try {
            for (ProducerRecord<String, byte[]> r : out) {
                producer.send(r);
            }
            if (!p.offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(p.offsets, input.groupMetadata());
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | AuthorizationException e) {
            throw e;
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // the session restarts from the committed state either way
            }
            throw e;
        }
        for (ExperimentStatus next : p.staged.values()) {
            resultGauges.update(experiments.put(next.experimentId(), next), next);
        }
        for (Deletion d : p.deletions) {
            experiments.remove(d.experimentId());
            resultGauges.remove(d.experimentId());
            if (d.artifacts()) {
                deleteArtifacts(d.experimentId());
            }
        }
        dispatched.increment(out.stream().filter(r -> r.topic().startsWith("robustpose.tasks.")).count());
        completionsRecorded.increment(p.recorded);
        duplicateCompletions.increment(p.duplicates);
        deadLetters.increment(p.dead);
    }

    private boolean expired(ExperimentStatus s, Instant now) {
        Duration retention = config.retention();
        return retention != null && !retention.isZero() && !retention.isNegative() && s.state().terminal()
                && s.updatedAt() != null && s.updatedAt().plus(retention).isBefore(now);
    }

    /** The experiment's run directory and report, after its deletion committed (idempotent). */
    private void deleteArtifacts(String experimentId) {
        if (config.artifacts() == null) {
            return;
        }
        for (String dir : ArtifactLayout.experimentDirs(experimentId)) {
            java.nio.file.Path root = config.artifacts().toAbsolutePath().normalize();
            java.nio.file.Path p = root.resolve(dir).normalize();
            if (!p.startsWith(root) || !java.nio.file.Files.exists(p)) {
                continue;
            }
            try {
                FileTrees.delete(p);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                LOG.warn("deleting {} of experiment {} failed: {}", dir, experimentId, e.toString());
            }
        }
    }

    private Lifecycle.Outcome apply(ConsumerRecord<String, byte[]> r, Map<String, ExperimentStatus> staged,
                                    List<Deletion> deletions, Instant now) {
        if (r.topic().equals(config.kafka().topic(Topic.EXPERIMENTS))) {
            ExperimentCommand c = Json.decode(r.value(), ExperimentCommand.class);
            ExperimentStatus current = staged.getOrDefault(c.experimentId(), experiments.get(c.experimentId()));
            if (c.kind() == ExperimentCommand.Kind.DELETE) {
                if (current != null && !current.state().terminal()) {
                    throw new InvalidMessageException("kind", "experiment " + c.experimentId()
                            + " is running: cancel it before deleting it");
                }
                if (current != null) {
                    deletions.add(new Deletion(c.experimentId(), Boolean.TRUE.equals(c.artifacts())));
                }
                return Lifecycle.Outcome.unchangedOutcome();
            }
            return switch (c.kind()) {
                // the spec is read again from the raw record, strictly: typos in a record sent with any
                // Kafka client are refused as they are over REST
                case SUBMIT -> current != null ? Lifecycle.Outcome.unchangedOutcome()
                        : lifecycle.submit(c.experimentId(), ensurePoolTopics(SpecValidator.validate(
                                SpecReader.read(Json.tree(r.value()).get("spec")), config.dataRoots())), now);
                case CANCEL -> current == null ? Lifecycle.Outcome.unchangedOutcome()
                        : lifecycle.cancel(current, c.reason(), now);
                case DELETE -> Lifecycle.Outcome.unchangedOutcome();
            };
        }
        TaskEvent e = Json.decode(r.value(), TaskEvent.class);
        ExperimentStatus current = staged.getOrDefault(e.experimentId(), experiments.get(e.experimentId()));
        return current == null ? Lifecycle.Outcome.unchangedOutcome() : lifecycle.onEvent(current, e, now);
    }

    /**
     * The task topics of the worker pools the spec routes to exist before any of its tasks is dispatched (a
     * transaction producing to a missing topic would stall the loop): created where this installation creates
     * topics, else a missing one refuses the spec, naming the field and the topic.
     */
    private ExperimentSpec ensurePoolTopics(ExperimentSpec spec) {
        for (int i = 0; i < spec.models().size(); i++) {
            ExperimentSpec.Model m = spec.models().get(i);
            for (TaskType type : List.of(TaskType.TRAIN, TaskType.EVAL)) {
                String pool = m.pool(type.wireName());
                if (pool == null) {
                    continue;
                }
                String topic = config.kafka().names().taskTopic(type, pool);
                if (!poolTopics.add(topic)) {
                    continue;
                }
                try {
                    config.kafka().ensurePoolTopics(pool, List.of(type));
                } catch (RuntimeException e) {
                    poolTopics.remove(topic);
                    throw new SpecException("models[" + i + "].pools." + type.wireName(), "no task topic for pool '"
                            + pool + "': " + e.getMessage());
                }
            }
        }
        return spec;
    }

    /** Keeps the new status for this poll's transaction and queues its dispatches. */
    private void stage(Lifecycle.Outcome o, Map<String, ExperimentStatus> staged,
                       List<ProducerRecord<String, byte[]>> out) {
        ExperimentStatus s = o.status();
        staged.put(s.experimentId(), s);
        for (Task t : o.dispatch()) {
            String pool = t.params().hasNonNull("pool") ? t.params().get("pool").asText() : null;
            out.add(new ProducerRecord<>(config.kafka().names().taskTopic(t.type(), pool),
                    t.experimentId() + "/" + t.taskId(), Json.encode(t)));
        }
    }

    /** Reads the compacted status topic to its end as a stream (committed transactions only). */
    private void restore() {
        StatusRecords.Restorer restorer = new StatusRecords.Restorer();
        config.kafka().forEachRecord(Topic.EXPERIMENT_STATUS, r -> {
            try {
                restorer.accept(r.key(), r.value());
            } catch (InvalidMessageException e) {
                LOG.error("unreadable status record for {} at offset {}: {}", r.key(), r.offset(), e.getMessage());
            }
        });
        Map<String, ExperimentStatus> restored = restorer.statuses();
        experiments.clear();
        experiments.putAll(restored);
        restored.values().forEach(resultGauges::update);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = loop;
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (commandProducer != null) {
            commandProducer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }
}
