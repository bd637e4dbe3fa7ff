package io.robustpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "status", description = "Show an experiment's state, task counts and the tasks in flight or failed "
        + "as a table (--json: the full status).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(index = "0", description = "experiment id")
    String id;

    @Option(names = "--json", description = "the full status as JSON (every task, results, metrics)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        HttpResponse<String> r = api.get("/experiments/" + id);
        if (json || r.statusCode() / 100 != 2) {
            return ApiClient.print(r);
        }
        System.out.print(table(Json.MAPPER.readTree(r.body())));
        return 0;
    }

    /** How many tasks of the status are in each state, by state name. */
    static Map<String, Integer> taskCounts(JsonNode s) {
        Map<String, Integer> counts = new TreeMap<>();
        s.path("tasks").forEach(t -> counts.merge(t.path("state").asText(), 1, Integer::sum));
        return counts;
    }

    /** The status for a person: state, counts per task state, then every task that is neither waiting nor done. */
    static String table(JsonNode s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s  %s  (submitted %s, updated %s)%n", s.path("experimentId").asText(),
                s.path("state").asText(), s.path("submittedAt").asText(), s.path("updatedAt").asText()));
        if (s.hasNonNull("error")) {
            out.append("error: ").append(s.get("error").asText()).append('\n');
        }
        Map<String, Integer> counts = taskCounts(s);
        out.append(String.format("tasks: %d  %s%n", s.path("tasks").size(), counts));
        String row = "%-34s %-11s %7s %-22s %8s  %s%n";
        StringBuilder rows = new StringBuilder();
        s.path("tasks").forEach(t -> {
            String state = t.path("state").asText();
            if (state.equals("WAITING") || state.equals("SUCCEEDED")) {
                return;
            }
            String progress = t.hasNonNull("progress") ? String.format("%.0f %%", 100 * t.get("progress").asDouble()) : "";
            String note = t.hasNonNull("error") ? t.get("error").asText() : t.path("message").asText("");
            rows.append(String.format(row, t.path("taskId").asText(), state, t.path("attempt").asInt(),
                    t.path("worker").asText(""), progress, note.length() > 100 ? note.substring(0, 97) + "..." : note));
        });
        if (!rows.isEmpty()) {
            out.append(String.format(row, "task", "state", "attempt", "worker", "progress", "message / error"));
            out.append(rows);
        }
        return out.toString();
    }
}
