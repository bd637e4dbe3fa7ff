package io.robustpose.cli;

import io.robustpose.core.eval.robustness.RobustnessInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "robustness", description = "mPC / rPC table (the paper's Table 1 layout) from clean and per-corruption metrics.")
final class RobustnessCommand implements Callable<Integer> {
    @Option(names = "--metrics", required = true, description = "a metrics file or a directory of them")
    Path metrics;

    @Option(names = "--format", defaultValue = "md", description = "md | csv | json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        var table = RobustnessInputs.read(metrics).table();
        System.out.print(switch (format) {
            case "md" -> table.toMarkdown();
            case "csv" -> table.toCsv();
            case "json" -> table.toJson() + "\n";
            default -> throw new IllegalArgumentException("--format: unknown '" + format + "' (allowed: md, csv, json)");
        });
        if (!table.complete()) {
            System.err.println("warning: incomplete inputs; see the 'missing' entries — mPC is not averaged over gaps");
        }
        return 0;
    }
}
