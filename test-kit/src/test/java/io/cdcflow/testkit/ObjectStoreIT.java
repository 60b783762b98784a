package io.cdcflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObjectStoreIT {

    @Test
    void putListGet() throws Exception {
        TestObjectStore.createBucket("kit-bucket");
        TestObjectStore.createBucket("kit-bucket"); // idempotent
        MinioClient client = TestObjectStore.client();
        for (String key : new String[] {"orders/2024/01/a.json", "orders/b.json", "items/c.json"}) {
            byte[] data = key.getBytes(StandardCharsets.UTF_8);
            client.putObject(PutObjectArgs.builder().bucket("kit-bucket").object(key)
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());
        }
        assertThat(TestObjectStore.list("kit-bucket", "orders/"))
                .containsExactly("orders/2024/01/a.json", "orders/b.json");
        assertThat(TestObjectStore.list("kit-bucket", ""))
                .containsExactly("items/c.json", "orders/2024/01/a.json", "orders/b.json");
        assertThat(TestObjectStore.get("kit-bucket", "orders/b.json"))
                .asString(StandardCharsets.UTF_8).isEqualTo("orders/b.json");
        assertThatThrownBy(() -> TestObjectStore.get("kit-bucket", "nope"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(TestObjectStore.endpoint()).startsWith("http://127.0.0.1:");
    }

    @Test
    // MinioClient.close() declares Exception, which javac's try lint flags in try-with-resources
    @SuppressWarnings("try")
    void ownClient() throws Exception {
        TestObjectStore.createBucket("kit-own");
        try (MinioClient own = TestObjectStore.newClient()) {
            byte[] data = {1, 2, 3};
            own.putObject(PutObjectArgs.builder().bucket("kit-own").object("x/y.bin")
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());
        }
        assertThat(TestObjectStore.list("kit-own", "x/")).containsExactly("x/y.bin");
        assertThat(TestObjectStore.get("kit-own", "x/y.bin")).containsExactly(1, 2, 3);
    }
}
