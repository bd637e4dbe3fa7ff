package io.robustpose.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables the services, the CLI and its launcher read — found in their sources — against
 * the README's configuration table and the chart's templates: an undocumented variable, a documented one
 * nothing reads any more, or a chart setting a variable no service reads fails.
 */
class ConfigurationDocumentedTest {
    private static final Path ROOT = Chart.DIR.getParent().getParent();
    private static final List<String> SERVICE_MODULES = List.of("orchestrator", "corruption-worker", "train-worker",
            "eval-worker", "worker-service", "service-support");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    // an abstract accessor of a @ConfigMapping interface (defaults have bodies)
    private static final Pattern ACCESSOR = Pattern.compile("(?m)^\\s+(?!default|static|return)[\\w<>.,? ]+\\s+(\\w+)\\(\\);");
    private static final Pattern PROPERTY_FROM_ENV = Pattern.compile("(?m)^([\\w.-]+)=\\$\\{(ROBUSTPOSE_[A-Z0-9_]+)");
    private static final Pattern ENV_REFERENCE = Pattern.compile("(?:getenv\\(\"|getenv\\(\\)\\.getOrDefault\\(\"|\\$\\{)(ROBUSTPOSE_[A-Z0-9_]+)");

    /** Every variable read by the services (Quarkus config: property names, or the variable application.properties names). */
    static Set<String> readByServices() {
        Map<String, String> fromEnv = new HashMap<>();
        Set<String> properties = new TreeSet<>();
        for (String module : SERVICE_MODULES) {
            for (Path f : files(ROOT.resolve(module).resolve("src/main"))) {
                String text = read(f);
                if (f.toString().endsWith("application.properties")) {
                    Matcher m = PROPERTY_FROM_ENV.matcher(text);
                    while (m.find()) {
                        fromEnv.put(m.group(1), m.group(2));
                    }
                    continue;
                }
                Matcher p = CONFIG_PROPERTY.matcher(text);
                while (p.find()) {
                    properties.add(p.group(1));
                }
                Matcher mapping = CONFIG_MAPPING.matcher(text);
                if (mapping.find()) {
                    Matcher a = ACCESSOR.matcher(text.substring(mapping.end()));
                    while (a.find()) {
                        properties.add(mapping.group(1) + "." + kebab(a.group(1)));
                    }
                }
            }
        }
        Set<String> env = new TreeSet<>(fromEnv.values());
        for (String p : properties) {
            env.add(fromEnv.getOrDefault(p, p.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return env;
    }

    /** Variables the CLI and its launcher read. */
    static Set<String> readByCli() {
        Set<String> env = new TreeSet<>();
        List<Path> sources = new ArrayList<>(files(ROOT.resolve("cli/src/main")));
        sources.add(ROOT.resolve("bin/robustpose"));
        for (Path f : sources) {
            Matcher m = ENV_REFERENCE.matcher(read(f));
            while (m.find()) {
                env.add(m.group(1));
            }
        }
        return env;
    }

    @Test
    void everyVariableTheServicesAndTheCliReadIsInTheReadmeTableAndEveryDocumentedOneIsRead() {
        List<List<String>> rows = readmeRows();
        Set<String> read = new TreeSet<>(readByServices());
        read.addAll(readByCli());
        assertThat(read).as("found in the sources").contains("ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS",
                "ROBUSTPOSE_WORKER_SESSION_TIMEOUT", "ROBUSTPOSE_INSECURE", "ROBUSTPOSE_CDS", "ROBUSTPOSE_URL");
        List<String> undocumented = read.stream().filter(v -> rows.stream().noneMatch(r -> documents(r, v))).toList();
        assertThat(undocumented).as("read but not in README's 'Configuration (environment variables)'").isEmpty();
        List<String> stale = rows.stream().flatMap(List::stream).filter(t -> t.startsWith("ROBUSTPOSE_"))
                .filter(t -> !read.contains(t)).toList();
        assertThat(stale).as("documented but read by nothing").isEmpty();
    }

    @Test
    void theChartSetsOnlyVariablesTheServicesRead() throws IOException {
        // the services, and the clients the chart runs: the CLI's variables, the helm test's program
        Set<String> read = new TreeSet<>(readByServices());
        read.addAll(readByCli());
        Matcher smoke = ENV_REFERENCE.matcher(read(Chart.DIR.resolve("files/helm-test/Smoke.java")));
        while (smoke.find()) {
            read.add(smoke.group(1));
        }
        Set<String> set = new TreeSet<>();
        for (Path f : files(Chart.DIR.resolve("templates"))) {
            Matcher m = Pattern.compile("name: (ROBUSTPOSE_[A-Z0-9_]+)").matcher(read(f));
            while (m.find()) {
                set.add(m.group(1));
            }
        }
        assertThat(set).contains("ROBUSTPOSE_KAFKA_PREFIX", "ROBUSTPOSE_WORKER_ID", "ROBUSTPOSE_TEST_TIMEOUT_SECONDS");
        assertThat(set).allSatisfy(v -> assertThat(read).as("the chart sets " + v).contains(v));
    }

    /** A row documents a variable by its full name, or by a suffix ({@code _MAX_BACKOFF}, {@code _SSL_KEYSTORE_*}) after a full name of its family. */
    private static boolean documents(List<String> row, String variable) {
        String family = null;
        for (String token : row) {
            if (token.startsWith("ROBUSTPOSE_")) {
                if (token.equals(variable)) {
                    return true;
                }
                String[] parts = token.split("_");
                family = parts[0] + "_" + parts[1];
            } else if (token.startsWith("_") && family != null && variable.startsWith(family + "_")) {
                if (token.endsWith("*") ? variable.substring(family.length()).startsWith(token.substring(0, token.length() - 1))
                        : variable.endsWith(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first cells of the README's configuration table, as the names in backticks ({@code a/b} split). */
    private static List<List<String>> readmeRows() {
        String readme = read(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Configuration (environment variables)");
        assertThat(start).as("README section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 5);
        List<List<String>> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            List<String> tokens = new ArrayList<>();
            Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
            while (m.find()) {
                for (String t : m.group(1).split("/")) {
                    tokens.add(t.startsWith("ROBUSTPOSE_") || t.startsWith("_") ? t : "_" + t);
                }
            }
            rows.add(tokens);
        }
        assertThat(rows).hasSizeGreaterThan(5);
        return rows;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java")
                    || p.toString().endsWith(".properties") || p.toString().endsWith(".yaml") || p.toString().endsWith(".tpl"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
