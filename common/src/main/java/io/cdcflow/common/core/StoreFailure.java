package io.cdcflow.common.core;

import java.util.Locale;
import java.util.Set;

/**
 * What is known about a failed object store request, extracted from the client's exception chain: the
 * HTTP status (0 when no response came), the S3 error code (null when the response had none) and the
 * kind of failure. {@link #retriable()} decides whether retrying can help. Pure: no client types.
 *
 * @param httpStatus the response's HTTP status, or 0 if there was no response
 * @param errorCode the S3 error code ({@code AccessDenied}, {@code SlowDown}, ...), or null
 * @param kind how the request failed
 */
public record StoreFailure(int httpStatus, String errorCode, Kind kind) {

    /** How the request failed. */
    public enum Kind {
        /** No usable response: connection refused or reset, timeout, local or network I/O error. */
        IO,
        /** The store answered with an error (status and maybe code known). */
        RESPONSE,
        /** Anything else (client-side problem of unknown nature). */
        OTHER
    }

    /** Error codes that go away by themselves: the store is overloaded, restarting or slow. */
    private static final Set<String> RETRIABLE_CODES = Set.of("slowdown", "serviceunavailable", "internalerror",
            "requesttimeout", "operationaborted", "throttling", "throttlingexception",
            "requestlimitexceeded", "toomanyrequests", "xminioservernotinitialized", "xminioserverbusy");

    /** Error codes that need an operator: credentials, permissions, bucket, invalid names or requests. */
    private static final Set<String> PERMANENT_CODES = Set.of("accessdenied", "invalidaccesskeyid",
            "signaturedoesnotmatch", "nosuchbucket", "invalidobjectname", "xminioinvalidobjectname",
            "invalidbucketname", "keytoolongerror", "invalidargument", "invalidrequest", "accountproblem",
            "allaccessdisabled", "expiredtoken", "invalidtoken", "invalidsecurity", "notimplemented",
            "methodnotallowed", "requesttimetooskewed", "bucketalreadyownedbyanotheruser", "bucketalreadyexists");

    public StoreFailure {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
    }

    /** A failure without any response (I/O). */
    public static StoreFailure io() {
        return new StoreFailure(0, null, Kind.IO);
    }

    /**
     * Whether retrying the request can succeed without anybody changing anything. A known error code
     * decides first; then the status: 408, 429 and 5xx are retriable, other 4xx are not; failures
     * without a response (I/O) are retriable, and so are failures nothing is known about (as before
     * the classification: retrying something unknown is safer than failing a run).
     */
    public boolean retriable() {
        if (errorCode != null) {
            String code = errorCode.toLowerCase(Locale.ROOT);
            if (RETRIABLE_CODES.contains(code)) {
                return true;
            }
            if (PERMANENT_CODES.contains(code)) {
                return false;
            }
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            return httpStatus == 408 || httpStatus == 429;
        }
        return true;
    }

    /** A short description for logs and run events: status and code when known. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (httpStatus > 0) {
            text.append("HTTP ").append(httpStatus);
        }
        if (errorCode != null) {
            text.append(text.length() > 0 ? " " : "").append(errorCode);
        }
        return text.length() > 0 ? text.toString() : kind.name().toLowerCase(Locale.ROOT);
    }
}
