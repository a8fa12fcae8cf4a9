package io.clusterindex.request;

import java.util.List;

/**
 * One broken rule of a list request, as it appears in {@code error.details.validation_errors}.
 *
 * @param location path to the offending part: {@code "body"} or {@code "query"}, then object keys (strings) and
 *                 list indexes (integers), e.g. {@code ["body","filters","AND",2,"operator"]}
 * @param message  human-readable explanation
 * @param type     a stable code from {@link ErrorTypes}
 */
public record ValidationError(List<Object> location, String message, String type) {
    public ValidationError {
        location = List.copyOf(location);
    }
}
