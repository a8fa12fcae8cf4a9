package io.clusterindex.http;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code error.type} of the error envelope, with the status each belongs to (api.md's table). */
public enum ErrorType {
    BAD_REQUEST(400, "BadRequestError"),
    UNAUTHORIZED(401, "UnauthorizedError"),
    NOT_FOUND(404, "NotFoundError"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowedError"),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLargeError"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaTypeError"),
    VALIDATION(422, "ValidationError"),
    TOO_MANY_REQUESTS(429, "TooManyRequestsError"),
    /** The request line and headers together are over {@link HttpLimits#maxHeaderBytes()}: Jetty answers it. */
    HEADERS_TOO_LARGE(431, "RequestHeaderFieldsTooLargeError"),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailableError"),
    INTERNAL(500, "InternalServerError"),
    /** Any other client error that Javalin or Jetty answers on its own. */
    OTHER(0, "HttpError");

    private final int status;
    private final String wire;

    ErrorType(int status, String wire) {
        this.status = status;
        this.wire = wire;
    }

    public int status() {
        return status;
    }

    /** As written in {@code error.type}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The type for a status that Javalin or Jetty produced on its own. */
    public static ErrorType of(int status) {
        for (ErrorType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : OTHER;
    }
}
