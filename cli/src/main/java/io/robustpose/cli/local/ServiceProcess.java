package io.robustpose.cli.local;

import io.robustpose.kafka.EmbeddedKafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the Quarkus services started as its own JVM from its packaged fast-jar, with its output in
 * a log file. Used by {@code robustpose demo} and by the integration tests.
 */
public final class ServiceProcess implements AutoCloseable {
    /** The checkout holding the packaged services (set by bin/robustpose, or by the test runner). */
    public static final Path ROOT = Path.of(System.getProperty("robustpose.home",
            System.getProperty("robustpose.root", "."))).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String module;
    public final String name;
    public final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private final List<String> command;

    /** A Quarkus service of this checkout on a free HTTP port. */
    public ServiceProcess(String module, String name, Map<String, String> env, Path logDir) {
        this(module, name, env, logDir, EmbeddedKafka.freePort(), null);
    }

    private ServiceProcess(String module, String name, Map<String, String> env, Path logDir, int port,
                           List<String> command) {
        this.module = module;
        this.name = name;
        this.port = port;
        this.env = new HashMap<>(env);
        this.env.put("ROBUSTPOSE_HTTP_PORT", String.valueOf(port));
        // local processes listen on 127.0.0.1 (the services' default); without a token they run insecure there
        if (!this.env.containsKey("ROBUSTPOSE_API_TOKEN")) {
            this.env.putIfAbsent("ROBUSTPOSE_INSECURE", "true");
        }
        this.log = logDir.resolve(name + ".log");
        this.command = command;
    }

    /** The robustpose CLI itself in its own JVM (e.g. {@code broker --port N}); {@code port} is informational. */
    public static ServiceProcess cli(String name, List<String> args, int port, Path logDir) {
        String jar = Path.of(ServiceProcess.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path").isEmpty() ? jar : System.getProperty("java.class.path"),
                "io.robustpose.cli.RobustposeCli"));
        cmd.addAll(args);
        return new ServiceProcess(null, name, Map.of(), logDir, port, cmd);
    }

    /** Java heap per service: training holds weights, optimizer state and checkpoints in flight. */
    static String heap(String module) {
        return switch (module) {
            case "train-worker" -> "3g";
            case "eval-worker", "corruption-worker" -> "1g";
            default -> "256m";
        };
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify builds them)");
        }
        return jar;
    }

    public ServiceProcess start() throws IOException {
        List<String> cmd = command;
        if (cmd == null) {
            cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + heap(module), "-XX:+UseSerialGC"));
            if (module.equals("orchestrator")) {
                // C1 only, as in the chart: C2's compilations cost the orchestrator more CPU than they saved
                cmd.add("-XX:TieredStopAtLevel=1");
            }
            cmd.addAll(List.of("-jar", jar(module).toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log:\n" + tail());
    }

    /** Waits until the process has written {@code text} to its log (for processes without HTTP). */
    public void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not report '" + text + "' within " + timeout + "; log:\n" + tail());
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no graceful release of tasks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The operating system's id of the running process. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGTERM and wait, like Kubernetes stopping a pod. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
