package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.message.TopicNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.robustpose.deploy.Manifests.container;
import static io.robustpose.deploy.Manifests.env;
import static io.robustpose.deploy.Manifests.list;
import static io.robustpose.deploy.Manifests.map;
import static io.robustpose.deploy.Manifests.pod;
import static io.robustpose.deploy.Manifests.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * values-gpu.yaml: an A100 train pool scaling to zero, a CPU and a CUDA eval pool, KEDA, Strimzi TLS + SCRAM,
 * kube-prometheus-stack monitoring.
 */
class GpuValuesTest {
    static Chart.Rendered r;

    @BeforeAll
    static void render() {
        r = Chart.render("values-gpu.yaml");
    }

    @Test
    void everyManifestParses() {
        for (HasMetadata m : r.resources) {
            Manifests.assertNoUnknownFields(m);
        }
        for (Deployment d : r.all(Deployment.class)) {
            Manifests.assertStandardPod(d, r);
        }
        assertThat(r.generic("ScaledObject")).hasSize(4);
        assertThat(r.all(HorizontalPodAutoscaler.class)).as("KEDA creates the HPAs itself").isEmpty();
        assertThat(r.find(Deployment.class, "rp-robustpose-train")).as("the default train pool is off").isEmpty();
    }

    @Test
    void theA100TrainPoolGetsGpusTolerationsNodeSelectorAndTheCudaImage() {
        Deployment d = Manifests.pool(r, "train-a100");
        Container c = container(d);
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("64Gi"));
        assertThat(pod(d).getTolerations()).extracting(Toleration::getKey).containsExactly("nvidia.com/gpu", "dedicated");
        assertThat(pod(d).getTolerations().get(0).getEffect()).isEqualTo("NoSchedule");
        assertThat(pod(d).getNodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB");
        assertThat(c.getImage()).isEqualTo("registry.example.com/robustpose/train-worker:1.0.0-cuda");
        assertThat(env(c, "PYTORCH_FLAVOR").getValue()).isEqualTo("cu128");
        assertThat(env(c, "PYTORCH_VERSION").getValue()).isEqualTo("2.7.1");
        assertThat(env(c, "PYTORCH_LIBRARY_PATH").getValue()).startsWith("/opt/djl/pytorch/2.7.1-cu128");
        assertThat(env(c, "ROBUSTPOSE_WORKER_SESSION_TIMEOUT").getValue()).isEqualTo("90s");
        assertThat(d.getSpec().getReplicas()).as("KEDA owns the replica count").isNull();
    }

    /** Issue 13: each pool says where its networks run and keeps room outside the heap for native tensors. */
    @Test
    void poolsSetTheirDeviceAndAHeapShareThatLeavesRoomForNativeTensors() {
        Map<String, String[]> expected = Map.of(
                "train-a100", new String[] {"gpu", "35"}, "eval-gpu", new String[] {"gpu", "50"},
                "eval", new String[] {"cpu", "50"}, "corrupt", new String[] {null, "60"});
        expected.forEach((pool, want) -> {
            Container c = container(Manifests.pool(r, pool));
            if (want[0] == null) {
                assertThat(Manifests.hasEnv(c, "ROBUSTPOSE_DEVICE")).as(pool + ": corruption runs no network").isFalse();
            } else {
                assertThat(env(c, "ROBUSTPOSE_DEVICE").getValue()).as(pool).isEqualTo(want[0]);
            }
            // the pool's share comes last, so it wins over the global javaToolOptions
            assertThat(env(c, "JAVA_TOOL_OPTIONS").getValue()).as(pool).endsWith("-XX:MaxRAMPercentage=" + want[1])
                    .contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).count()).isEqualTo(1);
        });
        Container orchestrator = container(r.find(Deployment.class, "rp-robustpose-orchestrator").orElseThrow());
        assertThat(env(orchestrator, "JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=75.0")
                .endsWith(" -XX:TieredStopAtLevel=1");
        assertThat(Manifests.hasEnv(orchestrator, "ROBUSTPOSE_DEVICE")).isFalse();
    }

    @Test
    void aGpuPoolWithoutTolerationsGetsTheNvidiaOneAndCpuPoolsGetNoGpu() {
        Deployment evalGpu = Manifests.pool(r, "eval-gpu");
        assertThat(pod(evalGpu).getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
        });
        assertThat(container(evalGpu).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(container(evalGpu).getImage()).endsWith("/eval-worker:1.0.0-cuda");
        for (String cpu : List.of("corrupt", "eval")) {
            Deployment d = Manifests.pool(r, cpu);
            assertThat(container(d).getResources().getLimits()).as(cpu).doesNotContainKey("nvidia.com/gpu");
            assertThat(pod(d).getTolerations()).as(cpu).isNullOrEmpty();
            assertThat(container(d).getImage()).as(cpu).doesNotEndWith("-cuda");
            assertThat(Manifests.hasEnv(container(d), "PYTORCH_LIBRARY_PATH")).isFalse();
        }
    }

    @Test
    void eachPoolScalesOnTheLagOfExactlyItsTopicsAndConsumerGroups() {
        Set<TaskType> scaled = EnumSet.noneOf(TaskType.class);
        for (Deployment d : Manifests.workerDeployments(r)) {
            GenericKubernetesResource so = r.generic("ScaledObject").stream()
                    .filter(g -> g.getMetadata().getName().equals(d.getMetadata().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no ScaledObject for " + d.getMetadata().getName()));
            assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
            Map<String, Object> spec = spec(so);
            assertThat(map(spec.get("scaleTargetRef")).get("name")).isEqualTo(d.getMetadata().getName());

            List<TaskType> types = Manifests.taskTypes(d);
            scaled.addAll(types);
            Set<List<String>> expected = types.stream()
                    .map(t -> List.of(TopicNames.DEFAULT.topic(Topic.forTasks(t)), TopicNames.DEFAULT.workerGroup(t))).collect(Collectors.toSet());
            Set<List<String>> actual = new HashSet<>();
            for (Map<String, Object> trigger : list(spec.get("triggers"))) {
                assertThat(trigger.get("type")).isEqualTo("kafka");
                Map<String, Object> md = map(trigger.get("metadata"));
                actual.add(List.of((String) md.get("topic"), (String) md.get("consumerGroup")));
                assertThat(md.get("bootstrapServers")).isEqualTo("robustpose-kafka-bootstrap.kafka:9093");
                // workers read from earliest: a group without offsets must count its whole queue
                assertThat(md.get("offsetResetPolicy")).isEqualTo("earliest");
                assertThat(md.get("allowIdleConsumers")).isEqualTo("false");
                assertThat(md.get("sasl")).isEqualTo("scram_sha512");
                assertThat(md.get("tls")).isEqualTo("enable");
                assertThat(map(trigger.get("authenticationRef")).get("name")).isEqualTo("rp-robustpose-kafka");
            }
            assertThat(actual).as(d.getMetadata().getName()).isEqualTo(expected);
            int max = ((Number) spec.get("maxReplicaCount")).intValue();
            int min = ((Number) spec.get("minReplicaCount")).intValue();
            assertThat(max).as("replicas capped at partitions").isBetween(Math.max(min, 1), Manifests.partitionCap(types));
        }
        assertThat(scaled).containsExactlyInAnyOrder(TaskType.values());
        // asked for 16, capped at the train topic's partitions
        Map<String, Object> train = spec(scaledObject("rp-robustpose-train-a100"));
        assertThat(train.get("minReplicaCount")).isEqualTo(0);
        assertThat(train.get("maxReplicaCount")).isEqualTo(Topic.TASKS_TRAIN.partitions());
        assertThat(spec(scaledObject("rp-robustpose-eval-gpu")).get("minReplicaCount")).isEqualTo(0);
        assertThat(spec(scaledObject("rp-robustpose-corrupt")).get("minReplicaCount")).isEqualTo(1);
    }

    @Test
    void kafkaTlsAndScramComeFromTheStrimziSecretsForServicesAndKeda() {
        for (Deployment d : r.all(Deployment.class)) {
            Container c = container(d);
            String name = d.getMetadata().getName();
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SASL_MECHANISM").getValue()).isEqualTo("SCRAM-SHA-512");
            // the password comes from the KafkaUser's Secret and is expanded into the JAAS line: defined before it
            var password = env(c, "KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(password.getName()).isEqualTo("robustpose-app");
            assertThat(password.getKey()).isEqualTo("password");
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SASL_JAAS_CONFIG").getValue())
                    .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
                            + "username=\"robustpose-app\" password=\"$(KAFKA_SASL_PASSWORD)\";");
            assertThat(Manifests.envIndex(c, "KAFKA_SASL_PASSWORD")).isLessThan(Manifests.envIndex(c, "ROBUSTPOSE_KAFKA_SASL_JAAS_CONFIG"));
            // the truststore file is the cluster CA certificate, mounted from its Secret
            String truststore = env(c, "ROBUSTPOSE_KAFKA_SSL_TRUSTSTORE_LOCATION").getValue();
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SSL_TRUSTSTORE_TYPE").getValue()).isEqualTo("PEM");
            String dir = truststore.substring(0, truststore.lastIndexOf('/'));
            var mount = Manifests.mount(c, dir);
            var secret = Manifests.volume(pod(d), mount.getName()).getSecret();
            assertThat(secret.getSecretName()).as(name).isEqualTo("robustpose-cluster-ca-cert");
            assertThat(secret.getItems()).anySatisfy(i -> {
                assertThat(i.getKey()).isEqualTo("ca.crt");
                assertThat(dir + "/" + i.getPath()).isEqualTo(truststore);
            });
        }
        GenericKubernetesResource auth = r.generic("TriggerAuthentication").get(0);
        assertThat(auth.getMetadata().getName()).isEqualTo("rp-robustpose-kafka");
        Map<String, Map<String, Object>> params = list(spec(auth).get("secretTargetRef")).stream()
                .collect(Collectors.toMap(p -> (String) p.get("parameter"), p -> p));
        assertThat(params).containsOnlyKeys("username", "password", "ca");
        assertThat(params.get("password")).containsEntry("name", "robustpose-app").containsEntry("key", "password");
        assertThat(params.get("ca")).containsEntry("name", "robustpose-cluster-ca-cert").containsEntry("key", "ca.crt");
        Secret username = r.get(Secret.class, (String) params.get("username").get("name"));
        assertThat(username.getStringData()).containsEntry((String) params.get("username").get("key"), "robustpose-app");
    }

    @Test
    void anExistingArtifactClaimIsUsedAndNoneIsCreated() {
        assertThat(r.find(PersistentVolumeClaim.class, "rp-robustpose-artifacts")).isEmpty();
        for (Deployment d : r.all(Deployment.class)) {
            var m = Manifests.mount(container(d), env(container(d), "ROBUSTPOSE_ARTIFACTS").getValue());
            assertThat(Manifests.volume(pod(d), m.getName()).getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("robustpose-artifacts-nfs");
        }
    }

    @Test
    void theServiceMonitorScrapesEveryPodsMetricsPort() {
        GenericKubernetesResource sm = r.generic("ServiceMonitor").get(0);
        assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> spec = spec(sm);
        Map<String, String> selector = Manifests.<String>stringMap(map(spec.get("selector")).get("matchLabels"));
        Map<String, Object> endpoint = list(spec.get("endpoints")).get(0);
        assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("port", "http");
        List<Service> scraped = r.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        // the orchestrator and every pool
        assertThat(Manifests.names(scraped)).isEqualTo(Manifests.names(r.all(Deployment.class)));
        for (Service s : scraped) {
            assertThat(s.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo(endpoint.get("port")));
        }
        assertThat(list(endpoint.get("relabelings"))).extracting(m -> m.get("targetLabel")).contains("pool", "robustpose_service");
    }

    @Test
    void thePrometheusRuleAlertsOnFailuresLagStuckExperimentsAndRestarts() {
        GenericKubernetesResource rule = r.generic("PrometheusRule").get(0);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Map<String, Object>> alerts = list(spec(rule).get("groups")).stream()
                .flatMap(g -> list(g.get("rules")).stream())
                .collect(Collectors.toMap(a -> (String) a.get("alert"), a -> a));
        assertThat(alerts).containsKeys("RobustposeTaskFailures", "RobustposeQueueLagGrowing", "RobustposeExperimentStuck",
                "RobustposeWorkerRestarting");
        alerts.forEach((name, a) -> {
            String expr = (String) a.get("expr");
            assertThat(expr).as(name).isNotBlank().doesNotContain("{{").doesNotContain("}}");
            assertThat(map(a.get("labels"))).as(name).containsKey("severity");
            assertThat(map(a.get("annotations"))).as(name).containsKeys("summary", "description");
        });
        assertThat((String) alerts.get("RobustposeTaskFailures").get("expr")).contains("outcome=\"failed\"").contains("> 0.1");
        assertThat(alerts.get("RobustposeQueueLagGrowing").get("for")).isEqualTo("15m");
        assertThat((String) alerts.get("RobustposeOrchestratorAbsent").get("expr")).contains("namespace=\"" + Chart.NAMESPACE + "\"");
        assertThat(PromQl.metricNames((String) alerts.get("RobustposeWorkerRestarting").get("expr")))
                .containsExactly("process_start_time_seconds");
    }

    private static GenericKubernetesResource scaledObject(String name) {
        return r.generic("ScaledObject").stream().filter(g -> g.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
