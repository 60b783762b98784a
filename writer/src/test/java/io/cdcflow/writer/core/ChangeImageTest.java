package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import org.junit.jupiter.api.Test;

class ChangeImageTest {

    @Test
    void addedAndModifiedRowsUseTheNewImage() {
        assertThat(ChangeImage.of(change("c", null, "{\"id\":1,\"name\":\"a\"}", "{\"id\":1}")))
                .isEqualTo(new ChangeImage(Operation.ADDED, json("{\"id\":1,\"name\":\"a\"}")));
        assertThat(ChangeImage.of(change("u", "{\"id\":1,\"name\":\"a\"}", "{\"id\":1,\"name\":\"b\"}", "{\"id\":1}")))
                .isEqualTo(new ChangeImage(Operation.MODIFIED, json("{\"id\":1,\"name\":\"b\"}")));
    }

    @Test
    void deletedRowsUseTheLastImageOrElseTheKey() {
        assertThat(ChangeImage.of(change("d", "{\"id\":1,\"name\":\"a\"}", null, "{\"id\":1}")))
                .isEqualTo(new ChangeImage(Operation.DELETED, json("{\"id\":1,\"name\":\"a\"}")));
        assertThat(ChangeImage.of(change("d", null, null, "{\"id\":2}")))
                .isEqualTo(new ChangeImage(Operation.DELETED, json("{\"id\":2}")));
    }

    @Test
    void aChangeWithoutItsRowIsRejected() {
        assertThatThrownBy(() -> ChangeImage.of(change("c", null, null, "{\"id\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeImage.of(change("x", null, "{\"id\":1}", "{\"id\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static FeedMessage change(String op, String before, String after, String key) {
        ChangeEvent event = new ChangeEvent(op, before == null ? null : json(before), after == null ? null : json(after),
                new ChangeEvent.Source("ds", "t", "run-1", 1000L));
        return FeedMessage.change("hash", 1000L, json(key), event);
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
