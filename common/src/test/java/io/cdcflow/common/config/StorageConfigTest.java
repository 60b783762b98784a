package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.withSection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageConfigTest {
    static final String BUCKET_RULES = "must be a valid S3 bucket name: 3 to 63 characters from a-z, 0-9, \".\" and"
            + " \"-\", starting and ending with a letter or digit, without \"..\", not an IP address";

    private static StorageConfig storage(String body) {
        return Configs.parse(withSection("storage", body)).storage();
    }

    @Test
    void isEmbeddedWithDefaultsWhenAbsent() {
        StorageConfig storage = Configs.parse(Configs.withTable(Configs.HASH_TABLE)).storage();

        assertThat(storage).isEqualTo(new StorageConfig(true, null, "minioadmin", Secret.of("minioadmin"), false,
                "cdc-state", null, SnapshotFormat.JSON, Path.of("./cdc-data")));
    }

    @Test
    void isEmbeddedWhenEndpointSaysSo() {
        StorageConfig storage = storage("{'endpoint': 'embedded', 'access_key': 'me', 'data_dir': '/var/cdc'}");

        assertThat(storage.embedded()).isTrue();
        assertThat(storage.endpointUrl()).isNull();
        assertThat(storage.accessKey()).isEqualTo("me");
        assertThat(storage.secretKey().reveal()).isEqualTo("minioadmin");
        assertThat(storage.dataDir()).isEqualTo(Path.of("/var/cdc"));
    }

    @Test
    void turnsHostAndPortIntoAnHttpsUrlWhenSecure() {
        StorageConfig storage = storage("{'endpoint': 's3.example.com:443', 'secure': true, 'access_key': 'a',"
                + " 'secret_key': 'b', 'region': 'eu-west-1', 'bucket': 'my.bucket-1', 'format': 'jsonl'}");

        assertThat(storage.embedded()).isFalse();
        assertThat(storage.endpointUrl()).isEqualTo("https://s3.example.com:443");
        assertThat(storage.secure()).isTrue();
        assertThat(storage.region()).isEqualTo("eu-west-1");
        assertThat(storage.bucket()).isEqualTo("my.bucket-1");
        assertThat(storage.format()).isEqualTo(SnapshotFormat.JSONL);
    }

    @Test
    void acceptsAFullUrlAndTakesSecureFromItsScheme() {
        StorageConfig storage = storage("{'endpoint': 'https://minio:9000/', 'access_key': 'a', 'secret_key': 'b'}");

        assertThat(storage.endpointUrl()).isEqualTo("https://minio:9000");
        assertThat(storage.secure()).isTrue();
    }

    @Test
    void rejectsSecureContradictingTheScheme() {
        assertThat(errors(withSection("storage",
                "{'endpoint': 'http://minio:9000', 'secure': true, 'access_key': 'a', 'secret_key': 'b'}")))
                .containsExactly(error("$.storage.secure", "contradicts the endpoint's http scheme (was true)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://minio:9000", "minio:99999", "http://minio:9000/path", "user@minio", ""})
    void rejectsBadEndpoints(String endpoint) {
        assertThat(errors(withSection("storage",
                "{'endpoint': '" + endpoint + "', 'access_key': 'a', 'secret_key': 'b'}")))
                .containsExactly(error("$.storage.endpoint",
                        "must be \"embedded\", host:port or http(s)://host:port (was \"" + endpoint + "\")"));
    }

    @Test
    void requiresCredentialsForAnExternalEndpoint() {
        assertThat(errors(withSection("storage", "{'endpoint': 'minio:9000'}"))).containsExactly(
                error("$.storage.access_key", "is required when the endpoint is not embedded"),
                error("$.storage.secret_key", "is required when the endpoint is not embedded"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Upper", "under_score", "-start", "end-", "two..dots", "192.168.1.1",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsInvalidBucketNames(String bucket) {
        assertThat(errors(withSection("storage", "{'bucket': '" + bucket + "'}")))
                .containsExactly(error("$.storage.bucket", BUCKET_RULES + " (was \"" + bucket + "\")"));
    }

    @Test
    void rejectsAnEmptyRegionAndDataDir() {
        assertThat(errors(withSection("storage", "{'region': '', 'data_dir': ' '}"))).containsExactly(
                error("$.storage.data_dir", "must not be empty"),
                error("$.storage.region", "must not be empty"));
    }

    @Test
    void keepsThreeCheckpointsUnlessConfigured() {
        assertThat(storage("{}").checkpointsKept()).isEqualTo(3);
        assertThat(storage("{'checkpoints_kept': '0'}").checkpointsKept()).isZero();
        assertThat(storage("{'checkpoints_kept': 10}").checkpointsKept()).isEqualTo(10);
        assertThat(errors(withSection("storage", "{'checkpoints_kept': -1}"))).containsExactly(
                error("$.storage.checkpoints_kept", "must be between 0 and 1000 (was -1)"));
    }

    @Test
    void rejectsAnInvalidDataDir() {
        assertThat(errors(withSection("storage", "{'data_dir': 'a\\u0000b'}"))).containsExactly(
                error("$.storage.data_dir", "is not a valid path (Nul character not allowed)"));
    }

    @Test
    void neverShowsTheSecretKey() {
        StorageConfig storage = storage("{'endpoint': 'minio:9000', 'access_key': 'a', 'secret_key': 'hidden'}");

        assertThat(storage.toString()).doesNotContain("hidden");
    }
}
