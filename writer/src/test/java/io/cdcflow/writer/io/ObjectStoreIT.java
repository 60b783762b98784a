package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.Secret;
import io.cdcflow.testkit.TestObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreIT {

    private ObjectStore store;

    @TempDir
    Path dir;

    @BeforeEach
    void connect() {
        store = ObjectStore.connect(new ObjectStoreSettings(TestObjectStore.endpoint(), TestObjectStore.accessKey(),
                Secret.of(TestObjectStore.secretKey()), "writer-object-store-it", null));
        store.ensureBucket();
        store.ensureBucket();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putGetStatAndList() {
        store.put("a/b/one.json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
        store.put("a/two.json", new byte[0], "application/json");

        assertThat(store.get("a/b/one.json")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}"));
        assertThat(store.get("a/missing.json")).isEmpty();
        assertThat(store.size("a/two.json")).contains(0L);
        assertThat(store.exists("a/b/one.json")).isTrue();
        assertThat(store.exists("a/b/none.json")).isFalse();
        assertThat(store.list("a/")).containsExactly("a/b/one.json", "a/two.json");
    }

    @Test
    void largeFilesAreUploadedInParts() throws IOException {
        Path file = dir.resolve("large.bin");
        byte[] chunk = new byte[1024 * 1024];
        new Random(42).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 20; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
            }
        }
        assertThat(Files.size(file)).isGreaterThan(ObjectStore.PART_SIZE);

        store.upload("large/large.bin", file, "application/octet-stream");

        assertThat(store.size("large/large.bin")).contains(Files.size(file));
        assertThat(TestObjectStore.get(store.bucket(), "large/large.bin")).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void anUnreachableStoreFailsWithoutShowingTheSecret() {
        try (ObjectStore unreachable = ObjectStore.connect(new ObjectStoreSettings("http://127.0.0.1:1", "ak",
                Secret.of("very-secret"), "bucket-x", null))) {
            assertThatThrownBy(() -> unreachable.get("k"))
                    .isInstanceOf(ObjectStoreException.class)
                    .message().doesNotContain("very-secret");
        }
    }
}
