package io.robustpose.cli;

import io.robustpose.core.eval.pckh.Pckh;
import io.robustpose.core.eval.pckh.PckhCase;
import io.robustpose.workflow.message.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "pckh", description = "MPII PCKh (official MATLAB variant or mmpose 1.x) of a case file; JSON on stdout.")
final class PckhCommand implements Callable<Integer> {
    @Option(names = "--case", required = true, description = "case JSON: pred, gt, visible, headboxes, pred_is_zero_based")
    Path caseFile;

    @Option(names = "--variant", defaultValue = "official", description = "official | mmpose (default: ${DEFAULT-VALUE})")
    String variant;

    @Override
    public Integer call() {
        Pckh.Variant v = Pckh.Variant.byId(variant).orElseThrow(() ->
                new IllegalArgumentException("--variant: unknown '" + variant + "' (allowed: official, mmpose)"));
        System.out.println(Json.text(Pckh.evaluate(PckhCase.read(caseFile), v)));
        return 0;
    }
}
