package io.robustpose.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.cli.local.ServiceProcess;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.TaskType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator's REST API as the integration tests call it, riding out restarts of the process. */
final class ExperimentsApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<ServiceProcess> orchestrator;
    private final String token;

    /** {@code token}: the bearer token, or null for an insecure deployment. */
    ExperimentsApi(Supplier<ServiceProcess> orchestrator, String token) {
        this.orchestrator = orchestrator;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(orchestrator.get().url() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/yaml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, boolean withToken) throws Exception {
        return send("POST", path, body, withToken);
    }

    /** The experiment's status; an IOException while the orchestrator is down or still restoring. */
    JsonNode status(String id) throws Exception {
        var r = send("GET", "/experiments/" + id, null, true);
        if (r.statusCode() != 200) {
            throw new IOException("GET /experiments/" + id + ": " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    String submit(String spec) throws Exception {
        var r = post("/experiments", spec, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    JsonNode awaitState(String id, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            try {
                s = status(id);
                if (done.test(s)) {
                    return s;
                }
            } catch (IOException orchestratorDown) {
                // restarting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("experiment " + id + " did not reach the expected state within " + timeout + ": " + s);
    }

    JsonNode awaitEnd(String id, Duration timeout) throws Exception {
        return awaitState(id, s -> !s.get("state").asText().equals("RUNNING"), timeout);
    }

    /** Starts every process, then waits until each is ready (they start in parallel). */
    static void startAll(Collection<ServiceProcess> services, Duration timeout) throws Exception {
        for (ServiceProcess s : services) {
            s.start();
        }
        for (ServiceProcess s : services) {
            s.awaitReady(timeout);
        }
    }

    /**
     * Waits until the consumer group of {@code type}'s workers is stable with {@code members} members, each holding
     * partitions. Readiness says a worker's broker is reachable, not that its consumer joined: a task dispatched before
     * the last member joins can be moved by that rebalance — stopped on one worker and started again on the other
     * (seen in CI on 2026-12-04 once training got faster: {@code train-std} started twice).
     */
    static void awaitWorkerGroup(KafkaClients kafka, TaskType type, int members, Duration timeout) throws Exception {
        String group = kafka.names().workerGroup(type);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS);
                if (d.groupState() == GroupState.STABLE && d.members().size() == members
                        && d.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("worker group " + group + " not stable with " + members + " members within "
                            + timeout + ": " + d);
                }
                Thread.sleep(200);
            }
        }
    }

    /** SIGTERM to every process (as Kubernetes stops a pod), then the broker. */
    static void stopAll(Collection<ServiceProcess> services, io.robustpose.kafka.EmbeddedKafka broker) throws Exception {
        for (ServiceProcess s : services) {
            s.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Removes a suite's temporary directory — checkpoints, materialized images and the broker's log, gigabytes per
     * run (left behind, eleven local runs filled this machine's disk) — unless {@code -Drobustpose.it.keep=true}; the
     * services' logs stay in {@code target/it-logs}.
     */
    static void removeWork(java.nio.file.Path work) throws IOException {
        if (work != null && !Boolean.getBoolean("robustpose.it.keep")) {
            io.robustpose.core.FileTrees.delete(work);
        }
    }

    /** A worker process of {@code module} with its own worker id. */
    static ServiceProcess worker(String module, String id, java.util.Map<String, String> env, java.nio.file.Path logs) {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("ROBUSTPOSE_WORKER_ID", id);
        return new ServiceProcess(module, id, e, logs);
    }
}
