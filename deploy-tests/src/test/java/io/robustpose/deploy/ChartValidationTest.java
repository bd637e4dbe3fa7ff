package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.robustpose.deploy.Manifests.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that would deploy something broken are refused at render time, with a message that says why. */
class ChartValidationTest {
    private static final String ALL_POOLS_MAX_100 = """
            workerPools:
              corrupt: {replicas: {min: 1, max: 100}}
              train: {replicas: {min: 1, max: 100}}
              eval: {replicas: {min: 1, max: 100}}
            """;

    @Test
    void replicasAreCappedAtThePartitionsTheServicesCreate() {
        // KEDA and HPA alike: the chart's topicPartitions must agree with Topic.java
        for (String autoscaler : List.of("keda: {enabled: true}", "keda: {enabled: false}")) {
            Chart.Rendered r = Chart.renderWith(ALL_POOLS_MAX_100 + autoscaler + "\n");
            for (Deployment d : Manifests.workerDeployments(r)) {
                int cap = Manifests.partitionCap(Manifests.taskTypes(d));
                int max = autoscaler.contains("true")
                        ? ((Number) spec(r.generic("ScaledObject").stream()
                        .filter(g -> g.getMetadata().getName().equals(d.getMetadata().getName())).findFirst().orElseThrow())
                        .get("maxReplicaCount")).intValue()
                        : r.get(HorizontalPodAutoscaler.class, d.getMetadata().getName()).getSpec().getMaxReplicas();
                assertThat(max).as(autoscaler + " " + d.getMetadata().getName()).isEqualTo(cap);
            }
        }
    }

    @Test
    void withoutAnyAutoscalerPoolsRunTheirMinimum() {
        Chart.Rendered r = Chart.render(List.of(), Map.of("hpa.enabled", false));
        assertThat(r.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(Manifests.pool(r, "train").getSpec().getReplicas()).isEqualTo(1);
        assertThat(r.all(GenericKubernetesResource.class)).isEmpty();
    }

    @Test
    void everyTaskTypeNeedsAPool() {
        assertThatThrownBy(() -> Chart.render(List.of(), Map.of("workerPools.eval.enabled", false)))
                .hasMessageContaining("no enabled worker pool executes eval tasks");
    }

    @Test
    void aPoolRunsOneService() {
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {train: {taskTypes: [train, eval]}}\n"))
                .hasMessageContaining("workerPools.train").hasMessageContaining("different services");
    }

    @Test
    void gpusNeedTheCudaImageAndCorruptionHasNone() {
        assertThatThrownBy(() -> Chart.render(List.of(), Map.of("workerPools.train.gpu", 1)))
                .hasMessageContaining("workerPools.train: gpu: 1 needs image.variant: cuda");
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {corrupt: {image: {variant: cuda}}}\n"))
                .hasMessageContaining("corruption-worker has no cuda image");
    }

    @Test
    void moreMinimumReplicasThanPartitionsIsRefused() {
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {train: {replicas: {min: 5, max: 8}}}\n"))
                .hasMessageContaining("replicas.min (5) exceeds the partitions of its topics (4)");
    }

    @Test
    void theSchemaRejectsTyposAndBadValues() {
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {train: {replica: {min: 1, max: 2}}}\n"))
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {train: {taskTypes: [training]}}\n"))
                .hasMessageContaining("taskTypes");
        assertThatThrownBy(() -> Chart.renderWith("workerPools: {Train_GPU: {taskTypes: [train], replicas: {min: 0, max: 1}}}\n"))
                .hasMessageContaining("Train_GPU");
        assertThatThrownBy(() -> Chart.renderWith("worker: {sessionTimeout: 45}\n"))
                .hasMessageContaining("sessionTimeout");
    }

    @Test
    void aNewPoolNeedsOnlyItsTaskTypesAndReplicas() {
        Chart.Rendered r = Chart.renderWith("workerPools: {report-only: {taskTypes: [report], replicas: {min: 1, max: 9}}}\n");
        Deployment d = Manifests.pool(r, "report-only");
        Manifests.assertStandardPod(d, r);
        assertThat(Manifests.container(d).getImage()).contains("/eval-worker:");
        assertThat(r.get(HorizontalPodAutoscaler.class, "rp-robustpose-report-only").getSpec().getMaxReplicas())
                .isEqualTo(io.robustpose.workflow.message.Topic.TASKS_REPORT.partitions());
    }
}
