package io.robustpose.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The chart under test: lint it and render it with helm-java, parse the manifests with fabric8's model. */
final class Chart {
    static final Path DIR = Path.of(System.getProperty("robustpose.chart", "../helm/robustpose")).toAbsolutePath().normalize();
    static final String RELEASE = "rp";
    static final String NAMESPACE = "robustpose";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Chart.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /** helm template with these values files (in order) and --set pairs. */
    static String template(List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path f : valuesFiles) {
            t = t.withValuesFile(f);
        }
        for (var e : set.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return t.call();
    }

    /** NOTES.txt as `helm install` prints it (client-side dry run: no cluster). */
    static String notes(List<Path> valuesFiles, Map<String, Object> set) {
        var install = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path f : valuesFiles) {
            install = install.withValuesFile(f);
        }
        for (var e : set.entrySet()) {
            install = install.set(e.getKey(), e.getValue());
        }
        return install.dryRun().withDryRunOption(com.marcnuri.helm.DryRun.CLIENT).clientOnly().call().getOutput();
    }

    static Rendered render(List<Path> valuesFiles, Map<String, Object> set) {
        return new Rendered(template(valuesFiles, set));
    }

    /** Renders with values given as YAML text (lists and maps that --set cannot express), after the resources. */
    static Rendered renderWith(String valuesYaml, String... valuesResources) {
        try {
            Path f = Files.createTempFile("values-", ".yaml");
            try {
                Files.writeString(f, valuesYaml);
                List<Path> files = new ArrayList<>();
                for (String r : valuesResources) {
                    files.add(resource(r));
                }
                files.add(f);
                return render(files, Map.of());
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Rendered render(String... valuesResources) {
        List<Path> files = new ArrayList<>();
        for (String r : valuesResources) {
            files.add(resource(r));
        }
        return render(files, Map.of());
    }

    /** Every manifest of one rendering, parsed: typed for Kubernetes kinds, generic for CRDs. */
    static final class Rendered {
        final String yaml;
        final List<String> documents = new ArrayList<>();
        final List<HasMetadata> resources = new ArrayList<>();

        Rendered(String yaml) {
            this.yaml = yaml;
            for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
                String body = doc.lines().filter(l -> !l.startsWith("# Source:")).reduce("", (a, b) -> a + b + "\n");
                if (body.isBlank() || body.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                    continue;
                }
                documents.add(body);
                KubernetesResource parsed = SERIALIZATION.unmarshal(body, KubernetesResource.class);
                if (!(parsed instanceof HasMetadata hm)) {
                    throw new AssertionError("not a Kubernetes object: " + body);
                }
                resources.add(hm);
            }
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return resources.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
        }

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                    + " in " + names()));
        }

        List<GenericKubernetesResource> generic(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(g -> g.getKind().equals(kind)).toList();
        }

        Map<String, List<String>> names() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (HasMetadata r : resources) {
                m.computeIfAbsent(r.getKind(), k -> new ArrayList<>()).add(r.getMetadata().getName());
            }
            return m;
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            throw new IllegalStateException(p.toString(), e);
        }
    }
}
