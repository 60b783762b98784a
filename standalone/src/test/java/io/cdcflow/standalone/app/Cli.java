package io.cdcflow.standalone.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code cdc} command line in this JVM and captures its output. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CdcCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }
}
