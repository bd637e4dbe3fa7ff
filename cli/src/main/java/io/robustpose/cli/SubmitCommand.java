package io.robustpose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "submit", description = "Submit an experiment spec (YAML or JSON) to the orchestrator.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(index = "0", description = "spec file")
    Path spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("spec file not found: " + spec);
        }
        String text = Files.readString(spec);
        String type = text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
        return ApiClient.print(api.post("/experiments", text, type));
    }
}
