package io.robustpose.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code robustpose} command. Results go to stdout; logs and progress to stderr. */
// scope INHERIT: every subcommand (and bench's) answers --help / -h and --version itself
@Command(name = "robustpose", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "robustpose 0.1.0",
        description = "Robustness benchmarks (COCO-C, MPII-C, OCHuman-C) and AdvMix training for pose estimators.")
public final class RobustposeCli implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, BrokerCommand.class, CorruptCommand.class,
            CorruptDatasetCommand.class, CocoEvalCommand.class, PckhCommand.class, EvaluateCommand.class, TrainCommand.class,
            TraceStepsCommand.class, ReplicateCommand.class, StylizeCommand.class, RobustnessCommand.class, BenchCommand.class,
            SubmitCommand.class, StatusCommand.class, ListCommand.class, CancelCommand.class, ReportCommand.class,
            SynthesizeCommand.class, DoctorCommand.class, ValidateCommand.class, ImportWeightsCommand.class, WaitCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        // Only the command being run is built: picocli's models of all 24 commands took ~0.2 s of every start
        // (`coco-eval` is timed as a whole process against pycocotools). Usage, `help` and unknown names get them all.
        CommandLine cl = commandLine(args.length == 0 ? null : command(args[0]));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("robustpose " + cmd.getCommandName() + ": " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    /** The whole command tree. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The root command with {@code only} as its one subcommand, or with all of them if null. */
    private static CommandLine commandLine(Class<?> only) {
        CommandLine cl = new CommandLine(new RobustposeCli());
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** The subcommand class named (or aliased) by {@code name}, or null; `help` lists them all, so it is null too. */
    static Class<?> command(String name) {
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && (a.name().equals(name) || List.of(a.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
