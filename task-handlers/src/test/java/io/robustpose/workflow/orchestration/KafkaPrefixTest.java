package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Installations with different prefixes share one broker without seeing each other's records, and
 * topics that exist but would lose or misread state stop the services at start.
 */
@ExtendWith(KafkaBroker.class)
class KafkaPrefixTest {
    private static final String SPEC = """
            name: %s
            dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
            benchmark: {corruptions: [fog], severities: [1], mode: materialized}
            models:
              - {name: m, architecture: simplebaseline-resnet18, training: {epochs: 1}}
            """;

    @Test
    void twoPrefixesOnOneBrokerRunTwoExperimentsWithoutSeeingEachOther(EmbeddedKafka broker, @TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        SyntheticPeople.writeSplit(data.resolve("sample"), "test", 3, 1, SyntheticPeople.Options.small());
        KafkaClients alpha = KafkaClients.of(broker.bootstrapServers()).withPrefix("alpha");
        KafkaClients beta = KafkaClients.of(broker.bootstrapServers()).withPrefix("beta");
        try (LocalEngine a = new LocalEngine(alpha, data, dir.resolve("artifacts-a"));
             LocalEngine b = new LocalEngine(beta, data, dir.resolve("artifacts-b"))) {
            // both at once: a shared group or transactional id would steal tasks or fence the other orchestrator
            String idA = a.orchestrator.submit(SpecReader.read(SPEC.formatted("in-alpha")));
            String idB = b.orchestrator.submit(SpecReader.read(SPEC.formatted("in-beta")));
            ExperimentStatus sa = a.await(idA, Duration.ofSeconds(180));
            ExperimentStatus sb = b.await(idB, Duration.ofSeconds(180));
            assertThat(sa.state()).as(String.valueOf(sa.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(sb.state()).as(String.valueOf(sb.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            // each task ran once: the two trainings at once in this JVM take turns per iteration (DJL allows one
            // gradient collector per process) instead of one failing and being retried
            for (ExperimentStatus s : List.of(sa, sb)) {
                assertThat(s.tasks().values()).allSatisfy(t -> assertThat(t.attempt()).as(t.taskId()).isEqualTo(1));
            }
            assertThat(a.orchestrator.list()).extracting(ExperimentStatus::experimentId).containsExactly(idA);
            assertThat(b.orchestrator.list()).extracting(ExperimentStatus::experimentId).containsExactly(idB);
            assertThat(a.orchestrator.get(idB)).isEmpty();

            for (var side : List.of(Map.entry(alpha, idA), Map.entry(beta, idB))) {
                KafkaClients k = side.getKey();
                Set<String> experiments = new HashSet<>();
                int tasks = 0;
                for (TaskType type : TaskType.values()) {
                    for (ConsumerRecord<String, byte[]> r : k.readAll(Topic.forTasks(type))) {
                        experiments.add(Json.decode(r.value(), Task.class).experimentId());
                        tasks++;
                    }
                }
                for (ConsumerRecord<String, byte[]> r : k.readAll(Topic.TASK_EVENTS)) {
                    experiments.add(Json.decode(r.value(), TaskEvent.class).experimentId());
                }
                assertThat(tasks).as(k.names().prefix()).isEqualTo(sa.tasks().size());
                assertThat(experiments).as(k.names().prefix()).containsExactly(side.getValue());
            }
            assertThat(dir.resolve("artifacts-a/reports/" + idA + "/report.md")).exists();
            assertThat(dir.resolve("artifacts-b/reports/" + idB + "/report.md")).exists();
        }
    }

    @Test
    void topicsThatWouldLoseOrMisreadStateStopTheServicesAtStart(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(
                    new NewTopic("p1.experiment-status", 5, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("p2.experiment-control", 1, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                    new NewTopic("p3.task-events", 4, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    // task topics may have more partitions than the defaults (more workers)
                    new NewTopic("p4.tasks.eval", 16, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> kafka.withPrefix("p1").ensureTopics())
                .isInstanceOf(KafkaClients.TopicMismatchException.class)
                .hasMessageContaining("p1.experiment-status has 5 partitions, robustpose needs 3");
        assertThatThrownBy(() -> kafka.withPrefix("p2").ensureTopics())
                .hasMessageContaining("p2.experiment-control has cleanup.policy=delete, robustpose needs compact");
        assertThatThrownBy(() -> kafka.withPrefix("p3").ensureTopics())
                .hasMessageContaining("p3.task-events has cleanup.policy=compact, robustpose needs delete");
        kafka.withPrefix("p4").ensureTopics();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of("p4.tasks.eval")).allTopicNames().get().get("p4.tasks.eval")
                    .partitions()).hasSize(16);
        }
        // pre-created topics expected (no Create ACL): missing ones are named, nothing is created
        assertThatThrownBy(() -> kafka.withPrefix("p5").withoutTopicCreation().ensureTopics())
                .isInstanceOf(KafkaClients.TopicMismatchException.class)
                .hasMessageContaining("p5.experiments").hasMessageContaining("ROBUSTPOSE_KAFKA_CREATE_TOPICS=false");
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).noneMatch(n -> n.startsWith("p5."));
        }
        // the orchestrator refuses to start on them (the service's start fails with the message)
        Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka.withPrefix("p1"),
                new DataRoots(List.of(dir)), RetryPolicy.DEFAULT, null), new SimpleMeterRegistry());
        try (orch) {
            assertThatThrownBy(orch::start).hasMessageContaining("p1.experiment-status has 5 partitions");
            assertThat(orch.ready()).isFalse();
        }
    }
}
