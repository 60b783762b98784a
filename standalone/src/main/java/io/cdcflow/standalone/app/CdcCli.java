package io.cdcflow.standalone.app;

import io.cdcflow.common.io.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdc} command line. */
@Command(name = "cdc", mixinStandardHelpOptions = true, version = "cdc 0.1.0",
        description = "Query-based change data capture on Kafka.",
        subcommands = {RunCycleCommand.class, DemoCommand.class, ValidateCommand.class})
public final class CdcCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure("WARN", "ERROR");
        System.exit(new CommandLine(new CdcCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
