package io.robustpose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "list", description = "List experiments (JSON).")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws Exception {
        return ApiClient.print(api.get("/experiments"));
    }
}
