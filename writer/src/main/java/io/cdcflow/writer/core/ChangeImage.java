package io.cdcflow.writer.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Operation;
import java.util.Objects;

/**
 * The row a change contributes to a snapshot file: the new image for added and modified rows; for
 * deleted rows the last known image, or only the primary key when the differ kept no image.
 *
 * @param operation the change's operation
 * @param row the row as a JSON object of column name to value
 */
public record ChangeImage(Operation operation, JsonNode row) {
    public ChangeImage {
        Objects.requireNonNull(operation, "operation");
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException("a " + operation.category() + " change needs a row object");
        }
    }

    /**
     * The image of a CHANGE feed message.
     *
     * @throws IllegalArgumentException if the message is not a change, its operation is unknown, or
     *     it lacks the row its operation needs
     */
    public static ChangeImage of(FeedMessage message) {
        ChangeEvent change = message.change();
        if (!message.isChange() || change == null) {
            throw new IllegalArgumentException("not a change message: " + message.type());
        }
        Operation operation = change.operation();
        JsonNode row = switch (operation) {
            case ADDED, MODIFIED -> change.after();
            case DELETED -> isAbsent(change.before()) ? message.key() : change.before();
        };
        return new ChangeImage(operation, row);
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
