package io.cdcflow.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.StoreFailure;
import io.cdcflow.common.core.StoreFailure.Kind;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What the MinIO client's exceptions are taken to mean, without a store. */
class ObjectStoreFailuresTest {

    private static ErrorResponseException s3Error(String code) {
        return new ErrorResponseException(
                new ErrorResponse(code, "message of " + code, "bucket", "key", "/bucket/key", "req", "host"), null,
                "trace");
    }

    @Test
    void errorResponsesGiveTheirCode() {
        assertThat(ObjectStore.classify(s3Error("InvalidAccessKeyId")))
                .isEqualTo(new StoreFailure(0, "InvalidAccessKeyId", Kind.RESPONSE));
        assertThat(ObjectStore.classify(s3Error("InvalidAccessKeyId")).retriable()).isFalse();
        assertThat(ObjectStore.classify(s3Error("SignatureDoesNotMatch")).retriable()).isFalse();
        assertThat(ObjectStore.classify(s3Error("AccessDenied")).retriable()).isFalse();
        assertThat(ObjectStore.classify(s3Error("NoSuchBucket")).retriable()).isFalse();
        assertThat(ObjectStore.classify(s3Error("SlowDown")).retriable()).isTrue();
        assertThat(ObjectStore.classify(s3Error("InternalError")).retriable()).isTrue();
    }

    @Test
    void nonXmlResponsesGiveTheStatusFromTheirMessage() {
        InvalidResponseException invalidKey = new InvalidResponseException(400, "text/plain", "Invalid key name", "trace");
        assertThat(ObjectStore.classify(invalidKey)).isEqualTo(new StoreFailure(400, null, Kind.RESPONSE));
        assertThat(ObjectStore.classify(invalidKey).retriable()).isFalse();
        assertThat(ObjectStore.classify(new InvalidResponseException(502, "text/html", "Bad Gateway", "trace"))
                .retriable()).isTrue();
        assertThat(ObjectStore.classify(new InvalidResponseException(429, "text/html", "", "trace"))
                .retriable()).isTrue();
    }

    @Test
    void serverErrorsGiveTheirStatus() {
        assertThat(ObjectStore.classify(new ServerException("unavailable", 503, "trace")))
                .isEqualTo(new StoreFailure(503, null, Kind.RESPONSE));
        assertThat(ObjectStore.classify(new ServerException("unavailable", 503, "trace")).retriable()).isTrue();
    }

    @Test
    void ioFailuresAreRetriable() {
        assertThat(ObjectStore.classify(new ConnectException("Connection refused"))).isEqualTo(StoreFailure.io());
        assertThat(ObjectStore.classify(new SocketTimeoutException("timeout")).retriable()).isTrue();
        assertThat(ObjectStore.classify(new SocketException("Connection reset")).retriable()).isTrue();
        assertThat(ObjectStore.classify(new UncheckedIOException(new IOException("disk")))).isEqualTo(StoreFailure.io());
    }

    @Test
    void walksTheCauseChain() {
        assertThat(ObjectStore.classify(new ExecutionException("wrapped", new RuntimeException("wrapped", s3Error("AccessDenied")))))
                .isEqualTo(new StoreFailure(0, "AccessDenied", Kind.RESPONSE));
        assertThat(ObjectStore.classify(new ExecutionException(new ConnectException("refused"))))
                .isEqualTo(StoreFailure.io());
    }

    @Test
    void unknownFailuresStayRetriable() {
        assertThat(ObjectStore.classify(new InsufficientDataException("short"))).isEqualTo(
                new StoreFailure(0, null, Kind.OTHER));
        assertThat(ObjectStore.classify(new IllegalStateException("?")).retriable()).isTrue();
    }
}
