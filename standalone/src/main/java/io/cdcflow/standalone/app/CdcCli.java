package io.cdcflow.standalone.app;

import io.cdcflow.common.io.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdc} command line. */
@Command(name = "cdc", mixinStandardHelpOptions = true, version = "cdc 0.1.0",
        description = "Query-based change data capture on Kafka.",
        subcommands = {RunCycleCommand.class, DemoCommand.class, ValidateCommand.class, TriggerCommand.class,
            StatusCommand.class, TopicsCommand.class, SnapshotsCommand.class, RestoreCommand.class})
public final class CdcCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure("WARN", "ERROR");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a {@link CliException} prints {@code cdc: message} on
     * stderr and exits with its code; other exceptions keep picocli's default (stack trace, exit 1).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new CdcCli()).setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            if (exception instanceof CliException failure) {
                commandLine.getErr().println("cdc: " + failure.getMessage());
                commandLine.getErr().flush();
                return failure.exitCode();
            }
            throw exception;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
