package io.robustpose.workflow.kafka;

import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.message.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Client construction shared by every service. {@code base} carries the bootstrap servers and any
 * security settings (TLS/SASL) given through configuration; the helpers add what each role needs.
 * {@code names} are the installation's topic, group and transactional-id names (its prefix);
 * {@code createTopics} whether missing topics are created or must have been created by the operator.
 */
public final class KafkaClients {
    private final Map<String, Object> base;
    private final TopicNames names;
    private final boolean createTopics;

    public KafkaClients(Map<String, Object> base, TopicNames names, boolean createTopics) {
        this.base = Map.copyOf(base);
        this.names = names;
        this.createTopics = createTopics;
    }

    public KafkaClients(Map<String, Object> base) {
        this(base, TopicNames.DEFAULT, true);
    }

    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** The same cluster and settings under another installation prefix. */
    public KafkaClients withPrefix(String prefix) {
        return new KafkaClients(base, new TopicNames(prefix), createTopics);
    }

    /** The same clients expecting pre-created topics (verified, never created). */
    public KafkaClients withoutTopicCreation() {
        return new KafkaClients(base, names, false);
    }

    public TopicNames names() {
        return names;
    }

    /** The full name of one of this installation's topics. */
    public String topic(Topic topic) {
        return names.topic(topic);
    }

    public String bootstrapServers() {
        return String.valueOf(base.get("bootstrap.servers"));
    }

    public Map<String, Object> base() {
        return base;
    }

    public Admin admin() {
        Map<String, Object> c = new HashMap<>(base);
        c.put("request.timeout.ms", 10_000);
        c.put("default.api.timeout.ms", 15_000);
        return Admin.create(c);
    }

    /** An idempotent producer that waits for all replicas. */
    public KafkaProducer<String, byte[]> producer(String clientId) {
        Map<String, Object> c = new HashMap<>(base);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    public KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> c = new HashMap<>(base);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer with manual commits that only sees committed transactions. */
    public KafkaConsumer<String, byte[]> consumer(String groupId, String clientId, Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>(base);
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.putAll(overrides);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** {@link #ensureTopics(boolean)} with this installation's setting. */
    public void ensureTopics() {
        ensureTopics(createTopics);
    }

    /**
     * Makes sure every topic of {@link Topic} exists as the system needs it. With {@code create}, missing
     * topics are created with their partitions and configuration; without (topics pre-created by an
     * operator, e.g. Strimzi {@code KafkaTopic}s, and no Create ACL), a missing topic is an error.
     * Existing topics are verified, and a mismatch stops the caller with an error naming the topic
     * rather than letting it run wrongly: a status or control topic with another partition count than
     * the system's (they are read back partition by partition, keyed by experiment: records would be
     * missed, or restored out of order after a repartition) or without compaction (the state would
     * expire), a compacted task or event topic (records sharing a key would be dropped). Task topics may
     * have more partitions than the defaults (the chart's {@code topicPartitions}).
     */
    public void ensureTopics(boolean create) {
        Map<String, Topic> wanted = new java.util.LinkedHashMap<>();
        Arrays.stream(Topic.values()).forEach(t -> wanted.put(topic(t), t));
        ensure(wanted, create);
    }

    /**
     * The task topics of a named worker pool ({@link TopicNames#taskTopic}), as {@link #ensureTopics()} does for
     * the shared ones: created with the shared topic's partitions and settings when this installation creates
     * topics, else required to exist; either way verified.
     */
    public void ensurePoolTopics(String pool, java.util.Collection<TaskType> types) {
        Map<String, Topic> wanted = new java.util.LinkedHashMap<>();
        types.forEach(type -> wanted.put(names.taskTopic(type, pool), Topic.forTasks(type)));
        ensure(wanted, createTopics);
    }

    /** Creates (with {@code create}) and verifies the topics {@code wanted}: name → the topic it is made like. */
    private void ensure(Map<String, Topic> wanted, boolean create) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = wanted.keySet().stream().filter(n -> !existing.contains(n)).toList();
            if (!missing.isEmpty() && !create) {
                throw new TopicMismatchException("Kafka topics missing on " + bootstrapServers() + ": "
                        + missing + " (topic creation is off, "
                        + "ROBUSTPOSE_KAFKA_CREATE_TOPICS=false: create them first — the chart renders them as Strimzi "
                        + "KafkaTopics with kafka.topics.strimzi=true — or let robustpose create them)");
            }
            if (!missing.isEmpty()) {
                List<NewTopic> toCreate = missing.stream().map(n -> new NewTopic(n, wanted.get(n).partitions(),
                        (short) -1).configs(wanted.get(n).config())).toList();
                for (var e : admin.createTopics(toCreate).values().entrySet()) {
                    try {
                        e.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException ex) {
                        if (!(ex.getCause() instanceof TopicExistsException)) {
                            throw ex;
                        }
                    }
                }
            }
            verify(admin, wanted);
        } catch (TopicMismatchException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the robustpose topics on " + bootstrapServers() + ": " + e, e);
        }
    }

    private void verify(Admin admin, Map<String, Topic> wanted) throws Exception {
        List<String> all = List.copyOf(wanted.keySet());
        Map<String, TopicDescription> described = null;
        // topics created a moment ago may not be in every broker's metadata yet
        for (int attempt = 0; described == null; attempt++) {
            try {
                described = admin.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 50) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        List<ConfigResource> resources = all.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        for (var w : wanted.entrySet()) {
            String name = w.getKey();
            Topic t = w.getValue();
            int partitions = described.get(name).partitions().size();
            if (t.compacted() && partitions != t.partitions()) {
                problems.add(name + " has " + partitions + " partitions, robustpose needs " + t.partitions()
                        + " (its state is read back partition by partition)");
            }
            var policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
            boolean compacted = policy != null && policy.value() != null && policy.value().contains("compact");
            if (compacted != t.compacted()) {
                problems.add(name + " has cleanup.policy=" + (policy == null ? "?" : policy.value()) + ", robustpose needs "
                        + (t.compacted() ? "compact (it holds the latest state per key)"
                        : "delete (records share keys and must all be kept)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicMismatchException("Kafka topics on " + bootstrapServers() + " do not match what robustpose "
                    + "needs: " + String.join("; ", problems) + ". Recreate them with these settings (or use another "
                    + "prefix, ROBUSTPOSE_KAFKA_PREFIX); refusing to start rather than lose or misread state.");
        }
    }

    /** Existing topics do not match the system's needs, or required ones are missing: not retryable. */
    public static final class TopicMismatchException extends IllegalStateException {
        public TopicMismatchException(String message) {
            super(message);
        }
    }

    /** True when the cluster answers within the timeout (readiness checks). */
    public static boolean reachable(Admin admin, long timeoutMs) {
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Every committed record of a topic, from the beginning to the current end. */
    public List<ConsumerRecord<String, byte[]>> readAll(Topic topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        forEachRecord(topic, out::add);
        return out;
    }

    /** Feeds every committed record of a topic, from the beginning to the current end, to {@code sink} as it arrives. */
    public void forEachRecord(Topic topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        try (KafkaConsumer<String, byte[]> c = consumer(null, "robustpose-reader", Map.of("max.poll.records", 2000))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                parts.add(new TopicPartition(topic(topic), p));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(sink);
            }
        }
    }

    /** A dead-letter record: the original bytes with the reason and source topic in headers. */
    public ProducerRecord<String, byte[]> deadLetter(String sourceTopic, String key, byte[] value, String reason) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic(Topic.DEAD_LETTER), key, value);
        r.headers().add(new RecordHeader(Topic.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader(Topic.DLQ_SOURCE_HEADER, sourceTopic.getBytes(StandardCharsets.UTF_8)));
        return r;
    }
}
