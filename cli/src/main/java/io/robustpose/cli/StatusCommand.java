package io.robustpose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "status", description = "Show an experiment's status and per-task progress (JSON).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(index = "0", description = "experiment id")
    String id;

    @Override
    public Integer call() throws Exception {
        return ApiClient.print(api.get("/experiments/" + id));
    }
}
