package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.robustpose.deploy.Manifests.container;
import static io.robustpose.deploy.Manifests.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Immutable image references, volume ownership changes only when needed, and the NetworkPolicies. */
class ImagesAndNetworkTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void digestsPinImagesAndAMutableTagIsWarnedAbout() {
        Chart.Rendered r = Chart.renderWith("""
                image: {digests: {orchestrator: "%1$s", train-worker-cuda: "%1$s"}}
                workerPools: {train: {image: {variant: cuda}, gpu: 1}}
                """.formatted(DIGEST));
        Deployment orchestrator = r.all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("-orchestrator")).findFirst().orElseThrow();
        assertThat(container(orchestrator).getImage()).isEqualTo("ghcr.io/robustpose/orchestrator@" + DIGEST);
        assertThat(container(Manifests.pool(r, "train")).getImage()).isEqualTo("ghcr.io/robustpose/train-worker@" + DIGEST);
        // pools without a digest keep their tag
        assertThat(container(Manifests.pool(r, "eval")).getImage()).endsWith("/eval-worker:0.1.0-SNAPSHOT");
        assertThatThrownBy(() -> Chart.renderWith("image: {digests: {orchestrator: \"latest\"}}\n"))
                .hasMessageContaining("image.digests");

        String mutable = "mutable tag \"0.1.0-SNAPSHOT\"";
        assertThat(Chart.notes(List.of(), Map.of())).contains(mutable);
        assertThat(Chart.notes(List.of(), Map.of("image.tag", "0.1.0"))).doesNotContain("mutable tag");
    }

    @Test
    void sharedVolumesChangeOwnershipOnlyOnRootMismatch() {
        for (Deployment d : Chart.render(List.of(), Map.of()).all(Deployment.class)) {
            assertThat(pod(d).getSecurityContext().getFsGroupChangePolicy()).as(d.getMetadata().getName())
                    .isEqualTo("OnRootMismatch");
        }
    }

    @Test
    void networkPoliciesOpenOnlyTheApiAndTheMetricsPort() {
        assertThat(Chart.render(List.of(), Map.of()).all(NetworkPolicy.class)).isEmpty();
        Chart.Rendered r = Chart.renderWith("""
                networkPolicy:
                  enabled: true
                  apiFrom: [{namespaceSelector: {matchLabels: {team: vision}}}]
                """);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        assertThat(policies).hasSize(3);
        NetworkPolicy deny = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-default-deny")).findFirst().orElseThrow();
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        // the deny policy selects every pod of the release
        for (Deployment d : r.all(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deny.getSpec().getPodSelector().getMatchLabels());
        }
        NetworkPolicy api = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-api")).findFirst().orElseThrow();
        assertThat(api.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "orchestrator");
        assertThat(api.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
            assertThat(rule.getFrom()).singleElement().satisfies(f ->
                    assertThat(f.getNamespaceSelector().getMatchLabels()).containsEntry("team", "vision"));
        });
        NetworkPolicy metrics = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-metrics")).findFirst().orElseThrow();
        assertThat(metrics.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertThat(rule.getFrom()).singleElement().satisfies(f -> assertThat(f.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "monitoring")));
    }
}
