package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm test`: the chart's smoke program, run by the orchestrator image against the release (it runs for real in PlatformIT). */
class HelmTestHookTest {

    /**
     * helm-java returns a rendering's hooks apart from its manifest (and not at all): the chart is copied with the
     * test templates' hook annotations taken out, so they render as plain manifests; the annotations are checked
     * in the template itself.
     */
    private static Chart.Rendered renderTests(String valuesYaml) throws Exception {
        Path copy = Files.createTempDirectory("chart-");
        try (var files = Files.walk(Chart.DIR)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(Chart.DIR.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.startsWith(Chart.DIR.resolve("templates/tests"))) {
                    Files.writeString(target, Files.readString(f).replaceAll("(?m)^\\s*helm\\.sh/hook[-a-z]*:.*\\n", ""));
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Path values = Files.writeString(copy.resolve("test-values.yaml"), valuesYaml);
        TemplateCommand t = new Helm(copy).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(values);
        return new Chart.Rendered(t.call());
    }

    @Test
    void theTestHooksAreDeclaredAsHelmTests() throws Exception {
        String template = Files.readString(Chart.DIR.resolve("templates/tests/smoke.yaml"));
        assertThat(template.split("helm.sh/hook: test", -1)).hasSize(3); // the ConfigMap and the Pod
        assertThat(template).contains("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded");
        // hooks are not part of the release's manifest
        assertThat(Chart.render(List.of(), Map.of()).all(Pod.class)).isEmpty();
    }

    @Test
    void theTestPodRunsTheSmokeProgramWithTheOrchestratorImageAndTheToken() throws Exception {
        Chart.Rendered r = renderTests("helmTest: {experiment: \"name: tiny\\n\"}\n");
        Pod pod = r.all(Pod.class).stream().filter(p -> p.getMetadata().getName().endsWith("-helm-test")).findFirst()
                .orElseThrow();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/robustpose/orchestrator:0.1.0-SNAPSHOT");
        assertThat(c.getCommand()).containsExactly("java", "-XX:TieredStopAtLevel=1", "/helm-test/Smoke.java");
        assertThat(Manifests.env(c, "ROBUSTPOSE_URL").getValue()).isEqualTo("http://rp-robustpose-orchestrator:8080");
        assertThat(Manifests.env(c, "ROBUSTPOSE_API_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("rp-robustpose-api-token");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();

        ConfigMap files = r.all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().endsWith("-helm-test"))
                .findFirst().orElseThrow();
        assertThat(files.getData().get("Smoke.java").strip())
                .isEqualTo(Files.readString(Chart.DIR.resolve("files/helm-test/Smoke.java")).strip());
        assertThat(files.getData().get("experiment.yaml").strip()).isEqualTo("name: tiny");

        assertThat(renderTests("helmTest: {enabled: false}\n").all(Pod.class)).isEmpty();
        assertThat(renderTests("{}\n").all(ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().endsWith("-helm-test")).findFirst().orElseThrow().getData())
                .doesNotContainKey("experiment.yaml");
    }
}
