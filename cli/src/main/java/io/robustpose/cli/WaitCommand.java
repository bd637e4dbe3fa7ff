package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "wait", description = "Wait until an experiment ends, printing its progress when it changes; "
        + "exit 0 when it succeeded, 1 when it failed or was cancelled, 3 on timeout.")
final class WaitCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(index = "0", description = "experiment id")
    String id;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "give up after this long (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--interval", defaultValue = "PT5S", description = "polling interval (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            HttpResponse<String> r = api.get("/experiments/" + id);
            if (r.statusCode() / 100 != 2) {
                return ApiClient.print(r);
            }
            JsonNode s = Json.MAPPER.readTree(r.body());
            String line = progress(s);
            if (!line.equals(last)) {
                System.err.println(line);
                last = line;
            }
            String state = s.path("state").asText();
            if (!state.equals("RUNNING")) {
                if (s.hasNonNull("error")) {
                    System.err.println("error: " + s.get("error").asText());
                }
                return state.equals("SUCCEEDED") ? 0 : 1;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("still running after " + timeout);
                return 3;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** One line: state, done of all, in flight, retries. */
    static String progress(JsonNode s) {
        Map<String, Integer> counts = StatusCommand.taskCounts(s);
        int done = counts.getOrDefault("SUCCEEDED", 0);
        int running = counts.getOrDefault("RUNNING", 0) + counts.getOrDefault("DISPATCHED", 0);
        int retrying = counts.getOrDefault("RETRY_WAIT", 0);
        return String.format("%s %s: %d/%d tasks done, %d in flight%s", s.path("experimentId").asText(),
                s.path("state").asText(), done, s.path("tasks").size(), running,
                retrying > 0 ? ", " + retrying + " waiting to retry" : "");
    }
}
