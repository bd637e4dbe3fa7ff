package io.robustpose.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions every rendering must satisfy, whatever the values. */
final class Manifests {
    static final String POOL_LABEL = "robustpose.io/pool";
    static final String TASK_TYPES_ANNOTATION = "robustpose.io/task-types";

    private Manifests() {
    }

    static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(cs).as(d.getMetadata().getName()).hasSize(1);
        return cs.get(0);
    }

    static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name + ": "
                        + c.getEnv().stream().map(EnvVar::getName).toList()));
    }

    static boolean hasEnv(Container c, String name) {
        return c.getEnv().stream().anyMatch(e -> e.getName().equals(name));
    }

    static int envIndex(Container c, String name) {
        for (int i = 0; i < c.getEnv().size(); i++) {
            if (c.getEnv().get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no env " + name);
    }

    static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static List<Deployment> workerDeployments(Chart.Rendered r) {
        return r.all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().containsKey(POOL_LABEL)).toList();
    }

    static Deployment pool(Chart.Rendered r, String pool) {
        return r.get(Deployment.class, Chart.RELEASE + "-robustpose-" + pool);
    }

    /** The task types a worker pool is responsible for, as the chart annotates its pods. */
    static List<TaskType> taskTypes(Deployment d) {
        String csv = d.getSpec().getTemplate().getMetadata().getAnnotations().get(TASK_TYPES_ANNOTATION);
        assertThat(csv).as(d.getMetadata().getName() + " task types").isNotBlank();
        return Arrays.stream(csv.split(",")).map(TaskType::parse).toList();
    }

    /** The partitions a pool's replicas are capped at: the most partitioned of its topics (from Topic.java). */
    static int partitionCap(List<TaskType> types) {
        return types.stream().mapToInt(t -> Topic.forTasks(t).partitions()).max().orElseThrow();
    }

    /** The service each task type runs in (the worker services' handler maps). */
    static String serviceOf(TaskType t) {
        return switch (t) {
            case CORRUPT -> "corruption-worker";
            case TRAIN -> "train-worker";
            case EVAL, AGGREGATE, REPORT -> "eval-worker";
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource g) {
        return (Map<String, Object>) g.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static <T> Map<String, T> stringMap(Object o) {
        return (Map<String, T>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** The hardening, probes, ports, scrape annotations, mounts and env every robustpose pod has. */
    static void assertStandardPod(Deployment d, Chart.Rendered r) {
        String name = d.getMetadata().getName();
        PodSpec pod = pod(d);
        Container c = container(d);

        // selector selects the template
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(name)
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

        // non-root, read-only root filesystem, no capabilities, default seccomp profile
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotNull().isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).contains("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(name).isNullOrEmpty();
        assertThat(c.getSecurityContext().getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
        // ... and a writable /tmp
        VolumeMount tmp = mount(c, "/tmp");
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(name + " /tmp").isNotNull();
        assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();

        // one HTTP port: API, health, metrics
        List<ContainerPort> ports = c.getPorts();
        assertThat(ports).as(name).hasSize(1);
        ContainerPort http = ports.get(0);
        assertThat(http.getName()).isEqualTo("http");
        assertThat(env(c, "ROBUSTPOSE_HTTP_PORT").getValue()).as(name).isEqualTo(String.valueOf(http.getContainerPort()));

        // probes on the Quarkus health endpoints, on that port
        assertProbe(c.getLivenessProbe(), "/q/health/live", name);
        assertProbe(c.getReadinessProbe(), "/q/health/ready", name);
        assertProbe(c.getStartupProbe(), "/q/health/started", name);

        // scrape annotations on the metrics port
        Map<String, String> ann = d.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(ann).as(name).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(http.getContainerPort()))
                .containsEntry("prometheus.io/path", "/q/metrics");

        // resource defaults: requests and a memory limit
        assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(name).containsKey("memory");

        // the artifact store where ROBUSTPOSE_ARTIFACTS says, from a claim
        String artifacts = env(c, "ROBUSTPOSE_ARTIFACTS").getValue();
        VolumeMount am = mount(c, artifacts);
        assertThat(am.getReadOnly()).as(name).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(pod, am.getName()).getPersistentVolumeClaim()).as(name + " artifacts").isNotNull();

        // Kafka
        assertThat(env(c, "ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS").getValue()).as(name).isNotBlank();

        // every referenced service account exists
        r.get(io.fabric8.kubernetes.api.model.ServiceAccount.class, pod.getServiceAccountName());
    }

    static void assertProbe(Probe p, String path, String what) {
        assertThat(p).as(what + " probe " + path).isNotNull();
        assertThat(p.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(p.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("http");
    }

    /** fabric8 keeps unknown fields in additionalProperties: a typo in a template ends up there. */
    static void assertNoUnknownFields(HasMetadata resource) {
        if (resource instanceof GenericKubernetesResource) {
            return; // CRDs: checked field by field by the tests
        }
        walk(resource, resource.getKind() + "/" + resource.getMetadata().getName(), new IdentityHashMap<>());
    }

    private static void walk(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) v).as("unknown fields at " + path).isNullOrEmpty();
            } else {
                walk(v, path + "." + m.getName().substring(3), seen);
            }
        }
    }

    static Set<String> names(Collection<? extends HasMetadata> rs) {
        return rs.stream().map(x -> x.getMetadata().getName()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
