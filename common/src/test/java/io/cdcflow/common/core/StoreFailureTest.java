package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.StoreFailure.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StoreFailureTest {

    @ParameterizedTest(name = "HTTP {0} {1}: retriable {2}")
    @CsvSource(nullValues = "-", value = {
        // no response at all: connection refused or reset, timeouts
        "0, -, true",
        // server side and throttling
        "500, InternalError, true",
        "503, SlowDown, true",
        "503, ServiceUnavailable, true",
        "400, RequestTimeout, true",
        "409, OperationAborted, true",
        "503, XMinioServerNotInitialized, true",
        "500, -, true",
        "502, -, true",
        "504, -, true",
        "408, -, true",
        "429, -, true",
        // permanent: credentials, permissions, bucket, names, bad requests
        "403, AccessDenied, false",
        "403, InvalidAccessKeyId, false",
        "403, SignatureDoesNotMatch, false",
        "404, NoSuchBucket, false",
        "400, InvalidObjectName, false",
        "400, XMinioInvalidObjectName, false",
        "400, InvalidBucketName, false",
        "400, KeyTooLongError, false",
        "400, InvalidArgument, false",
        "403, RequestTimeTooSkewed, false",
        "400, -, false",
        "403, -, false",
        "404, -, false",
        "405, -, false",
        "411, -, false",
        // an unknown code falls back to the status
        "403, SomethingNew, false",
        "503, SomethingNew, true",
        // the code decides even with an unusual status
        "200, AccessDenied, false",
        "403, slowdown, true",
    })
    void classifiesResponses(int status, String code, boolean retriable) {
        assertThat(new StoreFailure(status, code, Kind.RESPONSE).retriable()).isEqualTo(retriable);
    }

    @Test
    void failuresWithoutAResponseAreRetriable() {
        assertThat(StoreFailure.io().retriable()).isTrue();
        assertThat(new StoreFailure(0, null, Kind.OTHER).retriable()).isTrue();
    }

    @Test
    void describesStatusAndCode() {
        assertThat(new StoreFailure(403, "InvalidAccessKeyId", Kind.RESPONSE).describe())
                .isEqualTo("HTTP 403 InvalidAccessKeyId");
        assertThat(new StoreFailure(400, null, Kind.RESPONSE).describe()).isEqualTo("HTTP 400");
        assertThat(new StoreFailure(0, "NoSuchBucket", Kind.RESPONSE).describe()).isEqualTo("NoSuchBucket");
        assertThat(StoreFailure.io().describe()).isEqualTo("io");
    }

    @Test
    void needsAKind() {
        assertThatThrownBy(() -> new StoreFailure(500, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
