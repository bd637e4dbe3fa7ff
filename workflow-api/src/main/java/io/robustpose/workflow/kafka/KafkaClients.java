package io.robustpose.workflow.kafka;

import io.robustpose.workflow.message.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Client construction shared by every service. {@code base} carries the bootstrap servers and any
 * security settings (TLS/SASL) given through configuration; the helpers add what each role needs.
 */
public final class KafkaClients {
    private final Map<String, Object> base;

    public KafkaClients(Map<String, Object> base) {
        this.base = Map.copyOf(base);
    }

    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(Map.of("bootstrap.servers", bootstrapServers));
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

    /** Creates every topic of {@link Topic} with its partitions (existing ones are left as they are). */
    public void ensureTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = java.util.Arrays.stream(Topic.values())
                    .filter(t -> !existing.contains(t.topicName()))
                    .map(t -> new NewTopic(t.topicName(), t.partitions(), (short) -1).configs(t.config()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the robustpose topics on " + bootstrapServers() + ": " + e, e);
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
                parts.add(new TopicPartition(topic.topicName(), p));
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
    public static ProducerRecord<String, byte[]> deadLetter(String sourceTopic, String key, byte[] value, String reason) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topic.DEAD_LETTER.topicName(), key, value);
        r.headers().add(new RecordHeader(Topic.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader(Topic.DLQ_SOURCE_HEADER, sourceTopic.getBytes(StandardCharsets.UTF_8)));
        return r;
    }
}
