package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc validate --config FILE}: checks a config and lists every problem. */
@Command(name = "validate", description = "Check a config file and report every problem with its JSON path.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Override
    public Integer call() {
        try {
            CdcConfig parsed = CdcConfig.load(config);
            System.out.println(config + " is valid: " + parsed.tables().size() + " table(s), "
                    + parsed.datasources().size() + " datasource(s)");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
