package io.robustpose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "list", description = "List experiments, oldest first (JSON; the total matching is on stderr).")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Option(names = "--state", description = "only these states, comma-separated (running, succeeded, failed, cancelled)")
    String state;

    @Option(names = "--offset", defaultValue = "0", description = "skip this many (default: ${DEFAULT-VALUE})")
    int offset;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many, 1..1000 (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        String query = "?offset=" + offset + "&limit=" + limit
                + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        var r = api.get("/experiments" + query);
        r.headers().firstValue("X-Total-Count").ifPresent(n -> System.err.println(n + " experiment(s) match"));
        return ApiClient.print(r);
    }
}
