package io.robustpose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "cancel", description = "Cancel a running experiment.")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(index = "0", description = "experiment id")
    String id;

    @Override
    public Integer call() throws Exception {
        return ApiClient.print(api.post("/experiments/" + id + "/cancel", "", "application/json"));
    }
}
