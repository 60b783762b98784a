package io.cdcflow.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.Secret;
import io.cdcflow.testkit.TestObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared object store adapter against the embedded S3-compatible store. */
class ObjectStoreIT {

    private ObjectStore store;

    @TempDir
    Path dir;

    @BeforeEach
    void connect() {
        store = ObjectStore.connect(new ObjectStoreSettings(TestObjectStore.endpoint(), TestObjectStore.accessKey(),
                Secret.of(TestObjectStore.secretKey()), "common-object-store-it", null));
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
        assertThat(store.entries("a/")).containsExactly(new ObjectStore.Entry("a/b/one.json", 7),
                new ObjectStore.Entry("a/two.json", 0));
    }

    @Test
    void openStreamsAnObjectAndRemoveDeletesIt() throws IOException {
        store.put("c/stream.txt", "streamed".getBytes(StandardCharsets.UTF_8), "text/plain");
        try (InputStream in = store.open("c/stream.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("streamed");
        }
        Path copy = dir.resolve("copy.txt");
        assertThat(store.download("c/stream.txt", copy)).isTrue();
        assertThat(Files.readString(copy)).isEqualTo("streamed");

        store.remove("c/stream.txt");
        store.remove("c/stream.txt");

        assertThat(store.exists("c/stream.txt")).isFalse();
        assertThat(store.download("c/stream.txt", copy)).isFalse();
        assertThatThrownBy(() -> store.open("c/stream.txt")).isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("get c/stream.txt failed: ")
                .satisfies(e -> assertThat(((ObjectStoreException) e).permanent()).isTrue());
    }

    @Test
    void aMissingBucketIsReportedByTheReadinessCheck() {
        try (ObjectStore other = ObjectStore.connect(new ObjectStoreSettings(TestObjectStore.endpoint(),
                TestObjectStore.accessKey(), Secret.of(TestObjectStore.secretKey()), "common-no-such-bucket", null))) {
            assertThatThrownBy(other::checkBucket).isInstanceOf(IllegalStateException.class)
                    .hasMessage("bucket common-no-such-bucket does not exist");
        }
        store.checkBucket();
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
                    .satisfies(e -> assertThat(((ObjectStoreException) e).permanent()).isFalse())
                    .message().startsWith("get k failed: ").doesNotContain("very-secret");
        }
    }
}
