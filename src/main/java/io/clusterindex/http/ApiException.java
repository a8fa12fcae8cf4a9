package io.clusterindex.http;

/** A request that ends in the error envelope of api.md with this type (and its status), message and details. */
final class ApiException extends RuntimeException {
    private final ErrorType type;
    private final transient Object details;

    ApiException(ErrorType type, String message, Object details) {
        super(message, null, false, false);
        this.type = type;
        this.details = details;
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
