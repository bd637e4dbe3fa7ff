package io.robustpose.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.robustpose.workflow.message.TaskType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.robustpose.deploy.Manifests.container;
import static io.robustpose.deploy.Manifests.env;
import static io.robustpose.deploy.Manifests.mount;
import static io.robustpose.deploy.Manifests.pod;
import static io.robustpose.deploy.Manifests.volume;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart with its default values: what `helm install rp helm/robustpose` creates. */
class DefaultValuesTest {
    static Chart.Rendered r;
    static String appVersion;

    @BeforeAll
    static void render() throws Exception {
        r = Chart.render();
        appVersion = new YAMLMapper().readTree(Chart.DIR.resolve("Chart.yaml").toFile()).get("appVersion").asText();
    }

    @Test
    void everyManifestParsesIntoFabric8sModelWithoutUnknownFields() {
        assertThat(r.resources).hasSizeGreaterThan(15);
        for (HasMetadata m : r.resources) {
            assertThat(m).as(m.getKind()).isNotInstanceOf(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
            Manifests.assertNoUnknownFields(m);
            assertThat(m.getMetadata().getLabels()).as(m.getKind() + " " + m.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/name", "robustpose");
        }
        // CRDs stay off unless asked for: the chart installs on a bare cluster
        assertThat(r.names()).doesNotContainKeys("ScaledObject", "TriggerAuthentication", "ServiceMonitor", "PrometheusRule");
    }

    @Test
    void orchestratorAndOnePoolPerWorkerServiceCoverEveryTaskType() {
        Deployment orch = r.get(Deployment.class, "rp-robustpose-orchestrator");
        assertThat(orch.getSpec().getReplicas()).isEqualTo(1);
        assertThat(orch.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(container(orch).getImage()).isEqualTo("ghcr.io/robustpose/orchestrator:" + appVersion);

        List<Deployment> workers = Manifests.workerDeployments(r);
        assertThat(Manifests.names(workers)).containsExactly("rp-robustpose-corrupt", "rp-robustpose-eval", "rp-robustpose-train");
        Set<TaskType> covered = EnumSet.noneOf(TaskType.class);
        for (Deployment d : workers) {
            List<TaskType> types = Manifests.taskTypes(d);
            covered.addAll(types);
            String service = Manifests.serviceOf(types.get(0));
            assertThat(container(d).getImage()).as(d.getMetadata().getName())
                    .isEqualTo("ghcr.io/robustpose/" + service + ":" + appVersion);
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("robustpose.io/service", service);
            assertThat(container(d).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
            // the pod name is the worker id: task status shows which pod ran a task
            assertThat(env(container(d), "ROBUSTPOSE_WORKER_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            assertThat(env(container(d), "ROBUSTPOSE_WORKER_SHUTDOWN_GRACE").getValue()).isEqualTo("20s");
            assertThat(pod(d).getTerminationGracePeriodSeconds()).isGreaterThan(20);
        }
        assertThat(covered).containsExactlyInAnyOrder(TaskType.values());
        assertThat(Manifests.taskTypes(Manifests.pool(r, "eval"))).containsExactly(TaskType.EVAL, TaskType.AGGREGATE, TaskType.REPORT);
    }

    /**
     * The train and eval workers run with the C allocator settings of the launcher, {@code bin/robustpose} (the
     * benchmarks' configuration); the corruption workers, which run no tensors, with glibc's defaults.
     */
    @Test
    void tensorWorkersRunWithTheLaunchersAllocatorSettings() throws Exception {
        String launcher = java.nio.file.Files.readString(Chart.DIR.getParent().getParent().resolve("bin/robustpose"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("GLIBC_TUNABLES-([^}\"]+)}").matcher(launcher);
        assertThat(m.find()).as("bin/robustpose sets a default GLIBC_TUNABLES").isTrue();
        assertThat(env(container(Manifests.pool(r, "train")), "GLIBC_TUNABLES").getValue()).isEqualTo(m.group(1));
        assertThat(env(container(Manifests.pool(r, "eval")), "GLIBC_TUNABLES").getValue()).isEqualTo(m.group(1));
        assertThat(Manifests.hasEnv(container(Manifests.pool(r, "corrupt")), "GLIBC_TUNABLES")).isFalse();
        assertThat(Manifests.hasEnv(container(r.get(Deployment.class, "rp-robustpose-orchestrator")), "GLIBC_TUNABLES"))
                .isFalse();
        // a pool may turn it off
        Chart.Rendered off = Chart.renderWith("workerPools: {train: {mallocTunables: \"\"}}\n");
        assertThat(Manifests.hasEnv(container(Manifests.pool(off, "train")), "GLIBC_TUNABLES")).isFalse();
        assertThat(env(container(Manifests.pool(off, "eval")), "GLIBC_TUNABLES").getValue()).isEqualTo(m.group(1));
    }

    @Test
    void everyPodIsHardenedProbedAndScraped() {
        List<Deployment> all = r.all(Deployment.class);
        assertThat(all).hasSize(4);
        for (Deployment d : all) {
            Manifests.assertStandardPod(d, r);
        }
        // the artifact store: one claim at one path in every pod
        Set<String> claims = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (Deployment d : all) {
            String path = env(container(d), "ROBUSTPOSE_ARTIFACTS").getValue();
            paths.add(path);
            claims.add(volume(pod(d), mount(container(d), path).getName()).getPersistentVolumeClaim().getClaimName());
        }
        assertThat(paths).hasSize(1);
        assertThat(claims).containsExactly("rp-robustpose-artifacts");
        PersistentVolumeClaim pvc = r.get(PersistentVolumeClaim.class, "rp-robustpose-artifacts");
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(pvc.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void dataRootsAreMountedReadOnlyInEveryPodWhereTheOrchestratorLooks() {
        Container orch = container(r.get(Deployment.class, "rp-robustpose-orchestrator"));
        String roots = env(orch, "ROBUSTPOSE_DATA_ROOTS").getValue();
        assertThat(roots).isEqualTo("/var/lib/robustpose/data");
        for (Deployment d : r.all(Deployment.class)) {
            var m = mount(container(d), roots);
            assertThat(m.getReadOnly()).isTrue();
            assertThat(volume(pod(d), m.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo("rp-robustpose-data");
        }
    }

    @Test
    void theApiTokenIsAGeneratedSecretTheOrchestratorReads() {
        EnvVar token = env(container(r.get(Deployment.class, "rp-robustpose-orchestrator")), "ROBUSTPOSE_API_TOKEN");
        var ref = token.getValueFrom().getSecretKeyRef();
        Secret secret = r.get(Secret.class, ref.getName());
        String value = new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        assertThat(value).hasSize(40).matches("[A-Za-z0-9]+");
        // an existing Secret replaces the generated one
        Chart.Rendered existing = Chart.render(List.of(), Map.of("apiToken.existingSecret", "my-token"));
        assertThat(existing.find(Secret.class, "rp-robustpose-api-token")).isEmpty();
        assertThat(env(container(existing.get(Deployment.class, "rp-robustpose-orchestrator")), "ROBUSTPOSE_API_TOKEN")
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-token");
    }

    @Test
    void servicesAndDisruptionBudgetsSelectTheirDeployment() {
        for (Service s : r.all(Service.class)) {
            Deployment target = r.get(Deployment.class, s.getMetadata().getName());
            var selected = r.all(Deployment.class).stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels()
                    .entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
            assertThat(selected).as(s.getMetadata().getName()).containsExactly(target);
            assertThat(s.getSpec().getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
        }
        assertThat(r.get(Service.class, "rp-robustpose-corrupt").getSpec().getClusterIP()).isEqualTo("None");
        List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
        assertThat(Manifests.names(pdbs)).isEqualTo(Manifests.names(r.all(Deployment.class)));
        for (PodDisruptionBudget pdb : pdbs) {
            Deployment d = r.get(Deployment.class, pdb.getMetadata().getName());
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        }
    }

    /**
     * The default, keda.enabled "auto", on a cluster that serves no KEDA API (helm-java renders with the built-in
     * API versions only, so the KEDA side of "auto" is not rendered here): the CPU HPA fallback.
     */
    @Test
    void withoutKedaEachPoolHasACpuHpaCappedAtItsPartitions() throws Exception {
        assertThat(java.nio.file.Files.readString(Chart.DIR.resolve("values.yaml"))).contains("keda:\n  enabled: auto\n");
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        assertThat(hpas).hasSize(3);
        for (HorizontalPodAutoscaler h : hpas) {
            Deployment d = r.get(Deployment.class, h.getSpec().getScaleTargetRef().getName());
            assertThat(h.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(d.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
            assertThat(h.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(1);
            assertThat(h.getSpec().getMaxReplicas()).isBetween(h.getSpec().getMinReplicas(),
                    Manifests.partitionCap(Manifests.taskTypes(d)));
            assertThat(h.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        }
        assertThat(r.get(HorizontalPodAutoscaler.class, "rp-robustpose-train").getSpec().getMaxReplicas()).isEqualTo(4);
    }

    @Test
    void kafkaIsPlaintextByDefault() {
        for (Deployment d : r.all(Deployment.class)) {
            Container c = container(d);
            assertThat(env(c, "ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS").getValue()).isEqualTo("kafka:9092");
            assertThat(Manifests.hasEnv(c, "ROBUSTPOSE_KAFKA_SECURITY_PROTOCOL")).isFalse();
            assertThat(Manifests.hasEnv(c, "ROBUSTPOSE_KAFKA_SASL_JAAS_CONFIG")).isFalse();
        }
    }

    @Test
    void theDashboardShipsAsAConfigMapForTheGrafanaSidecar() throws Exception {
        ConfigMap cm = r.get(ConfigMap.class, "rp-robustpose-dashboard");
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        String json = cm.getData().get("robustpose.json");
        assertThat(json).isEqualTo(Chart.read(Chart.DIR.resolve("dashboards/robustpose.json")).stripTrailing());
        JsonNode dashboard = new ObjectMapper().readTree(json);
        assertThat(dashboard.get("uid").asText()).isEqualTo("robustpose-overview");
        assertThat(dashboard.get("panels").size()).isGreaterThan(10);
    }
}
