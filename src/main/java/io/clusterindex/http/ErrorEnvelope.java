package io.clusterindex.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.json.Json;

/** {@code {"success": false, "status": 422, "error": {"type", "message", "details"}}}, the one error shape. */
final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    static ObjectNode of(int status, String type, String message, JsonNode details) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("success", false);
        root.put("status", status);
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("message", message);
        error.set("details", details == null ? Json.NODES.objectNode() : details);
        return root;
    }

    /** The {@code error.type} for a status that Javalin or Jetty produced on its own. */
    static String typeOf(int status) {
        return switch (status) {
            case 400 -> "BadRequestError";
            case 401 -> "UnauthorizedError";
            case 404 -> "NotFoundError";
            case 405 -> "MethodNotAllowedError";
            case 413 -> "PayloadTooLargeError";
            case 415 -> "UnsupportedMediaTypeError";
            case 422 -> "ValidationError";
            case 503 -> "ServiceUnavailableError";
            default -> status >= 500 ? "InternalServerError" : "HttpError";
        };
    }
}
