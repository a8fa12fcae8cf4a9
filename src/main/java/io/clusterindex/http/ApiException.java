package io.clusterindex.http;

/** A request that ends in the error envelope of api.md with this type (and its status), message and details. */
final class ApiException extends RuntimeException {
    /** What the client is told to wait before trying again ({@code Retry-After}, seconds); 0: nothing. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ErrorType type;
    private final transient Object details;
    private final int retryAfter;

    /** A 503 carries {@code Retry-After}; no other status does. */
    ApiException(ErrorType type, String message, Object details) {
        this(type, message, details, type == ErrorType.SERVICE_UNAVAILABLE ? RETRY_AFTER_SECONDS : 0);
    }

    private ApiException(ErrorType type, String message, Object details, int retryAfter) {
        super(message, null, false, false);
        this.type = type;
        this.details = details;
        this.retryAfter = retryAfter;
    }

    /** A 429 for a request refused for load, which may be tried again after {@link #RETRY_AFTER_SECONDS}. */
    static ApiException tooManyRequests(String message) {
        return new ApiException(ErrorType.TOO_MANY_REQUESTS, message, null, RETRY_AFTER_SECONDS);
    }

    static ApiException badRequest(String message) {
        return new ApiException(ErrorType.BAD_REQUEST, message, null);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(ErrorType.UNAUTHORIZED, message, null);
    }

    static ApiException notFound(String message) {
        return new ApiException(ErrorType.NOT_FOUND, message, null);
    }

    static ApiException unavailable(String message) {
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE, message, null);
    }

    int status() {
        return type.status();
    }

    /** Seconds of {@code Retry-After}; 0 when the answer does not carry it. */
    int retryAfter() {
        return retryAfter;
    }

    ErrorType type() {
        return type;
    }

    /** A record Jackson writes as {@code error.details}; null: an empty object. */
    Object details() {
        return details;
    }

    ErrorEnvelope envelope() {
        return ErrorEnvelope.of(status(), type, getMessage(), details);
    }
}
