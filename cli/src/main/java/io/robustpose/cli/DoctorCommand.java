package io.robustpose.cli;

import io.robustpose.core.device.Accelerators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** What the native engines see here and which device each setting would use. */
@Command(name = "doctor", description = "Print the engines, their versions, the usable devices and what --device auto/gpu "
        + "would use for each engine.")
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> report = Accelerators.report(Accelerators.probe());
        if (json) {
            System.out.println(io.robustpose.workflow.message.Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report));
        } else {
            report.forEach((k, v) -> System.out.printf("%-48s %s%n", k + ":", v));
        }
        return 0;
    }
}
