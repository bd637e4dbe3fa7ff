package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.message.TopicNames;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.robustpose.deploy.Manifests.container;
import static io.robustpose.deploy.Manifests.env;
import static io.robustpose.deploy.Manifests.list;
import static io.robustpose.deploy.Manifests.map;
import static io.robustpose.deploy.Manifests.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One prefix for every Kafka name of a release, and the topics as Strimzi KafkaTopics matching Topic.java. */
class KafkaNamesChartTest {

    @Test
    void thePrefixReachesEveryServiceAndEveryKedaTrigger() {
        Chart.Rendered r = Chart.renderWith("kafka: {bootstrapServers: 'k:9092', prefix: team-a}\nkeda: {enabled: true}\n");
        TopicNames names = new TopicNames("team-a");
        List<Deployment> all = r.all(Deployment.class);
        assertThat(all).hasSizeGreaterThan(1);
        for (Deployment d : all) {
            assertThat(env(container(d), "ROBUSTPOSE_KAFKA_PREFIX").getValue()).isEqualTo("team-a");
            assertThat(env(container(d), "ROBUSTPOSE_KAFKA_CREATE_TOPICS").getValue()).isEqualTo("true");
        }
        int triggers = 0;
        for (GenericKubernetesResource so : r.generic("ScaledObject")) {
            for (Map<String, Object> t : list(spec(so).get("triggers"))) {
                Map<String, Object> md = map(t.get("metadata"));
                TaskType type = TaskType.parse(((String) md.get("topic")).substring("team-a.tasks.".length()));
                assertThat(md.get("topic")).isEqualTo(names.topic(Topic.forTasks(type)));
                assertThat(md.get("consumerGroup")).isEqualTo(names.workerGroup(type));
                triggers++;
            }
        }
        assertThat(triggers).isEqualTo(TaskType.values().length);
    }

    @Test
    void strimziTopicsHaveTheNamesPartitionsAndPoliciesTheServicesVerify() {
        Chart.Rendered r = Chart.renderWith("""
                kafka:
                  bootstrapServers: 'k:9092'
                  prefix: team_b
                  topics: {strimzi: {enabled: true, cluster: prod, replicas: 3, config: {min.insync.replicas: 2}}}
                """);
        TopicNames names = new TopicNames("team_b");
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (GenericKubernetesResource kt : r.generic("KafkaTopic")) {
            assertThat(kt.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(kt.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "prod");
            // a Kubernetes name: lower case, no '_'
            assertThat(kt.getMetadata().getName()).matches("[a-z0-9.-]+");
            byName.put((String) spec(kt).get("topicName"), spec(kt));
        }
        assertThat(byName).hasSize(Topic.values().length);
        for (Topic t : Topic.values()) {
            Map<String, Object> s = byName.get(names.topic(t));
            assertThat(s).as(names.topic(t)).isNotNull();
            assertThat(((Number) s.get("partitions")).intValue()).as(t.name()).isEqualTo(t.partitions());
            assertThat(((Number) s.get("replicas")).intValue()).isEqualTo(3);
            Map<String, Object> config = map(s.get("config"));
            assertThat(config.get("cleanup.policy")).as(t.name()).isEqualTo(t.compacted() ? "compact" : "delete");
            for (var e : t.config().entrySet()) {
                assertThat(String.valueOf(config.get(e.getKey()))).as(t.name() + " " + e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(config.get("min.insync.replicas")).isEqualTo(2);
        }
        // the services then only verify them
        for (Deployment d : r.all(Deployment.class)) {
            assertThat(env(container(d), "ROBUSTPOSE_KAFKA_CREATE_TOPICS").getValue()).isEqualTo("false");
        }
    }

    @Test
    void aRoutedPoolReadsItsOwnTopicsAndGroupAndGetsItsStrimziTopics() {
        Chart.Rendered r = Chart.renderWith("""
                kafka:
                  bootstrapServers: 'k:9092'
                  prefix: team-c
                  topics: {strimzi: {enabled: true, cluster: prod}}
                keda: {enabled: true}
                workerPools:
                  gpu-eval:
                    routed: true
                    taskTypes: [eval]
                    replicas: {min: 0, max: 2}
                """);
        TopicNames names = new TopicNames("team-c");
        Deployment routed = r.all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("gpu-eval")).findFirst().orElseThrow();
        assertThat(env(container(routed), "ROBUSTPOSE_WORKER_POOL").getValue()).isEqualTo("gpu-eval");
        Deployment shared = r.all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("-eval")).filter(d -> d != routed).findFirst().orElseThrow();
        assertThat(container(shared).getEnv()).noneMatch(e -> e.getName().equals("ROBUSTPOSE_WORKER_POOL"));
        GenericKubernetesResource so = r.generic("ScaledObject").stream()
                .filter(o -> o.getMetadata().getName().endsWith("gpu-eval")).findFirst().orElseThrow();
        Map<String, Object> md = map(list(spec(so).get("triggers")).get(0).get("metadata"));
        // the names the orchestrator dispatches to and the worker reads from
        assertThat(md.get("topic")).isEqualTo(names.taskTopic(TaskType.EVAL, "gpu-eval"));
        assertThat(md.get("consumerGroup")).isEqualTo(names.workerGroup(TaskType.EVAL, "gpu-eval"));
        Map<String, Object> topic = r.generic("KafkaTopic").stream().map(Manifests::spec)
                .filter(s -> s.get("topicName").equals("team-c.tasks.eval.gpu-eval")).findFirst().orElseThrow();
        assertThat(((Number) topic.get("partitions")).intValue()).isEqualTo(Topic.TASKS_EVAL.partitions());
        assertThat(map(topic.get("config")).get("cleanup.policy")).isEqualTo("delete");

        // routing exists for train and eval tasks only; and a routed pool does not cover the shared topics
        assertThatThrownBy(() -> Chart.renderWith("kafka: {bootstrapServers: 'k:9092'}\nworkerPools:\n"
                + "  fast: {routed: true, taskTypes: [corrupt], replicas: {min: 1, max: 1}}\n"))
                .hasMessageContaining("workerPools.fast").hasMessageContaining("routed pools take train or eval");
        assertThatThrownBy(() -> Chart.renderWith("kafka: {bootstrapServers: 'k:9092'}\nworkerPools:\n"
                + "  eval: {enabled: false}\n  gpu: {routed: true, taskTypes: [eval], replicas: {min: 1, max: 1}}\n"))
                .hasMessageContaining("eval");
    }

    @Test
    void badPrefixesAndAStrimziClusterlessRenderingAreRefused() {
        assertThatThrownBy(() -> Chart.renderWith("kafka: {bootstrapServers: 'k:9092', prefix: 'a b'}\n"))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> Chart.renderWith("kafka: {bootstrapServers: 'k:9092', topics: {strimzi: {enabled: true}}}\n"))
                .hasMessageContaining("kafka.topics.strimzi.cluster");
    }
}
