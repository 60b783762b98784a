package io.cdcflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// MinioClient.close() declares Exception, which javac's try lint flags in try-with-resources
@SuppressWarnings("try")
class EmbeddedObjectStoreIT {

    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-key";
    private static final String BUCKET = "cdc-bucket";

    @TempDir
    Path dir;

    @Test
    void putGetListStatRemoveAndMultipart() throws Exception {
        byte[] big = new byte[12 * 1024 * 1024 + 123];
        new Random(42).nextBytes(big);
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dir, ACCESS, SECRET);
                MinioClient client = client(store, SECRET)) {
            assertThat(store.endpoint()).isEqualTo("http://127.0.0.1:" + store.port());

            client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())).isTrue();

            put(client, "t1/2024/a.txt", "hello".getBytes(StandardCharsets.UTF_8), -1);
            put(client, "t1/2024/b.txt", "world".getBytes(StandardCharsets.UTF_8), -1);
            put(client, "t2/c.txt", "other".getBytes(StandardCharsets.UTF_8), -1);
            // 5 MB parts: the client uploads this in three parts
            put(client, "t1/big.bin", big, 5 * 1024 * 1024);

            assertThat(get(client, "t1/2024/a.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(get(client, "t1/big.bin")).isEqualTo(big);

            StatObjectResponse stat = client.statObject(
                    StatObjectArgs.builder().bucket(BUCKET).object("t1/big.bin").build());
            assertThat(stat.size()).isEqualTo(big.length);

            // listings are S3-like: sorted keys, no entries for the directories on disk
            assertThat(keys(client, "t1/", true))
                    .containsExactly("t1/2024/a.txt", "t1/2024/b.txt", "t1/big.bin");
            assertThat(keys(client, "t", true))
                    .containsExactly("t1/2024/a.txt", "t1/2024/b.txt", "t1/big.bin", "t2/c.txt");
            assertThat(keys(client, "t1/", false)).containsExactlyInAnyOrder("t1/2024/", "t1/big.bin");

            client.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object("t1/2024/a.txt").build());
            assertThatThrownBy(() -> get(client, "t1/2024/a.txt"))
                    .isInstanceOf(ErrorResponseException.class)
                    .hasMessageContaining("does not exist");
        }

        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dir, ACCESS, SECRET);
                MinioClient client = client(store, SECRET)) {
            assertThat(get(client, "t1/2024/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("world");
            assertThat(get(client, "t1/big.bin")).isEqualTo(big);
            assertThat(keys(client, "", true)).containsExactly("t1/2024/b.txt", "t1/big.bin", "t2/c.txt");
        }
    }

    @Test
    void worksOnARelativeDataDirWithDotSegments() throws Exception {
        // the default data_dir is "./cdc-data": s3proxy refused every key under an unnormalised path
        Path relative = Path.of("").toAbsolutePath().relativize(dir).resolve(".").resolve("objects");
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(relative, ACCESS, SECRET);
                MinioClient client = client(store, SECRET)) {
            client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
            put(client, "a/b.txt", "x".getBytes(StandardCharsets.UTF_8), -1);
            assertThat(get(client, "a/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("x");
            assertThatThrownBy(() -> get(client, "a/missing.txt"))
                    .isInstanceOf(ErrorResponseException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void rejectsWrongSecret() throws Exception {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dir, ACCESS, SECRET);
                MinioClient client = client(store, "wrong-secret")) {
            assertThatThrownBy(() -> client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build()))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }

    private static MinioClient client(EmbeddedObjectStore store, String secret) {
        return MinioClient.builder().endpoint(store.endpoint()).credentials(store.accessKey(), secret).build();
    }

    private static void put(MinioClient client, String key, byte[] data, long partSize) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(data), data.length, partSize).build());
    }

    private static byte[] get(MinioClient client, String key) throws Exception {
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static List<String> keys(MinioClient client, String prefix, boolean recursive) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : client.listObjects(
                ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix).recursive(recursive).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }
}
