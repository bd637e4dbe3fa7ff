package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static io.robustpose.deploy.Manifests.container;
import static io.robustpose.deploy.Manifests.env;
import static io.robustpose.deploy.Manifests.list;
import static io.robustpose.deploy.Manifests.pod;
import static io.robustpose.deploy.Manifests.spec;
import static org.assertj.core.api.Assertions.assertThat;

class ExposureAndMtlsTest {
    @Test
    void theIngressRoutesItsHostToTheOrchestratorsHttpPort() {
        Chart.Rendered r = Chart.renderWith("""
                orchestrator:
                  ingress: {enabled: true, className: nginx, host: robustpose.example.org,
                            tls: [{hosts: [robustpose.example.org], secretName: robustpose-tls}]}
                """);
        Ingress ing = r.get(Ingress.class, "rp-robustpose-orchestrator");
        Manifests.assertNoUnknownFields(ing);
        assertThat(ing.getSpec().getIngressClassName()).isEqualTo("nginx");
        var rule = ing.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("robustpose.example.org");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        Service svc = r.get(Service.class, backend.getName());
        assertThat(svc.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo(backend.getPort().getName()));
        assertThat(ing.getSpec().getTls().get(0).getSecretName()).isEqualTo("robustpose-tls");
    }

    @Test
    void mutualTlsUsesTheKafkaUsersKeystoreForServicesAndItsPemFilesForKeda() {
        Chart.Rendered r = Chart.renderWith("""
                kafka:
                  bootstrapServers: my-cluster-kafka-bootstrap.kafka:9093
                  tls: {enabled: true, caSecret: my-cluster-cluster-ca-cert, clientAuth: {enabled: true, secret: robustpose-app}}
                keda: {enabled: true}
                """);
        for (Deployment d : r.all(Deployment.class)) {
            Container c = container(d);
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SSL");
            assertThat(env(c, "ROBUSTPOSE_KAFKA_SSL_KEYSTORE_TYPE").getValue()).isEqualTo("PKCS12");
            String keystore = env(c, "ROBUSTPOSE_KAFKA_SSL_KEYSTORE_LOCATION").getValue();
            var mount = Manifests.mount(c, keystore.substring(0, keystore.lastIndexOf('/')));
            assertThat(Manifests.volume(pod(d), mount.getName()).getSecret().getSecretName()).isEqualTo("robustpose-app");
            var password = env(c, "ROBUSTPOSE_KAFKA_SSL_KEYSTORE_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(password.getName()).isEqualTo("robustpose-app");
            assertThat(password.getKey()).isEqualTo("user.password");
            assertThat(Manifests.hasEnv(c, "ROBUSTPOSE_KAFKA_SASL_JAAS_CONFIG")).isFalse();
        }
        GenericKubernetesResource auth = r.generic("TriggerAuthentication").get(0);
        Map<String, String> params = list(spec(auth).get("secretTargetRef")).stream()
                .collect(Collectors.toMap(p -> (String) p.get("parameter"), p -> p.get("name") + "/" + p.get("key")));
        assertThat(params).containsExactlyInAnyOrderEntriesOf(Map.of("ca", "my-cluster-cluster-ca-cert/ca.crt",
                "cert", "robustpose-app/user.crt", "key", "robustpose-app/user.key"));
        for (GenericKubernetesResource so : r.generic("ScaledObject")) {
            for (Map<String, Object> t : list(spec(so).get("triggers"))) {
                assertThat(Manifests.map(t.get("metadata"))).containsEntry("tls", "enable").doesNotContainKey("sasl");
            }
        }
    }
}
