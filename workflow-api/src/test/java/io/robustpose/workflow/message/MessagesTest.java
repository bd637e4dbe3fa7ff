package io.robustpose.workflow.message;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void taskRoundTripsAndToleratesUnknownFields() {
        Task t = Json.decode(b("{\"v\":1,\"taskId\":\"eval-a-clean-shard0\",\"experimentId\":\"e1\",\"type\":\"eval\","
                + "\"attempt\":2,\"params\":{\"corruption\":\"clean\"},\"addedInV7\":{\"x\":1}}"), Task.class);
        assertThat(t.type()).isEqualTo(TaskType.EVAL);
        assertThat(t.attempt()).isEqualTo(2);
        assertThat(t.param("corruption")).isEqualTo("clean");
        assertThat(Json.decode(Json.encode(t), Task.class)).isEqualTo(t);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> Json.decode(b("{\"v\":1,\"taskId\":\"x\",\"type\":\"eval\"}"), Task.class))
                .isInstanceOf(InvalidMessageException.class)
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("experimentId"));
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> Json.decode(b("{\"taskId\":\"x\",\"experimentId\":\"e\",\"type\":\"paint\"}"), Task.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("type").hasMessageContaining("allowed");
        assertThatThrownBy(() -> Json.decode(b("{\"kind\":\"progress\",\"taskId\":\"x\",\"experimentId\":\"e\","
                + "\"type\":\"eval\",\"progress\":1.5}"), TaskEvent.class))
                .isInstanceOf(InvalidMessageException.class)
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("progress"));
        assertThatThrownBy(() -> Json.decode(b("{\"kind\":\"failed\",\"taskId\":\"x\",\"experimentId\":\"e\",\"type\":\"eval\"}"),
                TaskEvent.class)).satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("error"));
        assertThatThrownBy(() -> Json.decode(b("{\"v\":99,\"taskId\":\"x\",\"experimentId\":\"e\",\"type\":\"eval\"}"), Task.class))
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("v"));
        assertThatThrownBy(() -> Json.decode(b("{\"kind\":\"submit\",\"experimentId\":\"e\"}"), ExperimentCommand.class))
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("spec"));
    }

    @Test
    void unparseableBytesAreRejectedAsARecord() {
        assertThatThrownBy(() -> Json.decode(b("{not json"), Task.class))
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("record"));
        assertThatThrownBy(() -> Json.decode(new byte[0], Task.class)).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> Json.decode(b("{\"taskId\":[1,2],\"experimentId\":\"e\",\"type\":\"eval\"}"), Task.class))
                .satisfies(e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("taskId"));
    }

    @Test
    void everyTaskTypeHasItsOwnTopicAndGroup() {
        for (TaskType t : TaskType.values()) {
            assertThat(TopicNames.DEFAULT.topic(Topic.forTasks(t))).isEqualTo("robustpose.tasks." + t.wireName());
            assertThat(TopicNames.DEFAULT.workerGroup(t)).isEqualTo("robustpose-" + t.wireName() + "-workers");
        }
        assertThat(Topic.EXPERIMENT_STATUS.compacted()).isTrue();
    }

    @Test
    void aPrefixRenamesEveryTopicGroupAndTransactionalIdAndTheDefaultKeepsTheOldNames() {
        TopicNames a = new TopicNames("team-a");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Topic t : Topic.values()) {
            assertThat(a.topic(t)).startsWith("team-a.");
            assertThat(a.topicOf(a.topic(t))).contains(t);
            assertThat(TopicNames.DEFAULT.topicOf(a.topic(t))).isEmpty();
            names.add(a.topic(t));
        }
        assertThat(names).hasSize(Topic.values().length);
        assertThat(a.workerGroup(TaskType.EVAL)).isEqualTo("team-a-eval-workers");
        assertThat(a.orchestratorGroup()).isEqualTo("team-a-orchestrator");
        assertThat(a.orchestratorTransactionalId()).isEqualTo("team-a-orchestrator");
        assertThat(TopicNames.DEFAULT.topic(Topic.EXPERIMENT_STATUS)).isEqualTo("robustpose.experiment-status");
        assertThat(TopicNames.DEFAULT.orchestratorGroup()).isEqualTo("robustpose-orchestrator");
        for (String bad : new String[] {"", "-x", "a b", "a/b", "x".repeat(101), "ü"}) {
            assertThatThrownBy(() -> new TopicNames(bad)).hasMessageContaining("Kafka prefix");
        }
    }
}
