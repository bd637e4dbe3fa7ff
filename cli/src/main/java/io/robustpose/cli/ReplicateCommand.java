package io.robustpose.cli;

import io.robustpose.core.replication.Protocol;
import io.robustpose.core.replication.Replication;
import io.robustpose.core.replication.ReplicationResults;
import io.robustpose.core.train.TrainingMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replicate", description = "The small-scale replication of the paper's claim (docs/results.md): a "
        + "synthetic dataset, a standard base trained to its plateau, standard vs AdvMix continued from it for every "
        + "seed, the 15 x 5 benchmark of every model, paired differences with 95 %% intervals. Resumable: run it "
        + "again in the same --out after an interruption.")
final class ReplicateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "replication directory")
    Path out;

    @Option(names = "--seeds", defaultValue = "1,2,3", description = "continuation seeds, fixed in advance (default: ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--methods", defaultValue = "standard,advmix",
            description = "compared methods, the reference first (default: ${DEFAULT-VALUE})")
    String methods;

    @Option(names = "--extra-model", description = "NAME=FILE: another model evaluated on the same grid "
            + "(e.g. the authors' code trained on the same data)")
    List<String> extraModels = new ArrayList<>();

    @Option(names = "--base-epochs", description = "override the protocol's base epochs (with --base-lr-steps)")
    Integer baseEpochs;

    @Option(names = "--base-lr-steps", description = "e.g. 40,52")
    String baseLrSteps;

    @Option(names = "--continue-epochs", description = "override the continuation epochs (with --continue-lr-steps)")
    Integer continueEpochs;

    @Option(names = "--continue-lr", description = "override the continuation learning rate")
    Double continueLr;

    @Option(names = "--continue-lr-steps", description = "e.g. 13,17 (empty: constant)")
    String continueLrSteps;

    @Option(names = "--train-images", description = "override the number of synthetic training images")
    Integer trainImages;

    @Option(names = "--severities", description = "override the benchmark severities, e.g. 3 (a cheaper grid for a "
            + "wide method comparison; default: 1,2,3,4,5)")
    String severities;

    @Option(names = "--threads", description = "data loading / evaluation threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        Protocol p = Protocol.defaults().withSeeds(Arrays.stream(seeds.split(",")).map(String::trim).map(Long::parseLong)
                .toList());
        List<TrainingMethod> ms = new ArrayList<>();
        for (String id : methods.split(",")) {
            ms.add(Options.method("--methods", id));
        }
        p = p.withMethods(ms);
        if (baseEpochs != null || continueEpochs != null || continueLr != null) {
            int be = baseEpochs != null ? baseEpochs : p.baseEpochs();
            int ce = continueEpochs != null ? continueEpochs : p.continueEpochs();
            p = p.withSchedules(be, baseLrSteps != null ? steps(baseLrSteps) : p.baseLrSteps(), ce,
                    continueLr != null ? continueLr : p.continueLr(),
                    continueLrSteps != null ? steps(continueLrSteps) : p.continueLrSteps());
        }
        if (severities != null) {
            List<Integer> sv = steps(severities);
            if (sv.isEmpty()) {
                throw new IllegalArgumentException("--severities: give at least one of 1..5");
            }
            for (int v : sv) {
                if (v < 1 || v > 5) {
                    throw new IllegalArgumentException("--severities: " + v + " out of range (allowed: 1..5)");
                }
            }
            p = p.withSeverities(sv);
        }
        if (trainImages != null) {
            p = p.withData(trainImages, p.valImages());
        }
        Map<String, Path> extra = new LinkedHashMap<>();
        for (String e : extraModels) {
            int eq = e.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--extra-model: expected NAME=FILE, got '" + e + "'");
            }
            extra.put(e.substring(0, eq), Path.of(e.substring(eq + 1)));
        }
        ReplicationResults r = new Replication(p, out, extra, threads, System.err::println).run();
        String reference = p.methods().get(0).id();
        r.paired().forEach((m, byMetric) -> byMetric.forEach((metric, d) -> System.err.printf(Locale.ROOT,
                "%s - %s %s: %+.2f [%+.2f, %+.2f]%n", m.id(), reference, metric, 100 * d.mean(),
                100 * d.low(), 100 * d.high())));
        System.out.println(out.resolve(Replication.REPORT));
        return 0;
    }

    private static List<Integer> steps(String v) {
        if (v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
