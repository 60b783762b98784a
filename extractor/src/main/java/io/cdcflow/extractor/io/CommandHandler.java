package io.cdcflow.extractor.io;

import io.cdcflow.common.core.InvalidCommandException;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.CommandRecord;
import io.cdcflow.extractor.core.CommandResolver;
import io.cdcflow.extractor.core.RunRequest;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Deals with one command record: a malformed command, or one naming an unknown table, is
 * dead-lettered; a valid one is run. Either way the command's offset commits in the same Kafka
 * transaction as the command's last output. Not thread-safe.
 */
public final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
    /** Key of the FAILED event of a command whose table is not known. */
    static final String UNKNOWN_TABLE_KEY = "unknown";

    private final CommandResolver resolver;
    private final RunExecutor runs;
    private final DeadLetters deadLetters;
    private final ExtractorMetrics metrics;

    public CommandHandler(CommandResolver resolver, RunExecutor runs, DeadLetters deadLetters) {
        this(resolver, runs, deadLetters, ExtractorMetrics.NONE);
    }

    /** Like the other constructor, counting rejected commands in {@code metrics}. */
    public CommandHandler(CommandResolver resolver, RunExecutor runs, DeadLetters deadLetters,
                          ExtractorMetrics metrics) {
        this.metrics = metrics;
        this.resolver = resolver;
        this.runs = runs;
        this.deadLetters = deadLetters;
    }

    /**
     * Handles a command record.
     *
     * @throws Cancellation.CancelledException if cancelled before the offset was committed
     * @throws org.apache.kafka.common.KafkaException if publishing failed; the offset is not committed
     */
    public void handle(ConsumerRecord<byte[], byte[]> record, CommandOffset offset, Cancellation cancellation) {
        CommandRecord where = new CommandRecord(record.topic(), record.partition(), record.offset(), record.timestamp());
        RunCommand command = null;
        RunRequest request;
        try {
            command = RunCommand.parse(record.value());
            request = resolver.resolve(command, where);
        } catch (InvalidCommandException e) {
            reject(record, where, command, e.getMessage(), offset);
            return;
        }
        MDC.put("datasource", request.table().datasource());
        MDC.put("table", request.table().name());
        MDC.put("run_id", request.runId());
        try {
            LOG.info("Command {} asks for run {} of {}", where, request.runId(), request.tableId());
            runs.execute(request, offset, cancellation);
        } finally {
            MDC.remove("datasource");
            MDC.remove("table");
            MDC.remove("run_id");
        }
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, CommandRecord where, RunCommand command, String reason,
                        CommandOffset offset) {
        String table = command == null ? null : command.table();
        String datasource = command == null ? null : command.datasource();
        String key = table == null ? UNKNOWN_TABLE_KEY : table;
        String runId = command != null && command.runId() != null
                ? command.runId()
                : key + "-" + where.partition() + "-" + where.offset();
        LOG.warn("Command {} rejected to the dead-letter topic: {}", where, reason);
        RunEvent failed = RunEvent.of(runId, datasource, table, RunEvent.State.FAILED, Instant.now(), null)
                .withError(reason);
        deadLetters.deadLetter(record, reason, key, failed, offset);
        metrics.commandRejected();
    }
}
