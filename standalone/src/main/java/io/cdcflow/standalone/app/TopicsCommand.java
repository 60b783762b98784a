package io.cdcflow.standalone.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc topics create --config FILE}. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage the pipeline's topics.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create");
    }

    /**
     * Creates the topics the config needs on its cluster; existing topics are left as they are (their
     * partition count in particular).
     */
    @Command(name = "create", mixinStandardHelpOptions = true, description = {
        "Create the pipeline's topics on the config's Kafka cluster (commands, rows, run events, writer "
            + "feed, schemas, dead letters, one change topic per table). Existing topics are left as they "
            + "are. Prints each topic as created or existing."})
    static final class Create implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "config.json")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterConfig cluster = ClusterConfig.load(config, "topics create");
            Map<String, Boolean> topics;
            try {
                topics = Pipeline.createTopics(cluster.config());
            } catch (KafkaException | IllegalStateException e) {
                throw new CliException(CliException.FAILED, "Kafka at " + cluster.bootstrapServers() + ": "
                        + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            long created = topics.values().stream().filter(c -> c).count();
            topics.forEach((name, isNew) -> out.println((isNew ? "created   " : "existing  ") + name));
            out.println(created + " created, " + (topics.size() - created) + " existing on "
                    + cluster.bootstrapServers());
            out.flush();
            return 0;
        }
    }
}
