package io.robustpose.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code robustpose} command. Results go to stdout; logs and progress to stderr. */
// scope INHERIT: every subcommand (and bench's) answers --help / -h and --version itself
@Command(name = "robustpose", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "robustpose 0.1.0",
        description = "Robustness benchmarks (COCO-C, MPII-C, OCHuman-C) and AdvMix training for pose estimators.",
        subcommands = {DemoCommand.class, BrokerCommand.class, CorruptCommand.class, CorruptDatasetCommand.class,
                CocoEvalCommand.class, PckhCommand.class, EvaluateCommand.class, TrainCommand.class, TraceStepsCommand.class, ReplicateCommand.class, StylizeCommand.class, RobustnessCommand.class, BenchCommand.class, SubmitCommand.class, StatusCommand.class, ListCommand.class,
                CancelCommand.class, ReportCommand.class, SynthesizeCommand.class, DoctorCommand.class, ValidateCommand.class, ImportWeightsCommand.class, WaitCommand.class, CommandLine.HelpCommand.class})
public final class RobustposeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new RobustposeCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("robustpose " + cmd.getCommandName() + ": " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
