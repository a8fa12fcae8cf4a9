package io.clusterindex.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A request that ends in the error envelope of api.md with this status, type, message and optional details. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final transient JsonNode details;

    ApiException(int status, String type, String message, JsonNode details) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.details = details;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestError", message, null);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "UnauthorizedError", message, null);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFoundError", message, null);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailableError", message, null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    JsonNode details() {
        return details;
    }
}
