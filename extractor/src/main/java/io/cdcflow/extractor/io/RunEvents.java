package io.cdcflow.extractor.io;

import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Topics;

/** Sends run lifecycle events inside the sender's current transaction. */
final class RunEvents {
    private RunEvents() {
    }

    /**
     * Sends {@code event} to the run-events topic.
     *
     * @param key {@code datasource.table}, or what identifies a bad command's table
     */
    static void send(TransactionalSender sender, Topics topics, String key, RunEvent event) {
        sender.send(topics.runEvents().name(), null, topics.runEvents().key(key), topics.runEvents().value(event));
    }
}
